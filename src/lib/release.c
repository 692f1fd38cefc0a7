/* release.c - HMAC token on re-injected messages, and its key file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

#include "triage/release.h"
#include "triage/qstore.h"

/* Read exactly n bytes (short files are an error, not a shorter key). */
static bool
read_exact(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	unsigned char extra;
	return read(fd, &extra, 1) == 0;  /* and nothing after it */
}

/* Make the key file: O_EXCL so two creators cannot both win. */
static triage_status
key_create(const char *path, char *err, size_t errlen)
{
	unsigned char key[TRIAGE_RELEASE_KEY_LEN];
	triage_status st = TRIAGE_ERR_IO;
	if (getrandom(key, sizeof key, 0) != (ssize_t)sizeof key) {
		g_snprintf(err, errlen, "getrandom: %s", g_strerror(errno));
		return TRIAGE_ERR_IO;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			st = TRIAGE_OK;  /* someone else made it: read theirs */
		else
			g_snprintf(err, errlen, "%s: %s", path, g_strerror(errno));
		goto out;
	}
	/* Root creating it for the milter: hand it to the directory's owner. */
	char *dir = g_path_get_dirname(path);
	struct stat ds;
	if (geteuid() == 0 && stat(dir, &ds) == 0 && fchown(fd, ds.st_uid, ds.st_gid) != 0)
		g_snprintf(err, errlen, "%s: chown: %s", path, g_strerror(errno));
	g_free(dir);
	if (write(fd, key, sizeof key) != (ssize_t)sizeof key || fsync(fd) != 0) {
		g_snprintf(err, errlen, "%s: %s", path, g_strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	st = TRIAGE_OK;
out:
	memset(key, 0, sizeof key);
	return st;
}

triage_status
triage_release_key_load(const char *path, int create,
			unsigned char key[TRIAGE_RELEASE_KEY_LEN], char *err,
			size_t errlen)
{
	if (create && access(path, F_OK) != 0) {
		triage_status st = key_create(path, err, errlen);
		if (st != TRIAGE_OK)
			return st;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		g_snprintf(err, errlen, "%s: %s", path, g_strerror(errno));
		return TRIAGE_ERR_IO;
	}
	struct stat st;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (ok && (st.st_mode & 077)) {
		g_snprintf(err, errlen, "%s: readable by others (mode %03o): chmod 600 it",
			   path, (unsigned)(st.st_mode & 0777));
		close(fd);
		return TRIAGE_ERR_CONFIG;
	}
	if (!ok || !read_exact(fd, key, TRIAGE_RELEASE_KEY_LEN)) {
		g_snprintf(err, errlen, "%s: not a %d-byte key file", path, TRIAGE_RELEASE_KEY_LEN);
		close(fd);
		return TRIAGE_ERR_CONFIG;
	}
	close(fd);
	return TRIAGE_OK;
}

/* Hex HMAC-SHA256 of "id=<id>; t=<t>". */
static char *
mac_of(const unsigned char *key, size_t keylen, const char *id, long long t)
{
	char *msg = g_strdup_printf("id=%s; t=%lld", id, t);
	char *mac = g_compute_hmac_for_string(G_CHECKSUM_SHA256, key, keylen, msg, -1);
	g_free(msg);
	return mac;
}

char *
triage_release_sign(const unsigned char *key, size_t keylen, const char *id, time_t t)
{
	if (!triage_qstore_id_valid(id))
		return NULL;
	char *mac = mac_of(key, keylen, id, (long long)t);
	char *v = g_strdup_printf("id=%s; t=%lld; mac=%s", id, (long long)t, mac);
	g_free(mac);
	return v;
}

/* Compare without an early exit, so timing says nothing about the MAC. */
static bool
same(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	unsigned char d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

triage_status
triage_release_verify(const char *value, const unsigned char *key, size_t keylen,
		      time_t now, time_t max_age, char id_out[33])
{
	triage_status st = TRIAGE_CORRUPT;
	char *id = NULL, *mac = NULL, *want = NULL;
	long long t = -1;
	char **parts = g_strsplit(value ? value : "", ";", 8);
	for (size_t i = 0; parts[i]; i++) {
		char *kv = g_strstrip(parts[i]);
		if (g_str_has_prefix(kv, "id=") && id == NULL) {
			id = g_strdup(kv + 3);
		} else if (g_str_has_prefix(kv, "mac=") && mac == NULL) {
			mac = g_ascii_strdown(kv + 4, -1);
		} else if (g_str_has_prefix(kv, "t=") && t < 0) {
			char *end = NULL;
			guint64 v = g_ascii_strtoull(kv + 2, &end, 10);
			if (end == kv + 2 || *end != '\0' || v > G_MAXINT64 / 2)
				goto out;
			t = (long long)v;
		} else if (*kv) {
			goto out;  /* unknown member: not ours */
		}
	}
	if (!triage_qstore_id_valid(id) || mac == NULL || t < 0)
		goto out;
	want = mac_of(key, keylen, id, t);
	if (!same(want, mac))
		goto out;
	if (t > (long long)now + 300 || (long long)now - t > (long long)max_age) {
		st = TRIAGE_LIMIT;
		goto out;
	}
	if (id_out)
		g_strlcpy(id_out, id, 33);
	st = TRIAGE_OK;
out:
	g_strfreev(parts);
	g_free(id);
	g_free(mac);
	g_free(want);
	return st;
}
