/* passwords.c - placeholder. */
#include "config.h"
#include "analyzers.h"
void triage_passwords_collect(triage_ctx *ctx) { (void)ctx; }
void triage_passwords_extract(const char *text, size_t len, GPtrArray *out, size_t max) { (void)text; (void)len; (void)out; (void)max; }
