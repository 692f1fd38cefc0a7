/* rewrite_int.h - shared pieces of the rewrite module (banner, text, strip). */
#ifndef TRIAGE_REWRITE_INT_H
#define TRIAGE_REWRITE_INT_H

#include <glib.h>
#include <gmime/gmime.h>

#include "triage/rewrite.h"

/* Cap on what one template or description file may hold. */
#define RW_MAX_TEMPLATE (64 * 1024)
/* Cap on banner lines; the rest is summarised as "+N". */
#define RW_MAX_LINES 20
/* Cap on a name or sender shown to the reader, in characters. */
#define RW_MAX_NAME 120
/* Cap on MIME parts walked. */
#define RW_MAX_PARTS 1000

/* One banner line. */
typedef struct rw_item {
	char *category;
	char *name;
} rw_item;

/* One part to remove. */
typedef struct rw_strip {
	char *locator;
	char *name;
	GPtrArray *categories;   /* char * */
} rw_strip;

struct triage_rewrite_request {
	triage_rewrite_mode mode;
	char *sender;
	char *qid;
	GPtrArray *items;        /* rw_item * */
	GPtrArray *strips;       /* rw_strip * */
};

/* One language's templates and descriptions. */
typedef struct rw_lang {
	char *code;
	char *text;              /* NULL: no text block in this language */
	char *html;
	char *removed;
	GHashTable *desc;        /* key -> UTF-8 text */
} rw_lang;

struct triage_banner {
	GPtrArray *langs;        /* rw_lang * */
};

/* One header edit. */
typedef struct rw_header {
	char *name;
	char *value;             /* NULL: delete */
} rw_header;

typedef struct rw_stripped {
	char *locator;
	char *name;
	GBytes *data;
} rw_stripped;

/* rewrite_write.c: original bytes of every part, for byte-exact output. */
struct rw_raw;
struct rw_raw *rw_raw_new(GMimeMessage *m, const char *body, size_t n);
void rw_raw_free(struct rw_raw **raw);
/* Mark a part whose content was changed in place. */
void rw_raw_touch(struct rw_raw *raw, GMimeObject *o);
/* The body: untouched parts copied, changed ones written by GMime (CRLF). */
GByteArray *rw_raw_write(struct rw_raw *raw, GMimeMessage *m);

struct triage_rewrite {
	struct rw_raw *raw;      /* during triage_rewrite_run() only */
	triage_rewrite_outcome outcome;
	unsigned flags;
	GString *log;
	GByteArray *body;
	GPtrArray *headers;      /* rw_header * */
	GPtrArray *stripped;     /* rw_stripped * */
};

/* rewrite_banner.c: the banner and removed-part texts, UTF-8, LF ends. */
char *rw_banner_text(const triage_banner *b, const triage_rewrite_request *q,
		     const char *sender);
char *rw_banner_html(const triage_banner *b, const triage_rewrite_request *q,
		     const char *sender);
char *rw_removed_text(const triage_banner *b, const triage_rewrite_request *q,
		      const rw_strip *s, const char *sender);
/* A value safe to show: valid UTF-8, no controls or bidi overrides, capped. */
char *rw_sanitize(const char *s);

/* rewrite_text.c: insert into one text part, keeping charset and CTE. */
typedef enum rw_insert_result {
	RW_INSERT_FAILED = -1,
	RW_INSERT_KEPT = 0,       /* charset and encoding kept */
	RW_INSERT_RELABELLED = 1, /* charset became utf-8 */
} rw_insert_result;
/* Put the UTF-8 `banner` (text, or an HTML block) at the top of `part`. */
rw_insert_result rw_insert_banner(GMimePart *part, const char *banner,
				  bool html, bool *encoding_changed);
/* Offset in `data` just past <body ...> (or a fallback spot). */
size_t rw_html_offset(const char *data, size_t len, bool iso2022);
/* Decoded (transfer-decoded) content of a part. */
GByteArray *rw_part_decode(GMimePart *part);

/* rewrite_strip.c: remove parts, add the first text part. */
/* The part at an IMAP-style path ("0" the top part), or NULL. */
GMimeObject *rw_find_locator(GMimeObject *top, const char *locator,
			     GMimeMultipart **parent, int *index);
/* True for multipart/signed, multipart/encrypted, application/pkcs7-mime. */
bool rw_is_signed(GMimeObject *o);
bool rw_is_encrypted(GMimeObject *o);
/* A new text/plain part with UTF-8 text; 7bit when ASCII, else base64. */
GMimePart *rw_text_part_new(const char *text, const char *filename);
/* Replace each strip target; adds rw_stripped entries to rw. */
void rw_strip_parts(triage_rewrite *rw, GMimeMessage *m,
		    const triage_banner *b, const triage_rewrite_request *q,
		    const char *sender);

void rw_log(triage_rewrite *rw, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
