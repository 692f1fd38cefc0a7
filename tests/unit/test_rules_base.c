/* test_rules_base.c - the shipped non-Office rules fire where they should, only there. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "object_int.h"
#include "rules.h"
#include "ft_fixtures.h"

static triage_scanner *scanner;

static int
setup(void **state)
{
	(void)state;
	triage_engine *e = th_engine(NULL, NULL);
	scanner = triage_scanner_new(e);
	triage_engine_unref(&e);
	return scanner ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	triage_scanner_free(&scanner);
	return 0;
}

/* A raw file that must raise `category` (NULL: must raise nothing). */
typedef struct rule_case {
	const char *name;
	GBytes *(*build)(void);
	const char *text;
	const char *category;
} rule_case;

static GBytes *b_onenote_data(void) { return ft_onenote(TRUE); }
static GBytes *b_onenote_bare(void) { return ft_onenote(FALSE); }

/* A link with a large base64 data: URI and a download attribute. */
static GBytes *
b_data_uri_html(void)
{
	GString *s = g_string_new("<html><body><a download=\"invoice.zip\" "
				  "href=\"data:application/zip;base64,");
	while (s->len < 9000)
		g_string_append(s, "UEsDBBQAAAAIAAAAIQBhYmNkZWZnaGlqa2xtbm9w");
	g_string_append(s, "\">Download</a></body></html>\n");
	gsize len = s->len;
	return g_bytes_new_take(g_string_free(s, FALSE), len);
}

static const rule_case cases[] = {
	{"tool.exe", ft_pe, NULL, "executable"},
	{"daemon", ft_elf, NULL, "executable"},
	{"app", ft_macho_fat, NULL, "executable"},
	{"run.js", NULL, "WScript.Echo('x');\n", "script"},
	{"Secure.hta", NULL, "<html><hta:application/></html>", "script"},
	{"contract.lnk", ft_lnk, NULL, "shortcut"},
	{"link.url", NULL, "[InternetShortcut]\r\nURL=http://example.invalid/\r\n", "shortcut"},
	{"backup.iso", ft_iso, NULL, "disk-image"},
	{"disk.vhdx", ft_vhdx, NULL, "disk-image"},
	{"notes.one", b_onenote_data, NULL, "onenote-embedded"},
	{"invoice.html", NULL, ft_smuggling_html, "html-smuggling"},
	{"invoice.htm", b_data_uri_html, NULL, "html-smuggling"},
	{"invoice\u202Efdp.exe", ft_pe, NULL, "filename-rtlo"},
	{"report.pdf.exe", ft_pe, NULL, "filename-double-extension"},
	{"document.pdf", ft_pe, NULL, "type-mismatch"},
	/* benign: nothing at all */
	{"notes.txt", NULL, "Hello,\r\nthe meeting is at ten.\r\n", NULL},
	{"photo.png", ft_png, NULL, NULL},
	{"report.pdf", NULL, ft_plain_pdf, NULL},
	{"page.html", NULL, "<!DOCTYPE html><html><body><a href=\"https://example.com/\" download>x</a></body></html>", NULL},
	{"bare.one", b_onenote_bare, NULL, NULL},
	{"Minutes.2024-05-14.final.pdf", NULL, ft_plain_pdf, NULL},
	{"A.class", ft_java_class, NULL, NULL},
};

/* Each case through the whole engine with the shipped rules. */
static void
test_raw_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const rule_case *c = &cases[i];
		GBytes *bytes = c->build ? c->build() : ft_str(c->text);
		gsize len;
		const void *d = g_bytes_get_data(bytes, &len);
		triage_report *r = th_scan_raw(scanner, c->name, d, len);
		bool ok = c->category ? th_has_category(r, c->category)
				      : triage_report_nfindings(r) == 0;
		if (!ok) {
			th_dump(r);
			fail_msg("%s: expected %s", c->name,
				 c->category ? c->category : "no finding");
		}
		triage_report_free(&r);
		g_bytes_unref(bytes);
	}
}

