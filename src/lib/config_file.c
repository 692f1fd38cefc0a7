/* config_file.c - read the INI configuration file over the defaults. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <glib.h>

#include "triage/config.h"

/*
 * GKeyFile parses the values, but gives no line numbers for keys and only
 * vague ones for syntax errors.  So the text is scanned once here first: every
 * line is classified, each (group, key) remembers its line, and syntax errors,
 * duplicate keys and unknown groups or keys are reported as "file:line: ...".
 */

typedef struct cf_reader {
	const char *path;
	GKeyFile *kf;
	GHashTable *lines;      /* "group\nkey" -> line number */
	GHashTable *group_lines; /* "group" -> line of its first header */
	char *err;
	size_t errlen;
} cf_reader;

typedef enum cf_type {
	CF_STRING,
	CF_PATH,      /* string; may be empty */
	CF_SIZE,      /* bytes with optional K/M/G suffix */
	CF_COUNT,     /* plain unsigned number */
	CF_INT,       /* small non-negative int */
	CF_BOOL,
	CF_MODE,      /* octal file mode */
	CF_LIST,      /* comma-separated */
	CF_CIDRS,     /* comma-separated CIDR list */
	CF_ACTION,    /* policy action name */
	CF_ONERROR,   /* tempfail | accept */
	CF_FACILITY,  /* syslog facility name */
	CF_SOCKET     /* unix:/path, local:/path, inet:port@host, inet6:... */
} cf_type;

/* One key: where it lives, its type and the field it fills. */
typedef struct cf_key {
	const char *group;
	const char *key;
	cf_type type;
	size_t offset;
} cf_key;

#define F(field) offsetof(triage_config, field)
#define LIM(field) (offsetof(triage_config, limits) + offsetof(triage_limits, field))
#define POL(d, s) (offsetof(triage_config, policy) + (d) * sizeof(triage_policy) + \
		   offsetof(triage_policy, by_severity) + (s) * sizeof(triage_action))
#define PFX(d) (offsetof(triage_config, policy) + (d) * sizeof(triage_policy) + \
		offsetof(triage_policy, subject_prefix))

