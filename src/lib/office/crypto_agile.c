/* crypto_agile.c - ECMA-376 agile encryption (MS-OFFCRYPTO 2.3.4.10-2.3.4.15). */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto_int.h"
#include "docs_int.h"

#define MAX_PW_CHARS 255
/* Base64 fields longer than this are not keys or verifiers. */
#define MAX_B64 4096

/* Block keys of 2.3.4.13 (verifier input, verifier hash, key value). */
static const unsigned char block_vinput[8] = {0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79};
static const unsigned char block_vhash[8] = {0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e};
static const unsigned char block_key[8] = {0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6};

/* The cipher/hash parameters common to keyData and encryptedKey. */
typedef struct agile_params {
	bool seen;
	const EVP_MD *md;
	size_t key_bytes;
	size_t block;
	bool aes_cbc;
	guchar *salt;
	gsize salt_len;
} agile_params;

typedef struct agile_info {
	agile_params data;            /* keyData */
	agile_params pw;              /* the password key encryptor */
	uint64_t spin;
	guchar *vinput, *vhash, *keyval;
	gsize vinput_len, vhash_len, keyval_len;
	unsigned char secret[64];     /* the intermediate (package) key */
	const char *bad;              /* first problem seen */
} agile_info;

/* Local part of a possibly prefixed element name. */
static const char *
local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

/* Base64 attribute value, bounded. */
static guchar *
b64(const char *v, gsize *len)
{
	*len = 0;
	if (strlen(v) > MAX_B64)
		return NULL;
	guchar *r = g_base64_decode(v, len);
	if (*len == 0) {
		g_free(r);
		return NULL;
	}
	return r;
}

/* Digest by the names MS-OFFCRYPTO uses. */
static const EVP_MD *
md_by_name(const char *v)
{
	if (g_ascii_strcasecmp(v, "SHA512") == 0) return EVP_sha512();
	if (g_ascii_strcasecmp(v, "SHA384") == 0) return EVP_sha384();
	if (g_ascii_strcasecmp(v, "SHA256") == 0) return EVP_sha256();
	if (g_ascii_strcasecmp(v, "SHA1") == 0 || g_ascii_strcasecmp(v, "SHA-1") == 0)
		return EVP_sha1();
	return NULL;
}

/* Read the shared attributes of keyData / encryptedKey. */
static void
read_params(agile_params *p, const char **names, const char **values,
	    agile_info *ai)
{
	bool aes = false, cbc = false;
	p->seen = true;
	for (size_t i = 0; names[i]; i++) {
		const char *n = names[i], *v = values[i];
		if (strcmp(n, "hashAlgorithm") == 0)
			p->md = md_by_name(v);
		else if (strcmp(n, "keyBits") == 0)
			p->key_bytes = (size_t)g_ascii_strtoull(v, NULL, 10) / 8;
		else if (strcmp(n, "blockSize") == 0)
			p->block = (size_t)g_ascii_strtoull(v, NULL, 10);
		else if (strcmp(n, "cipherAlgorithm") == 0)
			aes = strcmp(v, "AES") == 0;
		else if (strcmp(n, "cipherChaining") == 0)
			cbc = strcmp(v, "ChainingModeCBC") == 0;
		else if (strcmp(n, "saltValue") == 0 && !p->salt)
			p->salt = b64(v, &p->salt_len);
		else if (strcmp(n, "spinCount") == 0 && p == &ai->pw)
			ai->spin = g_ascii_strtoull(v, NULL, 10);
		else if (strcmp(n, "encryptedVerifierHashInput") == 0 && !ai->vinput)
			ai->vinput = b64(v, &ai->vinput_len);
		else if (strcmp(n, "encryptedVerifierHashValue") == 0 && !ai->vhash)
			ai->vhash = b64(v, &ai->vhash_len);
		else if (strcmp(n, "encryptedKeyValue") == 0 && !ai->keyval)
			ai->keyval = b64(v, &ai->keyval_len);
	}
	p->aes_cbc = aes && cbc;
}

