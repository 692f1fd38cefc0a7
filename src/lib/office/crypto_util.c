/* crypto_util.c - RC4, password hashing and AES helpers for Office decryption. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_int.h"
#include "docs_int.h"

/* RC4 key schedule. */
void
triage_rc4_init(triage_rc4 *r, const unsigned char *key, size_t keylen)
{
	for (int i = 0; i < 256; i++)
		r->s[i] = (unsigned char)i;
	unsigned char j = 0;
	for (int i = 0; i < 256; i++) {
		j = (unsigned char)(j + r->s[i] + key[(size_t)i % keylen]);
		unsigned char t = r->s[i];
		r->s[i] = r->s[j];
		r->s[j] = t;
	}
	r->i = r->j = 0;
}

/* XOR the next len keystream bytes into buf. */
void
triage_rc4_crypt(triage_rc4 *r, unsigned char *buf, size_t len)
{
	unsigned char i = r->i, j = r->j;
	for (size_t k = 0; k < len; k++) {
		i = (unsigned char)(i + 1);
		j = (unsigned char)(j + r->s[i]);
		unsigned char t = r->s[i];
		r->s[i] = r->s[j];
		r->s[j] = t;
		if (buf)
			buf[k] ^= r->s[(unsigned char)(r->s[i] + r->s[j])];
	}
	r->i = i;
	r->j = j;
}

/* Discard n keystream bytes. */
void
triage_rc4_skip(triage_rc4 *r, size_t n)
{
	triage_rc4_crypt(r, NULL, n);
}

/* VelvetSweatshop plus the message's candidates, within max_passwords. */
size_t
triage_crypto_ncandidates(const triage_ctx *ctx)
{
	size_t n = ctx->passwords ? ctx->passwords->len : 0;
	if (ctx->lim->max_passwords > 0 && n > ctx->lim->max_passwords)
		n = (size_t)ctx->lim->max_passwords;
	return n + 1;
}

/* Candidate i: 0 is Excel's default password. */
const char *
triage_crypto_candidate(const triage_ctx *ctx, size_t i)
{
	if (i == 0)
		return TRIAGE_VELVET_PASSWORD;
	return g_ptr_array_index(ctx->passwords, i - 1);
}

/* UTF-8 to UTF-16LE bytes, at most max_chars units (Office caps passwords). */
unsigned char *
triage_crypto_utf16le(const char *pw, size_t max_chars, size_t *len)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(pw, -1, NULL, &n, NULL);
	if (!u) {
		*len = 0;
		return g_malloc0(2);
	}
	if ((size_t)n > max_chars)
		n = (glong)max_chars;
	unsigned char *out = g_malloc0((size_t)n * 2 + 2);
	for (glong i = 0; i < n; i++) {
		out[2 * i] = (unsigned char)(u[i] & 0xff);
		out[2 * i + 1] = (unsigned char)(u[i] >> 8);
	}
	g_free(u);
	*len = (size_t)n * 2;
	return out;
}

/* H(a + b + c). */
bool
triage_crypto_hash(const EVP_MD *md, const unsigned char *a, size_t alen,
		   const unsigned char *b, size_t blen,
		   const unsigned char *c, size_t clen, unsigned char *out)
{
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	bool ok = h && EVP_DigestInit_ex(h, md, NULL) == 1 &&
		  (alen == 0 || EVP_DigestUpdate(h, a, alen) == 1) &&
		  (blen == 0 || EVP_DigestUpdate(h, b, blen) == 1) &&
		  (clen == 0 || EVP_DigestUpdate(h, c, clen) == 1) &&
		  EVP_DigestFinal_ex(h, out, NULL) == 1;
	EVP_MD_CTX_free(h);
	return ok;
}

