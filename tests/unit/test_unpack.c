/* test_unpack.c - the archive analyzer on archives built here with libarchive's writer. */
#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "testhelp.h"
#include "analyzers.h"
#include "unpack_int.h"

#define MiB (1024u * 1024u)

/* One member to write: data, or `zeros` bytes of zeros when data is NULL. */
typedef struct spec {
	const char *name;       /* UTF-8 */
	const char *data;
	size_t zeros;
	mode_t type;            /* 0: regular file */
	const char *link;       /* symlink target */
} spec;

/* How to write an archive. */
typedef struct layout {
	const char *label;
	int (*format)(struct archive *);
	int (*filter)(struct archive *);   /* NULL: none */
	const char *options;               /* NULL: none */
	const char *passphrase;            /* NULL: none */
} layout;

/* A scan context over a default config, as the engine makes one. */
typedef struct fixture {
	triage_config *cfg;
	triage_ctx ctx;
	triage_object *root;
} fixture;

/* Archive writer callback: append to a GByteArray. */
static la_ssize_t
grow_cb(struct archive *a, void *user, const void *buf, size_t len)
{
	(void)a;
	g_byte_array_append(user, buf, (guint)len);
	return (la_ssize_t)len;
}

/* Write an archive of the given members; fails the test on writer errors. */
static GByteArray *
build(const layout *l, const spec *m, size_t n)
{
	static char zeros[64 * 1024];
	GByteArray *out = g_byte_array_new();
	/* The writer converts names through the locale, like the reader. */
	locale_t saved = uselocale(triage_unpack_utf8_locale());
	struct archive *a = archive_write_new();

	assert_int_equal(l->format(a), ARCHIVE_OK);
	if (l->filter)
		assert_int_equal(l->filter(a), ARCHIVE_OK);
	if (l->options && archive_write_set_options(a, l->options) != ARCHIVE_OK)
		fail_msg("%s: options: %s", l->label, archive_error_string(a));
	if (l->passphrase)
		assert_int_equal(archive_write_set_passphrase(a, l->passphrase), ARCHIVE_OK);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open2(a, out, NULL, grow_cb, NULL, NULL),
			 ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = m[i].data ? strlen(m[i].data) : m[i].zeros;
		archive_entry_set_pathname_utf8(e, m[i].name);
		archive_entry_set_filetype(e, m[i].type ? m[i].type : AE_IFREG);
		archive_entry_set_perm(e, m[i].type == AE_IFDIR ? 0755 : 0644);
		archive_entry_set_mtime(e, 1700000000, 0);
		if (m[i].link)
			archive_entry_set_symlink_utf8(e, m[i].link);
		archive_entry_set_size(e, m[i].type == 0 ? (la_int64_t)len : 0);
		if (archive_write_header(a, e) < ARCHIVE_WARN)
			fail_msg("%s: header %s: %s", l->label, m[i].name,
				 archive_error_string(a));
		if (m[i].data) {
			assert_int_equal(archive_write_data(a, m[i].data, len), (la_ssize_t)len);
		} else {
			for (size_t left = len; left > 0;) {
				size_t c = left > sizeof zeros ? sizeof zeros : left;
				assert_int_equal(archive_write_data(a, zeros, c), (la_ssize_t)c);
				left -= c;
			}
		}
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	uselocale(saved);
	return out;
}

/* A fresh context with the default limits and no time budget. */
static fixture *
fx_new(void)
{
	fixture *f = g_new0(fixture, 1);
	f->cfg = triage_config_new();
	f->ctx.cfg = f->cfg;
	f->ctx.lim = &f->cfg->limits;
	f->ctx.texts = g_ptr_array_new_with_free_func(g_free);
	f->ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	f->ctx.tmp_dir = g_get_tmp_dir();
	triage_blob *b = triage_blob_new_empty();
	f->root = triage_object_new_root("message", "message", b);
	triage_blob_unref(&b);
	f->ctx.root = f->root;
	return f;
}

