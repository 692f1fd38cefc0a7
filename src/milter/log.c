/* log.c - syslog or stderr, one line per call. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "log.h"

static bool log_stderr = true;
static bool log_opened;

static const struct { const char *name; int code; } facility_names[] = {
	{"mail", LOG_MAIL}, {"daemon", LOG_DAEMON}, {"user", LOG_USER},
	{"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
	{"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
	{"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

/* Facility code of a name; LOG_MAIL when unknown (the config checked it). */
int
tm_log_facility(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(facility_names); i++)
		if (name && g_ascii_strcasecmp(name, facility_names[i].name) == 0)
			return facility_names[i].code;
	return LOG_MAIL;
}

/*
 * GLib, GMime and libgsf complain on hostile input (bad CFB chains, broken
 * MIME): those lines go to our log at debug level instead of a stderr that
 * is /dev/null once the daemon runs in the background.
 */
static void
glib_log_handler(const gchar *domain, GLogLevelFlags level,
		 const gchar *message, gpointer user)
{
	(void)user;
	int prio = (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) ?
		   LOG_INFO : LOG_DEBUG;
	tm_log(prio, NULL, "library %s: %s", domain ? domain : "glib",
	       message ? message : "");
}

void
tm_log_open(bool to_stderr, const char *facility)
{
	log_stderr = to_stderr;
	if (!to_stderr) {
		openlog("triage-milter", LOG_PID | LOG_NDELAY, tm_log_facility(facility));
		log_opened = true;
	}
	g_log_set_default_handler(glib_log_handler, NULL);
}

void
tm_log_set_facility(const char *facility)
{
	if (log_stderr)
		return;
	closelog();
	openlog("triage-milter", LOG_PID | LOG_NDELAY, tm_log_facility(facility));
}

void
tm_log_close(void)
{
	if (log_opened)
		closelog();
	log_opened = false;
}

/* Format once, then write the line in one call so threads do not interleave. */
void
tm_log(int prio, const char *qid, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Values come from the network: no line breaks inside one log line. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (log_stderr) {
		if (qid)
			fprintf(stderr, "%s: %s\n", qid, msg);
		else
			fprintf(stderr, "triage-milter: %s\n", msg);
		fflush(stderr);
	} else if (qid) {
		syslog(prio, "%s: %s", qid, msg);
	} else {
		syslog(prio, "%s", msg);
	}
}
