/* test_ole.c - the OLE/CFB reader: embedded objects, Word checks, encryption, damaged files, rules. */
#include "config.h"

#include <string.h>
#include <yara.h>

#include "testhelp.h"
#include "olefix.h"
#include "rules.h"
#include "office/ole_int.h"

/* A fake PE: enough for filetype to call it an executable. */
static const unsigned char fake_pe[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0This program cannot be run in DOS mode.";

/* An OLE Package (\001Ole10Native) carrying `data` as `label`. */
static GByteArray *
ole10native(const char *label, const char *path, const void *data, size_t len)
{
	GByteArray *b = g_byte_array_new();
	GByteArray *in = g_byte_array_new();
	guint8 two[2] = {2, 0};
	g_byte_array_append(in, two, 2);
	g_byte_array_append(in, (const guint8 *)label, (guint)strlen(label) + 1);
	g_byte_array_append(in, (const guint8 *)path, (guint)strlen(path) + 1);
	guint8 unk[4] = {0, 0, 3, 0};
	g_byte_array_append(in, unk, 4);
	guint32 tl = (guint32)strlen(path) + 1;
	g_byte_array_append(in, (const guint8 *)&tl, 4);
	g_byte_array_append(in, (const guint8 *)path, tl);
	guint32 dl = (guint32)len;
	g_byte_array_append(in, (const guint8 *)&dl, 4);
	g_byte_array_append(in, data, (guint)len);
	guint32 total = in->len;
	g_byte_array_append(b, (const guint8 *)&total, 4);
	g_byte_array_append(b, in->data, in->len);
	g_byte_array_free(in, TRUE);
	return b;
}

/* A CompObj stream naming `prog` as user type and ProgID. */
static GByteArray *
compobj(const char *prog)
{
	GByteArray *b = g_byte_array_new();
	guint8 hdr[28] = {1, 0, 0xFE, 0xFF, 3, 0x0A, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
	g_byte_array_append(b, hdr, sizeof hdr);
	guint32 n = (guint32)strlen(prog) + 1;
	g_byte_array_append(b, (const guint8 *)&n, 4);
	g_byte_array_append(b, (const guint8 *)prog, n);
	guint32 zero = 0;
	g_byte_array_append(b, (const guint8 *)&zero, 4); /* no clipboard format */
	g_byte_array_append(b, (const guint8 *)&n, 4);
	g_byte_array_append(b, (const guint8 *)prog, n);
	return b;
}

/* A Word file with a packaged calc.exe and an embedded workbook storage. */
static GByteArray *
doc_with_objects(void)
{
	olefix f;
	olefix_begin(&f);
	static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
	olefix_stream(f.root, "WordDocument", fib, sizeof fib);
	GsfOutfile *pool = olefix_storage(f.root, "ObjectPool");
	GsfOutfile *obj = olefix_storage(pool, "_1234567890");
	GByteArray *co = compobj("Package");
	olefix_stream(obj, "\001CompObj", co->data, co->len);
	g_byte_array_free(co, TRUE);
	GByteArray *nat = ole10native("calc.exe", "C:\\Windows\\system32\\calc.exe", fake_pe, sizeof fake_pe);
	olefix_stream(obj, "\001Ole10Native", nat->data, nat->len);
	g_byte_array_free(nat, TRUE);
	olefix_close(obj);
	GsfOutfile *xl = olefix_storage(pool, "_1234567891");
	co = compobj("Excel.Sheet.8");
	olefix_stream(xl, "\001CompObj", co->data, co->len);
	g_byte_array_free(co, TRUE);
	static const unsigned char wb[] = {0x09, 0x08, 0x04, 0x00, 0x00, 0x06, 0x05, 0x00,
					   0x0A, 0x00, 0x00, 0x00};
	olefix_stream(xl, "Workbook", wb, sizeof wb);
	olefix_close(xl);
	olefix_close(pool);
	return olefix_end(&f);
}

/* ObjectPool: the package's file as a child, the workbook rebuilt as a CFB file. */
static void
test_embedded_objects(void **state)
{
	(void)state;
	GByteArray *doc = doc_with_objects();
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 2);
	triage_object *pe = olefix_child(o, "calc.exe");
	assert_non_null(pe);
	assert_string_equal(triage_object_kind(pe), "embedded");
	assert_string_equal(triage_object_name(pe), "calc.exe");
	assert_true(triage_object_fact_bool(pe, TF_IS_EMBEDDED));
	assert_string_equal(triage_object_fact_str(pe, TF_OLE_CLASS), "Package");
	assert_int_equal(triage_object_size(pe), sizeof fake_pe);
	assert_memory_equal(triage_object_data(pe), fake_pe, sizeof fake_pe);
	triage_object *xl = olefix_child(o, "_1234567891.xls");
	assert_non_null(xl);
	assert_string_equal(triage_object_fact_str(xl, TF_OLE_CLASS), "Excel.Sheet.8");
	/* The rebuilt storage is a CFB file of its own with the Workbook stream. */
	triage_object_set_str(xl, TF_TYPE, "ole");
	assert_int_equal(triage_ole_run(ctx, xl), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(xl), TRIAGE_UNSCANNED_NONE);
	assert_false(triage_object_fact_bool(xl, TF_HAS_XLM));
	triage_object_free(&o);
	g_byte_array_free(doc, TRUE);
	olefix_ctx_free(&ctx);
}

/* max_embedded stops counting objects. */
static void
test_embedded_limit(void **state)
{
	(void)state;
	GByteArray *doc = doc_with_objects();
	triage_ctx *ctx = olefix_ctx();
	((triage_limits *)ctx->lim)->max_embedded = 1;
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 1);
	assert_int_equal(triage_object_nchildren(o), 1);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_embedded");
	triage_object_free(&o);
	g_byte_array_free(doc, TRUE);
	olefix_ctx_free(&ctx);
}

