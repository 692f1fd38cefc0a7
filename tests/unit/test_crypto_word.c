/* test_crypto_word.c - encrypted Word 97-2003 files (RC4, RC4 CryptoAPI): decrypted child, DDE inside, wrong passwords, damage. */
#include "config.h"

#include "crypto_fixture.h"
#include "olefix.h"
#include "office/ole_int.h"

enum method { M_RC4, M_CAPI };

typedef struct word_fx {
	enum method m;
	unsigned char base[20]; /* RC4: truncated H1 (5 bytes); CryptoAPI: Hn */
} word_fx;

/* Block key (MS-OFFCRYPTO 2.3.6.2 / 2.3.5.2, 128-bit). */
static void
fx_block_key(const word_fx *fx, uint32_t b, unsigned char key[16])
{
	unsigned char blk[4] = {(unsigned char)b, (unsigned char)(b >> 8), 0, 0}, h[20];
	if (fx->m == M_RC4)
		cfx_hash(EVP_md5(), fx->base, 5, blk, 4, h);
	else
		cfx_hash(EVP_sha1(), fx->base, 20, blk, 4, h);
	memcpy(key, h, 16);
}

/* Encrypt [from, len) of a stream in 512-byte blocks keyed by stream offset. */
static void
fx_encrypt(const word_fx *fx, unsigned char *p, size_t from, size_t len)
{
	for (size_t off = from; off < len;) {
		size_t blk = off / 512, in = off % 512, n = MIN(512 - in, len - off);
		unsigned char key[16];
		fx_block_key(fx, (uint32_t)blk, key);
		cfx_rc4(key, 16, in, p + off, n);
		off += n;
	}
}

/* The encryption header at the start of the table stream (its size is lKey). */
static GByteArray *
fx_header(word_fx *fx, const char *pw)
{
	unsigned char salt[16], v[36], key[16];
	size_t vhlen = fx->m == M_RC4 ? 16 : 20;
	GByteArray *p = cfx_utf16(pw), *a = g_byte_array_new();
	cfx_fill(salt, 16, 21);
	cfx_fill(v, 16, 22);
	if (fx->m == M_RC4) {
		unsigned char h0[16], buf[16 * 21], h1[16];
		cfx_hash(EVP_md5(), p->data, p->len, NULL, 0, h0);
		for (int i = 0; i < 16; i++) {
			memcpy(buf + 21 * i, h0, 5);
			memcpy(buf + 21 * i + 5, salt, 16);
		}
		cfx_hash(EVP_md5(), buf, sizeof buf, NULL, 0, h1);
		memcpy(fx->base, h1, 5);
		cfx_hash(EVP_md5(), v, 16, NULL, 0, v + 16);
	} else {
		cfx_spin(EVP_sha1(), salt, 16, pw, 50000, fx->base);
		cfx_hash(EVP_sha1(), v, 16, NULL, 0, v + 16);
	}
	fx_block_key(fx, 0, key);
	cfx_rc4(key, 16, 0, v, 16 + vhlen);
	if (fx->m == M_RC4) {
		dfx_le16(a, 1);
		dfx_le16(a, 1);
		dfx_bytes(a, salt, 16);
		dfx_bytes(a, v, 32);
	} else {
		GByteArray *csp = cfx_utf16("Microsoft Enhanced Cryptographic Provider v1.0");
		dfx_le16(csp, 0);
		dfx_le16(a, 4);
		dfx_le16(a, 2);
		dfx_le32(a, 0x04);
		dfx_le32(a, 32 + csp->len);
		dfx_le32(a, 0x04);
		dfx_le32(a, 0);
		dfx_le32(a, 0x6801);
		dfx_le32(a, 0x8004);
		dfx_le32(a, 0x80);
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
	}
	g_byte_array_unref(p);
	return a;
}

/* The plain WordDocument: FibBase (1Table), filler, a DDEAUTO field past block 2. */
static GByteArray *
plain_word(void)
{
	GByteArray *a = g_byte_array_new();
	unsigned char fib[68] = {0};
	fib[0] = 0xEC;
	fib[1] = 0xA5;
	fib[2] = 0xC1;
	fib[10] = 0x00;
	fib[11] = 0x02; /* fWhichTblStm */
	dfx_bytes(a, fib, sizeof fib);
	for (int i = 0; i < 1100; i++)
		dfx_bytes(a, "a", 1);
	static const char field[] = "\x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" \x14\x15";
	dfx_bytes(a, field, sizeof field - 1);
	for (int i = 0; i < 300; i++)
		dfx_bytes(a, "b", 1);
	return a;
}