/* Add candidate passwords (NULL-terminated). */
static void
fx_passwords(fixture *f, const char *const *pw)
{
	for (size_t i = 0; pw && pw[i]; i++)
		g_ptr_array_add(f->ctx.passwords, g_strdup(pw[i]));
}

static void
fx_free(fixture **fp)
{
	fixture *f = *fp;
	*fp = NULL;
	triage_object_free(&f->root);
	g_ptr_array_free(f->ctx.texts, TRUE);
	g_ptr_array_free(f->ctx.passwords, TRUE);
	triage_config_free(&f->cfg);
	g_free(f);
}

/* An attachment object of the given type holding bytes, as filetype leaves it. */
static triage_object *
fx_archive(fixture *f, const char *name, const char *type, const void *data,
	   size_t len)
{
	triage_blob *b = triage_blob_new_copy(data, len);
	triage_object *o = triage_object_add_child(f->root, name, name, "mime", b);
	triage_blob_unref(&b);
	triage_object_set_str(o, TF_TYPE, type);
	triage_object_set_bool(o, TF_IS_ARCHIVE, true);
	assert_true(triage_unpack_wants(o));
	return o;
}

/* Run the analyzer; it never reports an internal error on these inputs. */
static void
run(fixture *f, triage_object *o)
{
	triage_status st = triage_unpack_run(&f->ctx, o);
	if (st != TRIAGE_OK)
		fail_msg("unpack_run: status %d (%s)", st, f->ctx.err);
}

/* Child with declared name `name`, or NULL. */
static triage_object *
child_named(const triage_object *o, const char *name)
{
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		triage_object *c = triage_object_child(o, i);
		if (strcmp(triage_object_name(c), name) == 0)
			return c;
	}
	return NULL;
}

/* The child exists, is a plain member and holds exactly `data`. */
static void
assert_member(const triage_object *o, const char *name, const char *data)
{
	triage_object *c = child_named(o, name);
	if (c == NULL)
		fail_msg("no member %s under %s", name, triage_object_path(o));
	assert_string_equal(triage_object_kind(c), "member");
	assert_int_equal(triage_object_size(c), strlen(data));
	assert_memory_equal(triage_object_data(c), data, strlen(data));
	assert_int_equal(triage_object_unscanned(c), TRIAGE_UNSCANNED_NONE);
}

/* TF_TYPE decides: archives yes, ooxml and documents no. */
static void
test_wants(void **state)
{
	(void)state;
	static const struct { const char *type; bool want; } cases[] = {
		{"zip", true}, {"7z", true}, {"rar", true}, {"tar", true},
		{"gzip", true}, {"bzip2", true}, {"xz", true}, {"lzma", true},
		{"zstd", true}, {"cab", true}, {"cpio", true}, {"ar", true},
		{"lha", true}, {"iso", true}, {"ooxml", false}, {"ole", false},
		{"pe", false}, {"", false}, {"zipx", false},
	};
	triage_blob *b = triage_blob_new_empty();
	triage_object *o = triage_object_new_root("x", "message", b);
	triage_blob_unref(&b);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		triage_object_set_str(o, TF_TYPE, cases[i].type);
		if (triage_unpack_wants(o) != cases[i].want)
			fail_msg("type '%s': wants %d", cases[i].type, !cases[i].want);
	}
	triage_object_free(&o);
}

static const spec three[] = {
	{.name = "dir/", .type = AE_IFDIR},
	{.name = "readme.txt", .data = "hello, world\n"},
	{.name = "dir/invoice.pdf.exe", .data = "MZ fake executable bytes"},
	{.name = "dir/empty.bin", .data = ""},
};

