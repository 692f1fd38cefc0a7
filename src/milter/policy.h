/* policy.h - direction, allowlist and the action a verdict maps to. */
#ifndef TM_POLICY_H
#define TM_POLICY_H

#include <stdbool.h>
#include <sys/socket.h>
#include <glib.h>

#include "triage/triage.h"
#include "msg.h"

/* One finding as the milter keeps it (also synthetic ones). */
typedef struct tm_finding {
	char *category;
	triage_severity severity;
	char *rule;
	char *object;           /* path below the message, "message" for itself */
} tm_finding;

/* What the milter decided about one message. */
typedef struct tm_verdict {
	triage_direction direction;
	triage_severity severity;
	triage_action policy_action;  /* what the policy says */
	triage_action action;         /* what is done (may differ: allowlist, release, strip escalated) */
	GPtrArray *findings;          /* tm_finding *, strongest first */
	triage_report *report;        /* the scan's report (banner lines, strip targets) */
	const char *allowlisted;      /* "sender", "recipients" or NULL */
	char released[33];            /* store id of a valid release token, "" */
	GString *note;                /* key=value words for the log line */
	bool error;                   /* internal error: on_error decided */
	double scan_ms;
} tm_verdict;

void tm_verdict_init(tm_verdict *v);
void tm_verdict_clear(tm_verdict *v);
/* Add " word" to the verdict's log words (printf format). */
void tm_verdict_note(tm_verdict *v, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Copy the report's findings (object paths relative to the message). */
void tm_verdict_add_report(tm_verdict *v, const triage_report *r);
void tm_verdict_add(tm_verdict *v, const char *category, triage_severity sev,
		    const char *rule, const char *object);

/* Outbound: authenticated, internal client, or an outbound daemon name. */
triage_direction tm_policy_direction(const triage_config *cfg, const tm_conn *c,
				     const tm_msg *m);
/* "sender" / "recipients" when the allowlist matches, else NULL. */
const char *tm_policy_allowlisted(const triage_config *cfg, const tm_msg *m);
/* True when addr matches an entry: exact address or "@domain". */
bool tm_policy_address_match(char *const *list, const char *addr);
/* True when the socket address is inside one of the CIDR networks. */
bool tm_policy_in_networks(char *const *cidrs, const struct sockaddr *sa);
/* Fill severity, policy_action and action (the policy's) from the findings. */
void tm_policy_decide(const triage_config *cfg, tm_verdict *v);

#endif
