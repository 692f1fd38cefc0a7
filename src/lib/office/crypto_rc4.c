/* crypto_rc4.c - MS-OFFCRYPTO 2.3.5 / 2.3.6: RC4 and RC4 CryptoAPI keys of binary Office documents. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_int.h"
#include "docs_int.h"

#define MAX_PW_CHARS 255
#define CRYPTOAPI_SPIN 50000u
#define ALG_RC4 0x6801u

/* Parse EncryptionVersionInfo + the RC4 or RC4 CryptoAPI header at p. */
triage_status
triage_rc4_key_parse(const unsigned char *p, size_t len, triage_rc4_key *k)
{
	memset(k, 0, sizeof *k);
	if (len < 4)
		return TRIAGE_CORRUPT;
	uint16_t major = docs_le16(p), minor = docs_le16(p + 2);
	if (major == 1 && minor == 1) {
		if (len < 4 + 48)
			return TRIAGE_CORRUPT;
		k->method = TRIAGE_RC4_PLAIN;
		k->salt = p + 4;
		k->verifier = p + 20;
		k->vhash = p + 36;
		return TRIAGE_OK;
	}
	if (minor != 2 || major < 2 || major > 4 || len < 12)
		return TRIAGE_CORRUPT;
	uint32_t hsize = docs_le32(p + 8);
	if (hsize < 32 || hsize > len - 12)
		return TRIAGE_CORRUPT;
	const unsigned char *h = p + 12;
	uint32_t alg = docs_le32(h + 8);
	uint32_t bits = docs_le32(h + 16);
	if (bits == 0)
		bits = 40;
	if (bits < 40 || bits > 128 || bits % 8)
		return TRIAGE_CORRUPT;
	const unsigned char *v = h + hsize;
	size_t vlen = len - 12 - hsize;
	if (vlen < 4 + 16 + 16 + 4 + 20 || docs_le32(v) != 16 ||
	    docs_le32(v + 36) != 20)
		return TRIAGE_CORRUPT;
	/* CryptoAPI with another cipher (AES in a binary file) is not Office's. */
	if (alg != 0 && alg != ALG_RC4)
		return TRIAGE_ENCRYPTED;
	k->method = TRIAGE_RC4_CRYPTOAPI;
	k->key_bytes = bits / 8;
	k->salt = v + 4;
	k->verifier = v + 20;
	k->vhash = v + 40;
	return TRIAGE_OK;
}

/* Key of block `b` for the password state in k->base. */
bool
triage_rc4_key_block(const triage_rc4_key *k, uint32_t b, unsigned char *key,
		     size_t *keylen)
{
	unsigned char blk[4] = {
		(unsigned char)b, (unsigned char)(b >> 8),
		(unsigned char)(b >> 16), (unsigned char)(b >> 24),
	};
	unsigned char h[EVP_MAX_MD_SIZE];
	if (k->method == TRIAGE_RC4_PLAIN) {
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
bool
triage_rc4_key_try(triage_rc4_key *k, const char *password)
{
	size_t pwlen = 0, keylen = 0;
	unsigned char *pw = triage_crypto_utf16le(password, MAX_PW_CHARS, &pwlen);
	unsigned char h[EVP_MAX_MD_SIZE], key[20], v[36], check[EVP_MAX_MD_SIZE];
	size_t vhlen = k->method == TRIAGE_RC4_PLAIN ? 16 : 20;
	bool ok = false;
	triage_rc4 rc;

	if (k->method == TRIAGE_RC4_PLAIN) {
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
	if (!triage_rc4_key_block(k, 0, key, &keylen))
		goto out;
	memcpy(v, k->verifier, 16);
	memcpy(v + 16, k->vhash, vhlen);
	triage_rc4_init(&rc, key, keylen);
	triage_rc4_crypt(&rc, v, 16 + vhlen);
	if (!triage_crypto_hash(k->method == TRIAGE_RC4_PLAIN ? EVP_md5() : EVP_sha1(),
				v, 16, NULL, 0, NULL, 0, check))
		goto out;
	ok = triage_crypto_equal(check, v + 16, vhlen);
out:
	OPENSSL_cleanse(h, sizeof h);
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(pw, pwlen);
	g_free(pw);
	return ok;
}

/* XOR the keystream for stream offsets [off, off+len) into buf. */
bool
triage_rc4_key_crypt(const triage_rc4_key *k, size_t block, uint64_t off,
		     unsigned char *buf, size_t len)
{
	unsigned char key[16];
	size_t keylen = 0, done = 0;
	triage_rc4 rc;
	bool ok = true;

	if (block == 0)
		return false;
	while (done < len) {
		uint64_t pos = off + done;
		uint64_t b = pos / block;
		size_t in = (size_t)(pos % block);
		size_t n = MIN(block - in, len - done);
		if (b > UINT32_MAX || !triage_rc4_key_block(k, (uint32_t)b, key, &keylen)) {
			ok = false;
			break;
		}
		triage_rc4_init(&rc, key, keylen);
		triage_rc4_skip(&rc, in);
		triage_rc4_crypt(&rc, buf + done, n);
		done += n;
	}
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(&rc, sizeof rc);
	return ok;
}

/* Forget the password-derived state. */
void
triage_rc4_key_clear(triage_rc4_key *k)
{
	OPENSSL_cleanse(k->base, sizeof k->base);
}

/* Try `extra` (a format's default password, or NULL), then the candidates. */
triage_status
triage_rc4_key_find(triage_ctx *ctx, triage_rc4_key *k, const char *extra)
{
	if (extra && triage_rc4_key_try(k, extra))
		return TRIAGE_OK;
	for (size_t i = 0; i < triage_crypto_ncandidates(ctx); i++) {
		if (triage_ctx_over_time(ctx))
			return TRIAGE_LIMIT;
		if (triage_rc4_key_try(k, triage_crypto_candidate(ctx, i)))
			return TRIAGE_OK;
	}
	triage_rc4_key_clear(k);
	return TRIAGE_ENCRYPTED;
}
