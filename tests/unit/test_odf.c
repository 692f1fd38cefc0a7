/* test_odf.c - OpenDocument packages: type, embedded OLE objects, charts, links, StarBasic, damage. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "olefix.h"
#include "ooxml_fixture.h"

static triage_scanner *scanner;

/* A fake PE: enough for filetype to call it an executable. */
static const unsigned char fake_pe[] =
	"MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff\0\0This program cannot be run in DOS mode.";

#define MIMETYPE_ODT "application/vnd.oasis.opendocument.text"

#define CONTENT_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"" \
	" xmlns:script=\"urn:oasis:names:tc:opendocument:xmlns:script:1.0\"" \
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\" office:version=\"1.2\">"
#define CONTENT_TAIL "</office:document-content>"

#define MANIFEST_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"" \
	" manifest:version=\"1.2\">" \
	"<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" MIMETYPE_ODT "\"/>" \
	"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
#define MANIFEST_TAIL "</manifest:manifest>"

static la_ssize_t
odt_write_cb(struct archive *a, void *user, const void *buf, size_t len)
{
	(void)a;
	g_byte_array_append(user, buf, (guint)len);
	return (la_ssize_t)len;
}

/*
 * An ODF zip: "mimetype" first, then `parts`.  Every member is stored:
 * libarchive's writer takes the compression option only before it opens,
 * and ODF wants the mimetype stored (deflated parts are the OOXML tests').
 */
static GByteArray *
odf_zip(const char *mimetype, const fx_part *parts, size_t n)
{
	GByteArray *out = g_byte_array_new();
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_bytes_in_last_block(a, 1), ARCHIVE_OK);
	assert_int_equal(archive_write_set_format_option(a, "zip", "compression", "store"),
			 ARCHIVE_OK);
	assert_int_equal(archive_write_open(a, out, NULL, odt_write_cb, NULL), ARCHIVE_OK);
	for (size_t i = 0; i <= n; i++) {
		const char *name = i == 0 ? "mimetype" : parts[i - 1].name;
		const char *data = i == 0 ? mimetype : parts[i - 1].data;
		size_t len = i == 0 || parts[i - 1].len == 0 ? strlen(data) : parts[i - 1].len;
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return out;
}

/* An OLE Package (\001Ole10Native) carrying `data` as `label`. */
static GByteArray *
ole10native(const char *label, const char *path, const void *data, size_t len)
{
	GByteArray *in = g_byte_array_new();
	guint8 two[2] = {2, 0};
	g_byte_array_append(in, two, 2);
	g_byte_array_append(in, (const guint8 *)label, (guint)strlen(label) + 1);
	g_byte_array_append(in, (const guint8 *)path, (guint)strlen(path) + 1);
	guint8 unk[4] = {0, 0, 3, 0};
	g_byte_array_append(in, unk, 4);
	guint32 tl = GUINT32_TO_LE((guint32)strlen(path) + 1);
	g_byte_array_append(in, (const guint8 *)&tl, 4);
	g_byte_array_append(in, (const guint8 *)path, (guint)strlen(path) + 1);
	guint32 dl = GUINT32_TO_LE((guint32)len);
	g_byte_array_append(in, (const guint8 *)&dl, 4);
	g_byte_array_append(in, data, (guint)len);
	GByteArray *b = g_byte_array_new();
	guint32 total = GUINT32_TO_LE(in->len);
	g_byte_array_append(b, (const guint8 *)&total, 4);
	g_byte_array_append(b, in->data, in->len);
	g_byte_array_free(in, TRUE);
	return b;
}

/* "Object 1": a CFB file whose \1Ole10Native packages a fake program. */
static GByteArray *
ole_package_object(void)
{
	olefix f;
	olefix_begin(&f);
	GByteArray *nat = ole10native("setup.exe", "C:\\Temp\\setup.exe", fake_pe, sizeof fake_pe);
	olefix_stream(f.root, "\001Ole10Native", nat->data, nat->len);
	g_byte_array_free(nat, TRUE);
	return olefix_end(&f);
}

/* Scan bytes as a raw file through the whole engine. */
static triage_report *
scan(const char *name, const GByteArray *b)
{
	triage_report *r = th_scan_raw(scanner, name, b->data, b->len);
	assert_non_null(r);
	return r;
}