/* The same three files come out of every format, directories skipped. */
static void
test_formats(void **state)
{
	(void)state;
	static const struct {
		layout l;
		const char *type;
	} cases[] = {
		{{"zip", archive_write_set_format_zip, NULL, NULL, NULL}, "zip"},
		{{"zip-store", archive_write_set_format_zip, NULL,
		  "zip:compression=store", NULL}, "zip"},
		{{"tar.gz", archive_write_set_format_pax_restricted,
		  archive_write_add_filter_gzip, NULL, NULL}, "gzip"},
		{{"tar.bz2", archive_write_set_format_ustar,
		  archive_write_add_filter_bzip2, NULL, NULL}, "bzip2"},
		{{"tar.xz", archive_write_set_format_gnutar,
		  archive_write_add_filter_xz, NULL, NULL}, "xz"},
		{{"tar.zst", archive_write_set_format_pax,
		  archive_write_add_filter_zstd, NULL, NULL}, "zstd"},
		{{"7z", archive_write_set_format_7zip, NULL, NULL, NULL}, "7z"},
		{{"cpio", archive_write_set_format_cpio_newc, NULL, NULL, NULL}, "cpio"},
		{{"tar", archive_write_set_format_ustar, NULL, NULL, NULL}, "tar"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		fixture *f = fx_new();
		GByteArray *ba = build(&cases[i].l, three, G_N_ELEMENTS(three));
		char *name = g_strdup_printf("files.%s", cases[i].l.label);
		triage_object *o = fx_archive(f, name, cases[i].type, ba->data, ba->len);
		run(f, o);
		if (triage_object_nchildren(o) != 3)
			fail_msg("%s: %zu children", cases[i].l.label,
				 triage_object_nchildren(o));
		assert_member(o, "readme.txt", "hello, world\n");
		assert_member(o, "dir/invoice.pdf.exe", "MZ fake executable bytes");
		assert_member(o, "dir/empty.bin", "");
		/* The path segment flattens '/', the declared name keeps it. */
		triage_object *c = child_named(o, "dir/invoice.pdf.exe");
		assert_true(g_str_has_suffix(triage_object_path(c),
					     "/dir_invoice.pdf.exe"));
		assert_int_equal(triage_object_fact_int(o, TF_MEMBERS), 3);
		assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
		assert_false(triage_object_fact_bool(o, TF_ENCRYPTED));
		assert_false(triage_object_fact_bool(o, TF_DECRYPTED));
		g_free(name);
		g_byte_array_free(ba, TRUE);
		fx_free(&f);
	}
}

/* A lone compressed stream is one member named after the archive. */
static void
test_raw_stream(void **state)
{
	(void)state;
	static const struct {
		const char *archive;
		int (*filter)(struct archive *);
		const char *type;
		const char *member;
	} cases[] = {
		{"report.pdf.gz", archive_write_add_filter_gzip, "gzip", "report.pdf"},
		{"dir/Notes.TXT.BZ2", archive_write_add_filter_bzip2, "bzip2", "Notes.TXT"},
		{"log.xz", archive_write_add_filter_xz, "xz", "log"},
		{"backup.tgz", archive_write_add_filter_gzip, "gzip", "backup.tar"},
		{"", archive_write_add_filter_gzip, "gzip", "data"},
		{"noext", archive_write_add_filter_gzip, "gzip", "data"},
	};
	static const spec one[] = {{.name = "ignored", .data = "stream payload\n"}};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		layout l = {"raw", archive_write_set_format_raw, cases[i].filter,
			    NULL, NULL};
		fixture *f = fx_new();
		GByteArray *ba = build(&l, one, 1);
		triage_object *o = fx_archive(f, cases[i].archive, cases[i].type,
					      ba->data, ba->len);
		run(f, o);
		assert_int_equal(triage_object_nchildren(o), 1);
		assert_member(o, cases[i].member, "stream payload\n");
		assert_int_equal(triage_object_fact_int(o, TF_MEMBERS), 1);
		g_byte_array_free(ba, TRUE);
		fx_free(&f);
	}
}

