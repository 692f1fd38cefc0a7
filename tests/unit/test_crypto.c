/* test_crypto.c - ECMA-376 agile (AES-256/SHA-512) and standard (AES-128/SHA-1) decryption. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>

#include "crypto_fixture.h"
#include "office/office_int.h"

/* Spin count of the agile fixtures (Office uses 100000; smaller keeps tests fast). */
#define AGILE_SPIN 2000

static const unsigned char blk_vinput[8] = {0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79};
static const unsigned char blk_vhash[8] = {0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e};
static const unsigned char blk_key[8] = {0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6};

/* A stored (uncompressed) zip with word/document.xml over several segments. */
static GByteArray *
plain_docx(void)
{
	static unsigned char out[65536];
	size_t used = 0;
	unsigned char body[10000];
	cfx_fill(body, sizeof body, 77);
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=store");
	assert_int_equal(archive_write_open_memory(a, out, sizeof out, &used), ARCHIVE_OK);
	const char *names[2] = {"[Content_Types].xml", "word/document.xml"};
	for (int i = 0; i < 2; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, sizeof body);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, body, sizeof body), (la_ssize_t)sizeof body);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	GByteArray *g = g_byte_array_new();
	dfx_bytes(g, out, used);
	return g;
}

/* EncryptedPackage: StreamSize + the data padded to 16 and encrypted. */
typedef void (*seg_enc)(void *arg, uint32_t i, unsigned char *buf, size_t len);

static GByteArray *
encrypt_package(const GByteArray *plain, seg_enc enc, void *arg)
{
	GByteArray *a = g_byte_array_new();
	size_t padded = (plain->len + 15) / 16 * 16;
	unsigned char *buf = g_malloc0(padded);
	memcpy(buf, plain->data, plain->len);
	dfx_le64(a, plain->len);
	for (size_t off = 0, i = 0; off < padded; off += 4096, i++)
		enc(arg, (uint32_t)i, buf + off, MIN((size_t)4096, padded - off));
	dfx_bytes(a, buf, padded);
	g_free(buf);
	return a;
}

typedef struct agile_fx {
	unsigned char data_salt[16], pw_salt[16], secret[32];
} agile_fx;

/* Agile segment i: AES-256-CBC, IV = SHA-512(keyData salt + LE32(i))[:16]. */
static void
agile_seg(void *arg, uint32_t i, unsigned char *buf, size_t len)
{
	agile_fx *fx = arg;
	unsigned char idx[4] = {(unsigned char)i, (unsigned char)(i >> 8), 0, 0}, h[64];
	cfx_hash(EVP_sha512(), fx->data_salt, 16, idx, 4, h);
	cfx_aes_enc(fx->secret, 32, h, buf, len, buf);
}

/* Base64 attribute text. */
static char *
b64(const unsigned char *p, size_t n)
{
	return g_base64_encode(p, n);
}

/* An agile EncryptionInfo + EncryptedPackage for `password`. */
static void
make_agile(const char *password, const GByteArray *plain, GByteArray **info,
	   GByteArray **pkg)
{
	agile_fx fx;
	unsigned char hn[64], h[64], key[32], vinput[16], enc_vi[16], enc_vh[64],
		enc_key[32];
	cfx_fill(fx.data_salt, 16, 1);
	cfx_fill(fx.pw_salt, 16, 2);
	cfx_fill(fx.secret, 32, 3);
	cfx_fill(vinput, 16, 4);
	cfx_spin(EVP_sha512(), fx.pw_salt, 16, password, AGILE_SPIN, hn);
	cfx_hash(EVP_sha512(), hn, 64, blk_vinput, 8, h);
	memcpy(key, h, 32);
	cfx_aes_enc(key, 32, fx.pw_salt, vinput, 16, enc_vi);
	cfx_hash(EVP_sha512(), vinput, 16, NULL, 0, h);
	unsigned char vh[64];
	memcpy(vh, h, 64);
	cfx_hash(EVP_sha512(), hn, 64, blk_vhash, 8, h);
	memcpy(key, h, 32);
	cfx_aes_enc(key, 32, fx.pw_salt, vh, 64, enc_vh);
	cfx_hash(EVP_sha512(), hn, 64, blk_key, 8, h);
	memcpy(key, h, 32);
	cfx_aes_enc(key, 32, fx.pw_salt, fx.secret, 32, enc_key);

	char *ds = b64(fx.data_salt, 16), *ps = b64(fx.pw_salt, 16),
	     *vi = b64(enc_vi, 16), *vv = b64(enc_vh, 64), *kv = b64(enc_key, 32);
	char *xml = g_strdup_printf(
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\" "
		"xmlns:p=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
		"<keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" "
		"cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" "
		"saltValue=\"%s\"/>"
		"<dataIntegrity encryptedHmacKey=\"AAAA\" encryptedHmacValue=\"AAAA\"/>"
		"<keyEncryptors><keyEncryptor uri=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\">"
		"<p:encryptedKey spinCount=\"%d\" saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" "
		"hashSize=\"64\" cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" "
		"hashAlgorithm=\"SHA512\" saltValue=\"%s\" encryptedVerifierHashInput=\"%s\" "
		"encryptedVerifierHashValue=\"%s\" encryptedKeyValue=\"%s\"/>"
		"</keyEncryptor></keyEncryptors></encryption>",
		ds, AGILE_SPIN, ps, vi, vv, kv);
	*info = g_byte_array_new();
	dfx_le16(*info, 4);
	dfx_le16(*info, 4);
	dfx_le32(*info, 0x40);
	dfx_bytes(*info, xml, strlen(xml));
	*pkg = encrypt_package(plain, agile_seg, &fx);
	g_free(ds); g_free(ps); g_free(vi); g_free(vv); g_free(kv); g_free(xml);
}

