/* test_core.c - blobs, the object tree, facts, rules, reports, config defaults. */
#include "config.h"

#include <string.h>
#include <jansson.h>

#include "testhelp.h"
#include "blob.h"
#include "object_int.h"

/* A writer keeps small data in memory and spills large data to a file. */
static void
test_blob_writer_spill(void **state)
{
	(void)state;
	char buf[1000];
	memset(buf, 'x', sizeof buf);
	triage_blob_writer *w = triage_blob_writer_new(NULL, 4096, 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(triage_blob_writer_write(w, buf, sizeof buf), TRIAGE_OK);
	assert_int_equal(triage_blob_writer_size(w), 10000);
	triage_blob *b = triage_blob_writer_finish(&w);
	assert_null(w);
	assert_non_null(b);
	assert_int_equal(triage_blob_size(b), 10000);
	assert_int_equal(triage_blob_data(b)[9999], 'x');
	triage_blob *s = triage_blob_new_slice(b, 9990, 100);
	assert_int_equal(triage_blob_size(s), 10);
	triage_blob_unref(&b);
	assert_null(b);
	assert_int_equal(triage_blob_data(s)[0], 'x');
	triage_blob_unref(&s);
}

/* A writer stops at max_size and says so. */
static void
test_blob_writer_limit(void **state)
{
	(void)state;
	triage_blob_writer *w = triage_blob_writer_new(NULL, 0, 10);
	assert_int_equal(triage_blob_writer_write(w, "0123456789abc", 13), TRIAGE_LIMIT);
	assert_true(triage_blob_writer_truncated(w));
	assert_int_equal(triage_blob_writer_write(w, "z", 1), TRIAGE_LIMIT);
	triage_blob *b = triage_blob_writer_finish(&w);
	assert_int_equal(triage_blob_size(b), 10);
	triage_blob_unref(&b);
	triage_blob_writer_free(&w); /* NULL is fine */
}

/* Paths, name facts, depth, unscanned state. */
static void
test_object_tree(void **state)
{
	(void)state;
	triage_blob *b = triage_blob_new_copy("hello", 5);
	triage_object *root = triage_object_new_root("m.eml", "message", b);
	triage_object *zip = triage_object_add_child(root, "a/b.ZIP", "a/b.ZIP", "mime", b);
	triage_object_set_bool(zip, TF_IS_ARCHIVE, true);
	triage_object *m = triage_object_add_child(zip, "Invoice.PDF.exe", "Invoice.PDF.exe", "member", b);
	triage_blob_unref(&b);
	assert_string_equal(triage_object_path(m), "m.eml/a_b.ZIP/Invoice.PDF.exe");
	assert_string_equal(triage_object_fact_str(m, TF_EXT), "exe");
	assert_string_equal(triage_object_fact_str(zip, TF_EXT), "zip");
	assert_int_equal(triage_object_depth(m), 2);
	assert_true(triage_object_fact_bool(m, TF_IN_ARCHIVE));
	assert_false(triage_object_fact_bool(zip, TF_IN_ARCHIVE));
	assert_int_equal(triage_object_fact_int(m, TF_SIZE), 5);
	assert_string_equal(triage_object_sha256(m),
		"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	triage_object_set_unscanned(m, TRIAGE_UNSCANNED_LIMIT, "max_ratio");
	triage_object_set_unscanned(m, TRIAGE_UNSCANNED_CORRUPT, "bad");
	assert_int_equal(triage_object_unscanned(m), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(m, TF_LIMIT_NAME), "max_ratio");
	assert_true(triage_object_fact_bool(m, TF_CORRUPT));
	/* Wrong-typed access is refused, not misread. */
	triage_object_set_int(m, TF_NAME, 3);
	assert_string_equal(triage_object_fact_str(m, TF_NAME), "Invoice.PDF.exe");
	assert_int_equal(triage_object_count(root), 3);
	triage_object_free(&root);
	assert_null(root);
}

/* Every fact has a triage_ name, and names are unique. */
static void
test_fact_table(void **state)
{
	(void)state;
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (int f = 0; f < TF_COUNT; f++) {
		const triage_fact_def *d = triage_fact_get((triage_fact)f);
		assert_non_null(d);
		assert_true(g_str_has_prefix(d->name, "triage_"));
		assert_non_null(d->description);
		assert_false(g_hash_table_contains(seen, d->name));
		g_hash_table_add(seen, (gpointer)d->name);
	}
	assert_null(triage_fact_get(TF_COUNT));
	g_hash_table_destroy(seen);
}

/* Default policy as in DESIGN.md, outbound stricter. */
static void
test_config_defaults(void **state)
{
	(void)state;
	triage_config *c = triage_config_new();
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_CRITICAL), TRIAGE_ACTION_REJECT);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_HIGH), TRIAGE_ACTION_QUARANTINE);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_MEDIUM), TRIAGE_ACTION_BANNER);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_LOW), TRIAGE_ACTION_TAG);
	assert_int_equal(triage_config_action(c, TRIAGE_INBOUND, TRIAGE_SEV_NONE), TRIAGE_ACTION_ACCEPT);
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_HIGH), TRIAGE_ACTION_REJECT);
	assert_int_equal(triage_config_action(c, TRIAGE_OUTBOUND, TRIAGE_SEV_MEDIUM), TRIAGE_ACTION_TAG);
	assert_int_equal(triage_action_parse("Quarantine"), TRIAGE_ACTION_QUARANTINE);
	assert_int_equal(triage_action_parse("nope"), -1);
	assert_int_equal(triage_severity_parse("critical"), TRIAGE_SEV_CRITICAL);
	assert_int_equal(triage_action_rank(TRIAGE_ACTION_DISCARD), triage_action_rank(TRIAGE_ACTION_REJECT));
	triage_config_free(&c);
	assert_null(c);
	triage_config_free(&c);
}

