/* release.h - the token that lets a released message pass the milter once. */
#ifndef TRIAGE_RELEASE_H
#define TRIAGE_RELEASE_H

#include <stddef.h>
#include <time.h>
#include "triage/status.h"

/*
 * triage-quarantine re-injects a released message with a header
 *
 *   X-Triage-Release: id=<store id>; t=<unix time>; mac=<hex HMAC-SHA256>
 *
 * where the MAC covers "id=<id>; t=<t>" under a secret key kept in the
 * quarantine directory (file release.key, 32 random bytes, mode 0600,
 * readable only by the milter user and root).  The milter verifies it,
 * delivers the message with a tag instead of quarantining it again, and
 * deletes the header so the token never reaches the recipient.
 */
#define TRIAGE_RELEASE_HEADER "X-Triage-Release"
#define TRIAGE_RELEASE_KEY_FILE "release.key"
#define TRIAGE_RELEASE_KEY_LEN 32
/* Default validity of a token: the MTA re-injects at once. */
#define TRIAGE_RELEASE_MAX_AGE 3600

/*
 * Read the key from `path`; with `create`, make it first when missing
 * (32 bytes from the kernel's random source, 0600, owned like the
 * directory holding it when run as root).  Errors go to err.
 */
triage_status triage_release_key_load(const char *path, int create,
				      unsigned char key[TRIAGE_RELEASE_KEY_LEN],
				      char *err, size_t errlen);
/* Header value for store id `id` at time `t` (g_free it); NULL for a bad id. */
char *triage_release_sign(const unsigned char *key, size_t keylen,
			  const char *id, time_t t);
/*
 * Check a header value: well-formed, MAC right, not older than max_age
 * seconds and not more than 5 minutes in the future.  On success copies
 * the store id (32 hex + NUL) into id_out when not NULL.  TRIAGE_OK when
 * valid, TRIAGE_CORRUPT when malformed or forged, TRIAGE_LIMIT when
 * expired.
 */
triage_status triage_release_verify(const char *value, const unsigned char *key,
				    size_t keylen, time_t now, time_t max_age,
				    char id_out[33]);

#endif
