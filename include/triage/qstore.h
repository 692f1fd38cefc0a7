/* qstore.h - the quarantine store: one directory, <id>.eml + <id>.json each. */
#ifndef TRIAGE_QSTORE_H
#define TRIAGE_QSTORE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "triage/status.h"

/*
 * Layout (written by the milter, read and changed by triage-quarantine):
 *   <dir>/                     0700, owned by the milter user
 *   <dir>/<id>.eml             0600, the message as received (headers, CRLF, body)
 *   <dir>/<id>.json            0600, metadata (see triage-quarantine(8))
 *   <dir>/release.key          0600, key of the release token (release.h)
 * <id> is 32 lower-case hex characters from a random source: no input
 * from the message ever becomes part of a file name.  Files are written
 * as .tmp-<id>.* and renamed into place, so readers never see half files.
 */

typedef struct triage_qstore triage_qstore;

/* Open the store; with `create` make the directory (0700) when missing. */
triage_status triage_qstore_open(const char *dir, bool create,
				 triage_qstore **out, char *err, size_t errlen);
void triage_qstore_close(triage_qstore **qs);
const char *triage_qstore_dir(const triage_qstore *qs);
/* Last error text of the store. */
const char *triage_qstore_error(const triage_qstore *qs);

/* True for exactly 32 lower-case hex characters. */
bool triage_qstore_id_valid(const char *id);
/* A new random id (g_free it). */
char *triage_qstore_new_id(void);

/* Ids of all entries that have a .json file, sorted (g_strfreev it). */
char **triage_qstore_list(triage_qstore *qs);
/* Path of an entry's file ("eml" or "json"); NULL for a bad id (g_free it). */
char *triage_qstore_path(const triage_qstore *qs, const char *id,
			 const char *ext);
/* The metadata text (g_free it), or NULL. */
char *triage_qstore_read_meta(triage_qstore *qs, const char *id);
/* Replace the metadata atomically. */
triage_status triage_qstore_write_meta(triage_qstore *qs, const char *id,
				       const char *json);
/* Write a new entry (message, then metadata) atomically. */
triage_status triage_qstore_save(triage_qstore *qs, const char *id,
				 const unsigned char *msg, size_t len,
				 const char *json);
/* One finding in an entry's metadata. */
typedef struct triage_qstore_finding {
	const char *category;
	const char *severity;     /* triage_severity_name() */
	const char *rule;
	const char *object;       /* path below the message, "message" for itself */
} triage_qstore_finding;

/*
 * What the writer (the milter) knows about a new entry: the members of
 * <id>.json, documented in triage-quarantine(8).  NULL strings are written
 * as "" (queue_id as null); stripped NULL / nstripped 0 leaves the member
 * out.  The one place that spells the member names, so that the writer and
 * triage-quarantine cannot drift apart.
 */
typedef struct triage_qstore_meta {
	const char *queue_id;
	const char *from;                 /* envelope sender */
	const char *const *rcpts;         /* envelope recipients */
	size_t nrcpts;
	const char *client_addr;
	const char *client_name;
	const char *client_helo;
	const char *subject;
	const char *direction;            /* "inbound" / "outbound" */
	const char *action;               /* "quarantine", "strip" */
	const char *severity;
	const triage_qstore_finding *findings;
	size_t nfindings;
	uint64_t size;                    /* bytes the MTA sent */
	uint64_t stored_size;             /* bytes in <id>.eml */
	bool truncated;                   /* stored_size < size */
	const char *reason;
	const char *const *stripped;      /* names of removed attachments */
	size_t nstripped;
} triage_qstore_meta;

/*
 * The metadata of entry `id` as JSON text, time = now (g_free it); strings
 * that are not UTF-8 are repaired, never dropped.
 */
char *triage_qstore_meta_json(const char *id, const triage_qstore_meta *m);
/* Current time as the store writes it: "YYYY-MM-DDThh:mm:ssZ" (g_free it). */
char *triage_qstore_time_now(void);

/* Remove both files; TRIAGE_ERR_IO when neither existed. */
triage_status triage_qstore_delete(triage_qstore *qs, const char *id);

#endif
