/* formats_szdd.c - MS compress.exe files: SZDD (LZSS) and KWAJ (stored, XOR, LZSS). */
#include "config.h"

#include <string.h>

#include "blob.h"
#include "formats_int.h"

#define SZDD_HDR 14
#define KWAJ_HDR 14
#define LZSS_WINDOW 4096u
#define LZSS_START (LZSS_WINDOW - 16u)   /* compress.exe starts writing here */

static const unsigned char szdd_magic[8] = { 'S', 'Z', 'D', 'D', 0x88, 0xF0, 0x27, 0x33 };
static const unsigned char kwaj_magic[8] = { 'K', 'W', 'A', 'J', 0x88, 0xF0, 0x27, 0xD1 };

/* Output buffered in chunks: one writer call per byte would be slow. */
typedef struct out_buf {
	triage_blob_writer *w;
	unsigned char buf[4096];
	size_t len;
	uint64_t total, max;
} out_buf;

/* Append one byte; false once `max` bytes are out. */
static bool
out_put(out_buf *o, unsigned char c)
{
	if (o->total >= o->max)
		return false;
	o->buf[o->len++] = c;
	o->total++;
	if (o->len == sizeof o->buf) {
		triage_blob_writer_write(o->w, o->buf, o->len);
		o->len = 0;
	}
	return true;
}

/* LZSS of compress.exe: flag bits LSB first, 1 = literal, 0 = 12-bit offset + 4-bit length. */
void
triage_szdd_lzss(const unsigned char *d, size_t n, uint64_t max,
		 triage_blob_writer *w)
{
	out_buf o = { .w = w, .max = max };
	unsigned char win[LZSS_WINDOW];
	unsigned pos = LZSS_START;
	size_t i = 0;

	memset(win, ' ', sizeof win);
	while (i < n && o.total < max) {
		unsigned flags = d[i++];
		for (int bit = 0; bit < 8 && i < n; bit++, flags >>= 1) {
			if (flags & 1) {
				unsigned char c = d[i++];
				win[pos] = c;
				pos = (pos + 1) & (LZSS_WINDOW - 1);
				if (!out_put(&o, c))
					goto out;
				continue;
			}
			if (n - i < 2)
				goto out;
			unsigned off = d[i] | (unsigned)(d[i + 1] & 0xF0) << 4;
			unsigned len = (d[i + 1] & 0x0Fu) + 3u;
			i += 2;
			for (unsigned k = 0; k < len; k++) {
				unsigned char c = win[(off + k) & (LZSS_WINDOW - 1)];
				win[pos] = c;
				pos = (pos + 1) & (LZSS_WINDOW - 1);
				if (!out_put(&o, c))
					goto out;
			}
		}
	}
out:
	if (o.len > 0)
		triage_blob_writer_write(w, o.buf, o.len);
}

/*
 * Name of the expanded file: "setup.ex_" with the header's missing last
 * character restored, else the archive name without its last extension
 * ("clam.exe.szdd" -> "clam.exe").
 */
static char *
expanded_name(const triage_object *o, unsigned char last)
{
	const char *name = triage_object_name(o);
	if (name == NULL || *name == '\0')
		return g_strdup("expanded.bin");
	size_t len = strlen(name);
	if (name[len - 1] == '_' && last > 0x20 && last < 0x7F && last != '/') {
		char *s = g_strdup(name);
		s[len - 1] = (char)last;
		return s;
	}
	const char *dot = strrchr(name, '.');
	if (dot && dot != name && dot[1] != '\0')
		return g_strndup(name, (size_t)(dot - name));
	return g_strconcat(name, ".bin", NULL);
}