/* A .doc encrypted for `pw`; *plain_wd gets the clear WordDocument when asked. */
static GByteArray *
encrypted_doc(enum method m, const char *pw, GByteArray **plain_wd)
{
	word_fx fx = {.m = m};
	GByteArray *wd = plain_word(), *hdr = fx_header(&fx, pw);
	GByteArray *tbl = g_byte_array_new(), *data = g_byte_array_new();
	unsigned char filler[700];
	cfx_fill(filler, sizeof filler, 23);
	dfx_bytes(tbl, hdr->data, hdr->len);
	dfx_bytes(tbl, filler, sizeof filler);
	dfx_bytes(data, filler, 600);
	if (plain_wd)
		*plain_wd = g_byte_array_ref(wd);
	GByteArray *ewd = g_byte_array_new();
	dfx_bytes(ewd, wd->data, wd->len);
	ewd->data[11] |= 0x01; /* fEncrypted */
	ewd->data[14] = (unsigned char)hdr->len;
	ewd->data[15] = (unsigned char)(hdr->len >> 8);
	fx_encrypt(&fx, ewd->data, 68, ewd->len);
	fx_encrypt(&fx, tbl->data, hdr->len, tbl->len);
	fx_encrypt(&fx, data->data, 0, data->len);

	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, "WordDocument", ewd->data, ewd->len);
	olefix_stream(f.root, "1Table", tbl->data, tbl->len);
	olefix_stream(f.root, "Data", data->data, data->len);
	GsfOutfile *mac = olefix_storage(f.root, "Macros");
	olefix_stream(mac, "PROJECT", "ID=\"{0}\"\r\n", 10);
	olefix_close(mac);
	GByteArray *file = olefix_end(&f);
	g_byte_array_unref(wd);
	g_byte_array_unref(hdr);
	g_byte_array_unref(tbl);
	g_byte_array_unref(data);
	g_byte_array_unref(ewd);
	return file;
}

/* Read a root stream of a CFB image (g_byte_array). */
static GByteArray *
cfb_stream(const unsigned char *p, size_t len, const char *name)
{
	GsfInput *mem = gsf_input_memory_new(p, (gsf_off_t)len, FALSE);
	GsfInfile *root = gsf_infile_msole_new(mem, NULL);
	assert_non_null(root);
	GsfInput *in = gsf_infile_child_by_name(root, name);
	assert_non_null(in);
	GByteArray *a = g_byte_array_new();
	gsf_off_t n = gsf_input_size(in);
	dfx_bytes(a, gsf_input_read(in, (size_t)n, NULL), (size_t)n);
	g_object_unref(in);
	g_object_unref(root);
	g_object_unref(mem);
	return a;
}

