/* office_scen.c - engine set-up, expectations and fixture builders of the Office scenarios. */
#include "config.h"

#include <string.h>

#include "office_scen.h"

triage_scanner *scanner;
triage_config *policy;
/* Failed expectations of the running test (all are reported, then it fails). */
int nfail;

/* End of a test: fail when any expectation failed. */
void
check_done(void)
{
	int n = nfail;
	nfail = 0;
	if (n)
		fail_msg("%d expectation(s) failed", n);
}

int
scen_setup(void **state)
{
	(void)state;
	triage_engine *e = th_engine(NULL, NULL);
	scanner = triage_scanner_new(e);
	triage_engine_unref(&e);
	policy = triage_config_new();
	return scanner ? 0 : -1;
}

int
scen_teardown(void **state)
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
void
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
void
expect_raw(const char *name, const void *data, size_t len, const char *must,
	   const char *mustnot, triage_action min, triage_action max)
{
	triage_report *r = th_scan_raw(scanner, name, data, len);
	expect(r, name, must, mustnot, min, max);
}


/* ---- fixtures: OLE documents with VBA ---------------------------------- */

/* Minimal BIFF8 workbook: globals with one visible worksheet. */
void
le16(GByteArray *a, unsigned v)
{
	guint8 b[2] = {v & 0xFF, (v >> 8) & 0xFF};
	g_byte_array_append(a, b, 2);
}

void
le32(GByteArray *a, uint32_t v)
{
	guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
	g_byte_array_append(a, b, 4);
}

void
biff_rec(GByteArray *wb, unsigned type, const void *body, size_t n)
{
	le16(wb, type);
	le16(wb, (unsigned)n);
	if (n)
		g_byte_array_append(wb, body, (guint)n);
}

/* BOF of version `ver` (0x0600 BIFF8, 0x0500 BIFF5) and substream type dt. */
void
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


/*
 * A workbook stream (BIFF8 or BIFF5) with these sheets and names; each
 * name is built-in (index in the low byte, flag 0x100) or user text.
 */
GByteArray *
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


/* A .doc / .xls with a VBA project of these modules. */
GByteArray *
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
GByteArray *
vba_bin(const olefix_module *mods, size_t n)
{
	olefix f;
	olefix_begin(&f);
	olefix_vba_project(f.root, mods, n, true);
	return olefix_end(&f);
}

/* ---- fixtures: OOXML ----------------------------------------------------- */


/* Zip these parts to bytes. */
GBytes *
zip_of(const fx_part *parts, size_t n)
{
	triage_blob *b = fx_zip(parts, n, NULL);
	GBytes *g = g_bytes_new(triage_blob_data(b), triage_blob_size(b));
	triage_blob_unref(&b);
	return g;
}

void
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
void
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
