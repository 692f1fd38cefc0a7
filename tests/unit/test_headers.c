/* test_headers.c - folding, findings text, RFC 2047-aware subject prefix. */
#include "testhelp.h"

#include <string.h>
#include <gmime/gmime.h>

#include "triage/headers.h"

static void
test_fold(void **state)
{
	(void)state;
	char *v = triage_header_fold("X-Triage-Findings",
		"macro-vba-autoexec (invoice.zip/invoice.docm/vba:ThisDocument); "
		"archive-decrypted (invoice.zip); corrupt (message)", "\n");
	/* Every line within 78 characters, folds before a space. */
	char *line = g_strdup_printf("X-Triage-Findings: %s", v);
	char **lines = g_strsplit(line, "\n", -1);
	assert_true(g_strv_length(lines) >= 2);
	for (int i = 0; lines[i]; i++) {
		assert_true(strlen(lines[i]) <= 78);
		if (i > 0)
			assert_int_equal(lines[i][0], ' ');
	}
	/* Unfolding gives the value back. */
	char **parts = g_strsplit(v, "\n", -1);
	char *unfolded = g_strjoinv("", parts);
	g_strfreev(parts);
	assert_string_equal(unfolded,
		"macro-vba-autoexec (invoice.zip/invoice.docm/vba:ThisDocument); "
		"archive-decrypted (invoice.zip); corrupt (message)");
	g_free(unfolded);
	g_strfreev(lines);
	g_free(line);
	g_free(v);

	/* Short values are not folded. */
	v = triage_header_fold("X", "short value", "\r\n");
	assert_string_equal(v, "short value");
	g_free(v);
}

static void
test_encode_words(void **state)
{
	(void)state;
	char *w = triage_header_encode_words("[要注意]");
	assert_string_equal(w, "=?UTF-8?B?W+imgeazqOaEj10=?=");
	g_free(w);
	/* Long text: several words, each at most 75 characters, split at characters. */
	GString *s = g_string_new("");
	for (int i = 0; i < 40; i++)
		g_string_append(s, "日本");
	w = triage_header_encode_words(s->str);
	char **words = g_strsplit(w, " ", -1);
	GString *back = g_string_new("");
	assert_true(g_strv_length(words) > 1);
	for (int i = 0; words[i]; i++) {
		assert_true(strlen(words[i]) <= 75);
		char *dec = g_mime_utils_header_decode_text(NULL, words[i]);
		assert_true(g_utf8_validate(dec, -1, NULL));
		g_string_append(back, dec);
		g_free(dec);
	}
	assert_string_equal(back->str, s->str);
	g_string_free(back, TRUE);
	g_string_free(s, TRUE);
	g_strfreev(words);
	g_free(w);
}

static void
test_findings(void **state)
{
	(void)state;
	const char *cats[] = {"macro-vba-autoexec", "archive-decrypted", "macro-vba-autoexec",
			      "bad cat\r\n", "filename-rtlo"};
	const char *objs[] = {"invoice.zip/invoice.docm", "invoice.zip", "invoice.zip/invoice.docm",
			      "a(b)c\\d\x01", "請求書.zip/\xe2\x80\xaegpj.exe"};
	char *v = triage_header_findings(cats, objs, 5, 10);
	assert_string_equal(v,
		"macro-vba-autoexec (invoice.zip/invoice.docm); archive-decrypted (invoice.zip); "
		"bad_cat__ (a\\(b\\)c\\\\d?); filename-rtlo (=?UTF-8?B?6KuL5rGC5pu4LnppcC/igK5ncGouZXhl?=)");
	g_free(v);
	/* Beyond max_items: counted. */
	v = triage_header_findings(cats, objs, 5, 1);
	assert_string_equal(v, "macro-vba-autoexec (invoice.zip/invoice.docm); +3 more");
	g_free(v);
	/* No control characters or line breaks can get through. */
	const char *evil[] = {"x\r\nBcc: victim@example.com"};
	v = triage_header_findings(evil, evil, 1, 5);
	assert_null(strchr(v, '\n'));
	assert_null(strchr(v, '\r'));
	g_free(v);
}

static void
test_comment_long(void **state)
{
	(void)state;
	GString *p = g_string_new("");
	for (int i = 0; i < 50; i++)
		g_string_append(p, "dir/");
	g_string_append(p, "payload.exe");
	char *v = triage_header_comment_text(p->str);
	assert_true(g_str_has_prefix(v, "..."));
	assert_true(g_str_has_suffix(v, "/payload.exe"));
	assert_true(strlen(v) <= 123);
	g_free(v);
	g_string_free(p, TRUE);
}

static const struct {
	const char *subject;
	const char *prefix;
	const char *want;   /* NULL: unchanged */
} subject_cases[] = {
	{"Hello", "[SPAM]", "[SPAM] Hello"},
	{"  Hello", "[SPAM]", "[SPAM] Hello"},
	{"=?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?=", "[SPAM]", "[SPAM] =?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?="},
	{"Hello", "[要注意]", "=?UTF-8?B?W+imgeazqOaEj10=?= Hello"},
	{"=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "[要注意]",
	 "=?UTF-8?B?W+imgeazqOaEj10g?= =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?="},
	{"日本語の件名", "[要注意]", "[要注意] 日本語の件名"},
	{NULL, "[SPAM]", "[SPAM]"},
	{NULL, "[要注意]", "=?UTF-8?B?W+imgeazqOaEj10=?="},
	{"[SPAM] Hello", "[SPAM]", NULL},
	{"=?UTF-8?B?W+imgeazqOaEj10=?= Hello", "[要注意]", NULL},
	{"Hello", "", NULL},
	{"Hello", "   ", NULL},
};

static void
test_subject_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(subject_cases); i++) {
		char *got = triage_header_subject_prefix(subject_cases[i].subject,
							 subject_cases[i].prefix);
		if (g_strcmp0(got, subject_cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
				 got ? got : "(null)",
				 subject_cases[i].want ? subject_cases[i].want : "(null)");
		/* Decoding the result gives "prefix subject". */
		if (got && subject_cases[i].subject) {
			char *dec = g_mime_utils_header_decode_text(NULL, got);
			char *dsub = g_mime_utils_header_decode_text(NULL, subject_cases[i].subject);
			char *want = g_strdup_printf("%s %s", subject_cases[i].prefix, g_strchug(dsub));
			if (strcmp(dec, want) != 0)
				fail_msg("case %zu: decodes to \"%s\", want \"%s\"", i, dec, want);
			g_free(want);
			g_free(dsub);
			g_free(dec);
		}
		g_free(got);
	}
}

static int
setup(void **state)
{
	(void)state;
	g_mime_init();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	g_mime_shutdown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_encode_words),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_comment_long),
		cmocka_unit_test(test_subject_prefix),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
