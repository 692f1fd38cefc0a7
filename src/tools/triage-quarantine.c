/* triage-quarantine - list, show, release, delete and purge quarantined mail. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "triage/triage.h"
#include "triage/qstore.h"
#include "triage/release.h"
#include "quarantine.h"

#define DEFAULT_CONFIG TRIAGE_SYSCONFDIR "/triage-milter.conf"

/* What every command needs. */
typedef struct qt {
	triage_qstore *qs;
	const char *sendmail;
} qt;

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: triage-quarantine [-c config] [-d dir] [-s sendmail-command] command ...\n"
		"  list [--since YYYY-MM-DD] [--sender PATTERN] [--category CAT] [--json]\n"
		"  show ID [--json]\n"
		"  release ID [--to ADDRESS] [--force]\n"
		"  delete ID\n"
		"  purge --older-than DAYS [--dry-run]\n"
		"  verify-release HEADER-VALUE\n");
}

/* Metadata of an entry, parsed; NULL (with a message) when unreadable. */
static json_t *
load_meta(qt *q, const char *id)
{
	if (!triage_qstore_id_valid(id)) {
		fprintf(stderr, "triage-quarantine: %s: not a quarantine id (32 hex digits)\n", id);
		return NULL;
	}
	char *text = triage_qstore_read_meta(q->qs, id);
	if (text == NULL) {
		fprintf(stderr, "triage-quarantine: %s: %s\n", id, triage_qstore_error(q->qs));
		return NULL;
	}
	json_error_t je;
	json_t *meta = json_loads(text, 0, &je);
	g_free(text);
	if (!json_is_object(meta)) {
		fprintf(stderr, "triage-quarantine: %s.json:%d: %s\n", id, je.line, je.text);
		json_decref(meta);
		return NULL;
	}
	/* The file name is the truth about the id. */
	json_object_set_new(meta, "id", json_string(id));
	return meta;
}

/* An entry's time (unix seconds) from its metadata, else its file's mtime. */
static gint64
entry_time(qt *q, const char *id, json_t *meta)
{
	GDateTime *d = meta ? g_date_time_new_from_iso8601(qt_str(meta, "time"), NULL) : NULL;
	if (d) {
		gint64 t = g_date_time_to_unix(d);
		g_date_time_unref(d);
		return t;
	}
	char *p = triage_qstore_path(q->qs, id, "json");
	struct stat st;
	gint64 t = p && stat(p, &st) == 0 ? (gint64)st.st_mtime : 0;
	g_free(p);
	return t;
}

/* list: one line (or one JSON object) per matching entry. */
static int
cmd_list(qt *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 'S' },
		{ "sender", required_argument, NULL, 'f' },
		{ "category", required_argument, NULL, 'C' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char *since = NULL, *cat = NULL;
	char *sender = NULL;
	bool as_json = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'S': since = optarg; break;
		case 'f': g_free(sender); sender = g_utf8_strdown(optarg, -1); break;
		case 'C': cat = optarg; break;
		case 'j': as_json = true; break;
		default: usage(stderr); g_free(sender); return 2;
		}
	}
	if (optind < argc || (since && !g_regex_match_simple("^\\d{4}-\\d{2}-\\d{2}$", since, 0, 0))) {
		usage(stderr);
		g_free(sender);
		return 2;
	}
	/* A pattern without wildcards matches anywhere in the sender. */
	if (sender && !strpbrk(sender, "*?")) {
		char *p = g_strconcat("*", sender, "*", NULL);
		g_free(sender);
		sender = p;
	}
	json_t *all = json_array();
	char **ids = triage_qstore_list(q->qs);
	for (size_t i = 0; ids[i]; i++) {
		json_t *meta = load_meta(q, ids[i]);
		if (meta == NULL)
			continue;
		bool ok = true;
		if (since && strcmp(qt_str(meta, "time"), since) < 0)
			ok = false;
		if (ok && sender) {
			char *f = g_utf8_strdown(qt_str(meta, "from"), -1);
			ok = g_pattern_match_simple(sender, f);
			g_free(f);
		}
		if (ok && cat) {
			char *cats = qt_categories(meta);
			char **v = g_strsplit(cats, ",", -1);
			ok = g_strv_contains((const char *const *)v, cat);
			g_strfreev(v);
			g_free(cats);
		}
		if (!ok) {
			json_decref(meta);
			continue;
		}
		if (as_json)
			json_array_append(all, meta);
		else
			qt_print_line(meta);
		json_decref(meta);
	}
	if (as_json) {
		char *s = json_dumps(all, JSON_INDENT(2));
		printf("%s\n", s);
		free(s);
	}
	json_decref(all);
	g_strfreev(ids);
	g_free(sender);
	return 0;
}