static const cf_key cf_keys[] = {
	{"milter", "socket", CF_SOCKET, F(socket)},
	{"milter", "socket_mode", CF_MODE, F(socket_mode)},
	{"milter", "user", CF_PATH, F(user)},
	{"milter", "group", CF_PATH, F(group)},
	{"milter", "pid_file", CF_PATH, F(pid_file)},
	{"milter", "spool_dir", CF_STRING, F(spool_dir)},
	{"milter", "spool_memory", CF_SIZE, F(spool_memory)},
	{"milter", "tmp_dir", CF_STRING, F(tmp_dir)},
	{"milter", "syslog_facility", CF_FACILITY, F(syslog_facility)},
	{"milter", "max_message_size", CF_SIZE, F(max_message_size)},
	{"milter", "internal_networks", CF_CIDRS, F(internal_networks)},
	{"milter", "outbound_daemon_names", CF_LIST, F(outbound_daemon_names)},
	{"rules", "dir", CF_STRING, F(rules_dir)},
	{"limits", "max_depth", CF_INT, LIM(max_depth)},
	{"limits", "max_members", CF_COUNT, LIM(max_members)},
	{"limits", "max_objects", CF_COUNT, LIM(max_objects)},
	{"limits", "max_object_size", CF_SIZE, LIM(max_object_size)},
	{"limits", "max_total_size", CF_SIZE, LIM(max_total_size)},
	{"limits", "max_ratio", CF_COUNT, LIM(max_ratio)},
	{"limits", "ratio_min_size", CF_SIZE, LIM(ratio_min_size)},
	{"limits", "time_budget_ms", CF_COUNT, LIM(time_budget_ms)},
	{"limits", "max_mime_parts", CF_COUNT, LIM(max_mime_parts)},
	{"limits", "max_passwords", CF_COUNT, LIM(max_passwords)},
	{"limits", "spill_size", CF_SIZE, LIM(spill_size)},
	{"limits", "max_vba_modules", CF_COUNT, LIM(max_vba_modules)},
	{"limits", "max_ole_streams", CF_COUNT, LIM(max_ole_streams)},
	{"limits", "max_embedded", CF_COUNT, LIM(max_embedded)},
	{"policy", "critical", CF_ACTION, POL(0, TRIAGE_SEV_CRITICAL)},
	{"policy", "high", CF_ACTION, POL(0, TRIAGE_SEV_HIGH)},
	{"policy", "medium", CF_ACTION, POL(0, TRIAGE_SEV_MEDIUM)},
	{"policy", "low", CF_ACTION, POL(0, TRIAGE_SEV_LOW)},
	{"policy", "info", CF_ACTION, POL(0, TRIAGE_SEV_INFO)},
	{"policy", "subject_prefix", CF_PATH, PFX(0)},
	{"policy", "on_error", CF_ONERROR, F(on_error)},
	{"policy.outbound", "critical", CF_ACTION, POL(1, TRIAGE_SEV_CRITICAL)},
	{"policy.outbound", "high", CF_ACTION, POL(1, TRIAGE_SEV_HIGH)},
	{"policy.outbound", "medium", CF_ACTION, POL(1, TRIAGE_SEV_MEDIUM)},
	{"policy.outbound", "low", CF_ACTION, POL(1, TRIAGE_SEV_LOW)},
	{"policy.outbound", "info", CF_ACTION, POL(1, TRIAGE_SEV_INFO)},
	{"policy.outbound", "subject_prefix", CF_PATH, PFX(1)},
	{"banner", "dir", CF_PATH, F(banner_dir)},
	{"banner", "text_file", CF_PATH, F(banner_text_file)},
	{"banner", "html_file", CF_PATH, F(banner_html_file)},
	{"banner", "languages", CF_LIST, F(banner_languages)},
	{"quarantine", "dir", CF_PATH, F(quarantine_dir)},
	{"quarantine", "hold", CF_BOOL, F(quarantine_hold)},
	{"quarantine", "sendmail_command", CF_PATH, F(sendmail_command)},
	{"allowlist", "senders", CF_LIST, F(allow_senders)},
	{"allowlist", "recipients", CF_LIST, F(allow_recipients)},
};

static const char *const facilities[] = {
	"mail", "daemon", "user", "local0", "local1", "local2", "local3",
	"local4", "local5", "local6", "local7", NULL
};

/* Format "file:line: message" into the caller's buffer. */
static triage_status G_GNUC_PRINTF(3, 4)
cf_error(cf_reader *r, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(r->err, r->errlen, "%s:%d: %s", r->path, line, msg);
	else
		snprintf(r->err, r->errlen, "%s: %s", r->path, msg);
	return TRIAGE_ERR_CONFIG;
}

static const cf_key *
cf_find_key(const char *group, const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cf_keys); i++)
		if (strcmp(cf_keys[i].group, group) == 0 &&
		    strcmp(cf_keys[i].key, key) == 0)
			return &cf_keys[i];
	return NULL;
}

static bool
cf_known_group(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cf_keys); i++)
		if (strcmp(cf_keys[i].group, group) == 0)
			return true;
	return false;
}

