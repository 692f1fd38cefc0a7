/* test_xlm.c - BIFF8 workbooks: macro sheets, hidden state, Auto_Open, FILEPASS, formula text. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "olefix.h"
#include "office/ole_int.h"
#include "office/xlm_int.h"

static void
put16(GByteArray *a, unsigned v)
{
	guint8 b[2] = {v & 0xFF, (v >> 8) & 0xFF};
	g_byte_array_append(a, b, 2);
}

static void
put32(GByteArray *a, uint32_t v)
{
	guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
	g_byte_array_append(a, b, 4);
}

/* One BIFF record. */
static void
rec(GByteArray *wb, unsigned type, const void *body, size_t n)
{
	put16(wb, type);
	put16(wb, (unsigned)n);
	if (n)
		g_byte_array_append(wb, body, (guint)n);
}

/* BOF of a BIFF8 substream of type dt (0x0005 globals, 0x0010 sheet, 0x0040 macro sheet). */
static void
bof(GByteArray *wb, unsigned dt)
{
	GByteArray *b = g_byte_array_new();
	put16(b, 0x0600);
	put16(b, dt);
	put16(b, 0x0DBB);
	put16(b, 0x07CC);
	put32(b, 0);
	put32(b, 0x0206);
	rec(wb, 0x0809, b->data, b->len);
	g_byte_array_free(b, TRUE);
}

/* BoundSheet8; returns the offset of lbPlyPos for patching. */
static size_t
boundsheet(GByteArray *wb, const char *name, unsigned state, unsigned type)
{
	GByteArray *b = g_byte_array_new();
	put32(b, 0);
	guint8 h[4] = {(guint8)state, (guint8)type, (guint8)strlen(name), 0};
	g_byte_array_append(b, h, 4);
	g_byte_array_append(b, (const guint8 *)name, (guint)strlen(name));
	size_t at = wb->len + 4;
	rec(wb, 0x0085, b->data, b->len);
	g_byte_array_free(b, TRUE);
	return at;
}

/* A FORMULA record at (row, col) with these parsed tokens. */
static void
formula(GByteArray *wb, unsigned row, unsigned col, const void *rgce, size_t cce)
{
	GByteArray *b = g_byte_array_new();
	put16(b, row);
	put16(b, col);
	put16(b, 0x0F);
	guint8 zero[8] = {0};
	g_byte_array_append(b, zero, 8);
	put16(b, 0);
	put32(b, 0);
	put16(b, (unsigned)cce);
	g_byte_array_append(b, rgce, (guint)cce);
	rec(wb, 0x0006, b->data, b->len);
	g_byte_array_free(b, TRUE);
}

static void
patch32(GByteArray *wb, size_t at, uint32_t v)
{
	wb->data[at] = v & 0xFF;
	wb->data[at + 1] = (v >> 8) & 0xFF;
	wb->data[at + 2] = (v >> 16) & 0xFF;
	wb->data[at + 3] = v >> 24;
}

/* EXEC("calc.exe") and HALT() as parsed tokens. */
static const unsigned char rgce_exec[] = {0x17, 8, 0, 'c', 'a', 'l', 'c', '.', 'e', 'x', 'e',
					  0x42, 1, 0x6E, 0x00};
static const unsigned char rgce_halt[] = {0x42, 0, 0x36, 0x00};

/*
 * A workbook: Sheet1 (worksheet, state ws_state) and optionally Macro1
 * (macro sheet, state m_state) with EXEC/HALT, plus a built-in Auto_Open name.
 */
static GByteArray *
workbook(unsigned ws_state, bool macro, unsigned m_state, bool auto_open, bool filepass)
{
	GByteArray *wb = g_byte_array_new();
	bof(wb, 0x0005);
	if (filepass) {
		guint8 fp[6] = {0, 0, 0x34, 0x12, 0x78, 0x56};
		rec(wb, 0x002F, fp, sizeof fp);
	}
	size_t p1 = boundsheet(wb, "Sheet1", ws_state, 0x00);
	size_t p2 = macro ? boundsheet(wb, "Macro1", m_state, 0x01) : 0;
	if (auto_open) {
		guint8 lbl[16] = {0x20, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
		rec(wb, 0x0018, lbl, sizeof lbl);
	}
	rec(wb, 0x000A, NULL, 0);
	patch32(wb, p1, wb->len);
	bof(wb, 0x0010);
	rec(wb, 0x000A, NULL, 0);
	if (macro) {
		patch32(wb, p2, wb->len);
		bof(wb, 0x0040);
		formula(wb, 0, 0, rgce_exec, sizeof rgce_exec);
		formula(wb, 1, 0, rgce_halt, sizeof rgce_halt);
		rec(wb, 0x000A, NULL, 0);
	}
	return wb;
}

/* Wrap a Workbook stream in a CFB file and run the OLE reader on it. */
static triage_object *
run_workbook(triage_ctx *ctx, const GByteArray *wb)
{
	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, "Workbook", wb->data, wb->len);
	GByteArray *file = olefix_end(&f);
	triage_object *o = olefix_object("t.xls", file->data, file->len);
	g_byte_array_free(file, TRUE);
	assert_int_equal(triage_ole_run(ctx, o), TRIAGE_OK);
	return o;
}

