/* fmt_fixtures.c - builders of PDF, ARJ, SZDD/KWAJ, BinHex and TNEF test files. */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "fmt_fixtures.h"

static void
put_le16(GByteArray *a, guint v)
{
	guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
	g_byte_array_append(a, b, 2);
}

static void
put_le32(GByteArray *a, guint32 v)
{
	guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
	g_byte_array_append(a, b, 4);
}

static void
put_be32(GByteArray *a, guint32 v)
{
	guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
	g_byte_array_append(a, b, 4);
}

/* zlib-compressed copy of the bytes. */
static GByteArray *
deflate_bytes(GBytes *in)
{
	gsize n;
	const guint8 *d = g_bytes_get_data(in, &n);
	uLongf cap = compressBound(n);
	GByteArray *out = g_byte_array_sized_new((guint)cap);
	g_byte_array_set_size(out, (guint)cap);
	g_assert(compress(out->data, &cap, d, n) == Z_OK);
	g_byte_array_set_size(out, (guint)cap);
	return out;
}

/* Append "N 0 obj << dict /Length L >> stream ... endstream endobj". */
static void
pdf_stream(GString *p, int num, const char *dict, const guint8 *d, gsize n,
	   const char *length)
{
	char *len = length ? g_strdup(length) : g_strdup_printf("%" G_GSIZE_FORMAT, n);
	g_string_append_printf(p, "%d 0 obj\n<< %s /Length %s >>\nstream\r\n", num, dict, len);
	g_string_append_len(p, (const char *)d, (gssize)n);
	g_string_append(p, "\r\nendstream\nendobj\n");
	g_free(len);
}

char *
fx_utf16_hex(const char *utf8)
{
	gsize n = 0;
	char *u = g_convert(utf8, -1, "UTF-16BE", "UTF-8", NULL, &n, NULL);
	GString *s = g_string_new("FEFF");
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(s, "%02X", (guint8)u[i]);
	g_free(u);
	return g_string_free(s, FALSE);
}

GBytes *
fx_pdf_embedded(GBytes *payload, const char *f_name, const char *uf_name,
		bool encrypt)
{
	GString *p = g_string_new("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
	g_string_append(p, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a) 4 0 R] >> >> >>\nendobj\n");
	g_string_append(p, "2 0 obj\n<< /Type /Pages /Count 0 /Kids [] >>\nendobj\n");
	GByteArray *z = deflate_bytes(payload);
	pdf_stream(p, 3, "/Type /EmbeddedFile /Filter /FlateDecode", z->data, z->len, NULL);
	g_byte_array_free(z, TRUE);
	g_string_append_printf(p, "4 0 obj\n<< /Type /Filespec /F (%s)", f_name);
	if (uf_name) {
		char *hex = fx_utf16_hex(uf_name);
		g_string_append_printf(p, " /UF <%s>", hex);
		g_free(hex);
	}
	g_string_append(p, " /EF << /F 3 0 R /UF 3 0 R >> >>\nendobj\n");
	g_string_append(p, "trailer\n<< /Root 1 0 R");
	if (encrypt)
		g_string_append(p, " /Encrypt 5 0 R");
	g_string_append(p, " >>\n%%EOF\n");
	gsize n = p->len;
	return g_bytes_new_take(g_string_free(p, FALSE), n);
}