/* Print the metadata of an entry as "key: value" lines. */
static void
print_meta(json_t *meta)
{
	static const char *keys[] = { "id", "time", "queue_id", "from", "subject",
		"client_addr", "client_name", "client_helo", "direction", "action",
		"severity", "reason", NULL };
	for (size_t i = 0; keys[i]; i++) {
		char *v = g_strescape(qt_str(meta, keys[i]), "\"");
		printf("%-12s %s\n", keys[i], v);
		g_free(v);
	}
	char *rc = qt_join(json_object_get(meta, "rcpts"), ", ");
	char *rcs = g_strescape(rc, "\"");
	printf("%-12s %s\n", "rcpts", rcs);
	printf("%-12s %" JSON_INTEGER_FORMAT "\n", "size",
	       json_integer_value(json_object_get(meta, "size")));
	char *stripped = qt_join(json_object_get(meta, "stripped"), ", ");
	if (*stripped)
		printf("%-12s %s\n", "stripped", stripped);
	json_t *rel = json_object_get(meta, "released");
	if (json_is_object(rel)) {
		char *to = qt_join(json_object_get(rel, "to"), ", ");
		printf("%-12s %s to %s\n", "released", qt_str(rel, "time"), to);
		g_free(to);
	} else {
		printf("%-12s no\n", "released");
	}
	printf("findings:\n");
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(meta, "findings"), i, f) {
		char *o = g_strescape(qt_str(f, "object"), "\"");
		printf("  %-10s %-28s %s (%s)\n", qt_str(f, "severity"), qt_str(f, "category"),
		       o, qt_str(f, "rule"));
		g_free(o);
	}
	g_free(stripped);
	g_free(rcs);
	g_free(rc);
}

/* show: metadata, findings and the MIME structure. */
static int
cmd_show(qt *q, int argc, char **argv)
{
	bool as_json = argc == 3 && strcmp(argv[2], "--json") == 0;
	if (argc != 2 && !as_json) {
		usage(stderr);
		return 2;
	}
	json_t *meta = load_meta(q, argv[1]);
	if (meta == NULL)
		return 1;
	char *eml = triage_qstore_path(q->qs, argv[1], "eml");
	int rc = 0;
	if (as_json) {
		json_t *st = qt_structure(eml, meta, true);
		json_object_set_new(meta, "structure", st ? st : json_null());
		char *s = json_dumps(meta, JSON_INDENT(2));
		printf("%s\n", s);
		free(s);
		rc = st ? 0 : 1;
	} else {
		print_meta(meta);
		printf("structure:\n");
		json_t *st = qt_structure(eml, meta, false);
		rc = st == NULL && access(eml, R_OK) != 0 ? 1 : 0;
		json_decref(st);
	}
	json_decref(meta);
	g_free(eml);
	return rc;
}

