/* crypto_int.h - pieces shared by the ECMA-376 and BIFF8 decryptors. */
#ifndef TRIAGE_CRYPTO_INT_H
#define TRIAGE_CRYPTO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>

#include "ctx.h"

/* Excel's built-in password for "encrypted but no password asked". */
#define TRIAGE_VELVET_PASSWORD "VelvetSweatshop"
/* Spin counts above this are treated as not decryptable (time). */
#define TRIAGE_CRYPTO_MAX_SPIN 10000000u

/*
 * RC4 written out: OpenSSL 3 moved it to the legacy provider, and loading
 * providers globally from a library is not ours to do.
 */
typedef struct triage_rc4 {
	unsigned char s[256];
	unsigned char i, j;
} triage_rc4;

void triage_rc4_init(triage_rc4 *r, const unsigned char *key, size_t keylen);
/* XOR the keystream into buf (encrypts and decrypts). */
void triage_rc4_crypt(triage_rc4 *r, unsigned char *buf, size_t len);
/* Advance the keystream by n bytes. */
void triage_rc4_skip(triage_rc4 *r, size_t n);

/* Number of candidate passwords: VelvetSweatshop + ctx->passwords (capped). */
size_t triage_crypto_ncandidates(const triage_ctx *ctx);
/* Candidate i (0 = VelvetSweatshop). */
const char *triage_crypto_candidate(const triage_ctx *ctx, size_t i);
/* A UTF-8 password as UTF-16LE bytes (g_malloc'ed; *len in bytes). */
unsigned char *triage_crypto_utf16le(const char *pw, size_t max_chars,
				     size_t *len);

/* One digest of up to three parts; false on a libcrypto failure. */
bool triage_crypto_hash(const EVP_MD *md, const unsigned char *a, size_t alen,
			const unsigned char *b, size_t blen,
			const unsigned char *c, size_t clen,
			unsigned char *out);
/*
 * MS-OFFCRYPTO password hashing: H0 = H(salt + password), then `spin`
 * rounds of H(LE32(i) + H).  out holds EVP_MD_get_size(md) bytes.
 */
bool triage_crypto_spin(const EVP_MD *md, const unsigned char *salt,
			size_t saltlen, const unsigned char *pw, size_t pwlen,
			uint32_t spin, unsigned char *out);

/* AES decryption in ECB (iv NULL) or CBC, no padding; false on failure. */
bool triage_crypto_aes_dec(const unsigned char *key, size_t keylen,
		       const unsigned char *iv, const unsigned char *in,
		       size_t len, unsigned char *out);

/* Constant-time-enough compare (these are verifiers, not secrets kept). */
bool triage_crypto_equal(const unsigned char *a, const unsigned char *b,
			 size_t n);

/* Agile (4.4) encryption: try the candidates; *out the decrypted package. */
triage_status triage_crypto_agile(triage_ctx *ctx, const unsigned char *xml,
				  size_t xml_len, const unsigned char *pkg,
				  size_t pkg_len, triage_blob **out,
				  const char **why);

/*
 * Decrypt an EncryptedPackage (u64 size + data) into a blob via a writer,
 * one 4096-byte segment at a time.  `seg` decrypts segment i in place
 * (`len` a multiple of the block size).
 */
typedef bool (*triage_crypto_segment_fn)(void *arg, uint32_t i,
					 unsigned char *buf, size_t len);
triage_status triage_crypto_package(triage_ctx *ctx, const unsigned char *pkg,
				    size_t pkg_len, size_t block,
				    triage_crypto_segment_fn seg, void *arg,
				    triage_blob **out, bool *truncated);

#endif
