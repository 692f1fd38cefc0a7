/* pdf.c - embedded files of a PDF (and streams that are programs or archives). */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "blob.h"
#include "formats_int.h"

#define PDF_DICT_MAX (64u * 1024u)  /* "N G obj" is searched this far before "stream" */
#define PDF_SPEC_LOOK 4096u         /* a Filespec's name is searched this far around /EF */
#define PDF_NAME_MAX 512u           /* bytes of a file name string */
#define PDF_PEEK 16u                /* decoded bytes looked at for a signature */
#define PDF_TIME_EVERY 64u          /* streams between time budget checks */

/* One PDF being read. */
typedef struct pdf {
	triage_ctx *ctx;
	triage_object *o;
	const unsigned char *d;
	size_t n;
	GHashTable *names;   /* object number -> file name, from Filespec /EF */
	uint64_t count;      /* children added */
	bool stop;
	bool io_error;       /* a temp file could not be written */
	/*
	 * Memo of stream_dict: "stream" keywords close together (or a file of
	 * nothing else) would each search the same PDF_DICT_MAX bytes back.
	 */
	size_t obj_kw;       /* last keyword searched back from (0: none) */
	size_t obj_at;       /* just past the "obj" found for it, or 0 */
	bool dict_ok;        /* obj_number() of obj_at */
	uint64_t dict_num;
} pdf;

/* PDF white space. */
static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

/* PDF delimiters and white space end a name or keyword. */
static bool
is_delim(unsigned char c)
{
	return is_ws(c) || strchr("()<>[]{}/%", c) != NULL;
}

static size_t
skip_ws(const unsigned char *d, size_t n, size_t i)
{
	while (i < n && is_ws(d[i]))
		i++;
	return i;
}

/* An unsigned integer of at most 10 digits at d[*i]; false when none. */
static bool
parse_uint(const unsigned char *d, size_t n, size_t *i, uint64_t *v)
{
	size_t k = *i;
	uint64_t x = 0;
	while (k < n && k - *i < 10 && g_ascii_isdigit(d[k]))
		x = x * 10 + (uint64_t)(d[k++] - '0');
	if (k == *i || (k < n && g_ascii_isdigit(d[k])))
		return false;
	*i = k;
	*v = x;
	return true;
}

/* Offset just past the whole key `key` ("/Length", not "/Length1") in d[0,n), or n. */
static size_t
dict_find(const unsigned char *d, size_t n, const char *key)
{
	size_t m = strlen(key);
	for (size_t i = 0; i + m <= n;) {
		const unsigned char *p = memmem(d + i, n - i, key, m);
		if (p == NULL)
			break;
		size_t e = (size_t)(p - d) + m;
		if (e >= n || is_delim(d[e]))
			return e;
		i = e;
	}
	return n;
}

/* "N G R" at d[*i]: the object number. */
static bool
parse_ref(const unsigned char *d, size_t n, size_t i, uint64_t *num)
{
	uint64_t gen;
	i = skip_ws(d, n, i);
	if (!parse_uint(d, n, &i, num))
		return false;
	i = skip_ws(d, n, i);
	if (!parse_uint(d, n, &i, &gen))
		return false;
	i = skip_ws(d, n, i);
	return i < n && d[i] == 'R' && (i + 1 == n || is_delim(d[i + 1]));
}

