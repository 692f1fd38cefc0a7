/* unpack.c - placeholder. */
#include "config.h"
#include "analyzers.h"
bool triage_unpack_wants(const triage_object *o) { (void)o; return false; }
triage_status triage_unpack_run(triage_ctx *ctx, triage_object *o) { (void)ctx; (void)o; return TRIAGE_OK; }
