/* test_crypto_ppt.c - encrypted PowerPoint 97-2003 files (RC4 CryptoAPI per persist object): decrypted child, VBA inside, wrong passwords, damage. */
#include "config.h"

#include "crypto_fixture.h"
#include "olefix.h"
#include "office/ole_int.h"

#define PPT_DEFAULT "/01Hannes Ruescher/01"
#define ID_DOC 1
#define ID_VBA 2
#define ID_SESSION 3

/* The encrypting side: Hn and the key size of the session. */
typedef struct ppt_fx {
	unsigned char hn[20];
	size_t key_bytes;
} ppt_fx;

/* Block key (MS-OFFCRYPTO 2.3.5.2): SHA-1(Hn + block), 40-bit keys padded to 128. */
static void
fx_key(const ppt_fx *fx, uint32_t b, unsigned char key[16], size_t *keylen)
{
	unsigned char blk[4] = {(unsigned char)b, (unsigned char)(b >> 8),
				(unsigned char)(b >> 16), (unsigned char)(b >> 24)}, h[20];
	cfx_hash(EVP_sha1(), fx->hn, 20, blk, 4, h);
	memset(key, 0, 16);
	memcpy(key, h, fx->key_bytes);
	*keylen = fx->key_bytes == 5 ? 16 : fx->key_bytes;
}

/* RC4 of block b from the start of its keystream over p[0..n). */
static void
fx_crypt(const ppt_fx *fx, uint32_t b, unsigned char *p, size_t n)
{
	unsigned char key[16];
	size_t kl = 0;
	fx_key(fx, b, key, &kl);
	cfx_rc4(key, kl, 0, p, n);
}

/* CryptSession10Container data: RC4 CryptoAPI EncryptionHeader + verifier for pw. */
static GByteArray *
fx_session(ppt_fx *fx, const char *pw, unsigned bits)
{
	unsigned char salt[16], v[36];
	GByteArray *a = g_byte_array_new();
	GByteArray *csp = cfx_utf16("Microsoft Base Cryptographic Provider v1.0");
	dfx_le16(csp, 0);
	fx->key_bytes = bits / 8;
	cfx_fill(salt, 16, 31);
	cfx_fill(v, 16, 32);
	cfx_spin(EVP_sha1(), salt, 16, pw, 50000, fx->hn);
	cfx_hash(EVP_sha1(), v, 16, NULL, 0, v + 16);
	fx_crypt(fx, 0, v, 36);
	dfx_le16(a, 2);
	dfx_le16(a, 2);
	dfx_le32(a, 0x04);
	dfx_le32(a, 32 + csp->len);
	dfx_le32(a, 0x04);
	dfx_le32(a, 0);
	dfx_le32(a, 0x6801);
	dfx_le32(a, 0x8004);
	dfx_le32(a, bits);
	dfx_le32(a, 1);
	dfx_le32(a, 0);
	dfx_le32(a, 0);
	dfx_bytes(a, csp->data, csp->len);
	dfx_le32(a, 16);
	dfx_bytes(a, salt, 16);
	dfx_bytes(a, v, 16);
	dfx_le32(a, 20);
	dfx_bytes(a, v + 16, 20);
	g_byte_array_unref(csp);
	return a;
}

/* A record header. */
static void
rh(GByteArray *a, unsigned ver, unsigned inst, unsigned type, size_t len)
{
	dfx_le16(a, (uint16_t)(ver | (inst << 4)));
	dfx_le16(a, (uint16_t)type);
	dfx_le32(a, (uint32_t)len);
}

/* A CFB storage holding a VBA project with an auto-run macro. */
static GByteArray *
vba_storage(void)
{
	olefix f;
	olefix_begin(&f);
	olefix_module mods[] = {
		{"Module1", "Sub Auto_Open()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n' padding padding\r\n",
		 NULL, 0, false},
	};
	olefix_vba_project(f.root, mods, 1, true);
	return olefix_end(&f);
}