/* A Word file with this WordDocument stream. */
static triage_object *
run_word(triage_ctx *ctx, const void *wd, size_t len)
{
	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, "WordDocument", wd, len);
	GByteArray *file = olefix_end(&f);
	triage_object *o = olefix_object("t.doc", file->data, file->len);
	g_byte_array_free(file, TRUE);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	return o;
}

/* FIB fEncrypted, and DDEAUTO field codes in 8-bit and UTF-16 text. */
static void
test_word_encrypted_and_dde(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	unsigned char wd[600] = {0xEC, 0xA5, 0xC1, 0x00};
	wd[0x0A] = 0x00;
	wd[0x0B] = 0x01; /* fEncrypted */
	triage_object *o = run_word(ctx, wd, sizeof wd);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	triage_object_free(&o);

	wd[0x0B] = 0;
	o = run_word(ctx, wd, sizeof wd);
	assert_false(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	static const char field[] = "\x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" \x14\x15";
	memcpy(wd + 0x200, field, sizeof field - 1);
	o = run_word(ctx, wd, sizeof wd);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	memset(wd + 0x200, 0, sizeof wd - 0x200);
	static const char w16[] = "\x13\0 \0D\0D\0E\0 \0c\0m\0d\0";
	memcpy(wd + 0x200, w16, sizeof w16 - 1);
	o = run_word(ctx, wd, sizeof wd);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);
	olefix_ctx_free(&ctx);
}

/* EncryptionInfo + EncryptedPackage: an encrypted OOXML file. */
static void
test_encrypted_package(void **state)
{
	(void)state;
	olefix f;
	olefix_begin(&f);
	static const unsigned char info[] = {4, 0, 4, 0, 0x40, 0, 0, 0};
	static const unsigned char pkg[64] = {0x10};
	olefix_stream(f.root, "EncryptionInfo", info, sizeof info);
	olefix_stream(f.root, "EncryptedPackage", pkg, sizeof pkg);
	GByteArray *file = olefix_end(&f);
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.docx", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	triage_object_free(&o);
	g_byte_array_free(file, TRUE);
	olefix_ctx_free(&ctx);
}

/* Not a CFB file, or a header that lies about its tables. */
static void
test_not_cfb(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.doc", "hello", 5);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);

	GByteArray *doc = doc_with_objects();
	/* FAT sector count far beyond the file. */
	doc->data[0x2C] = 0xFF;
	doc->data[0x2D] = 0xFF;
	o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_free(doc, TRUE);
	olefix_ctx_free(&ctx);
}

/* max_ole_streams bounds the walk. */
static void
test_stream_limit(void **state)
{
	(void)state;
	GByteArray *doc = doc_with_objects();
	triage_ctx *ctx = olefix_ctx();
	((triage_limits *)ctx->lim)->max_ole_streams = 3;
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_ole_streams");
	triage_object_free(&o);
	g_byte_array_free(doc, TRUE);
	olefix_ctx_free(&ctx);
}

