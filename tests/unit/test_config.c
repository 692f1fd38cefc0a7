/* test_config.c - the INI reader: every key, and file:line for every error. */
#include "testhelp.h"

#include <string.h>

/* Write text to a fresh file and load it over the defaults. */
static triage_status
load_text(const char *text, triage_config **out, char *err, size_t errlen,
	  char **path_out)
{
	char *dir = th_tmpdir();
	char *path = g_build_filename(dir, "t.conf", NULL);
	th_write_file(path, text, strlen(text));
	*out = triage_config_new();
	triage_status st = triage_config_load(*out, path, err, errlen);
	if (path_out)
		*path_out = g_strdup(path);
	th_rmtree(dir);
	g_free(dir);
	g_free(path);
	return st;
}

static const char every_key[] =
	"# every key once\n"
	"[milter]\n"
	"socket = inet:8891@127.0.0.1\n"
	"socket_mode = 0666\n"
	"user = mailfilter\n"
	"group = mail\n"
	"pid_file = /run/x.pid\n"
	"spool_dir = /var/spool/x\n"
	"spool_memory = 256K\n"
	"tmp_dir = /var/tmp\n"
	"syslog_facility = LOCAL3\n"
	"max_message_size = 2G\n"
	"internal_networks = 10.0.0.0/8, 192.168.1.5 ,2001:db8::/32\n"
	"outbound_daemon_names = submission,smtps\n"
	"[rules]\n"
	"dir = /etc/x/rules\n"
	"[limits]\n"
	"max_depth = 7\n"
	"max_members = 11\n"
	"max_objects = 12\n"
	"max_object_size = 13M\n"
	"max_total_size = 14M\n"
	"max_ratio = 15\n"
	"ratio_min_size = 16K\n"
	"time_budget_ms = 17\n"
	"max_mime_parts = 18\n"
	"max_passwords = 19\n"
	"spill_size = 20\n"
	"max_vba_modules = 21\n"
	"max_ole_streams = 22\n"
	"max_embedded = 23\n"
	"[policy]\n"
	"critical = discard\n"
	"high = reject\n"
	"medium = quarantine\n"
	"low = banner\n"
	"info = tag\n"
	"on_error = accept\n"
	"subject_prefix = [要注意]\n"
	"[policy.outbound]\n"
	"critical = quarantine\n"
	"high = tag\n"
	"medium = accept\n"
	"low = strip\n"
	"info = accept\n"
	"subject_prefix = [OUT]\n"
	"[banner]\n"
	"text_file = /etc/x/banner.txt\n"
	"html_file = /etc/x/banner.html\n"
	"languages = ja, en\n"
	"[quarantine]\n"
	"dir = /var/lib/x/q\n"
	"hold = no\n"
	"sendmail_command = /usr/lib/sendmail\n"
	"[allowlist]\n"
	"senders = boss@example.com, @partner.example\n"
	"recipients = postmaster@example.com\n";

static void
test_every_key(void **state)
{
	(void)state;
	triage_config *c = NULL;
	char err[512];
	assert_int_equal(load_text(every_key, &c, err, sizeof err, NULL), TRIAGE_OK);
	assert_string_equal(c->socket, "inet:8891@127.0.0.1");
	assert_int_equal(c->socket_mode, 0666);
	assert_string_equal(c->user, "mailfilter");
	assert_string_equal(c->group, "mail");
	assert_string_equal(c->pid_file, "/run/x.pid");
	assert_string_equal(c->spool_dir, "/var/spool/x");
	assert_int_equal(c->spool_memory, 256 * 1024);
	assert_string_equal(c->tmp_dir, "/var/tmp");
	assert_string_equal(c->syslog_facility, "local3");
	assert_true(c->max_message_size == 2ull * 1024 * 1024 * 1024);
	assert_int_equal(g_strv_length(c->internal_networks), 3);
	assert_string_equal(c->internal_networks[1], "192.168.1.5");
	assert_string_equal(c->outbound_daemon_names[1], "smtps");
	assert_string_equal(c->rules_dir, "/etc/x/rules");
	assert_int_equal(c->limits.max_depth, 7);
	assert_int_equal(c->limits.max_members, 11);
	assert_int_equal(c->limits.max_objects, 12);
	assert_int_equal(c->limits.max_object_size, 13 * 1024 * 1024);
	assert_int_equal(c->limits.max_total_size, 14 * 1024 * 1024);
	assert_int_equal(c->limits.max_ratio, 15);
	assert_int_equal(c->limits.ratio_min_size, 16 * 1024);
	assert_int_equal(c->limits.time_budget_ms, 17);
	assert_int_equal(c->limits.max_mime_parts, 18);
	assert_int_equal(c->limits.max_passwords, 19);
	assert_int_equal(c->limits.spill_size, 20);
	assert_int_equal(c->limits.max_vba_modules, 21);
	assert_int_equal(c->limits.max_ole_streams, 22);
	assert_int_equal(c->limits.max_embedded, 23);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_CRITICAL), TRIAGE_ACTION_DISCARD);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_HIGH), TRIAGE_ACTION_REJECT);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_MEDIUM), TRIAGE_ACTION_QUARANTINE);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_LOW), TRIAGE_ACTION_BANNER);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_INFO), TRIAGE_ACTION_TAG);
	assert_int_equal(c->on_error, TRIAGE_ACTION_ACCEPT);
	assert_string_equal(c->policy[TRIAGE_INBOUND].subject_prefix, "[要注意]");
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_CRITICAL), TRIAGE_ACTION_QUARANTINE);
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_HIGH), TRIAGE_ACTION_TAG);
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_MEDIUM), TRIAGE_ACTION_ACCEPT);
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_LOW), TRIAGE_ACTION_STRIP);
	assert_string_equal(c->policy[TRIAGE_OUTBOUND].subject_prefix, "[OUT]");
	assert_string_equal(c->banner_text_file, "/etc/x/banner.txt");
	assert_string_equal(c->banner_html_file, "/etc/x/banner.html");
	assert_string_equal(c->banner_languages[0], "ja");
	assert_string_equal(c->quarantine_dir, "/var/lib/x/q");
	assert_false(c->quarantine_hold);
	assert_string_equal(c->sendmail_command, "/usr/lib/sendmail");
	assert_string_equal(c->allow_senders[1], "@partner.example");
	assert_string_equal(c->allow_recipients[0], "postmaster@example.com");
	assert_null(c->allow_recipients[1]);
	triage_config_free(&c);
	assert_null(c);
}

