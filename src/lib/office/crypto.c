/* crypto.c - ECMA-376 encrypted OOXML (MS-OFFCRYPTO): standard encryption, dispatch. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "office_int.h"
#include "crypto_int.h"
#include "docs_int.h"

/* EncryptionHeader.Flags (2.3.1). */
#define FCRYPTOAPI 0x04u
#define FEXTERNAL  0x10u
#define FAES       0x20u
/* Algorithm ids (2.3.2). */
#define ALG_RC4    0x6801u
#define ALG_AES128 0x660Eu
#define ALG_AES192 0x660Fu
#define ALG_AES256 0x6610u
#define ALG_SHA1   0x8004u
/* Standard encryption always spins 50000 times (2.3.4.7). */
#define STANDARD_SPIN 50000u
/* Office passwords are at most 255 characters. */
#define MAX_PW_CHARS 255

typedef struct standard_info {
	size_t keylen;
	const unsigned char *salt;     /* 16 bytes */
	const unsigned char *verifier; /* 16 bytes, encrypted */
	const unsigned char *vhash;    /* 32 bytes, encrypted */
	unsigned char key[32];
} standard_info;

/* Parse the standard EncryptionHeader + EncryptionVerifier; NULL why = ok. */
static const char *
standard_parse(const unsigned char *info, size_t len, standard_info *si,
	       bool *corrupt)
{
	*corrupt = true;
	if (len < 12)
		return "EncryptionInfo too short";
	uint32_t hsize = docs_le32(info + 8);
	if (hsize < 32 || hsize > len - 12)
		return "bad EncryptionHeader size";
	const unsigned char *h = info + 12;
	uint32_t flags = docs_le32(h);
	uint32_t alg = docs_le32(h + 8), halg = docs_le32(h + 12);
	uint32_t bits = docs_le32(h + 16);
	const unsigned char *v = h + hsize;
	size_t vlen = len - 12 - hsize;

	*corrupt = false;
	if ((flags & FEXTERNAL) != 0)
		return "extensible (external) encryption not supported";
	if (alg == ALG_RC4 || (flags & FAES) == 0)
		return "RC4 CryptoAPI encryption not supported";
	if (halg != 0 && halg != ALG_SHA1)
		return "unknown hash algorithm";
	switch (alg) {
	case 0:
	case ALG_AES128: si->keylen = 16; break;
	case ALG_AES192: si->keylen = 24; break;
	case ALG_AES256: si->keylen = 32; break;
	default: return "unknown cipher";
	}
	if (bits != 0 && bits / 8 != si->keylen) {
		*corrupt = true;
		return "key size does not match the cipher";
	}
	*corrupt = true;
	if (vlen < 4 + 16 + 16 + 4 + 32 || docs_le32(v) != 16)
		return "bad EncryptionVerifier";
	si->salt = v + 4;
	si->verifier = v + 20;
	si->vhash = v + 40;
	*corrupt = false;
	return NULL;
}

/* 2.3.4.7: key from password; true when the verifier confirms it. */
static bool
standard_try(standard_info *si, const char *password)
{
	const EVP_MD *md = EVP_sha1();
	unsigned char h[EVP_MAX_MD_SIZE], x[64], x3[40];
	unsigned char block0[4] = {0, 0, 0, 0};
	unsigned char v[16], vh[32], check[20];
	size_t pwlen = 0;
	unsigned char *pw = triage_crypto_utf16le(password, MAX_PW_CHARS, &pwlen);
	bool ok = false;

	if (!triage_crypto_spin(md, si->salt, 16, pw, pwlen, STANDARD_SPIN, h) ||
	    !triage_crypto_hash(md, h, 20, block0, 4, NULL, 0, h))
		goto out;
	/* The CryptDeriveKey construction: SHA-1 of ipad/opad-like buffers. */
	memset(x, 0x36, sizeof x);
	for (int i = 0; i < 20; i++)
		x[i] ^= h[i];
	if (!triage_crypto_hash(md, x, 64, NULL, 0, NULL, 0, x3))
		goto out;
	memset(x, 0x5c, sizeof x);
	for (int i = 0; i < 20; i++)
		x[i] ^= h[i];
	if (!triage_crypto_hash(md, x, 64, NULL, 0, NULL, 0, x3 + 20))
		goto out;
	memcpy(si->key, x3, si->keylen);
	if (!triage_crypto_aes_dec(si->key, si->keylen, NULL, si->verifier, 16, v) ||
	    !triage_crypto_aes_dec(si->key, si->keylen, NULL, si->vhash, 32, vh) ||
	    !triage_crypto_hash(md, v, 16, NULL, 0, NULL, 0, check))
		goto out;
	ok = triage_crypto_equal(check, vh, 20);
out:
	OPENSSL_cleanse(pw, pwlen);
	g_free(pw);
	return ok;
}