/* Run the MTA's sendmail with the message on stdin; true on exit status 0. */
static bool
run_sendmail(const char *command, const char *from, char **rcpts,
	     const char *header, const char *msg, size_t len)
{
	char **argv0 = NULL;
	GError *ge = NULL;
	if (!g_shell_parse_argv(command, NULL, &argv0, &ge)) {
		fprintf(stderr, "triage-quarantine: sendmail command: %s\n", ge->message);
		g_error_free(ge);
		return false;
	}
	GPtrArray *av = g_ptr_array_new();
	for (size_t i = 0; argv0[i]; i++)
		g_ptr_array_add(av, argv0[i]);
	g_ptr_array_add(av, "-i");
	g_ptr_array_add(av, "-f");
	g_ptr_array_add(av, (gpointer)(*from ? from : "<>"));
	g_ptr_array_add(av, "--");       /* no recipient is ever read as an option */
	for (size_t i = 0; rcpts[i]; i++)
		g_ptr_array_add(av, rcpts[i]);
	g_ptr_array_add(av, NULL);

	bool ok = false;
	GPid pid;
	int in = -1;
	if (!g_spawn_async_with_pipes(NULL, (char **)av->pdata, NULL,
				      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
				      NULL, NULL, &pid, &in, NULL, NULL, &ge)) {
		fprintf(stderr, "triage-quarantine: %s\n", ge->message);
		g_error_free(ge);
		goto out;
	}
	/* Local submission takes LF line ends; the header goes first. */
	GString *data = g_string_new(NULL);
	g_string_append_printf(data, "%s: %s\n", TRIAGE_RELEASE_HEADER, header);
	for (size_t i = 0; i < len; i++)
		if (!(msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			g_string_append_c(data, msg[i]);
	bool wrote = true;
	for (size_t off = 0; off < data->len;) {
		ssize_t w = write(in, data->str + off, data->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "triage-quarantine: writing to sendmail: %s\n", g_strerror(errno));
			wrote = false;
			break;
		}
		off += (size_t)w;
	}
	close(in);
	g_string_free(data, TRUE);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	g_spawn_close_pid(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fprintf(stderr, "triage-quarantine: %s failed (status %d)\n", argv0[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else
		ok = wrote;
out:
	g_ptr_array_unref(av);
	g_strfreev(argv0);
	return ok;
}

/* "<a@b>" -> "a@b". */
static char *
bare(const char *addr)
{
	char *s = g_strstrip(g_strdup(addr));
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
	return s;
}

/* release: re-inject through sendmail with a release token, record it. */
static int
cmd_release(qt *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	const char *to = NULL;
	bool force = false;
	int c, rc = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'F': force = true; break;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	const char *id = argv[optind];
	json_t *meta = load_meta(q, id);
	if (meta == NULL)
		return 1;
	char *eml = triage_qstore_path(q->qs, id, "eml"), *msg = NULL, *keyp = NULL;
	char *hdr = NULL, *from = NULL, *meta_text = NULL;
	GPtrArray *rcpts = g_ptr_array_new_with_free_func(g_free);
	gsize len = 0;
	GError *ge = NULL;
	json_t *rel = json_object_get(meta, "released");
	if (json_is_object(rel) && !force) {
		fprintf(stderr, "triage-quarantine: %s was already released at %s (use --force to send it again)\n",
			id, qt_str(rel, "time"));
		goto out;
	}
	if (!g_file_get_contents(eml, &msg, &len, &ge)) {
		fprintf(stderr, "triage-quarantine: %s\n", ge->message);
		g_error_free(ge);
		goto out;
	}
	if (to) {
		g_ptr_array_add(rcpts, bare(to));
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(meta, "rcpts"), i, v)
			if (json_is_string(v))
				g_ptr_array_add(rcpts, bare(json_string_value(v)));
	}
	if (rcpts->len == 0) {
		fprintf(stderr, "triage-quarantine: %s has no recipients (use --to)\n", id);
		goto out;
	}
	g_ptr_array_add(rcpts, NULL);
	unsigned char key[TRIAGE_RELEASE_KEY_LEN];
	char err[512];
	keyp = g_build_filename(triage_qstore_dir(q->qs), TRIAGE_RELEASE_KEY_FILE, NULL);
	if (triage_release_key_load(keyp, 1, key, err, sizeof err) != TRIAGE_OK) {
		fprintf(stderr, "triage-quarantine: %s\n", err);
		goto out;
	}
	hdr = triage_release_sign(key, sizeof key, id, time(NULL));
	memset(key, 0, sizeof key);
	from = bare(qt_str(meta, "from"));
	if (!run_sendmail(q->sendmail, from, (char **)rcpts->pdata, hdr, msg, len))
		goto out;

	/* Record the release: the latest in "released", every one in "releases". */
	json_t *to_arr = json_array();
	for (guint i = 0; i + 1 < rcpts->len; i++)
		json_array_append_new(to_arr, json_string(g_ptr_array_index(rcpts, i)));
	char *now = triage_qstore_time_now();
	json_t *r = json_pack("{s:s, s:o}", "time", now, "to", to_arr);
	g_free(now);
	json_t *hist = json_object_get(meta, "releases");
	if (!json_is_array(hist)) {
		hist = json_array();
		json_object_set_new(meta, "releases", hist);
	}
	json_array_append(hist, r);
	json_object_set_new(meta, "released", r);
	meta_text = json_dumps(meta, JSON_INDENT(2));
	if (triage_qstore_write_meta(q->qs, id, meta_text) != TRIAGE_OK) {
		fprintf(stderr, "triage-quarantine: %s sent, but recording it failed: %s\n",
			id, triage_qstore_error(q->qs));
		goto out;
	}
	printf("released %s to %d recipient(s)\n", id, (int)rcpts->len - 1);
	rc = 0;
out:
	free(meta_text);
	g_free(from);
	g_free(hdr);
	g_free(keyp);
	g_free(msg);
	g_free(eml);
	g_ptr_array_unref(rcpts);
	json_decref(meta);
	return rc;
}

/* delete: both files of one entry. */
static int
cmd_delete(qt *q, int argc, char **argv)
{
	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	if (!triage_qstore_id_valid(argv[1])) {
		fprintf(stderr, "triage-quarantine: %s: not a quarantine id (32 hex digits)\n", argv[1]);
		return 1;
	}
	if (triage_qstore_delete(q->qs, argv[1]) != TRIAGE_OK) {
		fprintf(stderr, "triage-quarantine: %s\n", triage_qstore_error(q->qs));
		return 1;
	}
	printf("deleted %s\n", argv[1]);
	return 0;
}

/* purge: entries (and stale temp files) older than DAYS days. */
static int
cmd_purge(qt *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "older-than", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	gint64 days = -1;
	bool dry = false;
	int c, rc = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': {
			char *end = NULL;
			guint64 v = g_ascii_strtoull(optarg, &end, 10);
			if (end == optarg || *end || v > 100000)
				days = -2;
			else
				days = (gint64)v;
			break;
		}
		case 'n': dry = true; break;
		default: usage(stderr); return 2;
		}
	}
	if (days < 0 || optind != argc) {
		usage(stderr);
		return 2;
	}
	gint64 cutoff = (gint64)time(NULL) - days * 86400;
	unsigned n = 0;
	char **ids = triage_qstore_list(q->qs);
	for (size_t i = 0; ids[i]; i++) {
		char *text = triage_qstore_read_meta(q->qs, ids[i]);
		json_t *meta = text ? json_loads(text, 0, NULL) : NULL;
		g_free(text);
		gint64 t = entry_time(q, ids[i], meta);
		json_decref(meta);
		if (t >= cutoff)
			continue;
		if (dry) {
			printf("would purge %s\n", ids[i]);
		} else if (triage_qstore_delete(q->qs, ids[i]) != TRIAGE_OK) {
			fprintf(stderr, "triage-quarantine: %s\n", triage_qstore_error(q->qs));
			rc = 1;
			continue;
		}
		n++;
	}
	g_strfreev(ids);
	/* Leftovers of writers that died: .tmp-* files past the same age. */
	GDir *d = g_dir_open(triage_qstore_dir(q->qs), 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_prefix(name, ".tmp-"))
			continue;
		char *p = g_build_filename(triage_qstore_dir(q->qs), name, NULL);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && (gint64)st.st_mtime < cutoff) {
			if (dry)
				printf("would remove %s\n", name);
			else
				unlink(p);
		}
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	printf("%s %u entr%s\n", dry ? "would purge" : "purged", n, n == 1 ? "y" : "ies");
	return rc;
}