/* A zip inside a zip is one member holding the inner archive's bytes. */
static void
test_nested_zip(void **state)
{
	(void)state;
	layout zip = {"zip", archive_write_set_format_zip, NULL, NULL, NULL};
	GByteArray *inner = build(&zip, three, G_N_ELEMENTS(three));
	/* build() takes text members: write the binary inner zip directly. */
	struct archive *a = archive_write_new();
	GByteArray *outer = g_byte_array_new();
	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_open2(a, outer, NULL, grow_cb, NULL, NULL), ARCHIVE_OK);
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, "inner.zip");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, inner->len);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, inner->data, inner->len), (la_ssize_t)inner->len);
	archive_entry_free(e);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	fixture *f = fx_new();
	triage_object *o = fx_archive(f, "outer.zip", "zip", outer->data, outer->len);
	run(f, o);
	assert_int_equal(triage_object_nchildren(o), 1);
	triage_object *c = triage_object_child(o, 0);
	assert_string_equal(triage_object_name(c), "inner.zip");
	assert_int_equal(triage_object_size(c), inner->len);
	assert_memory_equal(triage_object_data(c), inner->data, inner->len);
	/* Recursion is the engine's job. */
	assert_int_equal(triage_object_nchildren(c), 0);
	g_byte_array_free(inner, TRUE);
	g_byte_array_free(outer, TRUE);
	fx_free(&f);
}

static const spec secret[] = {
	{.name = "請求書_0528.doc", .data = "confidential macro document body"},
	{.name = "b.txt", .data = "second member"},
};

/* Encrypted zips: decrypted with a fitting candidate, else encrypted. */
static void
test_encrypted_zip(void **state)
{
	(void)state;
	static const char *const right[] = {"wrong1", "Kx7-2024", "wrong2", NULL};
	static const char *const wrong[] = {"nope", "Kx7-2025", "kx7-2024", NULL};
	static const char *const none[] = {NULL};
	static const struct {
		const char *label;
		const char *options;
		const char *const *candidates;
		bool decrypted;
	} cases[] = {
		{"zipcrypt right", "zip:encryption=zipcrypt", right, true},
		{"aes256 right", "zip:encryption=aes256", right, true},
		{"aes128 right", "zip:encryption=aes128", right, true},
		{"zipcrypt wrong", "zip:encryption=zipcrypt", wrong, false},
		{"aes256 wrong", "zip:encryption=aes256", wrong, false},
		{"aes256 none", "zip:encryption=aes256", none, false},
		{"zipcrypt none", "zip:encryption=zipcrypt", none, false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		layout l = {cases[i].label, archive_write_set_format_zip, NULL,
			    cases[i].options, "Kx7-2024"};
		GByteArray *ba = build(&l, secret, G_N_ELEMENTS(secret));
		fixture *f = fx_new();
		fx_passwords(f, cases[i].candidates);
		triage_object *o = fx_archive(f, "x.zip", "zip", ba->data, ba->len);
		run(f, o);
		if (triage_object_nchildren(o) != 2)
			fail_msg("%s: %zu children", cases[i].label,
				 triage_object_nchildren(o));
		assert_int_equal(triage_object_fact_int(o, TF_MEMBERS), 2);
		for (size_t k = 0; k < G_N_ELEMENTS(secret); k++) {
			triage_object *c = child_named(o, secret[k].name);
			assert_non_null(c);
			if (cases[i].decrypted) {
				assert_member(o, secret[k].name, secret[k].data);
				assert_true(triage_object_fact_bool(c, TF_DECRYPTED));
			} else {
				assert_int_equal(triage_object_size(c), 0);
				assert_int_equal(triage_object_unscanned(c),
						 TRIAGE_UNSCANNED_ENCRYPTED);
				assert_true(triage_object_fact_bool(c, TF_ENCRYPTED));
			}
		}
		if (cases[i].decrypted) {
			assert_true(triage_object_fact_bool(o, TF_DECRYPTED));
			assert_false(triage_object_fact_bool(o, TF_ENCRYPTED));
			assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_NONE);
		} else {
			assert_false(triage_object_fact_bool(o, TF_DECRYPTED));
			assert_true(triage_object_fact_bool(o, TF_ENCRYPTED));
			assert_int_equal(triage_object_unscanned(o),
					 TRIAGE_UNSCANNED_ENCRYPTED);
			assert_false(triage_object_fact_bool(o, TF_CORRUPT));
		}
		/* No candidate password leaks into facts or details. */
		for (size_t k = 0; cases[i].candidates[k]; k++) {
			assert_null(strstr(triage_object_unscanned_detail(o),
					   cases[i].candidates[k]));
			for (size_t c = 0; c < triage_object_nchildren(o); c++)
				assert_null(strstr(triage_object_unscanned_detail(
					triage_object_child(o, c)), cases[i].candidates[k]));
		}
		g_byte_array_free(ba, TRUE);
		fx_free(&f);
	}
}

