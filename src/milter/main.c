/* main.c - triage-milter: options, start-up order, shutdown. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib.h>
#include <libmilter/mfapi.h>

#include "triage/triage.h"
#include "callbacks.h"
#include "daemon.h"
#include "log.h"
#include "state.h"

#define DEFAULT_CONFIG TRIAGE_SYSCONFDIR "/triage-milter.conf"
/* How long SIGTERM waits for messages in flight. */
#define DRAIN_TIMEOUT_S 30

static void
usage(FILE *fp)
{
	fprintf(fp,
		"usage: triage-milter [-f] [-c CONFIG] [-p SOCKET] [-r RULES_DIR]\n"
		"       triage-milter -n [-c CONFIG] [-r RULES_DIR]\n"
		"       triage-milter -V\n"
		"  -c FILE    configuration file (default %s)\n"
		"  -p SOCKET  listen on SOCKET (unix:/path, inet:port@host, inet6:port@host)\n"
		"  -r DIR     rules directory\n"
		"  -f         stay in the foreground and log to stderr\n"
		"  -n         check the configuration and rules, then exit 0 (good) or 1\n"
		"  -V         print the version\n", DEFAULT_CONFIG);
}

/* The socket's directory and the spool must be usable before mail arrives. */
static bool
check_dirs(const triage_config *cfg, char *err, size_t errlen)
{
	if (!g_file_test(cfg->spool_dir, G_FILE_TEST_IS_DIR) ||
	    access(cfg->spool_dir, W_OK | X_OK) != 0) {
		snprintf(err, errlen, "spool_dir %s: not a writable directory", cfg->spool_dir);
		return false;
	}
	if (cfg->quarantine_dir && *cfg->quarantine_dir &&
	    g_mkdir_with_parents(cfg->quarantine_dir, 0700) != 0) {
		snprintf(err, errlen, "quarantine dir %s: %s", cfg->quarantine_dir,
			 g_strerror(errno));
		return false;
	}
	struct stat sb;
	if (cfg->quarantine_dir && *cfg->quarantine_dir &&
	    stat(cfg->quarantine_dir, &sb) == 0 && (sb.st_mode & 077) != 0) {
		/* Held mail is private: the store is for the milter's user only. */
		if (chmod(cfg->quarantine_dir, 0700) == 0)
			tm_log(LOG_NOTICE, NULL, "quarantine dir %s: mode set to 0700",
			       cfg->quarantine_dir);
		else
			tm_log(LOG_WARNING, NULL, "quarantine dir %s is readable by others: %s",
			       cfg->quarantine_dir, g_strerror(errno));
	}
	return true;
}

static pthread_t main_thread;
static gint milter_done;
static int milter_rc;

/* libmilter's loop, in its own thread: the main thread handles signals. */
static void *
milter_thread(void *arg)
{
	(void)arg;
	milter_rc = smfi_main() == MI_SUCCESS ? 0 : 1;
	g_atomic_int_set(&milter_done, 1);
	/* Wake the main thread if libmilter stopped on its own. */
	pthread_kill(main_thread, SIGTERM);
	return NULL;
}

/*
 * Every thread blocks the signals; the main thread waits for them.  So
 * SIGTERM/SIGHUP/SIGINT reach us, not libmilter's own signal thread (which
 * would stop at once and drop the sessions in flight), and SIGUSR1 reloads.
 */
static void
wait_for_stop(const sigset_t *set)
{
	for (;;) {
		int sig = 0;
		if (sigwait(set, &sig) != 0)
			continue;
		if (g_atomic_int_get(&milter_done))
			return;
		if (sig == SIGUSR1) {
			tm_reload_request();
			continue;
		}
		tm_log(LOG_INFO, NULL, "stopping on signal %d", sig);
		return;
	}
}

/* Wait (bounded) until no message is between MAIL FROM and its end. */
static void
drain(void)
{
	gint64 end = g_get_monotonic_time() + (gint64)DRAIN_TIMEOUT_S * G_USEC_PER_SEC;
	int n = tm_callbacks_in_flight();
	if (n > 0)
		tm_log(LOG_INFO, NULL, "stopping: waiting for %d message(s) in flight", n);
	while (tm_callbacks_in_flight() > 0 && g_get_monotonic_time() < end)
		g_usleep(20000);
	n = tm_callbacks_in_flight();
	if (n > 0)
		tm_log(LOG_WARNING, NULL, "stopping with %d message(s) unfinished (the MTA retries them)", n);
}

