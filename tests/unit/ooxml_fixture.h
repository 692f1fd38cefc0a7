/* ooxml_fixture.h - zips built in memory and a scan context for reader tests. */
#ifndef TRIAGE_OOXML_FIXTURE_H
#define TRIAGE_OOXML_FIXTURE_H

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "testhelp.h"
#include "ctx.h"
#include "office/office_int.h"

/* One zip member: name and text (len 0: strlen). */
typedef struct fx_part {
	const char *name;
	const char *data;
	size_t len;
} fx_part;

static la_ssize_t
fx_write_cb(struct archive *a, void *user, const void *buf, size_t len)
{
	(void)a;
	g_byte_array_append(user, buf, (guint)len);
	return (la_ssize_t)len;
}

/* A zip of `parts`; `passphrase` non-NULL makes every entry ZipCrypto-encrypted. */
static inline triage_blob *
fx_zip(const fx_part *parts, size_t n, const char *passphrase)
{
	GByteArray *out = g_byte_array_new();
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	/* No padding to 10 KiB blocks: a zip ends with its central directory. */
	assert_int_equal(archive_write_set_bytes_in_last_block(a, 1), ARCHIVE_OK);
	if (passphrase) {
		assert_int_equal(archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK);
		assert_int_equal(archive_write_set_passphrase(a, passphrase), ARCHIVE_OK);
	}
	assert_int_equal(archive_write_open(a, out, NULL, fx_write_cb, NULL), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, parts[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, parts[i].data, len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	guint len = out->len;
	return triage_blob_new_take(g_byte_array_free(out, FALSE), len);
}

/* A scan context with default limits. */
typedef struct fx_env {
	triage_config *cfg;
	triage_limits lim;
	triage_ctx ctx;
} fx_env;

static inline fx_env *
fx_env_new(void)
{
	fx_env *e = g_new0(fx_env, 1);
	e->cfg = triage_config_new();
	e->lim = e->cfg->limits;
	e->ctx.cfg = e->cfg;
	e->ctx.lim = &e->lim;
	e->ctx.texts = g_ptr_array_new_with_free_func(g_free);
	e->ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	e->ctx.tmp_dir = g_get_tmp_dir();
	return e;
}

static inline void
fx_env_free(fx_env *e)
{
	g_ptr_array_free(e->ctx.texts, TRUE);
	g_ptr_array_free(e->ctx.passwords, TRUE);
	triage_config_free(&e->cfg);
	g_free(e);
}

/* Run a reader on `b` as an object of type `type`; takes the blob. */
static inline triage_object *
fx_run(fx_env *e, const char *name, const char *type, triage_blob *b,
       triage_status (*run)(triage_ctx *, triage_object *))
{
	triage_object *o = triage_object_new_root(name, "mime", b);
	triage_blob_unref(&b);
	triage_object_set_str(o, TF_TYPE, type);
	e->ctx.root = o;
	e->ctx.nobjects = 1;
	e->ctx.total_bytes = 0;
	assert_int_equal(run(&e->ctx, o), TRIAGE_OK);
	return o;
}

/* The direct child whose path ends with "/segment", or NULL. */
static inline triage_object *
fx_child(triage_object *o, const char *segment)
{
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		triage_object *c = triage_object_child(o, i);
		const char *p = triage_object_path(c);
		size_t pl = strlen(p), sl = strlen(segment);
		if (pl > sl && p[pl - sl - 1] == '/' && strcmp(p + pl - sl, segment) == 0)
			return c;
	}
	return NULL;
}

/* True when the child's bytes contain `needle`. */
static inline bool
fx_contains(const triage_object *o, const char *needle)
{
	return o && memmem(triage_object_data(o), triage_object_size(o),
			   needle, strlen(needle)) != NULL;
}

#endif