/* A candidate that libarchive rejects at the ZipCrypto check byte. */
static bool
rejected_at_check(const GByteArray *ba, const char *pw)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char buf[256];
	archive_read_support_format_zip(a);
	archive_read_add_passphrase(a, pw);
	assert_int_equal(archive_read_open_memory(a, ba->data, ba->len), ARCHIVE_OK);
	assert_int_equal(archive_read_next_header(a, &e), ARCHIVE_OK);
	la_ssize_t r = archive_read_data(a, buf, sizeof buf);
	bool rejected = r < 0 && strstr(archive_error_string(a), "Incorrect passphrase");
	archive_read_free(a);
	return rejected;
}

/*
 * ZipCrypto's one-byte check lets about 1 in 256 wrong passwords through;
 * such a candidate listed before the right one must not hide it.
 */
static void
test_zipcrypto_false_positive(void **state)
{
	(void)state;
	static const spec one[] = {{.name = "doc.txt",
		.data = "a member long enough to be deflated deflated deflated"}};
	layout l = {"zipcrypt", archive_write_set_format_zip, NULL,
		    "zip:encryption=zipcrypt", "right-one"};
	GByteArray *ba = build(&l, one, 1);
	char *decoy = NULL;
	for (int i = 0; i < 100000 && decoy == NULL; i++) {
		char *pw = g_strdup_printf("decoy%d", i);
		if (!rejected_at_check(ba, pw))
			decoy = pw;
		else
			g_free(pw);
	}
	assert_non_null(decoy);

	fixture *f = fx_new();
	const char *cands[] = {decoy, "right-one", NULL};
	fx_passwords(f, cands);
	triage_object *o = fx_archive(f, "x.zip", "zip", ba->data, ba->len);
	run(f, o);
	assert_member(o, "doc.txt", one[0].data);
	assert_true(triage_object_fact_bool(o, TF_DECRYPTED));
	assert_false(triage_object_fact_bool(o, TF_ENCRYPTED));
	assert_false(triage_object_fact_bool(o, TF_CORRUPT));
	g_free(decoy);
	g_byte_array_free(ba, TRUE);
	fx_free(&f);
}

