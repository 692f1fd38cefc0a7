/* blob.c - reference-counted bytes on the heap, in a mapped file, or sliced. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "blob.h"

typedef enum { BLOB_HEAP, BLOB_MAP, BLOB_SLICE } blob_kind;

struct triage_blob {
	gint refs;
	blob_kind kind;
	const unsigned char *data;
	size_t size;
	void *owned;          /* heap: g_free; map: munmap base */
	size_t map_len;
	triage_blob *parent;  /* slice */
};

struct triage_blob_writer {
	char *tmp_dir;
	uint64_t spill_size;
	uint64_t max_size;
	GByteArray *mem;
	int fd;               /* -1 while in memory */
	uint64_t size;
	int truncated;
	int failed;
};

static const unsigned char empty_bytes[1];

/* Empty blob. */
triage_blob *
triage_blob_new_empty(void)
{
	triage_blob *b = g_new0(triage_blob, 1);
	b->refs = 1;
	b->kind = BLOB_HEAP;
	b->data = empty_bytes;
	return b;
}

/* Take ownership of g_malloc'ed data. */
triage_blob *
triage_blob_new_take(void *data, size_t len)
{
	triage_blob *b = triage_blob_new_empty();
	if (data != NULL && len > 0) {
		b->owned = data;
		b->data = data;
		b->size = len;
	} else {
		g_free(data);
	}
	return b;
}

/* Copy len bytes. */
triage_blob *
triage_blob_new_copy(const void *data, size_t len)
{
	if (len == 0)
		return triage_blob_new_empty();
	return triage_blob_new_take(g_memdup2(data, len), len);
}

/* A view into parent, clamped to its size. */
triage_blob *
triage_blob_new_slice(triage_blob *parent, size_t off, size_t len)
{
	triage_blob *b = triage_blob_new_empty();
	if (off > parent->size)
		off = parent->size;
	if (len > parent->size - off)
		len = parent->size - off;
	b->kind = BLOB_SLICE;
	b->parent = triage_blob_ref(parent);
	b->data = parent->data + off;
	b->size = len;
	return b;
}

/* Map a whole file read-only. */
triage_blob *
triage_blob_map_file(const char *path)
{
	triage_blob *b = NULL;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (errno == 0)
			errno = EINVAL;
		goto out;
	}
	if (st.st_size == 0) {
		b = triage_blob_new_empty();
		goto out;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		goto out;
	b = triage_blob_new_empty();
	b->kind = BLOB_MAP;
	b->owned = p;
	b->map_len = (size_t)st.st_size;
	b->data = p;
	b->size = (size_t)st.st_size;
out:
	{
		int saved = errno;
		close(fd);
		errno = saved;
	}
	return b;
}

void
triage_blob_release_pages(const triage_blob *b)
{
	while (b && b->kind == BLOB_SLICE)
		b = b->parent;
	/* Private, never-written file pages revert to the file's content. */
	if (b && b->kind == BLOB_MAP && b->map_len > 0)
		(void)madvise(b->owned, b->map_len, MADV_DONTNEED);
}

const unsigned char *
triage_blob_data(const triage_blob *b)
{
	return b ? b->data : empty_bytes;
}

size_t
triage_blob_size(const triage_blob *b)
{
	return b ? b->size : 0;
}

triage_blob *
triage_blob_ref(triage_blob *b)
{
	if (b)
		g_atomic_int_inc(&b->refs);
	return b;
}

/* Drop a reference and NULL the pointer. */
void
triage_blob_unref(triage_blob **bp)
{
	triage_blob *b = bp ? *bp : NULL;
	if (b == NULL)
		return;
	*bp = NULL;
	if (!g_atomic_int_dec_and_test(&b->refs))
		return;
	switch (b->kind) {
	case BLOB_HEAP:
		g_free(b->owned);
		break;
	case BLOB_MAP:
		munmap(b->owned, b->map_len);
		break;
	case BLOB_SLICE:
		triage_blob_unref(&b->parent);
		break;
	}
	g_free(b);
}

