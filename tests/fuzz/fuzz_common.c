/* fuzz_common.c - engine set-up shared by the fuzz targets. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "fuzz_common.h"

static triage_scanner *scanner;

/* Build the engine once; rules from $TRIAGE_RULES or the source tree. */
static triage_scanner *
get_scanner(void)
{
	if (scanner)
		return scanner;
	const char *dir = getenv("TRIAGE_RULES");
	if (dir == NULL || *dir == '\0')
		dir = TRIAGE_FUZZ_RULES;
	triage_library_init();
	triage_config *cfg = triage_config_new();
	/* Small limits keep each input fast; the parsers see the same code paths. */
	cfg->limits.time_budget_ms = 5000;
	cfg->limits.max_object_size = 8 * 1024 * 1024;
	cfg->limits.max_total_size = 32 * 1024 * 1024;
	triage_engine *e = triage_engine_new();
	if (triage_engine_load(e, cfg, dir) != TRIAGE_OK) {
		fprintf(stderr, "fuzz: %s\n", triage_engine_error(e));
		abort();
	}
	scanner = triage_scanner_new(e);
	triage_engine_unref(&e);
	triage_config_free(&cfg);
	if (scanner == NULL)
		abort();
	return scanner;
}

void
fuzz_scan(const uint8_t *data, size_t size, int flags)
{
	triage_report *r = NULL;
	triage_scanner *s = get_scanner();
	if (triage_scanner_scan_mem(s, data, size, "fuzz", flags, &r) == TRIAGE_OK) {
		char *j = triage_report_to_json(r, NULL, TRIAGE_ACTION_ACCEPT, TRIAGE_JSON_TREE);
		g_free(j);
	}
	triage_report_free(&r);
}