/* Standard encryption: one AES-128 key for the whole package (ECB). */
static void
standard_seg(void *arg, uint32_t i, unsigned char *buf, size_t len)
{
	(void)i;
	cfx_aes_enc(arg, 16, NULL, buf, len, buf);
}

/* A standard (3.2, AES-128, SHA-1) EncryptionInfo + EncryptedPackage. */
static void
make_standard(const char *password, const GByteArray *plain, uint32_t alg,
	      GByteArray **info, GByteArray **pkg)
{
	unsigned char salt[16], hn[20], hf[20], x[64], x1[20], key[16],
		verifier[16], vh[32], enc_v[16], enc_vh[32];
	static const unsigned char block0[4] = {0, 0, 0, 0};
	cfx_fill(salt, 16, 5);
	cfx_fill(verifier, 16, 6);
	cfx_spin(EVP_sha1(), salt, 16, password, 50000, hn);
	cfx_hash(EVP_sha1(), hn, 20, block0, 4, hf);
	memset(x, 0x36, 64);
	for (int i = 0; i < 20; i++)
		x[i] ^= hf[i];
	cfx_hash(EVP_sha1(), x, 64, NULL, 0, x1);
	memcpy(key, x1, 16);
	cfx_aes_enc(key, 16, NULL, verifier, 16, enc_v);
	memset(vh, 0, sizeof vh);
	cfx_hash(EVP_sha1(), verifier, 16, NULL, 0, vh);
	cfx_aes_enc(key, 16, NULL, vh, 32, enc_vh);

	GByteArray *csp = cfx_utf16("Microsoft Enhanced RSA and AES Cryptographic Provider");
	dfx_le16(csp, 0);
	*info = g_byte_array_new();
	dfx_le16(*info, 3);
	dfx_le16(*info, 2);
	dfx_le32(*info, 0x24);
	dfx_le32(*info, 32 + csp->len);
	dfx_le32(*info, 0x24);
	dfx_le32(*info, 0);
	dfx_le32(*info, alg);
	dfx_le32(*info, 0x8004);
	dfx_le32(*info, 128);
	dfx_le32(*info, 0x18);
	dfx_le32(*info, 0);
	dfx_le32(*info, 0);
	dfx_bytes(*info, csp->data, csp->len);
	dfx_le32(*info, 16);
	dfx_bytes(*info, salt, 16);
	dfx_bytes(*info, enc_v, 16);
	dfx_le32(*info, 20);
	dfx_bytes(*info, enc_vh, 32);
	g_byte_array_unref(csp);
	*pkg = encrypt_package(plain, standard_seg, key);
}

/* Run the decryptor on an OLE-typed object; returns the object. */
static triage_object *
run(dfx *f, const GByteArray *info, const GByteArray *pkg, triage_status want)
{
	triage_object *o = dfx_object("x", 1, "ole");
	assert_int_equal(triage_crypto_ooxml(&f->ctx, o, info->data, info->len,
					     pkg->data, pkg->len), want);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	return o;
}

/* Decrypted: one child whose bytes are the plaintext zip; encryption reported low. */
static void
check_decrypted(triage_object *o, const GByteArray *plain)
{
	assert_true(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object *c = triage_object_child(o, 0);
	assert_string_equal(triage_object_kind(c), "decrypted");
	assert_string_equal(triage_object_path(c), "sample/decrypted.docx");
	assert_int_equal(triage_object_size(c), plain->len);
	assert_memory_equal(triage_object_data(c), plain->data, plain->len);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "office-encrypted"));
	for (size_t i = 0; i < triage_object_nfindings(o); i++) {
		const triage_finding *f = triage_object_finding(o, i);
		if (strcmp(f->category, "office-encrypted") == 0)
			assert_int_equal(f->severity, TRIAGE_SEV_LOW);
	}
}

/* Not decrypted: no child, encrypted state, the rule fires. */
static void
check_encrypted(triage_object *o)
{
	assert_false(triage_object_fact_bool(o, TF_OFFICE_DECRYPTED));
	assert_int_equal(triage_object_nchildren(o), 0);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_ENCRYPTED);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "office-encrypted"));
}

