/* xlm.c - BIFF5/BIFF8 Workbook stream: macro sheets, hidden state, Auto_Open, FILEPASS. */
#include "config.h"

#include <string.h>

#include "ole_int.h"
#include "xlm_int.h"

#define REC_BOF 0x0809
#define REC_EOF 0x000A
#define REC_FILEPASS 0x002F
#define REC_BOUNDSHEET 0x0085
#define REC_LBL 0x0018
#define REC_FORMULA 0x0006
#define REC_STRING 0x0207
#define REC_SUPBOOK 0x01AE
/* Largest record body BIFF8 allows. */
#define REC_MAX 8224
/* Sheets listed at most (the format allows 65535; more is hostile). */
#define SHEETS_MAX 4096

typedef struct xl_sheet {
	uint32_t pos;   /* lbPlyPos: stream offset of the sheet's BOF */
	unsigned state; /* 0 visible, 1 hidden, 2 very hidden */
	unsigned type;  /* 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module */
	char *name;
} xl_sheet;

typedef struct xl_book {
	bool biff8;
	bool autoexec;  /* an Auto_Open / Auto_Close name */
	bool filepass;
	bool dde;       /* a SupBook of a DDE / OLE link */
	GPtrArray *sheets; /* xl_sheet * */
	GPtrArray *names;  /* char *, Lbl order */
} xl_book;

/* Free one sheet entry. */
static void
sheet_free(gpointer p)
{
	xl_sheet *s = p;
	if (s) {
		g_free(s->name);
		g_free(s);
	}
}

/* Next record at *pos: type, body, size; false at the end or when malformed. */
static bool
next_record(const unsigned char *wb, size_t len, size_t *pos, unsigned *type,
	    const unsigned char **body, size_t *size, bool *bad)
{
	if (*pos >= len)
		return false;
	if (len - *pos < 4) {
		*bad = true;
		return false;
	}
	*type = ole_le16(wb + *pos);
	*size = ole_le16(wb + *pos + 2);
	if (*size > REC_MAX || *size > len - *pos - 4) {
		*bad = true;
		return false;
	}
	*body = wb + *pos + 4;
	*pos += 4 + *size;
	return true;
}

/* A BIFF string of `cch` characters at p (8-bit or UTF-16LE), as UTF-8. */
static char *
biff_chars(const unsigned char *p, size_t avail, size_t cch, bool wide)
{
	size_t bytes = wide ? cch * 2 : cch;
	if (bytes > avail)
		bytes = wide ? avail & ~(size_t)1 : avail;
	char *u = g_convert((const char *)p, (gssize)bytes, "UTF-8",
			    wide ? "UTF-16LE" : "WINDOWS-1252", NULL, NULL, NULL);
	return u ? u : g_strdup("?");
}

/* BoundSheet8 / BIFF5 BOUNDSHEET: position, state, type, name. */
static void
boundsheet(xl_book *bk, const unsigned char *b, size_t n)
{
	if (n < 8 || bk->sheets->len >= SHEETS_MAX)
		return;
	xl_sheet *s = g_new0(xl_sheet, 1);
	s->pos = ole_le32(b);
	s->state = b[4] & 0x03;
	s->type = b[5];
	size_t cch = b[6];
	if (bk->biff8)
		s->name = biff_chars(b + 8, n - 8, cch, b[7] & 1);
	else
		s->name = biff_chars(b + 7, n - 7, cch, false);
	g_ptr_array_add(bk->sheets, s);
}

/*
 * Lbl: built-in names 0x01 (Auto_Open) and 0x02 (Auto_Close), and user
 * names starting with "Auto_Open"/"Auto_Close", which Excel also runs.
 */
