/* crypto_biff.c - BIFF8 FILEPASS: RC4, RC4 CryptoAPI and XOR-obfuscated Workbook decryption. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "office_int.h"
#include "crypto_int.h"
#include "docs_int.h"

/* Record types (MS-XLS 2.3) whose bodies are never encrypted (2.2.10). */
#define RT_BOF          0x0809u
#define RT_FILEPASS     0x002Fu
#define RT_EOF          0x000Au
#define RT_USREXCL      0x0194u
#define RT_FILELOCK     0x0195u
#define RT_INTERFACEHDR 0x00E1u
#define RT_RRDINFO      0x0196u
#define RT_RRDHEAD      0x0138u
#define RT_BOUNDSHEET8  0x0085u
/* The stream is encrypted as one piece, re-keyed every 1024 bytes. */
#define BIFF_BLOCK 1024

/* The password state: RC4 / RC4 CryptoAPI, or the XOR obfuscation array. */
typedef struct biff_key {
	bool xor;
	triage_rc4_key rc4;
	uint16_t xor_verifier;         /* FILEPASS verificationBytes */
	unsigned char xor_array[16];
} biff_key;

/* XOR obfuscation: the verifier decides; the array follows from the password. */
static bool
xor_try(biff_key *k, const char *password)
{
	unsigned char pw[16];
	size_t n = 0;
	bool ok = triage_xor_password(password, pw, &n) &&
		  triage_xor_verifier(pw, n) == k->xor_verifier;
	if (ok)
		triage_xor_array(pw, n, k->xor_array);
	OPENSSL_cleanse(pw, sizeof pw);
	return ok;
}

/* Try one password on whichever scheme FILEPASS named. */
static bool
biff_try(biff_key *k, const char *password)
{
	return k->xor ? xor_try(k, password) : triage_rc4_key_try(&k->rc4, password);
}

/* Offset of the FILEPASS record in the globals substream, or -1. */
static long
find_filepass(const unsigned char *wb, size_t len)
{
	size_t off = 0;
	while (len - off >= 4) {
		uint16_t type = docs_le16(wb + off), size = docs_le16(wb + off + 2);
		if (size > len - off - 4)
			return -1;
		if (type == RT_FILEPASS)
			return (long)off;
		if (type == RT_EOF)
			return -1;
		off += 4 + (size_t)size;
	}
	return -1;
}

/* Parse FILEPASS into k; TRIAGE_OK, TRIAGE_ENCRYPTED (another cipher) or TRIAGE_CORRUPT. */
static triage_status
parse_filepass(const unsigned char *body, size_t len, biff_key *k)
{
	if (len < 2)
		return TRIAGE_CORRUPT;
	uint16_t type = docs_le16(body);
	if (type == 0) {
		/* XOR obfuscation: key (u16) then verificationBytes (u16). */
		if (len < 6)
			return TRIAGE_CORRUPT;
		k->xor = true;
		k->xor_verifier = docs_le16(body + 4);
		return TRIAGE_OK;
	}
	if (type != 1)
		return TRIAGE_CORRUPT;
	return triage_rc4_key_parse(body + 2, len - 2, &k->rc4);
}

/* MS-XLS 2.2.10 XOR method 1: byte p of a record of `size` uses array[(p + size) % 16]. */
static void
xor_record(const biff_key *k, unsigned char *out, size_t from, size_t to,
	   size_t size)
{
	for (size_t p = from; p < to; p++) {
		unsigned x = (out[p] ^ k->xor_array[(p + size) % 16]) & 0xff;
		out[p] = (unsigned char)((x >> 5) | (x << 3));
	}
}

/* Decrypt the whole copy as one stream, then restore what was never encrypted. */
static bool
decrypt_stream(const biff_key *k, const unsigned char *wb, unsigned char *out,
	       size_t len)
{
	if (!k->xor && !triage_rc4_key_crypt(&k->rc4, BIFF_BLOCK, 0, out, len))
		return false;
	for (size_t off = 0; len - off >= 4;) {
		uint16_t type = docs_le16(wb + off), size = docs_le16(wb + off + 2);
		size_t body = MIN((size_t)size, len - off - 4), clear = 0;
		memcpy(out + off, wb + off, 4);
		switch (type) {
		case RT_BOF: case RT_FILEPASS: case RT_USREXCL: case RT_FILELOCK:
		case RT_INTERFACEHDR: case RT_RRDINFO: case RT_RRDHEAD:
			clear = body;
			break;
		case RT_BOUNDSHEET8:
			clear = MIN((size_t)4, body); /* lbPlyPos */
			break;
		default:
			break;
		}
		memcpy(out + off + 4, wb + off + 4, clear);
		if (k->xor)
			xor_record(k, out, off + 4 + clear, off + 4 + body, size);
		off += 4 + body;
	}
	return true;
}

/* Try VelvetSweatshop and the message's passwords on a FILEPASS workbook. */
triage_status
triage_crypto_biff(triage_ctx *ctx, const unsigned char *wb, size_t wb_len,
		   unsigned char **out)
{
	biff_key k = {0};
	triage_status st;

	*out = NULL;
	long fp = find_filepass(wb, wb_len);
	if (fp < 0)
		return TRIAGE_CORRUPT;
	size_t off = (size_t)fp;
	st = parse_filepass(wb + off + 4, docs_le16(wb + off + 2), &k);
	if (st != TRIAGE_OK)
		return st;
	st = TRIAGE_ENCRYPTED;
	for (size_t i = 0; i < triage_crypto_ncandidates(ctx); i++) {
		if (triage_ctx_over_time(ctx)) {
			st = TRIAGE_LIMIT;
			break;
		}
		if (!biff_try(&k, triage_crypto_candidate(ctx, i)))
			continue;
		unsigned char *copy = g_memdup2(wb, wb_len);
		if (!decrypt_stream(&k, wb, copy, wb_len)) {
			g_free(copy);
			snprintf(ctx->err, sizeof ctx->err,
				 "BIFF decryption: hash failure");
			st = TRIAGE_ERR_INTERNAL;
			break;
		}
		*out = copy;
		st = TRIAGE_OK;
		break;
	}
	triage_rc4_key_clear(&k.rc4);
	OPENSSL_cleanse(k.xor_array, sizeof k.xor_array);
	return st;
}
