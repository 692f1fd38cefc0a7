/* qstore.c - the quarantine store's files: ids, atomic writes, listing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "triage/qstore.h"

struct triage_qstore {
	char *dir;
	uid_t uid;       /* owner of the directory: files written as root get it */
	gid_t gid;
	char err[512];
};

bool
triage_qstore_id_valid(const char *id)
{
	if (id == NULL)
		return false;
	size_t i = 0;
	for (; id[i]; i++)
		if (i >= 32 || !((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return false;
	return i == 32;
}

char *
triage_qstore_new_id(void)
{
	unsigned char r[16];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		for (size_t i = 0; i < sizeof r; i++)   /* not reached on Linux >= 3.17 */
			r[i] = (unsigned char)g_random_int();
	char *id = g_malloc(33);
	for (size_t i = 0; i < sizeof r; i++)
		g_snprintf(id + 2 * i, 3, "%02x", r[i]);
	return id;
}

triage_status
triage_qstore_open(const char *dir, bool create, triage_qstore **out, char *err,
		   size_t errlen)
{
	struct stat st;
	*out = NULL;
	if (dir == NULL || *dir == '\0') {
		g_snprintf(err, errlen, "no quarantine directory configured");
		return TRIAGE_ERR_CONFIG;
	}
	if (create && g_mkdir_with_parents(dir, 0700) != 0) {
		g_snprintf(err, errlen, "%s: %s", dir, g_strerror(errno));
		return TRIAGE_ERR_IO;
	}
	errno = 0;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		g_snprintf(err, errlen, "%s: %s", dir, errno ? g_strerror(errno) : "not a directory");
		return TRIAGE_ERR_IO;
	}
	triage_qstore *qs = g_new0(triage_qstore, 1);
	qs->dir = g_strdup(dir);
	qs->uid = st.st_uid;
	qs->gid = st.st_gid;
	*out = qs;
	return TRIAGE_OK;
}

void
triage_qstore_close(triage_qstore **qsp)
{
	triage_qstore *qs = qsp ? *qsp : NULL;
	if (qs == NULL)
		return;
	*qsp = NULL;
	g_free(qs->dir);
	g_free(qs);
}

const char *triage_qstore_dir(const triage_qstore *qs) { return qs->dir; }
const char *triage_qstore_error(const triage_qstore *qs) { return qs->err; }

char *
triage_qstore_path(const triage_qstore *qs, const char *id, const char *ext)
{
	if (!triage_qstore_id_valid(id))
		return NULL;
	char *name = g_strdup_printf("%s.%s", id, ext);
	char *p = g_build_filename(qs->dir, name, NULL);
	g_free(name);
	return p;
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
triage_qstore_list(triage_qstore *qs)
{
	GPtrArray *ids = g_ptr_array_new();
	GDir *d = g_dir_open(qs->dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d)) != NULL) {
		size_t len = strlen(n);
		if (len != 37 || strcmp(n + 32, ".json") != 0)
			continue;
		char *id = g_strndup(n, 32);
		if (triage_qstore_id_valid(id))
			g_ptr_array_add(ids, id);
		else
			g_free(id);
	}
	if (d)
		g_dir_close(d);
	g_ptr_array_sort(ids, cmp_str);
	g_ptr_array_add(ids, NULL);
	return (char **)g_ptr_array_free(ids, FALSE);
}

char *
triage_qstore_read_meta(triage_qstore *qs, const char *id)
{
	char *p = triage_qstore_path(qs, id, "json");
	char *data = NULL;
	GError *ge = NULL;
	if (p == NULL) {
		g_snprintf(qs->err, sizeof qs->err, "bad id");
	} else if (!g_file_get_contents(p, &data, NULL, &ge)) {
		g_snprintf(qs->err, sizeof qs->err, "%s", ge->message);
		g_error_free(ge);
	}
	g_free(p);
	return data;
}

/* Write `.tmp-<id>.<ext>` (0600), sync, rename to `<id>.<ext>`. */
static triage_status
write_atomic(triage_qstore *qs, const char *id, const char *ext,
	     const void *data, size_t len)
{
	triage_status st = TRIAGE_ERR_IO;
	char *tmpname = g_strdup_printf(".tmp-%s.%s", id, ext);
	char *tmp = g_build_filename(qs->dir, tmpname, NULL);
	char *dst = triage_qstore_path(qs, id, ext);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		g_snprintf(qs->err, sizeof qs->err, "%s: %s", tmp, g_strerror(errno));
		goto out;
	}
	if (geteuid() == 0 && fchown(fd, qs->uid, qs->gid) != 0) {
		g_snprintf(qs->err, sizeof qs->err, "%s: chown: %s", tmp, g_strerror(errno));
		goto fail;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			g_snprintf(qs->err, sizeof qs->err, "%s: %s", tmp, g_strerror(errno));
			goto fail;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		g_snprintf(qs->err, sizeof qs->err, "%s: %s", tmp, g_strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, dst) != 0) {
		g_snprintf(qs->err, sizeof qs->err, "%s: %s", dst, g_strerror(errno));
		goto fail;
	}
	st = TRIAGE_OK;
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	g_free(tmpname);
	g_free(tmp);
	g_free(dst);
	return st;
}

triage_status
triage_qstore_write_meta(triage_qstore *qs, const char *id, const char *json)
{
	if (!triage_qstore_id_valid(id)) {
		g_snprintf(qs->err, sizeof qs->err, "bad id");
		return TRIAGE_ERR_CONFIG;
	}
	return write_atomic(qs, id, "json", json, strlen(json));
}

/* The message first: an entry is listed only once its .json exists. */
triage_status
triage_qstore_save(triage_qstore *qs, const char *id, const unsigned char *msg,
		   size_t len, const char *json)
{
	if (!triage_qstore_id_valid(id)) {
		g_snprintf(qs->err, sizeof qs->err, "bad id");
		return TRIAGE_ERR_CONFIG;
	}
	triage_status st = write_atomic(qs, id, "eml", msg, len);
	if (st == TRIAGE_OK)
		st = write_atomic(qs, id, "json", json, strlen(json));
	return st;
}

triage_status
triage_qstore_delete(triage_qstore *qs, const char *id)
{
	char *e = triage_qstore_path(qs, id, "eml");
	char *j = triage_qstore_path(qs, id, "json");
	triage_status st = TRIAGE_ERR_IO;
	if (e == NULL) {
		g_snprintf(qs->err, sizeof qs->err, "bad id");
		goto out;
	}
	/* Metadata first: a half-deleted entry is then no longer listed. */
	int rj = unlink(j), ej = rj ? errno : 0;
	int re = unlink(e), ee = re ? errno : 0;
	if (rj != 0 && re != 0) {
		g_snprintf(qs->err, sizeof qs->err, "%s: %s", id, g_strerror(ej ? ej : ee));
		goto out;
	}
	st = TRIAGE_OK;
out:
	g_free(e);
	g_free(j);
	return st;
}
