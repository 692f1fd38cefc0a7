/* spool.h - one message's bytes: in memory up to a threshold, then a file. */
#ifndef TM_SPOOL_H
#define TM_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tm_spool tm_spool;

/*
 * A spool that keeps up to mem_limit bytes in memory, then moves everything
 * to a 0600 temp file in dir, and stores at most max_size bytes (the rest is
 * counted, not kept).
 */
tm_spool *tm_spool_new(const char *dir, uint64_t mem_limit, uint64_t max_size);
/* Append bytes; false on an I/O error (text in tm_spool_error). */
bool tm_spool_write(tm_spool *sp, const void *data, size_t len);
/* Bytes offered so far (also those past max_size). */
uint64_t tm_spool_total(const tm_spool *sp);
/* Bytes kept. */
uint64_t tm_spool_size(const tm_spool *sp);
/* True when more than max_size bytes were offered. */
bool tm_spool_truncated(const tm_spool *sp);
/* The file path once spooled to disk, else NULL. */
const char *tm_spool_path(const tm_spool *sp);
/* The bytes when kept in memory, else NULL. */
const unsigned char *tm_spool_data(const tm_spool *sp);
/*
 * All kept bytes in memory (a read-only mapping once spooled to disk),
 * valid until tm_spool_free(); NULL with tm_spool_error() set on failure.
 */
const unsigned char *tm_spool_map(tm_spool *sp, size_t *len);
const char *tm_spool_error(const tm_spool *sp);
/* Remove the temp file and free; NULLs the pointer. */
void tm_spool_free(tm_spool **sp);

#endif
