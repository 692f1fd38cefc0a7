/* test_crypto_biff.c - BIFF8 FILEPASS: RC4 and RC4 CryptoAPI workbooks, wrong passwords, malformed headers. */
#include "config.h"

#include "crypto_fixture.h"
#include "office/office_int.h"
#include "office/crypto_int.h"
#include "office/ole_int.h"
#include "olefix.h"

enum method { M_RC4, M_CAPI128, M_CAPI40, M_XOR };

typedef struct biff_fx {
	enum method m;
	unsigned char xor_array[16];
	unsigned char base[20]; /* RC4: truncated H1 (5); CryptoAPI: Hn (20) */
} biff_fx;

/* Block key as MS-OFFCRYPTO 2.3.6.2 / 2.3.5.2 define it. */
static size_t
fx_block_key(const biff_fx *fx, uint32_t b, unsigned char *key)
{
	unsigned char blk[4] = {(unsigned char)b, (unsigned char)(b >> 8), 0, 0}, h[20];
	if (fx->m == M_RC4) {
		cfx_hash(EVP_md5(), fx->base, 5, blk, 4, h);
		memcpy(key, h, 16);
		return 16;
	}
	cfx_hash(EVP_sha1(), fx->base, 20, blk, 4, h);
	memset(key, 0, 16);
	if (fx->m == M_CAPI40) {
		memcpy(key, h, 5);
		return 16;
	}
	memcpy(key, h, 16);
	return 16;
}

/* Password state: RC4's H1 prefix or CryptoAPI's spun hash. */
static void
fx_derive(biff_fx *fx, const char *pw, const unsigned char *salt)
{
	if (fx->m == M_RC4) {
		GByteArray *p = cfx_utf16(pw);
		unsigned char h0[16], buf[16 * 21], h1[16];
		cfx_hash(EVP_md5(), p->data, p->len, NULL, 0, h0);
		for (int i = 0; i < 16; i++) {
			memcpy(buf + 21 * i, h0, 5);
			memcpy(buf + 21 * i + 5, salt, 16);
		}
		cfx_hash(EVP_md5(), buf, sizeof buf, NULL, 0, h1);
		memcpy(fx->base, h1, 5);
		g_byte_array_unref(p);
	} else {
		cfx_spin(EVP_sha1(), salt, 16, pw, 50000, fx->base);
	}
}

/* A record. */
static void
rec(GByteArray *a, uint16_t type, const void *body, size_t n)
{
	dfx_le16(a, type);
	dfx_le16(a, (uint16_t)n);
	dfx_bytes(a, body, n);
}

