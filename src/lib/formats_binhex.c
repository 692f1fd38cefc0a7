/* formats_binhex.c - BinHex 4.0 (.hqx): the data fork of the Mac file it carries. */
#include "config.h"

#include <string.h>

#include "blob.h"
#include "filetype_int.h"
#include "formats_int.h"

#define HQX_BANNER "(This file must be converted with BinHex"
#define HQX_RLE 0x90
#define HQX_NAME_MAX 63

static const char hqx_alphabet[] =
	"!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";

/* Decoder state: 6-bit characters -> bytes -> run-length expansion. */
typedef struct hqx {
	const unsigned char *d;
	size_t n, i;
	uint32_t acc;
	int bits;
	int last;          /* previous output byte, -1 before the first */
	unsigned rep;      /* copies of `last` still to give */
	bool bad;          /* a character outside the alphabet */
	bool end;          /* the closing ':' or the end of the data */
	signed char map[256];
} hqx;

/* Next 6-bit value, or -1 at the end (closing ':', end of data, bad char). */
static int
next6(hqx *h)
{
	while (h->i < h->n) {
		unsigned char c = h->d[h->i++];
		if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
			continue;
		if (c == ':') {
			h->end = true;
			return -1;
		}
		if (h->map[c] < 0) {
			h->bad = true;
			return -1;
		}
		return h->map[c];
	}
	h->end = true;
	return -1;
}

/* Next 8-bit byte before run-length expansion, or -1. */
static int
next8(hqx *h)
{
	while (h->bits < 8) {
		int v = next6(h);
		if (v < 0)
			return -1;
		h->acc = (h->acc << 6 | (uint32_t)v) & 0xFFFFFu;
		h->bits += 6;
	}
	h->bits -= 8;
	return (int)(h->acc >> h->bits & 0xFF);
}

/* Next decoded byte: 0x90 n repeats the previous byte (n counts it), 0x90 0 is 0x90. */
static int
next_byte(hqx *h)
{
	for (;;) {
		if (h->rep > 0) {
			h->rep--;
			return h->last;
		}
		int b = next8(h);
		if (b != HQX_RLE) {
			if (b >= 0)
				h->last = b;
			return b;
		}
		int c = next8(h);
		if (c < 0)
			return -1;
		if (c == 0) {
			h->last = HQX_RLE;
			return HQX_RLE;
		}
		if (h->last < 0) {
			h->bad = true;
			return -1;
		}
		h->rep = (unsigned)c - 1;   /* the first copy was given before */
	}
}

/* CRC-16/XMODEM (polynomial 0x1021, initial 0) that BinHex uses. */
static uint16_t
crc16_add(uint16_t crc, unsigned char b)
{
	crc ^= (uint16_t)(b << 8);
	for (int k = 0; k < 8; k++)
		crc = (uint16_t)(crc & 0x8000 ? crc << 1 ^ 0x1021 : crc << 1);
	return crc;
}

/* Read `len` decoded bytes into buf (updating crc); false when they run out. */
static bool
read_bytes(hqx *h, unsigned char *buf, size_t len, uint16_t *crc)
{
	for (size_t k = 0; k < len; k++) {
		int b = next_byte(h);
		if (b < 0)
			return false;
		buf[k] = (unsigned char)b;
		*crc = crc16_add(*crc, (unsigned char)b);
	}
	return true;
}

/* Start of the encoded data: the ':' opening a line after the banner (or the first one). */
static size_t
data_start(const unsigned char *d, size_t n)
{
	size_t i = 0;
	const unsigned char *b = triage_ft_memcasemem(d, n < 4096 ? n : 4096, HQX_BANNER);
	if (b)
		i = (size_t)(b - d);
	for (; i < n; i++)
		if (d[i] == ':' && (i == 0 || d[i - 1] == '\n' || d[i - 1] == '\r'))
			return i + 1;
	return n;
}

/* The data fork as a child named from the BinHex header. */
triage_status
triage_binhex_run(triage_ctx *ctx, triage_object *o)
{
	hqx h = { .d = triage_object_data(o), .n = triage_object_size(o), .last = -1 };
	unsigned char hdr[1 + HQX_NAME_MAX + 1 + 4 + 4 + 2 + 4 + 4 + 2];
	uint16_t crc = 0;
	const char *broken = NULL;
	bool stop = false;

	memset(h.map, -1, sizeof h.map);
	for (int k = 0; hqx_alphabet[k]; k++)
		h.map[(unsigned char)hqx_alphabet[k]] = (signed char)k;
	h.i = data_start(h.d, h.n);

	if (!read_bytes(&h, hdr, 1, &crc) || hdr[0] == 0 || hdr[0] > HQX_NAME_MAX) {
		broken = "bad BinHex header";
		goto out;
	}
	size_t nlen = hdr[0];
	size_t rest = nlen + 1 + 4 + 4 + 2 + 4 + 4;
	if (!read_bytes(&h, hdr + 1, rest, &crc)) {
		broken = "bad BinHex header";
		goto out;
	}
	const unsigned char *f = hdr + 1 + nlen + 1 + 4 + 4 + 2;
	uint32_t dlen = (uint32_t)f[0] << 24 | (uint32_t)f[1] << 16 | (uint32_t)f[2] << 8 | f[3];
	unsigned char ck[2];
	uint16_t want = crc;
	if (!read_bytes(&h, ck, 2, &crc)) {
		broken = "bad BinHex header";
		goto out;
	}
	bool crc_bad = (uint16_t)(ck[0] << 8 | ck[1]) != want;

	/* data fork, through a writer (max_object_size) */
	triage_blob_writer *w = triage_ctx_writer(ctx);
	unsigned char buf[4096];
	uint32_t got = 0;
	crc = 0;
	while (got < dlen && !triage_blob_writer_truncated(w)) {
		size_t k = dlen - got < sizeof buf ? dlen - got : sizeof buf;
		size_t m = 0;
		for (; m < k; m++) {
			int b = next_byte(&h);
			if (b < 0)
				break;
			buf[m] = (unsigned char)b;
			crc = crc16_add(crc, buf[m]);
		}
		triage_blob_writer_write(w, buf, m);
		got += (uint32_t)m;
		if (m < k)
			break;
	}
	bool truncated = triage_blob_writer_truncated(w);
	if (!truncated) {
		want = crc;
		if (got < dlen)
			broken = "BinHex data cut short";
		else if (!read_bytes(&h, ck, 2, &crc) || (uint16_t)(ck[0] << 8 | ck[1]) != want)
			crc_bad = true;
	}
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		snprintf(ctx->err, sizeof ctx->err, "binhex: cannot write a temp file");
		return TRIAGE_ERR_IO;
	}
	char *name = g_utf8_make_valid((const char *)hdr + 1, (gssize)nlen);
	g_strdelimit(name, "/:", '_');
	triage_fmt_add_blob(ctx, o, name, "member", blob, truncated, &stop);
	g_free(name);
	triage_blob_unref(&blob);
	if (broken == NULL && crc_bad)
		broken = "BinHex CRC mismatch";
out:
	if (broken == NULL && h.bad)
		broken = "bad BinHex character";
	if (broken)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, broken);
	return broken ? TRIAGE_WARN : TRIAGE_OK;
}
