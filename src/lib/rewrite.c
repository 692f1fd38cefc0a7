/* rewrite.c - banner and strip over a whole message: find the parts, write it back. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "rewrite_int.h"

/* One header field of the original header block: [start, end) incl. newline. */
typedef struct raw_field {
	size_t start, end;
	size_t name_len;
} raw_field;

static gpointer
init_gmime(gpointer unused)
{
	(void)unused;
	g_mime_init();
	return NULL;
}

/* Append key=value words to the log line. */
void
rw_log(triage_rewrite *rw, const char *fmt, ...)
{
	va_list ap;
	if (rw->log->len)
		g_string_append_c(rw->log, ' ');
	va_start(ap, fmt);
	g_string_append_vprintf(rw->log, fmt, ap);
	va_end(ap);
}

static void
header_free(gpointer p)
{
	rw_header *h = p;
	g_free(h->name);
	g_free(h->value);
	g_free(h);
}

static void
stripped_free(gpointer p)
{
	rw_stripped *s = p;
	g_free(s->locator);
	g_free(s->name);
	g_bytes_unref(s->data);
	g_free(s);
}

/*
 * Fields of the header block (bounded by the first empty line), and the
 * offset where the body starts.
 */
static GArray *
raw_fields(const unsigned char *msg, size_t len, size_t *body_start)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(raw_field));
	size_t p = 0;
	*body_start = len;
	while (p < len) {
		const unsigned char *nl = memchr(msg + p, '\n', len - p);
		size_t eol = nl ? (size_t)(nl - msg) + 1 : len;
		bool empty = msg[p] == '\n' || (msg[p] == '\r' && p + 1 < len && msg[p + 1] == '\n');
		if (empty) {
			*body_start = eol;
			break;
		}
		if ((msg[p] == ' ' || msg[p] == '\t') && a->len) {
			g_array_index(a, raw_field, a->len - 1).end = eol;
		} else {
			const unsigned char *colon = memchr(msg + p, ':', eol - p);
			raw_field f = { p, eol, colon ? (size_t)(colon - (msg + p)) : 0 };
			g_array_append_val(a, f);
		}
		p = eol;
	}
	return a;
}

/* Index of the first field called `name`, or -1. */
static int
raw_find(const unsigned char *msg, GArray *fields, const char *name)
{
	size_t n = strlen(name);
	for (guint i = 0; i < fields->len; i++) {
		raw_field *f = &g_array_index(fields, raw_field, i);
		if (f->name_len == n && g_ascii_strncasecmp((const char *)msg + f->start, name, n) == 0)
			return (int)i;
	}
	return -1;
}

static void
add_header(triage_rewrite *rw, const char *name, const char *value)
{
	rw_header *h = g_new0(rw_header, 1);
	h->name = g_strdup(name);
	h->value = g_strdup(value);
	g_ptr_array_add(rw->headers, h);
}

/* "type/sub; param=value" on one line. */
static char *
content_type_line(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *mt = g_mime_content_type_get_mime_type(ct);
	GString *s = g_string_new(mt);
	g_free(mt);
	g_mime_param_list_encode(g_mime_content_type_get_parameters(ct), NULL, FALSE, s);
	return g_string_free(s, FALSE);
}

/*
 * Walk the parts a reader sees as the body: in multipart/alternative
 * every alternative, in multipart/related the root, in other multiparts
 * only the first part; attachments and attached messages are not body.
 */
static void
find_body(GMimeObject *o, GMimePart **text, GMimePart **html, const char **blocked,
	  int depth)
{
	if (o == NULL || depth > 32)
		return;
	if (rw_is_signed(o) || rw_is_encrypted(o)) {
		if (*text == NULL && *html == NULL)
			*blocked = rw_is_signed(o) ? "signed" : "encrypted";
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		int n = g_mime_multipart_get_count(mp);
		if (g_mime_content_type_is_type(ct, "multipart", "alternative")) {
			for (int i = 0; i < n; i++)
				find_body(g_mime_multipart_get_part(mp, i), text, html, blocked, depth + 1);
		} else if (n > 0) {
			find_body(g_mime_multipart_get_part(mp, 0), text, html, blocked, depth + 1);
		}
		return;
	}
	if (!GMIME_IS_PART(o))
		return;
	const char *disp = g_mime_object_get_disposition(o);
	if (disp && g_ascii_strcasecmp(disp, "attachment") == 0)
		return;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	if (*text == NULL && g_mime_content_type_is_type(ct, "text", "plain"))
		*text = GMIME_PART(o);
	else if (*html == NULL && g_mime_content_type_is_type(ct, "text", "html"))
		*html = GMIME_PART(o);
}

