/* office_scen.h - shared fixtures of the whole-engine Office scenario tests. */
#ifndef TRIAGE_OFFICE_SCEN_H
#define TRIAGE_OFFICE_SCEN_H

#include <stdbool.h>
#include <stdint.h>

#include "testhelp.h"
#include "olefix.h"
#include "ooxml_fixture.h"

#define A_ACCEPT TRIAGE_ACTION_ACCEPT
#define A_TAG TRIAGE_ACTION_TAG
#define A_BANNER TRIAGE_ACTION_BANNER
#define A_QUAR TRIAGE_ACTION_QUARANTINE
#define A_REJECT TRIAGE_ACTION_REJECT
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
#define WB_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define DOC_PLAIN DOC_BODY("<w:p><w:r><w:t>Quarterly figures</w:t></w:r></w:p>")

/* One sheet of a fixture workbook. */
typedef struct bsheet {
	const char *name;
	unsigned state;  /* 0 visible, 1 hidden, 2 very hidden */
	unsigned type;   /* 0 worksheet, 1 macro sheet, 2 chart */
} bsheet;

/* Kinds of OLE host for a VBA project. */
typedef enum host { HOST_WORD, HOST_EXCEL } host;

/* The engine with the shipped rules and the default policy (office_scen.c). */
extern triage_scanner *scanner;
extern triage_config *policy;
extern int nfail;

/* Expectations: all failures of a test are reported, then check_done() fails it. */
void check_done(void);
int scen_setup(void **state);
int scen_teardown(void **state);
void expect(triage_report *r, const char *what, const char *must, const char *mustnot, triage_action min, triage_action max);
void expect_raw(const char *name, const void *data, size_t len, const char *must, const char *mustnot, triage_action min, triage_action max);
/* Fixture builders: BIFF records and workbooks, OLE hosts, OOXML zips. */
void le16(GByteArray *a, unsigned v);
void le32(GByteArray *a, uint32_t v);
void biff_rec(GByteArray *wb, unsigned type, const void *body, size_t n);
void biff_bof(GByteArray *wb, unsigned ver, unsigned dt);
GByteArray *biff_workbook(unsigned ver, const bsheet *sh, size_t nsh, const char *const *names, size_t nnames, const int *builtin, const GByteArray *extra);
GByteArray *ole_with_vba(host h, const olefix_module *mods, size_t n);
GByteArray *vba_bin(const olefix_module *mods, size_t n);
GBytes *zip_of(const fx_part *parts, size_t n);
void expect_zip(const char *name, const fx_part *parts, size_t n, const char *must, const char *mustnot, triage_action min, triage_action max);
void expect_docx(const char *name, const char *doc, const char *doc_rels, const char *settings_rels, const char *must, const char *mustnot, triage_action min, triage_action max);

/* The OOXML, RTF and DDE scenarios (office_scen_docs.c). */
void test_template_injection(void **state);
void test_external_links(void **state);
void test_dde_ooxml(void **state);
void test_embedded_ooxml(void **state);
void test_rtf(void **state);
void test_dde_doc(void **state);
void test_dde_text(void **state);

#endif