static void
lbl(xl_book *bk, const unsigned char *b, size_t n)
{
	static const char *const builtin[] = {
		"Consolidate_Area", "Auto_Open", "Auto_Close", "Extract", "Database",
		"Criteria", "Print_Area", "Print_Titles", "Recorder", "Data_Form",
		"Auto_Activate", "Auto_Deactivate", "Sheet_Title", "_FilterDatabase"};
	if (n < 15)
		return;
	unsigned flags = ole_le16(b);
	size_t cch = b[3];
	char *name;
	if (bk->biff8)
		name = biff_chars(b + 15, n - 15, cch, b[14] & 1);
	else
		name = biff_chars(b + 14, n - 14, cch, false);
	if ((flags & 0x20) && cch >= 1) {
		unsigned id = (unsigned char)(bk->biff8 ? b[15] : b[14]);
		if (id == 0x01 || id == 0x02)
			bk->autoexec = true;
		if (id < G_N_ELEMENTS(builtin)) {
			g_free(name);
			name = g_strdup(builtin[id]);
		}
	} else if (g_ascii_strncasecmp(name, "Auto_Open", 9) == 0 ||
		   g_ascii_strncasecmp(name, "Auto_Close", 10) == 0) {
		bk->autoexec = true;
	}
	g_ptr_array_add(bk->names, name);
}

/*
 * SupBook ([MS-XLS] 2.4.271) of a DDE or OLE link: no sheets (ctab 0), and
 * a virtPath "application\x03topic" (the 0x0003 character separates them).
 * External workbooks have sheets; self-references and add-ins use the
 * special cch values 0x0401 and 0x3A01.
 */
static bool
supbook_is_dde(const xl_book *bk, const unsigned char *b, size_t n)
{
	if (!bk->biff8 || n < 5)
		return false;
	unsigned ctab = ole_le16(b), cch = ole_le16(b + 2);
	if (ctab != 0 || cch == 0 || cch > 0xFF)
		return false;
	bool wide = b[4] & 1;
	size_t step = wide ? 2 : 1;
	for (size_t i = 0; i < cch && 5 + (i + 1) * step <= n; i++) {
		const unsigned char *c = b + 5 + i * step;
		if (c[0] == 0x03 && (!wide || c[1] == 0))
			return true;
	}
	return false;
}

/*
 * The globals substream: sheets, names, FILEPASS; false when malformed.
 * A decrypted copy still carries its FILEPASS record: `decrypted` reads on.
 */
static bool
globals(xl_book *bk, const unsigned char *wb, size_t len, bool decrypted)
{
	size_t pos = 0;
	unsigned type;
	const unsigned char *b;
	size_t n;
	bool bad = false;
	if (!next_record(wb, len, &pos, &type, &b, &n, &bad) || type != REC_BOF || n < 4)
		return false;
	bk->biff8 = ole_le16(b) == 0x0600;
	while (next_record(wb, len, &pos, &type, &b, &n, &bad)) {
		if (type == REC_EOF)
			return true;
		if (type == REC_FILEPASS && !decrypted) {
			bk->filepass = true;
			return true;
		}
		if (type == REC_BOUNDSHEET)
			boundsheet(bk, b, n);
		else if (type == REC_LBL)
			lbl(bk, b, n);
		else if (type == REC_SUPBOOK && supbook_is_dde(bk, b, n))
			bk->dde = true;
	}
	return !bad;
}

/*
 * A macro sheet as text: one line per FORMULA record ("R1C1: =..."), with
 * the cached string result when a STRING record follows.  Only BIFF8
 * formulas are decoded.
 */
static GString *
sheet_text(xl_book *bk, const xl_sheet *s, const unsigned char *wb, size_t len,
	   bool *bad)
{
	GString *t = g_string_new(NULL);
	g_string_append_printf(t, "' Excel 4.0 macro sheet \"%s\" (%s)\n", s->name,
			       s->state == 0 ? "visible" : s->state == 1 ? "hidden" : "very hidden");
	size_t pos = s->pos;
	unsigned type;
	const unsigned char *b;
	size_t n;
	int depth = 0;
	if (pos >= len) {
		*bad = true;
		return t;
	}
	while (next_record(wb, len, &pos, &type, &b, &n, bad)) {
		if (type == REC_BOF) {
			depth++;
		} else if (type == REC_EOF) {
			if (--depth <= 0)
				break;
		} else if (depth == 0) {
			*bad = true; /* lbPlyPos did not point at a BOF */
			break;
		} else if (type == REC_FORMULA && bk->biff8 && n >= 22) {
			size_t cce = ole_le16(b + 20);
			g_string_append_printf(t, "R%uC%u: =", (unsigned)ole_le16(b) + 1,
					       (unsigned)ole_le16(b + 2) + 1);
			if (cce > n - 22)
				cce = n - 22;
			if (!triage_xlm_formula_text(b + 22, cce, bk->names, t))
				g_string_append(t, " {?}");
			g_string_append_c(t, '\n');
		} else if (type == REC_STRING && bk->biff8 && n >= 3) {
			char *v = biff_chars(b + 3, n - 3, ole_le16(b), b[2] & 1);
			g_string_append_printf(t, "  -> \"%s\"\n", v);
			g_free(v);
		}
		if (t->len > (1u << 24))
			break;
	}
	return t;
}

