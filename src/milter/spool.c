/* spool.c - message bytes in memory, spilled to a private temp file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "spool.h"

struct tm_spool {
	char *dir;
	uint64_t mem_limit;
	uint64_t max_size;
	uint64_t total;      /* offered */
	uint64_t kept;       /* stored */
	GByteArray *mem;
	int fd;
	char *path;
	GMappedFile *map;    /* of the spool file, made on demand */
	char err[256];
};

tm_spool *
tm_spool_new(const char *dir, uint64_t mem_limit, uint64_t max_size)
{
	tm_spool *sp = g_new0(tm_spool, 1);
	sp->dir = g_strdup(dir);
	sp->mem_limit = mem_limit;
	sp->max_size = max_size;
	sp->mem = g_byte_array_new();
	sp->fd = -1;
	return sp;
}

/* Write all bytes, retrying short writes and EINTR. */
static bool
write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Move the memory part to a temp file (mkstemp: mode 0600, private name). */
static bool
spill(tm_spool *sp)
{
	char *path = g_build_filename(sp->dir, "msg-XXXXXX", NULL);
	int fd = g_mkstemp_full(path, O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(sp->err, sizeof sp->err, "spool file in %s: %s", sp->dir,
			 g_strerror(errno));
		g_free(path);
		return false;
	}
	sp->fd = fd;
	sp->path = path;
	if (!write_all(fd, sp->mem->data, sp->mem->len)) {
		snprintf(sp->err, sizeof sp->err, "%s: %s", path, g_strerror(errno));
		return false;
	}
	g_byte_array_set_size(sp->mem, 0);
	return true;
}

/* Append; bytes past max_size are counted only. */
bool
tm_spool_write(tm_spool *sp, const void *data, size_t len)
{
	uint64_t room = sp->max_size > sp->kept ? sp->max_size - sp->kept : 0;
	size_t n = (uint64_t)len > room ? (size_t)room : len;

	sp->total += len;
	if (n == 0)
		return true;
	if (sp->fd < 0 && sp->kept + n > sp->mem_limit && !spill(sp))
		return false;
	if (sp->fd >= 0) {
		if (!write_all(sp->fd, data, n)) {
			snprintf(sp->err, sizeof sp->err, "%s: %s", sp->path,
				 g_strerror(errno));
			return false;
		}
	} else {
		g_byte_array_append(sp->mem, data, (guint)n);
	}
	sp->kept += n;
	return true;
}

uint64_t tm_spool_total(const tm_spool *sp) { return sp->total; }
uint64_t tm_spool_size(const tm_spool *sp) { return sp->kept; }
bool tm_spool_truncated(const tm_spool *sp) { return sp->total > sp->kept; }
const char *tm_spool_path(const tm_spool *sp) { return sp->fd >= 0 ? sp->path : NULL; }
const char *tm_spool_error(const tm_spool *sp) { return sp->err; }

const unsigned char *
tm_spool_data(const tm_spool *sp)
{
	return sp->fd >= 0 ? NULL : sp->mem->data;
}

/* The message for the store and the rewriter, without a second copy. */
const unsigned char *
tm_spool_map(tm_spool *sp, size_t *len)
{
	*len = 0;
	if (sp->fd < 0) {
		*len = sp->mem->len;
		/* A GByteArray's data may be NULL while empty. */
		return sp->mem->data ? sp->mem->data : (const unsigned char *)"";
	}
	if (sp->map == NULL) {
		GError *ge = NULL;
		sp->map = g_mapped_file_new_from_fd(sp->fd, FALSE, &ge);
		if (sp->map == NULL) {
			snprintf(sp->err, sizeof sp->err, "%s: %s", sp->path, ge->message);
			g_error_free(ge);
			return NULL;
		}
	}
	*len = g_mapped_file_get_length(sp->map);
	const char *p = g_mapped_file_get_contents(sp->map);
	return p ? (const unsigned char *)p : (const unsigned char *)"";
}

void
tm_spool_free(tm_spool **spp)
{
	tm_spool *sp = spp ? *spp : NULL;
	if (sp == NULL)
		return;
	*spp = NULL;
	if (sp->map)
		g_mapped_file_unref(sp->map);
	if (sp->fd >= 0)
		close(sp->fd);
	if (sp->path)
		unlink(sp->path);
	g_free(sp->path);
	g_free(sp->dir);
	if (sp->mem)
		g_byte_array_free(sp->mem, TRUE);
	g_free(sp);
}
