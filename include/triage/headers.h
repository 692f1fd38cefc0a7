/* headers.h - RFC 5322 / RFC 2047 helpers for the headers the milter writes. */
#ifndef TRIAGE_HEADERS_H
#define TRIAGE_HEADERS_H

#include <stddef.h>

/*
 * Pure functions (no milter, no I/O) so that they can be tested alone.
 * Every result is a newly allocated string (g_free it).
 */

/*
 * Fold a header value so that no line of "Name: value" is longer than 78
 * characters where a space allows it.  Folding inserts `eol` before an
 * existing space (RFC 5322 2.2.3), so unfolding gives the value back.
 */
char *triage_header_fold(const char *name, const char *value, const char *eol);

/*
 * RFC 2047 encoded-words ("=?UTF-8?B?...?=", each at most 75 characters,
 * split at character boundaries, separated by one space) for UTF-8 text.
 */
char *triage_header_encode_words(const char *utf8);

/*
 * An object path made safe for a header comment: ASCII with "(", ")" and
 * "\" escaped, control characters replaced, non-ASCII as encoded-words, long
 * paths shortened from the left ("...").
 */
char *triage_header_comment_text(const char *path);

/*
 * The X-Triage-Findings value (unfolded): "category (object); ...".
 * Duplicate pairs are listed once; after max_items the rest is counted as
 * "+N more".
 */
char *triage_header_findings(const char *const *categories,
			     const char *const *objects, size_t n,
			     size_t max_items);

/*
 * Subject with `prefix` (UTF-8) in front, RFC 2047-aware: an ASCII prefix is
 * put as is; a non-ASCII prefix becomes an encoded-word unless the subject
 * itself is raw UTF-8.  `subject` is the raw header value (NULL when the
 * message has none).  Returns NULL when nothing is to change (empty prefix,
 * or the decoded subject already starts with the prefix).
 */
char *triage_header_subject_prefix(const char *subject, const char *prefix);

#endif