/* Count parts, to refuse absurd messages before touching them. */
static void
count_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	(void)part;
	(*(guint *)data)++;
}

/* Put the banner into the body parts, or add a first text part. */
static void
place_banner(triage_rewrite *rw, GMimeMessage *m, const triage_banner *b,
	     const triage_rewrite_request *q, const char *sender,
	     bool *top_changed_type, bool *top_changed_cte)
{
	GMimeObject *top = g_mime_message_get_mime_part(m);
	GMimePart *text = NULL, *html = NULL;
	const char *blocked = NULL;
	find_body(top, &text, &html, &blocked, 0);
	if (blocked) {
		rw->flags |= TRIAGE_REWRITE_BANNER_SKIPPED;
		rw_log(rw, "banner=skipped reason=%s", blocked);
		return;
	}
	if (text == NULL && html == NULL) {
		char *t = rw_banner_text(b, q, sender);
		GMimePart *p = rw_text_part_new(t, NULL);
		g_mime_object_set_disposition(GMIME_OBJECT(p), "inline");
		g_free(t);
		GMimeContentType *ct = top ? g_mime_object_get_content_type(top) : NULL;
		if (top && GMIME_IS_MULTIPART(top) &&
		    g_mime_content_type_is_type(ct, "multipart", "mixed")) {
			g_mime_multipart_insert(GMIME_MULTIPART(top), 0, GMIME_OBJECT(p));
		} else {
			/* A lone attachment: wrap it in multipart/mixed behind the text. */
			GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
			g_mime_multipart_add(mp, GMIME_OBJECT(p));
			if (top) {
				g_object_ref(top);
				g_mime_message_set_mime_part(m, GMIME_OBJECT(mp));
				g_mime_multipart_add(mp, top);
				g_object_unref(top);
			} else {
				g_mime_message_set_mime_part(m, GMIME_OBJECT(mp));
			}
			g_object_unref(mp);
		}
		g_object_unref(p);
		rw->flags |= TRIAGE_REWRITE_ADDED_PART;
		rw_log(rw, "banner=added-part");
		return;
	}
	GMimePart *parts[2] = { text, html };
	bool relabelled = false;
	for (int i = 0; i < 2; i++) {
		if (parts[i] == NULL)
			continue;
		char *ban = i ? rw_banner_html(b, q, sender) : rw_banner_text(b, q, sender);
		bool cte = false;
		rw_insert_result r = rw_insert_banner(parts[i], ban, i == 1, &cte);
		g_free(ban);
		if (r == RW_INSERT_FAILED)
			continue;
		rw_raw_touch(rw->raw, GMIME_OBJECT(parts[i]));
		rw->flags |= i ? TRIAGE_REWRITE_HTML : TRIAGE_REWRITE_TEXT;
		if (r == RW_INSERT_RELABELLED) {
			relabelled = true;
			rw->flags |= TRIAGE_REWRITE_RELABELLED;
		}
		if (GMIME_OBJECT(parts[i]) == top) {
			*top_changed_type = r == RW_INSERT_RELABELLED;
			*top_changed_cte = cte;
		}
	}
	bool t = rw->flags & TRIAGE_REWRITE_TEXT, h = rw->flags & TRIAGE_REWRITE_HTML;
	rw_log(rw, "banner=inserted parts=%s", t && h ? "text,html" : t ? "text" : "html");
	if (relabelled)
		rw_log(rw, "charset=relabelled");
}

