/* scen_check.h - the scenario test harness shared by its source files. */
#ifndef TRIAGE_SCEN_CHECK_H
#define TRIAGE_SCEN_CHECK_H

#include <stdbool.h>
#include <glib.h>

/*
 * Scan msg (freed) with the shipped rules; record a miss unless every
 * category of the comma list is found ("!name": must be absent) and the default inbound action lies
 * between the strongest action of those categories (corpus policy) and
 * reject ("" = benign: at most tag).
 */
void check(const char *label, GString *msg, const char *cats);
/* Fail the running group with every miss it recorded. */
void group_end(const char *group);
/* Stand-in bytes for a file kind by extension (js, exe, lnk, iso, ...). */
GBytes *kind_bytes(const char *ext);
/* A message with a text body and one part with the caller's headers. */
GString *mail_raw(const char *headers, GBytes *data, bool base64);

/* Groups in test_scenarios_mail.c. */
void test_passwords(void **state);
void test_limits(void **state);
void test_smuggling(void **state);
void test_disk_images(void **state);
void test_benign(void **state);

#endif