/* The three password cases for one kind of fixture. */
static void
password_cases(void (*make)(const char *, const GByteArray *, GByteArray **, GByteArray **))
{
	dfx f;
	GByteArray *plain = plain_docx(), *info, *pkg;
	assert_true(plain->len > 2 * 4096);

	dfx_init(&f);
	g_ptr_array_add(f.ctx.passwords, g_strdup("wrong"));
	g_ptr_array_add(f.ctx.passwords, g_strdup("パスワード1"));
	make("パスワード1", plain, &info, &pkg);
	triage_object *o = run(&f, info, pkg, TRIAGE_OK);
	check_decrypted(o, plain);
	triage_object_free(&o);
	g_byte_array_unref(info);
	g_byte_array_unref(pkg);
	dfx_free(&f);

	dfx_init(&f);
	make("VelvetSweatshop", plain, &info, &pkg);
	o = run(&f, info, pkg, TRIAGE_OK);
	check_decrypted(o, plain);
	triage_object_free(&o);
	g_byte_array_unref(info);
	g_byte_array_unref(pkg);
	dfx_free(&f);

	dfx_init(&f);
	g_ptr_array_add(f.ctx.passwords, g_strdup("tika2"));
	make("tika", plain, &info, &pkg);
	o = run(&f, info, pkg, TRIAGE_ENCRYPTED);
	check_encrypted(o);
	triage_object_free(&o);
	g_byte_array_unref(info);
	g_byte_array_unref(pkg);
	dfx_free(&f);
	g_byte_array_unref(plain);
}

static void
make_standard_aes(const char *pw, const GByteArray *plain, GByteArray **info,
		  GByteArray **pkg)
{
	make_standard(pw, plain, 0x660E, info, pkg);
}

static void
test_agile(void **state)
{
	(void)state;
	password_cases(make_agile);
}

static void
test_standard(void **state)
{
	(void)state;
	password_cases(make_standard_aes);
}

/* Malformed or unsupported EncryptionInfo: encrypted fact, corrupt/encrypted state. */
static void
test_bad_info(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *plain = plain_docx(), *info, *pkg;
	GByteArray *tiny = g_byte_array_new();
	dfx_le16(tiny, 4);
	triage_object *o = run(&f, tiny, tiny, TRIAGE_CORRUPT);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "office-encrypted"));
	triage_object_free(&o);

	/* Version 9.9. */
	dfx_le16(tiny, 9);
	dfx_le32(tiny, 0);
	tiny->data[0] = 9;
	o = run(&f, tiny, tiny, TRIAGE_CORRUPT);
	triage_object_free(&o);

	/* Agile with garbage XML. */
	g_byte_array_set_size(tiny, 0);
	dfx_le16(tiny, 4);
	dfx_le16(tiny, 4);
	dfx_le32(tiny, 0x40);
	{ const char *g = "<encryption><keyData saltValue=\"!!\""; dfx_bytes(tiny, g, strlen(g)); }
	o = run(&f, tiny, tiny, TRIAGE_CORRUPT);
	triage_object_free(&o);

	/* RC4 CryptoAPI standard encryption is detected, not decrypted. */
	make_standard("VelvetSweatshop", plain, 0x6801, &info, &pkg);
	info->data[4] = 0x04; /* flags: CryptoAPI without AES */
	o = run(&f, info, pkg, TRIAGE_ENCRYPTED);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_ENCRYPTED);
	triage_object_free(&o);
	g_byte_array_unref(info);
	g_byte_array_unref(pkg);

	/* A package shorter than its StreamSize: decrypted but corrupt. */
	make_agile("VelvetSweatshop", plain, &info, &pkg);
	g_byte_array_set_size(pkg, pkg->len - 5000);
	o = run(&f, info, pkg, TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 1);
	assert_int_equal(triage_object_unscanned(triage_object_child(o, 0)),
			 TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_unref(info);
	g_byte_array_unref(pkg);

	g_byte_array_unref(tiny);
	g_byte_array_unref(plain);
	dfx_free(&f);
}

/* Truncated and flipped EncryptionInfo / package never crash. */
static void
test_mutations(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *plain = plain_docx(), *info[2], *pkg[2];
	make_agile("VelvetSweatshop", plain, &info[0], &pkg[0]);
	make_standard_aes("VelvetSweatshop", plain, &info[1], &pkg[1]);
	uint32_t seed = 0xA5A5A5;
	for (int k = 0; k < 2; k++) {
		for (int v = 0; v < 120; v++) {
			size_t ilen = info[k]->len, plen = pkg[k]->len;
			unsigned char *mi = dfx_mutate(info[k]->data, &ilen, &seed, v, 120);
			unsigned char *mp = v % 2 ? dfx_mutate(pkg[k]->data, &plen, &seed, v, 120)
						  : g_memdup2(pkg[k]->data, plen);
			triage_object *o = dfx_object("x", 1, "ole");
			triage_status st = triage_crypto_ooxml(&f.ctx, o, mi, ilen, mp, plen);
			assert_false(TRIAGE_IS_ERROR(st));
			assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
			assert_true(triage_object_nchildren(o) <= 1);
			triage_object_free(&o);
			g_free(mi);
			g_free(mp);
		}
		g_byte_array_unref(info[k]);
		g_byte_array_unref(pkg[k]);
	}
	g_byte_array_unref(plain);
	dfx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agile),
		cmocka_unit_test(test_standard),
		cmocka_unit_test(test_bad_info),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
