/* test_filename.c - bidi controls, double extensions, name/type mismatch. */
#include "config.h"

#include <string.h>
#include <magic.h>

#include "testhelp.h"
#include "analyzers.h"
#include "ft_fixtures.h"

typedef struct fn_case {
	const char *name;       /* declared name (UTF-8) */
	const char *declared;   /* declared MIME type or NULL */
	GBytes *(*build)(void); /* content, or NULL for the text */
	const char *text;
	bool bidi, double_ext, mismatch;
} fn_case;

static GBytes *b_rtf(void) { return ft_str("{\\rtf1\\ansi hello}"); }
static GBytes *b_html(void) { return ft_str("<html><body><table></table></body></html>"); }
static GBytes *b_hta(void) { return ft_str("<html><head><hta:application/></head></html>"); }
static GBytes *b_wsf(void) { return ft_str("<job><script language=\"VBScript\">x</script></job>"); }
static GBytes *b_pdf(void) { return ft_str(ft_plain_pdf); }
static GBytes *b_batch(void) { return ft_str("@echo off\r\necho x\r\n"); }

static const fn_case cases[] = {
	/* bidi controls */
	{"invoice\u202Efdp.exe", NULL, ft_pe, NULL, true, false, false},
	{"invoice_\u202Excod.js", NULL, NULL, "WScript.Echo(1);", true, false, false},
	{"a\u2066b\u2069.pdf", NULL, b_pdf, NULL, true, false, false},
	{"\u202Bx.txt", NULL, NULL, "hello", true, false, false},
	{"\u05E9\u05DC\u05D5\u05DD\u200F.pdf", NULL, b_pdf, NULL, false, false, false},
	{"\xE2\x80", NULL, NULL, "x", false, false, false},  /* truncated UTF-8 */
	/* double extensions */
	{"report.pdf.exe", NULL, ft_pe, NULL, false, true, false},
	{"REPORT.PDF.EXE", NULL, ft_pe, NULL, false, true, false},
	{"invoice.pdf      .exe", NULL, ft_pe, NULL, false, true, false},
	{"photo.jpg_.js", NULL, NULL, "var a;", false, true, false},
	{"scan.docx.lnk", NULL, ft_lnk, NULL, false, true, false},
	{"order.pdf\u3000.scr", NULL, ft_pe, NULL, false, true, false},
	{"dir/sub/list.xlsx.hta", NULL, b_hta, NULL, false, true, false},
	{"invoice.pdf.exe. . ", NULL, ft_pe, NULL, false, true, false},
	{"Minutes.2024-05-14.final.pdf", NULL, b_pdf, NULL, false, false, false},
	{"archive.tar.gz", NULL, ft_tar_gz, NULL, false, false, false},
	{"setup.exe", NULL, ft_pe, NULL, false, false, false},
	{"v1.2.exe", NULL, ft_pe, NULL, false, false, false},
	{"report.pdf", NULL, b_pdf, NULL, false, false, false},
	/* type mismatch */
	{"document.pdf", "application/pdf", ft_pe, NULL, false, false, true},
	{"photo.jpg", "image/jpeg", ft_lnk, NULL, false, false, true},
	{"notes.txt", NULL, b_hta, NULL, false, false, true},
	{"plan.docx", NULL, b_wsf, NULL, false, false, true},
	{"memo.txt", NULL, NULL, "#@~^AAAAAA==^#~@", false, false, true},
	{"", "application/pdf", ft_pe, NULL, false, false, true},
	{"scan", "image/png", ft_pe, NULL, false, false, true},
	{"", "application/octet-stream", ft_pe, NULL, false, false, false},
	{"tool.exe", "application/pdf", ft_pe, NULL, false, false, false},
	{"letter.doc", "application/msword", b_rtf, NULL, false, false, false},
	{"data.xls", "application/vnd.ms-excel", b_html, NULL, false, false, false},
	{"image.jpg", "image/jpeg", ft_png, NULL, false, false, false},
	{"readme.txt", "text/plain", b_batch, NULL, false, false, false},
	{"bundle.zip", "application/zip", ft_pe, NULL, false, false, false},
};

