/* crypto_ppt.c - PowerPoint 97-2003 encryption (MS-PPT 2.3.7, MS-OFFCRYPTO 2.3.5): RC4 CryptoAPI per persist object. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <openssl/crypto.h>

#include "ole_int.h"
#include "crypto_int.h"

#define RT_CURRENTUSERATOM 0x0FF6u
#define RT_USEREDITATOM    0x0FF5u
#define RT_PERSISTDIR      0x1772u
/* Older writers' name for the same directory record (POI reads both). */
#define RT_PERSISTDIR_FULL 0x1771u
#define RT_CRYPTSESSION10  0x2F14u
/* CurrentUserAtom.headerToken of plain and encrypted files. */
#define TOKEN_PLAIN        0xE391C05Fu
#define TOKEN_ENCRYPTED    0xF3D1C4DFu
/* UserEditAtom body: 28 bytes, 32 with encryptSessionPersistIdRef. */
#define EDIT_LEN           0x1Cu
#define EDIT_LEN_CRYPT     0x20u
/*
 * What PowerPoint uses when a file was encrypted without an opening
 * password (read-only protection): it opens without a prompt, so
 * attackers use it the way Excel's VelvetSweatshop is used.
 */
#define PPT_DEFAULT_PASSWORD "/01Hannes Ruescher/01"
/* Objects decrypted between two looks at the time budget. */
#define TIME_CHECK_EVERY 1024u

/* The edit chain: the persist directory and the records never encrypted. */
typedef struct ppt_chain {
	GHashTable *dir;        /* persist id -> stream offset, newest edit wins */
	GArray *edits;          /* offsets of UserEditAtoms with encryptSessionPersistIdRef */
	unsigned char *plain;   /* one byte per stream byte: 1 = a clear record */
	uint32_t session;       /* encryptSessionPersistIdRef of the current edit */
} ppt_chain;

/* Body of the record at `off` when its type is `type` (or `alt`) and it fits. */
static const unsigned char *
record_at(const unsigned char *p, size_t len, uint64_t off, unsigned type,
	  unsigned alt, size_t *blen)
{
	if (off > len || len - off < 8)
		return NULL;
	unsigned t = ole_le16(p + off + 2);
	size_t n = ole_le32(p + off + 4);
	if ((t != type && t != alt) || n > len - off - 8)
		return NULL;
	*blen = n;
	return p + off + 8;
}

/* Mark a clear record; false when it overlaps another one. */
static bool
mark_plain(ppt_chain *c, size_t off, size_t n)
{
	for (size_t i = off; i < off + n; i++) {
		if (c->plain[i])
			return false;
		c->plain[i] = 1;
	}
	return true;
}

/* Add one PersistDirectoryAtom's entries (ids already known stay). */
static bool
read_directory(ppt_chain *c, const unsigned char *b, size_t n)
{
	size_t pos = 0;
	while (pos < n) {
		if (n - pos < 4)
			return false;
		uint32_t e = ole_le32(b + pos);
		uint32_t first = e & 0xFFFFFu, count = e >> 20;
		pos += 4;
		if (count > (n - pos) / 4)
			return false;
		for (uint32_t i = 0; i < count; i++) {
			gpointer key = GUINT_TO_POINTER(first + i);
			if (first + i != 0 && !g_hash_table_contains(c->dir, key))
				g_hash_table_insert(c->dir, key,
						    GUINT_TO_POINTER(ole_le32(b + pos + 4 * i)));
		}
		pos += 4 * (size_t)count;
	}
	return true;
}

/*
 * Follow CurrentUserAtom.offsetToCurrentEdit and the UserEditAtoms'
 * offsetLastEdit back to the first edit.  Each incremental save appends,
 * so a previous edit lies strictly before the current one: anything else
 * is a loop or damage.
 */
static const char *
read_chain(ppt_chain *c, const unsigned char *cu, size_t culen,
	   const unsigned char *doc, size_t len)
{
	size_t n = 0;
	const unsigned char *a = record_at(cu, culen, 0, RT_CURRENTUSERATOM, RT_CURRENTUSERATOM, &n);
	if (a == NULL || n < 12)
		return "bad CurrentUserAtom";
	uint64_t off = ole_le32(a + 8);
	bool current = true;
	for (;;) {
		const unsigned char *e = record_at(doc, len, off, RT_USEREDITATOM, RT_USEREDITATOM, &n);
		if (e == NULL || n < EDIT_LEN)
			return "UserEditAtom missing or damaged";
		if (!mark_plain(c, (size_t)off, 8 + n))
			return "overlapping UserEditAtom";
		if (n >= EDIT_LEN_CRYPT) {
			size_t at = (size_t)off + 8 + 28;
			g_array_append_val(c->edits, at);
			if (current)
				c->session = ole_le32(e + 28);
		}
		current = false;
		uint64_t prev = ole_le32(e + 8), dir = ole_le32(e + 12);
		size_t dlen = 0;
		const unsigned char *db = record_at(doc, len, dir, RT_PERSISTDIR, RT_PERSISTDIR_FULL, &dlen);
		if (db == NULL)
			return "PersistDirectoryAtom missing or damaged";
		if (!mark_plain(c, (size_t)dir, 8 + dlen) || !read_directory(c, db, dlen))
			return "bad PersistDirectoryAtom";
		if (prev == 0)
			return NULL;
		if (prev >= off)
			return "UserEditAtom chain does not go backwards";
		off = prev;
	}
}

