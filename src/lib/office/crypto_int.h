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

/*
 * crypto_rc4.c: the RC4 (2.3.6) and RC4 CryptoAPI (2.3.5) keys of binary
 * documents (BIFF FILEPASS, Word table stream, PowerPoint
 * CryptSession10Container).  Pointers aim into the parsed header.
 */
typedef enum triage_rc4_method { TRIAGE_RC4_PLAIN, TRIAGE_RC4_CRYPTOAPI } triage_rc4_method;
typedef struct triage_rc4_key {
	triage_rc4_method method;
	const unsigned char *salt;     /* 16 bytes */
	const unsigned char *verifier; /* 16 bytes, encrypted */
	const unsigned char *vhash;    /* 16 (RC4) or 20 (CryptoAPI) bytes */
	size_t key_bytes;              /* CryptoAPI: 5..16 */
	unsigned char base[20];        /* per-password state the block keys derive from */
} triage_rc4_key;

/*
 * Parse EncryptionVersionInfo + header at p: TRIAGE_OK, TRIAGE_ENCRYPTED
 * (a cipher other than RC4) or TRIAGE_CORRUPT.
 */
triage_status triage_rc4_key_parse(const unsigned char *p, size_t len,
				   triage_rc4_key *k);
/* Derive the key state from a password; true when the verifier confirms it. */
bool triage_rc4_key_try(triage_rc4_key *k, const char *password);
/* The RC4 key of block b (16 bytes at most). */
bool triage_rc4_key_block(const triage_rc4_key *k, uint32_t b,
			  unsigned char *key, size_t *keylen);
/*
 * XOR the keystream of stream offsets [off, off+len) into buf: block n
 * covers [n*block, (n+1)*block) and restarts RC4 with its own key.
 */
bool triage_rc4_key_crypt(const triage_rc4_key *k, size_t block, uint64_t off,
			  unsigned char *buf, size_t len);
void triage_rc4_key_clear(triage_rc4_key *k);
/*
 * Try `extra` (a format's built-in password, may be NULL), then
 * VelvetSweatshop and ctx->passwords: TRIAGE_OK (k keyed), TRIAGE_ENCRYPTED
 * or TRIAGE_LIMIT (time budget spent between passwords).
 */
triage_status triage_rc4_key_find(triage_ctx *ctx, triage_rc4_key *k,
				  const char *extra);

/*
 * crypto_ppt_pict.c: decrypt a PowerPoint Pictures stream (FBSE/BLIP
 * records, every field with block 0) into *out (g_malloc'ed); false and
 * *out NULL when the records do not parse.
 */
bool triage_crypto_ppt_pictures(const triage_rc4_key *k, const unsigned char *in,
				size_t len, unsigned char **out);

/*
 * crypto_xor.c: XOR obfuscation (2.3.7).  The password as the single bytes
 * method 1 uses (at most 15; *n their count; false for an empty password).
 */
bool triage_xor_password(const char *password, unsigned char *out, size_t *n);
/* 2.3.7.1 password verifier and 2.3.7.2 key of those bytes. */
uint16_t triage_xor_verifier(const unsigned char *pw, size_t n);
uint16_t triage_xor_key(const unsigned char *pw, size_t n);
/* 2.3.7.2 CreateXorArray_Method1: the 16-byte obfuscation array. */
void triage_xor_array(const unsigned char *pw, size_t n, unsigned char out[16]);

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
