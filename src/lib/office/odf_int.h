/* odf_int.h - shared state of the OpenDocument package reader (odf*.c only). */
#ifndef TRIAGE_ODF_INT_H
#define TRIAGE_ODF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include "office_int.h"
#include "ole_int.h"

/* What an object reference in a content part points at. */
enum {
	ODF_REF_OBJECT = 1,     /* draw:object: a sub-document (or a file) */
	ODF_REF_OLE = 2,        /* draw:object-ole: a binary CFB member */
};

/* Everything the passes collect about one package. */
typedef struct odf_pkg {
	triage_ctx *ctx;
	triage_object *o;
	GHashTable *members;   /* normalized member name -> NULL (files) */
	GHashTable *dirs;      /* normalized directory prefixes of members, no '/' */
	GHashTable *mtypes;    /* manifest full-path (normalized, no '/') -> media type */
	GHashTable *encrypted; /* manifest paths with encryption-data */
	GHashTable *refs;      /* normalized object target -> ODF_REF_* */
	GHashTable *charts;    /* sub-document directories whose content is a chart */
	GHashTable *extract;   /* members to add as embedded children */
	vba_flags basic;       /* write / execute of the StarBasic sources */
	bool has_basic;        /* a StarBasic module or a script in Scripts/ */
	bool autoexec;         /* an event bound to a macro */
	bool external;         /* a remote link target */
	bool dde;              /* a DDE link (office:dde-application) */
	bool corrupt_xml;      /* some part was malformed (recorded once) */
	bool stop;             /* a message limit was hit: no more children */
	size_t nembedded;
} odf_pkg;

/* Record a malformed part on the package object (once). */
void odf_note_corrupt(odf_pkg *pkg, const char *part);

/*
 * odf_xml.c: a content or styles part of the document (or of a sub-document
 * in directory `dir`, "" for the top): object references, remote links,
 * event bindings, DDE links.
 */
void odf_content_parse(odf_pkg *pkg, const char *part, const char *dir,
		       const unsigned char *data, size_t len);
/* odf_xml.c: META-INF/manifest.xml: media types and encrypted entries. */
void odf_manifest_parse(odf_pkg *pkg, const unsigned char *data, size_t len);
/*
 * odf_xml.c: a StarBasic module part (Basic/<library>/<module>.xml): its
 * source text as a g_malloc'ed string (*len bytes) and its name, or NULL
 * when the part is not a module.  *bad is set when the XML is malformed.
 */
char *odf_basic_source(const unsigned char *data, size_t len, char **name,
		       size_t *out_len, bool *bad);

#endif