/*
 * Decrypt one persist object in place with its id as the block number:
 * TRIAGE_OK, TRIAGE_CORRUPT (*why says what) or TRIAGE_ERR_INTERNAL.
 */
static triage_status
decrypt_object(ppt_chain *c, const triage_rc4_key *k, uint32_t id, size_t off,
	       unsigned char *doc, size_t len, const char **why)
{
	unsigned char key[16], rh[8];
	size_t keylen = 0;
	triage_status st = TRIAGE_CORRUPT;
	triage_rc4 rc;

	if (off > len || len - off < 8) {
		*why = "persist object outside the stream";
		return TRIAGE_CORRUPT;
	}
	if (!triage_rc4_key_block(k, id, key, &keylen)) {
		*why = "hash failure";
		return TRIAGE_ERR_INTERNAL;
	}
	triage_rc4_init(&rc, key, keylen);
	/* The record header is encrypted too: its length is known after. */
	memcpy(rh, doc + off, 8);
	triage_rc4_crypt(&rc, rh, 8);
	size_t n = ole_le32(rh + 4);
	if (n > len - off - 8) {
		*why = "persist object longer than the stream";
		goto out;
	}
	for (size_t i = off; i < off + 8 + n; i++) {
		if (c->plain[i]) {
			*why = "persist objects overlap";
			goto out;
		}
		c->plain[i] = 1;
	}
	memcpy(doc + off, rh, 8);
	triage_rc4_crypt(&rc, doc + off + 8, n);
	st = TRIAGE_OK;
out:
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(&rc, sizeof rc);
	return st;
}

/* Ascending order of persist ids, so the work does not depend on hashing. */
static gint
cmp_u32(gconstpointer a, gconstpointer b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Decrypt every persist object but the CryptSession10Container, then
 * neutralise the encryption: no session id in the UserEditAtoms, the
 * session record turned into an empty-typed atom of the same length
 * (readers walking the stream must not see it as encrypted).
 */
static triage_status
decrypt_document(ole_doc *d, ppt_chain *c, const triage_rc4_key *k,
		 size_t session_off, unsigned char *doc, size_t len,
		 const char **why)
{
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	GHashTableIter it;
	gpointer key, val;
	triage_status st = TRIAGE_OK;

	g_hash_table_iter_init(&it, c->dir);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		uint32_t id = GPOINTER_TO_UINT(key);
		if (id != c->session)
			g_array_append_val(ids, id);
	}
	g_array_sort(ids, cmp_u32);
	for (guint i = 0; i < ids->len && st == TRIAGE_OK; i++) {
		uint32_t id = g_array_index(ids, uint32_t, i);
		size_t off = GPOINTER_TO_UINT(g_hash_table_lookup(c->dir, GUINT_TO_POINTER(id)));
		if (i % TIME_CHECK_EVERY == TIME_CHECK_EVERY - 1 && triage_ctx_over_time(d->ctx)) {
			*why = "time_budget_ms";
			st = TRIAGE_LIMIT;
		} else {
			st = decrypt_object(c, k, id, off, doc, len, why);
		}
	}
	if (st == TRIAGE_OK) {
		for (guint i = 0; i < c->edits->len; i++)
			memset(doc + g_array_index(c->edits, size_t, i), 0, 4);
		size_t n = ole_le32(doc + session_off + 4);
		memset(doc + session_off, 0, 4);
		memset(doc + session_off + 8, 0, n);
	}
	g_array_free(ids, TRUE);
	return st;
}

