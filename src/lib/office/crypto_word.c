/* crypto_word.c - Word 97-2003 encryption (MS-DOC 2.2.6, MS-OFFCRYPTO 2.3.5/2.3.6): RC4 and RC4 CryptoAPI. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "ole_int.h"
#include "crypto_int.h"

/* FibBase ([MS-DOC] 2.5.2): 68 bytes that are never encrypted. */
#define FIB_BASE_LEN 68
#define FIB_FLAGS 0x0A
#define FIB_LKEY 0x0E
#define FIB_ENCRYPTED 0x0100u
#define FIB_WHICHTBL 0x0200u
#define FIB_OBFUSCATED 0x8000u
/* Word streams are encrypted in 512-byte blocks, each with its own key. */
#define WORD_BLOCK 512

/* Decrypt WordDocument, the table stream and Data with a keyed k, then rebuild. */
static triage_status
decrypt_streams(ole_doc *d, const triage_rc4_key *k, const char *tname,
		const unsigned char *wd, size_t wlen, const unsigned char *tbl,
		size_t tlen, size_t hdr, const unsigned char *data, size_t dlen)
{
	triage_cfb_stream s[3] = {
		{.name = "WordDocument", .len = wlen}, {.name = tname, .len = tlen},
		{.name = "Data", .len = dlen},
	};
	unsigned char *w = g_memdup2(wd, wlen), *t = g_memdup2(tbl, tlen);
	unsigned char *dt = data ? g_memdup2(data, dlen) : NULL;
	triage_status st = TRIAGE_ERR_INTERNAL;

	/* The keystream runs from offset 0; the FIB base and the encryption header stay clear. */
	if (!triage_rc4_key_crypt(k, WORD_BLOCK, 0, w, wlen) ||
	    !triage_rc4_key_crypt(k, WORD_BLOCK, hdr, t + hdr, tlen - hdr) ||
	    (dt && !triage_rc4_key_crypt(k, WORD_BLOCK, 0, dt, dlen))) {
		snprintf(d->ctx->err, sizeof d->ctx->err, "Word decryption: hash failure");
		goto out;
	}
	memcpy(w, wd, FIB_BASE_LEN);
	/* The copy is a plain document now: readers must not see the flags. */
	unsigned flags = ole_le16(w + FIB_FLAGS) & ~(FIB_ENCRYPTED | FIB_OBFUSCATED);
	w[FIB_FLAGS] = (unsigned char)flags;
	w[FIB_FLAGS + 1] = (unsigned char)(flags >> 8);
	memset(w + FIB_LKEY, 0, 4);
	s[0].data = w;
	s[1].data = t;
	s[2].data = dt;
	st = triage_crypto_finish(d, "decrypted.doc", s, dt ? 3 : 2);
out:
	g_free(w);
	g_free(t);
	g_free(dt);
	return st;
}

/* FIB fEncrypted: find the password and add the decrypted copy. */
triage_status
triage_crypto_word(ole_doc *d, const unsigned char *wd, size_t len)
{
	unsigned char *tbl = NULL, *data = NULL;
	size_t tlen = 0, dlen = 0;
	triage_rc4_key k;
	triage_status st = TRIAGE_OK;

	triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
	if (len < FIB_BASE_LEN) {
		triage_crypto_not_decrypted(d, TRIAGE_CORRUPT, "WordDocument shorter than its FIB");
		goto out;
	}
	unsigned flags = ole_le16(wd + FIB_FLAGS);
	uint32_t lkey = ole_le32(wd + FIB_LKEY);
	if (flags & FIB_OBFUSCATED) {
		triage_crypto_not_decrypted(d, TRIAGE_ENCRYPTED, "Word XOR obfuscation not supported");
		goto out;
	}
	const char *tname = (flags & FIB_WHICHTBL) ? "1Table" : "0Table";
	if (!triage_crypto_read_root(d, tname, &tbl, &tlen) || !triage_crypto_read_root(d, "Data", &data, &dlen))
		goto out;
	if (tbl == NULL || lkey > tlen) {
		triage_crypto_not_decrypted(d, TRIAGE_CORRUPT, "no encryption header in the table stream");
		goto out;
	}
	st = triage_rc4_key_parse(tbl, lkey, &k);
	if (st != TRIAGE_OK) {
		triage_crypto_not_decrypted(d, st, st == TRIAGE_CORRUPT ? "bad Word encryption header"
				 : "Word encryption with an unsupported cipher");
		st = TRIAGE_OK;
		goto out;
	}
	st = triage_rc4_key_find(d->ctx, &k, NULL);
	if (st != TRIAGE_OK) {
		triage_crypto_not_decrypted(d, st, "no known password opens the document");
		st = TRIAGE_OK;
		goto out;
	}
	st = decrypt_streams(d, &k, tname, wd, len, tbl, tlen, lkey, data, dlen);
	triage_rc4_key_clear(&k);
out:
	g_free(tbl);
	g_free(data);
	return st;
}