GBytes *
fx_pdf_streams(GBytes *raw, bool flate, const char *length)
{
	GString *p = g_string_new("%PDF-1.4\n");
	g_string_append(p, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	GBytes *text = g_bytes_new_static("BT /F1 12 Tf 72 712 Td (Hello) Tj ET", 36);
	GByteArray *z = deflate_bytes(text);
	pdf_stream(p, 2, "/Filter /FlateDecode", z->data, z->len, NULL);
	g_byte_array_free(z, TRUE);
	g_bytes_unref(text);
	gsize n;
	const guint8 *d = g_bytes_get_data(raw, &n);
	if (flate) {
		z = deflate_bytes(raw);
		pdf_stream(p, 3, "/Filter [/FlateDecode]", z->data, z->len, length);
		g_byte_array_free(z, TRUE);
	} else {
		pdf_stream(p, 3, "", d, n, length);
	}
	g_string_append(p, "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
	n = p->len;
	return g_bytes_new_take(g_string_free(p, FALSE), n);
}

/* One ARJ header: basic header (30 fixed bytes, name, comment), CRC, no extended header. */
static void
arj_header(GByteArray *a, int type, int method, const char *name,
	   guint32 csize, guint32 osize, guint32 crc)
{
	GByteArray *h = g_byte_array_new();
	guint8 fixed[4] = { 30, 11, 1, 2 };   /* first header size, versions, host OS */
	g_byte_array_append(h, fixed, 4);
	guint8 more[4] = { 0, (guint8)method, (guint8)type, 0 };
	g_byte_array_append(h, more, 4);
	put_le32(h, 0x47EBCFE8);            /* DOS date/time */
	put_le32(h, csize);
	put_le32(h, osize);
	put_le32(h, crc);
	put_le16(h, 0);                     /* filespec position */
	put_le16(h, 0x20);                  /* access mode */
	put_le16(h, 0);                     /* host data */
	g_byte_array_append(h, (const guint8 *)name, (guint)strlen(name) + 1);
	g_byte_array_append(h, (const guint8 *)"", 1);   /* comment */
	guint8 id[2] = { 0x60, 0xEA };
	g_byte_array_append(a, id, 2);
	put_le16(a, h->len);
	g_byte_array_append(a, h->data, h->len);
	put_le32(a, (guint32)crc32(0, h->data, h->len));
	put_le16(a, 0);                     /* no extended header */
	g_byte_array_free(h, TRUE);
}

GBytes *
fx_arj(const fx_arj_member *m, size_t n)
{
	GByteArray *a = g_byte_array_new();
	arj_header(a, 2, 0, "test.arj", 0, 0, 0);
	for (size_t i = 0; i < n; i++) {
		gsize len;
		const guint8 *d = g_bytes_get_data(m[i].data, &len);
		arj_header(a, 0, m[i].method, m[i].name, (guint32)len,
			   (guint32)len * (m[i].method ? 2 : 1), (guint32)crc32(0, d, (uInt)len));
		g_byte_array_append(a, d, (guint)len);
	}
	guint8 end[4] = { 0x60, 0xEA, 0, 0 };
	g_byte_array_append(a, end, 4);
	return g_byte_array_free_to_bytes(a);
}

GBytes *
fx_lzss(GBytes *plain)
{
	gsize n;
	const guint8 *d = g_bytes_get_data(plain, &n);
	GByteArray *out = g_byte_array_new();
	gsize i = 0;
	while (i < n) {
		guint ctl_at = out->len;
		guint8 ctl = 0;
		g_byte_array_append(out, &ctl, 1);
		for (int bit = 0; bit < 8 && i < n; bit++) {
			gsize best = 0, best_j = 0;
			gsize lo = i > 4000 ? i - 4000 : 0;
			for (gsize j = lo; j < i; j++) {
				gsize k = 0;
				while (k < 18 && i + k < n && d[j + k] == d[i + k])
					k++;
				if (k > best) {
					best = k;
					best_j = j;
				}
			}
			if (best >= 3) {
				guint off = (guint)((4080 + best_j) & 0xFFF);
				guint8 pair[2] = { off & 0xFF, (guint8)(((off >> 4) & 0xF0) | (best - 3)) };
				g_byte_array_append(out, pair, 2);
				i += best;
			} else {
				out->data[ctl_at] |= (guint8)(1u << bit);
				g_byte_array_append(out, d + i, 1);
				i++;
			}
		}
	}
	return g_byte_array_free_to_bytes(out);
}

GBytes *
fx_szdd(GBytes *plain, char last, guint32 stated_size)
{
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, (const guint8 *)"SZDD\x88\xF0\x27\x33" "A", 9);
	g_byte_array_append(a, (const guint8 *)&last, 1);
	put_le32(a, stated_size);
	GBytes *z = fx_lzss(plain);
	gsize n;
	const guint8 *d = g_bytes_get_data(z, &n);
	g_byte_array_append(a, d, (guint)n);
	g_bytes_unref(z);
	return g_byte_array_free_to_bytes(a);
}

GBytes *
fx_kwaj(GBytes *plain, int method, const char *name, const char *ext)
{
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, (const guint8 *)"KWAJ\x88\xF0\x27\xD1", 8);
	put_le16(a, (guint)method);
	GByteArray *opt = g_byte_array_new();
	gsize n;
	const guint8 *d = g_bytes_get_data(plain, &n);
	put_le32(opt, (guint32)n);
	g_byte_array_append(opt, (const guint8 *)name, (guint)strlen(name) + 1);
	g_byte_array_append(opt, (const guint8 *)ext, (guint)strlen(ext) + 1);
	put_le16(a, 14 + opt->len);         /* data offset */
	put_le16(a, 1 | 8 | 16);            /* length, name, extension */
	g_byte_array_append(a, opt->data, opt->len);
	g_byte_array_free(opt, TRUE);
	if (method == 2) {
		GBytes *z = fx_lzss(plain);
		const guint8 *zd = g_bytes_get_data(z, &n);
		g_byte_array_append(a, zd, (guint)n);
		g_bytes_unref(z);
	} else {
		for (gsize i = 0; i < n; i++) {
			guint8 c = method == 1 ? d[i] ^ 0xFF : d[i];
			g_byte_array_append(a, &c, 1);
		}
	}
	return g_byte_array_free_to_bytes(a);
}