/* xorshift32: deterministic damage. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A document with everything the reader parses: VBA, workbook, objects. */
static GByteArray *
rich_file(void)
{
	olefix f;
	olefix_begin(&f);
	static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
	olefix_stream(f.root, "WordDocument", fib, sizeof fib);
	olefix_module mods[] = {
		{"NewMacros", "Sub AutoOpen()\r\n  Shell \"calc\"\r\nEnd Sub\r\n' padding padding padding\r\n", NULL, 0, false},
	};
	GsfOutfile *macros = olefix_storage(f.root, "Macros");
	olefix_vba_project(macros, mods, 1, true);
	olefix_close(macros);
	GsfOutfile *pool = olefix_storage(f.root, "ObjectPool");
	GsfOutfile *obj = olefix_storage(pool, "_1");
	GByteArray *nat = ole10native("a.exe", "C:\\a.exe", fake_pe, sizeof fake_pe);
	olefix_stream(obj, "\001Ole10Native", nat->data, nat->len);
	g_byte_array_free(nat, TRUE);
	olefix_close(obj);
	olefix_close(pool);
	return olefix_end(&f);
}

/*
 * Truncated and bit-flipped files: never a crash or an error status; the
 * object is corrupt or read (run under ASan with --enable-sanitizers).
 */
static void
test_damaged_files(void **state)
{
	(void)state;
	GByteArray *good = rich_file();
	triage_ctx *ctx = olefix_ctx();
	uint32_t seed = 0x2545F491;
	unsigned corrupt = 0;
	for (int i = 0; i < 400; i++) {
		GByteArray *v = g_byte_array_new();
		g_byte_array_append(v, good->data, good->len);
		if (i < 100) {
			g_byte_array_set_size(v, (guint)(rnd(&seed) % good->len));
		} else {
			int flips = 1 + (int)(rnd(&seed) % 16);
			for (int k = 0; k < flips; k++) {
				/* Half the flips hit the header and directory, where damage matters most. */
				size_t at = (k & 1) ? rnd(&seed) % MIN(good->len, 2048u) : rnd(&seed) % good->len;
				v->data[at] ^= (guint8)(1u << (rnd(&seed) % 8));
			}
		}
		triage_object *o = olefix_object("t.doc", v->data, v->len);
		triage_status st = triage_ole_run(ctx, o);
		assert_false(TRIAGE_IS_ERROR(st));
		if (triage_object_unscanned(o) == TRIAGE_UNSCANNED_CORRUPT)
			corrupt++;
		triage_object_free(&o);
		g_byte_array_free(v, TRUE);
		ctx->nobjects = 0;
		ctx->total_bytes = 0;
	}
	assert_true(corrupt >= 100); /* at least the truncations */
	g_byte_array_free(good, TRUE);
	olefix_ctx_free(&ctx);
}

/* Scan an object and its children with the shipped rules. */
static void
scan_tree(YR_SCANNER *sc, triage_object *o)
{
	char err[256];
	assert_int_equal(triage_rules_scan_object(sc, o, 10, err, sizeof err), TRIAGE_OK);
	for (size_t i = 0; i < triage_object_nchildren(o); i++)
		scan_tree(sc, triage_object_child(o, i));
}

/* True when object o has a finding of this category. */
static bool
has_finding(const triage_object *o, const char *category)
{
	for (size_t i = 0; i < triage_object_nfindings(o); i++)
		if (strcmp(triage_object_finding(o, i)->category, category) == 0)
			return true;
	return false;
}

/* The shipped rules name the document once per category, not its modules. */
static void
test_rules(void **state)
{
	(void)state;
	YR_RULES *rules = NULL;
	YR_SCANNER *sc = NULL;
	size_t n = 0;
	char err[4096];
	assert_int_equal(yr_initialize(), ERROR_SUCCESS);
	if (triage_rules_compile(th_rules_dir(), &rules, &n, err, sizeof err) != TRIAGE_OK)
		fail_msg("rules: %s", err);
	assert_int_equal(yr_scanner_create(rules, &sc), ERROR_SUCCESS);
	GByteArray *file = rich_file();
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.doc", file->data, file->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	scan_tree(sc, o);
	assert_true(has_finding(o, "macro-vba"));
	assert_true(has_finding(o, "macro-vba-autoexec"));
	assert_true(has_finding(o, "macro-vba-suspicious"));
	assert_true(has_finding(o, "office-embedded-object"));
	triage_object *m = olefix_child(o, "vba:NewMacros");
	assert_non_null(m);
	assert_false(has_finding(m, "macro-vba-suspicious"));
	assert_false(has_finding(m, "macro-vba"));
	triage_object_free(&o);
	g_byte_array_free(file, TRUE);
	olefix_ctx_free(&ctx);
	yr_scanner_destroy(sc);
	yr_rules_destroy(rules);
	yr_finalize();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_objects),
		cmocka_unit_test(test_embedded_limit),
		cmocka_unit_test(test_word_encrypted_and_dde),
		cmocka_unit_test(test_encrypted_package),
		cmocka_unit_test(test_not_cfb),
		cmocka_unit_test(test_stream_limit),
		cmocka_unit_test(test_damaged_files),
		cmocka_unit_test(test_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
