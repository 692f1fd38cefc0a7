/* ooxml_xlm.c - Excel 4.0 (XLM) macro sheets in .xlsm/.xlsb workbooks. */
#include "config.h"

#include <string.h>

#include "ooxml_int.h"

/*
 * A macro sheet is a part of relationship type xlMacrosheet (or the
 * international xlIntlMacrosheet) from the workbook, usually
 * xl/macrosheets/sheetN.xml (.bin in .xlsb).  The workbook lists it as a
 * <sheet name state="hidden|veryHidden" r:id> (BrtBundleSh in .xlsb), and
 * a defined name _xlnm.Auto_Open (BrtName with fBuiltin) runs it on open.
 */

enum {
	BRT_NAME = 39,        /* [MS-XLSB] BrtName */
	BRT_BUNDLE_SH = 156,  /* [MS-XLSB] BrtBundleSh */
	XLSB_STR_MAX = 32767, /* longer strings are not names */
};

void
ooxml_sheet_free(gpointer p)
{
	ooxml_sheet *s = p;
	if (s == NULL)
		return;
	g_free(s->workbook);
	g_free(s->name);
	g_free(s->rid);
	g_free(s);
}

/* True for the relationship types of macro sheets. */
static bool
macro_rel_type(const char *type)
{
	return g_ascii_strcasecmp(type, "xlMacrosheet") == 0 ||
	       g_ascii_strcasecmp(type, "xlIntlMacrosheet") == 0;
}

/* True when the part is an Excel 4.0 macro sheet. */
bool
ooxml_xlm_is_macrosheet(const ooxml_pkg *pkg, const char *norm)
{
	if (g_str_has_suffix(norm, ".rels"))
		return false;
	/* binaryIndexN.bin beside an .xlsb sheet is an index, not a sheet. */
	const char *base = ooxml_part_base(norm);
	if (g_str_has_prefix(norm, "xl/macrosheets/") &&
	    !g_str_has_prefix(base, "binaryindex") &&
	    (g_str_has_suffix(base, ".xml") || g_str_has_suffix(base, ".bin")))
		return true;
	const char *ct = g_hash_table_lookup(pkg->ctypes, norm);
	if (ct && strstr(ct, "macrosheet") != NULL)
		return true;
	return g_hash_table_contains(pkg->macro_targets, norm);
}