/* A writer that spills to tmp_dir past spill_size and stops at max_size. */
triage_blob_writer *
triage_blob_writer_new(const char *tmp_dir, uint64_t spill_size,
		       uint64_t max_size)
{
	triage_blob_writer *w = g_new0(triage_blob_writer, 1);
	w->tmp_dir = g_strdup(tmp_dir ? tmp_dir : g_get_tmp_dir());
	w->spill_size = spill_size;
	w->max_size = max_size;
	w->mem = g_byte_array_new();
	w->fd = -1;
	return w;
}

/* Move the in-memory bytes to an unlinked temp file. */
static triage_status
writer_spill(triage_blob_writer *w)
{
	char *tmpl = g_build_filename(w->tmp_dir, "triage-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	triage_status st = TRIAGE_ERR_IO;
	if (fd < 0)
		goto out;
	unlink(tmpl);
	const guint8 *p = w->mem->data;
	size_t left = w->mem->len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			goto out;
		}
		p += n;
		left -= (size_t)n;
	}
	g_byte_array_set_size(w->mem, 0);
	w->fd = fd;
	st = TRIAGE_OK;
out:
	g_free(tmpl);
	return st;
}

/* Append bytes; TRIAGE_LIMIT once max_size is passed. */
triage_status
triage_blob_writer_write(triage_blob_writer *w, const void *data, size_t len)
{
	if (w->failed)
		return TRIAGE_ERR_IO;
	if (w->truncated)
		return TRIAGE_LIMIT;
	triage_status st = TRIAGE_OK;
	if (w->max_size > 0 && len > w->max_size - w->size) {
		len = (size_t)(w->max_size - w->size);
		w->truncated = 1;
		st = TRIAGE_LIMIT;
	}
	if (len == 0)
		return st;
	if (w->fd < 0 && w->spill_size > 0 && w->size + len > w->spill_size) {
		if (writer_spill(w) != TRIAGE_OK) {
			w->failed = 1;
			return TRIAGE_ERR_IO;
		}
	}
	if (w->fd < 0) {
		g_byte_array_append(w->mem, data, (guint)len);
	} else {
		const unsigned char *p = data;
		size_t left = len;
		while (left > 0) {
			ssize_t n = write(w->fd, p, left);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				w->failed = 1;
				return TRIAGE_ERR_IO;
			}
			p += n;
			left -= (size_t)n;
		}
	}
	w->size += len;
	return st;
}

uint64_t
triage_blob_writer_size(const triage_blob_writer *w)
{
	return w->size;
}

int
triage_blob_writer_truncated(const triage_blob_writer *w)
{
	return w->truncated;
}

/* Turn the written bytes into a blob; frees the writer. */
triage_blob *
triage_blob_writer_finish(triage_blob_writer **wp)
{
	triage_blob_writer *w = *wp;
	triage_blob *b = NULL;
	if (w->failed)
		goto out;
	if (w->fd < 0) {
		guint len = w->mem->len;
		b = triage_blob_new_take(g_byte_array_free(w->mem, FALSE), len);
		w->mem = NULL;
	} else if (w->size > 0) {
		void *p = mmap(NULL, (size_t)w->size, PROT_READ, MAP_PRIVATE, w->fd, 0);
		if (p == MAP_FAILED)
			goto out;
		b = triage_blob_new_empty();
		b->kind = BLOB_MAP;
		b->owned = p;
		b->map_len = (size_t)w->size;
		b->data = p;
		b->size = (size_t)w->size;
	} else {
		b = triage_blob_new_empty();
	}
out:
	triage_blob_writer_free(wp);
	return b;
}

/* Free a writer (partly built ones too) and NULL the pointer. */
void
triage_blob_writer_free(triage_blob_writer **wp)
{
	triage_blob_writer *w = wp ? *wp : NULL;
	if (w == NULL)
		return;
	*wp = NULL;
	if (w->fd >= 0)
		close(w->fd);
	if (w->mem)
		g_byte_array_free(w->mem, TRUE);
	g_free(w->tmp_dir);
	g_free(w);
}