/* A literal "(...)" or hex "<...>" string at d[i] as raw bytes; NULL when none. */
static GByteArray *
parse_string(const unsigned char *d, size_t n, size_t i)
{
	i = skip_ws(d, n, i);
	if (i >= n || (d[i] != '(' && d[i] != '<') || (d[i] == '<' && i + 1 < n && d[i + 1] == '<'))
		return NULL;
	GByteArray *s = g_byte_array_new();
	if (d[i] == '<') {
		int hi = -1;
		for (i++; i < n && d[i] != '>' && s->len < PDF_NAME_MAX; i++) {
			int v = g_ascii_xdigit_value(d[i]);
			if (v < 0)
				continue;
			if (hi < 0) {
				hi = v;
			} else {
				guint8 b = (guint8)(hi << 4 | v);
				g_byte_array_append(s, &b, 1);
				hi = -1;
			}
		}
		return s;
	}
	int depth = 1;
	for (i++; i < n && s->len < PDF_NAME_MAX; i++) {
		guint8 c = d[i];
		if (c == '\\' && i + 1 < n) {
			c = d[++i];
			if (c == 'n') c = '\n';
			else if (c == 'r') c = '\r';
			else if (c == 't') c = '\t';
			else if (c >= '0' && c <= '7') {
				unsigned v = 0;
				for (int k = 0; k < 3 && i < n && d[i] >= '0' && d[i] <= '7'; k++)
					v = v * 8 + (unsigned)(d[i++] - '0');
				i--;
				c = (guint8)v;
			}
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			break;
		}
		g_byte_array_append(s, &c, 1);
	}
	return s;
}

/* A PDF text string (UTF-16BE with BOM, else PDFDocEncoding ~ Latin-1) as a base file name. */
static char *
string_to_name(GByteArray *s)
{
	char *u = NULL;
	if (s->len >= 2 && s->data[0] == 0xFE && s->data[1] == 0xFF)
		u = g_convert((const char *)s->data + 2, s->len - 2, "UTF-8", "UTF-16BE",
			      NULL, NULL, NULL);
	else if (g_utf8_validate((const char *)s->data, s->len, NULL))
		u = g_strndup((const char *)s->data, s->len);
	else
		u = g_convert((const char *)s->data, s->len, "UTF-8", "ISO-8859-1",
			      NULL, NULL, NULL);
	if (u == NULL)
		return NULL;
	const char *base = u;
	for (const char *p = u; *p; p++)
		if (*p == '/' || *p == '\\' || *p == ':')
			base = p + 1;
	char *out = *base ? g_strdup(base) : NULL;
	g_free(u);
	return out;
}

/* The Filespec around the /EF at `ef`: its /UF or /F string as a name. */
static char *
filespec_name(const pdf *p, size_t ef)
{
	size_t lo = ef > PDF_SPEC_LOOK ? ef - PDF_SPEC_LOOK : 0;
	size_t hi = p->n - ef > PDF_SPEC_LOOK ? ef + PDF_SPEC_LOOK : p->n;
	/* stay inside this object: from its "obj" to its "endobj" */
	for (size_t i = ef; i > lo + 3; i--)
		if (memcmp(p->d + i - 3, "obj", 3) == 0) {
			lo = i;
			break;
		}
	const unsigned char *end = memmem(p->d + ef, hi - ef, "endobj", 6);
	if (end)
		hi = (size_t)(end - p->d);
	static const char *const keys[] = { "/UF", "/F" };
	for (int k = 0; k < 2; k++) {
		size_t from = lo;
		while (from < hi) {
			size_t at = dict_find(p->d + from, hi - from, keys[k]);
			if (at >= hi - from)
				break;
			GByteArray *s = parse_string(p->d, hi, from + at);
			if (s) {
				char *name = s->len ? string_to_name(s) : NULL;
				g_byte_array_free(s, TRUE);
				if (name)
					return name;
			}
			from += at;
		}
	}
	return NULL;
}

