/* test_rtf.c - RTF \objdata extraction, OLE1 headers, packages, obfuscations, limits. */
#include "config.h"

#include "docs_fixture.h"
#include "office/office_int.h"

/* Bytes that look like the start of a PE file. */
static const unsigned char fake_pe[] =
	"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
	"This program cannot be run in DOS mode.\r\r\n$PE\x00\x00L\x01";
/* Bytes that look like the start of a CFB file. */
static const unsigned char fake_cfb[] =
	"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x3e\x00\x03\x00\xfe\xff\x09\x00";

/* An OLE1 embedded object (MS-OLEDS ObjectHeader + native data). */
static GByteArray *
ole1_object(const char *cls, const void *native, size_t n)
{
	GByteArray *a = g_byte_array_new();
	dfx_le32(a, 0x00000501);
	dfx_le32(a, 2);
	dfx_le32(a, (uint32_t)strlen(cls) + 1);
	dfx_bytes(a, cls, strlen(cls) + 1);
	dfx_le32(a, 0); /* topic */
	dfx_le32(a, 0); /* item */
	dfx_le32(a, (uint32_t)n);
	dfx_bytes(a, native, n);
	return a;
}

/* Packager native data carrying `payload` as file `name`. */
static GByteArray *
package_native(const char *name, const char *path, const void *payload, size_t n)
{
	GByteArray *a = g_byte_array_new();
	const char *tmp = "C:\\Users\\x\\AppData\\Local\\Temp\\clam.exe";
	dfx_le16(a, 2);
	dfx_bytes(a, name, strlen(name) + 1);
	dfx_bytes(a, path, strlen(path) + 1);
	dfx_le16(a, 0);
	dfx_le16(a, 3);
	dfx_le32(a, (uint32_t)strlen(tmp) + 1);
	dfx_bytes(a, tmp, strlen(tmp) + 1);
	dfx_le32(a, (uint32_t)n);
	dfx_bytes(a, payload, n);
	return a;
}

/* Append the packager's UTF-16 copies of temp path, label and file path. */
static void
package_unicode(GByteArray *a, const char *label, const char *path)
{
	const char *strs[3] = {"C:\\Temp\\x", label, path};
	for (int i = 0; i < 3; i++) {
		glong n = 0;
		gunichar2 *u = g_utf8_to_utf16(strs[i], -1, NULL, &n, NULL);
		dfx_le32(a, (uint32_t)n);
		for (glong k = 0; k < n; k++)
			dfx_le16(a, u[k]);
		g_free(u);
	}
}

/*
 * Hex text the way droppers write it: mixed case, line breaks and spaces,
 * a skipped nested destination, a control word, \'hh, a \bin run and an odd
 * trailing digit.
 */
static void
obfuscated_hex(GString *s, const unsigned char *d, size_t n)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		const char *h = i % 3 ? lo : up;
		if (i == 5) {
			g_string_append(s, "{\\*\\shplid 4142434445}");
		} else if (i == 9) {
			g_string_append(s, "\\par ");
		} else if (i == 13) {
			g_string_append(s, "\\'");
		} else if (i == 20 && i + 2 < n) {
			g_string_append(s, "\\bin2 ");
			g_string_append_len(s, (const char *)d + i, 2);
			i++;
			continue;
		}
		g_string_append_c(s, h[d[i] >> 4]);
		if (i % 7 == 0)
			g_string_append(s, "\r\n");
		if (i % 11 == 0)
			g_string_append_c(s, ' ');
		g_string_append_c(s, h[d[i] & 15]);
	}
	g_string_append_c(s, '7'); /* odd digit: dropped */
}

/* Plain hex. */
static void
plain_hex(GString *s, const unsigned char *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", d[i]);
}

/* An RTF with a Package (fake PE), a Word object and a raw objdata. */
static GString *
sample_rtf(void)
{
	GString *s = g_string_new("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard Hello\\par\n");
	GByteArray *pk = package_native("clam.exe", "C:\\tmp\\clam.exe", fake_pe,
					sizeof fake_pe - 1);
	GByteArray *o1 = ole1_object("Package", pk->data, pk->len);
	g_string_append(s, "{\\object\\objemb\\objw100\\objh100{\\*\\objclass Package}{\\*\\objdata ");
	obfuscated_hex(s, o1->data, o1->len);
	g_string_append(s, "}{\\result {\\pict 0102}}}\n");
	GByteArray *o2 = ole1_object("Word.Document.8", fake_cfb, sizeof fake_cfb - 1);
	/* A name outside the code page: '?' in ANSI, whole in the UTF-16 copy. */
	GByteArray *pk2 = package_native("???.pdf.exe", "C:\\tmp\\???.pdf.exe", fake_pe, 16);
	package_unicode(pk2, "請求書.pdf.exe", "C:\\tmp\\請求書.pdf.exe");
	GByteArray *o3 = ole1_object("Package", pk2->data, pk2->len);
	g_string_append(s, "{\\object\\objemb{\\*\\objclass Word.Document.8}\\objdata ");
	plain_hex(s, o2->data, o2->len);
	g_string_append(s, "}\n{\\object{\\*\\objdata 4142434445}}\\par\n{\\object\\objemb{\\*\\objdata ");
	plain_hex(s, o3->data, o3->len);
	g_string_append(s, "}}}\n");
	g_byte_array_unref(pk2);
	g_byte_array_unref(o3);
	g_byte_array_unref(pk);
	g_byte_array_unref(o1);
	g_byte_array_unref(o2);
	return s;
}

