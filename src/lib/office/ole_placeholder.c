/* ole_placeholder.c - until the OLE reader lands. */
#include "config.h"
#include "office_int.h"
triage_status triage_ole_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
