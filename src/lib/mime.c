/* mime.c - walk an RFC 5322 message with GMime: parts, nested messages, bodies, subject. */
#include "config.h"

#include <string.h>

#include "analyzers.h"
#include "mime_int.h"

/* State of one walk over one message object (and its nested messages). */
typedef struct {
	triage_ctx *ctx;
	triage_object *top;       /* the object whose bytes are parsed */
	GMimeParserOptions *opts;
	GMimeFormatOptions *fmt;
	uint64_t nparts;          /* MIME entities seen */
	bool stop;                /* a message budget is spent: add nothing more */
	int crit;                 /* first GMime CRIT warning, 0 if none */
} mime_walk;

/* 8-bit header bytes in Japanese mail are UTF-8, EUC-JP or Shift_JIS. */
static const char *const fallback_charsets[] = {
	"UTF-8", "EUC-JP", "CP932", "ISO-8859-1", NULL
};

/* Same cleaning as object.c so that two segments compare as their paths do. */
static char *
segment_key(triage_object *parent, const char *seg)
{
	char *s = g_strconcat(triage_object_path(parent), "/", seg, NULL);
	for (char *p = s + strlen(triage_object_path(parent)) + 1; *p; p++)
		if (*p == '/' || (unsigned char)*p < 0x20)
			*p = '_';
	return s;
}

/* True when parent already has a child at this path segment. */
static bool
segment_taken(triage_object *parent, const char *seg)
{
	char *key = segment_key(parent, seg);
	bool taken = false;
	for (size_t i = 0; i < triage_object_nchildren(parent) && !taken; i++)
		taken = strcmp(triage_object_path(triage_object_child(parent, i)), key) == 0;
	g_free(key);
	return taken;
}

/* seg, or "stem(2).ext", "stem(3).ext", ... when seg is taken below parent. */
char *
triage_mime_unique_segment(triage_object *parent, const char *seg)
{
	if (seg == NULL || *seg == '\0')
		seg = "part";
	if (!segment_taken(parent, seg))
		return g_strdup(seg);
	const char *dot = strrchr(seg, '.');
	if (dot == seg)
		dot = NULL;
	size_t stem = dot ? (size_t)(dot - seg) : strlen(seg);
	for (unsigned i = 2; i < 100000; i++) {
		char *s = g_strdup_printf("%.*s(%u)%s", (int)stem, seg, i, dot ? dot : "");
		if (!segment_taken(parent, s))
			return s;
		g_free(s);
	}
	return g_strdup(seg);
}

/* Remember the first critical parser warning: parts may be read differently elsewhere. */
static void
on_parser_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
		  gpointer user_data)
{
	(void)offset; (void)item;
	mime_walk *w = user_data;
	switch (code) {
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_CONFLICTING_HEADER:
	case GMIME_CRIT_CONFLICTING_PARAMETER:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_NESTING_OVERFLOW:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		if (w->crit == 0)
			w->crit = (int)code;
		break;
	default:
		break;
	}
}

