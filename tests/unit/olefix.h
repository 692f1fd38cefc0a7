/* olefix.h - OLE/CFB, VBA and BIFF fixtures for the OLE reader tests (written with libgsf). */
#ifndef TRIAGE_OLEFIX_H
#define TRIAGE_OLEFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include <gsf/gsf.h>

#include "ctx.h"

/* A CFB file being written in memory. */
typedef struct olefix {
	GsfOutput *sink;
	GsfOutfile *root;
} olefix;

/* Start an empty CFB file. */
void olefix_begin(olefix *f);
/* A storage under `parent` (close it with olefix_close). */
GsfOutfile *olefix_storage(GsfOutfile *parent, const char *name);
/* A stream under `parent` with these bytes. */
void olefix_stream(GsfOutfile *parent, const char *name, const void *data,
		   size_t len);
/* Close and release a storage from olefix_storage. */
void olefix_close(GsfOutfile *stg);
/* Finish: the file's bytes (g_byte_array_free when done). */
GByteArray *olefix_end(olefix *f);

/*
 * MS-OVBA CompressedContainer of `len` bytes: literal tokens only, or with
 * greedy copy tokens.
 */
GByteArray *olefix_vba_compress(const void *src, size_t len, bool greedy);

/* One module of a fixture VBA project. */
typedef struct olefix_module {
	const char *name;
	const char *source;      /* plain text (CRLF lines) */
	const void *pcode;       /* bytes before the source (PerformanceCache) */
	size_t pcode_len;
	bool document;           /* document/class module */
} olefix_module;

/* Write PROJECT, VBA/dir, VBA/_VBA_PROJECT and the module streams into `proj`. */
void olefix_vba_project(GsfOutfile *proj, const olefix_module *mods, size_t n,
			bool greedy);
/* The same, with MODULEOFFSET values written as given (offsets[i]; NULL: the true ones). */
void olefix_vba_project_offsets(GsfOutfile *proj, const olefix_module *mods, size_t n,
				bool greedy, const uint32_t *offsets);

/* A scan context with default limits (free with olefix_ctx_free). */
triage_ctx *olefix_ctx(void);
void olefix_ctx_free(triage_ctx **ctx);
/* A root object holding `bytes`, typed "ole". */
triage_object *olefix_object(const char *name, const void *bytes, size_t len);
/* The child whose path ends with `suffix`, or NULL. */
triage_object *olefix_child(triage_object *o, const char *suffix);

#endif