/* The streams of one presentation. */
typedef struct ppt_file {
	GByteArray *doc;     /* PowerPoint Document */
	GByteArray *user;    /* Current User */
	GByteArray *pict;    /* Pictures */
	size_t obj_off[4];   /* persist objects by id */
	size_t edit_off;
} ppt_file;

/* The clear streams: DocumentContainer, ExOleObjStg (VBA), session, directory, edit. */
static void
plain_ppt(ppt_file *p, ppt_fx *fx, const char *pw, unsigned bits)
{
	GByteArray *d = p->doc = g_byte_array_new();
	p->obj_off[ID_DOC] = d->len;
	rh(d, 0xF, 0, 0x03E8, 8 + 40);
	rh(d, 1, 0, 0x03E9, 40);
	unsigned char atom[40] = {0};
	atom[0] = 0x80;
	dfx_bytes(d, atom, sizeof atom);
	GByteArray *vba = vba_storage();
	p->obj_off[ID_VBA] = d->len;
	rh(d, 0, 0, 0x1011, vba->len);
	dfx_bytes(d, vba->data, vba->len);
	g_byte_array_unref(vba);
	GByteArray *s = fx_session(fx, pw, bits);
	p->obj_off[ID_SESSION] = d->len;
	rh(d, 0xF, 0, 0x2F14, s->len);
	dfx_bytes(d, s->data, s->len);
	g_byte_array_unref(s);
	size_t dir = d->len;
	rh(d, 0, 0, 0x1772, 16);
	dfx_le32(d, 1u | (3u << 20));
	for (int i = ID_DOC; i <= ID_SESSION; i++)
		dfx_le32(d, (uint32_t)p->obj_off[i]);
	p->edit_off = d->len;
	rh(d, 0, 0, 0x0FF5, 0x20);
	dfx_le32(d, 0);         /* lastSlideIdRef */
	dfx_le16(d, 0);
	dfx_le16(d, 0x0300);    /* minor 0, major 3 */
	dfx_le32(d, 0);         /* offsetLastEdit */
	dfx_le32(d, (uint32_t)dir);
	dfx_le32(d, ID_DOC);
	dfx_le32(d, ID_SESSION);
	dfx_le16(d, 1);
	dfx_le16(d, 0);
	dfx_le32(d, ID_SESSION);

	GByteArray *u = p->user = g_byte_array_new();
	rh(u, 0, 0, 0x0FF6, 20 + 4 + 4);
	dfx_le32(u, 0x14);
	dfx_le32(u, 0xF3D1C4DF);
	dfx_le32(u, (uint32_t)p->edit_off);
	dfx_le16(u, 4);
	dfx_le16(u, 0x03F4);
	dfx_le16(u, 0x0003);
	dfx_le16(u, 0);
	dfx_bytes(u, "user", 4);
	dfx_le32(u, 8);

	/* One PNG BLIP (one UID, a tag byte, the image bytes). */
	GByteArray *g = p->pict = g_byte_array_new();
	unsigned char uid[16], png[120];
	cfx_fill(uid, 16, 33);
	cfx_fill(png, sizeof png, 34);
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	rh(g, 0, 0x6E0, 0xF01E, 16 + 1 + sizeof png);
	dfx_bytes(g, uid, 16);
	dfx_bytes(g, "\xff", 1);
	dfx_bytes(g, png, sizeof png);
}

/* Encrypt the persist objects (not the session) and the picture fields. */
static void
encrypt_ppt(const ppt_fx *fx, ppt_file *p)
{
	for (uint32_t id = ID_DOC; id <= ID_VBA; id++) {
		size_t off = p->obj_off[id];
		size_t n = 8 + (size_t)(p->doc->data[off + 4] | (p->doc->data[off + 5] << 8) |
					(p->doc->data[off + 6] << 16) |
					((uint32_t)p->doc->data[off + 7] << 24));
		fx_crypt(fx, id, p->doc->data + off, n);
	}
	static const size_t fields[] = {8, 16, 1, 120};
	size_t pos = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		fx_crypt(fx, 0, p->pict->data + pos, fields[i]);
		pos += fields[i];
	}
}