/* Rewrite the message: strip, then banner, then write the body back. */
triage_status
triage_rewrite_run(const triage_banner *b, const triage_rewrite_request *q,
		   const unsigned char *msg, size_t len, triage_rewrite **out)
{
	static GOnce once = G_ONCE_INIT;
	triage_status st = TRIAGE_OK;
	GMimeMessage *m = NULL;
	GMimeObject *orig_top = NULL;
	GArray *fields = NULL;
	char *sender = NULL;
	g_once(&once, init_gmime, NULL);
	*out = NULL;

	triage_rewrite *rw = g_new0(triage_rewrite, 1);
	rw->outcome = TRIAGE_REWRITE_UNCHANGED;
	rw->log = g_string_new(NULL);
	rw->headers = g_ptr_array_new_with_free_func(header_free);
	rw->stripped = g_ptr_array_new_with_free_func(stripped_free);

	GMimeStream *s = g_mime_stream_mem_new_with_buffer((const char *)msg, len);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	if (m == NULL || g_mime_message_get_mime_part(m) == NULL) {
		st = TRIAGE_CORRUPT;
		goto out;
	}
	guint nparts = 0;
	g_mime_message_foreach(m, count_part, &nparts);
	if (nparts > RW_MAX_PARTS) {
		st = TRIAGE_LIMIT;
		goto out;
	}
	orig_top = g_object_ref(g_mime_message_get_mime_part(m));
	size_t body_start;
	fields = raw_fields(msg, len, &body_start);
	rw->raw = rw_raw_new(m, (const char *)msg + body_start, len - body_start);
	if (rw_is_signed(orig_top) || rw_is_encrypted(orig_top)) {
		bool sig = rw_is_signed(orig_top);
		rw->outcome = sig ? TRIAGE_REWRITE_SKIPPED_SIGNED : TRIAGE_REWRITE_SKIPPED_ENCRYPTED;
		rw->flags |= TRIAGE_REWRITE_BANNER_SKIPPED;
		rw_log(rw, "banner=skipped reason=%s", sig ? "signed" : "encrypted");
		if (q->mode == TRIAGE_REWRITE_STRIP)
			rw_log(rw, "strip=skipped reason=%s", sig ? "signed" : "encrypted");
		goto out;
	}
	if (q->sender && *q->sender) {
		sender = g_strdup(q->sender);
	} else {
		InternetAddressList *from = g_mime_message_get_from(m);
		sender = from ? internet_address_list_to_string(from, NULL, FALSE) : NULL;
		if (sender == NULL)
			sender = g_strdup("");
	}

	if (q->mode == TRIAGE_REWRITE_STRIP)
		rw_strip_parts(rw, m, b, q, sender);
	bool ct_changed = false, cte_changed = false;
	place_banner(rw, m, b, q, sender, &ct_changed, &cte_changed);
	if ((rw->flags & ~TRIAGE_REWRITE_BANNER_SKIPPED) == 0)
		goto out;

	GMimeObject *top = g_mime_message_get_mime_part(m);
	rw->body = rw_raw_write(rw->raw, m);
	rw->outcome = TRIAGE_REWRITE_CHANGED;

	/* The top part's headers are the message's: say what changed there. */
	bool replaced = top != orig_top;
	if (replaced || ct_changed) {
		char *ct = content_type_line(top);
		add_header(rw, "Content-Type", ct);
		g_free(ct);
	}
	if (replaced || cte_changed) {
		GMimeContentEncoding e = GMIME_IS_PART(top) ?
			g_mime_part_get_content_encoding(GMIME_PART(top)) :
			GMIME_CONTENT_ENCODING_DEFAULT;
		if (e != GMIME_CONTENT_ENCODING_DEFAULT)
			add_header(rw, "Content-Transfer-Encoding", g_mime_content_encoding_to_string(e));
		else if (raw_find(msg, fields, "Content-Transfer-Encoding") >= 0)
			add_header(rw, "Content-Transfer-Encoding", NULL);
	}
	if (replaced && raw_find(msg, fields, "Content-Disposition") >= 0)
		add_header(rw, "Content-Disposition", NULL);
	if ((replaced || ct_changed || cte_changed) &&
	    raw_find(msg, fields, "MIME-Version") < 0)
		add_header(rw, "MIME-Version", "1.0");
out:
	if (rw)
		rw_raw_free(&rw->raw);
	if (fields)
		g_array_unref(fields);
	g_free(sender);
	if (orig_top)
		g_object_unref(orig_top);
	if (m)
		g_object_unref(m);
	if (st != TRIAGE_OK)
		triage_rewrite_free(&rw);
	*out = rw;
	return st;
}