/* verify-release: check a token against this store's key. */
static int
cmd_verify(qt *q, int argc, char **argv)
{
	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	unsigned char key[TRIAGE_RELEASE_KEY_LEN];
	char err[512], id[33];
	char *keyp = g_build_filename(triage_qstore_dir(q->qs), TRIAGE_RELEASE_KEY_FILE, NULL);
	triage_status st = triage_release_key_load(keyp, 0, key, err, sizeof err);
	g_free(keyp);
	if (st != TRIAGE_OK) {
		fprintf(stderr, "triage-quarantine: %s\n", err);
		return 1;
	}
	st = triage_release_verify(argv[1], key, sizeof key, time(NULL),
				   TRIAGE_RELEASE_MAX_AGE, id);
	memset(key, 0, sizeof key);
	if (st != TRIAGE_OK) {
		printf("invalid (%s)\n", st == TRIAGE_LIMIT ? "expired" : "forged or malformed");
		return 1;
	}
	printf("valid id=%s\n", id);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *config = NULL, *dir = NULL, *sendmail = NULL;
	int c, rc = 2;
	triage_config *cfg = NULL;
	qt q = { 0 };
	signal(SIGPIPE, SIG_IGN);  /* a dying sendmail must not kill us mid-record */
	while ((c = getopt(argc, argv, "+c:d:s:hV")) != -1) {
		switch (c) {
		case 'c': config = optarg; break;
		case 'd': dir = optarg; break;
		case 's': sendmail = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("triage-quarantine %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cfg = triage_config_new();
	if (config) {
		char err[1024];
		if (triage_config_load(cfg, config, err, sizeof err) != TRIAGE_OK) {
			fprintf(stderr, "triage-quarantine: %s\n", err);
			goto out;
		}
	}
	char err[512];
	if (triage_qstore_open(dir ? dir : cfg->quarantine_dir, false, &q.qs, err, sizeof err) != TRIAGE_OK) {
		fprintf(stderr, "triage-quarantine: %s\n", err);
		rc = 1;
		goto out;
	}
	q.sendmail = sendmail ? sendmail : cfg->sendmail_command;
	char *cmd = argv[optind];
	int sub_argc = argc - optind;
	char **sub_argv = argv + optind;
	optind = 1;  /* the command parses its own options, from its own name on */
	if (strcmp(cmd, "list") == 0)
		rc = cmd_list(&q, sub_argc, sub_argv);
	else if (strcmp(cmd, "show") == 0)
		rc = cmd_show(&q, sub_argc, sub_argv);
	else if (strcmp(cmd, "release") == 0)
		rc = cmd_release(&q, sub_argc, sub_argv);
	else if (strcmp(cmd, "delete") == 0)
		rc = cmd_delete(&q, sub_argc, sub_argv);
	else if (strcmp(cmd, "purge") == 0)
		rc = cmd_purge(&q, sub_argc, sub_argv);
	else if (strcmp(cmd, "verify-release") == 0)
		rc = cmd_verify(&q, sub_argc, sub_argv);
	else
		usage(stderr);
out:
	triage_qstore_close(&q.qs);
	triage_config_free(&cfg);
	return rc;
}