/* Every /EF << /F N 0 R >> of a Filespec: object N is an embedded file named by the spec. */
static void
collect_filespecs(pdf *p)
{
	size_t pos = 0;
	uint64_t cap = p->ctx->lim->max_embedded > 0 ? p->ctx->lim->max_embedded * 4 : 4096;
	while (pos < p->n && g_hash_table_size(p->names) < cap) {
		size_t at = dict_find(p->d + pos, p->n - pos, "/EF");
		if (at >= p->n - pos)
			break;
		size_t ef = pos + at - 3, i = skip_ws(p->d, p->n, pos + at);
		pos += at;
		if (p->n - i < 2 || memcmp(p->d + i, "<<", 2) != 0)
			continue;
		const unsigned char *close = memmem(p->d + i, p->n - i < 512 ? p->n - i : 512, ">>", 2);
		if (close == NULL)
			continue;
		size_t dn = (size_t)(close - p->d);
		char *name = NULL;
		static const char *const keys[] = { "/UF", "/F" };
		for (int k = 0; k < 2; k++) {
			size_t r = dict_find(p->d + i, dn - i, keys[k]);
			uint64_t num;
			if (r >= dn - i || !parse_ref(p->d, dn, i + r, &num))
				continue;
			if (name == NULL)
				name = filespec_name(p, ef);
			if (!g_hash_table_contains(p->names, GUINT_TO_POINTER((guint)num)))
				g_hash_table_insert(p->names, GUINT_TO_POINTER((guint)num),
						    g_strdup(name ? name : ""));
		}
		g_free(name);
	}
}

/* Inflate d[0,n) into w (at most `max` bytes out; 0 = writer's limit); false when the data is bad. */
static bool
inflate_to(const unsigned char *d, size_t n, triage_blob_writer *w, uint64_t max)
{
	z_stream z = {0};
	unsigned char out[16384];
	bool ok = true;
	uint64_t total = 0;
	if (inflateInit2(&z, 15 + 32) != Z_OK)   /* zlib or gzip header */
		return false;
	z.next_in = (Bytef *)(uintptr_t)d;
	size_t left = n;
	int r = Z_OK;
	while (r != Z_STREAM_END && !triage_blob_writer_truncated(w) &&
	       (max == 0 || total < max)) {
		if (z.avail_in == 0) {
			if (left == 0)
				break;
			z.avail_in = left > 0x40000000u ? 0x40000000u : (uInt)left;
			left -= z.avail_in;
		}
		size_t room = sizeof out;
		if (max > 0 && max - total < room)
			room = (size_t)(max - total);
		z.next_out = out;
		z.avail_out = (uInt)room;
		r = inflate(&z, Z_NO_FLUSH);
		size_t got = room - z.avail_out;
		if (got > 0)
			triage_blob_writer_write(w, out, got);
		total += got;
		if (r != Z_OK && r != Z_STREAM_END) {
			ok = r == Z_BUF_ERROR && got > 0;   /* no progress: input ends */
			if (!ok || (z.avail_in == 0 && left == 0))
				break;
		}
	}
	inflateEnd(&z);
	return ok;
}

