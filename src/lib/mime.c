/* mime.c - placeholder until the MIME walker lands. */
#include "config.h"
#include "analyzers.h"
triage_status triage_mime_walk(triage_ctx *ctx, triage_object *root) { (void)ctx; (void)root; return TRIAGE_OK; }
