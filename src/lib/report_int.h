/* report_int.h - building a report (engine only). */
#ifndef TRIAGE_REPORT_INT_H
#define TRIAGE_REPORT_INT_H

#include "triage/report.h"
#include "object_int.h"

/* A report owning root; collects and orders the findings of the tree. */
triage_report *triage_report_new(triage_object *root, const char *subject,
				 double time_ms);

#endif