/* Objects come out decoded, named and classed; the rule fires. */
static void
test_rtf_objects(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GString *s = sample_rtf();
	triage_object *o = dfx_object(s->str, s->len, "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_int_equal(triage_object_fact_int(o, TF_RTF_OBJECTS), 4);
	assert_int_equal(triage_object_nchildren(o), 4);

	triage_object *pe = triage_object_child(o, 0);
	assert_string_equal(triage_object_path(pe), "sample/clam.exe");
	assert_string_equal(triage_object_fact_str(pe, TF_EXT), "exe");
	assert_string_equal(triage_object_kind(pe), "embedded");
	assert_string_equal(triage_object_fact_str(pe, TF_OLE_CLASS), "Package");
	assert_true(triage_object_fact_bool(pe, TF_IS_EMBEDDED));
	assert_int_equal(triage_object_size(pe), sizeof fake_pe - 1);
	assert_memory_equal(triage_object_data(pe), fake_pe, sizeof fake_pe - 1);

	triage_object *doc = triage_object_child(o, 1);
	assert_string_equal(triage_object_path(doc), "sample/rtfobj1");
	assert_string_equal(triage_object_fact_str(doc, TF_OLE_CLASS), "Word.Document.8");
	assert_int_equal(triage_object_size(doc), sizeof fake_cfb - 1);
	assert_memory_equal(triage_object_data(doc), fake_cfb, sizeof fake_cfb - 1);

	/* Not OLE1: the raw bytes are the object. */
	triage_object *raw = triage_object_child(o, 2);
	assert_int_equal(triage_object_size(raw), 5);
	assert_memory_equal(triage_object_data(raw), "ABCDE", 5);
	triage_object *uni = triage_object_child(o, 3);
	assert_string_equal(triage_object_name(uni), "請求書.pdf.exe");
	assert_string_equal(triage_object_fact_str(uni, TF_EXT), "exe");
	assert_int_equal(triage_object_size(uni), 16);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);

	dfx_rules(o);
	assert_true(dfx_has_finding(o, "rtf-object"));
	triage_object_free(&o);
	g_string_free(s, TRUE);
	dfx_free(&f);
}

/* A document without objects gets no children and no finding. */
static void
test_rtf_clean(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	const char *t = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\*\\generator x;}"
			"\\pard Just text with {\\b bold} and \\'e9 and 0123abcdef.\\par}";
	triage_object *o = dfx_object(t, strlen(t), "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_RTF_OBJECTS), 0);
	assert_true(triage_object_fact_is_set(o, TF_RTF_OBJECTS));
	assert_int_equal(triage_object_nchildren(o), 0);
	dfx_rules(o);
	assert_false(dfx_has_finding(o, "rtf-object"));
	triage_object_free(&o);
	dfx_free(&f);
}

/* \objdata outside \object: extracted, counted as no object, string rule fires. */
static void
test_rtf_objdata_only(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	/* Unterminated at the end of the file, too. */
	const char *t = "{\\rt{\\*\\objdata 41 42\n43}{\\*\\objdata 44";
	triage_object *o = dfx_object(t, strlen(t), "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_fact_int(o, TF_RTF_OBJECTS), 0);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_memory_equal(triage_object_data(triage_object_child(o, 0)), "ABC", 3);
	assert_memory_equal(triage_object_data(triage_object_child(o, 1)), "D", 1);
	dfx_rules(o);
	assert_true(dfx_has_finding(o, "rtf-object"));
	triage_object_free(&o);
	dfx_free(&f);
}

/* max_embedded stops extraction and says so; huge \bin is clamped. */
static void
test_rtf_limits(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	f.cfg->limits.max_embedded = 2;
	GString *s = sample_rtf();
	triage_object *o = dfx_object(s->str, s->len, "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_embedded");
	triage_object_free(&o);

	f.cfg->limits.max_embedded = 256;
	f.cfg->limits.max_object_size = 10;
	o = dfx_object(s->str, s->len, "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	triage_object *c = triage_object_child(o, 1);
	assert_int_equal(triage_object_unscanned(c), TRIAGE_UNSCANNED_LIMIT);
	triage_object_free(&o);

	const char *t = "{\\rtf1{\\object{\\*\\objdata 4142\\bin999999999999 xy}}}";
	o = dfx_object(t, strlen(t), "rtf");
	assert_int_equal(triage_rtf_run(&f.ctx, o), TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(o), 1);
	/* The run swallows the rest of the file, braces included. */
	assert_int_equal(triage_object_size(triage_object_child(o, 0)), 2 + 5);
	triage_object_free(&o);
	g_string_free(s, TRUE);
	dfx_free(&f);
}

/* Truncations and byte flips never crash (run under ASan in build-san). */
static void
test_rtf_mutations(void **state)
{
	(void)state;
	dfx f;
	dfx_init(&f);
	GString *s = sample_rtf();
	uint32_t seed = 0x12345678;
	for (int v = 0; v < 600; v++) {
		size_t len = s->len;
		unsigned char *m = dfx_mutate((const unsigned char *)s->str, &len,
					      &seed, v, 600);
		triage_object *o = dfx_object(m, len, "rtf");
		assert_false(TRIAGE_IS_ERROR(triage_rtf_run(&f.ctx, o)));
		assert_true(triage_object_nchildren(o) <= 4);
		triage_object_free(&o);
		g_free(m);
	}
	g_string_free(s, TRUE);
	dfx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rtf_objects),
		cmocka_unit_test(test_rtf_clean),
		cmocka_unit_test(test_rtf_objdata_only),
		cmocka_unit_test(test_rtf_limits),
		cmocka_unit_test(test_rtf_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
