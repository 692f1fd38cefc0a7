/* ooxml_int.h - shared state of the OOXML package reader (ooxml*.c only). */
#ifndef TRIAGE_OOXML_INT_H
#define TRIAGE_OOXML_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "office_int.h"

/* One <Relationship> of a *.rels part. */
typedef struct ooxml_rel {
	char *source;   /* normalized name of the part the .rels belongs to */
	char *id;
	char *type;     /* local suffix of Type ("oleObject", "xlMacrosheet") */
	char *target;   /* Target as written */
	char *resolved; /* internal targets: normalized part name, else NULL */
	bool external;  /* TargetMode="External" */
} ooxml_rel;

/* A sheet listed by the workbook (workbook.xml <sheet> or BrtBundleSh). */
typedef struct ooxml_sheet {
	char *workbook; /* normalized part name of the workbook listing it */
	char *name;
	char *rid;
	bool hidden;    /* state hidden or veryHidden */
} ooxml_sheet;

/* Everything the passes collect about one package. */
typedef struct ooxml_pkg {
	triage_ctx *ctx;
	triage_object *o;
	GHashTable *parts;       /* normalized part name -> NULL (set) */
	GPtrArray *rels;         /* ooxml_rel * */
	GHashTable *rel_index;   /* "source\nid" -> ooxml_rel * (after pass 1) */
	GHashTable *macro_targets; /* parts named by xlMacrosheet relationships */
	GHashTable *object_refs; /* part -> 1: referenced by a non-chart part, 2: charts only */
	GHashTable *ctypes;      /* normalized part name -> content type */
	GPtrArray *sheets;       /* ooxml_sheet * */
	GPtrArray *macro_parts;  /* char *: normalized names, in zip order */
	GPtrArray *macro_blobs;  /* triage_blob *, parallel to macro_parts */
	bool auto_open;          /* an Auto_Open / Auto_Close defined name */
	bool corrupt_xml;        /* some part was malformed (recorded once) */
	bool stop;               /* a message limit was hit: no more children */
	size_t nembedded;
} ooxml_pkg;

/*
 * Part names are compared the way Office does: case-insensitive, '/' as
 * separator, no leading '/'.  Returns a g_malloc'ed normalized copy.
 */
char *ooxml_part_norm(const char *name);
/* Basename of a normalized part name (pointer into it). */
const char *ooxml_part_base(const char *norm);
/* Local name of a possibly prefixed XML name ("w:instrText" -> "instrText"). */
const char *ooxml_local(const char *qname);

/*
 * Parse `len` bytes of XML with GMarkup after fixing the encoding (BOM,
 * UTF-16, invalid UTF-8).  False when the XML is malformed; callbacks fired
 * before the error have taken effect.
 */
bool ooxml_xml_parse(const unsigned char *data, size_t len,
		     const GMarkupParser *parser, void *user);
/* Record a malformed part on the package object (once). */
void ooxml_note_corrupt(ooxml_pkg *pkg, const char *part);

struct archive;
struct archive_entry;
/* zip_read.c: open the object's bytes as a zip; NULL when unreadable. */
struct archive *ooxml_zip_open(triage_object *o);
/*
 * zip_read.c: next named entry of one pass over a package, NULL at the end
 * (EOF, damage, max_members, time budget; the first two recorded on `o`
 * when `first`).  *n counts entries; *ok false when unreadable from the start.
 */
const char *ooxml_zip_next(triage_ctx *ctx, triage_object *o, struct archive *a,
			   bool first, uint64_t *n, bool *ok,
			   struct archive_entry **e);
/* zip_read.c: the current entry into memory, at most `max` bytes (0: all). */
bool ooxml_zip_read_mem(struct archive *a, uint64_t max, GByteArray *out,
			bool *truncated);
/* zip_read.c: the current entry through a scan writer (NULL if it failed). */
triage_blob *ooxml_zip_read_blob(triage_ctx *ctx, struct archive *a,
				 bool *truncated, bool *ok);
/* zip_read.c: the current entry as a child of `parent`; true at a message limit. */
bool ooxml_zip_add_child(triage_ctx *ctx, triage_object *parent,
			 struct archive *a, const char *orig, const char *kind,
			 bool embedded);

/* ooxml_rels.c: parse a *.rels part into pkg->rels. */
void ooxml_rels_parse(ooxml_pkg *pkg, const char *rels_part,
		      const unsigned char *data, size_t len);
/* ooxml_rels.c: parse [Content_Types].xml Override entries into pkg->ctypes. */
void ooxml_ctypes_parse(ooxml_pkg *pkg, const unsigned char *data, size_t len);
/* ooxml_rels.c: judge external relationships: template injection, links. */
void ooxml_rels_judge(ooxml_pkg *pkg);
/* ooxml_rels.c: build the lookup tables once every .rels is read. */
void ooxml_rels_index(ooxml_pkg *pkg);
/* ooxml_rels.c: true when a link target leaves the machine (URL, UNC, file://host). */
bool ooxml_remote_target(const char *target);
/* The relationship `id` of part `source`, or NULL. */
const ooxml_rel *ooxml_rel_find(const ooxml_pkg *pkg, const char *source,
				const char *id);
void ooxml_rel_free(gpointer p);

/*
 * ooxml_dde.c: field codes in a WordprocessingML part: DDE / DDEAUTO set
 * TF_DDE, INCLUDEPICTURE/INCLUDETEXT/IMPORT/LINK to a URL or UNC path set
 * TF_EXTERNAL_LINK.
 */
bool ooxml_fields_word(ooxml_pkg *pkg, const char *part,
		    const unsigned char *data, size_t len);
/*
 * ooxml_dde.c: judge one complete field code (any format's fields: OOXML,
 * RTF \fldinst): *dde for DDE / DDEAUTO, *ext for a remote include.
 */
void ooxml_field_code_judge(const char *code, bool *dde, bool *ext);
/* ooxml_dde.c: DDE formulas (cmd|' /c ...'!A1) in a worksheet part. */
bool ooxml_dde_sheet(ooxml_pkg *pkg, const char *part,
		     const unsigned char *data, size_t len);
/* ooxml_dde.c: true when a formula holds a DDE reference (app|topic!item). */
bool ooxml_formula_is_dde(const char *formula);
/* ooxml_xlm.c: a BIFF12 (.xlsb) variable-length integer of at most `max` bytes. */
bool ooxml_xlsb_varint(const unsigned char *d, size_t len, size_t *pos, int max,
		       uint32_t *out);
/* ooxml_dde.c: <ddeLink> in an external link part (BrtBeginSupBook in .xlsb). */
bool ooxml_dde_extlink(ooxml_pkg *pkg, const char *part,
		       const unsigned char *data, size_t len);

/* ooxml_xlm.c: true when the part is an Excel 4.0 macro sheet. */
bool ooxml_xlm_is_macrosheet(const ooxml_pkg *pkg, const char *norm);
/* ooxml_xlm.c: true when the part is a workbook (xml or xlsb). */
bool ooxml_xlm_is_workbook(const ooxml_pkg *pkg, const char *norm);
/* ooxml_xlm.c: sheets and Auto_Open names of workbook.xml / workbook.bin. */
void ooxml_xlm_workbook(ooxml_pkg *pkg, const char *part,
			const unsigned char *data, size_t len);
/* ooxml_xlm.c: facts and "xlm:" children for the buffered macro sheets. */
void ooxml_xlm_finish(ooxml_pkg *pkg);
void ooxml_sheet_free(gpointer p);

#endif
