/* test_vba.c - MS-OVBA decompression, mraptor classification, VBA project extraction. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "olefix.h"
#include "office/ole_int.h"

/* Text with repeats, longer than one 4096-byte chunk. */
static GString *
sample_text(void)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 300; i++)
		g_string_append_printf(s, "Sub Proc%d()\r\n    x = x + %d\r\nEnd Sub\r\n", i, i * 7);
	return s;
}

/* Literal-only and greedy containers both decompress to the original. */
static void
test_decompress_roundtrip(void **state)
{
	(void)state;
	GString *s = sample_text();
	assert_true(s->len > 8192);
	GByteArray *lit = olefix_vba_compress(s->str, s->len, false);
	GByteArray *gr = olefix_vba_compress(s->str, s->len, true);
	assert_true(gr->len < lit->len * 3 / 4); /* copy tokens were used */
	GByteArray *out = g_byte_array_new();
	assert_int_equal(triage_vba_decompress(lit->data, lit->len, 0, out), TRIAGE_OK);
	assert_int_equal(out->len, s->len);
	assert_memory_equal(out->data, s->str, s->len);
	g_byte_array_set_size(out, 0);
	assert_int_equal(triage_vba_decompress(gr->data, gr->len, 0, out), TRIAGE_OK);
	assert_int_equal(out->len, s->len);
	assert_memory_equal(out->data, s->str, s->len);
	/* The size limit stops an overlong output. */
	g_byte_array_set_size(out, 0);
	assert_int_equal(triage_vba_decompress(gr->data, gr->len, 1000, out), TRIAGE_LIMIT);
	assert_true(out->len <= 1000);
	g_byte_array_free(out, TRUE);
	g_byte_array_free(lit, TRUE);
	g_byte_array_free(gr, TRUE);
	g_string_free(s, TRUE);
}

/* Malformed containers are errors, never overreads. */
static void
test_decompress_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		unsigned char data[8];
		size_t len;
	} cases[] = {
		{"empty", {0}, 0},
		{"bad signature byte", {0x02, 0x01, 0xB0, 0x00, 'a'}, 5},
		{"bad chunk signature bits", {0x01, 0x01, 0x80, 0x00, 'a'}, 5},
		{"copy token before chunk start", {0x01, 0x02, 0xB0, 0x01, 0x00, 0x00}, 6},
		{"copy token cut short", {0x01, 0x02, 0xB0, 0x02, 'a', 0x10}, 6},
		{"chunk header cut short", {0x01, 0x02}, 2},
		{"copy reaching past 4096 bytes", {0x01, 0x03, 0xB0, 0x02, 'a', 0xFF, 0x0F}, 7},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *out = g_byte_array_new();
		triage_status st = triage_vba_decompress(cases[i].data, cases[i].len, 0, out);
		if (st != TRIAGE_CORRUPT)
			fail_msg("%s: status %d", cases[i].what, st);
		g_byte_array_free(out, TRUE);
	}
}