/* A text-only document: an Office document of type odf, nothing to report. */
static void
test_plain_odt(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text><text:p>Hello "
		 "<text:a xlink:href=\"https://example.com/\">link</text:a></text:p>"
		 "</office:text></office:body>" CONTENT_TAIL, 0},
		{"styles.xml", "<office:document-styles xmlns:office=\"o\"/>", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("letter.odt", z);
	triage_object *root = triage_report_root(r);
	assert_string_equal(triage_object_fact_str(root, TF_TYPE), "odf");
	assert_true(triage_object_fact_bool(root, TF_IS_OFFICE));
	assert_false(triage_object_fact_bool(root, TF_IS_ARCHIVE));
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_NONE);
	assert_int_equal(triage_object_nchildren(root), 0);
	/* A hyperlink is not an external link. */
	assert_false(triage_object_fact_bool(root, TF_EXTERNAL_LINK));
	if (triage_report_nfindings(r) != 0)
		th_dump(r);
	assert_int_equal(triage_report_nfindings(r), 0);
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* An .ods whose mimetype member is not first is an ordinary zip. */
static void
test_mimetype_not_first(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD CONTENT_TAIL, 0},
		{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
	};
	triage_blob *b = fx_zip(parts, G_N_ELEMENTS(parts), NULL);
	triage_report *r = th_scan_raw(scanner, "x.ods", triage_blob_data(b),
				       triage_blob_size(b));
	assert_string_equal(triage_object_fact_str(triage_report_root(r), TF_TYPE), "zip");
	triage_report_free(&r);
	triage_blob_unref(&b);
}

/* content.xml with a draw:object-ole on "Object 1" and its preview picture. */
static GByteArray *
odt_with_ole(void)
{
	GByteArray *obj = ole_package_object();
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text><text:p>"
		 "<draw:frame draw:name=\"Object1\"><draw:object-ole xlink:href=\"./Object 1\""
		 " xlink:type=\"simple\"/><draw:image xlink:href=\"./ObjectReplacements/Object 1\"/>"
		 "</draw:frame></text:p></office:text></office:body>" CONTENT_TAIL, 0},
		{"Object 1", (const char *)obj->data, obj->len},
		{"ObjectReplacements/Object 1", "\x89PNG\r\n\x1a\n not really", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD
		 "<manifest:file-entry manifest:full-path=\"Object 1\""
		 " manifest:media-type=\"application/vnd.sun.star.oleobject\"/>" MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	g_byte_array_free(obj, TRUE);
	return z;
}