/* A CFB file from the streams (EncryptedSummary when encrypted). */
static GByteArray *
ppt_cfb(const unsigned char *doc, size_t dlen, const unsigned char *user,
	size_t ulen, const unsigned char *pict, size_t plen, bool summary)
{
	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, "Current User", user, ulen);
	olefix_stream(f.root, "PowerPoint Document", doc, dlen);
	if (pict)
		olefix_stream(f.root, "Pictures", pict, plen);
	if (summary) {
		unsigned char junk[64];
		cfx_fill(junk, sizeof junk, 35);
		olefix_stream(f.root, "EncryptedSummary", junk, sizeof junk);
	}
	return olefix_end(&f);
}

/* The encrypted streams for pw in *p; *plain gets the clear ones when asked. */
static void
encrypted_streams(const char *pw, unsigned bits, ppt_file *p, ppt_file *plain)
{
	ppt_fx fx;
	plain_ppt(p, &fx, pw, bits);
	if (plain) {
		plain->doc = g_byte_array_new();
		dfx_bytes(plain->doc, p->doc->data, p->doc->len);
		plain->pict = g_byte_array_new();
		dfx_bytes(plain->pict, p->pict->data, p->pict->len);
		plain->user = g_byte_array_ref(p->user);
		memcpy(plain->obj_off, p->obj_off, sizeof p->obj_off);
		plain->edit_off = p->edit_off;
	}
	encrypt_ppt(&fx, p);
}

/* An encrypted .ppt for pw; *plain gets the clear streams when asked. */
static GByteArray *
encrypted_ppt(const char *pw, unsigned bits, ppt_file *plain)
{
	ppt_file p;
	encrypted_streams(pw, bits, &p, plain);
	GByteArray *file = ppt_cfb(p.doc->data, p.doc->len, p.user->data, p.user->len,
				   p.pict->data, p.pict->len, true);
	g_byte_array_unref(p.doc);
	g_byte_array_unref(p.user);
	g_byte_array_unref(p.pict);
	return file;
}

static void
ppt_file_free(ppt_file *p)
{
	g_byte_array_unref(p->doc);
	g_byte_array_unref(p->user);
	g_byte_array_unref(p->pict);
}

/* A root stream of a CFB image (NULL when absent). */
static GByteArray *
cfb_stream(const unsigned char *p, size_t len, const char *name)
{
	GsfInput *mem = gsf_input_memory_new(p, (gsf_off_t)len, FALSE);
	GsfInfile *root = gsf_infile_msole_new(mem, NULL);
	assert_non_null(root);
	GsfInput *in = gsf_infile_child_by_name(root, name);
	GByteArray *a = NULL;
	if (in) {
		a = g_byte_array_new();
		gsf_off_t n = gsf_input_size(in);
		if (n > 0)
			dfx_bytes(a, gsf_input_read(in, (size_t)n, NULL), (size_t)n);
		g_object_unref(in);
	}
	g_object_unref(root);
	g_object_unref(mem);
	return a;
}