/* Signatures of programs, archives and documents that carry them. */
static bool
risky_head(const unsigned char *h, size_t n)
{
	static const struct { const char *sig; size_t len; } sigs[] = {
		{"MZ", 2}, {"\x7F" "ELF", 4}, {"PK\3\4", 4}, {"\xD0\xCF\x11\xE0", 4},
		{"{\\rt", 4}, {"7z\xBC\xAF", 4}, {"Rar!", 4},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		if (n >= sigs[i].len && memcmp(h, sigs[i].sig, sigs[i].len) == 0)
			return true;
	return false;
}

/* Filter of a stream dictionary: 0 none, 1 FlateDecode alone, -1 anything else. */
static int
stream_filter(const unsigned char *dict, size_t dn)
{
	size_t i = dict_find(dict, dn, "/Filter");
	if (i >= dn)
		return 0;
	i = skip_ws(dict, dn, i);
	bool array = i < dn && dict[i] == '[';
	if (array)
		i = skip_ws(dict, dn, i + 1);
	int f = -1;
	if (dn - i >= 12 && memcmp(dict + i, "/FlateDecode", 12) == 0)
		i += 12, f = 1;
	else if (dn - i >= 3 && memcmp(dict + i, "/Fl", 3) == 0 && (dn - i == 3 || is_delim(dict[i + 3])))
		i += 3, f = 1;
	if (f == 1 && array) {
		i = skip_ws(dict, dn, i);
		if (i >= dn || dict[i] != ']')
			f = -1;   /* a chain of filters */
	}
	return f;
}

/* One stream d[s,e) with dictionary dict: a child when it is an embedded file or looks like a program. */
static void
take_stream(pdf *p, const unsigned char *dict, size_t dn, uint64_t num,
	    size_t s, size_t e)
{
	int filter = stream_filter(dict, dn);
	const char *spec = g_hash_table_lookup(p->names, GUINT_TO_POINTER((guint)num));
	bool embedded = spec != NULL || dict_find(dict, dn, "/EmbeddedFile") < dn;
	unsigned char head[PDF_PEEK];
	size_t hn = 0;

	if (!embedded) {
		if (filter < 0)
			return;   /* images (DCT, JBIG2, ...) and filter chains */
		if (filter == 0) {
			hn = e - s < PDF_PEEK ? e - s : PDF_PEEK;
			memcpy(head, p->d + s, hn);
		} else {
			triage_blob_writer *w = triage_blob_writer_new(p->ctx->tmp_dir, PDF_PEEK, PDF_PEEK);
			inflate_to(p->d + s, e - s, w, PDF_PEEK);
			triage_blob *b = triage_blob_writer_finish(&w);
			if (b == NULL)
				return;
			hn = triage_blob_size(b);
			memcpy(head, triage_blob_data(b), hn);
			triage_blob_unref(&b);
		}
		if (!risky_head(head, hn))
			return;
	}
	if (p->ctx->lim->max_embedded > 0 && p->count >= p->ctx->lim->max_embedded) {
		triage_object_set_unscanned(p->o, TRIAGE_UNSCANNED_LIMIT, "max_embedded");
		p->stop = true;
		return;
	}
	p->count++;
	char *name = spec && *spec ? g_strdup(spec) :
		g_strdup_printf("%s%" G_GUINT64_FORMAT ".bin", embedded ? "embedded" : "stream", num);
	triage_blob_writer *w = triage_ctx_writer(p->ctx);
	bool bad = false;
	if (filter == 0)
		triage_blob_writer_write(w, p->d + s, e - s);
	else if (filter == 1)
		bad = !inflate_to(p->d + s, e - s, w, 0);
	bool truncated = triage_blob_writer_truncated(w);
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		snprintf(p->ctx->err, sizeof p->ctx->err, "pdf: cannot write a temp file");
		p->stop = p->io_error = true;
		g_free(name);
		return;
	}
	triage_object *c = triage_fmt_add_blob(p->ctx, p->o, name, "embedded", blob,
					       truncated, &p->stop);
	if (filter < 0)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "PDF stream filter not supported");
	else if (bad)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "bad FlateDecode data");
	triage_blob_unref(&blob);
	g_free(name);
}

/* Offset just past the nearest "obj" before kw (within PDF_DICT_MAX), or 0. */
static size_t
obj_before(pdf *p, size_t kw)
{
	size_t lo = kw > PDF_DICT_MAX ? kw - PDF_DICT_MAX : 0;
	size_t floor = lo + 3 > 4 ? lo + 3 : 4;
	size_t seen = p->obj_kw, i;
	/* bytes up to the last keyword were searched already: only newer ones */
	for (i = kw; i >= floor && i > seen; i--)
		if (memcmp(p->d + i - 3, "obj", 3) == 0)
			break;
	if (i < floor)
		i = 0;
	else if (i == seen)
		i = p->obj_at >= floor ? p->obj_at : 0;
	p->obj_kw = kw;
	p->obj_at = i;
	return i;
}

