/* log.h - syslog or stderr, every message line starting with the queue id. */
#ifndef TM_LOG_H
#define TM_LOG_H

#include <stdbool.h>
#include <syslog.h>

/* Log to stderr (foreground) or to syslog with the named facility. */
void tm_log_open(bool to_stderr, const char *facility);
void tm_log_close(void);
/* Change the facility (on reload); ignored when logging to stderr. */
void tm_log_set_facility(const char *facility);
/* One line "qid: text"; qid NULL logs a daemon line without prefix. */
void tm_log(int prio, const char *qid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Facility code of a name ("mail", "local3"); LOG_MAIL when unknown. */
int tm_log_facility(const char *name);

#endif
