/* test_passwords.c - candidate passwords from English and Japanese phrasings. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "analyzers.h"

/* One phrasing and the candidate it must give ("" when it must give none). */
typedef struct {
	const char *text;
	const char *want;
} pw_case;

static const pw_case cases[] = {
	/* English */
	{ "Password: 1234", "1234" },
	{ "password:1234\n", "1234" },
	{ "The archive password is abc123", "abc123" },
	{ "the password is abc123.", "abc123" },
	{ "PASSWORD = s3cr3t!", "s3cr3t!" },
	{ "hi,\nfile attached\npw - qwe987\nthx tom", "qwe987" },
	{ "PW: Kx7-2024", "Kx7-2024" },
	{ "pass: hunter2", "hunter2" },
	{ "Passcode: 889900", "889900" },
	{ "The password for the attached file is Zip#2024, thanks", "Zip#2024" },
	{ "Password for the zip: q1w2e3", "q1w2e3" },
	{ "password (case sensitive): AbC9", "AbC9" },
	{ "Zip-password: \"x y\" or 'quoted1'", "" },
	{ "password: 'quoted1'", "quoted1" },
	{ "password: \xe2\x80\x9csmart9\xe2\x80\x9d", "smart9" },
	{ "Password:\n\n   nextline7\n", "nextline7" },
	{ "The password is as follows:\nfollow8\n", "follow8" },
	{ "[Password] br4cket", "br4cket" },
	{ "password: (paren5)", "paren5" },
	/* Japanese (UTF-8) */
	{ "パスワード：4567", "4567" },
	{ "パスワード: 4567", "4567" },
	{ "解凍パスワードは xyz123 です", "xyz123" },
	{ "解凍パスワードはxyz123です。", "xyz123" },
	{ "パスワードは「Ab#12」です。", "Ab#12" },
	{ "パスワードは『kagi99』となります。", "kagi99" },
	{ "解凍パスワード Qz81", "Qz81" },
	{ "PW：pw7788", "pw7788" },
	{ "【パスワード】Sk3#pd77", "Sk3#pd77" },
	{ "暗号化パスワード：enc-55", "enc-55" },
	{ "パスワード\n  nl2233\n", "nl2233" },
	{ "パスワード（半角英数）：hk12", "hk12" },
	{ "パスワードは以下の通りです。\nbelow77\n", "below77" },
	{ "パスワード　＝　eq1", "eq1" },
	{ "パスワード：abc123、よろしくお願いします。", "abc123" },
	{ "パスワードは abc123 になります", "abc123" },
	/* not passwords */
	{ "Your password expires in 5 days.", "" },
	{ "your network password expires in 5 days. Change it at https://sso.example/change\n"
	  "Password rules: at least 14 characters, no reuse of the last 10 passwords.", "" },
	{ "Please bring your passport and boarding pass.", "" },
	{ "パスワードは別途お送りします。", "" },
	{ "bypass: nothing", "" },
	{ "password is", "" },
	{ "password: 12345678901234567890123456789012345678901234567890123456789012345", "" },
};

/* Every phrasing gives exactly its password (or nothing). */
static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
		triage_passwords_extract(cases[i].text, strlen(cases[i].text), out, 16);
		bool found = false;
		for (guint k = 0; k < out->len; k++)
			found |= strcmp(g_ptr_array_index(out, k), cases[i].want) == 0;
		if (*cases[i].want ? !found : out->len != 0) {
			print_error("case %zu: \"%s\": want \"%s\", got %u:", i,
				    cases[i].text, cases[i].want, out->len);
			for (guint k = 0; k < out->len; k++)
				print_error(" [%s]", (char *)g_ptr_array_index(out, k));
			print_error("\n");
			fail();
		}
		/* a real password comes alone, not with noise */
		if (*cases[i].want)
			assert_int_equal(out->len, 1);
		g_ptr_array_free(out, TRUE);
	}
}

