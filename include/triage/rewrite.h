/* rewrite.h - what the reader sees: banners in the body, stripped attachments. */
#ifndef TRIAGE_REWRITE_H
#define TRIAGE_REWRITE_H

#include <stddef.h>
#include <stdbool.h>
#include "triage/status.h"
#include "triage/config.h"
#include "triage/report.h"

/*
 * Usage (the milter, at end of message, for action banner or strip):
 *
 *   triage_banner *b;            loaded once per config (reload: load anew)
 *   triage_banner_load(cfg, NULL, &b, err, sizeof err);
 *
 *   triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
 *   triage_rewrite_request_set_sender(q, envelope_from);
 *   triage_rewrite_request_set_quarantine_id(q, store_id);      (strip)
 *   triage_rewrite_request_add_report(q, report, cfg, direction);
 *   triage_rewrite *rw;
 *   st = triage_rewrite_run(b, q, msg, len, &rw);
 *   ... triage_rewrite_log(rw) into the verdict line;
 *   if (triage_rewrite_changed(rw)) { header edits, then the new body }
 *
 * `msg` is the whole message as received (headers, blank line, body; CRLF
 * or LF).  The result is the new BODY only (CRLF line ends, what
 * smfi_replacebody() takes) plus the edits of top-level headers that go
 * with it.  Parts that are not changed come out byte for byte as they came
 * in (boundaries, headers, encodings).
 */

typedef struct triage_banner triage_banner;
typedef struct triage_rewrite_request triage_rewrite_request;
typedef struct triage_rewrite triage_rewrite;

typedef enum triage_rewrite_mode {
	TRIAGE_REWRITE_BANNER = 0,   /* warning at the top of the text/HTML body */
	TRIAGE_REWRITE_STRIP = 1     /* replace attachments, and the banner */
} triage_rewrite_mode;

/* What came of a rewrite. */
typedef enum triage_rewrite_outcome {
	TRIAGE_REWRITE_CHANGED = 0,        /* new body (and maybe header edits) */
	TRIAGE_REWRITE_UNCHANGED,          /* nothing to change */
	TRIAGE_REWRITE_SKIPPED_SIGNED,     /* multipart/signed: tag only */
	TRIAGE_REWRITE_SKIPPED_ENCRYPTED   /* multipart/encrypted, pkcs7-mime */
} triage_rewrite_outcome;

/* What was done (bits of triage_rewrite_flags()). */
enum {
	TRIAGE_REWRITE_TEXT = 1 << 0,       /* banner in a text/plain part */
	TRIAGE_REWRITE_HTML = 1 << 1,       /* banner in a text/html part */
	TRIAGE_REWRITE_ADDED_PART = 1 << 2, /* no text part: a new first part */
	TRIAGE_REWRITE_RELABELLED = 1 << 3, /* a part was re-labelled UTF-8 */
	TRIAGE_REWRITE_STRIPPED = 1 << 4,   /* at least one part removed */
	TRIAGE_REWRITE_BANNER_SKIPPED = 1 << 5 /* banner not placed (signed body) */
};

/*
 * Templates and the reader-friendly category descriptions for the
 * languages of cfg->banner_languages.  Files are looked up in `dir`, or
 * when NULL in TRIAGE_SYSCONFDIR/banner then TRIAGE_DATADIR/banner:
 * banner.<lang>.txt, banner.<lang>.html, removed.<lang>.txt,
 * descriptions.<lang>.conf.  cfg->banner_text_file / banner_html_file,
 * when not empty, replace the text / HTML template ("%L" in the name
 * stands for the language; without it the file is the whole banner and
 * is filled in the first language).  On error writes the reason
 * ("file: message") into err and returns TRIAGE_ERR_CONFIG.
 */
triage_status triage_banner_load(const triage_config *cfg, const char *dir,
				 triage_banner **out, char *err, size_t errlen);
void triage_banner_free(triage_banner **b);
/* Number of languages and their codes, in banner order. */
size_t triage_banner_nlanguages(const triage_banner *b);
const char *triage_banner_language(const triage_banner *b, size_t i);
/*
 * Reader-friendly text of a category (or of "action.banner",
 * "action.strip", "default") in a language; NULL when that language has
 * none.
 */