/* Run detection and the name checks on each case. */
static void
test_name_table(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx = {0};
	ctx.cfg = cfg;
	ctx.lim = &cfg->limits;
	ctx.magic = magic_open(MAGIC_NONE | MAGIC_ERROR);
	assert_non_null(ctx.magic);
	assert_int_equal(magic_load(ctx.magic, NULL), 0);
	ctx.texts = g_ptr_array_new_with_free_func(g_free);
	ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	ctx.tmp_dir = g_get_tmp_dir();
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const fn_case *c = &cases[i];
		GBytes *bytes = c->build ? c->build() : ft_str(c->text);
		gsize len;
		const void *d = g_bytes_get_data(bytes, &len);
		triage_blob *b = triage_blob_new_copy(d, len);
		triage_object *root = triage_object_new_root("m.eml", "message", b);
		triage_object *o = triage_object_add_child(root, "part",
			*c->name ? c->name : NULL, "mime", b);
		if (c->declared)
			triage_object_set_declared_type(o, c->declared);
		assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
		assert_int_equal(triage_filename_check(&ctx, o), TRIAGE_OK);
		bool bidi = triage_object_fact_bool(o, TF_NAME_BIDI);
		bool dbl = triage_object_fact_bool(o, TF_NAME_DOUBLE_EXT);
		bool mm = triage_object_fact_bool(o, TF_TYPE_MISMATCH);
		if (bidi != c->bidi || dbl != c->double_ext || mm != c->mismatch)
			fail_msg("case %zu \"%s\" (%s): bidi %d/%d double %d/%d mismatch %d/%d",
				 i, c->name, triage_object_fact_str(o, TF_TYPE),
				 bidi, c->bidi, dbl, c->double_ext, mm, c->mismatch);
		triage_object_free(&root);
		triage_blob_unref(&b);
		g_bytes_unref(bytes);
	}
	magic_close(ctx.magic);
	g_ptr_array_free(ctx.texts, TRUE);
	g_ptr_array_free(ctx.passwords, TRUE);
	triage_config_free(&cfg);
}

/* A text body quoting HTA markup is not a mismatch (nor a script). */
static void
test_body_quotes_hta(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx = {0};
	ctx.cfg = cfg;
	ctx.lim = &cfg->limits;
	static const char text[] = "Use <hta:application> in the page header.\r\n";
	triage_blob *b = triage_blob_new_copy(text, sizeof text - 1);
	triage_object *root = triage_object_new_root("m.eml", "message", b);
	triage_object *o = triage_object_add_child(root, "body", NULL, "mime", b);
	triage_object_set_declared_type(o, "text/plain");
	triage_object_set_bool(o, TF_IS_BODY, true);
	assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
	assert_int_equal(triage_filename_check(&ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_TYPE), "text");
	assert_false(triage_object_fact_bool(o, TF_IS_SCRIPT));
	assert_false(triage_object_fact_bool(o, TF_TYPE_MISMATCH));
	triage_object_free(&root);
	triage_blob_unref(&b);
	triage_config_free(&cfg);
}

/* Macro source objects never get a mismatch, whatever their bytes. */
static void
test_derived_objects(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx = {0};
	ctx.cfg = cfg;
	ctx.lim = &cfg->limits;
	GBytes *pe = ft_pe();
	gsize len;
	const void *d = g_bytes_get_data(pe, &len);
	triage_blob *b = triage_blob_new_copy(d, len);
	triage_object *root = triage_object_new_root("a.doc", "file", b);
	triage_object *o = triage_object_add_child(root, "vba:Module1.txt",
						   "Module1.txt", "vba", b);
	assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
	assert_int_equal(triage_filename_check(&ctx, o), TRIAGE_OK);
	assert_false(triage_object_fact_bool(o, TF_IS_EXECUTABLE));
	assert_false(triage_object_fact_bool(o, TF_TYPE_MISMATCH));
	triage_object_free(&root);
	triage_blob_unref(&b);
	g_bytes_unref(pe);
	triage_config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_table),
		cmocka_unit_test(test_derived_objects),
		cmocka_unit_test(test_body_quotes_hta),
	};
	return cmocka_run_group_tests_name("filename", tests, NULL, NULL);
}