/* Limits: ratio (zip bomb), member count, member size. */
static void
test_limits(void **state)
{
	(void)state;
	static const spec bomb[] = {{.name = "zeros.log", .zeros = 20 * MiB}};
	static const spec many[] = {
		{.name = "1", .data = "a"}, {.name = "2", .data = "b"},
		{.name = "3", .data = "c"}, {.name = "4", .data = "d"},
		{.name = "5", .data = "e"},
	};
	static char big[100 * 1024 + 1];
	memset(big, 'B', sizeof big - 1);
	const spec sized[] = {{.name = "big.bin", .data = big},
			      {.name = "small.txt", .data = "small"}};
	const struct {
		const char *label;
		const spec *m;
		size_t n;
		uint64_t max_ratio, ratio_min, max_members, max_object_size;
		const char *arc_limit;     /* NULL: the archive is not limited */
		size_t children;
	} cases[] = {
		{"bomb", bomb, 1, 10, 1 * MiB, 0, 0, "max_ratio", 1},
		{"bomb default limits", bomb, 1, 100, 1 * MiB, 10000, 64 * MiB,
		 "max_ratio", 1},
		{"members", many, 5, 100, MiB, 2, 0, "max_members", 2},
		{"object size", sized, 2, 0, 0, 0, 10 * 1024, NULL, 2},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		layout l = {"zip", archive_write_set_format_zip, NULL, NULL, NULL};
		GByteArray *ba = build(&l, cases[i].m, cases[i].n);
		fixture *f = fx_new();
		f->cfg->limits.max_ratio = cases[i].max_ratio;
		f->cfg->limits.ratio_min_size = cases[i].ratio_min;
		f->cfg->limits.max_members = cases[i].max_members;
		f->cfg->limits.max_object_size = cases[i].max_object_size;
		triage_object *o = fx_archive(f, "x.zip", "zip", ba->data, ba->len);
		run(f, o);
		if (triage_object_nchildren(o) != cases[i].children)
			fail_msg("%s: %zu children", cases[i].label,
				 triage_object_nchildren(o));
		if (cases[i].arc_limit) {
			assert_true(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
			assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME),
					    cases[i].arc_limit);
		} else {
			assert_false(triage_object_fact_bool(o, TF_LIMIT_EXCEEDED));
		}
		g_byte_array_free(ba, TRUE);
		if (cases[i].m == bomb) {
			/* Stopped while streaming: far less than 20 MiB came out. */
			triage_object *c = triage_object_child(o, 0);
			uint64_t limit = (uint64_t)cases[i].max_ratio *
					 triage_object_size(o) + 2 * 64 * 1024;
			assert_true(triage_object_size(c) <= limit ||
				    triage_object_size(c) <= cases[i].ratio_min + 2 * 64 * 1024);
			assert_true(triage_object_size(c) < 4 * MiB);
			assert_string_equal(triage_object_fact_str(c, TF_LIMIT_NAME),
					    "max_ratio");
		}
		if (cases[i].m == sized) {
			triage_object *c = child_named(o, "big.bin");
			assert_int_equal(triage_object_size(c), 10 * 1024);
			assert_string_equal(triage_object_fact_str(c, TF_LIMIT_NAME),
					    "max_object_size");
			assert_member(o, "small.txt", "small");
		}
		fx_free(&f);
	}
}

/* The message-wide object limit stops the archive too. */
static void
test_max_objects(void **state)
{
	(void)state;
	layout l = {"zip", archive_write_set_format_zip, NULL, NULL, NULL};
	GByteArray *ba = build(&l, three, G_N_ELEMENTS(three));
	fixture *f = fx_new();
	f->cfg->limits.max_objects = 1;
	triage_object *o = fx_archive(f, "x.zip", "zip", ba->data, ba->len);
	run(f, o);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "max_objects");
	g_byte_array_free(ba, TRUE);
	fx_free(&f);
}

/* A spent time budget stops the archive before any member. */
static void
test_time_budget(void **state)
{
	(void)state;
	layout l = {"zip", archive_write_set_format_zip, NULL, NULL, NULL};
	GByteArray *ba = build(&l, three, G_N_ELEMENTS(three));
	fixture *f = fx_new();
	f->ctx.deadline_us = 1;    /* long past */
	triage_object *o = fx_archive(f, "x.zip", "zip", ba->data, ba->len);
	run(f, o);
	assert_int_equal(triage_object_nchildren(o), 0);
	assert_string_equal(triage_object_fact_str(o, TF_LIMIT_NAME), "time_budget_ms");
	g_byte_array_free(ba, TRUE);
	fx_free(&f);
}

/* An mtree spec must not make libarchive read local files. */
static void
test_no_mtree(void **state)
{
	(void)state;
	static const char spec_text[] =
		"#mtree\n./passwd type=file size=50 contents=/etc/passwd\n"
		"./hosts type=file\n";
	fixture *f = fx_new();
	triage_object *o = fx_archive(f, "x.tar", "tar", spec_text,
				      sizeof spec_text - 1);
	run(f, o);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	assert_int_equal(triage_object_nchildren(o), 0);
	fx_free(&f);
}

/* Deterministic incompressible bytes. */
static char *
noise(size_t n, guint32 seed)
{
	GRand *r = g_rand_new_with_seed(seed);
	char *s = g_malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('!' + g_rand_int_range(r, 0, 90));
	s[n] = '\0';
	g_rand_free(r);
	return s;
}

