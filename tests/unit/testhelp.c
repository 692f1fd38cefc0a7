/* testhelp.c - shared helpers for the cmocka unit tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "testhelp.h"

const char *
th_rules_dir(void)
{
	const char *d = getenv("TRIAGE_RULES");
	return d && *d ? d : "rules";
}

char *
th_tmpdir(void)
{
	GError *err = NULL;
	char *d = g_dir_make_tmp("triage-test-XXXXXX", &err);
	assert_non_null(d);
	return d;
}

void
th_rmtree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (d == NULL) {
		g_remove(dir);
		return;
	}
	const char *ent;
	while ((ent = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, ent, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
			th_rmtree(p);
		else
			g_remove(p);
		g_free(p);
	}
	g_dir_close(d);
	g_rmdir(dir);
}

void
th_write_file(const char *path, const void *data, size_t len)
{
	GError *err = NULL;
	gboolean ok = g_file_set_contents(path, data, (gssize)len, &err);
	if (!ok)
		fail_msg("%s: %s", path, err->message);
}

triage_engine *
th_engine(const char *rules_dir, const triage_config *cfg)
{
	triage_config *own = NULL;
	assert_int_equal(triage_library_init(), TRIAGE_OK);
	if (cfg == NULL)
		cfg = own = triage_config_new();
	triage_engine *e = triage_engine_new();
	triage_status st = triage_engine_load(e, cfg,
		rules_dir ? rules_dir : th_rules_dir());
	if (st != TRIAGE_OK)
		fail_msg("engine load: %s", triage_engine_error(e));
	triage_config_free(&own);
	return e;
}

triage_report *
th_scan_message(triage_scanner *s, const char *msg, size_t len)
{
	triage_report *r = NULL;
	triage_status st = triage_scanner_scan_mem(s, msg, len, "message", 0, &r);
	if (st != TRIAGE_OK)
		fail_msg("scan: %s", triage_scanner_error(s));
	return r;
}

triage_report *
th_scan_raw(triage_scanner *s, const char *name, const void *data, size_t len)
{
	triage_report *r = NULL;
	triage_status st = triage_scanner_scan_mem(s, data, len, name,
						   TRIAGE_SCAN_RAW, &r);
	if (st != TRIAGE_OK)
		fail_msg("scan: %s", triage_scanner_error(s));
	return r;
}

bool
th_has_category(const triage_report *r, const char *category)
{
	for (size_t i = 0; i < triage_report_nfindings(r); i++)
		if (strcmp(triage_report_finding(r, i)->category, category) == 0)
			return true;
	return false;
}

static triage_object *
find_rec(triage_object *o, const char *suffix)
{
	if (g_str_has_suffix(triage_object_path(o), suffix))
		return o;
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		triage_object *f = find_rec(triage_object_child(o, i), suffix);
		if (f)
			return f;
	}
	return NULL;
}

triage_object *
th_find_object(const triage_report *r, const char *suffix)
{
	return find_rec(triage_report_root(r), suffix);
}

void
th_dump(const triage_report *r)
{
	char *j = triage_report_to_json(r, NULL, TRIAGE_ACTION_ACCEPT,
					TRIAGE_JSON_TREE | TRIAGE_JSON_PRETTY);
	fprintf(stderr, "%s\n", j);
	g_free(j);
}
