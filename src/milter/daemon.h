/* daemon.h - daemon duties: background, pid file, socket owner, privileges. */
#ifndef TM_DAEMON_H
#define TM_DAEMON_H

#include <stdbool.h>
#include <stddef.h>

/* Fork into the background, new session, stdio on /dev/null, umask 027. */
bool tm_daemonize(char *err, size_t errlen);
/* Write our pid to path (0644, replaced atomically); "" writes nothing. */
bool tm_pidfile_write(const char *path, char *err, size_t errlen);
void tm_pidfile_remove(const char *path);
/*
 * Give a unix socket ("unix:/p" or "local:/p") the configured mode and, when
 * user is set, the user's and group's ownership; other sockets: nothing.
 */
bool tm_socket_prepare(const char *spec, unsigned mode, const char *user,
		       const char *group, char *err, size_t errlen);
/*
 * Drop root to user/group in one step: initgroups, setgid, setuid, each
 * checked, then verified.  An empty user means "stay as started".
 */
bool tm_drop_privileges(const char *user, const char *group, char *err,
			size_t errlen);

#endif