/* Extension for a nameless part of this type. */
static const char *
type_extension(const char *type)
{
	static const struct { const char *type, *ext; } map[] = {
		{"text/plain", "txt"}, {"text/html", "html"},
		{"text/calendar", "ics"}, {"text/csv", "csv"},
		{"text/xml", "xml"}, {"text/rtf", "rtf"}, {"application/rtf", "rtf"},
		{"text/enriched", "txt"}, {"message/delivery-status", "txt"},
		{"text/rfc822-headers", "txt"}, {"image/png", "png"},
		{"image/jpeg", "jpg"}, {"image/gif", "gif"},
		{"application/pdf", "pdf"}, {"application/zip", "zip"},
		{"application/ms-tnef", "dat"}, {"application/vnd.ms-tnef", "dat"},
		{"application/pkcs7-signature", "p7s"},
		{"application/x-pkcs7-signature", "p7s"},
		{"application/pkcs7-mime", "p7m"}, {"application/x-pkcs7-mime", "p7m"},
		{"application/pgp-signature", "asc"}, {"application/pgp-encrypted", "txt"},
		{"message/rfc822", "eml"}, {"message/global", "eml"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (g_ascii_strcasecmp(type, map[i].type) == 0)
			return map[i].ext;
	if (g_ascii_strncasecmp(type, "text/", 5) == 0)
		return "txt";
	return "bin";
}

/* "type/subtype" in lower case (text/plain when GMime has none). */
static char *
mime_type_of(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *t = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	char *lower = g_ascii_strdown(t ? t : "text/plain", -1);
	g_free(t);
	return lower;
}

/* Count one MIME entity against max_mime_parts; false when over. */
static bool
count_part(mime_walk *w)
{
	if (w->stop)
		return false;
	w->nparts++;
	if (w->ctx->lim->max_mime_parts > 0 &&
	    w->nparts > w->ctx->lim->max_mime_parts) {
		triage_object_set_unscanned(w->top, TRIAGE_UNSCANNED_LIMIT,
					    "max_mime_parts");
		w->stop = true;
		return false;
	}
	if (triage_ctx_over_time(w->ctx)) {
		triage_object_set_unscanned(w->top, TRIAGE_UNSCANNED_LIMIT,
					    "time_budget_ms");
		w->stop = true;
		return false;
	}
	return true;
}

/* Write `obj` through GMime into a blob (decoded for a part's content). */
static triage_blob *
decode_to_blob(mime_walk *w, GMimeObject *obj, bool *truncated, bool *failed)
{
	triage_blob_writer *bw = triage_ctx_writer(w->ctx);
	GMimeStream *out = triage_mime_stream_new_writer(bw);
	gint64 r = 0;
	if (GMIME_IS_PART(obj)) {
		GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(obj));
		if (content)
			r = g_mime_data_wrapper_write_to_stream(content, out);
	} else {
		r = g_mime_object_write_to_stream(obj, w->fmt, out);
	}
	*failed = r < 0;
	*truncated = triage_blob_writer_truncated(bw);
	g_object_unref(out);
	return triage_blob_writer_finish(&bw);
}

/* Add a body text (UTF-8, HTML reduced to its text) to ctx->texts. */
static void
collect_text(mime_walk *w, const triage_blob *blob, const char *type,
	     const char *charset)
{
	char *text = triage_mime_text_to_utf8(triage_blob_data(blob),
					      triage_blob_size(blob), charset);
	if (strcmp(type, "text/html") == 0) {
		char *plain = triage_mime_html_to_text(text, strlen(text));
		g_free(text);
		text = plain;
	}
	g_ptr_array_add(w->ctx->texts, text);
}

/* Is this part encrypted content we cannot open (PGP/MIME, S/MIME enveloped)? */
static bool
is_opaque_encrypted(GMimeObject *obj, GMimeObject *container, const char *type)
{
	if (container && GMIME_IS_MULTIPART_ENCRYPTED(container) &&
	    strcmp(type, "application/pgp-encrypted") != 0)
		return true;
	if (strcmp(type, "application/pkcs7-mime") == 0 ||
	    strcmp(type, "application/x-pkcs7-mime") == 0) {
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		const char *st = ct ? g_mime_content_type_get_parameter(ct, "smime-type") : NULL;
		return st == NULL || g_ascii_strcasecmp(st, "enveloped-data") == 0 ||
		       g_ascii_strcasecmp(st, "authEnveloped-data") == 0;
	}
	return false;
}

/* One leaf part as a child of parent. */
static triage_status
add_leaf(mime_walk *w, GMimeObject *obj, GMimeObject *container,
	 triage_object *parent, unsigned *leafno, const char *path)
{
	triage_ctx *ctx = w->ctx;
	char *type = mime_type_of(obj);
	const char *fname = GMIME_IS_PART(obj) ?
		g_mime_part_get_filename(GMIME_PART(obj)) : NULL;
	char *name = fname && *fname ? triage_mime_utf8_valid(fname) : NULL;
	const char *disp = g_mime_object_get_disposition(obj);
	bool is_attachment_disp = disp && g_ascii_strcasecmp(disp, "attachment") == 0;
	bool is_body = (strcmp(type, "text/plain") == 0 || strcmp(type, "text/html") == 0) &&
		       name == NULL && !is_attachment_disp;
	bool truncated = false, failed = false;
	triage_status st = TRIAGE_OK;

	(*leafno)++;
	triage_blob *blob = decode_to_blob(w, obj, &truncated, &failed);
	if (blob == NULL) {
		snprintf(ctx->err, sizeof ctx->err, "mime: cannot write a temp file");
		st = TRIAGE_ERR_IO;
		goto out;
	}
	char *fallback = g_strdup_printf("part%u.%s", *leafno, type_extension(type));
	char *seg = triage_mime_unique_segment(parent, name ? name : fallback);
	triage_object *child = triage_object_add_child(parent, seg, name, "mime", blob);
	g_free(seg);
	g_free(fallback);
	triage_object_set_locator(child, path);
	triage_object_set_declared_type(child, type);
	triage_object_set_bool(child, is_body ? TF_IS_BODY : TF_IS_ATTACHMENT, true);
	if (truncated)
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	if (failed)
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_CORRUPT,
					    "content could not be decoded");
	if (is_opaque_encrypted(obj, container, type))
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_ENCRYPTED,
					    "encrypted MIME content");
	if (triage_ctx_account(ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT) {
		w->stop = true;
		goto out;
	}
	if (is_body) {
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
		collect_text(w, blob, type, charset);
		if (strcmp(type, "text/plain") == 0)
			triage_mime_uudecode_blocks(ctx, parent, triage_blob_data(blob),
						    triage_blob_size(blob), &w->stop);
	}
	/* TNEF (winmail.dat) is opened by the engine (formats.c), as anywhere else. */
out:
	triage_blob_unref(&blob);
	g_free(name);
	g_free(type);
	return st;
}

