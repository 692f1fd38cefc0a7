/* rewrite_write.c - write the body back: untouched parts as their original bytes. */
#include "config.h"

#include <string.h>

#include "rewrite_int.h"

/*
 * GMime re-serializes every part it is asked to write, and does not
 * reproduce everything byte for byte (a nested multipart whose close
 * delimiter is directly followed by the parent's gets an extra line end).
 * So the original bytes of every part are recorded right after parsing,
 * and a part is written by GMime only when it, or something inside it,
 * was changed; the rest is copied.
 */

/* Where an object's bytes were in the original message. */
typedef struct raw_entry {
	GMimeObject *obj;        /* a reference, so the address cannot be reused */
	GMimeObject *parent;
	int index;               /* position in the parent multipart */
	const char *p;           /* headers + blank line + content (top: content only) */
	size_t n;
	bool split_ok;           /* multipart: delimiters match GMime's children */
} raw_entry;

/* Delimiter positions of one multipart body. */
typedef struct mp_split {
	GArray *dstart;          /* size_t: start of each delimiter (its line end before) */
	GArray *dend;            /* size_t: just past each delimiter line */
	size_t tail;             /* start of the close delimiter, or the end */
} mp_split;

struct rw_raw {
	GHashTable *map;         /* GMimeObject * -> raw_entry * */
	GHashTable *changed;     /* GMimeObject * set */
};

static void
entry_free(gpointer p)
{
	raw_entry *e = p;
	g_object_unref(e->obj);
	g_free(e);
}

/* Past the header block of a part (just past its empty line). */
static size_t
header_end(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (p[i] == '\n')
			return i + 1;             /* empty first line: no headers */
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
			return i + 2;
		const char *nl = memchr(p + i, '\n', n - i);
		if (nl == NULL)
			return n;
		i = (size_t)(nl - p) + 1;
	}
	return n;
}

/* A delimiter line: "--" boundary, optionally "--", then only blanks. */
static int
delimiter_kind(const char *line, size_t len, const char *b, size_t blen)
{
	if (len < blen + 2 || line[0] != '-' || line[1] != '-' ||
	    memcmp(line + 2, b, blen) != 0)
		return 0;
	size_t i = blen + 2;
	int kind = 1;
	if (i + 1 < len && line[i] == '-' && line[i + 1] == '-') {
		kind = 2;
		i += 2;
	}
	for (; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
			return 0;
	return kind;
}

/* Split a multipart body at its delimiters (RFC 2046 5.1.1). */
static void
split_body(const char *c, size_t n, const char *boundary, mp_split *s)
{
	size_t blen = strlen(boundary), i = 0;
	s->dstart = g_array_new(FALSE, FALSE, sizeof(size_t));
	s->dend = g_array_new(FALSE, FALSE, sizeof(size_t));
	s->tail = n;
	while (i < n) {
		const char *nl = memchr(c + i, '\n', n - i);
		size_t le = nl ? (size_t)(nl - c) + 1 : n;
		int k = delimiter_kind(c + i, le - i, boundary, blen);
		if (k) {
			/* The line end before a delimiter belongs to it. */
			size_t st = i;
			size_t floor = s->dend->len ? g_array_index(s->dend, size_t, s->dend->len - 1) : 0;
			if (st > floor && c[st - 1] == '\n')
				st--;
			if (st > floor && c[st - 1] == '\r')
				st--;
			if (k == 2) {
				s->tail = st;
				break;
			}
			g_array_append_val(s->dstart, st);
			g_array_append_val(s->dend, le);
		}
		i = le;
	}
}

static void
split_free(mp_split *s)
{
	g_array_unref(s->dstart);
	g_array_unref(s->dend);
}

/* Record the bytes of o (content span [c, c+n)) and of everything below. */
static void
record(struct rw_raw *raw, GMimeObject *o, GMimeObject *parent, int index,
       const char *whole, size_t wn, const char *c, size_t n, int depth)
{
	raw_entry *e = g_new0(raw_entry, 1);
	e->obj = g_object_ref(o);
	e->parent = parent;
	e->index = index;
	e->p = whole;
	e->n = wn;
	g_hash_table_insert(raw->map, o, e);
	if (!GMIME_IS_MULTIPART(o) || depth > 32)
		return;
	GMimeMultipart *mp = GMIME_MULTIPART(o);
	const char *b = g_mime_multipart_get_boundary(mp);
	if (b == NULL)
		return;
	mp_split s;
	split_body(c, n, b, &s);
	int count = g_mime_multipart_get_count(mp);
	if ((int)s.dstart->len == count) {
		e->split_ok = true;
		for (int i = 0; i < count; i++) {
			size_t st = g_array_index(s.dend, size_t, i);
			size_t en = i + 1 < count ? g_array_index(s.dstart, size_t, i + 1) : s.tail;
			size_t h = header_end(c + st, en - st);
			record(raw, g_mime_multipart_get_part(mp, i), o, i, c + st, en - st,
			       c + st + h, en - st - h, depth + 1);
		}
	}
	split_free(&s);
}

/* Remember the original bytes of every part of m (body starts at body). */
struct rw_raw *
rw_raw_new(GMimeMessage *m, const char *body, size_t n)
{
	struct rw_raw *raw = g_new0(struct rw_raw, 1);
	raw->map = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, entry_free);
	raw->changed = g_hash_table_new(g_direct_hash, g_direct_equal);
	GMimeObject *top = g_mime_message_get_mime_part(m);
	if (top)
		record(raw, top, NULL, -1, body, n, body, n, 0);
	return raw;
}