/* Full-width passwords give the typed form and the ASCII one. */
static void
test_fullwidth(void **state)
{
	(void)state;
	/* パスワード：ａｂｃ１２３ */
	const char *t = "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89\xef\xbc\x9a"
			"\xef\xbd\x81\xef\xbd\x82\xef\xbd\x83\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93";
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	triage_passwords_extract(t, strlen(t), out, 16);
	assert_int_equal(out->len, 2);
	assert_string_equal(g_ptr_array_index(out, 0),
			    "\xef\xbd\x81\xef\xbd\x82\xef\xbd\x83\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93");
	assert_string_equal(g_ptr_array_index(out, 1), "abc123");
	g_ptr_array_free(out, TRUE);

	/* full-width keyword: ＰＷ：ｘｙ９ */
	t = "\xef\xbc\xb0\xef\xbc\xb7\xef\xbc\x9a\xef\xbd\x98\xef\xbd\x99\xef\xbc\x99";
	out = g_ptr_array_new_with_free_func(g_free);
	triage_passwords_extract(t, strlen(t), out, 16);
	assert_int_equal(out->len, 2);
	assert_string_equal(g_ptr_array_index(out, 1), "xy9");
	g_ptr_array_free(out, TRUE);
}

/* No duplicates, the cap holds, several passwords in one text are all found. */
static void
test_dedup_and_cap(void **state)
{
	(void)state;
	const char *t = "Password: one1\npassword: one1\nPW: two2\npass: three3\npw: four4\n";
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	triage_passwords_extract(t, strlen(t), out, 16);
	assert_int_equal(out->len, 4);
	assert_string_equal(g_ptr_array_index(out, 0), "one1");
	assert_string_equal(g_ptr_array_index(out, 3), "four4");
	/* already full: nothing more */
	triage_passwords_extract("pw: five5", 9, out, 4);
	assert_int_equal(out->len, 4);
	g_ptr_array_free(out, TRUE);

	out = g_ptr_array_new_with_free_func(g_free);
	triage_passwords_extract(t, strlen(t), out, 2);
	assert_int_equal(out->len, 2);
	g_ptr_array_free(out, TRUE);
}

/* Hostile text: invalid UTF-8, NULs inside len, a huge line: no crash, bounded. */
static void
test_hostile(void **state)
{
	(void)state;
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char bad[] = "pass\xff\xfe: \x80\x81zz\0password: after0nul";
	triage_passwords_extract(bad, sizeof bad - 1, out, 16);
	GString *big = g_string_new("password: ");
	for (int i = 0; i < 100000; i++)
		g_string_append(big, "pw pw: ");
	triage_passwords_extract(big->str, big->len, out, 16);
	assert_true(out->len <= 16);
	for (guint i = 0; i < out->len; i++) {
		const char *s = g_ptr_array_index(out, i);
		assert_true(g_utf8_validate(s, -1, NULL));
		assert_true(g_utf8_strlen(s, -1) <= 64);
		assert_null(strpbrk(s, " \t\r\n"));
	}
	g_string_free(big, TRUE);
	triage_passwords_extract(NULL, 0, out, 16);
	g_ptr_array_free(out, TRUE);
}

/* collect reads every body text and the subject, capped by max_passwords. */
static void
test_collect(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	cfg->limits.max_passwords = 3;
	triage_ctx ctx = { .cfg = cfg, .lim = &cfg->limits };
	ctx.texts = g_ptr_array_new_with_free_func(g_free);
	ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(ctx.texts, g_strdup("Hello\nPassword: body1\n"));
	g_ptr_array_add(ctx.texts, g_strdup("pw: html2 and pw: body1"));
	ctx.subject = g_strdup("Invoice (PW: subj3)");
	triage_passwords_collect(&ctx);
	assert_int_equal(ctx.passwords->len, 3);
	assert_string_equal(g_ptr_array_index(ctx.passwords, 0), "body1");
	assert_string_equal(g_ptr_array_index(ctx.passwords, 2), "subj3");
	g_ptr_array_add(ctx.texts, g_strdup("pw: more4"));
	triage_passwords_collect(&ctx);
	assert_int_equal(ctx.passwords->len, 3);
	g_ptr_array_free(ctx.texts, TRUE);
	g_ptr_array_free(ctx.passwords, TRUE);
	g_free(ctx.subject);
	triage_config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_dedup_and_cap),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_collect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
