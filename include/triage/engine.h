/* engine.h - compiled rules plus settings, and per-thread scanners. */
#ifndef TRIAGE_ENGINE_H
#define TRIAGE_ENGINE_H

#include <stddef.h>
#include "triage/status.h"
#include "triage/config.h"
#include "triage/report.h"

/*
 * An engine holds one compiled rule set (shared, read-only) and a copy of the
 * settings.  It is reference counted so that a reload can swap in a new one
 * while messages in flight finish with the old.  A scanner belongs to one
 * thread: it owns a YARA scanner and a libmagic handle.
 */
typedef struct triage_engine triage_engine;
typedef struct triage_scanner triage_scanner;

/* Scan options. */
enum {
	TRIAGE_SCAN_RAW = 1 << 0  /* input is one file, not an RFC 5322 message */
};

/* Global library set-up and tear-down (YARA, GMime); call once per process. */
triage_status triage_library_init(void);
void triage_library_cleanup(void);

/* A new engine (never NULL); load it before use. */
triage_engine *triage_engine_new(void);
/* Copy settings from cfg and compile every rule file in the rules dir. */
triage_status triage_engine_load(triage_engine *e, const triage_config *cfg,
				 const char *rules_dir);
/* Last error text ("file:line: message" for rule errors). */
const char *triage_engine_error(const triage_engine *e);
/* Number of rules compiled. */
size_t triage_engine_rule_count(const triage_engine *e);
/* The settings the engine was loaded with. */
const triage_config *triage_engine_config(const triage_engine *e);
triage_engine *triage_engine_ref(triage_engine *e);
/* Drop a reference; frees on the last one and NULLs *e. */
void triage_engine_unref(triage_engine **e);

/* A scanner for the calling thread; NULL only on allocation failure. */
triage_scanner *triage_scanner_new(triage_engine *e);
triage_engine *triage_scanner_engine(const triage_scanner *s);
/* Scan a file (a message, or with TRIAGE_SCAN_RAW one attachment). */
triage_status triage_scanner_scan_file(triage_scanner *s, const char *path,
				       int flags, triage_report **out);
/* Scan bytes; `name` labels the root object. */
triage_status triage_scanner_scan_mem(triage_scanner *s, const void *data,
				      size_t len, const char *name, int flags,
				      triage_report **out);
const char *triage_scanner_error(const triage_scanner *s);
void triage_scanner_free(triage_scanner **s);

#endif
