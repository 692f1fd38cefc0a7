/* crypto_biff.c - BIFF8 FILEPASS: RC4 and RC4 CryptoAPI Workbook decryption. */
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
#define MAX_PW_CHARS 255
#define CRYPTOAPI_SPIN 50000u

typedef enum biff_method { BIFF_RC4, BIFF_CRYPTOAPI } biff_method;

typedef struct biff_key {
	biff_method method;
	const unsigned char *salt;     /* 16 bytes */
	const unsigned char *verifier; /* 16 bytes, encrypted */
	const unsigned char *vhash;    /* 16 (RC4) or 20 (CryptoAPI) bytes */
	size_t key_bytes;              /* CryptoAPI: 5..16 */
	unsigned char base[20];        /* per-password state the block keys derive from */
} biff_key;

/* Key of block `b` for the password state in k->base. */
static bool
block_key(const biff_key *k, uint32_t b, unsigned char *key, size_t *keylen)
{
	unsigned char blk[4] = {
		(unsigned char)b, (unsigned char)(b >> 8),
		(unsigned char)(b >> 16), (unsigned char)(b >> 24),
	};
	unsigned char h[EVP_MAX_MD_SIZE];
	if (k->method == BIFF_RC4) {
		/* 2.3.6.2: MD5(truncated H1 + block), all 128 bits. */
		if (!triage_crypto_hash(EVP_md5(), k->base, 5, blk, 4, NULL, 0, h))
			return false;
		memcpy(key, h, 16);
		*keylen = 16;
		return true;
	}
	/* 2.3.5.2: SHA-1(Hn + block); 40-bit keys are zero-padded to 128. */
	if (!triage_crypto_hash(EVP_sha1(), k->base, 20, blk, 4, NULL, 0, h))
		return false;
	memset(key, 0, 16);
	memcpy(key, h, k->key_bytes);
	*keylen = k->key_bytes == 5 ? 16 : k->key_bytes;
	return true;
}

/* Set k->base from a password; true when the verifier confirms it. */
static bool
biff_try(biff_key *k, const char *password)
{
	size_t pwlen = 0, keylen = 0;
	unsigned char *pw = triage_crypto_utf16le(password, MAX_PW_CHARS, &pwlen);
	unsigned char h[EVP_MAX_MD_SIZE], key[20], v[36], check[EVP_MAX_MD_SIZE];
	size_t vhlen = k->method == BIFF_RC4 ? 16 : 20;
	bool ok = false;
	triage_rc4 rc;

	if (k->method == BIFF_RC4) {
		/* H1 = MD5(16 x (first 5 bytes of MD5(pw) + salt)). */
		unsigned char buf[16 * 21];
		if (!triage_crypto_hash(EVP_md5(), pw, pwlen, NULL, 0, NULL, 0, h))
			goto out;
		for (int i = 0; i < 16; i++) {
			memcpy(buf + 21 * i, h, 5);
			memcpy(buf + 21 * i + 5, k->salt, 16);
		}
		if (!triage_crypto_hash(EVP_md5(), buf, sizeof buf, NULL, 0, NULL, 0, h))
			goto out;
		memcpy(k->base, h, 5);
	} else {
		if (!triage_crypto_spin(EVP_sha1(), k->salt, 16, pw, pwlen,
					CRYPTOAPI_SPIN, h))
			goto out;
		memcpy(k->base, h, 20);
	}
	if (!block_key(k, 0, key, &keylen))
		goto out;
	memcpy(v, k->verifier, 16);
	memcpy(v + 16, k->vhash, vhlen);
	triage_rc4_init(&rc, key, keylen);
	triage_rc4_crypt(&rc, v, 16 + vhlen);
	if (!triage_crypto_hash(k->method == BIFF_RC4 ? EVP_md5() : EVP_sha1(),
				v, 16, NULL, 0, NULL, 0, check))
		goto out;
	ok = triage_crypto_equal(check, v + 16, vhlen);
out:
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(pw, pwlen);
	g_free(pw);
	return ok;
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

/* Parse FILEPASS into k; TRIAGE_OK, TRIAGE_ENCRYPTED (XOR) or TRIAGE_CORRUPT. */
static triage_status
parse_filepass(const unsigned char *body, size_t len, biff_key *k)
{
	if (len < 2)
		return TRIAGE_CORRUPT;
	uint16_t type = docs_le16(body);
	if (type == 0)
		return TRIAGE_ENCRYPTED; /* XOR obfuscation: detected only */
	if (type != 1 || len < 6)
		return TRIAGE_CORRUPT;
	uint16_t major = docs_le16(body + 2), minor = docs_le16(body + 4);
	if (major == 1 && minor == 1) {
		if (len < 6 + 48)
			return TRIAGE_CORRUPT;
		k->method = BIFF_RC4;
		k->salt = body + 6;
		k->verifier = body + 22;
		k->vhash = body + 38;
		return TRIAGE_OK;
	}
	if (minor != 2 || major < 2 || major > 4 || len < 14)
		return TRIAGE_CORRUPT;
	uint32_t hsize = docs_le32(body + 10);
	if (hsize < 32 || hsize > len - 14)
		return TRIAGE_CORRUPT;
	const unsigned char *h = body + 14;
	uint32_t bits = docs_le32(h + 16);
	if (bits == 0)
		bits = 40;
	if (bits < 40 || bits > 128 || bits % 8)
		return TRIAGE_CORRUPT;
	const unsigned char *v = h + hsize;
	size_t vlen = len - 14 - hsize;
	if (vlen < 4 + 16 + 16 + 4 + 20 || docs_le32(v) != 16 ||
	    docs_le32(v + 36) != 20)
		return TRIAGE_CORRUPT;
	k->method = BIFF_CRYPTOAPI;
	k->key_bytes = bits / 8;
	k->salt = v + 4;
	k->verifier = v + 20;
	k->vhash = v + 40;
	return TRIAGE_OK;
}

/* Decrypt the whole copy as one stream, then restore what was never encrypted. */
static bool
decrypt_stream(const biff_key *k, const unsigned char *wb, unsigned char *out,
	       size_t len)
{
	unsigned char key[16];
	size_t keylen;
	triage_rc4 rc;

	for (size_t pos = 0; pos < len; pos += BIFF_BLOCK) {
		if (!block_key(k, (uint32_t)(pos / BIFF_BLOCK), key, &keylen))
			return false;
		triage_rc4_init(&rc, key, keylen);
		triage_rc4_crypt(&rc, out + pos, MIN((size_t)BIFF_BLOCK, len - pos));
	}
	OPENSSL_cleanse(key, sizeof key);
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
	OPENSSL_cleanse(k.base, sizeof k.base);
	return st;
}
