/* daemon.c - background, pid file, socket ownership, privilege drop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>

#include "daemon.h"

bool
tm_daemonize(char *err, size_t errlen)
{
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", g_strerror(errno));
		return false;
	}
	if (pid > 0)
		_exit(0);
	if (setsid() < 0) {
		snprintf(err, errlen, "setsid: %s", g_strerror(errno));
		return false;
	}
	/* A second fork: never reacquire a controlling terminal. */
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", g_strerror(errno));
		return false;
	}
	if (pid > 0)
		_exit(0);
	umask(027);
	if (chdir("/") != 0) {
		snprintf(err, errlen, "chdir /: %s", g_strerror(errno));
		return false;
	}
	int fd = open("/dev/null", O_RDWR);
	if (fd < 0) {
		snprintf(err, errlen, "/dev/null: %s", g_strerror(errno));
		return false;
	}
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	return true;
}

bool
tm_pidfile_write(const char *path, char *err, size_t errlen)
{
	GError *gerr = NULL;
	if (path == NULL || *path == '\0')
		return true;
	char *text = g_strdup_printf("%ld\n", (long)getpid());
	bool ok = g_file_set_contents_full(path, text, -1,
		G_FILE_SET_CONTENTS_CONSISTENT, 0644, &gerr);
	if (!ok)
		snprintf(err, errlen, "pid file: %s", gerr->message);
	g_clear_error(&gerr);
	g_free(text);
	return ok;
}

void
tm_pidfile_remove(const char *path)
{
	if (path && *path)
		unlink(path); /* may fail after the privilege drop: harmless */
}

/* Look up uid/gid of user and group (group "" = the user's primary group). */
static bool
lookup_ids(const char *user, const char *group, uid_t *uid, gid_t *gid,
	   char *err, size_t errlen)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		snprintf(err, errlen, "unknown user \"%s\"", user);
		return false;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (group && *group) {
		struct group *gr = getgrnam(group);
		if (gr == NULL) {
			snprintf(err, errlen, "unknown group \"%s\"", group);
			return false;
		}
		*gid = gr->gr_gid;
	}
	return true;
}

bool
tm_socket_prepare(const char *spec, unsigned mode, const char *user,
		  const char *group, char *err, size_t errlen)
{
	const char *path = NULL;
	if (g_str_has_prefix(spec, "unix:"))
		path = spec + 5;
	else if (g_str_has_prefix(spec, "local:"))
		path = spec + 6;
	else
		return true;
	if (user && *user && geteuid() == 0) {
		uid_t uid;
		gid_t gid;
		if (!lookup_ids(user, group, &uid, &gid, err, errlen))
			return false;
		if (chown(path, uid, gid) != 0) {
			snprintf(err, errlen, "chown %s: %s", path, g_strerror(errno));
			return false;
		}
	}
	if (chmod(path, (mode_t)mode) != 0) {
		snprintf(err, errlen, "chmod %s: %s", path, g_strerror(errno));
		return false;
	}
	return true;
}

/* initgroups, setgid, setuid; then make sure root can not be regained. */
bool
tm_drop_privileges(const char *user, const char *group, char *err,
		   size_t errlen)
{
	uid_t uid;
	gid_t gid;
	if (user == NULL || *user == '\0')
		return true;
	if (!lookup_ids(user, group, &uid, &gid, err, errlen))
		return false;
	if (geteuid() != 0) {
		if (geteuid() == uid)
			return true;
		snprintf(err, errlen, "must start as root to become user \"%s\"", user);
		return false;
	}
	if (initgroups(user, gid) != 0) {
		snprintf(err, errlen, "initgroups %s: %s", user, g_strerror(errno));
		return false;
	}
	if (setgid(gid) != 0) {
		snprintf(err, errlen, "setgid %ld: %s", (long)gid, g_strerror(errno));
		return false;
	}
	if (setuid(uid) != 0) {
		snprintf(err, errlen, "setuid %ld: %s", (long)uid, g_strerror(errno));
		return false;
	}
	if (uid != 0 && (setuid(0) == 0 || geteuid() == 0)) {
		snprintf(err, errlen, "privileges could be regained after setuid");
		return false;
	}
	return true;
}