/* True when the part is a workbook (its content type or its usual name). */
bool
ooxml_xlm_is_workbook(const ooxml_pkg *pkg, const char *norm)
{
	const char *ct = g_hash_table_lookup(pkg->ctypes, norm);
	if (ct && (g_str_has_prefix(ct, "application/vnd.ms-excel.") ||
		   g_str_has_prefix(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.")) &&
	    (g_str_has_suffix(ct, ".main+xml") || g_str_has_suffix(ct, ".main")))
		return true;
	const char *base = ooxml_part_base(norm);
	return strcmp(base, "workbook.xml") == 0 || strcmp(base, "workbook.bin") == 0;
}

/* True for names Excel runs by itself: Auto_Open*, Auto_Close*. */
static bool
autoexec_name(const char *name)
{
	if (g_ascii_strncasecmp(name, "_xlnm.", 6) == 0)
		name += 6;
	return g_ascii_strncasecmp(name, "auto_open", 9) == 0 ||
	       g_ascii_strncasecmp(name, "auto_close", 10) == 0;
}

/* Remember one sheet of the workbook (bounded by max_members). */
static void
add_sheet(ooxml_pkg *pkg, const char *workbook, const char *name,
	  const char *rid, bool hidden)
{
	if (pkg->sheets->len >= pkg->ctx->lim->max_members &&
	    pkg->ctx->lim->max_members > 0)
		return;
	ooxml_sheet *s = g_new0(ooxml_sheet, 1);
	s->workbook = g_strdup(workbook);
	s->name = g_strdup(name ? name : "");
	s->rid = g_strdup(rid ? rid : "");
	s->hidden = hidden;
	g_ptr_array_add(pkg->sheets, s);
}

typedef struct wb_state {
	ooxml_pkg *pkg;
	const char *part;
} wb_state;

static void
wb_start(GMarkupParseContext *pc, const char *el, const char **an,
	 const char **av, gpointer user, GError **err)
{
	(void)pc;
	(void)err;
	wb_state *st = user;
	const char *l = ooxml_local(el);
	if (strcmp(l, "sheet") == 0) {
		const char *name = NULL, *rid = NULL, *state = NULL;
		for (size_t i = 0; an[i]; i++) {
			const char *a = ooxml_local(an[i]);
			if (strcmp(a, "name") == 0)
				name = av[i];
			else if (strcmp(a, "id") == 0)
				rid = av[i];
			else if (strcmp(a, "state") == 0)
				state = av[i];
		}
		bool hidden = state && (g_ascii_strcasecmp(state, "hidden") == 0 ||
					g_ascii_strcasecmp(state, "veryHidden") == 0);
		add_sheet(st->pkg, st->part, name, rid, hidden);
	} else if (strcmp(l, "definedName") == 0) {
		for (size_t i = 0; an[i]; i++)
			if (strcmp(ooxml_local(an[i]), "name") == 0 &&
			    autoexec_name(av[i]))
				st->pkg->auto_open = true;
	}
}

/* Read a BIFF12 variable-length integer (7 bits a byte, at most `max` bytes). */
bool
ooxml_xlsb_varint(const unsigned char *d, size_t len, size_t *pos, int max,
	    uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < max; i++) {
		if (*pos >= len)
			return false;
		unsigned char b = d[(*pos)++];
		v |= (uint32_t)(b & 0x7F) << (7 * i);
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	*out = v;
	return true;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * An XLWideString at rec[*off]: uint32 count + UTF-16LE.  Returns UTF-8
 * (g_free) or NULL; 0xFFFFFFFF (the nullable form's NULL) gives "".
 */
static char *
xlsb_string(const unsigned char *rec, size_t len, size_t *off)
{
	if (len < 4 || *off > len - 4)
		return NULL;
	uint32_t cch = le32(rec + *off);
	*off += 4;
	if (cch == 0xFFFFFFFFu)
		return g_strdup("");
	if (cch > XLSB_STR_MAX || (size_t)cch * 2 > len - *off)
		return NULL;
	gunichar2 *u = g_new(gunichar2, cch + 1);
	for (uint32_t i = 0; i < cch; i++)
		u[i] = (gunichar2)(rec[*off + 2 * i] | rec[*off + 2 * i + 1] << 8);
	*off += (size_t)cch * 2;
	char *s = g_utf16_to_utf8(u, (glong)cch, NULL, NULL, NULL);
	g_free(u);
	return s ? s : g_strdup("");
}

/* Walk the records of an .xlsb workbook.bin for sheets and names. */
static void
workbook_bin(ooxml_pkg *pkg, const char *part, const unsigned char *d,
	     size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		uint32_t type, size;
		if (!ooxml_xlsb_varint(d, len, &pos, 2, &type) ||
		    !ooxml_xlsb_varint(d, len, &pos, 4, &size) || size > len - pos) {
			ooxml_note_corrupt(pkg, part);
			return;
		}
		const unsigned char *rec = d + pos;
		pos += size;
		if (type == BRT_BUNDLE_SH && size >= 8) {
			size_t off = 8;
			char *rid = xlsb_string(rec, size, &off);
			char *name = rid ? xlsb_string(rec, size, &off) : NULL;
			/* hsState: 0 visible, 1 hidden, 2 very hidden. */
			if (name)
				add_sheet(pkg, part, name, rid, (le32(rec) & 3) != 0);
			g_free(rid);
			g_free(name);
		} else if (type == BRT_NAME && size >= 9) {
			size_t off = 9;
			char *name = xlsb_string(rec, size, &off);
			if (name && autoexec_name(name))
				pkg->auto_open = true;
			g_free(name);
		}
	}
}

/* Sheets and Auto_Open names of workbook.xml / workbook.bin. */
void
ooxml_xlm_workbook(ooxml_pkg *pkg, const char *part, const unsigned char *data,
		   size_t len)
{
	static const GMarkupParser parser = { wb_start, NULL, NULL, NULL, NULL };
	if (g_str_has_suffix(part, ".bin")) {
		workbook_bin(pkg, part, data, len);
		return;
	}
	wb_state st = { pkg, part };
	if (!ooxml_xml_parse(data, len, &parser, &st))
		ooxml_note_corrupt(pkg, part);
}

/* Map each sheet's target part to the sheet (the first listing wins). */
static GHashTable *
sheets_by_part(const ooxml_pkg *pkg)
{
	GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < pkg->sheets->len; i++) {
		ooxml_sheet *s = g_ptr_array_index(pkg->sheets, i);
		const ooxml_rel *r = ooxml_rel_find(pkg, s->workbook, s->rid);
		if (r && r->resolved && !g_hash_table_contains(h, r->resolved))
			g_hash_table_insert(h, r->resolved, s);
	}
	return h;
}

/* Facts and "xlm:" children for the buffered macro sheets. */
void
ooxml_xlm_finish(ooxml_pkg *pkg)
{
	bool hidden = false;
	/* A hidden sheet whose relationship says macro sheet, present or not. */
	for (guint i = 0; i < pkg->sheets->len; i++) {
		const ooxml_sheet *s = g_ptr_array_index(pkg->sheets, i);
		const ooxml_rel *r = ooxml_rel_find(pkg, s->workbook, s->rid);
		if (s->hidden && r && (macro_rel_type(r->type) ||
				       (r->resolved && ooxml_xlm_is_macrosheet(pkg, r->resolved))))
			hidden = true;
	}
	if (pkg->macro_parts->len == 0)
		return;
	GHashTable *by_part = sheets_by_part(pkg);
	triage_object_set_bool(pkg->o, TF_HAS_XLM, true);
	if (hidden)
		triage_object_set_bool(pkg->o, TF_XLM_HIDDEN, true);
	if (pkg->auto_open)
		triage_object_set_bool(pkg->o, TF_XLM_AUTOEXEC, true);
	for (guint i = 0; i < pkg->macro_parts->len && !pkg->stop; i++) {
		const char *part = g_ptr_array_index(pkg->macro_parts, i);
		triage_blob *b = g_ptr_array_index(pkg->macro_blobs, i);
		const ooxml_sheet *s = g_hash_table_lookup(by_part, part);
		char *seg = g_strdup_printf("xlm:%s", s && s->name[0]
					    ? s->name : ooxml_part_base(part));
		triage_object *c = triage_object_add_child(pkg->o, seg, NULL, "xlm", b);
		if (triage_ctx_account(pkg->ctx, c, triage_blob_size(b)) == TRIAGE_LIMIT)
			pkg->stop = true;
		g_free(seg);
	}
	g_hash_table_destroy(by_part);
}
