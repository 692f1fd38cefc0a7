/* object.h - the object tree: the message, its parts, members, modules. */
#ifndef TRIAGE_OBJECT_H
#define TRIAGE_OBJECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "triage/facts.h"
#include "triage/status.h"

typedef struct triage_object triage_object;

/* Severity of a finding; the verdict is the strongest one. */
typedef enum triage_severity {
	TRIAGE_SEV_NONE = 0,
	TRIAGE_SEV_INFO,
	TRIAGE_SEV_LOW,
	TRIAGE_SEV_MEDIUM,
	TRIAGE_SEV_HIGH,
	TRIAGE_SEV_CRITICAL
} triage_severity;

/* One matching rule on one object.  Strings are owned by the object. */
typedef struct triage_finding {
	const char *category;    /* stable vocabulary: "macro-vba", ... */
	triage_severity severity;
	const char *rule;        /* YARA rule identifier */
	const char *description; /* rule meta "description" */
	const triage_object *object;
} triage_finding;

/* Why an object could not be read completely. */
typedef enum triage_unscanned {
	TRIAGE_UNSCANNED_NONE = 0,
	TRIAGE_UNSCANNED_ENCRYPTED,
	TRIAGE_UNSCANNED_LIMIT,
	TRIAGE_UNSCANNED_CORRUPT
} triage_unscanned;

/* Path in the tree: "invoice.zip/invoice.xls/xlm:Macro1". */
const char *triage_object_path(const triage_object *o);
/* Declared name (UTF-8), or "" when there is none. */
const char *triage_object_name(const triage_object *o);
/* Declared MIME type, or "". */
const char *triage_object_declared_type(const triage_object *o);
/* How the object was found: message, mime, member, vba, xlm, embedded, ... */
const char *triage_object_kind(const triage_object *o);
/*
 * Where the object sits inside its parent, in the parent's own terms: for
 * MIME parts (kind "mime"/"message") the IMAP-style part path that GMime's
 * g_mime_part_iter_get_path() gives for it ("1", "2.1"); for archive members
 * the member index; "" when unknown.
 */
const char *triage_object_locator(const triage_object *o);
/* Decoded bytes of the object (never NULL; may be empty). */
const unsigned char *triage_object_data(const triage_object *o);
size_t triage_object_size(const triage_object *o);
/* Lower-case hex SHA-256 of the data, computed on first use. */
const char *triage_object_sha256(triage_object *o);
int triage_object_depth(const triage_object *o);

triage_object *triage_object_parent(const triage_object *o);
size_t triage_object_nchildren(const triage_object *o);
triage_object *triage_object_child(const triage_object *o, size_t i);

/* Fact values; an unset fact reads as false / 0 / "". */
bool triage_object_fact_bool(const triage_object *o, triage_fact f);
int64_t triage_object_fact_int(const triage_object *o, triage_fact f);
const char *triage_object_fact_str(const triage_object *o, triage_fact f);
bool triage_object_fact_is_set(const triage_object *o, triage_fact f);

triage_unscanned triage_object_unscanned(const triage_object *o);
/* Human-readable reason for unscanned ("" when scanned). */
const char *triage_object_unscanned_detail(const triage_object *o);

size_t triage_object_nfindings(const triage_object *o);
const triage_finding *triage_object_finding(const triage_object *o, size_t i);

/* Stable names. */
const char *triage_severity_name(triage_severity s);
/* Parse "critical", "high", ...; returns -1 when unknown. */
int triage_severity_parse(const char *s);
const char *triage_unscanned_name(triage_unscanned u);

#endif