static triage_status walk_entity(mime_walk *w, GMimeObject *obj,
				 GMimeObject *container, triage_object *parent,
				 unsigned *leafno, unsigned *msgno, const char *path);

/* Subject of a GMime message as UTF-8, or NULL. */
static char *
message_subject(GMimeMessage *m)
{
	const char *s = g_mime_message_get_subject(m);
	return s ? triage_mime_utf8_valid(s) : NULL;
}

/* A message/rfc822 (or message/global) part: a "message" child with its own leaves. */
static triage_status
add_message(mime_walk *w, GMimeMessagePart *mp, triage_object *parent,
	    unsigned *msgno, const char *path)
{
	GMimeMessage *m = g_mime_message_part_get_message(mp);
	bool truncated = false, failed = false;
	triage_status st = TRIAGE_OK;
	triage_blob *blob = NULL;

	(*msgno)++;
	if (m)
		blob = decode_to_blob(w, GMIME_OBJECT(m), &truncated, &failed);
	else
		blob = triage_blob_new_empty();
	if (blob == NULL) {
		snprintf(w->ctx->err, sizeof w->ctx->err, "mime: cannot write a temp file");
		return TRIAGE_ERR_IO;
	}
	const char *fname = g_mime_object_get_content_disposition_parameter(
		GMIME_OBJECT(mp), "filename");
	if (fname == NULL)
		fname = g_mime_object_get_content_type_parameter(GMIME_OBJECT(mp), "name");
	char *name = fname && *fname ? triage_mime_utf8_valid(fname) : NULL;
	char *fallback = g_strdup_printf("message%u.eml", *msgno);
	char *seg = triage_mime_unique_segment(parent, name ? name : fallback);
	triage_object *child = triage_object_add_child(parent, seg, name, "message", blob);
	triage_object_set_locator(child, path);
	g_free(seg);
	g_free(fallback);
	g_free(name);
	char *type = mime_type_of(GMIME_OBJECT(mp));
	triage_object_set_declared_type(child, type);
	g_free(type);
	triage_object_set_str(child, TF_TYPE, "eml");
	triage_object_set_bool(child, TF_IS_ATTACHMENT, true);
	if (truncated)
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	if (triage_ctx_account(w->ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT) {
		w->stop = true;
		goto out;
	}
	if (m == NULL || m->mime_part == NULL)
		goto out;
	if (triage_object_depth(child) >= w->ctx->lim->max_depth) {
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT, "max_depth");
		goto out;
	}
	char *subject = message_subject(m);
	if (subject)
		g_ptr_array_add(w->ctx->texts, subject);
	unsigned leafno = 0, inner_msgno = 0;
	/* IMAP numbering: the body of message part N is N.1 unless it is multipart. */
	char *inner = GMIME_IS_MULTIPART(m->mime_part) ? g_strdup(path)
		: g_strconcat(path, ".1", NULL);
	st = walk_entity(w, m->mime_part, NULL, child, &leafno, &inner_msgno, inner);
	g_free(inner);
out:
	triage_blob_unref(&blob);
	return st;
}