/* GMarkup start-element: keyData and the password encryptedKey. */
static void
on_start(GMarkupParseContext *pc, const char *name, const char **names,
	 const char **values, gpointer user, GError **err)
{
	agile_info *ai = user;
	const char *ln = local_name(name);
	(void)pc;
	(void)err;
	if (strcmp(ln, "keyData") == 0 && !ai->data.seen) {
		read_params(&ai->data, names, values, ai);
		return;
	}
	if (strcmp(ln, "encryptedKey") != 0 || ai->pw.seen)
		return;
	/* Certificate key encryptors have no spin count: not ours. */
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], "spinCount") == 0) {
			read_params(&ai->pw, names, values, ai);
			return;
		}
}

/* Check that the descriptor has everything with sane sizes. */
static const char *
check_info(const agile_info *ai)
{
	const agile_params *ps[2] = {&ai->data, &ai->pw};
	for (int i = 0; i < 2; i++) {
		const agile_params *p = ps[i];
		if (!p->seen || !p->salt)
			return "agile descriptor incomplete";
		if (!p->md)
			return "unsupported hash algorithm";
		if (!p->aes_cbc || p->block != 16 ||
		    (p->key_bytes != 16 && p->key_bytes != 24 && p->key_bytes != 32))
			return "unsupported cipher";
	}
	if (!ai->vinput || !ai->vhash || !ai->keyval)
		return "agile descriptor incomplete";
	if (ai->vinput_len % 16 || ai->vhash_len % 16 || ai->keyval_len % 16 ||
	    ai->vinput_len > 1024 || ai->vhash_len > 1024 || ai->keyval_len > 1024 ||
	    ai->keyval_len < ai->data.key_bytes ||
	    ai->vhash_len < (size_t)EVP_MD_get_size(ai->pw.md) ||
	    ai->vinput_len < ai->pw.salt_len)
		return "agile verifier sizes inconsistent";
	return NULL;
}

/* `want` bytes of a hash: truncated, or padded with 0x36 (2.3.4.12). */
static void
fit(unsigned char *dst, const unsigned char *src, size_t have, size_t want)
{
	memset(dst, 0x36, want);
	memcpy(dst, src, MIN(have, want));
}

/* Derive the key for one block key from the spun hash. */
static bool
block_key_for(const agile_params *p, const unsigned char *hn,
	      const unsigned char *blk, unsigned char *key)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	size_t hl = (size_t)EVP_MD_get_size(p->md);
	if (!triage_crypto_hash(p->md, hn, hl, blk, 8, NULL, 0, h))
		return false;
	fit(key, h, hl, p->key_bytes);
	return true;
}

/* Verify one password; on success ai->secret holds the package key. */
static bool
agile_try(agile_info *ai, const char *password)
{
	const agile_params *p = &ai->pw;
	size_t hl = (size_t)EVP_MD_get_size(p->md);
	unsigned char hn[EVP_MAX_MD_SIZE], key[32], iv[16], h[EVP_MAX_MD_SIZE];
	unsigned char buf[1024];
	size_t pwlen = 0;
	unsigned char *pw = triage_crypto_utf16le(password, MAX_PW_CHARS, &pwlen);
	bool ok = false;

	fit(iv, p->salt, p->salt_len, 16);
	if (!triage_crypto_spin(p->md, p->salt, p->salt_len, pw, pwlen,
				(uint32_t)ai->spin, hn))
		goto out;
	/* H(verifier input) must equal the decrypted verifier hash. */
	if (!block_key_for(p, hn, block_vinput, key) ||
	    !triage_crypto_aes_dec(key, p->key_bytes, iv, ai->vinput,
				   ai->vinput_len, buf) ||
	    !triage_crypto_hash(p->md, buf, p->salt_len, NULL, 0, NULL, 0, h))
		goto out;
	if (!block_key_for(p, hn, block_vhash, key) ||
	    !triage_crypto_aes_dec(key, p->key_bytes, iv, ai->vhash,
				   ai->vhash_len, buf) ||
	    !triage_crypto_equal(h, buf, hl))
		goto out;
	if (!block_key_for(p, hn, block_key, key) ||
	    !triage_crypto_aes_dec(key, p->key_bytes, iv, ai->keyval,
				   ai->keyval_len, buf))
		goto out;
	memcpy(ai->secret, buf, ai->data.key_bytes);
	ok = true;
out:
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(buf, sizeof buf);
	OPENSSL_cleanse(pw, pwlen);
	g_free(pw);
	return ok;
}