/* The OLE reader on the encrypted file: one decrypted child, clear text, DDE in it. */
static void
decrypt_case(enum method m, const char *pw)
{
	triage_ctx *ctx = olefix_ctx();
	g_ptr_array_add(ctx->passwords, g_strdup("wrong1"));
	g_ptr_array_add(ctx->passwords, g_strdup(pw));
	GByteArray *plain, *file = encrypted_doc(m, pw, &plain);
	triage_object *o = olefix_object("t.doc", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_true(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object *c = olefix_child(o, "/decrypted.doc");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "decrypted");

	GByteArray *wd = cfb_stream(triage_object_data(c), triage_object_size(c), "WordDocument");
	assert_int_equal(wd->len, plain->len);
	assert_memory_equal(wd->data + 68, plain->data + 68, plain->len - 68);
	assert_int_equal(wd->data[11] & 0x81, 0);
	g_byte_array_unref(wd);

	/* The child read as a plain Word file: DDE found, no encryption. */
	triage_object_set_str(c, TF_TYPE, "ole");
	assert_int_equal(triage_ole_run(ctx, c), TRIAGE_OK);
	assert_true(triage_object_fact_bool(c, TF_DDE));
	assert_false(triage_object_fact_bool(c, TF_OFFICE_ENCRYPTED));
	triage_object_free(&o);
	g_byte_array_unref(plain);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

static void
test_rc4(void **state)
{
	(void)state;
	decrypt_case(M_RC4, "pass123");
}

static void
test_cryptoapi(void **state)
{
	(void)state;
	decrypt_case(M_CAPI, "pass123");
	decrypt_case(M_CAPI, "VelvetSweatshop");
}

/* No candidate fits: encrypted state, no child. */
static void
test_wrong_password(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	g_ptr_array_add(ctx->passwords, g_strdup("pass124"));
	GByteArray *file = encrypted_doc(M_CAPI, "pass123", NULL);
	triage_object *o = olefix_object("t.doc", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_false(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_ENCRYPTED);
	assert_null(olefix_child(o, "/decrypted.doc"));
	triage_object_free(&o);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

/* A message with the password in its body, through the whole engine. */
static void
scan_message(const char *body_pw, bool want_dde)
{
	GByteArray *file = encrypted_doc(M_CAPI, "pass123", NULL);
	char *b64 = g_base64_encode(file->data, file->len);
	char *msg = g_strdup_printf(
		"From: a@example.com\nTo: b@example.com\nSubject: contract\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n"
		"--XX\nContent-Type: text/plain\n\nHello, the file is protected.\nPassword: %s\n\n"
		"--XX\nContent-Type: application/msword; name=\"contract.doc\"\n"
		"Content-Disposition: attachment; filename=\"contract.doc\"\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--XX--\n", body_pw, b64);
	triage_engine *e = th_engine(NULL, NULL);
	triage_scanner *s = triage_scanner_new(e);
	triage_report *r = th_scan_message(s, msg, strlen(msg));
	if (th_has_category(r, "office-dde") != want_dde)
		th_dump(r);
	assert_int_equal(th_has_category(r, "office-dde"), want_dde);
	assert_true(th_has_category(r, "office-encrypted"));
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		if (strcmp(f->category, "office-encrypted") == 0)
			assert_int_equal(f->severity, want_dde ? TRIAGE_SEV_LOW : TRIAGE_SEV_MEDIUM);
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

/* Damaged headers and streams: a state on the object, never a crash. */
static void
test_mutations(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	g_ptr_array_add(ctx->passwords, g_strdup("pass123"));
	GByteArray *file = encrypted_doc(M_RC4, "pass123", NULL);
	GByteArray *wd = cfb_stream(file->data, file->len, "WordDocument");
	GByteArray *tbl = cfb_stream(file->data, file->len, "1Table");
	uint32_t seed = 0xD0C;
	for (int v = 0; v < 300; v++) {
		size_t wl = wd->len, tl = tbl->len;
		/* Mutate the FIB base (lKey, flags) or the encryption header. */
		unsigned char *mw = v % 2 ? dfx_mutate(wd->data, &wl, &seed, v % 100, 100)
					  : g_memdup2(wd->data, wl);
		unsigned char *mt = v % 2 ? g_memdup2(tbl->data, tl)
					  : dfx_mutate(tbl->data, &tl, &seed, v % 100, 100);
		if (v % 2 && wl > 68 && v % 4 == 1) {
			memcpy(mw, wd->data, 68);
			mw[14 + (size_t)(v / 4) % 4] = (unsigned char)dfx_rand(&seed);
		}
		olefix f;
		olefix_begin(&f);
		olefix_stream(f.root, "WordDocument", mw, wl);
		olefix_stream(f.root, "1Table", mt, tl);
		GByteArray *img = olefix_end(&f);
		triage_object *o = olefix_object("m.doc", img->data, img->len);
		assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
		assert_true(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED) ||
			    triage_object_unscanned(o) != TRIAGE_UNSCANNED_NONE ||
			    !triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
		triage_object_free(&o);
		g_byte_array_unref(img);
		g_free(mw);
		g_free(mt);
	}
	g_byte_array_unref(wd);
	g_byte_array_unref(tbl);
	g_byte_array_unref(file);
	olefix_ctx_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rc4),
		cmocka_unit_test(test_cryptoapi),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