/* u32 at p. */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* The OLE reader on the encrypted file: a clear copy whose VBA is found. */
static void
decrypt_case(const char *pw, unsigned bits, bool in_message)
{
	triage_ctx *ctx = olefix_ctx();
	if (in_message) {
		g_ptr_array_add(ctx->passwords, g_strdup("wrong1"));
		g_ptr_array_add(ctx->passwords, g_strdup(pw));
	}
	ppt_file plain;
	GByteArray *file = encrypted_ppt(pw, bits, &plain);
	triage_object *o = olefix_object("t.ppt", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_true(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object *c = olefix_child(o, "/decrypted.ppt");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "decrypted");

	/* The copy: clear persist objects, the encryption neutralised. */
	const unsigned char *img = triage_object_data(c);
	size_t ilen = triage_object_size(c);
	GByteArray *doc = cfb_stream(img, ilen, "PowerPoint Document");
	assert_non_null(doc);
	assert_int_equal(doc->len, plain.doc->len);
	size_t s = plain.obj_off[ID_SESSION];
	assert_memory_equal(doc->data, plain.doc->data, s);
	assert_int_equal(le32(doc->data + s), 0);
	assert_int_equal(le32(doc->data + plain.edit_off + 8 + 28), 0);
	GByteArray *user = cfb_stream(img, ilen, "Current User");
	assert_int_equal(le32(user->data + 12), 0xE391C05F);
	GByteArray *pict = cfb_stream(img, ilen, "Pictures");
	assert_non_null(pict);
	assert_int_equal(pict->len, plain.pict->len);
	assert_memory_equal(pict->data, plain.pict->data, pict->len);
	assert_null(cfb_stream(img, ilen, "EncryptedSummary"));
	g_byte_array_unref(doc);
	g_byte_array_unref(user);
	g_byte_array_unref(pict);

	/* The child read as a plain .ppt: not encrypted, its VBA extracted. */
	triage_object_set_str(c, TF_TYPE, "ole");
	assert_int_equal(triage_ole_run(ctx, c), TRIAGE_OK);
	assert_false(triage_object_fact_bool(c, TF_OFFICE_ENCRYPTED));
	assert_int_equal(triage_object_unscanned(c), TRIAGE_UNSCANNED_NONE);
	assert_non_null(olefix_child(c, "vba:Module1"));
	assert_true(triage_object_fact_bool(c, TF_VBA_AUTOEXEC));
	triage_object_free(&o);
	ppt_file_free(&plain);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

/* Read-only protection: PowerPoint's built-in password, 40-bit and 128-bit keys. */
static void
test_default_password(void **state)
{
	(void)state;
	decrypt_case(PPT_DEFAULT, 40, false);
	decrypt_case(PPT_DEFAULT, 128, false);
	decrypt_case("VelvetSweatshop", 128, false);
}

static void
test_message_password(void **state)
{
	(void)state;
	decrypt_case("pass123", 128, true);
}

/* No candidate fits: encrypted state, no child, the original not read on. */
static void
test_wrong_password(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	g_ptr_array_add(ctx->passwords, g_strdup("pass124"));
	GByteArray *file = encrypted_ppt("pass123", 128, NULL);
	triage_object *o = olefix_object("t.ppt", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_false(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_ENCRYPTED);
	assert_int_equal(triage_object_nchildren(o), 0);
	triage_object_free(&o);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

/* A plain presentation (token, no session id) is read directly: VBA found, nothing encrypted. */
static void
test_plain(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	ppt_fx fx;
	ppt_file p;
	plain_ppt(&p, &fx, "x", 128);
	p.user->data[12] = 0x5F;
	p.user->data[13] = 0xC0;
	p.user->data[14] = 0x91;
	p.user->data[15] = 0xE3;
	memset(p.doc->data + p.edit_off + 8 + 28, 0, 4);
	/* No CryptSession10Container either: retype it as an unknown atom. */
	memset(p.doc->data + p.obj_off[ID_SESSION], 0, 4);
	GByteArray *file = ppt_cfb(p.doc->data, p.doc->len, p.user->data, p.user->len,
				   NULL, 0, false);
	triage_object *o = olefix_object("p.ppt", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_false(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_non_null(olefix_child(o, "vba:Module1"));
	triage_object_free(&o);
	g_byte_array_unref(file);
	ppt_file_free(&p);
	olefix_ctx_free(&ctx);
}

/* Fields the damage cases overwrite. */
enum where { W_CURRENT_EDIT, W_EDIT_PREV, W_EDIT_DIR, W_SESSION_REF, W_SESSION_ALG,
	     W_SESSION_VER, W_DIR_ENTRY };

/* One damage to the encrypted streams and the state it must give. */
typedef struct damage_case {
	const char *what;
	enum where where;
	uint32_t value;
	triage_unscanned want;
} damage_case;

/* Offset of a field in the stream it lives in (Current User for W_CURRENT_EDIT). */
static size_t
field_at(const ppt_file *p, enum where w)
{
	switch (w) {
	case W_CURRENT_EDIT: return 16;
	case W_EDIT_PREV: return p->edit_off + 8 + 8;
	case W_EDIT_DIR: return p->edit_off + 8 + 12;
	case W_SESSION_REF: return p->edit_off + 8 + 28;
	case W_SESSION_ALG: return p->obj_off[ID_SESSION] + 8 + 20;
	case W_SESSION_VER: return p->obj_off[ID_SESSION] + 8;
	case W_DIR_ENTRY: return p->edit_off - 16;
	}
	return 0;
}

/*
 * A damaged edit chain is corrupt, another cipher stays encrypted; the
 * file is still known as encrypted and nothing is decrypted.
 */
static void
test_damaged_chain_and_cipher(void **state)
{
	(void)state;
	const damage_case cases[] = {
		{"edit offset past the stream", W_CURRENT_EDIT, 0x7FFFFFF0u, TRIAGE_UNSCANNED_CORRUPT},
		{"edit chain loops", W_EDIT_PREV, 0, TRIAGE_UNSCANNED_CORRUPT},
		{"directory offset wrong", W_EDIT_DIR, 4, TRIAGE_UNSCANNED_CORRUPT},
		{"session id unknown", W_SESSION_REF, 9, TRIAGE_UNSCANNED_CORRUPT},
		{"AES in a binary file", W_SESSION_ALG, 0x660E, TRIAGE_UNSCANNED_ENCRYPTED},
		{"EncryptionVersionInfo 9.9", W_SESSION_VER, 0x00090009u, TRIAGE_UNSCANNED_CORRUPT},
		{"directory entry count too large", W_DIR_ENTRY, 1u | (4095u << 20), TRIAGE_UNSCANNED_CORRUPT},
	};
	triage_ctx *ctx = olefix_ctx();
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const damage_case *dc = &cases[i];
		ppt_file p;
		encrypted_streams(PPT_DEFAULT, 40, &p, NULL);
		GByteArray *t = dc->where == W_CURRENT_EDIT ? p.user : p.doc;
		size_t at = field_at(&p, dc->where);
		uint32_t v = dc->value;
		/* "loops": the previous edit is the edit itself. */
		if (dc->where == W_EDIT_PREV)
			v = (uint32_t)p.edit_off;
		for (int b = 0; b < 4; b++)
			t->data[at + (size_t)b] = (unsigned char)(v >> (8 * b));
		GByteArray *file = ppt_cfb(p.doc->data, p.doc->len, p.user->data,
					   p.user->len, p.pict->data, p.pict->len, true);
		triage_object *o = olefix_object("d.ppt", file->data, file->len);
		assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
		if (triage_object_unscanned(o) != dc->want)
			fail_msg("%s: unscanned %d", dc->what, (int)triage_object_unscanned(o));
		assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
		assert_false(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
		assert_int_equal(triage_object_nchildren(o), 0);
		triage_object_free(&o);
		g_byte_array_unref(file);
		ppt_file_free(&p);
	}
	olefix_ctx_free(&ctx);
}

/* A message with the password in its body, through the whole engine. */
static void
scan_message(const char *body_pw, bool want_macro)
{
	GByteArray *file = encrypted_ppt("pass123", 128, NULL);
	char *b64 = g_base64_encode(file->data, file->len);
	char *msg = g_strdup_printf(
		"From: a@example.com\nTo: b@example.com\nSubject: slides\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n"
		"--XX\nContent-Type: text/plain\n\nThe slides are protected.\nPassword: %s\n\n"
		"--XX\nContent-Type: application/vnd.ms-powerpoint; name=\"slides.ppt\"\n"
		"Content-Disposition: attachment; filename=\"slides.ppt\"\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--XX--\n", body_pw, b64);
	triage_engine *e = th_engine(NULL, NULL);
	triage_scanner *s = triage_scanner_new(e);
	triage_report *r = th_scan_message(s, msg, strlen(msg));
	if (th_has_category(r, "macro-vba-autoexec") != want_macro)
		th_dump(r);
	assert_int_equal(th_has_category(r, "macro-vba-autoexec"), want_macro);
	assert_true(th_has_category(r, "office-encrypted"));
	assert_int_equal(th_find_object(r, "/decrypted.ppt") != NULL, want_macro);
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		if (strcmp(f->category, "office-encrypted") == 0)
			assert_int_equal(f->severity, want_macro ? TRIAGE_SEV_LOW : TRIAGE_SEV_MEDIUM);
	}
	triage_report_free(&r);
	triage_scanner_free(&s);
	triage_engine_unref(&e);
	g_free(msg);
	g_free(b64);
	g_byte_array_unref(file);
}

static void
test_message(void **state)
{
	(void)state;
	scan_message("pass123", true);
	scan_message("pass999", false);
}

/* Truncated and bit-flipped streams: a state on the object, never a crash. */
static void
test_mutations(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *file = encrypted_ppt(PPT_DEFAULT, 40, NULL);
	GByteArray *doc = cfb_stream(file->data, file->len, "PowerPoint Document");
	GByteArray *user = cfb_stream(file->data, file->len, "Current User");
	GByteArray *pict = cfb_stream(file->data, file->len, "Pictures");
	uint32_t seed = 0x9917;
	unsigned decrypted = 0;
	for (int v = 0; v < 300; v++) {
		size_t dl = doc->len, ul = user->len, pl = pict->len;
		/* Mostly the document stream (chain, directory, session), also the others. */
		int which = v % 5;
		unsigned char *md = which < 3 ? dfx_mutate(doc->data, &dl, &seed, v % 100, 100)
					      : g_memdup2(doc->data, dl);
		unsigned char *mu = which == 3 ? dfx_mutate(user->data, &ul, &seed, v % 100, 100)
					       : g_memdup2(user->data, ul);
		unsigned char *mp = which == 4 ? dfx_mutate(pict->data, &pl, &seed, v % 100, 100)
					       : g_memdup2(pict->data, pl);
		if (which == 2 && dl > 64) {
			/* Aim at the directory and edit atom at the end of the stream. */
			memcpy(md, doc->data, dl);
			md[dl - 1 - dfx_rand(&seed) % 60] = (unsigned char)dfx_rand(&seed);
		}
		GByteArray *img = ppt_cfb(md, dl, mu, ul, mp, pl, v % 2);
		triage_object *o = olefix_object("m.ppt", img->data, img->len);
		assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
		bool dec = triage_object_fact_bool(o, TF_OFFICE_DECRYPTED);
		decrypted += dec;
		assert_true(dec || triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE ||
			    !triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
		/* A decrypted copy is itself readable without a crash. */
		triage_object *c = olefix_child(o, "/decrypted.ppt");
		if (c) {
			triage_object_set_str(c, TF_TYPE, "ole");
			assert_int_equal(triage_ole_run(ctx, c), TRIAGE_OK);
		}
		triage_object_free(&o);
		g_byte_array_unref(img);
		g_free(md);
		g_free(mu);
		g_free(mp);
	}
	/* Damage to object bodies still decrypts: the loop saw both outcomes. */
	assert_true(decrypted > 0 && decrypted < 300);
	g_byte_array_unref(doc);
	g_byte_array_unref(user);
	g_byte_array_unref(pict);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_password),
		cmocka_unit_test(test_message_password),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_damaged_chain_and_cipher),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