/* Classify every line: groups, keys, comments; report what GKeyFile would not. */
static triage_status
cf_scan_lines(cf_reader *r, const char *text)
{
	triage_status st = TRIAGE_OK;
	char **lines = g_strsplit(text, "\n", -1);
	char *group = NULL;

	for (int i = 0; lines[i] != NULL && st == TRIAGE_OK; i++) {
		int lineno = i + 1;
		char *l = g_strstrip(lines[i]);
		if (*l == '\0' || *l == '#')
			continue;
		if (*l == '[') {
			size_t n = strlen(l);
			if (n < 3 || l[n - 1] != ']') {
				st = cf_error(r, lineno, "syntax error: bad group header \"%s\"", l);
				break;
			}
			g_free(group);
			group = g_strndup(l + 1, n - 2);
			if (!cf_known_group(group)) {
				st = cf_error(r, lineno, "unknown section [%s]", group);
				break;
			}
			if (!g_hash_table_contains(r->group_lines, group))
				g_hash_table_insert(r->group_lines, g_strdup(group),
						    GINT_TO_POINTER(lineno));
			continue;
		}
		char *eq = strchr(l, '=');
		if (eq == NULL) {
			st = cf_error(r, lineno, "syntax error: expected \"key = value\", \"[section]\" or \"# comment\"");
			break;
		}
		if (group == NULL) {
			st = cf_error(r, lineno, "key outside of any [section]");
			break;
		}
		char *key = g_strstrip(g_strndup(l, (size_t)(eq - l)));
		if (*key == '\0') {
			st = cf_error(r, lineno, "syntax error: empty key name");
		} else if (strchr(key, '[') != NULL) {
			st = cf_error(r, lineno, "localized keys are not supported: %s", key);
		} else if (cf_find_key(group, key) == NULL) {
			st = cf_error(r, lineno, "unknown key \"%s\" in [%s]", key, group);
		} else {
			char *id = g_strdup_printf("%s\n%s", group, key);
			if (g_hash_table_contains(r->lines, id)) {
				st = cf_error(r, lineno, "duplicate key \"%s\" in [%s] (first on line %d)",
					      key, group,
					      GPOINTER_TO_INT(g_hash_table_lookup(r->lines, id)));
				g_free(id);
			} else {
				g_hash_table_insert(r->lines, id, GINT_TO_POINTER(lineno));
			}
		}
		g_free(key);
	}
	g_free(group);
	g_strfreev(lines);
	return st;
}

/* Parse "123", "10K", "64M", "1G" (binary multiples) without overflow. */
static bool
cf_parse_size(const char *s, uint64_t *out)
{
	char *end = NULL;
	if (!g_ascii_isdigit(*s))
		return false;
	errno = 0;
	guint64 v = g_ascii_strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return false;
	uint64_t mult = 1;
	switch (g_ascii_toupper(*end)) {
	case '\0': break;
	case 'K': mult = 1024ull; end++; break;
	case 'M': mult = 1024ull * 1024ull; end++; break;
	case 'G': mult = 1024ull * 1024ull * 1024ull; end++; break;
	default: return false;
	}
	/* Allow "KB"/"MB"/"GB" too: admins write them. */
	if (mult > 1 && g_ascii_toupper(*end) == 'B')
		end++;
	if (*end != '\0')
		return false;
	if (v > UINT64_MAX / mult)
		return false;
	*out = v * mult;
	return true;
}

static bool
cf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1", NULL};
	static const char *const no[] = {"false", "no", "off", "0", NULL};
	for (int i = 0; yes[i]; i++)
		if (g_ascii_strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
	for (int i = 0; no[i]; i++)
		if (g_ascii_strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	return false;
}

/* Split a comma-separated list; empty items are dropped. */
static char **
cf_split_list(const char *s)
{
	char **parts = g_strsplit(s, ",", -1);
	GPtrArray *out = g_ptr_array_new();
	for (int i = 0; parts[i]; i++) {
		char *p = g_strstrip(parts[i]);
		if (*p)
			g_ptr_array_add(out, g_strdup(p));
	}
	g_ptr_array_add(out, NULL);
	g_strfreev(parts);
	return (char **)g_ptr_array_free(out, FALSE);
}

/* True for "192.0.2.0/24", "2001:db8::/32" or a bare address. */
static bool
cf_valid_cidr(const char *s)
{
	unsigned char buf[16];
	char *addr = g_strdup(s);
	char *slash = strchr(addr, '/');
	bool ok = false;
	int maxbits = 0;
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, addr, buf) == 1)
		maxbits = 32;
	else if (inet_pton(AF_INET6, addr, buf) == 1)
		maxbits = 128;
	if (maxbits == 0)
		goto out;
	if (slash) {
		char *end = NULL;
		const char *bits = slash + 1;
		if (!g_ascii_isdigit(*bits))
			goto out;
		guint64 n = g_ascii_strtoull(bits, &end, 10);
		if (*end != '\0' || n > (guint64)maxbits)
			goto out;
	}
	ok = true;