/* Very hidden macro sheet with Auto_Open: every XLM fact, formulas as text. */
static void
test_hidden_macro_sheet(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *wb = workbook(0, true, 2, true, false);
	triage_object *o = run_workbook(ctx, wb);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_true(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	triage_object *m = olefix_child(o, "xlm:Macro1");
	assert_non_null(m);
	assert_string_equal(triage_object_kind(m), "xlm");
	char *text = g_strndup((const char *)triage_object_data(m), triage_object_size(m));
	assert_non_null(strstr(text, "R1C1: =EXEC(\"calc.exe\")\n"));
	assert_non_null(strstr(text, "R2C1: =HALT()\n"));
	assert_non_null(strstr(text, "very hidden"));
	g_free(text);
	triage_object_free(&o);
	g_byte_array_free(wb, TRUE);
	olefix_ctx_free(&ctx);
}

/* A visible macro sheet: XLM but not hidden. */
static void
test_visible_macro_sheet(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *wb = workbook(0, true, 0, true, false);
	triage_object *o = run_workbook(ctx, wb);
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_false(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	triage_object_free(&o);
	g_byte_array_free(wb, TRUE);
	olefix_ctx_free(&ctx);
}

/* A hidden worksheet without macros stays clean. */
static void
test_hidden_worksheet_only(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *wb = workbook(1, false, 0, false, false);
	triage_object *o = run_workbook(ctx, wb);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	assert_false(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_false(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_false(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_int_equal(triage_object_nchildren(o), 0);
	triage_object_free(&o);
	g_byte_array_free(wb, TRUE);
	olefix_ctx_free(&ctx);
}

/* FILEPASS: the BIFF decryptor is asked; without a password the book is encrypted. */
static void
test_filepass_encrypted(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *wb = workbook(0, true, 2, true, true);
	triage_object *o = run_workbook(ctx, wb);
	assert_true(triage_object_fact_bool(o, TF_OFFICE_ENCRYPTED));
	if (!triage_object_fact_bool(o, TF_OFFICE_DECRYPTED)) {
		/* Nothing past FILEPASS was read. */
		assert_false(triage_object_fact_bool(o, TF_HAS_XLM));
		assert_int_equal(triage_object_nchildren(o), 0);
	}
	triage_object_free(&o);
	g_byte_array_free(wb, TRUE);
	olefix_ctx_free(&ctx);
}

/* Truncated and malformed streams are corrupt, and what was read stays. */
static void
test_truncated_workbook(void **state)
{
	(void)state;
	triage_ctx *ctx = olefix_ctx();
	GByteArray *wb = workbook(0, true, 1, true, false);
	/* Cut inside the macro sheet's last record. */
	g_byte_array_set_size(wb, wb->len - 6);
	triage_object *o = run_workbook(ctx, wb);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	triage_object_free(&o);
	/* A record claiming more than BIFF8 allows. */
	GByteArray *bad = g_byte_array_new();
	bof(bad, 0x0005);
	put16(bad, 0x0085);
	put16(bad, 0x9000);
	o = run_workbook(ctx, bad);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_free(bad, TRUE);
	g_byte_array_free(wb, TRUE);
	olefix_ctx_free(&ctx);
}

/* Formula tokens back to text, table-driven. */
static void
test_formula_text(void **state)
{
	(void)state;
	static const struct {
		unsigned char rgce[24];
		size_t len;
		const char *want;
		bool ok;
	} cases[] = {
		/* "cm"&"d"&CHAR(46) */
		{{0x17, 2, 0, 'c', 'm', 0x17, 1, 0, 'd', 0x08, 0x1E, 46, 0, 0x41, 0x6F, 0x00, 0x08}, 17,
		 "\"cm\"&\"d\"&CHAR(46)", true},
		/* R3C2+1 */
		{{0x44, 2, 0, 1, 0xC0, 0x1E, 1, 0, 0x03}, 9, "R3C2+1", true},
		/* GOTO(R1C1) via PtgFunc with a fixed argument count */
		{{0x44, 0, 0, 0, 0xC0, 0x21, 0x35, 0x00}, 8, "GOTO(R1C1)", true},
		/* FORMULA.FILL("x",R1C1): a command-equivalent function */
		{{0x17, 1, 0, 'x', 0x44, 0, 0, 0, 0xC0, 0x42, 2, 0x61, 0x80}, 13,
		 "FORMULA.FILL(\"x\",R1C1)", true},
		/* A string running past the end: decoding stops, not overreads. */
		{{0x17, 20, 0, 'a'}, 4, "", false},
		/* PtgExtended is not decoded. */
		{{0x1E, 5, 0, 0x18, 0x01}, 5, "5", false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *out = g_string_new(NULL);
		bool ok = triage_xlm_formula_text(cases[i].rgce, cases[i].len, NULL, out);
		if (ok != cases[i].ok || strcmp(out->str, cases[i].want) != 0)
			fail_msg("case %zu: ok=%d text=%s", i, ok, out->str);
		g_string_free(out, TRUE);
	}
	assert_string_equal(triage_xlm_func_name(0x6E), "EXEC");
	assert_string_equal(triage_xlm_func_name(0x96), "CALL");
	assert_null(triage_xlm_func_name(0xCA));
	assert_null(triage_xlm_func_name(100000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hidden_macro_sheet),
		cmocka_unit_test(test_visible_macro_sheet),
		cmocka_unit_test(test_hidden_worksheet_only),
		cmocka_unit_test(test_filepass_encrypted),
		cmocka_unit_test(test_truncated_workbook),
		cmocka_unit_test(test_formula_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