/* Run the LZSS (or a copy) into a child; marks the file corrupt when short. */
static triage_status
add_expanded(triage_ctx *ctx, triage_object *o, char *name, int method,
	     const unsigned char *d, size_t n, uint64_t want)
{
	triage_blob_writer *w = triage_ctx_writer(ctx);
	bool stop = false;
	uint64_t max = want;
	if (ctx->lim->max_object_size > 0 && max > ctx->lim->max_object_size + 1)
		max = ctx->lim->max_object_size + 1;   /* +1: the writer marks the cut */

	if (method == 2) {
		triage_szdd_lzss(d, n, max, w);
	} else {
		size_t take = (uint64_t)n < max ? n : (size_t)max;
		if (method == 1) {   /* every byte XOR 0xFF */
			for (size_t i = 0; i < take;) {
				unsigned char buf[4096];
				size_t k = 0;
				for (; k < sizeof buf && i < take; k++, i++)
					buf[k] = d[i] ^ 0xFF;
				triage_blob_writer_write(w, buf, k);
			}
		} else {
			triage_blob_writer_write(w, d, take);
		}
	}
	bool truncated = triage_blob_writer_truncated(w);
	uint64_t got = triage_blob_writer_size(w);
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		snprintf(ctx->err, sizeof ctx->err, "szdd: cannot write a temp file");
		g_free(name);
		return TRIAGE_ERR_IO;
	}
	triage_fmt_add_blob(ctx, o, name, "member", blob, truncated, &stop);
	triage_blob_unref(&blob);
	g_free(name);
	if (!truncated && want != UINT64_MAX && got < want)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "compressed data ends early");
	return TRIAGE_OK;
}

/* KWAJ: method, data offset and the optional header fields (name, length). */
static triage_status
kwaj_run(triage_ctx *ctx, triage_object *o, const unsigned char *d, size_t n)
{
	unsigned method = fmt_le16(d + 8);
	size_t data_off = fmt_le16(d + 10);
	unsigned flags = fmt_le16(d + 12);
	size_t p = KWAJ_HDR;
	uint64_t want = UINT64_MAX;
	char fname[9] = "", fext[4] = "";

	if (flags & 1) {
		if (n - p < 4)
			goto corrupt;
		want = fmt_le32(d + p);
		p += 4;
	}
	if (flags & 2)
		p += 2;
	if ((flags & 4) && p + 2 <= n)
		p += 2 + (size_t)fmt_le16(d + p);
	/* name (at most 8 chars) and extension (at most 3), NUL-terminated */
	for (int f = 0; f < 2; f++) {
		char *dst = f == 0 ? fname : fext;
		size_t cap = f == 0 ? 9 : 4;
		if (!(flags & (8u << f)))
			continue;
		size_t k = 0;
		while (p < n && d[p] != 0 && k + 1 < cap)
			dst[k++] = (char)d[p++];
		dst[k] = '\0';
		if (p < n && d[p] == 0)
			p++;
	}
	if (p > n || data_off > n || data_off < KWAJ_HDR)
		goto corrupt;
	if (method > 2) {
		char *detail = g_strdup_printf("KWAJ method %u not supported", method);
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, detail);
		g_free(detail);
		return TRIAGE_WARN;
	}
	char *name = NULL;
	for (const char *s = fname; *s; s++)
		if (!g_ascii_isprint(*s) || *s == '/')
			fname[0] = '\0';
	if (fname[0])
		name = fext[0] ? g_strconcat(fname, ".", fext, NULL) : g_strdup(fname);
	else
		name = expanded_name(o, 0);
	return add_expanded(ctx, o, name, (int)method, d + data_off, n - data_off, want);
corrupt:
	triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, "bad KWAJ header");
	return TRIAGE_WARN;
}

/* The file inside an SZDD or KWAJ file as a child (kind "member"). */
triage_status
triage_szdd_run(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *d = triage_object_data(o);
	size_t n = triage_object_size(o);

	if (n >= KWAJ_HDR && memcmp(d, kwaj_magic, 8) == 0)
		return kwaj_run(ctx, o, d, n);
	if (n < SZDD_HDR || memcmp(d, szdd_magic, 8) != 0 || d[8] != 'A') {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, "bad SZDD header");
		return TRIAGE_WARN;
	}
	return add_expanded(ctx, o, expanded_name(o, d[9]), 2, d + SZDD_HDR,
			    n - SZDD_HDR, fmt_le32(d + 10));
}
