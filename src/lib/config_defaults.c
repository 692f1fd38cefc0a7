/* config_defaults.c - the built-in configuration and action names. */
#include "config.h"

#include <glib.h>

#include "triage/config.h"

#define MiB (1024ull * 1024ull)

/* A config with every default set. */
triage_config *
triage_config_new(void)
{
	triage_config *c = g_new0(triage_config, 1);
	c->socket = g_strdup("unix:/run/triage-milter/triage-milter.sock");
	c->socket_mode = 0660;
	c->user = g_strdup("triage-milter");
	c->group = g_strdup("triage-milter");
	c->pid_file = g_strdup("/run/triage-milter/triage-milter.pid");
	c->spool_dir = g_strdup("/var/spool/triage-milter");
	c->syslog_facility = g_strdup("mail");
	c->max_message_size = 64 * MiB;
	c->spool_memory = 1 * MiB;
	c->internal_networks = g_new0(char *, 1);
	c->outbound_daemon_names = g_new0(char *, 1);
	c->rules_dir = g_strdup(TRIAGE_RULES_DIR);

	c->limits.max_depth = 10;
	c->limits.max_members = 10000;
	c->limits.max_objects = 5000;
	c->limits.max_object_size = 64 * MiB;
	c->limits.max_total_size = 256 * MiB;
	c->limits.max_ratio = 100;
	c->limits.ratio_min_size = 1 * MiB;
	c->limits.time_budget_ms = 30000;
	c->limits.max_mime_parts = 1000;
	c->limits.max_passwords = 16;
	c->limits.spill_size = 4 * MiB;
	c->limits.max_vba_modules = 500;
	c->limits.max_ole_streams = 10000;
	c->limits.max_embedded = 256;

	triage_policy *in = &c->policy[TRIAGE_INBOUND];
	in->by_severity[TRIAGE_SEV_NONE] = TRIAGE_ACTION_ACCEPT;
	in->by_severity[TRIAGE_SEV_INFO] = TRIAGE_ACTION_ACCEPT;
	in->by_severity[TRIAGE_SEV_LOW] = TRIAGE_ACTION_TAG;
	in->by_severity[TRIAGE_SEV_MEDIUM] = TRIAGE_ACTION_BANNER;
	in->by_severity[TRIAGE_SEV_HIGH] = TRIAGE_ACTION_QUARANTINE;
	in->by_severity[TRIAGE_SEV_CRITICAL] = TRIAGE_ACTION_REJECT;
	in->subject_prefix = g_strdup("");

	/* An infected PC must not send Emotet on to partners. */
	triage_policy *out = &c->policy[TRIAGE_OUTBOUND];
	out->by_severity[TRIAGE_SEV_NONE] = TRIAGE_ACTION_ACCEPT;
	out->by_severity[TRIAGE_SEV_INFO] = TRIAGE_ACTION_ACCEPT;
	out->by_severity[TRIAGE_SEV_LOW] = TRIAGE_ACTION_TAG;
	out->by_severity[TRIAGE_SEV_MEDIUM] = TRIAGE_ACTION_TAG;
	out->by_severity[TRIAGE_SEV_HIGH] = TRIAGE_ACTION_REJECT;
	out->by_severity[TRIAGE_SEV_CRITICAL] = TRIAGE_ACTION_REJECT;
	out->subject_prefix = g_strdup("");

	c->on_error = TRIAGE_ACTION_TEMPFAIL;
	c->banner_dir = g_strdup("");
	c->banner_text_file = g_strdup("");
	c->banner_html_file = g_strdup("");
	c->banner_languages = g_strsplit("en", ",", -1);
	c->quarantine_dir = g_strdup("/var/lib/triage-milter/quarantine");
	c->quarantine_hold = true;
	c->sendmail_command = g_strdup("/usr/sbin/sendmail");
	c->allow_senders = g_new0(char *, 1);
	c->allow_recipients = g_new0(char *, 1);
	c->tmp_dir = g_strdup(g_get_tmp_dir());
	return c;
}

/* Free a config (also a partly filled one) and NULL the pointer. */
void
triage_config_free(triage_config **cp)
{
	triage_config *c = cp ? *cp : NULL;
	if (c == NULL)
		return;
	*cp = NULL;
	g_free(c->path);
	g_free(c->socket);
	g_free(c->user);
	g_free(c->group);
	g_free(c->pid_file);
	g_free(c->spool_dir);
	g_free(c->syslog_facility);
	g_strfreev(c->internal_networks);
	g_strfreev(c->outbound_daemon_names);
	g_free(c->rules_dir);
	g_free(c->policy[0].subject_prefix);
	g_free(c->policy[1].subject_prefix);
	g_free(c->banner_dir);
	g_free(c->banner_text_file);
	g_free(c->banner_html_file);
	g_strfreev(c->banner_languages);
	g_free(c->quarantine_dir);
	g_free(c->sendmail_command);
	g_strfreev(c->allow_senders);
	g_strfreev(c->allow_recipients);
	g_free(c->tmp_dir);
	g_free(c);
}

/* Action for a severity in a direction. */
triage_action
triage_config_action(const triage_config *cfg, triage_direction dir,
		     triage_severity sev)
{
	if ((int)sev < 0 || sev > TRIAGE_SEV_CRITICAL)
		sev = TRIAGE_SEV_CRITICAL;
	return cfg->policy[dir == TRIAGE_OUTBOUND ? 1 : 0].by_severity[sev];
}

static const char *action_names[] = {
	"accept", "tag", "banner", "strip", "quarantine", "reject",
	"discard", "tempfail"
};

const char *
triage_action_name(triage_action a)
{
	if ((int)a < 0 || a > TRIAGE_ACTION_TEMPFAIL)
		return "accept";
	return action_names[a];
}

int
triage_action_parse(const char *s)
{
	for (int i = 0; i <= TRIAGE_ACTION_TEMPFAIL; i++)
		if (s && g_ascii_strcasecmp(s, action_names[i]) == 0)
			return i;
	return -1;
}

/* Rank for comparisons: discard and tempfail count as strong as reject. */
int
triage_action_rank(triage_action a)
{
	if (a >= TRIAGE_ACTION_REJECT)
		return TRIAGE_ACTION_REJECT;
	return (int)a;
}