int
main(int argc, char **argv)
{
	tm_overrides ov = {0};
	bool foreground = false, check_only = false, pid_written = false;
	int opt, rc = 1;
	char err[4096];
	tm_state *st = NULL;
	char *pid_file = NULL;

	while ((opt = getopt(argc, argv, "c:p:r:fnVh")) != -1) {
		switch (opt) {
		case 'c': ov.config_path = optarg; break;
		case 'p': ov.socket = optarg; break;
		case 'r': ov.rules_dir = optarg; break;
		case 'f': foreground = true; break;
		case 'n': check_only = true; break;
		case 'V': printf("triage-milter %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 1;
	}
	if (ov.config_path == NULL && g_file_test(DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
		ov.config_path = DEFAULT_CONFIG;
	if (triage_library_init() != TRIAGE_OK) {
		fprintf(stderr, "triage-milter: cannot initialise libraries\n");
		return 1;
	}
	st = tm_state_load(&ov, err, sizeof err);
	if (st == NULL) {
		fprintf(stderr, "triage-milter: %s\n", err);
		goto out;
	}
	if (check_only) {
		printf("triage-milter: %s: configuration OK, %zu rules from %s\n",
		       ov.config_path ? ov.config_path : "(built-in defaults)",
		       triage_engine_rule_count(st->engine), st->cfg->rules_dir);
		rc = 0;
		goto out;
	}
	const triage_config *cfg = st->cfg;
	pid_file = g_strdup(cfg->pid_file);
	signal(SIGPIPE, SIG_IGN);
	if (smfi_register(tm_filter) == MI_FAILURE) {
		fprintf(stderr, "triage-milter: smfi_register failed\n");
		goto out;
	}
	if (smfi_setconn(cfg->socket) == MI_FAILURE) {
		fprintf(stderr, "triage-milter: bad socket %s\n", cfg->socket);
		goto out;
	}
	/* Bind now, as root, removing a stale unix socket left by a crash. */
	if (smfi_opensocket(true) == MI_FAILURE) {
		fprintf(stderr, "triage-milter: cannot open socket %s\n", cfg->socket);
		goto out;
	}
	if (!tm_socket_prepare(cfg->socket, cfg->socket_mode, cfg->user, cfg->group,
			       err, sizeof err)) {
		fprintf(stderr, "triage-milter: %s\n", err);
		goto out;
	}
	if (!foreground && !tm_daemonize(err, sizeof err)) {
		fprintf(stderr, "triage-milter: %s\n", err);
		goto out;
	}
	tm_log_open(foreground, cfg->syslog_facility);
	if (!foreground) {
		if (!tm_pidfile_write(pid_file, err, sizeof err)) {
			tm_log(LOG_ERR, NULL, "%s", err);
			goto out;
		}
		pid_written = true;
	}
	if (!tm_drop_privileges(cfg->user, cfg->group, err, sizeof err)) {
		tm_log(LOG_ERR, NULL, "%s", err);
		goto out;
	}
	if (!check_dirs(cfg, err, sizeof err)) {
		tm_log(LOG_ERR, NULL, "%s", err);
		goto out;
	}
	/* As the milter's user: the store and its release key belong to it. */
	if (!tm_state_open_store(st, err, sizeof err)) {
		tm_log(LOG_ERR, NULL, "%s", err);
		goto out;
	}
	/* Before any thread exists, so that every thread has them blocked. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	main_thread = pthread_self();
	if (!tm_reload_start(&ov)) {
		tm_log(LOG_ERR, NULL, "cannot start the reload thread");
		goto out;
	}
	tm_log(LOG_INFO, NULL, "starting %s on %s with %zu rules from %s",
	       PACKAGE_VERSION, cfg->socket, triage_engine_rule_count(st->engine),
	       cfg->rules_dir);
	tm_state_install(st);
	st = NULL;
	pthread_t mt;
	if (pthread_create(&mt, NULL, milter_thread, NULL) != 0) {
		tm_log(LOG_ERR, NULL, "cannot start the milter thread");
		goto out;
	}
	wait_for_stop(&sigs);
	if (!g_atomic_int_get(&milter_done)) {
		tm_callbacks_stop_new();
		drain();
		smfi_stop();
	}
	pthread_join(mt, NULL);
	rc = milter_rc;
	tm_log(LOG_INFO, NULL, "stopped");
out:
	tm_state_unref(&st);
	tm_state_shutdown();
	if (pid_written)
		tm_pidfile_remove(pid_file);
	g_free(pid_file);
	tm_log_close();
	triage_library_cleanup();
	return rc;
}