/* A broken rule file is reported with file:line. */
static void
test_rules_compile_error(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	char *p = g_build_filename(dir, "bad.yar", NULL);
	const char *text = "rule ok { condition: true }\n\nrule bad { condition: triage_nope }\n";
	th_write_file(p, text, strlen(text));
	triage_config *c = triage_config_new();
	triage_engine *e = triage_engine_new();
	assert_int_equal(triage_engine_load(e, c, dir), TRIAGE_ERR_CONFIG);
	char *want = g_strdup_printf("%s:3:", p);
	assert_non_null(strstr(triage_engine_error(e), want));
	triage_engine_unref(&e);
	triage_config_free(&c);
	g_free(want);
	g_free(p);
	th_rmtree(dir);
	g_free(dir);
}

/* Facts reach YARA as externals; meta becomes the finding; JSON carries it. */
static void
test_rules_facts_and_json(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	char *p = g_build_filename(dir, "t.yara", NULL);
	const char *text =
		"rule Raw_Root {\n"
		"  meta:\n    category = \"test-cat\"\n    severity = \"high\"\n"
		"    description = \"the raw root\"\n"
		"  strings:\n    $a = \"needle\"\n"
		"  condition:\n    $a and triage_kind == \"file\" and triage_depth == 0\n"
		"    and triage_ext == \"bin\" and triage_size == 10\n}\n"
		"rule No_Meta { condition: triage_name == \"x.bin\" }\n";
	th_write_file(p, text, strlen(text));
	triage_engine *e = th_engine(dir, NULL);
	assert_int_equal(triage_engine_rule_count(e), 2);
	triage_scanner *s = triage_scanner_new(e);
	assert_non_null(s);
	triage_report *r = th_scan_raw(s, "x.bin", "1 needle 2", 10);
	assert_int_equal(triage_report_nfindings(r), 2);
	const triage_finding *f = triage_report_finding(r, 0);
	assert_string_equal(f->category, "test-cat");
	assert_int_equal(f->severity, TRIAGE_SEV_HIGH);
	assert_string_equal(f->rule, "Raw_Root");
	/* Without meta: category is the rule name, severity medium. */
	f = triage_report_finding(r, 1);
	assert_string_equal(f->category, "No_Meta");
	assert_int_equal(f->severity, TRIAGE_SEV_MEDIUM);
	assert_int_equal(triage_report_severity(r), TRIAGE_SEV_HIGH);

	char *js = triage_report_to_json(r, "x.bin", TRIAGE_ACTION_QUARANTINE, TRIAGE_JSON_TREE);
	json_error_t jerr;
	json_t *j = json_loads(js, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "action")), "quarantine");
	assert_string_equal(json_string_value(json_object_get(j, "severity")), "high");
	json_t *f0 = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f0, "object")), "x.bin");
	assert_string_equal(json_string_value(json_object_get(f0, "rule")), "Raw_Root");
	json_t *tree = json_object_get(j, "objects");
	assert_int_equal(json_integer_value(json_object_get(tree, "size")), 10);
	assert_non_null(json_object_get(tree, "children"));
	json_decref(j);
	g_free(js);
	triage_report_free(&r);
	triage_scanner_free(&s);
	triage_engine_unref(&e);
	g_free(p);
	th_rmtree(dir);
	g_free(dir);
}

/* The engine lives while a scanner holds it. */
static void
test_engine_refcount(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	char *p = g_build_filename(dir, "t.yar", NULL);
	th_write_file(p, "rule t { condition: false }\n", 28);
	triage_engine *e = th_engine(dir, NULL);
	triage_scanner *s = triage_scanner_new(e);
	triage_engine_unref(&e);
	assert_null(e);
	triage_report *r = th_scan_raw(s, "a", "abc", 3);
	assert_int_equal(triage_report_nfindings(r), 0);
	triage_report_free(&r);
	triage_scanner_free(&s);
	g_free(p);
	th_rmtree(dir);
	g_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blob_writer_spill),
		cmocka_unit_test(test_blob_writer_limit),
		cmocka_unit_test(test_object_tree),
		cmocka_unit_test(test_fact_table),
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_rules_compile_error),
		cmocka_unit_test(test_rules_facts_and_json),
		cmocka_unit_test(test_engine_refcount),
	};
	int rc = cmocka_run_group_tests_name("core", tests, NULL, NULL);
	triage_library_cleanup();
	return rc;
}