/* Facts and one "xlm" child per macro sheet. */
static triage_status
macro_sheets(ole_doc *d, xl_book *bk, const unsigned char *wb, size_t len)
{
	bool has = false, hidden = false;
	for (guint i = 0; i < bk->sheets->len; i++) {
		xl_sheet *s = g_ptr_array_index(bk->sheets, i);
		if (s->type != 0x01)
			continue;
		has = true;
		hidden |= s->state != 0;
		bool bad = false;
		GString *t = sheet_text(bk, s, wb, len, &bad);
		if (bad)
			d->corrupt = true;
		if (triage_ctx_account(d->ctx, d->o, t->len) != TRIAGE_OK) {
			g_string_free(t, TRUE);
			d->limited = true;
			break;
		}
		char *seg = g_strconcat("xlm:", s->name, NULL);
		size_t tl = t->len;
		triage_blob *blob = triage_blob_new_take(g_string_free(t, FALSE), tl);
		triage_object *c = triage_object_add_child(d->o, seg, NULL, "xlm", blob);
		triage_blob_unref(&blob);
		g_free(seg);
		triage_object_set_bool(c, TF_HAS_XLM, true);
		triage_object_set_bool(c, TF_XLM_HIDDEN, s->state != 0);
	}
	if (has) {
		triage_object_set_bool(d->o, TF_HAS_XLM, true);
		if (hidden)
			triage_object_set_bool(d->o, TF_XLM_HIDDEN, true);
		/* Auto_Open without a macro sheet names a VBA procedure instead. */
		if (bk->autoexec)
			triage_object_set_bool(d->o, TF_XLM_AUTOEXEC, true);
	}
	return TRIAGE_OK;
}

/* Read a Workbook stream; FILEPASS goes to the BIFF decryptor first. */
triage_status
triage_xlm_workbook(ole_doc *d, const unsigned char *wb, size_t len)
{
	xl_book bk = {0};
	unsigned char *dec = NULL;
	triage_status st = TRIAGE_OK;
	bk.sheets = g_ptr_array_new_with_free_func(sheet_free);
	bk.names = g_ptr_array_new_with_free_func(g_free);

	/* A damaged globals part still lists the sheets before the damage. */
	if (!globals(&bk, wb, len, false))
		d->corrupt = true;
	if (bk.filepass) {
		triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
		st = triage_crypto_biff(d->ctx, wb, len, &dec);
		if (st == TRIAGE_CORRUPT)
			d->corrupt = true;
		/* The time budget ran out between passwords: say so, not "clean". */
		if (st == TRIAGE_LIMIT)
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT,
						    "time_budget_ms");
		if (st != TRIAGE_OK || dec == NULL) {
			st = TRIAGE_IS_ERROR(st) ? st : TRIAGE_OK;
			goto out;
		}
		triage_object_set_bool(d->o, TF_OFFICE_DECRYPTED, true);
		g_ptr_array_set_size(bk.sheets, 0);
		g_ptr_array_set_size(bk.names, 0);
		wb = dec;
		if (!globals(&bk, wb, len, true))
			d->corrupt = true;
	}
	/* DDE links (msodde reports them), readable once decrypted too. */
	if (bk.dde)
		triage_object_set_bool(d->o, TF_DDE, true);
	st = macro_sheets(d, &bk, wb, len);
out:
	g_free(dec);
	g_ptr_array_free(bk.sheets, TRUE);
	g_ptr_array_free(bk.names, TRUE);
	return st;
}