/* Walk one MIME entity: containers recurse, leaves become children of parent. */
static triage_status
walk_entity(mime_walk *w, GMimeObject *obj, GMimeObject *container,
	    triage_object *parent, unsigned *leafno, unsigned *msgno,
	    const char *path)
{
	if (!count_part(w))
		return TRIAGE_OK;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n && !w->stop; i++) {
			/* Locators are IMAP part numbers: "2", "2.1", ... */
			char *sub = *path ? g_strdup_printf("%s.%d", path, i + 1)
				: g_strdup_printf("%d", i + 1);
			triage_status st = walk_entity(w, g_mime_multipart_get_part(mp, i),
						       obj, parent, leafno, msgno, sub);
			g_free(sub);
			if (TRIAGE_IS_ERROR(st))
				return st;
		}
		return TRIAGE_OK;
	}
	if (GMIME_IS_MESSAGE_PART(obj))
		return add_message(w, GMIME_MESSAGE_PART(obj), parent, msgno, path);
	return add_leaf(w, obj, container, parent, leafno, path);
}

/* Not parseable as a message at all: the bytes are one plain text body. */
static triage_status
add_plain_body(mime_walk *w, triage_object *top)
{
	triage_blob *blob = triage_object_blob(top);
	triage_object *child = triage_object_add_child(top, "part1.txt", NULL, "mime", blob);
	triage_object_set_locator(child, "1");
	triage_object_set_declared_type(child, "text/plain");
	triage_object_set_bool(child, TF_IS_BODY, true);
	if (triage_ctx_account(w->ctx, child, triage_blob_size(blob)) == TRIAGE_LIMIT)
		return TRIAGE_OK;
	collect_text(w, blob, "text/plain", NULL);
	triage_mime_uudecode_blocks(w->ctx, top, triage_blob_data(blob),
				    triage_blob_size(blob), &w->stop);
	return TRIAGE_OK;
}

/* Parse the object's bytes as a message and add its parts as children. */
triage_status
triage_mime_walk(triage_ctx *ctx, triage_object *root)
{
	mime_walk w = { .ctx = ctx, .top = root };
	triage_status st = TRIAGE_OK;
	GMimeStream *in = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	unsigned leafno = 0, msgno = 0;

	w.opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(w.opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(w.opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(w.opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(w.opts, (const char **)fallback_charsets);
	g_mime_parser_options_set_warning_callback(w.opts, on_parser_warning, &w);
	w.fmt = g_mime_format_options_new();

	in = triage_mime_stream_new_blob(triage_object_blob(root));
	parser = g_mime_parser_new_with_stream(in);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	/* parts keep substreams of `in` instead of copies of their content */
	g_mime_parser_set_persist_stream(parser, TRUE);
	g_mime_parser_set_respect_content_length(parser, FALSE);
	msg = g_mime_parser_construct_message(parser, w.opts);

	if (msg == NULL || msg->mime_part == NULL) {
		if (triage_object_size(root) > 0)
			st = add_plain_body(&w, root);
		goto out;
	}
	if (root == ctx->root && ctx->subject == NULL)
		ctx->subject = message_subject(msg);
	else {
		char *subject = message_subject(msg);
		if (subject)
			g_ptr_array_add(ctx->texts, subject);
	}
	st = walk_entity(&w, msg->mime_part, NULL, root, &leafno, &msgno,
			 GMIME_IS_MULTIPART(msg->mime_part) ? "" : "1");
	if (w.crit != 0 && !TRIAGE_IS_ERROR(st))
		triage_object_set_unscanned(root, TRIAGE_UNSCANNED_CORRUPT,
					    "malformed MIME structure");
out:
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (in)
		g_object_unref(in);
	g_mime_format_options_free(w.fmt);
	g_mime_parser_options_free(w.opts);
	if (TRIAGE_IS_ERROR(st))
		return st;
	return triage_object_unscanned(root) != TRIAGE_UNSCANNED_NONE ? TRIAGE_WARN : TRIAGE_OK;
}
