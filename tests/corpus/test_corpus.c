/* test_corpus.c - every labelled corpus message lands in its action range. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testhelp.h"

/*
 * The corpus (../shared/corpus/MANIFEST.tsv beside the checkout, or
 * $TRIAGE_CORPUS) is read, never copied.  Each row is one test: the message
 * must reach min_action with all its categories and stay at or below
 * max_action.  Rows listed in tests/corpus/known-gaps.txt are expected to
 * miss (Office analyzers pending); one that passes must be taken off the list.
 */

typedef struct row {
	char *file;
	char **categories;   /* expected, with implied macro levels added */
	triage_action min_action, max_action;
	char *gap;           /* reason from known-gaps.txt, or NULL */
} row;

static char *corpus_dir;
static triage_engine *engine;
static triage_scanner *scanner;
static triage_config *config;

/* Add the levels the manifest leaves implicit. */
static char **
expand_categories(const char *list)
{
	GPtrArray *a = g_ptr_array_new();
	char **parts = g_strsplit(list, ",", -1);
	for (char **p = parts; *p; p++) {
		char *c = g_strstrip(*p);
		if (*c == '\0')
			continue;
		g_ptr_array_add(a, g_strdup(c));
		if (strcmp(c, "macro-vba-suspicious") == 0) {
			g_ptr_array_add(a, g_strdup("macro-vba-autoexec"));
			g_ptr_array_add(a, g_strdup("macro-vba"));
		} else if (strcmp(c, "macro-vba-autoexec") == 0) {
			g_ptr_array_add(a, g_strdup("macro-vba"));
		} else if (strcmp(c, "macro-xlm-hidden") == 0) {
			g_ptr_array_add(a, g_strdup("macro-xlm"));
		}
	}
	g_strfreev(parts);
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

/* known-gaps.txt: "file<TAB or space>reason" per line, # comments. */
static GHashTable *
load_gaps(void)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char *src = getenv("TRIAGE_SRCDIR");
	char *path = g_build_filename(src ? src : ".", "tests", "corpus",
				      "known-gaps.txt", NULL);
	char *text = NULL;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l; l++) {
			char *s = g_strstrip(*l);
			if (*s == '\0' || *s == '#')
				continue;
			char *sp = strpbrk(s, " \t");
			char *reason = sp ? g_strstrip(g_strdup(sp)) : g_strdup("");
			if (sp)
				*sp = '\0';
			g_hash_table_insert(h, g_strdup(s), reason);
		}
		g_strfreev(lines);
	}
	g_free(text);
	g_free(path);
	return h;
}

static bool
has_category(const triage_report *r, const char *c)
{
	return th_has_category(r, c);
}

/* Scan one message and check it against its row. */
static void
test_row(void **state)
{
	row *rw = *state;
	char *path = g_build_filename(corpus_dir, rw->file, NULL);
	triage_report *r = NULL;
	triage_status st = triage_scanner_scan_file(scanner, path, 0, &r);
	g_free(path);
	if (st != TRIAGE_OK)
		fail_msg("%s: scan failed: %s", rw->file, triage_scanner_error(scanner));
	triage_action act = triage_config_action(config, TRIAGE_INBOUND,
						 triage_report_severity(r));
	GString *why = g_string_new("");
	if (triage_action_rank(act) < triage_action_rank(rw->min_action))
		g_string_append_printf(why, " action %s < min %s;",
				       triage_action_name(act),
				       triage_action_name(rw->min_action));
	if (triage_action_rank(act) > triage_action_rank(rw->max_action))
		g_string_append_printf(why, " action %s > max %s;",
				       triage_action_name(act),
				       triage_action_name(rw->max_action));
	for (char **c = rw->categories; *c; c++)
		if (!has_category(r, *c))
			g_string_append_printf(why, " missing %s;", *c);
	GString *got = g_string_new("");
	for (size_t i = 0; i < triage_report_nfindings(r); i++) {
		const triage_finding *f = triage_report_finding(r, i);
		g_string_append_printf(got, " %s(%s)", f->category,
				       triage_severity_name(f->severity));
	}
	bool ok = why->len == 0;
	if (rw->gap) {
		print_message("known gap %s: %s -> %s%s\n", rw->file, rw->gap,
			      ok ? "now passes" : "still missing:", why->str);
		if (ok)
			fail_msg("%s passes: remove it from tests/corpus/known-gaps.txt",
				 rw->file);
	} else if (!ok) {
		th_dump(r);
		fail_msg("%s:%s  (findings:%s)", rw->file, why->str, got->str);
	}
	g_string_free(why, TRUE);
	g_string_free(got, TRUE);
	triage_report_free(&r);
}

static void
row_free(row *rw)
{
	g_free(rw->file);
	g_strfreev(rw->categories);
	g_free(rw->gap);
	g_free(rw);
}

int
main(void)
{
	const char *env = getenv("TRIAGE_CORPUS");
	const char *src = getenv("TRIAGE_SRCDIR");
	corpus_dir = env && *env ? g_strdup(env)
		: g_build_filename(src ? src : ".", "..", "shared", "corpus", NULL);
	char *manifest = g_build_filename(corpus_dir, "MANIFEST.tsv", NULL);
	char *text = NULL;
	if (!g_file_get_contents(manifest, &text, NULL, NULL)) {
		printf("corpus not found at %s: skipping (set TRIAGE_CORPUS)\n", corpus_dir);
		g_free(manifest);
		g_free(corpus_dir);
		return 77;
	}
	GHashTable *gaps = load_gaps();
	GPtrArray *rows = g_ptr_array_new();
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *line = *l;
		g_strchomp(line);
		if (*line == '\0' || g_str_has_prefix(line, "file\t"))
			continue;
		char **f = g_strsplit(line, "\t", -1);
		if (g_strv_length(f) < 4) {
			g_strfreev(f);
			continue;
		}
		row *rw = g_new0(row, 1);
		rw->file = g_strdup(f[0]);
		rw->categories = expand_categories(f[1]);
		int mn = triage_action_parse(f[2]), mx = triage_action_parse(f[3]);
		rw->min_action = mn < 0 ? TRIAGE_ACTION_ACCEPT : (triage_action)mn;
		rw->max_action = mx < 0 ? TRIAGE_ACTION_REJECT : (triage_action)mx;
		const char *gap = g_hash_table_lookup(gaps, rw->file);
		rw->gap = gap ? g_strdup(gap) : NULL;
		g_ptr_array_add(rows, rw);
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);

	config = triage_config_new();
	engine = th_engine(NULL, config);
	scanner = triage_scanner_new(engine);
	if (scanner == NULL) {
		fprintf(stderr, "cannot create scanner\n");
		return 1;
	}
	struct CMUnitTest *tests = g_new0(struct CMUnitTest, rows->len);
	for (guint i = 0; i < rows->len; i++) {
		row *rw = g_ptr_array_index(rows, i);
		tests[i].name = rw->file;
		tests[i].test_func = test_row;
		tests[i].initial_state = rw;
	}
	int rc = _cmocka_run_group_tests("corpus", tests, rows->len, NULL, NULL);

	g_free(tests);
	for (guint i = 0; i < rows->len; i++)
		row_free(g_ptr_array_index(rows, i));
	g_ptr_array_free(rows, TRUE);
	g_hash_table_destroy(gaps);
	triage_scanner_free(&scanner);
	triage_engine_unref(&engine);
	triage_config_free(&config);
	triage_library_cleanup();
	g_free(manifest);
	g_free(corpus_dir);
	return rc;
}