out:
	g_free(addr);
	return ok;
}

/* Socket specs libmilter accepts: unix:/path, local:/path, inet:port[@host], inet6:... */
static bool
cf_valid_socket(const char *s)
{
	if (g_str_has_prefix(s, "unix:") || g_str_has_prefix(s, "local:")) {
		const char *p = strchr(s, ':') + 1;
		return *p == '/';
	}
	if (g_str_has_prefix(s, "inet:") || g_str_has_prefix(s, "inet6:")) {
		const char *p = strchr(s, ':') + 1;
		char *end = NULL;
		if (!g_ascii_isdigit(*p))
			return false;
		guint64 port = g_ascii_strtoull(p, &end, 10);
		return port > 0 && port < 65536 && (*end == '\0' || *end == '@');
	}
	return false;
}

/* Read one value into its field, checking it. */
static triage_status
cf_apply(cf_reader *r, triage_config *cfg, const cf_key *k, int line)
{
	triage_status st = TRIAGE_OK;
	GError *gerr = NULL;
	char *v = g_key_file_get_string(r->kf, k->group, k->key, &gerr);
	char *field = (char *)cfg + k->offset;

	if (v == NULL) {
		st = cf_error(r, line, "%s: %s", k->key, gerr ? gerr->message : "unreadable value");
		goto out;
	}
	g_strstrip(v);
	switch (k->type) {
	case CF_STRING:
		if (*v == '\0') {
			st = cf_error(r, line, "%s: must not be empty", k->key);
			break;
		}
		/* fall through */
	case CF_PATH:
		g_free(*(char **)field);
		*(char **)field = v;
		v = NULL;
		break;
	case CF_SOCKET:
		if (!cf_valid_socket(v)) {
			st = cf_error(r, line, "%s: \"%s\" is not unix:/path, inet:port@host or inet6:port@host",
				      k->key, v);
			break;
		}
		g_free(*(char **)field);
		*(char **)field = v;
		v = NULL;
		break;
	case CF_SIZE:
	case CF_COUNT: {
		uint64_t n = 0;
		bool ok = k->type == CF_SIZE ? cf_parse_size(v, &n)
			: (cf_parse_size(v, &n) && g_ascii_isdigit(v[strlen(v) - 1]));
		if (!ok) {
			st = cf_error(r, line, "%s: \"%s\" is not a %s", k->key, v,
				      k->type == CF_SIZE ? "size (bytes, or a number with K, M or G)"
				      : "non-negative number");
			break;
		}
		memcpy(field, &n, sizeof n);
		break;
	}
	case CF_INT: {
		uint64_t n = 0;
		if (!cf_parse_size(v, &n) || !g_ascii_isdigit(v[strlen(v) - 1]) || n > 1000) {
			st = cf_error(r, line, "%s: \"%s\" is not a number from 0 to 1000", k->key, v);
			break;
		}
		int iv = (int)n;
		memcpy(field, &iv, sizeof iv);
		break;
	}
	case CF_BOOL: {
		bool b;
		if (!cf_parse_bool(v, &b)) {
			st = cf_error(r, line, "%s: \"%s\" is not true/false/yes/no", k->key, v);
			break;
		}
		memcpy(field, &b, sizeof b);
		break;
	}
	case CF_MODE: {
		char *end = NULL;
		guint64 m = g_ascii_strtoull(v, &end, 8);
		if (*v == '\0' || *end != '\0' || m > 07777) {
			st = cf_error(r, line, "%s: \"%s\" is not an octal mode such as 0660", k->key, v);
			break;
		}
		unsigned mode = (unsigned)m;
		memcpy(field, &mode, sizeof mode);
		break;
	}
	case CF_CIDRS:
	case CF_LIST: {
		char **list = cf_split_list(v);
		for (int i = 0; k->type == CF_CIDRS && list[i]; i++)
			if (!cf_valid_cidr(list[i])) {
				st = cf_error(r, line, "%s: \"%s\" is not an address or CIDR network",
					      k->key, list[i]);
				break;
			}
		if (st != TRIAGE_OK) {
			g_strfreev(list);
			break;
		}
		g_strfreev(*(char ***)field);
		*(char ***)field = list;
		break;
	}
	case CF_ACTION: {
		int a = triage_action_parse(v);
		if (a < 0) {
			st = cf_error(r, line, "%s: unknown action \"%s\" (accept, tag, banner, strip, quarantine, reject, discard, tempfail)",
				      k->key, v);
			break;
		}
		triage_action act = (triage_action)a;
		memcpy(field, &act, sizeof act);
		break;
	}
	case CF_ONERROR: {
		triage_action act;
		if (g_ascii_strcasecmp(v, "tempfail") == 0)
			act = TRIAGE_ACTION_TEMPFAIL;
		else if (g_ascii_strcasecmp(v, "accept") == 0)
			act = TRIAGE_ACTION_ACCEPT;
		else {
			st = cf_error(r, line, "%s: \"%s\" is not tempfail or accept", k->key, v);
			break;
		}
		memcpy(field, &act, sizeof act);
		break;
	}
	case CF_FACILITY: {
		bool ok = false;
		for (int i = 0; facilities[i]; i++)
			if (g_ascii_strcasecmp(v, facilities[i]) == 0)
				ok = true;
		if (!ok) {
			st = cf_error(r, line, "%s: unknown syslog facility \"%s\" (mail, daemon, user, local0..local7)",
				      k->key, v);
			break;
		}
		g_free(*(char **)field);
		*(char **)field = g_ascii_strdown(v, -1);
		break;
	}
	}
out:
	g_free(v);
	g_clear_error(&gerr);
	return st;
}