const char *triage_banner_describe(const triage_banner *b, const char *lang,
				   const char *key);

triage_rewrite_request *triage_rewrite_request_new(triage_rewrite_mode mode);
void triage_rewrite_request_free(triage_rewrite_request **q);
/* The sender shown in the banner; default: the From header. */
void triage_rewrite_request_set_sender(triage_rewrite_request *q,
				       const char *sender);
/* Quarantine store id shown in the removed-part text ({{quarantine_id}}). */
void triage_rewrite_request_set_quarantine_id(triage_rewrite_request *q,
					      const char *id);
/* One line of the banner: a finding's category on a named object. */
void triage_rewrite_request_add_finding(triage_rewrite_request *q,
					const char *category, const char *name);
/*
 * A part to remove (STRIP): its locator (IMAP-style part path as in
 * triage_object_locator(), "2", "3"), the name shown to the reader, and a
 * category saying why (repeat the call to add more categories).
 */
void triage_rewrite_request_add_strip(triage_rewrite_request *q,
				      const char *locator, const char *name,
				      const char *category);
/*
 * Every finding of the report as a banner line (named after the
 * attachment and the members above the object: "invoice.zip > a.xlsm");
 * in STRIP mode also the top-level parts (direct children of the message)
 * that carry a finding whose action under `cfg`'s policy for `dir` is
 * strip or stronger (cfg NULL: any finding).
 */
void triage_rewrite_request_add_report(triage_rewrite_request *q,
				       const triage_report *r,
				       const triage_config *cfg,
				       triage_direction dir);
/* Number of strip targets so far. */
size_t triage_rewrite_request_nstrip(const triage_rewrite_request *q);

/*
 * Rewrite the message.  TRIAGE_OK with *out set (also for skipped and
 * unchanged outcomes); TRIAGE_CORRUPT when the message cannot be parsed
 * (*out NULL); TRIAGE_LIMIT over 1000 MIME parts.
 */
triage_status triage_rewrite_run(const triage_banner *b,
				 const triage_rewrite_request *q,
				 const unsigned char *msg, size_t len,
				 triage_rewrite **out);
void triage_rewrite_free(triage_rewrite **rw);

triage_rewrite_outcome triage_rewrite_get_outcome(const triage_rewrite *rw);
/* True when there is a new body to send (outcome CHANGED). */
bool triage_rewrite_changed(const triage_rewrite *rw);
unsigned triage_rewrite_flags(const triage_rewrite *rw);
/*
 * key=value words for the log line: "banner=inserted parts=text,html",
 * "banner=added-part", "banner=skipped reason=signed", "stripped=2",
 * "charset=relabelled".
 */
const char *triage_rewrite_log(const triage_rewrite *rw);
/* The new body, CRLF line ends (NULL/0 unless changed). */
const unsigned char *triage_rewrite_body(const triage_rewrite *rw, size_t *len);

/*
 * Top-level header edits that go with the body, in order.  Each sets the
 * first header called `name` to `value` (adding it when absent: that is
 * smfi_chgheader(ctx, name, 1, value)); value NULL deletes it.  Values are
 * one line, without the leading space.
 */
size_t triage_rewrite_nheaders(const triage_rewrite *rw);
bool triage_rewrite_header(const triage_rewrite *rw, size_t i,
			   const char **name, const char **value);

/* Removed parts: locator, original name, decoded content. */
size_t triage_rewrite_nstripped(const triage_rewrite *rw);
const char *triage_rewrite_stripped_locator(const triage_rewrite *rw, size_t i);
const char *triage_rewrite_stripped_name(const triage_rewrite *rw, size_t i);
const unsigned char *triage_rewrite_stripped_data(const triage_rewrite *rw,
						  size_t i, size_t *len);

/*
 * The whole new message (original headers with the edits applied, blank
 * line, new body), for tests and offline tools (g_free it).  NULL unless
 * changed.
 */
unsigned char *triage_rewrite_message(const triage_rewrite *rw,
				      const unsigned char *msg, size_t len,
				      size_t *out_len);

#endif
