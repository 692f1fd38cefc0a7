/* quarantine.c - store a copy of a held message with JSON metadata. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <glib.h>
#include <jansson.h>

#include "quarantine.h"

/* 16 random bytes as hex; never derived from anything the sender controls. */
static void
random_id(char id[TM_QUARANTINE_ID_LEN + 1])
{
	unsigned char b[TM_QUARANTINE_ID_LEN / 2];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	/* getrandom(2) does not fail on Linux >= 3.17; keep a fallback anyway. */
	for (size_t i = got; i < sizeof b; i++)
		b[i] = (unsigned char)g_random_int_range(0, 256);
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(id + 2 * i, 3, "%02x", b[i]);
}

/* jansson wants valid UTF-8. */
static json_t *
jstr(const char *s)
{
	char *v = g_utf8_make_valid(s ? s : "", -1);
	json_t *j = json_string(v);
	g_free(v);
	return j ? j : json_string("");
}

static json_t *
metadata(const char *id, const tm_conn *c, const tm_msg *m,
	 const tm_verdict *v, const char *reason)
{
	json_t *j = json_object();
	GDateTime *now = g_date_time_new_now_utc();
	char *iso = g_date_time_format_iso8601(now);
	const char *subject = "";

	for (guint i = 0; i < m->headers->len; i++) {
		const tm_header *h = g_ptr_array_index(m->headers, i);
		if (g_ascii_strcasecmp(h->name, "Subject") == 0) {
			subject = h->value;
			break;
		}
	}
	json_object_set_new(j, "id", jstr(id));
	json_object_set_new(j, "queue_id", m->qid ? jstr(m->qid) : json_null());
	json_object_set_new(j, "time", jstr(iso));
	json_object_set_new(j, "from", jstr(m->from));
	json_t *rc = json_array();
	for (guint i = 0; i < m->rcpts->len; i++)
		json_array_append_new(rc, jstr(g_ptr_array_index(m->rcpts, i)));
	json_object_set_new(j, "rcpts", rc);
	json_t *client = json_object();
	json_object_set_new(client, "addr", jstr(c->addr));
	json_object_set_new(client, "name", jstr(c->hostname));
	json_object_set_new(client, "helo", jstr(c->helo));
	json_object_set_new(j, "client", client);
	json_object_set_new(j, "subject", jstr(subject));
	json_object_set_new(j, "direction",
		jstr(v->direction == TRIAGE_OUTBOUND ? "outbound" : "inbound"));
	json_object_set_new(j, "action", jstr(triage_action_name(v->action)));
	json_object_set_new(j, "severity", jstr(triage_severity_name(v->severity)));
	json_t *fa = json_array();
	for (guint i = 0; i < v->findings->len; i++) {
		const tm_finding *f = g_ptr_array_index(v->findings, i);
		json_t *fj = json_object();
		json_object_set_new(fj, "category", jstr(f->category));
		json_object_set_new(fj, "severity", jstr(triage_severity_name(f->severity)));
		json_object_set_new(fj, "rule", jstr(f->rule));
		json_object_set_new(fj, "object", jstr(f->object));
		json_array_append_new(fa, fj);
	}
	json_object_set_new(j, "findings", fa);
	json_object_set_new(j, "size", json_integer((json_int_t)tm_spool_total(m->spool)));
	json_object_set_new(j, "stored_size", json_integer((json_int_t)tm_spool_size(m->spool)));
	json_object_set_new(j, "truncated", json_boolean(tm_spool_truncated(m->spool)));
	json_object_set_new(j, "reason", jstr(reason));
	json_object_set_new(j, "released", json_null());
	g_free(iso);
	g_date_time_unref(now);
	return j;
}

/* Create dir/.tmp-<name> (0600), fill it, fsync, rename to dir/<name>. */
static bool
write_atomic(const char *dir, const char *name, tm_spool *sp, const char *text,
	     char *err, size_t errlen)
{
	char *tmp = g_strdup_printf("%s/.tmp-%s", dir, name);
	char *final = g_strdup_printf("%s/%s", dir, name);
	bool ok = false;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, g_strerror(errno));
		goto out;
	}
	bool written;
	if (sp) {
		written = tm_spool_copy_to(sp, fd);
	} else {
		size_t len = strlen(text);
		written = write(fd, text, len) == (ssize_t)len;
	}
	if (!written || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, g_strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		snprintf(err, errlen, "%s: %s", tmp, g_strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) != 0) {
		snprintf(err, errlen, "rename %s: %s", final, g_strerror(errno));
		goto out;
	}
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	if (!ok)
		unlink(tmp);
	g_free(tmp);
	g_free(final);
	return ok;
}

bool
tm_quarantine_store(const char *dir, const tm_conn *c, tm_msg *m,
		    const tm_verdict *v, const char *reason,
		    char id[TM_QUARANTINE_ID_LEN + 1], char *err, size_t errlen)
{
	bool ok = false;
	char *name = NULL, *text = NULL;
	json_t *j = NULL;

	random_id(id);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		snprintf(err, errlen, "%s: %s", dir, g_strerror(errno));
		goto out;
	}
	name = g_strdup_printf("%s.eml", id);
	if (!write_atomic(dir, name, m->spool, NULL, err, errlen))
		goto out;
	j = metadata(id, c, m, v, reason);
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		snprintf(err, errlen, "cannot format quarantine metadata");
		goto out;
	}
	g_free(name);
	name = g_strdup_printf("%s.json", id);
	char *line = g_strconcat(text, "\n", NULL);
	ok = write_atomic(dir, name, NULL, line, err, errlen);
	g_free(line);
	if (!ok) {
		/* No half entries: without its .json the .eml goes too. */
		char *eml = g_strdup_printf("%s/%s.eml", dir, id);
		unlink(eml);
		g_free(eml);
	}
out:
	free(text);
	json_decref(j);
	g_free(name);
	return ok;
}