/* Table-driven mraptor flags. */
static void
test_classify(void **state)
{
	(void)state;
	static const struct {
		const char *src;
		bool a, w, x;
	} cases[] = {
		{"Sub Document_Open()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n", true, false, true},
		{"Sub Foo()\r\n  x = 1 + 2\r\nEnd Sub\r\n", false, false, false},
		{"Sub AutoOpen()\r\nEnd Sub\r\n", true, false, false},
		{"Private Sub CommandButton1_Click()\r\nEnd Sub\r\n", true, false, false},
		{"Sub Workbook_Open()\r\n Open \"x\" For Output As #1\r\nEnd Sub\r\n", true, true, false},
		{"Sub F()\r\n Set s = CreateObject(\"ADODB.Stream\")\r\nEnd Sub\r\n", false, true, true},
		{"Private Declare PtrSafe Function X Lib \"kernel32\" ()\r\n", false, false, true},
		{"Sub F()\r\n  y = URLDownloadToFileA(0, u, p, 0, 0)\r\nEnd Sub\r\n", false, true, false},
		/* A continuation joins the Open statement to its mode. */
		{"Sub F()\r\n Open \"x\" _\r\n   For Binary As #1\r\nEnd Sub\r\n", false, true, false},
		/* Names that only contain a keyword do not count. */
		{"Sub F()\r\n Shellfish = Killer\r\nEnd Sub\r\n", false, false, false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		vba_flags f = {0};
		triage_vba_classify(cases[i].src, strlen(cases[i].src), &f);
		if (f.autoexec != cases[i].a || f.write != cases[i].w || f.execute != cases[i].x)
			fail_msg("case %zu: got A=%d W=%d X=%d", i, f.autoexec, f.write, f.execute);
	}
}

/* A .doc-like file with a Macros/VBA project. */
static GByteArray *
doc_with_project(const olefix_module *mods, size_t n, bool greedy)
{
	olefix f;
	olefix_begin(&f);
	static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
	olefix_stream(f.root, "WordDocument", fib, sizeof fib);
	GsfOutfile *macros = olefix_storage(f.root, "Macros");
	olefix_vba_project(macros, mods, n, greedy);
	olefix_close(macros);
	return olefix_end(&f);
}

/* Document_Open + Shell: autoexec and execute; the module is a child with its source. */
static void
test_project_autoexec_execute(void **state)
{
	(void)state;
	const char *src = "Attribute VB_Name = \"NewMacros\"\r\n"
			  "Sub Document_Open()\r\n    Shell \"calc.exe\", vbNormalFocus\r\nEnd Sub\r\n";
	olefix_module mods[] = {
		{"ThisDocument", "Attribute VB_Name = \"ThisDocument\"\r\n", NULL, 0, true},
		{"NewMacros", src, NULL, 0, false},
	};
	for (int greedy = 0; greedy < 2; greedy++) {
		GByteArray *doc = doc_with_project(mods, 2, greedy);
		triage_ctx *ctx = olefix_ctx();
		triage_object *o = olefix_object("t.doc", doc->data, doc->len);
		assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
		assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
		assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
		assert_true(triage_object_fact_bool(o, TF_HAS_VBA));
		assert_true(triage_object_fact_bool(o, TF_VBA_AUTOEXEC));
		assert_true(triage_object_fact_bool(o, TF_VBA_EXECUTE));
		assert_false(triage_object_fact_bool(o, TF_VBA_WRITE));
		assert_false(triage_object_fact_bool(o, TF_VBA_STOMPED));
		triage_object *m = olefix_child(o, "vba:NewMacros");
		assert_non_null(m);
		assert_string_equal(triage_object_kind(m), "vba");
		assert_string_equal(triage_object_name(m), "NewMacros.bas");
		assert_true(triage_object_fact_bool(m, TF_IS_VBA_MODULE));
		assert_int_equal(triage_object_size(m), strlen(src));
		assert_memory_equal(triage_object_data(m), src, strlen(src));
		triage_object *d = olefix_child(o, "vba:ThisDocument");
		assert_non_null(d);
		assert_string_equal(triage_object_name(d), "ThisDocument.cls");
		triage_object_free(&o);
		olefix_ctx_free(&ctx);
		g_byte_array_free(doc, TRUE);
	}
}

/* Ordinary code: a VBA project, nothing more. */
static void
test_project_plain(void **state)
{
	(void)state;
	olefix_module mods[] = {
		{"Module1", "Attribute VB_Name = \"Module1\"\r\nFunction Twice(x)\r\n  Twice = x * 2\r\nEnd Function\r\n",
		 NULL, 0, false},
	};
	GByteArray *doc = doc_with_project(mods, 1, true);
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_HAS_VBA));
	assert_false(triage_object_fact_bool(o, TF_VBA_AUTOEXEC));
	assert_false(triage_object_fact_bool(o, TF_VBA_WRITE));
	assert_false(triage_object_fact_bool(o, TF_VBA_EXECUTE));
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object_free(&o);
	olefix_ctx_free(&ctx);
	g_byte_array_free(doc, TRUE);
}