/* Truncated and garbage archives are corrupt, members so far are kept. */
static void
test_corrupt(void **state)
{
	(void)state;
	char *n1 = noise(4000, 1), *n2 = noise(40000, 2);
	const spec two[] = {{.name = "first.txt", .data = n1},
			    {.name = "second.txt", .data = n2}};
	static const struct {
		const char *label;
		int (*format)(struct archive *);
		int (*filter)(struct archive *);
		const char *type;
		bool salvage;   /* the first member comes out whole */
	} cases[] = {
		{"zip", archive_write_set_format_zip, NULL, "zip", true},
		{"tar", archive_write_set_format_ustar, NULL, "tar", true},
		/* libarchive's gzip filter fails before filling its first buffer. */
		{"tar.gz", archive_write_set_format_ustar,
		 archive_write_add_filter_gzip, "gzip", false},
		/* 7z keeps its index at the end: nothing to salvage. */
		{"7z", archive_write_set_format_7zip, NULL, "7z", false},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		layout l = {cases[i].label, cases[i].format, cases[i].filter,
			    NULL, NULL};
		GByteArray *ba = build(&l, two, 2);
		fixture *f = fx_new();
		/* Cut inside the second member: no central directory left. */
		triage_object *o = fx_archive(f, "cut", cases[i].type, ba->data,
					      ba->len - 20000);
		run(f, o);
		if (!triage_object_fact_bool(o, TF_CORRUPT))
			fail_msg("%s: truncated archive not corrupt", cases[i].label);
		assert_int_equal(triage_object_unscanned(o), TRIAGE_UNSCANNED_CORRUPT);
		if (cases[i].salvage) {
			assert_member(o, "first.txt", n1);
			triage_object *c = child_named(o, "second.txt");
			if (c != NULL) {
				assert_true(triage_object_fact_bool(c, TF_CORRUPT));
				assert_true(triage_object_size(c) < 40000);
			}
		}
		g_byte_array_free(ba, TRUE);
		fx_free(&f);
	}

	/* A tar whose second header checksum is broken: skipped, rest read. */
	static const spec tri[] = {{.name = "a.txt", .data = "aaa"},
				   {.name = "b.txt", .data = "bbb"},
				   {.name = "c.txt", .data = "ccc"}};
	layout tl = {"ustar", archive_write_set_format_ustar, NULL, NULL, NULL};
	GByteArray *tb = build(&tl, tri, 3);
	tb->data[1024] ^= 0x20;    /* header 2: 512 header + 512 data in */
	fixture *tf = fx_new();
	triage_object *to = fx_archive(tf, "d.tar", "tar", tb->data, tb->len);
	run(tf, to);
	assert_true(triage_object_fact_bool(to, TF_CORRUPT));
	assert_member(to, "a.txt", "aaa");
	assert_null(child_named(to, "b.txt"));
	assert_member(to, "c.txt", "ccc");
	g_byte_array_free(tb, TRUE);
	fx_free(&tf);

	static const char *const garbage[] = {"zip", "7z", "rar", "tar", "gzip",
					      "cab", "iso", "lha", "xz"};
	char *junk = noise(5000, 3);
	for (size_t i = 0; i < G_N_ELEMENTS(garbage); i++) {
		fixture *f = fx_new();
		triage_object *o = fx_archive(f, "junk", garbage[i], junk, 5000);
		run(f, o);
		if (!triage_object_fact_bool(o, TF_CORRUPT))
			fail_msg("garbage as %s: not corrupt", garbage[i]);
		assert_int_equal(triage_object_nchildren(o), 0);
		fx_free(&f);
	}
	/* A zip magic followed by junk. */
	memcpy(junk, "PK\003\004", 4);
	fixture *f = fx_new();
	triage_object *o = fx_archive(f, "junk.zip", "zip", junk, 5000);
	run(f, o);
	assert_true(triage_object_fact_bool(o, TF_CORRUPT));
	fx_free(&f);
	g_free(junk);
	g_free(n1);
	g_free(n2);
}