/* An OLE Package object: counted, extracted, its program found. */
static void
test_ole_object(void **state)
{
	(void)state;
	GByteArray *z = odt_with_ole();
	triage_report *r = scan("invoice.odt", z);
	triage_object *root = triage_report_root(r);
	assert_int_equal(triage_object_fact_int(root, TF_EMBEDDED_OBJECTS), 1);
	assert_int_equal(triage_object_nchildren(root), 1);
	triage_object *obj = triage_object_child(root, 0);
	assert_string_equal(triage_object_kind(obj), "embedded");
	assert_true(triage_object_fact_bool(obj, TF_IS_EMBEDDED));
	assert_string_equal(triage_object_fact_str(obj, TF_TYPE), "ole");
	triage_object *pe = th_find_object(r, "setup.exe");
	assert_non_null(pe);
	assert_true(triage_object_fact_bool(pe, TF_IS_EXECUTABLE));
	if (!th_has_category(r, "office-embedded-object") || !th_has_category(r, "executable"))
		th_dump(r);
	assert_true(th_has_category(r, "office-embedded-object"));
	assert_true(th_has_category(r, "executable"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* A chart (draw:object on a chart sub-document) is not an embedded object. */
static void
test_chart_not_object(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text><draw:frame>"
		 "<draw:object xlink:href=\"./Object 1\"/>"
		 "<draw:image xlink:href=\"./ObjectReplacements/Object 1\"/>"
		 "</draw:frame></office:text></office:body>" CONTENT_TAIL, 0},
		{"Object 1/content.xml", "<office:document-content xmlns:office=\"o\">"
		 "<office:body><office:chart/></office:body></office:document-content>", 0},
		{"ObjectReplacements/Object 1", "svm", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD
		 "<manifest:file-entry manifest:full-path=\"Object 1/\""
		 " manifest:media-type=\"application/vnd.oasis.opendocument.chart\"/>" MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("chart.odt", z);
	triage_object *root = triage_report_root(r);
	assert_string_equal(triage_object_fact_str(root, TF_TYPE), "odf");
	assert_int_equal(triage_object_fact_int(root, TF_EMBEDDED_OBJECTS), 0);
	assert_int_equal(triage_object_nchildren(root), 0);
	assert_false(th_has_category(r, "office-embedded-object"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);

	/* The same sub-document without the manifest's word: its content says chart. */
	const fx_part p2[] = {parts[0], parts[1], parts[2]};
	z = odf_zip(MIMETYPE_ODT, p2, G_N_ELEMENTS(p2));
	r = scan("chart2.odt", z);
	assert_int_equal(triage_object_fact_int(triage_report_root(r), TF_EMBEDDED_OBJECTS), 0);
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* An embedded text sub-document is counted, not added as a child. */
static void
test_subdocument_object(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text><draw:frame>"
		 "<draw:object xlink:href=\"Object 2\"/></draw:frame></office:text></office:body>"
		 CONTENT_TAIL, 0},
		{"Object 2/content.xml", CONTENT_HEAD "<office:body><office:text><text:p>x</text:p>"
		 "</office:text></office:body>" CONTENT_TAIL, 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD
		 "<manifest:file-entry manifest:full-path=\"Object 2/\""
		 " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>" MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("sub.odt", z);
	triage_object *root = triage_report_root(r);
	assert_int_equal(triage_object_fact_int(root, TF_EMBEDDED_OBJECTS), 1);
	assert_int_equal(triage_object_nchildren(root), 0);
	assert_true(th_has_category(r, "office-embedded-object"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* A section linked to a remote document is an external link. */
static void
test_external_section(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text>"
		 "<text:section text:name=\"S1\"><text:section-source"
		 " xlink:href=\"\\\\192.0.2.7\\share\\doc.odt\" text:filter-name=\"writer8\"/>"
		 "</text:section></office:text></office:body>" CONTENT_TAIL, 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("linked.odt", z);
	assert_true(triage_object_fact_bool(triage_report_root(r), TF_EXTERNAL_LINK));
	assert_true(th_has_category(r, "office-external-link"));
	assert_false(th_has_category(r, "office-embedded-object"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* A StarBasic module started by the document's OnLoad event. */
static void
test_basic_autoexec(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:scripts><office:event-listeners>"
		 "<script:event-listener script:language=\"ooo:script\" script:event-name=\"dom:load\""
		 " xlink:href=\"vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document\""
		 " xlink:type=\"simple\"/></office:event-listeners></office:scripts>"
		 "<office:body><office:text/></office:body>" CONTENT_TAIL, 0},
		{"Basic/script-lc.xml", "<library:libraries xmlns:library=\"l\">"
		 "<library:library library:name=\"Standard\" library:link=\"false\"/></library:libraries>", 0},
		{"Basic/Standard/script-lb.xml", "<library:library xmlns:library=\"l\" library:name=\"Standard\">"
		 "<library:element library:name=\"Module1\"/></library:library>", 0},
		{"Basic/Standard/Module1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<!DOCTYPE script:module PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"module.dtd\">\n"
		 "<script:module xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Module1\""
		 " script:language=\"StarBasic\">Sub Main\n  Shell(&quot;cmd.exe /c calc&quot;, 0)\nEnd Sub\n"
		 "</script:module>", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("macro.odt", z);
	triage_object *root = triage_report_root(r);
	assert_true(triage_object_fact_bool(root, TF_HAS_VBA));
	assert_true(triage_object_fact_bool(root, TF_VBA_AUTOEXEC));
	assert_true(triage_object_fact_bool(root, TF_VBA_EXECUTE));
	triage_object *m = th_find_object(r, "basic:Module1");
	assert_non_null(m);
	assert_string_equal(triage_object_kind(m), "basic");
	assert_true(triage_object_fact_bool(m, TF_IS_VBA_MODULE));
	assert_non_null(memmem(triage_object_data(m), triage_object_size(m),
			       "Shell(\"cmd.exe /c calc\", 0)", 27));
	assert_true(th_has_category(r, "macro-vba"));
	assert_true(th_has_category(r, "macro-vba-autoexec"));
	assert_true(th_has_category(r, "macro-vba-suspicious"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* A macro without an event binding is a macro, not an automatic one. */
static void
test_basic_no_event(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text/></office:body>" CONTENT_TAIL, 0},
		{"Basic/Standard/Module1.xml", "<script:module xmlns:script=\"s\" script:name=\"Module1\">"
		 "Sub Document_Open\n  MsgBox &quot;hi&quot;\nEnd Sub\n</script:module>", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("tools.odt", z);
	assert_true(th_has_category(r, "macro-vba"));
	assert_false(th_has_category(r, "macro-vba-autoexec"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* A module part with two roots (GMarkup takes both): the first name, nothing leaked. */
static void
test_basic_two_roots(void **state)
{
	(void)state;
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<office:body><office:text/></office:body>" CONTENT_TAIL, 0},
		{"Basic/Standard/Module1.xml", "<script:module xmlns:script=\"s\" script:name=\"First\">"
		 "Sub A\nEnd Sub\n</script:module>"
		 "<script:module xmlns:script=\"s\" script:name=\"Second\">"
		 "Sub B\nEnd Sub\n</script:module>", 0},
		{"META-INF/manifest.xml", MANIFEST_HEAD MANIFEST_TAIL, 0},
	};
	GByteArray *z = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	triage_report *r = scan("roots.odt", z);
	assert_non_null(th_find_object(r, "basic:First"));
	assert_null(th_find_object(r, "basic:Second"));
	assert_true(th_has_category(r, "macro-vba"));
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);
}

/* Reader directly: max_embedded stops the count, the limit is recorded. */
static void
test_embedded_limit(void **state)
{
	(void)state;
	GByteArray *z = odt_with_ole();
	fx_env *e = fx_env_new();
	e->lim.max_embedded = 0;
	triage_object *o = fx_run(e, "a.odt", "odf", triage_blob_new_copy(z->data, z->len),
				  triage_odf_run);
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 1);
	triage_object_free(&o);
	/* 0 means no limit above; a limit of 1 with two objects keeps one. */
	e->lim.max_embedded = 1;
	GByteArray *obj = ole_package_object();
	const fx_part parts[] = {
		{"content.xml", CONTENT_HEAD "<draw:object-ole xlink:href=\"./Object 1\"/>"
		 "<draw:object-ole xlink:href=\"./Object 2\"/>" CONTENT_TAIL, 0},
		{"Object 1", (const char *)obj->data, obj->len},
		{"Object 2", (const char *)obj->data, obj->len},
	};
	GByteArray *z2 = odf_zip(MIMETYPE_ODT, parts, G_N_ELEMENTS(parts));
	o = fx_run(e, "b.odt", "odf", triage_blob_new_copy(z2->data, z2->len), triage_odf_run);
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 1);
	assert_int_equal(triage_object_nchildren(o), 1);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_LIMIT);
	triage_object_free(&o);
	g_byte_array_free(obj, TRUE);
	g_byte_array_free(z2, TRUE);
	g_byte_array_free(z, TRUE);
	fx_env_free(e);
}

/* Garbage, truncated packages and bad XML: corrupt, never a crash. */
static void
test_damaged(void **state)
{
	(void)state;
	fx_env *e = fx_env_new();
	static const char junk[] = "PK\3\4 this is not a zip at all";
	triage_object *o = fx_run(e, "j.odt", "odf", triage_blob_new_copy(junk, sizeof junk),
				  triage_odf_run);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	triage_object_free(&o);

	GByteArray *z = odt_with_ole();
	/* Every cut of the package: the reader never crashes. */
	for (size_t cut = 0; cut < z->len; cut += 37) {
		o = fx_run(e, "t.odt", "odf", triage_blob_new_copy(z->data, cut), triage_odf_run);
		triage_object_free(&o);
	}
	/* Cut before the central directory: through the engine, corrupt. */
	triage_report *r = th_scan_raw(scanner, "t.odt", z->data, z->len / 2);
	assert_non_null(r);
	assert_string_equal(triage_object_fact_str(triage_report_root(r), TF_TYPE), "odf");
	assert_int_not_equal(triage_object_unscanned(triage_report_root(r)),
			     TRIAGE_UNSCANNED_NONE);
	triage_report_free(&r);
	g_byte_array_free(z, TRUE);

	const fx_part bad[] = {
		{"content.xml", CONTENT_HEAD "<office:body><text:p>unclosed" , 0},
	};
	z = odf_zip(MIMETYPE_ODT, bad, G_N_ELEMENTS(bad));
	o = fx_run(e, "x.odt", "odf", triage_blob_new_copy(z->data, z->len), triage_odf_run);
	assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
	triage_object_free(&o);
	g_byte_array_free(z, TRUE);
	fx_env_free(e);
}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_odt),
		cmocka_unit_test(test_mimetype_not_first),
		cmocka_unit_test(test_ole_object),
		cmocka_unit_test(test_chart_not_object),
		cmocka_unit_test(test_subdocument_object),
		cmocka_unit_test(test_external_section),
		cmocka_unit_test(test_basic_autoexec),
		cmocka_unit_test(test_basic_no_event),
		cmocka_unit_test(test_basic_two_roots),
		cmocka_unit_test(test_embedded_limit),
		cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