void
triage_rewrite_free(triage_rewrite **rwp)
{
	triage_rewrite *rw = rwp ? *rwp : NULL;
	if (rw == NULL)
		return;
	*rwp = NULL;
	g_string_free(rw->log, TRUE);
	if (rw->body)
		g_byte_array_unref(rw->body);
	g_ptr_array_unref(rw->headers);
	g_ptr_array_unref(rw->stripped);
	g_free(rw);
}

triage_rewrite_outcome triage_rewrite_get_outcome(const triage_rewrite *rw) { return rw->outcome; }
bool triage_rewrite_changed(const triage_rewrite *rw) { return rw->outcome == TRIAGE_REWRITE_CHANGED; }
unsigned triage_rewrite_flags(const triage_rewrite *rw) { return rw->flags; }
const char *triage_rewrite_log(const triage_rewrite *rw) { return rw->log->str; }
size_t triage_rewrite_nheaders(const triage_rewrite *rw) { return rw->headers->len; }
size_t triage_rewrite_nstripped(const triage_rewrite *rw) { return rw->stripped->len; }

const unsigned char *
triage_rewrite_body(const triage_rewrite *rw, size_t *len)
{
	*len = rw->body ? rw->body->len : 0;
	return rw->body ? rw->body->data : NULL;
}

bool
triage_rewrite_header(const triage_rewrite *rw, size_t i, const char **name,
		      const char **value)
{
	if (i >= rw->headers->len)
		return false;
	rw_header *h = g_ptr_array_index(rw->headers, i);
	*name = h->name;
	*value = h->value;
	return true;
}

const char *
triage_rewrite_stripped_locator(const triage_rewrite *rw, size_t i)
{
	return i < rw->stripped->len ? ((rw_stripped *)g_ptr_array_index(rw->stripped, i))->locator : NULL;
}

const char *
triage_rewrite_stripped_name(const triage_rewrite *rw, size_t i)
{
	return i < rw->stripped->len ? ((rw_stripped *)g_ptr_array_index(rw->stripped, i))->name : NULL;
}

const unsigned char *
triage_rewrite_stripped_data(const triage_rewrite *rw, size_t i, size_t *len)
{
	*len = 0;
	if (i >= rw->stripped->len)
		return NULL;
	gsize n = 0;
	const unsigned char *d = g_bytes_get_data(((rw_stripped *)g_ptr_array_index(rw->stripped, i))->data, &n);
	*len = n;
	return d;
}

/* Original headers with the edits applied (CRLF), blank line, new body. */
unsigned char *
triage_rewrite_message(const triage_rewrite *rw, const unsigned char *msg,
		       size_t len, size_t *out_len)
{
	*out_len = 0;
	if (!triage_rewrite_changed(rw))
		return NULL;
	size_t body_start;
	GArray *fields = raw_fields(msg, len, &body_start);
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < fields->len; i++) {
		raw_field *f = &g_array_index(fields, raw_field, i);
		g_ptr_array_add(lines, g_strndup((const char *)msg + f->start, f->end - f->start));
	}
	for (guint e = 0; e < rw->headers->len; e++) {
		rw_header *h = g_ptr_array_index(rw->headers, e);
		int at = raw_find(msg, fields, h->name);
		char *line = h->value ? g_strdup_printf("%s: %s\r\n", h->name, h->value) : NULL;
		if (at >= 0 && lines->pdata[at]) {
			g_free(lines->pdata[at]);
			lines->pdata[at] = line;
		} else if (line) {
			g_ptr_array_add(lines, line);
		}
	}
	GString *o = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		const char *l = lines->pdata[i];
		for (; l && *l; l++) {
			if (*l == '\n' && (o->len == 0 || o->str[o->len - 1] != '\r'))
				g_string_append_c(o, '\r');
			g_string_append_c(o, *l);
		}
	}
	g_string_append(o, "\r\n");
	g_string_append_len(o, (const char *)rw->body->data, rw->body->len);
	g_ptr_array_unref(lines);
	g_array_unref(fields);
	*out_len = o->len;
	return (unsigned char *)g_string_free(o, FALSE);
}
