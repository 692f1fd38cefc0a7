/* object_int.h - building the object tree (analyzers only). */
#ifndef TRIAGE_OBJECT_INT_H
#define TRIAGE_OBJECT_INT_H

#include "triage/object.h"
#include "blob.h"

/* A root object for a scan; takes a reference on data. */
triage_object *triage_object_new_root(const char *name, const char *kind,
				      triage_blob *data);
/*
 * Add a child.  `segment` is its path element ("invoice.xls", "vba:Module1");
 * `name` its declared name (may be NULL); takes a reference on data.
 * Depth is parent depth + 1.  Facts TF_NAME/TF_EXT/TF_KIND/TF_DEPTH/TF_SIZE
 * and TF_IN_ARCHIVE are set here.
 */
triage_object *triage_object_add_child(triage_object *parent,
				       const char *segment, const char *name,
				       const char *kind, triage_blob *data);
void triage_object_free(triage_object **o);

triage_blob *triage_object_blob(const triage_object *o);
/* Replace the data (e.g. after decryption); takes a reference. */
void triage_object_set_data(triage_object *o, triage_blob *data);
void triage_object_set_declared_type(triage_object *o, const char *type);
void triage_object_set_name(triage_object *o, const char *name);
void triage_object_set_locator(triage_object *o, const char *locator);
void triage_object_set_magic(triage_object *o, const char *mime,
			     const char *desc);

void triage_object_set_bool(triage_object *o, triage_fact f, bool v);
void triage_object_set_int(triage_object *o, triage_fact f, int64_t v);
void triage_object_set_str(triage_object *o, triage_fact f, const char *v);
/* Add to an int fact. */
void triage_object_add_int(triage_object *o, triage_fact f, int64_t v);

/*
 * Mark the object as not fully read.  Sets TF_UNSCANNED and the matching
 * bool fact (TF_ENCRYPTED, TF_LIMIT_EXCEEDED + TF_LIMIT_NAME = detail,
 * TF_CORRUPT).  The first reason recorded wins for TF_UNSCANNED; the bool
 * facts accumulate.
 */
void triage_object_set_unscanned(triage_object *o, triage_unscanned why,
				 const char *detail);

/* Record a finding (strings are copied). */
void triage_object_add_finding(triage_object *o, const char *category,
			       triage_severity sev, const char *rule,
			       const char *description);

/* Opaque per-analyzer pointer kept on the object (freed with free_fn). */
void triage_object_set_private(triage_object *o, void *p, void (*free_fn)(void *));
void *triage_object_private(const triage_object *o);

/* Count of objects in the subtree (including o). */
size_t triage_object_count(const triage_object *o);

#endif