/* Object number of the "N G obj" whose "obj" ends at i; false when it is "endobj" or has none. */
static bool
obj_number(const pdf *p, size_t i, uint64_t *num)
{
	size_t k = i - 3;
	if (k >= 3 && memcmp(p->d + k - 3, "end", 3) == 0)
		return false;
	/* back over white space, the generation, white space, the number */
	while (k > 0 && is_ws(p->d[k - 1]))
		k--;
	while (k > 0 && g_ascii_isdigit(p->d[k - 1]))
		k--;
	while (k > 0 && is_ws(p->d[k - 1]))
		k--;
	size_t nend = k;
	while (k > 0 && nend - k < 10 && g_ascii_isdigit(p->d[k - 1]))
		k--;
	*num = 0;
	size_t j = k;
	return k != nend && parse_uint(p->d, nend, &j, num);
}

/* Dictionary and object number of the stream whose keyword is at kw; false when not in "N G obj". */
static bool
stream_dict(pdf *p, size_t kw, size_t *ds, uint64_t *num)
{
	size_t before = p->obj_at, i = obj_before(p, kw);
	if (i == 0)
		return false;
	/* the same object as the last stream: the same answer, not read again */
	if (i != before)
		p->dict_ok = obj_number(p, i, &p->dict_num);
	*ds = i;
	*num = p->dict_num;
	return p->dict_ok;
}

/* Embedded files (and program-looking streams) of a PDF as children (kind "embedded"). */
triage_status
triage_pdf_run(triage_ctx *ctx, triage_object *o)
{
	pdf p = { .ctx = ctx, .o = o, .d = triage_object_data(o), .n = triage_object_size(o) };
	size_t pos = 0;
	unsigned nstreams = 0;

	/* Encrypted streams cannot be read without the key: leave the file alone. */
	if (memmem(p.d, p.n, "/Encrypt", 8) != NULL)
		return TRIAGE_OK;
	p.names = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	collect_filespecs(&p);
	while (!p.stop && pos < p.n) {
		const unsigned char *hit = memmem(p.d + pos, p.n - pos, "stream", 6);
		if (hit == NULL)
			break;
		size_t kw = (size_t)(hit - p.d), s = kw + 6;
		pos = s;
		if ((kw >= 3 && memcmp(hit - 3, "end", 3) == 0) || s >= p.n)
			continue;
		if (p.d[s] == '\r')
			s++;
		if (s >= p.n || (p.d[s] != '\n' && p.d[s - 1] != '\r'))
			continue;
		if (p.d[s] == '\n')
			s++;
		size_t ds;
		uint64_t num, len;
		/* every keyword counts: a file of bare "stream"s is work too */
		if (++nstreams % PDF_TIME_EVERY == 0 && triage_ctx_over_time(ctx)) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "time_budget_ms");
			break;
		}
		if (!stream_dict(&p, kw, &ds, &num))
			continue;
		/* /Length when direct and followed by endstream, else search for endstream */
		size_t e = p.n, li = dict_find(p.d + ds, kw - ds, "/Length");
		uint64_t ref;
		if (li < kw - ds) {
			size_t j = skip_ws(p.d, kw, ds + li);
			if (parse_uint(p.d, kw, &j, &len) && !parse_ref(p.d, kw, ds + li, &ref) &&
			    len <= p.n - s) {
				size_t t = skip_ws(p.d, p.n, s + (size_t)len);
				if (p.n - t >= 9 && memcmp(p.d + t, "endstream", 9) == 0)
					e = s + (size_t)len;
			}
		}
		if (e == p.n) {
			const unsigned char *es = memmem(p.d + s, p.n - s, "endstream", 9);
			if (es) {
				e = (size_t)(es - p.d);
				if (e > s && p.d[e - 1] == '\n')
					e--;
				if (e > s && p.d[e - 1] == '\r')
					e--;
			}
		}
		take_stream(&p, p.d + ds, kw - ds, num, s, e);
		pos = e > pos ? e : pos;
	}
	g_hash_table_destroy(p.names);
	if (p.io_error)
		return TRIAGE_ERR_IO;
	return triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE ? TRIAGE_WARN : TRIAGE_OK;
}
