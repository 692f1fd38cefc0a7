/* engine.c - rule sets with reference counts, per-thread scanners, the walk. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <magic.h>
#include <gmime/gmime.h>
#include <yara.h>

#include "triage/engine.h"
#include "analyzers.h"
#include "report_int.h"
#include "rules.h"

struct triage_engine {
	gint refs;
	YR_RULES *rules;
	size_t nrules;
	triage_config *cfg;   /* private copy of the settings that matter */
	char err[4096];
};

struct triage_scanner {
	triage_engine *engine;
	YR_SCANNER *yr;
	magic_t magic;
	char err[512];
};

static gint lib_refs;

/* Initialise YARA and GMime once per process. */
triage_status
triage_library_init(void)
{
	if (g_atomic_int_add(&lib_refs, 1) > 0)
		return TRIAGE_OK;
	if (yr_initialize() != ERROR_SUCCESS)
		return TRIAGE_ERR_INTERNAL;
	g_mime_init();
	return TRIAGE_OK;
}

void
triage_library_cleanup(void)
{
	if (!g_atomic_int_dec_and_test(&lib_refs))
		return;
	g_mime_shutdown();
	yr_finalize();
}

triage_engine *
triage_engine_new(void)
{
	triage_engine *e = g_new0(triage_engine, 1);
	e->refs = 1;
	return e;
}

/* Copy the settings the scan needs (strings the engine reads). */
static triage_config *
config_copy(const triage_config *src)
{
	triage_config *c = triage_config_new();
	g_free(c->tmp_dir);
	c->tmp_dir = g_strdup(src->tmp_dir);
	c->limits = src->limits;
	for (int d = 0; d < 2; d++) {
		memcpy(c->policy[d].by_severity, src->policy[d].by_severity,
		       sizeof c->policy[d].by_severity);
		g_free(c->policy[d].subject_prefix);
		c->policy[d].subject_prefix = g_strdup(src->policy[d].subject_prefix);
	}
	c->on_error = src->on_error;
	g_free(c->rules_dir);
	c->rules_dir = g_strdup(src->rules_dir);
	return c;
}

/* Copy settings and compile the rules of rules_dir (cfg->rules_dir if NULL). */
triage_status
triage_engine_load(triage_engine *e, const triage_config *cfg,
		   const char *rules_dir)
{
	const char *dir = rules_dir ? rules_dir : cfg->rules_dir;
	YR_RULES *rules = NULL;
	size_t n = 0;
	e->err[0] = '\0';
	triage_status st = triage_rules_compile(dir, &rules, &n, e->err,
						sizeof e->err);
	if (st != TRIAGE_OK)
		return st;
	if (e->rules)
		yr_rules_destroy(e->rules);
	e->rules = rules;
	e->nrules = n;
	triage_config_free(&e->cfg);
	e->cfg = config_copy(cfg);
	g_free(e->cfg->rules_dir);
	e->cfg->rules_dir = g_strdup(dir);
	return TRIAGE_OK;
}

const char *triage_engine_error(const triage_engine *e) { return e->err; }
size_t triage_engine_rule_count(const triage_engine *e) { return e->nrules; }
const triage_config *triage_engine_config(const triage_engine *e) { return e->cfg; }

triage_engine *
triage_engine_ref(triage_engine *e)
{
	g_atomic_int_inc(&e->refs);
	return e;
}

/* Drop a reference; the last one frees. */
void
triage_engine_unref(triage_engine **ep)
{
	triage_engine *e = ep ? *ep : NULL;
	if (e == NULL)
		return;
	*ep = NULL;
	if (!g_atomic_int_dec_and_test(&e->refs))
		return;
	if (e->rules)
		yr_rules_destroy(e->rules);
	triage_config_free(&e->cfg);
	g_free(e);
}

/* A scanner for the calling thread. */
triage_scanner *
triage_scanner_new(triage_engine *e)
{
	triage_scanner *s = g_new0(triage_scanner, 1);
	if (e->rules == NULL) {
		g_free(s);
		return NULL;
	}
	s->engine = triage_engine_ref(e);
	if (yr_scanner_create(e->rules, &s->yr) != ERROR_SUCCESS)
		goto fail;
	s->magic = magic_open(MAGIC_NONE | MAGIC_ERROR);
	if (s->magic == NULL || magic_load(s->magic, NULL) != 0)
		goto fail;
	return s;
fail:
	triage_scanner_free(&s);
	return NULL;
}

triage_engine *triage_scanner_engine(const triage_scanner *s) { return s->engine; }
const char *triage_scanner_error(const triage_scanner *s) { return s->err; }

void
triage_scanner_free(triage_scanner **sp)
{
	triage_scanner *s = sp ? *sp : NULL;
	if (s == NULL)
		return;
	*sp = NULL;
	if (s->yr)
		yr_scanner_destroy(s->yr);
	if (s->magic)
		magic_close(s->magic);
	triage_engine_unref(&s->engine);
	g_free(s);
}

/* True for objects whose content is a container an analyzer opens. */
static bool
is_container(const triage_object *o)
{
	return triage_unpack_wants(o) || triage_office_wants(o) ||
	       triage_formats_wants(o) ||
	       strcmp(triage_object_fact_str(o, TF_TYPE), "eml") == 0;
}

