/* blob.h - reference-counted bytes: heap, mapped temp file, or a slice. */
#ifndef TRIAGE_BLOB_H
#define TRIAGE_BLOB_H

#include <stddef.h>
#include <stdint.h>
#include "triage/status.h"

/*
 * Objects hold their decoded bytes in a blob.  Small data stays on the heap;
 * a writer spills past a threshold to an unlinked temp file that is mapped
 * read-only when done, so a 50 MB attachment is not kept twice in memory.
 * A slice shares its parent's bytes without a copy.
 */
typedef struct triage_blob triage_blob;
typedef struct triage_blob_writer triage_blob_writer;

/* Empty blob. */
triage_blob *triage_blob_new_empty(void);
/* Copy `len` bytes. */
triage_blob *triage_blob_new_copy(const void *data, size_t len);
/* Take ownership of g_malloc'ed `data`. */
triage_blob *triage_blob_new_take(void *data, size_t len);
/* A view of [off, off+len) of `parent` (clamped to its size). */
triage_blob *triage_blob_new_slice(triage_blob *parent, size_t off, size_t len);
/* Map a whole file read-only; NULL with errno set on failure. */
triage_blob *triage_blob_map_file(const char *path);

const unsigned char *triage_blob_data(const triage_blob *b);
/*
 * Let the kernel drop the resident pages of a file-backed blob (they are
 * read again from the file if touched later): keeps the peak memory of a
 * scan near the largest object instead of the sum of all of them.
 */
void triage_blob_release_pages(const triage_blob *b);
size_t triage_blob_size(const triage_blob *b);
triage_blob *triage_blob_ref(triage_blob *b);
void triage_blob_unref(triage_blob **b);

/*
 * A writer collects bytes up to `max_size` (TRIAGE_LIMIT past it, the bytes
 * so far are kept); past `spill_size` it moves to a temp file in tmp_dir.
 */
triage_blob_writer *triage_blob_writer_new(const char *tmp_dir,
					   uint64_t spill_size,
					   uint64_t max_size);
triage_status triage_blob_writer_write(triage_blob_writer *w,
				       const void *data, size_t len);
/* Bytes written so far. */
uint64_t triage_blob_writer_size(const triage_blob_writer *w);
/* True once a write went past max_size (the rest was dropped). */
int triage_blob_writer_truncated(const triage_blob_writer *w);
/* Finish: the blob (never NULL unless an I/O error); frees the writer. */
triage_blob *triage_blob_writer_finish(triage_blob_writer **w);
void triage_blob_writer_free(triage_blob_writer **w);

#endif