/* A small file changes only what it names; defaults stay. */
static void
test_defaults_kept(void **state)
{
	(void)state;
	triage_config *c = NULL, *d = triage_config_new();
	char err[512];
	assert_int_equal(load_text("[policy]\nhigh = reject\n", &c, err, sizeof err, NULL), TRIAGE_OK);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_HIGH), TRIAGE_ACTION_REJECT);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_CRITICAL),
			 triage_config_action(d, TRIAGE_INBOUND, TRIAGE_SEV_CRITICAL));
	assert_true(c->max_message_size == d->max_message_size);
	assert_string_equal(c->socket, d->socket);
	triage_config_free(&c);
	triage_config_free(&d);
}

/* Each bad file must fail with "path:line: text". */
static const struct {
	const char *text;
	int line;
	const char *msg;
} bad_cases[] = {
	{"[milter]\nsocket = unix:/x\nbogus = 1\n", 3, "unknown key \"bogus\" in [milter]"},
	{"# c\n\n[nosuch]\n", 3, "unknown section [nosuch]"},
	{"[limits]\nmax_depth = 4\nmax_members = many\n", 3, "max_members: \"many\" is not a non-negative number"},
	{"[milter]\nmax_message_size = 10X\n", 2, "is not a size"},
	{"[milter]\nmax_message_size = 99999999999999999999G\n", 2, "is not a size"},
	{"[limits]\nmax_depth = 5000\n", 2, "max_depth"},
	{"[quarantine]\nhold = perhaps\n", 2, "hold: \"perhaps\" is not true/false/yes/no"},
	{"[policy]\nhigh = nuke\n", 2, "unknown action \"nuke\""},
	{"[policy]\non_error = reject\n", 2, "is not tempfail or accept"},
	{"[policy.outbound]\non_error = accept\n", 2, "unknown key \"on_error\" in [policy.outbound]"},
	{"[milter]\nsyslog_facility = kern\n", 2, "unknown syslog facility"},
	{"[milter]\nsocket = /tmp/sock\n", 2, "is not unix:/path"},
	{"[milter]\nsocket_mode = 0999\n", 2, "octal mode"},
	{"[milter]\ninternal_networks = 10.0.0.0/8, 300.1.1.1\n", 2, "\"300.1.1.1\" is not an address or CIDR network"},
	{"[milter]\nspool_dir =\n", 2, "spool_dir: must not be empty"},
	{"[milter]\nuser = a\n\n[policy]\nhigh = tag\nhigh = reject\n", 6, "duplicate key \"high\" in [policy] (first on line 5)"},
	{"socket = unix:/x\n", 1, "key outside of any [section]"},
	{"[milter]\nthis line is wrong\n", 2, "syntax error"},
	{"[milter\n", 1, "syntax error: bad group header"},
	{"[rules]\n = x\n", 2, "empty key name"},
};

static void
test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		triage_config *c = NULL;
		char err[512], *path = NULL;
		triage_status st = load_text(bad_cases[i].text, &c, err, sizeof err, &path);
		char *want = g_strdup_printf("%s:%d: ", path, bad_cases[i].line);
		if (st != TRIAGE_ERR_CONFIG || !g_str_has_prefix(err, want) ||
		    strstr(err, bad_cases[i].msg) == NULL)
			fail_msg("case %zu: status %d, error \"%s\", want \"%s...%s\"",
				 i, st, err, want, bad_cases[i].msg);
		g_free(want);
		g_free(path);
		triage_config_free(&c);
	}
}

static void
test_missing_file(void **state)
{
	(void)state;
	triage_config *c = triage_config_new();
	char err[512];
	assert_int_equal(triage_config_load(c, "/nonexistent/t.conf", err, sizeof err),
			 TRIAGE_ERR_CONFIG);
	assert_true(g_str_has_prefix(err, "/nonexistent/t.conf: "));
	triage_config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_defaults_kept),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
