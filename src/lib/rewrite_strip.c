/* rewrite_strip.c - find parts by locator, replace attachments by a note. */
#include "config.h"

#include <string.h>

#include "rewrite_int.h"

/* multipart/signed, or an S/MIME signed-data blob. */
bool
rw_is_signed(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	if (ct == NULL)
		return false;
	if (g_mime_content_type_is_type(ct, "multipart", "signed"))
		return true;
	if (g_mime_content_type_is_type(ct, "application", "pkcs7-mime") ||
	    g_mime_content_type_is_type(ct, "application", "x-pkcs7-mime")) {
		const char *st = g_mime_content_type_get_parameter(ct, "smime-type");
		return st && g_ascii_strcasecmp(st, "signed-data") == 0;
	}
	return false;
}

/* multipart/encrypted, or S/MIME that is not signed-data (enveloped). */
bool
rw_is_encrypted(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	if (ct == NULL)
		return false;
	if (g_mime_content_type_is_type(ct, "multipart", "encrypted"))
		return true;
	if (g_mime_content_type_is_type(ct, "application", "pkcs7-mime") ||
	    g_mime_content_type_is_type(ct, "application", "x-pkcs7-mime"))
		return !rw_is_signed(o);
	return false;
}

/*
 * The part at an IMAP-style path as g_mime_part_iter_get_path() gives it:
 * "0" is the top part of a single-part message, "2" the second child of
 * the top multipart, "2.1" the first child of that (through a
 * message/rfc822 part's message).  Sets the parent multipart and index
 * (NULL/-1 for the top part).  NULL when the path leads nowhere or goes
 * through a signed or encrypted container, which must not be changed.
 */
GMimeObject *
rw_find_locator(GMimeObject *top, const char *locator, GMimeMultipart **parent,
		int *index)
{
	GMimeObject *cur = top;
	*parent = NULL;
	*index = -1;
	if (locator == NULL || *locator == '\0')
		return NULL;
	if (strcmp(locator, "0") == 0)
		return top;
	char **segs = g_strsplit(locator, ".", 32);
	GMimeObject *found = NULL;
	for (size_t i = 0; segs[i]; i++) {
		char *end = NULL;
		guint64 n = g_ascii_strtoull(segs[i], &end, 10);
		if (end == segs[i] || *end != '\0' || n == 0 || n > RW_MAX_PARTS)
			goto out;
		if (GMIME_IS_MESSAGE_PART(cur)) {
			GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(cur));
			cur = m ? g_mime_message_get_mime_part(m) : NULL;
		}
		if (cur == NULL || !GMIME_IS_MULTIPART(cur) || rw_is_signed(cur) ||
		    rw_is_encrypted(cur))
			goto out;
		GMimeMultipart *mp = GMIME_MULTIPART(cur);
		if ((int)n > g_mime_multipart_get_count(mp))
			goto out;
		*parent = mp;
		*index = (int)n - 1;
		cur = g_mime_multipart_get_part(mp, (int)n - 1);
	}
	found = cur;
out:
	g_strfreev(segs);
	if (found == NULL) {
		*parent = NULL;
		*index = -1;
	}
	return found;
}

/* A text/plain part holding UTF-8 text; 7bit when ASCII, else base64. */
GMimePart *
rw_text_part_new(const char *text, const char *filename)
{
	GMimeTextPart *t = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_charset(t, "utf-8");
	g_mime_text_part_set_text(t, text);
	GMimePart *p = GMIME_PART(t);
	bool ascii = true;
	for (const char *c = text; *c; c++)
		if (*c & 0x80)
			ascii = false;
	g_mime_part_set_content_encoding(p, ascii ? GMIME_CONTENT_ENCODING_7BIT :
					 GMIME_CONTENT_ENCODING_BASE64);
	if (filename) {
		g_mime_object_set_disposition(GMIME_OBJECT(p), "attachment");
		g_mime_part_set_filename(p, filename);
	}
	return p;
}

/* What the removed part held: decoded content, or the serialized object. */
static GBytes *
object_bytes(GMimeObject *o)
{
	if (GMIME_IS_PART(o)) {
		GByteArray *ba = rw_part_decode(GMIME_PART(o));
		return g_byte_array_free_to_bytes(ba);
	}
	GMimeStream *mem = g_mime_stream_mem_new();
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m)
			g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, mem);
	} else {
		g_mime_object_write_to_stream(o, NULL, mem);
	}
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	GBytes *b = g_bytes_new(ba->data, ba->len);
	g_object_unref(mem);
	return b;
}

/* The reader's name of a part: the request's, the part's, or a default. */
static char *
part_name(GMimeObject *o, const rw_strip *s)
{
	const char *n = s->name && *s->name ? s->name : NULL;
	if (n == NULL && GMIME_IS_PART(o))
		n = g_mime_part_get_filename(GMIME_PART(o));
	if (n == NULL || *n == '\0')
		n = "attachment";
	/* The note's own file name must not carry path or bidi tricks. */
	char *clean = rw_sanitize(n);
	g_strdelimit(clean, "/\\", '_');
	return clean;
}

/*
 * Replace every strip target by a text/plain "<name>.removed.txt" saying
 * what was removed and why; the removed content goes to rw->stripped.
 */
void
rw_strip_parts(triage_rewrite *rw, GMimeMessage *m, const triage_banner *b,
	       const triage_rewrite_request *q, const char *sender)
{
	unsigned n = 0;
	for (size_t i = 0; i < q->strips->len; i++) {
		const rw_strip *s = g_ptr_array_index(q->strips, i);
		GMimeObject *top = g_mime_message_get_mime_part(m);
		GMimeMultipart *parent;
		int index;
		GMimeObject *o = top ? rw_find_locator(top, s->locator, &parent, &index) : NULL;
		if (o == NULL) {
			rw_log(rw, "strip=not-found locator=%s", s->locator);
			continue;
		}
		if (rw_is_signed(o) || rw_is_encrypted(o)) {
			rw_log(rw, "strip=skipped locator=%s reason=%s", s->locator,
			       rw_is_signed(o) ? "signed" : "encrypted");
			continue;
		}
		char *name = part_name(o, s);
		char *fname = g_strconcat(name, ".removed.txt", NULL);
		rw_strip named = *s;
		named.name = name;
		char *text = rw_removed_text(b, q, &named, sender);
		GMimePart *note = rw_text_part_new(text, fname);

		rw_stripped *st = g_new0(rw_stripped, 1);
		st->locator = g_strdup(s->locator);
		st->name = g_strdup(name);
		st->data = object_bytes(o);
		g_ptr_array_add(rw->stripped, st);

		if (parent) {
			GMimeObject *old = g_mime_multipart_replace(parent, index, GMIME_OBJECT(note));
			if (old)
				g_object_unref(old);
		} else {
			g_mime_message_set_mime_part(m, GMIME_OBJECT(note));
		}
		g_object_unref(note);
		g_free(text);
		g_free(fname);
		g_free(name);
		n++;
	}
	if (n) {
		rw->flags |= TRIAGE_REWRITE_STRIPPED;
		rw_log(rw, "stripped=%u", n);
	}
}