static guint16
crc16(const guint8 *d, gsize n)
{
	guint16 crc = 0;
	for (gsize i = 0; i < n; i++) {
		crc ^= (guint16)(d[i] << 8);
		for (int k = 0; k < 8; k++)
			crc = (guint16)(crc & 0x8000 ? crc << 1 ^ 0x1021 : crc << 1);
	}
	return crc;
}

static void
put_crc(GByteArray *a, gsize from)
{
	guint16 c = crc16(a->data + from, a->len - from);
	guint8 b[2] = { c >> 8, c & 0xff };
	g_byte_array_append(a, b, 2);
}

char *
fx_binhex(const char *name, GBytes *data)
{
	static const char abc[] =
		"!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
	gsize n;
	const guint8 *d = g_bytes_get_data(data, &n);
	GByteArray *raw = g_byte_array_new();
	guint8 nl = (guint8)strlen(name);
	g_byte_array_append(raw, &nl, 1);
	g_byte_array_append(raw, (const guint8 *)name, nl);
	g_byte_array_append(raw, (const guint8 *)"\0APPLMSWD\0\0", 11);  /* version, type, creator, flags */
	put_be32(raw, (guint32)n);
	put_be32(raw, 0);
	put_crc(raw, 0);
	gsize fork = raw->len;
	g_byte_array_append(raw, d, (guint)n);
	put_crc(raw, fork);
	put_crc(raw, raw->len);              /* empty resource fork */
	/* run-length: c 0x90 count for runs of 3..255; a literal 0x90 is 0x90 0x00 */
	GByteArray *rle = g_byte_array_new();
	for (guint i = 0; i < raw->len;) {
		guint8 c = raw->data[i];
		guint k = 1;
		while (i + k < raw->len && raw->data[i + k] == c && k < 255)
			k++;
		if (c == 0x90) {
			g_byte_array_append(rle, (const guint8 *)"\x90\x00", 2);
			i++;
		} else if (k >= 3) {
			guint8 run[3] = { c, 0x90, (guint8)k };
			g_byte_array_append(rle, run, 3);
			i += k;
		} else {
			g_byte_array_append(rle, &c, 1);
			i++;
		}
	}
	GString *s = g_string_new("(This file must be converted with BinHex 4.0)\n:");
	guint32 acc = 0;
	int bits = 0, col = 1;
	for (guint i = 0; i <= rle->len; i++) {
		if (i < rle->len) {
			acc = acc << 8 | rle->data[i];
			bits += 8;
		} else if (bits > 0) {
			acc <<= 6 - bits % 6;
			bits += 6 - bits % 6;
		}
		while (bits >= 6) {
			bits -= 6;
			g_string_append_c(s, abc[(acc >> bits) & 0x3F]);
			if (++col == 64) {
				g_string_append_c(s, '\n');
				col = 0;
			}
		}
	}
	g_string_append(s, ":\n");
	g_byte_array_free(raw, TRUE);
	g_byte_array_free(rle, TRUE);
	return g_string_free(s, FALSE);
}

/* Append one TNEF attribute record with its checksum. */
static void
tnef_rec(GByteArray *a, guint8 level, guint32 id, const void *data, guint32 len)
{
	g_byte_array_append(a, &level, 1);
	put_le32(a, id);
	put_le32(a, len);
	g_byte_array_append(a, data, len);
	guint16 sum = 0;
	for (guint32 i = 0; i < len; i++)
		sum = (guint16)(sum + ((const guint8 *)data)[i]);
	put_le16(a, sum);
}

GBytes *
fx_tnef(const char *title, GBytes *data, bool break_checksum)
{
	static const guint8 sig[6] = { 0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00 };
	static const guint8 version[4] = { 0x00, 0x00, 0x01, 0x00 };
	static const guint8 rend[14] = { 0x01, 0x00, 0xff, 0xff, 0xff, 0xff };
	gsize n;
	const guint8 *d = g_bytes_get_data(data, &n);
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, sig, sizeof sig);
	tnef_rec(a, 1, 0x00089006, version, sizeof version);
	tnef_rec(a, 2, 0x00069002, rend, sizeof rend);
	tnef_rec(a, 2, 0x00018010, title, (guint32)strlen(title) + 1);
	tnef_rec(a, 2, 0x0006800F, d, (guint32)n);
	if (break_checksum)
		a->data[a->len - 1] ^= 0x55;
	return g_byte_array_free_to_bytes(a);
}