/* Segment i: AES-CBC, IV = H(keyData salt + LE32(i)). */
static bool
agile_segment(void *arg, uint32_t i, unsigned char *buf, size_t len)
{
	const agile_info *ai = arg;
	unsigned char idx[4] = {
		(unsigned char)i, (unsigned char)(i >> 8),
		(unsigned char)(i >> 16), (unsigned char)(i >> 24),
	};
	unsigned char h[EVP_MAX_MD_SIZE], iv[16];
	if (!triage_crypto_hash(ai->data.md, ai->data.salt, ai->data.salt_len,
				idx, 4, NULL, 0, h))
		return false;
	fit(iv, h, (size_t)EVP_MD_get_size(ai->data.md), 16);
	return triage_crypto_aes_dec(ai->secret, ai->data.key_bytes, iv, buf,
				     len, buf);
}

/* Free what the descriptor parse allocated. */
static void
agile_clear(agile_info *ai)
{
	g_free(ai->data.salt);
	g_free(ai->pw.salt);
	g_free(ai->vinput);
	g_free(ai->vhash);
	g_free(ai->keyval);
	OPENSSL_cleanse(ai->secret, sizeof ai->secret);
}

/* Parse the XML descriptor, try the candidates, decrypt the package. */
triage_status
triage_crypto_agile(triage_ctx *ctx, const unsigned char *xml, size_t xml_len,
		    const unsigned char *pkg, size_t pkg_len,
		    triage_blob **out, const char **why)
{
	static const GMarkupParser parser = {on_start, NULL, NULL, NULL, NULL};
	agile_info ai = {0};
	triage_status st = TRIAGE_ENCRYPTED;
	bool truncated = false;

	*out = NULL;
	/* Some writers pad the stream with NULs after the XML. */
	xml_len = triage_docs_strnlen(xml, xml_len);
	GMarkupParseContext *pc = g_markup_parse_context_new(&parser, 0, &ai, NULL);
	/* Errors after the elements we need do not matter: check_info decides. */
	if (g_markup_parse_context_parse(pc, (const char *)xml, (gssize)xml_len, NULL))
		g_markup_parse_context_end_parse(pc, NULL);
	g_markup_parse_context_free(pc);

	*why = check_info(&ai);
	if (*why) {
		st = strcmp(*why, "unsupported hash algorithm") == 0 ||
		     strcmp(*why, "unsupported cipher") == 0 ?
			TRIAGE_ENCRYPTED : TRIAGE_CORRUPT;
		goto out;
	}
	if (ai.spin > TRIAGE_CRYPTO_MAX_SPIN) {
		*why = "spin count too large to try passwords";
		goto out;
	}
	*why = "no known password opens the document";
	for (size_t i = 0; i < triage_crypto_ncandidates(ctx); i++) {
		if (triage_ctx_over_time(ctx)) {
			*why = "time_budget_ms";
			st = TRIAGE_LIMIT;
			goto out;
		}
		if (!agile_try(&ai, triage_crypto_candidate(ctx, i)))
			continue;
		st = triage_crypto_package(ctx, pkg, pkg_len, 16, agile_segment,
					   &ai, out, &truncated);
		*why = truncated ? "EncryptedPackage shorter than its StreamSize" : NULL;
		goto out;
	}
out:
	agile_clear(&ai);
	return st;
}