/* Analyze one object, then its children, depth first. */
static triage_status
analyze(triage_ctx *ctx, triage_object *o)
{
	triage_status st = TRIAGE_OK;
	const char *kind = triage_object_kind(o);
	bool is_message = strcmp(kind, "message") == 0;

	if (!is_message) {
		st = triage_filetype_detect(ctx, o);
		if (TRIAGE_IS_ERROR(st))
			return st;
		st = triage_filename_check(ctx, o);
		if (TRIAGE_IS_ERROR(st))
			return st;
	}
	if (!is_message && is_container(o)) {
		if (triage_object_depth(o) >= ctx->lim->max_depth) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "max_depth");
		} else if (triage_ctx_over_time(ctx)) {
			triage_object_set_unscanned(o, TRIAGE_UNSCANNED_LIMIT, "time_budget_ms");
		} else if (triage_unpack_wants(o)) {
			st = triage_unpack_run(ctx, o);
		} else if (triage_office_wants(o)) {
			st = triage_office_run(ctx, o);
		} else if (triage_formats_wants(o)) {
			st = triage_formats_run(ctx, o);
		} else {
			/* A message found inside an archive or TNEF: walk it too. */
			st = triage_mime_walk(ctx, o);
		}
		if (TRIAGE_IS_ERROR(st))
			return st;
	}
	/* Children are built: this object's bytes are not needed until YARA. */
	triage_blob_release_pages(triage_object_blob(o));
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		st = analyze(ctx, triage_object_child(o, i));
		if (TRIAGE_IS_ERROR(st))
			return st;
	}
	return TRIAGE_OK;
}

/* Run the rules over every object of the tree. */
static triage_status
scan_tree(triage_scanner *s, triage_ctx *ctx, triage_object *o)
{
	gint64 left_ms = (ctx->deadline_us - g_get_monotonic_time()) / 1000;
	int timeout = left_ms > 1000 ? (int)(left_ms / 1000) : 1;
	triage_status st = triage_rules_scan_object(s->yr, o, timeout, s->err,
						    sizeof s->err);
	if (st == TRIAGE_LIMIT) {
		/* The rules did not see the limit fact: say it here. */
		triage_object_add_finding(o, "limit-exceeded", TRIAGE_SEV_HIGH,
					  "triage_builtin_scan_timeout",
					  "YARA scan stopped by the time budget");
	} else if (TRIAGE_IS_ERROR(st)) {
		return st;
	}
	triage_blob_release_pages(triage_object_blob(o));
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		st = scan_tree(s, ctx, triage_object_child(o, i));
		if (TRIAGE_IS_ERROR(st))
			return st;
	}
	return TRIAGE_OK;
}

/* Scan bytes held in a blob. */
static triage_status
scan_blob(triage_scanner *s, triage_blob *blob, const char *name, int flags,
	  triage_report **out)
{
	const triage_config *cfg = s->engine->cfg;
	triage_ctx ctx = {0};
	triage_status st;
	gint64 t0 = g_get_monotonic_time();

	*out = NULL;
	s->err[0] = '\0';
	ctx.cfg = cfg;
	ctx.lim = &cfg->limits;
	ctx.magic = s->magic;
	ctx.texts = g_ptr_array_new_with_free_func(g_free);
	ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	ctx.tmp_dir = cfg->tmp_dir;
	if (cfg->limits.time_budget_ms > 0)
		ctx.deadline_us = t0 + (gint64)cfg->limits.time_budget_ms * 1000;
	ctx.root = triage_object_new_root(name,
		(flags & TRIAGE_SCAN_RAW) ? "file" : "message", blob);
	ctx.nobjects = 1;
	ctx.total_bytes = triage_blob_size(blob);

	if (flags & TRIAGE_SCAN_RAW) {
		st = analyze(&ctx, ctx.root);
	} else {
		triage_object_set_str(ctx.root, TF_TYPE, "eml");
		st = triage_mime_walk(&ctx, ctx.root);
		triage_blob_release_pages(blob);
		if (!TRIAGE_IS_ERROR(st)) {
			triage_passwords_collect(&ctx);
			triage_object_set_int(ctx.root, TF_PASSWORD_CANDIDATES,
					      (int64_t)ctx.passwords->len);
			st = analyze(&ctx, ctx.root);
		}
	}
	if (TRIAGE_IS_ERROR(st)) {
		snprintf(s->err, sizeof s->err, "%s",
			 ctx.err[0] ? ctx.err : triage_status_name(st));
		goto out;
	}
	st = scan_tree(s, &ctx, ctx.root);
	if (TRIAGE_IS_ERROR(st))
		goto out;
	*out = triage_report_new(ctx.root, ctx.subject,
				 (double)(g_get_monotonic_time() - t0) / 1000.0);
	ctx.root = NULL;
	st = TRIAGE_OK;
out:
	triage_object_free(&ctx.root);
	g_ptr_array_free(ctx.texts, TRUE);
	g_ptr_array_free(ctx.passwords, TRUE);
	g_free(ctx.subject);
	return st;
}

/* Scan bytes in memory (copied into a blob only when needed). */
triage_status
triage_scanner_scan_mem(triage_scanner *s, const void *data, size_t len,
			const char *name, int flags, triage_report **out)
{
	triage_blob *b = triage_blob_new_copy(data, len);
	triage_status st = scan_blob(s, b, name, flags, out);
	triage_blob_unref(&b);
	return st;
}

/* Scan a file, mapped read-only. */
triage_status
triage_scanner_scan_file(triage_scanner *s, const char *path, int flags,
			 triage_report **out)
{
	*out = NULL;
	triage_blob *b = triage_blob_map_file(path);
	if (b == NULL) {
		snprintf(s->err, sizeof s->err, "%s: %s", path, g_strerror(errno));
		return TRIAGE_ERR_IO;
	}
	char *base = g_path_get_basename(path);
	triage_status st = scan_blob(s, b, base, flags, out);
	g_free(base);
	triage_blob_unref(&b);
	return st;
}
