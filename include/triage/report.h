/* report.h - the result of one scan: the object tree and its findings. */
#ifndef TRIAGE_REPORT_H
#define TRIAGE_REPORT_H

#include <stddef.h>
#include "triage/object.h"
#include "triage/config.h"

typedef struct triage_report triage_report;

/* The root object (the message, or the raw file). */
triage_object *triage_report_root(const triage_report *r);
/* Strongest severity over all findings. */
triage_severity triage_report_severity(const triage_report *r);
/* All findings of the tree, strongest first. */
size_t triage_report_nfindings(const triage_report *r);
const triage_finding *triage_report_finding(const triage_report *r, size_t i);
/* Wall time the scan took, in milliseconds. */
double triage_report_time_ms(const triage_report *r);
/* Subject of the message as UTF-8, or "". */
const char *triage_report_subject(const triage_report *r);

enum {
	TRIAGE_JSON_TREE = 1 << 0,    /* include the object tree */
	TRIAGE_JSON_PRETTY = 1 << 1
};
/*
 * JSON text {"action":..,"severity":..,"findings":[..],"objects":{..}}
 * (g_free it).  `file` may be NULL; `action` is the policy's decision.
 */
char *triage_report_to_json(const triage_report *r, const char *file,
			    triage_action action, int flags);

void triage_report_free(triage_report **r);

#endif
