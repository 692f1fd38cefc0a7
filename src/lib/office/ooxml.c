/* ooxml.c - OOXML packages (.docx .docm .xlsx .xlsm .xlsb .pptx .pptm). */
#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "ooxml_int.h"

/*
 * The package is read in two passes over the zip (seeking in memory is
 * cheap): the first lists the parts and reads [Content_Types].xml and every
 * *.rels, so the second knows which parts are workbooks, macro sheets, VBA
 * projects or embedded objects, whatever they are named, and reads only
 * those.  Parts nobody needs (images, styles, big worksheets without DDE
 * candidates) are skipped without being inflated.
 */

/* Normalized part name: no leading '/', '/' separators, lower case. */
char *
ooxml_part_norm(const char *name)
{
	while (*name == '/' || *name == '\\')
		name++;
	char *n = g_ascii_strdown(name, -1);
	for (char *p = n; *p; p++)
		if (*p == '\\')
			*p = '/';
	return n;
}

/* Basename of a normalized part name. */
const char *
ooxml_part_base(const char *norm)
{
	const char *s = strrchr(norm, '/');
	return s ? s + 1 : norm;
}

/* Record a malformed part once: later facts may be missing. */
void
ooxml_note_corrupt(ooxml_pkg *pkg, const char *part)
{
	if (pkg->corrupt_xml)
		return;
	pkg->corrupt_xml = true;
	char *d = g_strdup_printf("malformed part %s", part);
	triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_CORRUPT, d);
	g_free(d);
}

/* True unless the only relationships to `norm` come from chart parts. */
static bool
referenced_as_object(const ooxml_pkg *pkg, const char *norm)
{
	/* Unreferenced parts count: nothing explains them. */
	return GPOINTER_TO_INT(g_hash_table_lookup(pkg->object_refs, norm)) != 2;
}

/* Role of a part in the second pass. */
typedef enum part_role {
	ROLE_NONE = 0,
	ROLE_VBA,
	ROLE_EMBEDDED,
	ROLE_WORKBOOK,
	ROLE_MACROSHEET,
	ROLE_WORKSHEET,
	ROLE_EXTLINK,
	ROLE_WORDML,
} part_role;

/* Decide what a part is from its name, content type and relationships. */
static part_role
role_of(const ooxml_pkg *pkg, const char *norm)
{
	const char *base = ooxml_part_base(norm);
	const char *ct = g_hash_table_lookup(pkg->ctypes, norm);
	/* Read in the first pass already. */
	if (g_str_has_suffix(base, ".rels") || strcmp(norm, "[content_types].xml") == 0)
		return ROLE_NONE;
	if (strcmp(base, "vbaproject.bin") == 0 ||
	    (ct && strcmp(ct, "application/vnd.ms-office.vbaproject") == 0))
		return ROLE_VBA;
	if (strstr(norm, "embeddings/") != NULL)
		return ROLE_EMBEDDED;
	if (strstr(norm, "activex/") != NULL && g_str_has_suffix(base, ".bin"))
		return ROLE_EMBEDDED;
	if (ooxml_xlm_is_macrosheet(pkg, norm))
		return ROLE_MACROSHEET;
	if (ooxml_xlm_is_workbook(pkg, norm))
		return ROLE_WORKBOOK;
	if (g_str_has_prefix(norm, "xl/externallinks/") &&
	    (g_str_has_suffix(base, ".xml") || g_str_has_suffix(base, ".bin")))
		return ROLE_EXTLINK;
	if (!g_str_has_suffix(base, ".xml"))
		return ROLE_NONE;
	if (g_str_has_prefix(norm, "xl/worksheets/"))
		return ROLE_WORKSHEET;
	/* Field codes can sit in any WordprocessingML story part. */
	if (g_str_has_prefix(norm, "word/") &&
	    !g_str_has_prefix(base, "theme") && !g_str_has_prefix(base, "styles") &&
	    !g_str_has_prefix(base, "fonttable") && !g_str_has_prefix(base, "numbering"))
		return ROLE_WORDML;
	return ROLE_NONE;
}

/* Add a part as a child object and account for it. */
static void
add_part_child(ooxml_pkg *pkg, struct archive *a, const char *orig,
	       const char *kind, bool embedded)
{
	if (ooxml_zip_add_child(pkg->ctx, pkg->o, a, orig, kind, embedded))
		pkg->stop = true;
}

/* Read an XML part into memory and hand it to its parser. */
static void
handle_xml_part(ooxml_pkg *pkg, struct archive *a, const char *norm,
		part_role role)
{
	GByteArray *buf = g_byte_array_new();
	bool truncated = false;
	if (!ooxml_zip_read_mem(a, pkg->ctx->lim->max_object_size, buf, &truncated)) {
		ooxml_note_corrupt(pkg, norm);
		goto out;
	}
	if (truncated)
		triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	switch (role) {
	case ROLE_WORKBOOK:
		ooxml_xlm_workbook(pkg, norm, buf->data, buf->len);
		break;
	case ROLE_WORKSHEET:
		ooxml_dde_sheet(pkg, norm, buf->data, buf->len);
		break;
	case ROLE_EXTLINK:
		ooxml_dde_extlink(pkg, norm, buf->data, buf->len);
		break;
	case ROLE_WORDML:
		ooxml_fields_word(pkg, norm, buf->data, buf->len);
		break;
	default:
		break;
	}
out:
	g_byte_array_free(buf, TRUE);
}