/* Japanese names: UTF-8 flagged, CP932 without the flag, UTF-8 in tar. */
static void
test_names(void **state)
{
	(void)state;
	static const char jp[] = "見積書/請求書_0528.exe";
	static const spec m[] = {{.name = jp, .data = "x"},
				 {.name = "plain.txt", .data = "y"}};
	static const layout layouts[] = {
		{"zip utf8", archive_write_set_format_zip, NULL, NULL, NULL},
		{"zip cp932", archive_write_set_format_zip, NULL, "hdrcharset=CP932", NULL},
		{"pax", archive_write_set_format_pax, NULL, NULL, NULL},
		{"ustar", archive_write_set_format_ustar, NULL, NULL, NULL},
		{"7z", archive_write_set_format_7zip, NULL, NULL, NULL},
		{"cpio cp932", archive_write_set_format_cpio_newc, NULL,
		 "hdrcharset=CP932", NULL},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(layouts); i++) {
		GByteArray *ba = build(&layouts[i], m, 2);
		fixture *f = fx_new();
		triage_object *o = fx_archive(f, "n", "zip", ba->data, ba->len);
		run(f, o);
		if (child_named(o, jp) == NULL) {
			for (size_t c = 0; c < triage_object_nchildren(o); c++)
				print_message("  member: %s\n",
					triage_object_name(triage_object_child(o, c)));
			fail_msg("%s: Japanese name lost", layouts[i].label);
		}
		assert_member(o, jp, "x");
		assert_member(o, "plain.txt", "y");
		g_byte_array_free(ba, TRUE);
		fx_free(&f);
	}
}

/* Names: raw-stream member names and decoding guesses. */
static void
test_name_helpers(void **state)
{
	(void)state;
	struct archive_entry *e = archive_entry_new();
	static const struct { const char *raw, *want; } cases[] = {
		{"plain.txt", "plain.txt"},
		{"\xe8\xab\x8b\xe6\xb1\x82.txt", "請求.txt"},           /* UTF-8 */
		{"\x90\xbf\x8b\x81.txt", "請求.txt"},                   /* CP932 */
		{"caf\xe9\xff.txt", "caf\xc3\xa9\xc3\xbf.txt"},         /* Latin-1 */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		archive_entry_copy_pathname(e, cases[i].raw);
		char *n = triage_unpack_member_name(e);
		assert_non_null(n);
		assert_string_equal(n, cases[i].want);
		g_free(n);
	}
	/* Long names are cut on a character boundary. */
	GString *lng = g_string_new(NULL);
	while (lng->len < 3 * UNPACK_NAME_MAX)
		g_string_append(lng, "請");
	archive_entry_copy_pathname(e, lng->str);
	char *n = triage_unpack_member_name(e);
	assert_true(strlen(n) <= UNPACK_NAME_MAX);
	assert_true(g_utf8_validate(n, -1, NULL));
	g_free(n);
	g_string_free(lng, TRUE);
	archive_entry_free(e);
}

/* Symlinks are listed with no data; not followed. */
static void
test_symlink(void **state)
{
	(void)state;
	static const spec m[] = {
		{.name = "link.exe", .type = AE_IFLNK, .link = "/etc/passwd"},
		{.name = "real.txt", .data = "real"},
	};
	layout l = {"tar", archive_write_set_format_pax, NULL, NULL, NULL};
	GByteArray *ba = build(&l, m, 2);
	fixture *f = fx_new();
	triage_object *o = fx_archive(f, "l.tar", "tar", ba->data, ba->len);
	run(f, o);
	assert_int_equal(triage_object_nchildren(o), 2);
	assert_member(o, "link.exe", "");
	assert_member(o, "real.txt", "real");
	g_byte_array_free(ba, TRUE);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_raw_stream),
		cmocka_unit_test(test_nested_zip),
		cmocka_unit_test(test_encrypted_zip),
		cmocka_unit_test(test_zipcrypto_false_positive),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_max_objects),
		cmocka_unit_test(test_time_budget),
		cmocka_unit_test(test_no_mtree),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_helpers),
		cmocka_unit_test(test_symlink),
	};
	return cmocka_run_group_tests_name("unpack", tests, NULL, NULL);
}
