/* main.c - triage-milter: options, start-up order, shutdown. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
	return true;
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
	/* Before any thread exists, so that every thread has SIGUSR1 blocked. */
	if (!tm_reload_start(&ov)) {
		tm_log(LOG_ERR, NULL, "cannot start the reload thread");
		goto out;
	}
	tm_log(LOG_INFO, NULL, "starting %s on %s with %zu rules from %s",
	       PACKAGE_VERSION, cfg->socket, triage_engine_rule_count(st->engine),
	       cfg->rules_dir);
	tm_state_install(st);
	st = NULL;
	rc = smfi_main() == MI_SUCCESS ? 0 : 1;
	drain();
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
