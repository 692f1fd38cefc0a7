/* ooxml_placeholder.c - until the OOXML/SLK readers land. */
#include "config.h"
#include "office_int.h"
triage_status triage_ooxml_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
triage_status triage_slk_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
