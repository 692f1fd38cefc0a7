/* filetype.c - placeholder. */
#include "config.h"
#include "analyzers.h"
triage_status triage_filetype_detect(triage_ctx *ctx, triage_object *o) { (void)ctx; (void)o; return TRIAGE_OK; }