/* Standard encryption: the whole package is AES-ECB with one key. */
static bool
standard_segment(void *arg, uint32_t i, unsigned char *buf, size_t len)
{
	const standard_info *si = arg;
	(void)i;
	return triage_crypto_aes_dec(si->key, si->keylen, NULL, buf, len, buf);
}

/* Try the candidates on standard encryption; *out the package or NULL. */
static triage_status
standard_run(triage_ctx *ctx, const unsigned char *info, size_t info_len,
	     const unsigned char *pkg, size_t pkg_len, triage_blob **out,
	     const char **why, bool *corrupt)
{
	standard_info si = {0};
	bool truncated = false;

	*why = standard_parse(info, info_len, &si, corrupt);
	if (*why)
		return TRIAGE_ENCRYPTED;
	*why = "no known password opens the document";
	for (size_t i = 0; i < triage_crypto_ncandidates(ctx); i++) {
		if (triage_ctx_over_time(ctx)) {
			*why = "time_budget_ms";
			return TRIAGE_LIMIT;
		}
		if (!standard_try(&si, triage_crypto_candidate(ctx, i)))
			continue;
		triage_status st = triage_crypto_package(ctx, pkg, pkg_len, 16,
							 standard_segment, &si,
							 out, &truncated);
		OPENSSL_cleanse(si.key, sizeof si.key);
		*why = truncated ? "EncryptedPackage shorter than its StreamSize" : NULL;
		return st;
	}
	return TRIAGE_ENCRYPTED;
}

/* An extension for the decrypted package from the part names it holds. */
static const char *
package_ext(triage_blob *b)
{
	const unsigned char *d = triage_blob_data(b);
	size_t n = triage_blob_size(b);
	bool macros = memmem(d, n, "vbaProject.bin", 14) != NULL;
	if (memmem(d, n, "word/", 5))
		return macros ? "docm" : "docx";
	if (memmem(d, n, "xl/", 3))
		return macros ? "xlsm" : "xlsx";
	if (memmem(d, n, "ppt/", 4))
		return macros ? "pptm" : "pptx";
	return n >= 4 && memcmp(d, "PK\003\004", 4) == 0 ? "zip" : "bin";
}

/* Decrypt EncryptedPackage with VelvetSweatshop or a message password. */
triage_status
triage_crypto_ooxml(triage_ctx *ctx, triage_object *o,
		    const unsigned char *info, size_t info_len,
		    const unsigned char *pkg, size_t pkg_len)
{
	triage_blob *plain = NULL;
	const char *why = NULL;
	bool corrupt = false;
	triage_status st;

	triage_object_set_bool(o, TF_OFFICE_ENCRYPTED, true);
	if (info_len < 8) {
		why = "EncryptionInfo too short";
		corrupt = true;
		st = TRIAGE_CORRUPT;
	} else {
		uint16_t major = docs_le16(info), minor = docs_le16(info + 2);
		if (major == 4 && minor == 4)
			st = triage_crypto_agile(ctx, info + 8, info_len - 8, pkg,
						 pkg_len, &plain, &why);
		else if (minor == 2 && major >= 2 && major <= 4)
			st = standard_run(ctx, info, info_len, pkg, pkg_len,
					  &plain, &why, &corrupt);
		else if (minor == 3 && (major == 3 || major == 4))
			why = "extensible encryption not supported", st = TRIAGE_ENCRYPTED;
		else
			why = "unknown EncryptionInfo version", corrupt = true,
			st = TRIAGE_CORRUPT;
	}
	if (TRIAGE_IS_ERROR(st))
		goto out;
	if (st == TRIAGE_CORRUPT)
		corrupt = true;
	if (!plain) {
		if (st == TRIAGE_LIMIT)
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, why);
		else if (corrupt)
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, why);
		else
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_ENCRYPTED, why);
		st = corrupt ? TRIAGE_CORRUPT : TRIAGE_ENCRYPTED;
		goto out;
	}
	char *seg = g_strdup_printf("decrypted.%s", package_ext(plain));
	triage_object *c = triage_object_add_child(o, seg, NULL, "decrypted", plain);
	g_free(seg);
	triage_object_set_bool(o, TF_OFFICE_DECRYPTED, true);
	if (st == TRIAGE_LIMIT)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	if (why)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT, why);
	triage_ctx_account(ctx, c, triage_blob_size(plain));
	st = TRIAGE_OK;
out:
	triage_blob_unref(&plain);
	return st;
}