/* Read an INI file over cfg; errors as "file:line: message". */
triage_status
triage_config_load(triage_config *cfg, const char *path, char *err,
		   size_t errlen)
{
	triage_status st = TRIAGE_OK;
	GError *gerr = NULL;
	char *text = NULL;
	gsize len = 0;
	cf_reader r = { path, NULL, NULL, NULL, err, errlen };

	if (errlen > 0)
		err[0] = '\0';
	if (!g_file_get_contents(path, &text, &len, &gerr)) {
		st = cf_error(&r, 0, "%s", gerr->message);
		goto out;
	}
	if (strlen(text) != len) {
		st = cf_error(&r, 0, "contains a NUL byte");
		goto out;
	}
	if (!g_utf8_validate(text, (gssize)len, NULL)) {
		st = cf_error(&r, 0, "is not valid UTF-8");
		goto out;
	}
	r.lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	r.group_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	st = cf_scan_lines(&r, text);
	if (st != TRIAGE_OK)
		goto out;
	r.kf = g_key_file_new();
	if (!g_key_file_load_from_data(r.kf, text, len, G_KEY_FILE_NONE, &gerr)) {
		/* The line scan passed, so this is rare: report it without a line. */
		st = cf_error(&r, 0, "syntax error: %s", gerr->message);
		goto out;
	}
	/* Keys in file order are not needed: each key is independent. */
	for (size_t i = 0; i < G_N_ELEMENTS(cf_keys); i++) {
		const cf_key *k = &cf_keys[i];
		char *id = g_strdup_printf("%s\n%s", k->group, k->key);
		gpointer line = g_hash_table_lookup(r.lines, id);
		g_free(id);
		if (line == NULL)
			continue;
		st = cf_apply(&r, cfg, k, GPOINTER_TO_INT(line));
		if (st != TRIAGE_OK)
			goto out;
	}
	if (cfg->spool_memory > cfg->max_message_size) {
		/* Not an error: memory simply never spills past the message limit. */
		cfg->spool_memory = cfg->max_message_size;
	}
	g_free(cfg->path);
	cfg->path = g_strdup(path);
out:
	if (r.kf)
		g_key_file_free(r.kf);
	if (r.lines)
		g_hash_table_destroy(r.lines);
	if (r.group_lines)
		g_hash_table_destroy(r.group_lines);
	g_clear_error(&gerr);
	g_free(text);
	return st;
}
