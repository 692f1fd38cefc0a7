/* crypto_fixture.h - the ENCRYPTING side of MS-OFFCRYPTO, written apart from the library's decryptors. */
#ifndef TRIAGE_CRYPTO_FIXTURE_H
#define TRIAGE_CRYPTO_FIXTURE_H

#include <openssl/evp.h>
#include "docs_fixture.h"

/* H(a + b). */
static inline void
cfx_hash(const EVP_MD *md, const void *a, size_t alen, const void *b,
	 size_t blen, unsigned char *out)
{
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestInit_ex(h, md, NULL), 1);
	EVP_DigestUpdate(h, a, alen);
	if (blen)
		EVP_DigestUpdate(h, b, blen);
	EVP_DigestFinal_ex(h, out, NULL);
	EVP_MD_CTX_free(h);
}

/* A password as UTF-16LE (g_byte_array). */
static inline GByteArray *
cfx_utf16(const char *pw)
{
	GByteArray *a = g_byte_array_new();
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(pw, -1, NULL, &n, NULL);
	for (glong i = 0; i < n; i++)
		dfx_le16(a, u[i]);
	g_free(u);
	return a;
}

/* H0 = H(salt + pw); then spin rounds of H(LE32(i) + H). */
static inline void
cfx_spin(const EVP_MD *md, const unsigned char *salt, size_t saltlen,
	 const char *pw, uint32_t spin, unsigned char *out)
{
	GByteArray *p = cfx_utf16(pw);
	size_t hl = (size_t)EVP_MD_get_size(md);
	cfx_hash(md, salt, saltlen, p->data, p->len, out);
	for (uint32_t i = 0; i < spin; i++) {
		unsigned char buf[4 + EVP_MAX_MD_SIZE];
		buf[0] = (unsigned char)i;
		buf[1] = (unsigned char)(i >> 8);
		buf[2] = (unsigned char)(i >> 16);
		buf[3] = (unsigned char)(i >> 24);
		memcpy(buf + 4, out, hl);
		cfx_hash(md, buf, 4 + hl, NULL, 0, out);
	}
	g_byte_array_unref(p);
}

/* AES encryption, ECB (iv NULL) or CBC, no padding; len % 16 == 0. */
static inline void
cfx_aes_enc(const unsigned char *key, size_t keylen, const unsigned char *iv,
	    const unsigned char *in, size_t len, unsigned char *out)
{
	const EVP_CIPHER *c = keylen == 16 ? (iv ? EVP_aes_128_cbc() : EVP_aes_128_ecb()) :
			      keylen == 24 ? (iv ? EVP_aes_192_cbc() : EVP_aes_192_ecb()) :
			      (iv ? EVP_aes_256_cbc() : EVP_aes_256_ecb());
	int n = 0, m = 0;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	assert_int_equal(EVP_EncryptInit_ex(x, c, NULL, key, iv), 1);
	EVP_CIPHER_CTX_set_padding(x, 0);
	assert_int_equal(EVP_EncryptUpdate(x, out, &n, in, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(x, out + n, &m), 1);
	assert_int_equal((size_t)(n + m), len);
	EVP_CIPHER_CTX_free(x);
}

/* Textbook RC4 keystream XOR (the library has its own). */
static inline void
cfx_rc4(const unsigned char *key, size_t keylen, size_t skip,
	unsigned char *buf, size_t len)
{
	unsigned char s[256], i = 0, j = 0;
	for (int k = 0; k < 256; k++)
		s[k] = (unsigned char)k;
	for (int k = 0, jj = 0; k < 256; k++) {
		jj = (jj + s[k] + key[k % keylen]) & 0xff;
		unsigned char t = s[k];
		s[k] = s[jj];
		s[jj] = t;
	}
	for (size_t k = 0; k < skip + len; k++) {
		i = (unsigned char)(i + 1);
		j = (unsigned char)(j + s[i]);
		unsigned char t = s[i];
		s[i] = s[j];
		s[j] = t;
		if (k >= skip)
			buf[k - skip] ^= s[(unsigned char)(s[i] + s[j])];
	}
}

/* Deterministic "random" bytes. */
static inline void
cfx_fill(unsigned char *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(dfx_rand(&seed) >> 7);
}

#endif