/* The FILEPASS body with an encrypted verifier for this password. */
static GByteArray *
filepass(biff_fx *fx, const char *pw)
{
	unsigned char salt[16], v[36], key[16];
	size_t vhlen = fx->m == M_RC4 ? 16 : 20;
	if (fx->m == M_XOR) {
		/* wEncryptionType 0, key, verificationBytes (MS-OFFCRYPTO 2.3.7). */
		unsigned char pb[16];
		size_t n = 0;
		assert_true(triage_xor_password(pw, pb, &n));
		triage_xor_array(pb, n, fx->xor_array);
		GByteArray *a = g_byte_array_new();
		dfx_le16(a, 0);
		dfx_le16(a, triage_xor_key(pb, n));
		dfx_le16(a, triage_xor_verifier(pb, n));
		return a;
	}
	cfx_fill(salt, 16, 11);
	cfx_fill(v, 16, 12);
	fx_derive(fx, pw, salt);
	cfx_hash(fx->m == M_RC4 ? EVP_md5() : EVP_sha1(), v, 16, NULL, 0, v + 16);
	size_t kl = fx_block_key(fx, 0, key);
	cfx_rc4(key, kl, 0, v, 16 + vhlen);

	GByteArray *a = g_byte_array_new();
	dfx_le16(a, 1);
	if (fx->m == M_RC4) {
		dfx_le16(a, 1);
		dfx_le16(a, 1);
		dfx_bytes(a, salt, 16);
		dfx_bytes(a, v, 32);
		return a;
	}
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
	dfx_le32(a, fx->m == M_CAPI40 ? 0x28 : 0x80);
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

/* Encrypt a plain stream as MS-XLS 2.2.10 says: bodies only, some records in clear. */
static GByteArray *
encrypt_stream(const biff_fx *fx, const GByteArray *a)
{
	GByteArray *enc = g_byte_array_new();
	dfx_bytes(enc, a->data, a->len);
	for (size_t off = 0; off + 4 <= a->len;) {
		uint16_t type = (uint16_t)(a->data[off] | a->data[off + 1] << 8);
		size_t n = (size_t)(a->data[off + 2] | a->data[off + 3] << 8);
		size_t from = type == 0x0809 || type == 0x002F || type == 0x00E1 ? n :
			      type == 0x0085 ? 4 : 0;
		for (size_t p = off + 4 + from; p < off + 4 + n && fx->m == M_XOR; p++) {
			/* XOR method 1: rotate left 5, XOR array[(offset + size) % 16]. */
			unsigned x = enc->data[p];
			x = ((x << 5) | (x >> 3)) & 0xff;
			enc->data[p] = (unsigned char)(x ^ fx->xor_array[(p + n) % 16]);
		}
		for (size_t p = off + 4 + from; p < off + 4 + n && fx->m != M_XOR; p++) {
			/* RC4: keystream by stream offset, re-keyed every 1024 bytes. */
			unsigned char key[16], byte = 0;
			size_t kl = fx_block_key(fx, (uint32_t)(p / 1024), key);
			cfx_rc4(key, kl, p % 1024, &byte, 1);
			enc->data[p] ^= byte;
		}
		off += 4 + n;
	}
	return enc;
}

/*
 * A plain workbook stream: BOF, FILEPASS, InterfaceHdr, BoundSheet8, data
 * records spanning several 1024-byte blocks, EOF.  *enc gets the
 * encrypted form, which the decryptor must undo.
 */
static GByteArray *
workbook(enum method m, const char *pw, GByteArray **enc)
{
	biff_fx fx = {.m = m};
	unsigned char bof[16] = {0x00, 0x06, 0x05, 0x00}, body[700];
	GByteArray *a = g_byte_array_new();
	GByteArray *fp = filepass(&fx, pw);
	rec(a, 0x0809, bof, sizeof bof);
	rec(a, 0x002F, fp->data, fp->len);
	rec(a, 0x00E1, "\xb0\x04", 2);
	rec(a, 0x0085, "\x10\x20\x00\x00\x01\x01\x06\x00Macro1", 14);
	for (int i = 0; i < 6; i++) {
		cfx_fill(body, sizeof body, 100 + (uint32_t)i);
		rec(a, 0x00FC, body, sizeof body - (size_t)i * 50);
	}
	rec(a, 0x000A, NULL, 0);
	g_byte_array_unref(fp);
	*enc = encrypt_stream(&fx, a);
	return a;
}

/* Decrypt with the given candidates and compare to the plain stream. */
static void
roundtrip(enum method m, const char *pw, const char *candidate)
{
	dfx f;
	dfx_init(&f);
	if (candidate)
		g_ptr_array_add(f.ctx.passwords, g_strdup(candidate));
	GByteArray *enc, *plain = workbook(m, pw, &enc);
	assert_true(plain->len > 3 * 1024);
	assert_memory_not_equal(enc->data, plain->data, plain->len);
	unsigned char *out = NULL;
	assert_int_equal(triage_crypto_biff(&f.ctx, enc->data, enc->len, &out), TRIAGE_OK);
	assert_non_null(out);
	assert_memory_equal(out, plain->data, plain->len);
	g_free(out);
	g_byte_array_unref(plain);
	g_byte_array_unref(enc);
	dfx_free(&f);
}

static void
test_rc4(void **state)
{
	(void)state;
	roundtrip(M_RC4, "VelvetSweatshop", NULL);
	roundtrip(M_RC4, "秘密pass", "秘密pass");
}

static void
test_cryptoapi(void **state)
{
	(void)state;
	roundtrip(M_CAPI128, "VelvetSweatshop", NULL);
	roundtrip(M_CAPI128, "infected", "infected");
	roundtrip(M_CAPI40, "Passw0rd", "Passw0rd");
}

/* The XOR key and verifier of Excel's default password, as real files carry them. */
static void
test_xor_velvet(void **state)
{
	(void)state;
	unsigned char pb[16];
	size_t n = 0;
	assert_true(triage_xor_password("VelvetSweatshop", pb, &n));
	assert_int_equal(n, 15);
	assert_int_equal(triage_xor_key(pb, n), 0xB359);
	assert_int_equal(triage_xor_verifier(pb, n), 0x9A0A);
	assert_false(triage_xor_password("", pb, &n));
}

static void
test_xor(void **state)
{
	(void)state;
	roundtrip(M_XOR, "VelvetSweatshop", NULL);
	roundtrip(M_XOR, "abc", "abc");
	roundtrip(M_XOR, "fourteen chars", "fourteen chars");
}

/* Set a u32 in a stream being built. */
static void
patch32(GByteArray *a, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		a->data[at + (size_t)i] = (unsigned char)(v >> (8 * i));
}

/*
 * A very hidden macro sheet with Auto_Open, XOR-obfuscated with
 * VelvetSweatshop in a CFB file: the OLE reader decrypts it and the XLM
 * rules see the sheet.
 */
static void
test_xor_macro_sheet(void **state)
{
	(void)state;
	biff_fx fx = {.m = M_XOR};
	unsigned char bof[16] = {0x00, 0x06, 0x05, 0x00, 0xBB, 0x0D, 0xCC, 0x07};
	unsigned char mbof[16] = {0x00, 0x06, 0x40, 0x00, 0xBB, 0x0D, 0xCC, 0x07};
	static const unsigned char lbl[16] = {0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
	static const unsigned char fml[26] = {0, 0, 0, 0, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					      0, 0, 0, 0, 0, 0, 4, 0, 0x42, 0, 0x36, 0x00};
	GByteArray *a = g_byte_array_new(), *fp = filepass(&fx, "VelvetSweatshop");
	rec(a, 0x0809, bof, sizeof bof);
	rec(a, 0x002F, fp->data, fp->len);
	size_t at = a->len + 4;
	rec(a, 0x0085, "\x00\x00\x00\x00\x02\x01\x06\x00Macro1", 14);
	rec(a, 0x0018, lbl, sizeof lbl);
	rec(a, 0x000A, NULL, 0);
	patch32(a, at, a->len);
	rec(a, 0x0809, mbof, sizeof mbof);
	rec(a, 0x0006, fml, sizeof fml);
	rec(a, 0x000A, NULL, 0);
	GByteArray *enc = encrypt_stream(&fx, a);
	/* The sheet's state and type are hidden in the file as stored. */
	assert_memory_not_equal(enc->data + at + 4, a->data + at + 4, 2);

	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, "Workbook", enc->data, enc->len);
	GByteArray *file = olefix_end(&f);
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.xls", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_true(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_true(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_non_null(olefix_child(o, "xlm:Macro1"));
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "macro-xlm-hidden"));
	for (size_t i = 0; i < triage_object_nfindings(o); i++) {
		const triage_finding *fd = triage_object_finding(o, i);
		if (strcmp(fd->category, "office-encrypted") == 0)
			assert_int_equal(fd->severity, TRIAGE_SEV_LOW);
	}
	triage_object_free(&o);
	olefix_ctx_free(&ctx);
	g_byte_array_unref(file);
	g_byte_array_unref(enc);
	g_byte_array_unref(fp);
	g_byte_array_unref(a);
}

