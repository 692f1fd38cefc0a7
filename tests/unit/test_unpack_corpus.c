/* test_unpack_corpus.c - the archive analyzer on the archives attached to corpus messages. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <gmime/gmime.h>

#include "testhelp.h"
#include "analyzers.h"

/* What one corpus archive must give. */
typedef struct corpus_case {
	const char *file;          /* message in $corpus */
	const char *password;      /* candidate, or NULL */
	triage_unscanned unscanned;
	const char *limit;         /* TF_LIMIT_NAME, or NULL */
	bool decrypted;
	const char *member;        /* a member name that must be listed, or NULL */
	bool member_has_data;
} corpus_case;

static const corpus_case cases[] = {
	/* 50 MiB of zeros in ~50 KB: stopped by the ratio, not expanded. */
	{"m003-log-archive-zip.eml", NULL, TRIAGE_UNSCANNED_LIMIT, "max_ratio",
	 false, NULL, false},
	/* 7z with encrypted headers: encrypted, not corrupt, no names. */
	{"m036-personnel-records-7z.eml", NULL, TRIAGE_UNSCANNED_ENCRYPTED, NULL,
	 false, NULL, false},
	/* 7z with encrypted data: listed, not readable. */
	{"m024-scanned-documents-7z.eml", "wrong", TRIAGE_UNSCANNED_ENCRYPTED, NULL,
	 false, "text.txt", false},
	/* One AES member, one plain: the plain one is read. */
	{"m078-project-files-zip.eml", NULL, TRIAGE_UNSCANNED_ENCRYPTED, NULL,
	 false, "unencrypted.txt", true},
	{"m082-sales-q1-files-zip.eml", NULL, TRIAGE_UNSCANNED_CORRUPT, NULL,
	 false, NULL, false},
	{"m021-shipping-costs-zip.eml", "qwe987", TRIAGE_UNSCANNED_NONE, NULL,
	 true, NULL, false},
	{"m025-invoice-7730-zip.eml", "1234", TRIAGE_UNSCANNED_NONE, NULL,
	 true, NULL, false},
	{"m045-seikyusho-may-zip.eml", "4567", TRIAGE_UNSCANNED_NONE, NULL,
	 true, NULL, false},
	/* Shift_JIS names without the UTF-8 flag. */
	{"m113-shiryo-isshiki-zip.eml", NULL, TRIAGE_UNSCANNED_NONE, NULL,
	 false, "文章1.txt", true},
};

/* Collects the first attachment whose name ends in .zip or .7z. */
typedef struct found {
	char *name;
	GByteArray *data;
} found;

/* g_mime_message_foreach callback: keep the archive attachment. */
static void
find_archive(GMimeObject *parent, GMimeObject *part, gpointer user)
{
	(void)parent;
	found *f = user;
	if (f->data != NULL || !GMIME_IS_PART(part))
		return;
	const char *fn = g_mime_part_get_filename(GMIME_PART(part));
	if (fn == NULL || !(g_str_has_suffix(fn, ".zip") || g_str_has_suffix(fn, ".7z")))
		return;
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(part)), mem);
	f->data = g_byte_array_new();
	GByteArray *src = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_byte_array_append(f->data, src->data, src->len);
	f->name = g_strdup(fn);
	g_object_unref(mem);
}

/* Each corpus archive gives the labelled state. */
static void
test_corpus_archives(void **state)
{
	(void)state;
	/* $TRIAGE_CORPUS, else the shared corpus of this machine. */
	const char *env = g_getenv("TRIAGE_CORPUS");
	char *dir = g_strdup(env && *env ? env : "/work/shared/corpus");
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		print_message("corpus not present: skipped\n");
		g_free(dir);
		skip();
	}
	g_mime_init();
	size_t done = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const corpus_case *c = &cases[i];
		char *path = g_build_filename(dir, c->file, NULL);
		GMimeStream *fs = g_mime_stream_fs_open(path, O_RDONLY, 0, NULL);
		if (fs == NULL) {
			print_message("%s: absent, skipped\n", c->file);
			g_free(path);
			continue;
		}
		GMimeParser *p = g_mime_parser_new_with_stream(fs);
		GMimeMessage *msg = g_mime_parser_construct_message(p, NULL);
		assert_non_null(msg);
		found f = {0};
		g_mime_message_foreach(msg, find_archive, &f);
		if (f.data == NULL)
			fail_msg("%s: no archive attachment", c->file);

		triage_config *cfg = triage_config_new();
		triage_ctx ctx = {.cfg = cfg, .lim = &cfg->limits,
				  .tmp_dir = g_get_tmp_dir()};
		ctx.texts = g_ptr_array_new_with_free_func(g_free);
		ctx.passwords = g_ptr_array_new_with_free_func(g_free);
		if (c->password)
			g_ptr_array_add(ctx.passwords, g_strdup(c->password));
		triage_blob *b = triage_blob_new_copy(f.data->data, f.data->len);
		triage_object *o = triage_object_new_root(f.name, "mime", b);
		triage_blob_unref(&b);
		triage_object_set_str(o, TF_TYPE, g_str_has_suffix(f.name, ".7z") ? "7z" : "zip");
		triage_object_set_bool(o, TF_IS_ARCHIVE, true);

		assert_int_equal(triage_unpack_run(&ctx, o), TRIAGE_OK);
		if (triage_object_unscanned(o) != c->unscanned)
			fail_msg("%s: unscanned '%s' (%s)", c->file,
				 triage_object_fact_str(o, TF_UNSCANNED),
				 triage_object_unscanned_detail(o));
		if (c->limit)
			assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), c->limit);
		assert_int_equal(triage_object_fact_bool(o, TF_DECRYPTED), c->decrypted);
		if (c->decrypted) {
			assert_true(triage_object_nchildren(o) > 0);
			for (size_t k = 0; k < triage_object_nchildren(o); k++) {
				triage_object *m = triage_object_child(o, k);
				assert_true(triage_object_fact_bool(m, TF_DECRYPTED));
				assert_true(triage_object_size(m) > 0);
			}
		}
		if (c->member) {
			triage_object *m = NULL;
			for (size_t k = 0; k < triage_object_nchildren(o); k++)
				if (strcmp(triage_object_name(triage_object_child(o, k)),
					   c->member) == 0)
					m = triage_object_child(o, k);
			for (size_t k = 0; m == NULL && k < triage_object_nchildren(o); k++)
				print_message("  has %s\n", triage_object_name(triage_object_child(o, k)));
			if (m == NULL)
				fail_msg("%s: member %s missing", c->file, c->member);
			assert_int_equal(triage_object_size(m) > 0, c->member_has_data);
		}
		if (c->limit && strcmp(c->limit, "max_ratio") == 0) {
			/* A bomb is never expanded fully. */
			for (size_t k = 0; k < triage_object_nchildren(o); k++)
				assert_true(triage_object_size(triage_object_child(o, k)) <
					    8u * 1024 * 1024);
		}
		done++;

		triage_object_free(&o);
		g_ptr_array_free(ctx.texts, TRUE);
		g_ptr_array_free(ctx.passwords, TRUE);
		triage_config_free(&cfg);
		g_byte_array_free(f.data, TRUE);
		g_free(f.name);
		g_object_unref(msg);
		g_object_unref(p);
		g_object_unref(fs);
		g_free(path);
	}
	print_message("%zu corpus archives checked\n", done);
	g_mime_shutdown();
	g_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_archives),
	};
	return cmocka_run_group_tests_name("unpack_corpus", tests, NULL, NULL);
}