/* A finding of `category` for an object with the given facts set to true. */
static bool
fires(YR_SCANNER *sc, const char *category, const triage_fact *facts,
      size_t n, const char *kind)
{
	triage_blob *b = triage_blob_new_copy("x", 1);
	triage_object *root = triage_object_new_root("m.eml", "message", b);
	triage_object *o = triage_object_add_child(root, "x", "x", kind, b);
	for (size_t i = 0; i < n; i++)
		triage_object_set_bool(o, facts[i], true);
	char err[256];
	assert_int_equal(triage_rules_scan_object(sc, o, 5, err, sizeof err),
			 TRIAGE_OK);
	bool hit = false;
	for (size_t i = 0; i < triage_object_nfindings(o); i++)
		if (strcmp(triage_object_finding(o, i)->category, category) == 0)
			hit = true;
	triage_object_free(&root);
	triage_blob_unref(&b);
	return hit;
}

/* State rules work on facts other analyzers set: test them on facts. */
static void
test_state_rules(void **state)
{
	(void)state;
	YR_RULES *rules = NULL;
	YR_SCANNER *sc = NULL;
	size_t n = 0;
	char err[1024];
	assert_int_equal(triage_rules_compile(th_rules_dir(), &rules, &n, err,
					      sizeof err), TRIAGE_OK);
	assert_int_equal(yr_scanner_create(rules, &sc), ERROR_SUCCESS);

	const triage_fact enc_arch[] = {TF_IS_ARCHIVE, TF_ENCRYPTED};
	const triage_fact enc[] = {TF_ENCRYPTED};
	const triage_fact dec_arch[] = {TF_IS_ARCHIVE, TF_DECRYPTED};
	const triage_fact arch[] = {TF_IS_ARCHIVE};
	const triage_fact lim[] = {TF_LIMIT_EXCEEDED};
	const triage_fact cor[] = {TF_CORRUPT};
	const triage_fact exe_vba[] = {TF_IS_EXECUTABLE, TF_IS_VBA_MODULE};
	const triage_fact script_body[] = {TF_IS_SCRIPT, TF_IS_BODY};

	assert_true(fires(sc, "archive-encrypted", enc_arch, 2, "mime"));
	/* Members are marked too, but only the archive gives the finding. */
	assert_false(fires(sc, "archive-encrypted", enc, 1, "member"));
	assert_false(fires(sc, "archive-encrypted", enc, 1, "mime"));
	assert_false(fires(sc, "archive-encrypted", arch, 1, "mime"));
	assert_true(fires(sc, "archive-decrypted", dec_arch, 2, "mime"));
	assert_false(fires(sc, "archive-decrypted", arch, 1, "mime"));
	assert_true(fires(sc, "limit-exceeded", lim, 1, "mime"));
	assert_true(fires(sc, "corrupt", cor, 1, "member"));
	assert_false(fires(sc, "corrupt", arch, 1, "member"));
	/* Macro source or body text never counts as a program or script. */
	assert_false(fires(sc, "executable", exe_vba, 2, "vba"));
	assert_false(fires(sc, "script", script_body, 2, "mime"));

	yr_scanner_destroy(sc);
	yr_rules_destroy(rules);
}

/* Every shipped base rule carries category, severity and description. */
static void
test_rule_meta(void **state)
{
	(void)state;
	YR_RULES *rules = NULL;
	size_t n = 0;
	char err[1024];
	assert_int_equal(triage_rules_compile(th_rules_dir(), &rules, &n, err,
					      sizeof err), TRIAGE_OK);
	YR_RULE *rule;
	yr_rules_foreach(rules, rule) {
		int have = 0;
		YR_META *meta;
		yr_rule_metas_foreach(rule, meta) {
			if (meta->type != META_TYPE_STRING)
				continue;
			if (strcmp(meta->identifier, "category") == 0)
				have |= 1;
			else if (strcmp(meta->identifier, "severity") == 0 &&
				 triage_severity_parse(meta->string) > 0)
				have |= 2;
			else if (strcmp(meta->identifier, "description") == 0 &&
				 *meta->string)
				have |= 4;
		}
		if (have != 7)
			fail_msg("rule %s lacks category/severity/description",
				 rule->identifier);
	}
	yr_rules_destroy(rules);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_cases),
		cmocka_unit_test(test_state_rules),
		cmocka_unit_test(test_rule_meta),
	};
	int rc = cmocka_run_group_tests_name("rules_base", tests, setup, teardown);
	triage_library_cleanup();
	return rc;
}
