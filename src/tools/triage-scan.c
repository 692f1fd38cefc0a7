/* triage-scan - run the triage engine over messages or files, offline. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "triage/triage.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
		"usage: triage-scan [-c CONFIG] [-r RULES_DIR] [--json] [--pretty] [--raw]\n"
		"                   [--outbound] [-q] [-v] FILE...\n"
		"       triage-scan -V\n"
		"Scan RFC 5322 messages (or, with --raw, single files) and print the verdict.\n"
		"Exit status: 0 accept/tag, 1 a stronger action, 2 error.\n");
}

/*
 * libgsf and GMime warn on stderr about every oddity of a hostile file;
 * admins see those only with -v (the findings say what matters).
 */
static void
quiet_log_handler(const gchar *domain, GLogLevelFlags level,
		  const gchar *message, gpointer user)
{
	(void)domain; (void)level; (void)message; (void)user;
}

/* Print the text form of one report. */
static void
print_text(const char *file, const triage_report *r, triage_action act,
	   int quiet)
{
	printf("%s: action=%s severity=%s findings=%zu time_ms=%.1f\n", file,
	       triage_action_name(act),
	       triage_severity_name(triage_report_severity(r)),
	       triage_report_nfindings(r), triage_report_time_ms(r));
	if (quiet)
		return;
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		printf("  %-8s %-28s %s  [%s]%s%s\n",
		       triage_severity_name(f->severity), f->category,
		       triage_object_path(f->object), f->rule,
		       *f->description ? " " : "", f->description);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"rules", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},
		{"pretty", no_argument, NULL, 'P'},
		{"raw", no_argument, NULL, 'R'},
		{"outbound", no_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *config_path = NULL, *rules_dir = NULL;
	int json = 0, pretty = 0, raw = 0, quiet = 0, verbose = 0, opt;
	triage_direction dir = TRIAGE_INBOUND;
	triage_config *cfg = NULL;
	triage_engine *eng = NULL;
	triage_scanner *sc = NULL;
	int rc = 2, worst = 0;
	char err[1024];

	while ((opt = getopt_long(argc, argv, "c:r:jRoqvVh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 'r': rules_dir = optarg; break;
		case 'j': json = 1; break;
		case 'P': json = 1; pretty = 1; break;
		case 'R': raw = 1; break;
		case 'o': dir = TRIAGE_OUTBOUND; break;
		case 'q': quiet = 1; break;
		case 'v': verbose = 1; break;
		case 'V': printf("triage-scan %s\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (!verbose)
		g_log_set_default_handler(quiet_log_handler, NULL);
	if (triage_library_init() != TRIAGE_OK) {
		fprintf(stderr, "triage-scan: cannot initialise libraries\n");
		return 2;
	}
	cfg = triage_config_new();
	if (config_path &&
	    triage_config_load(cfg, config_path, err, sizeof err) != TRIAGE_OK) {
		fprintf(stderr, "triage-scan: %s\n", err);
		goto out;
	}
	eng = triage_engine_new();
	if (triage_engine_load(eng, cfg, rules_dir) != TRIAGE_OK) {
		fprintf(stderr, "triage-scan: %s\n", triage_engine_error(eng));
		goto out;
	}
	sc = triage_scanner_new(eng);
	if (sc == NULL) {
		fprintf(stderr, "triage-scan: cannot create a scanner\n");
		goto out;
	}
	rc = 0;
	for (int i = optind; i < argc; i++) {
		triage_report *r = NULL;
		triage_status st = triage_scanner_scan_file(sc, argv[i],
			raw ? TRIAGE_SCAN_RAW : 0, &r);
		if (st != TRIAGE_OK) {
			fprintf(stderr, "triage-scan: %s: %s\n", argv[i],
				triage_scanner_error(sc));
			worst = 2;
			continue;
		}
		triage_action act = triage_config_action(cfg, dir,
			triage_report_severity(r));
		if (json) {
			char *text = triage_report_to_json(r, argv[i], act,
				TRIAGE_JSON_TREE | (pretty ? TRIAGE_JSON_PRETTY : 0));
			printf("%s\n", text);
			g_free(text);
		} else {
			print_text(argv[i], r, act, quiet);
		}
		if (triage_action_rank(act) > TRIAGE_ACTION_TAG && worst < 1)
			worst = 1;
		triage_report_free(&r);
	}
	rc = worst;
out:
	fflush(stdout);
	triage_scanner_free(&sc);
	triage_engine_unref(&eng);
	triage_config_free(&cfg);
	triage_library_cleanup();
	return rc;
}
