/* testhelp.h - shared helpers for the cmocka unit tests. */
#ifndef TRIAGE_TESTHELP_H
#define TRIAGE_TESTHELP_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>

#include "triage/triage.h"

/* Directory of the shipped rules ($TRIAGE_RULES, else ./rules). */
const char *th_rules_dir(void);
/* A fresh private temp directory (removed by th_rmtree). */
char *th_tmpdir(void);
void th_rmtree(const char *dir);
/* Write a file; fails the test on error. */
void th_write_file(const char *path, const void *data, size_t len);
/* Engine over rules_dir (NULL: the shipped rules) and default config. */
triage_engine *th_engine(const char *rules_dir, const triage_config *cfg);
/* Scan a message given as text (LF line ends are fine). */
triage_report *th_scan_message(triage_scanner *s, const char *msg, size_t len);
/* Scan one raw file. */
triage_report *th_scan_raw(triage_scanner *s, const char *name,
			   const void *data, size_t len);
/* True when some finding has this category. */
bool th_has_category(const triage_report *r, const char *category);
/* First object (pre-order) whose path ends with suffix, or NULL. */
triage_object *th_find_object(const triage_report *r, const char *suffix);
/* Print the report as pretty JSON to stderr (for failing tests). */
void th_dump(const triage_report *r);

#endif