/* H0 = H(salt + pw); Hn = H(LE32(n-1) + Hn-1), `spin` times. */
bool
triage_crypto_spin(const EVP_MD *md, const unsigned char *salt,
		   size_t saltlen, const unsigned char *pw, size_t pwlen,
		   uint32_t spin, unsigned char *out)
{
	size_t hlen = (size_t)EVP_MD_get_size(md);
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	bool ok = false;

	if (!h || !triage_crypto_hash(md, salt, saltlen, pw, pwlen, NULL, 0, out))
		goto out;
	for (uint32_t i = 0; i < spin; i++) {
		unsigned char it[4] = {
			(unsigned char)i, (unsigned char)(i >> 8),
			(unsigned char)(i >> 16), (unsigned char)(i >> 24),
		};
		if (EVP_DigestInit_ex(h, md, NULL) != 1 ||
		    EVP_DigestUpdate(h, it, 4) != 1 ||
		    EVP_DigestUpdate(h, out, hlen) != 1 ||
		    EVP_DigestFinal_ex(h, out, NULL) != 1)
			goto out;
	}
	ok = true;
out:
	EVP_MD_CTX_free(h);
	return ok;
}

/* AES-ECB/CBC decryption without padding. */
bool
triage_crypto_aes_dec(const unsigned char *key, size_t keylen,
		      const unsigned char *iv, const unsigned char *in,
		      size_t len, unsigned char *out)
{
	const EVP_CIPHER *c = NULL;
	int n1 = 0, n2 = 0;
	bool ok = false;

	if (len % 16 != 0 || len > INT_MAX)
		return false;
	switch (keylen) {
	case 16: c = iv ? EVP_aes_128_cbc() : EVP_aes_128_ecb(); break;
	case 24: c = iv ? EVP_aes_192_cbc() : EVP_aes_192_ecb(); break;
	case 32: c = iv ? EVP_aes_256_cbc() : EVP_aes_256_ecb(); break;
	default: return false;
	}
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	if (!x || EVP_DecryptInit_ex(x, c, NULL, key, iv) != 1)
		goto out;
	EVP_CIPHER_CTX_set_padding(x, 0);
	if (EVP_DecryptUpdate(x, out, &n1, in, (int)len) != 1 ||
	    EVP_DecryptFinal_ex(x, out + n1, &n2) != 1)
		goto out;
	ok = (size_t)(n1 + n2) == len;
out:
	EVP_CIPHER_CTX_free(x);
	return ok;
}

/* Compare without an early exit. */
bool
triage_crypto_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	unsigned char d = 0;
	for (size_t i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

/* Decrypt EncryptedPackage segment by segment into a writer. */
triage_status
triage_crypto_package(triage_ctx *ctx, const unsigned char *pkg,
		      size_t pkg_len, size_t block,
		      triage_crypto_segment_fn seg, void *arg,
		      triage_blob **out, bool *truncated)
{
	unsigned char buf[4096];
	triage_status st = TRIAGE_OK;
	triage_blob_writer *w = NULL;

	*out = NULL;
	*truncated = false;
	if (pkg_len < 8 || block == 0 || sizeof buf % block != 0)
		return TRIAGE_CORRUPT;
	uint64_t size = docs_le64(pkg);
	const unsigned char *d = pkg + 8;
	size_t dlen = pkg_len - 8;
	/* Ciphertext is whole blocks; StreamSize says how much is real. */
	size_t usable = dlen - dlen % block;
	if (size > usable) {
		*truncated = true;
		size = usable;
	}
	w = triage_ctx_writer(ctx);
	for (uint32_t i = 0; (uint64_t)i * sizeof buf < size; i++) {
		size_t off = (size_t)i * sizeof buf;
		size_t n = MIN(sizeof buf, usable - off);
		memcpy(buf, d + off, n);
		if (!seg(arg, i, buf, n)) {
			st = TRIAGE_ERR_INTERNAL;
			snprintf(ctx->err, sizeof ctx->err,
				 "office decryption: cipher failure");
			goto out;
		}
		size_t keep = (size_t)MIN((uint64_t)n, size - off);
		st = triage_blob_writer_write(w, buf, keep);
		if (st == TRIAGE_LIMIT)
			break;
		if (st != TRIAGE_OK)
			goto out;
	}
	*out = triage_blob_writer_finish(&w);
	if (!*out) {
		snprintf(ctx->err, sizeof ctx->err,
			 "office decryption: temp file failed");
		st = TRIAGE_ERR_IO;
	}
out:
	triage_blob_writer_free(&w);
	OPENSSL_cleanse(buf, sizeof buf);
	return st;
}
