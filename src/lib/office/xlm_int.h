/* xlm_int.h - Excel 4.0 (XLM) formula decoding shared by the BIFF reader. */
#ifndef TRIAGE_XLM_INT_H
#define TRIAGE_XLM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* xlm_ftab.c: built-in function names by iftab, NULL when unassigned. */
const char *triage_xlm_func_name(unsigned idx);
/* xlm_ftab.c: fixed argument count by iftab, -1 when variable or unknown. */
int triage_xlm_func_argc(unsigned idx);

/*
 * xlm_formula.c: append the infix text of a BIFF8 parsed formula (rgce,
 * `cce` bytes) to `out`.  `names` (char *, 1-based Lbl order) resolves
 * PtgName; may be NULL.  Returns false when a token was not understood
 * (what was decoded so far is still appended).
 */
bool triage_xlm_formula_text(const unsigned char *rgce, size_t cce,
			     const GPtrArray *names, GString *out);

#endif