/* Buffer a macro sheet until the workbook has named it. */
static void
keep_macrosheet(ooxml_pkg *pkg, struct archive *a, const char *norm)
{
	bool truncated = false, ok = true;
	triage_blob *b = ooxml_zip_read_blob(pkg->ctx, a, &truncated, &ok);
	if (b == NULL)
		b = triage_blob_new_empty();
	if (!ok)
		ooxml_note_corrupt(pkg, norm);
	if (truncated)
		triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	g_ptr_array_add(pkg->macro_parts, g_strdup(norm));
	g_ptr_array_add(pkg->macro_blobs, b);
}

/* Second pass: one part. */
static void
second_pass_part(ooxml_pkg *pkg, struct archive *a, const char *orig,
		 const char *norm)
{
	part_role role = role_of(pkg, norm);
	switch (role) {
	case ROLE_NONE:
		break;
	case ROLE_VBA:
		if (!pkg->stop)
			add_part_child(pkg, a, orig, "vbaproject", false);
		break;
	case ROLE_EMBEDDED:
		if (!referenced_as_object(pkg, norm)) {
			/* Chart data: analyzed, but not counted as an object. */
			if (!pkg->stop)
				add_part_child(pkg, a, orig, "embedded", true);
			break;
		}
		pkg->nembedded++;
		if (pkg->ctx->lim->max_embedded > 0 &&
		    pkg->nembedded > pkg->ctx->lim->max_embedded) {
			triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
						    "max_embedded");
			break;
		}
		if (!pkg->stop)
			add_part_child(pkg, a, orig, "embedded", true);
		break;
	case ROLE_MACROSHEET:
		keep_macrosheet(pkg, a, norm);
		break;
	default:
		handle_xml_part(pkg, a, norm, role);
		break;
	}
}

/*
 * One pass over the zip.  First pass: list parts, read [Content_Types].xml
 * and *.rels.  Second pass: everything else that matters.  False when the
 * zip itself is unreadable.
 */
static bool
zip_pass(ooxml_pkg *pkg, bool first)
{
	triage_ctx *ctx = pkg->ctx;
	struct archive *a = ooxml_zip_open(pkg->o);
	struct archive_entry *e;
	uint64_t n = 0;
	bool ok = true;

	if (a == NULL)
		return false;
	const char *orig;
	while ((orig = ooxml_zip_next(ctx, pkg->o, a, first, &n, &ok, &e)) != NULL) {
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (archive_entry_is_encrypted(e)) {
			if (first)
				triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_ENCRYPTED,
							    "encrypted package part");
			continue;
		}
		char *norm = ooxml_part_norm(orig);
		if (first) {
			g_hash_table_add(pkg->parts, g_strdup(norm));
			bool ct = strcmp(norm, "[content_types].xml") == 0;
			if (ct || g_str_has_suffix(norm, ".rels")) {
				GByteArray *buf = g_byte_array_new();
				bool trunc = false;
				if (!ooxml_zip_read_mem(a, ctx->lim->max_object_size, buf, &trunc))
					ooxml_note_corrupt(pkg, norm);
				else if (ct)
					ooxml_ctypes_parse(pkg, buf->data, buf->len);
				else
					ooxml_rels_parse(pkg, norm, buf->data, buf->len);
				if (trunc)
					triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
								    "max_object_size");
				g_byte_array_free(buf, TRUE);
			}
		} else {
			second_pass_part(pkg, a, orig, norm);
		}
		g_free(norm);
	}
	archive_read_free(a);
	return ok;
}

/* Free everything a package collected. */
static void
pkg_clear(ooxml_pkg *pkg)
{
	g_clear_pointer(&pkg->parts, g_hash_table_destroy);
	g_clear_pointer(&pkg->ctypes, g_hash_table_destroy);
	g_clear_pointer(&pkg->rel_index, g_hash_table_destroy);
	g_clear_pointer(&pkg->macro_targets, g_hash_table_destroy);
	g_clear_pointer(&pkg->object_refs, g_hash_table_destroy);
	if (pkg->rels)
		g_ptr_array_free(pkg->rels, TRUE);
	if (pkg->sheets)
		g_ptr_array_free(pkg->sheets, TRUE);
	if (pkg->macro_parts)
		g_ptr_array_free(pkg->macro_parts, TRUE);
	if (pkg->macro_blobs) {
		for (guint i = 0; i < pkg->macro_blobs->len; i++) {
			triage_blob *b = g_ptr_array_index(pkg->macro_blobs, i);
			triage_blob_unref(&b);
		}
		g_ptr_array_free(pkg->macro_blobs, TRUE);
	}
	memset(pkg, 0, sizeof *pkg);
}

/* Read an OOXML package: relationships, VBA, XLM, DDE, embedded objects. */
triage_status
triage_ooxml_run(triage_ctx *ctx, triage_object *o)
{
	ooxml_pkg pkg = {
		.ctx = ctx,
		.o = o,
		.parts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.ctypes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.rels = g_ptr_array_new_with_free_func(ooxml_rel_free),
		.rel_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.macro_targets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.object_refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.sheets = g_ptr_array_new_with_free_func(ooxml_sheet_free),
		.macro_parts = g_ptr_array_new_with_free_func(g_free),
		.macro_blobs = g_ptr_array_new(),
	};

	triage_object_set_bool(o, TF_IS_OFFICE, true);
	if (!zip_pass(&pkg, true)) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "not a readable zip package");
		goto out;
	}
	ooxml_rels_index(&pkg);
	ooxml_rels_judge(&pkg);
	zip_pass(&pkg, false);
	ooxml_xlm_finish(&pkg);
	if (pkg.nembedded > 0)
		triage_object_set_int(o, TF_EMBEDDED_OBJECTS, (int64_t)pkg.nembedded);
out:
	pkg_clear(&pkg);
	return TRIAGE_OK;
}
