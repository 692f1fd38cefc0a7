/* test_release.c - release tokens, their key file, and the quarantine store files. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "triage/release.h"
#include <jansson.h>
#include "triage/qstore.h"

static const char *ID = "00112233445566778899aabbccddeeff";

/* Sign, verify, and every way a token can be wrong. */
static void
test_sign_verify(void **state)
{
	(void)state;
	unsigned char key[32], other[32];
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	char *v = triage_release_sign(key, sizeof key, ID, 1000000);
	assert_non_null(v);
	assert_true(g_str_has_prefix(v, "id=00112233445566778899aabbccddeeff; t=1000000; mac="));
	char id[33] = "";
	assert_int_equal(triage_release_verify(v, key, sizeof key, 1000010, 3600, id), TRIAGE_OK);
	assert_string_equal(id, ID);
	/* Wrong key, expired, from the future. */
	assert_int_equal(triage_release_verify(v, other, sizeof other, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	assert_int_equal(triage_release_verify(v, key, sizeof key, 1000000 + 3601, 3600, NULL), TRIAGE_LIMIT);
	assert_int_equal(triage_release_verify(v, key, sizeof key, 1000000 - 301, 3600, NULL), TRIAGE_LIMIT);
	/* Changed id or time: the MAC no longer fits. */
	char *t = g_strdup(v);
	t[3] = '1';
	assert_int_equal(triage_release_verify(t, key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	g_free(t);
	t = g_strdup(v);
	strstr(t, "t=1000000")[8] = '1';
	assert_int_equal(triage_release_verify(t, key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	g_free(t);
	char *moved = g_strdup_printf("id=%s; t=1000001; mac=%s", ID, strstr(v, "mac=") + 4);
	assert_int_equal(triage_release_verify(moved, key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	g_free(moved);
	/* Malformed values. */
	static const char *bad[] = { "", "id=x; t=1; mac=00", "garbage", NULL };
	for (size_t i = 0; bad[i]; i++)
		assert_int_equal(triage_release_verify(bad[i], key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	assert_int_equal(triage_release_verify(NULL, key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	/* Spacing and case of the MAC do not matter; extra members do. */
	char *up = g_ascii_strup(strstr(v, "mac="), -1);
	char *loose = g_strdup_printf("  id=%s;t=1000000 ;  mac=%s", ID, up + 4);
	assert_int_equal(triage_release_verify(loose, key, sizeof key, 1000010, 3600, NULL), TRIAGE_OK);
	char *extra = g_strdup_printf("%s; x=1", v);
	assert_int_equal(triage_release_verify(extra, key, sizeof key, 1000010, 3600, NULL), TRIAGE_CORRUPT);
	g_free(extra);
	g_free(loose);
	g_free(up);
	assert_null(triage_release_sign(key, sizeof key, "../etc/passwd", 1));
	g_free(v);
}

/* The key file is made once, 0600, and read back the same. */
static void
test_key_file(void **state)
{
	(void)state;
	char *dir = th_tmpdir();
	char *path = g_build_filename(dir, TRIAGE_RELEASE_KEY_FILE, NULL);
	unsigned char k1[32], k2[32];
	char err[256];
	assert_int_equal(triage_release_key_load(path, 0, k1, err, sizeof err), TRIAGE_ERR_IO);
	assert_int_equal(triage_release_key_load(path, 1, k1, err, sizeof err), TRIAGE_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(triage_release_key_load(path, 1, k2, err, sizeof err), TRIAGE_OK);
	assert_memory_equal(k1, k2, 32);
	/* A key others can read is refused; so is a short one. */
	chmod(path, 0644);
	assert_int_equal(triage_release_key_load(path, 0, k2, err, sizeof err), TRIAGE_ERR_CONFIG);
	assert_non_null(strstr(err, "chmod 600"));
	chmod(path, 0600);
	th_write_file(path, "short", 5);
	chmod(path, 0600);
	assert_int_equal(triage_release_key_load(path, 0, k2, err, sizeof err), TRIAGE_ERR_CONFIG);
	g_free(path);
	th_rmtree(dir);
	g_free(dir);
}

/* Store files: ids, atomic save, listing, metadata rewrite, delete. */
static void
test_qstore(void **state)
{
	(void)state;
	char *tmp = th_tmpdir();
	char *dir = g_build_filename(tmp, "q", NULL);
	char err[256];
	triage_qstore *qs = NULL;
	assert_int_equal(triage_qstore_open(dir, false, &qs, err, sizeof err), TRIAGE_ERR_IO);
	assert_int_equal(triage_qstore_open(dir, true, &qs, err, sizeof err), TRIAGE_OK);
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	char *id = triage_qstore_new_id();
	assert_true(triage_qstore_id_valid(id));
	char *id2 = triage_qstore_new_id();
	assert_string_not_equal(id, id2);
	static const char *bad[] = { "", "0011", "00112233445566778899AABBCCDDEEFF",
		"00112233445566778899aabbccddeef/", "00112233445566778899aabbccddeeff0", NULL };
	for (size_t i = 0; bad[i]; i++)
		assert_false(triage_qstore_id_valid(bad[i]));
	assert_null(triage_qstore_path(qs, "../x", "eml"));

	assert_int_equal(triage_qstore_save(qs, id, (const unsigned char *)"M\r\n", 3, "{\"id\":1}"), TRIAGE_OK);
	assert_int_equal(triage_qstore_save(qs, id2, (const unsigned char *)"N\r\n", 3, "{}"), TRIAGE_OK);
	char *p = triage_qstore_path(qs, id, "eml");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	g_free(p);
	/* Stray files are not entries. */
	char *stray = g_build_filename(dir, "notes.json", NULL);
	th_write_file(stray, "{}", 2);
	g_free(stray);
	char **ids = triage_qstore_list(qs);
	assert_int_equal(g_strv_length(ids), 2);
	assert_true(strcmp(ids[0], ids[1]) < 0);
	g_strfreev(ids);

	assert_int_equal(triage_qstore_write_meta(qs, id, "{\"id\":2}"), TRIAGE_OK);
	char *meta = triage_qstore_read_meta(qs, id);
	assert_string_equal(meta, "{\"id\":2}");
	g_free(meta);
	assert_int_equal(triage_qstore_delete(qs, id), TRIAGE_OK);
	assert_int_equal(triage_qstore_delete(qs, id), TRIAGE_ERR_IO);
	assert_null(triage_qstore_read_meta(qs, id));
	ids = triage_qstore_list(qs);
	assert_int_equal(g_strv_length(ids), 1);
	assert_string_equal(ids[0], id2);
	g_strfreev(ids);
	g_free(id);
	g_free(id2);
	triage_qstore_close(&qs);
	assert_null(qs);
	th_rmtree(tmp);
	g_free(tmp);
	g_free(dir);
}

/* The one metadata writer: member names, types, stripped only when set, UTF-8 repaired. */
static void
test_qstore_meta(void **state)
{
	(void)state;
	const char *rcpts[] = { "a@example.com", "b@example.com" };
	const char *stripped[] = { "invoice.zip" };
	triage_qstore_finding f[] = {
		{ "archive-encrypted", "medium", "Archive_Encrypted", "invoice.zip" },
	};
	triage_qstore_meta m = {
		.queue_id = "4XyZ1", .from = "x@example.net", .rcpts = rcpts, .nrcpts = 2,
		.client_addr = "192.0.2.1", .client_name = "mx.example.net", .client_helo = "mx",
		.subject = "Rechnung \xff", .direction = "inbound", .action = "strip",
		.severity = "medium", .findings = f, .nfindings = 1, .size = 1000,
		.stored_size = 1000, .truncated = false, .reason = "why",
		.stripped = stripped, .nstripped = 1,
	};
	const char *id = "00112233445566778899aabbccddeeff";
	char *text = triage_qstore_meta_json(id, &m);
	assert_non_null(text);
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	static const char *strs[][2] = {
		{ "id", "00112233445566778899aabbccddeeff" }, { "queue_id", "4XyZ1" },
		{ "from", "x@example.net" }, { "client_addr", "192.0.2.1" },
		{ "client_name", "mx.example.net" }, { "client_helo", "mx" },
		{ "direction", "inbound" }, { "action", "strip" }, { "severity", "medium" },
		{ "reason", "why" }, { "subject", "Rechnung \xef\xbf\xbd" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
		assert_string_equal(json_string_value(json_object_get(j, strs[i][0])), strs[i][1]);
	assert_int_equal(json_array_size(json_object_get(j, "rcpts")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "stripped"), 0)),
			    "invoice.zip");
	json_t *f0 = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f0, "rule")), "Archive_Encrypted");
	assert_int_equal(json_integer_value(json_object_get(j, "size")), 1000);
	assert_true(json_is_false(json_object_get(j, "truncated")));
	assert_true(json_is_null(json_object_get(j, "released")));
	GDateTime *d = g_date_time_new_from_iso8601(json_string_value(json_object_get(j, "time")), NULL);
	assert_non_null(d);
	g_date_time_unref(d);
	json_decref(j);
	g_free(text);

	/* A quarantine: no "stripped" member, queue id null. */
	m.stripped = NULL;
	m.nstripped = 0;
	m.queue_id = NULL;
	text = triage_qstore_meta_json(id, &m);
	j = json_loads(text, 0, &je);
	assert_non_null(j);
	assert_null(json_object_get(j, "stripped"));
	assert_true(json_is_null(json_object_get(j, "queue_id")));
	json_decref(j);
	g_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_qstore),
		cmocka_unit_test(test_qstore_meta),
	};
	return cmocka_run_group_tests_name("release", tests, NULL, NULL);
}