/* No candidate fits: TRIAGE_ENCRYPTED and no output. */
static void
test_wrong_password(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	g_ptr_array_add(f.ctx.passwords, g_strdup("nope"));
	enum method ms[3] = {M_RC4, M_CAPI128, M_XOR};
	for (int i = 0; i < 3; i++) {
		GByteArray *enc, *plain = workbook(ms[i], "secret", &enc);
		unsigned char *out = (unsigned char *)"x";
		assert_int_equal(triage_crypto_biff(&f.ctx, enc->data, enc->len, &out),
				 TRIAGE_ENCRYPTED);
		assert_null(out);
		g_byte_array_unref(plain);
		g_byte_array_unref(enc);
	}
	dfx_free(&f);
}

/* XOR obfuscation is detected; malformed FILEPASS records are corrupt. */
static void
test_malformed(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	unsigned char bof[16] = {0};
	static const struct {
		const char *body;
		size_t len;
		triage_status want;
	} cases[] = {
		{"\x00\x00\x34\x12\x78\x56", 6, TRIAGE_ENCRYPTED},   /* XOR */
		{"\x01", 1, TRIAGE_CORRUPT},                          /* too short */
		{"\x05\x00\x01\x00\x01\x00", 6, TRIAGE_CORRUPT},      /* unknown type */
		{"\x01\x00\x01\x00\x01\x00", 6, TRIAGE_CORRUPT},      /* RC4, no salt */
		{"\x01\x00\x07\x00\x02\x00", 6, TRIAGE_CORRUPT},      /* version 7.2 */
		{"\x01\x00\x04\x00\x02\x00\x04\x00\x00\x00\xff\xff\x00\x00", 14, TRIAGE_CORRUPT},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *a = g_byte_array_new();
		rec(a, 0x0809, bof, sizeof bof);
		rec(a, 0x002F, cases[i].body, cases[i].len);
		rec(a, 0x000A, NULL, 0);
		unsigned char *out = NULL;
		assert_int_equal(triage_crypto_biff(&f.ctx, a->data, a->len, &out),
				 cases[i].want);
		assert_null(out);
		g_byte_array_unref(a);
	}
	/* No FILEPASS before EOF; FILEPASS longer than the stream. */
	GByteArray *a = g_byte_array_new();
	rec(a, 0x0809, bof, sizeof bof);
	rec(a, 0x000A, NULL, 0);
	rec(a, 0x002F, "\x01\x00\x01\x00\x01\x00", 6);
	unsigned char *out = NULL;
	assert_int_equal(triage_crypto_biff(&f.ctx, a->data, a->len, &out), TRIAGE_CORRUPT);
	g_byte_array_set_size(a, 20);
	rec(a, 0x002F, "\x01\x00", 2);
	a->data[22] = 0xff;
	assert_int_equal(triage_crypto_biff(&f.ctx, a->data, a->len, &out), TRIAGE_CORRUPT);
	assert_int_equal(triage_crypto_biff(&f.ctx, a->data, 0, &out), TRIAGE_CORRUPT);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* Truncations and flips: a status from the contract, never a crash. */
static void
test_mutations(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *enc = NULL, *plain = NULL;
	uint32_t seed = 0x5EED;
	for (int v = 0; v < 1000; v++) {
		/* RC4 first, then XOR obfuscation. */
		if (v % 500 == 0) {
			if (plain) {
				g_byte_array_unref(plain);
				g_byte_array_unref(enc);
			}
			plain = workbook(v ? M_XOR : M_RC4, "VelvetSweatshop", &enc);
		}
		size_t len = enc->len;
		unsigned char *m = dfx_mutate(enc->data, &len, &seed, v % 500, 500);
		unsigned char *out = NULL;
		triage_status st = triage_crypto_biff(&f.ctx, m, len, &out);
		assert_true(st == TRIAGE_OK || st == TRIAGE_ENCRYPTED || st == TRIAGE_CORRUPT);
		assert_true((st == TRIAGE_OK) == (out != NULL));
		g_free(out);
		g_free(m);
	}
	g_byte_array_unref(plain);
	g_byte_array_unref(enc);
	dfx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rc4),
		cmocka_unit_test(test_cryptoapi),
		cmocka_unit_test(test_xor_velvet),
		cmocka_unit_test(test_xor),
		cmocka_unit_test(test_xor_macro_sheet),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
