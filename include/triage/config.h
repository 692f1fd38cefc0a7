/* config.h - settings: limits, policy, daemon options, from one INI file. */
#ifndef TRIAGE_CONFIG_H
#define TRIAGE_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "triage/object.h"

/* What the policy does with a message (weakest first, except the last two). */
typedef enum triage_action {
	TRIAGE_ACTION_ACCEPT = 0,
	TRIAGE_ACTION_TAG,
	TRIAGE_ACTION_BANNER,
	TRIAGE_ACTION_STRIP,
	TRIAGE_ACTION_QUARANTINE,
	TRIAGE_ACTION_REJECT,
	TRIAGE_ACTION_DISCARD,
	TRIAGE_ACTION_TEMPFAIL
} triage_action;

typedef enum triage_direction {
	TRIAGE_INBOUND = 0,
	TRIAGE_OUTBOUND = 1
} triage_direction;

/* Engine limits; every one is a [limits] key of the same name. */
typedef struct triage_limits {
	int max_depth;              /* layers below the message */
	uint64_t max_members;       /* members read per archive */
	uint64_t max_objects;       /* objects per message */
	uint64_t max_object_size;   /* decoded bytes per object */
	uint64_t max_total_size;    /* decoded bytes per message */
	uint64_t max_ratio;         /* expanded:compressed per member */
	uint64_t ratio_min_size;    /* ratio applies above this size */
	uint64_t time_budget_ms;    /* per-message analysis time */
	uint64_t max_mime_parts;    /* MIME parts per message */
	uint64_t max_passwords;     /* candidate passwords tried */
	uint64_t spill_size;        /* objects above this go to a temp file */
	uint64_t max_vba_modules;   /* VBA modules per project */
	uint64_t max_ole_streams;   /* streams per OLE file */
	uint64_t max_embedded;      /* embedded objects per document */
} triage_limits;

/* Severity -> action map for one direction. */
typedef struct triage_policy {
	triage_action by_severity[TRIAGE_SEV_CRITICAL + 1];
	char *subject_prefix;       /* "" for none; UTF-8 */
} triage_policy;

/* The whole configuration; filled with defaults, then from a file. */
typedef struct triage_config {
	char *path;                 /* file it was read from, or NULL */
	/* [milter] */
	char *socket;
	unsigned socket_mode;
	char *user;
	char *group;
	char *pid_file;
	char *spool_dir;
	char *syslog_facility;
	uint64_t max_message_size;
	uint64_t spool_memory;      /* bytes kept in memory before spooling */
	char **internal_networks;   /* CIDR list */
	char **outbound_daemon_names;
	/* [rules] */
	char *rules_dir;
	/* [limits] */
	triage_limits limits;
	/* [policy] and [policy.outbound] */
	triage_policy policy[2];
	triage_action on_error;     /* TEMPFAIL or ACCEPT */
	/* [banner] */
	char *banner_dir;           /* template folder; "" = the installed ones */
	char *banner_text_file;
	char *banner_html_file;
	char **banner_languages;
	/* [quarantine] */
	char *quarantine_dir;
	bool quarantine_hold;
	char *sendmail_command;
	/* [allowlist] */
	char **allow_senders;
	char **allow_recipients;
	/* temp files */
	char *tmp_dir;
} triage_config;

/* A config with every default set (never NULL). */
triage_config *triage_config_new(void);
/*
 * Read an INI file over `cfg`.  On error returns TRIAGE_ERR_CONFIG and
 * writes "file:line: message" into err.
 */
triage_status triage_config_load(triage_config *cfg, const char *path,
				 char *err, size_t errlen);
void triage_config_free(triage_config **cfg);

/* Action for a severity in a direction. */
triage_action triage_config_action(const triage_config *cfg,
				   triage_direction dir, triage_severity sev);

const char *triage_action_name(triage_action a);
/* Parse an action name; -1 when unknown. */
int triage_action_parse(const char *s);
/* Rank for "stronger than" comparisons (accept 0 ... reject/discard 5). */
int triage_action_rank(triage_action a);

#endif