/* Decrypt, rebuild the CFB file with the clear streams and add the child. */
static triage_status
decrypt_file(ole_doc *d, ppt_chain *c, const triage_rc4_key *k,
	     size_t session_off, const unsigned char *doc, size_t len,
	     const unsigned char *cu, size_t culen)
{
	unsigned char *pd = g_memdup2(doc, len), *user = g_memdup2(cu, culen);
	unsigned char *pict = NULL, *clear = NULL;
	size_t plen = 0;
	const char *why = NULL;
	triage_status st = decrypt_document(d, c, k, session_off, pd, len, &why);

	if (st != TRIAGE_OK) {
		if (st == TRIAGE_ERR_INTERNAL)
			snprintf(d->ctx->err, sizeof d->ctx->err,
				 "PowerPoint decryption: %s", why);
		else
			triage_crypto_not_decrypted(d, st, why);
		goto out;
	}
	/* culen >= 16: read_chain found a CurrentUserAtom with its fields. */
	user[12] = (unsigned char)(TOKEN_PLAIN & 0xff);
	user[13] = (unsigned char)((TOKEN_PLAIN >> 8) & 0xff);
	user[14] = (unsigned char)((TOKEN_PLAIN >> 16) & 0xff);
	user[15] = (unsigned char)(TOKEN_PLAIN >> 24);
	/* Pictures that cannot be read or decrypted are left out of the copy. */
	bool pict_ok = triage_crypto_read_root(d, "Pictures", &pict, &plen) &&
		       (pict == NULL || triage_crypto_ppt_pictures(k, pict, plen, &clear));
	if (!pict_ok && !d->limited)
		d->corrupt = true;
	triage_cfb_stream s[] = {
		{.name = "PowerPoint Document", .data = pd, .len = len},
		{.name = "Current User", .data = user, .len = culen},
		{.name = "EncryptedSummary", .drop = true},
		{.name = "Pictures", .data = clear, .len = plen, .drop = !pict_ok},
	};
	st = triage_crypto_finish(d, "decrypted.ppt", s, G_N_ELEMENTS(s));
out:
	g_free(pd);
	g_free(user);
	g_free(pict);
	g_free(clear);
	return TRIAGE_IS_ERROR(st) ? st : TRIAGE_OK;
}

/* Find the CryptSession10Container, the password, and decrypt. */
static triage_status
open_session(ole_doc *d, ppt_chain *c, const unsigned char *doc, size_t len,
	     const unsigned char *cu, size_t culen)
{
	triage_rc4_key k;
	gpointer val = NULL;
	size_t n = 0;
	const unsigned char *body = NULL;
	triage_status st;

	if (c->session != 0 &&
	    g_hash_table_lookup_extended(c->dir, GUINT_TO_POINTER(c->session), NULL, &val))
		body = record_at(doc, len, GPOINTER_TO_UINT(val), RT_CRYPTSESSION10,
				 RT_CRYPTSESSION10, &n);
	if (body == NULL) {
		triage_crypto_not_decrypted(d, TRIAGE_CORRUPT, "no CryptSession10Container in the edit chain");
		return TRIAGE_OK;
	}
	size_t session_off = GPOINTER_TO_UINT(val);
	if (!mark_plain(c, session_off, 8 + n)) {
		triage_crypto_not_decrypted(d, TRIAGE_CORRUPT, "CryptSession10Container overlaps the edit chain");
		return TRIAGE_OK;
	}
	st = triage_rc4_key_parse(body, n, &k);
	if (st == TRIAGE_OK && k.method != TRIAGE_RC4_CRYPTOAPI)
		st = TRIAGE_ENCRYPTED; /* PowerPoint knows only RC4 CryptoAPI */
	if (st != TRIAGE_OK) {
		triage_crypto_not_decrypted(d, st, st == TRIAGE_CORRUPT ? "bad PowerPoint encryption header"
				 : "PowerPoint encryption with an unsupported cipher");
		return TRIAGE_OK;
	}
	st = triage_rc4_key_find(d->ctx, &k, PPT_DEFAULT_PASSWORD);
	if (st != TRIAGE_OK) {
		triage_crypto_not_decrypted(d, st, "no known password opens the presentation");
		return TRIAGE_OK;
	}
	st = decrypt_file(d, c, &k, session_off, doc, len, cu, culen);
	triage_rc4_key_clear(&k);
	return st;
}

/* An encrypted "PowerPoint Document": decrypt it into a "decrypted.ppt" child. */
triage_status
triage_crypto_ppt(ole_doc *d, const unsigned char *doc, size_t len, bool *handled)
{
	unsigned char *cu = NULL;
	size_t culen = 0;
	ppt_chain c = {0};
	triage_status st = TRIAGE_OK;

	*handled = false;
	if (!triage_crypto_read_root(d, "Current User", &cu, &culen) || cu == NULL)
		return TRIAGE_OK;
	c.dir = g_hash_table_new(g_direct_hash, g_direct_equal);
	c.edits = g_array_new(FALSE, FALSE, sizeof(size_t));
	c.plain = g_malloc0(len ? len : 1);
	const char *why = read_chain(&c, cu, culen, doc, len);
	bool token = culen >= 16 && ole_le32(cu + 12) == TOKEN_ENCRYPTED;
	gpointer val = NULL;
	size_t n = 0;
	bool session = why == NULL && c.session != 0 &&
		g_hash_table_lookup_extended(c.dir, GUINT_TO_POINTER(c.session), NULL, &val) &&
		record_at(doc, len, GPOINTER_TO_UINT(val), RT_CRYPTSESSION10,
			  RT_CRYPTSESSION10, &n) != NULL;
	/* A plain file (or a damaged chain without the encrypted token) is read as usual. */
	if (!token && !session)
		goto out;
	*handled = true;
	triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
	if (why) {
		triage_crypto_not_decrypted(d, TRIAGE_CORRUPT, why);
		goto out;
	}
	st = open_session(d, &c, doc, len, cu, culen);
out:
	g_hash_table_destroy(c.dir);
	g_array_free(c.edits, TRUE);
	g_free(c.plain);
	g_free(cu);
	return st;
}