/* p-code with a literal the source lacks, source with no code: stomped. */
static void
test_project_stomped(void **state)
{
	(void)state;
	unsigned char pcode[300];
	memset(pcode, 0x01, sizeof pcode);
	const char lit[] = "powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA";
	memcpy(pcode + 40, lit, sizeof lit - 1);
	olefix_module mods[] = {
		{"Module1", "Attribute VB_Name = \"Module1\"\r\n", pcode, sizeof pcode, false},
		{"Module2", "Attribute VB_Name = \"Module2\"\r\nSub A()\r\n  s = \"powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA\"\r\nEnd Sub\r\n",
		 pcode, sizeof pcode, false},
	};
	GByteArray *doc = doc_with_project(mods, 2, false);
	triage_ctx *ctx = olefix_ctx();
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_VBA_STOMPED));
	assert_true(triage_object_fact_bool(olefix_child(o, "vba:Module1"), TF_VBA_STOMPED));
	/* The same p-code with a source that holds the literal is not stomped. */
	assert_false(triage_object_fact_bool(olefix_child(o, "vba:Module2"), TF_VBA_STOMPED));
	triage_object_free(&o);
	olefix_ctx_free(&ctx);
	g_byte_array_free(doc, TRUE);
}

/* max_vba_modules stops extraction and says so. */
static void
test_project_module_limit(void **state)
{
	(void)state;
	olefix_module mods[] = {
		{"A", "Sub A()\r\nEnd Sub\r\n", NULL, 0, false},
		{"B", "Sub B()\r\nEnd Sub\r\n", NULL, 0, false},
		{"C", "Sub C()\r\nEnd Sub\r\n", NULL, 0, false},
	};
	GByteArray *doc = doc_with_project(mods, 3, true);
	triage_ctx *ctx = olefix_ctx();
	((triage_limits *)ctx->lim)->max_vba_modules = 2;
	triage_object *o = olefix_object("t.doc", doc->data, doc->len);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_vba_modules");
	triage_object_free(&o);
	olefix_ctx_free(&ctx);
	g_byte_array_free(doc, TRUE);
}

/* A bare vbaProject.bin inside an OOXML package: facts also on the package. */
static void
test_vbaproject_bin_in_ooxml(void **state)
{
	(void)state;
	olefix f;
	olefix_begin(&f);
	olefix_module mods[] = {
		{"ThisWorkbook", "Sub Workbook_Open()\r\n  Kill \"x\"\r\nEnd Sub\r\n", NULL, 0, true},
	};
	olefix_vba_project(f.root, mods, 1, true);
	GByteArray *bin = olefix_end(&f);
	triage_blob *b = triage_blob_new_copy("PK", 2);
	triage_object *pkg = triage_object_new_root("t.xlsm", "mime", b);
	triage_object_set_str(pkg, TF_TYPE, "ooxml");
	triage_blob_unref(&b);
	b = triage_blob_new_copy(bin->data, bin->len);
	triage_object *o = triage_object_add_child(pkg, "vbaProject.bin", "xl/vbaProject.bin",
						   "vbaproject", b);
	triage_blob_unref(&b);
	triage_object_set_str(o, TF_TYPE, "ole");
	triage_ctx *ctx = olefix_ctx();
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	for (int i = 0; i < 2; i++) {
		triage_object *t = i ? pkg : o;
		assert_true(triage_object_fact_bool(t, TF_HAS_VBA));
		assert_true(triage_object_fact_bool(t, TF_VBA_AUTOEXEC));
		assert_true(triage_object_fact_bool(t, TF_VBA_WRITE));
	}
	assert_non_null(olefix_child(o, "vba:ThisWorkbook"));
	triage_object_free(&pkg);
	olefix_ctx_free(&ctx);
	g_byte_array_free(bin, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decompress_roundtrip),
		cmocka_unit_test(test_decompress_malformed),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_project_autoexec_execute),
		cmocka_unit_test(test_project_plain),
		cmocka_unit_test(test_project_stomped),
		cmocka_unit_test(test_project_module_limit),
		cmocka_unit_test(test_vbaproject_bin_in_ooxml),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
