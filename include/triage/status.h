/* status.h - graded status codes shared by every libtriage module. */
#ifndef TRIAGE_STATUS_H
#define TRIAGE_STATUS_H

/*
 * Graded like libarchive's ARCHIVE_OK/WARN/FAILED/FATAL: callers that only
 * care about success test `st == TRIAGE_OK`; the text of an error lives on
 * the handle that produced it (triage_engine_error(), triage_scanner_error()).
 */
typedef enum triage_status {
	TRIAGE_OK = 0,          /* done */
	TRIAGE_WARN = 1,        /* done, but something was skipped (see findings) */
	TRIAGE_CORRUPT = 2,     /* input is malformed: report, do not retry */
	TRIAGE_LIMIT = 3,       /* a configured limit stopped the work */
	TRIAGE_ENCRYPTED = 4,   /* input is encrypted and could not be opened */
	TRIAGE_ERR_IO = 10,     /* file or temp-file error */
	TRIAGE_ERR_CONFIG = 11, /* bad configuration or rules */
	TRIAGE_ERR_NOMEM = 12,  /* out of memory */
	TRIAGE_ERR_INTERNAL = 13 /* bug or library failure */
} triage_status;

/* True for codes that mean the scan result can not be trusted. */
#define TRIAGE_IS_ERROR(st) ((st) >= TRIAGE_ERR_IO)

/* Short stable name of a status ("ok", "corrupt", ...). */
const char *triage_status_name(triage_status st);

#endif