void
rw_raw_free(struct rw_raw **rp)
{
	struct rw_raw *raw = rp ? *rp : NULL;
	if (raw == NULL)
		return;
	*rp = NULL;
	g_hash_table_unref(raw->map);
	g_hash_table_unref(raw->changed);
	g_free(raw);
}

/* o's content was changed in place. */
void
rw_raw_touch(struct rw_raw *raw, GMimeObject *o)
{
	g_hash_table_add(raw->changed, o);
}

/* True when o or anything below it differs from the original. */
static bool
dirty(struct rw_raw *raw, GMimeObject *o, int depth)
{
	if (!g_hash_table_contains(raw->map, o) || g_hash_table_contains(raw->changed, o))
		return true;
	if (GMIME_IS_MULTIPART(o) && depth < 32) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++) {
			GMimeObject *c = g_mime_multipart_get_part(mp, i);
			raw_entry *e = g_hash_table_lookup(raw->map, c);
			if (e == NULL || e->parent != o || e->index != i || dirty(raw, c, depth + 1))
				return true;
		}
	}
	return false;
}

/* GMime's serialization of o (content only for the top), CRLF line ends. */
static void
write_gmime(GByteArray *out, GMimeObject *o, bool top)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GMimeStream *f = g_mime_stream_filter_new(mem);
	GMimeFilter *crlf = g_mime_filter_unix2dos_new(FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), crlf);
	g_object_unref(crlf);
	if (top)
		g_mime_object_write_content_to_stream(o, NULL, f);
	else
		g_mime_object_write_to_stream(o, NULL, f);
	g_mime_stream_flush(f);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_byte_array_append(out, ba->data, ba->len);
	g_object_unref(f);
	g_object_unref(mem);
}

static void
put(GByteArray *out, const char *p, size_t n)
{
	g_byte_array_append(out, (const guint8 *)p, (guint)n);
}

/* Write o: original bytes when untouched, spliced when a child changed. */
static void
write_obj(struct rw_raw *raw, GByteArray *out, GMimeObject *o, bool top, int depth)
{
	raw_entry *e = g_hash_table_lookup(raw->map, o);
	if (e && !dirty(raw, o, depth)) {
		put(out, e->p, e->n);
		return;
	}
	if (e == NULL || !e->split_ok || !GMIME_IS_MULTIPART(o) ||
	    g_hash_table_contains(raw->changed, o) || depth > 32) {
		write_gmime(out, o, top);
		return;
	}
	/* A multipart of the original with a changed child: splice. */
	size_t h = top ? 0 : header_end(e->p, e->n);
	put(out, e->p, h);
	const char *c = e->p + h;
	size_t n = e->n - h;
	GMimeMultipart *mp = GMIME_MULTIPART(o);
	const char *b = g_mime_multipart_get_boundary(mp);
	mp_split s;
	split_body(c, n, b, &s);
	size_t pre = s.dstart->len ? g_array_index(s.dstart, size_t, 0) : 0;
	put(out, c, pre);
	for (int i = 0; i < g_mime_multipart_get_count(mp); i++) {
		GMimeObject *child = g_mime_multipart_get_part(mp, i);
		raw_entry *ce = g_hash_table_lookup(raw->map, child);
		if (ce && ce->parent == o && ce->index >= 0 && (guint)ce->index < s.dstart->len) {
			size_t ds = g_array_index(s.dstart, size_t, ce->index);
			size_t de = g_array_index(s.dend, size_t, ce->index);
			if (i > 0 && c[ds] != '\r' && c[ds] != '\n')
				put(out, "\r\n", 2);
			put(out, c + ds, de - ds);
		} else {
			/* A new part: a plain delimiter. */
			if (i > 0 || pre > 0)
				put(out, "\r\n", 2);
			put(out, "--", 2);
			put(out, b, strlen(b));
			put(out, "\r\n", 2);
		}
		write_obj(raw, out, child, false, depth + 1);
	}
	if (s.tail < n) {
		put(out, c + s.tail, n - s.tail);
	} else {
		/* The original had no close delimiter: give it one. */
		put(out, "\r\n--", 4);
		put(out, b, strlen(b));
		put(out, "--\r\n", 4);
	}
	split_free(&s);
}

/* The new body of m. */
GByteArray *
rw_raw_write(struct rw_raw *raw, GMimeMessage *m)
{
	GByteArray *out = g_byte_array_new();
	GMimeObject *top = g_mime_message_get_mime_part(m);
	if (top)
		write_obj(raw, out, top, true, 0);
	return out;
}
