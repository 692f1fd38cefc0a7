/* doc_placeholder.c - until the RTF/OneNote/LNK/crypto readers land. */
#include "config.h"
#include "office_int.h"
triage_status triage_rtf_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
triage_status triage_onenote_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
triage_status triage_lnk_run(triage_ctx *c, triage_object *o) { (void)c; (void)o; return TRIAGE_OK; }
triage_status triage_crypto_ooxml(triage_ctx *c, triage_object *o, const unsigned char *i, size_t il, const unsigned char *p, size_t pl) { (void)c; (void)o; (void)i; (void)il; (void)p; (void)pl; return TRIAGE_OK; }
triage_status triage_crypto_biff(triage_ctx *c, const unsigned char *w, size_t l, unsigned char **out) { (void)c; (void)w; (void)l; *out = NULL; return TRIAGE_ENCRYPTED; }
