/* test_slk.c - the SYLK reader on files written in the test. */
#include "config.h"

#include "ooxml_fixture.h"

/* The shape of oletools' excel4_sample_macro.slk, with EXEC instead of ALERT. */
static const char macro_slk[] =
	"ID;PWXL;N;E\r\n"
	"P;PGeneral\r\n"
	"F;P0;DG0G8;E;M292\r\n"
	"B;Y2;X1;D0 0 1 0\r\n"
	"O;L;E;D;V0;K47;G100 0.001\r\n"
	"NN;NAuto_Open;ER1C1\r\n"
	"C;Y1;X1;KFALSE;EEXEC(\"cmd.exe /c echo a;;b\")\r\n"
	"C;Y2;KTRUE;EHALT()\r\n"
	"E\r\n";

static triage_object *
run_slk(fx_env *e, const char *text)
{
	return fx_run(e, "t.slk", "slk", triage_blob_new_copy(text, strlen(text)),
		      triage_slk_run);
}

/* Macro sheet + Auto_Open + XLM functions: XLM, autoexec, formulas as a child. */
static void
test_slk_macro(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_slk(e, macro_slk);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_false(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	triage_object *c = fx_child(o, "xlm:sylk");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "xlm");
	/* ";;" is a literal semicolon; the sticky column carries over. */
	assert_true(fx_contains(c, "R1C1: =EXEC(\"cmd.exe /c echo a;b\")"));
	assert_true(fx_contains(c, "R2C1: =HALT()"));
	assert_true(fx_contains(c, "NAME Auto_Open = R1C1"));
	triage_object_free(&o);

	/* No O;E and no name, but a macro-only function (LF line ends). */
	o = run_slk(e, "ID;PWXL\nC;Y1;X1;ECALL(\"Kernel32\",\"WinExec\",\"JCJ\",\"calc\",0)\nE\n");
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_false(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	triage_object_free(&o);
}

/* A data export with ordinary formulas is not a macro. */
static void
test_slk_plain(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_slk(e,
		"ID;PWXL;N;E\r\nP;PGeneral\r\nO;L;D;V0;K47;G100 0.001\r\n"
		"C;Y1;X1;K\"Total\"\r\nC;Y1;X2;K10;ESUM(R2C2:R9C2)\r\n"
		"C;Y2;X2;K\"EXEC(\"\"x\"\")\";EIF(R1C1=\"EXEC(x)\",1,2)\r\nNN;NTotals;ER1C2\r\nE\r\n");
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_false(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_false(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	assert_int_equal(triage_object_nchildren(o), 0);
	triage_object_free(&o);
}

/* SYLK's classic: a DDE formula; and records after the E record are ignored. */
static void
test_slk_dde(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_slk(e, "ID;P\nC;Y1;X1;K0;E=cmd|' /c calc'!A0\nE\n");
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	o = run_slk(e, "ID;P\nE\nC;Y1;X1;K0;E=cmd|' /c calc'!A0\nO;E\n");
	assert_false(triage_object_fact_bool(o, TF_DDE));
	assert_false(triage_object_fact_bool(o, TF_HAS_XLM));
	triage_object_free(&o);
}

/* Not SYLK, binary noise, a huge single line: recorded or read, never a crash. */
static void
test_slk_hostile(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_slk(e, "PK\x03\x04 not sylk");
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	GString *s = g_string_new("ID;P\nC;Y1;X99999999999999999999;E");
	for (int i = 0; i < 300000; i++)
		g_string_append(s, ";;;");
	g_string_append(s, "EXEC(1)\n\x00\xff;;;\n;\nC\nNN\nO;\n");
	o = fx_run(e, "t.slk", "slk", triage_blob_new_copy(s->str, s->len),
		   triage_slk_run);
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	e->lim.max_object_size = 16;
	o = run_slk(e, macro_slk);
	assert_true(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_object_size");
	triage_object_free(&o);
	g_string_free(s, TRUE);
}

static int
setup(void **state)
{
	*state = fx_env_new();
	return 0;
}

static int
teardown(void **state)
{
	fx_env_free(*state);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_slk_macro, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slk_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slk_dde, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slk_hostile, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
