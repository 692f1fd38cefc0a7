/* docs_fixture.h - a scan context, objects and byte mutations for the document reader tests. */
#ifndef TRIAGE_DOCS_FIXTURE_H
#define TRIAGE_DOCS_FIXTURE_H

#include <string.h>
#include <yara.h>

#include "testhelp.h"
#include "ctx.h"
#include "rules.h"
#include "object_int.h"

/* A scan context as the engine builds it, without libmagic (not needed here). */
typedef struct dfx {
	triage_config *cfg;
	triage_ctx ctx;
} dfx;

static inline void
dfx_init(dfx *f)
{
	memset(f, 0, sizeof *f);
	f->cfg = triage_config_new();
	f->ctx.cfg = f->cfg;
	f->ctx.lim = &f->cfg->limits;
	f->ctx.texts = g_ptr_array_new_with_free_func(g_free);
	f->ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	f->ctx.tmp_dir = g_get_tmp_dir();
}

static inline void
dfx_free(dfx *f)
{
	g_ptr_array_free(f->ctx.texts, TRUE);
	g_ptr_array_free(f->ctx.passwords, TRUE);
	triage_config_free(&f->cfg);
}

/* A root object holding a copy of data, with TF_TYPE set. */
static inline triage_object *
dfx_object(const void *data, size_t len, const char *type)
{
	triage_blob *b = triage_blob_new_copy(data, len);
	triage_object *o = triage_object_new_root("sample", "file", b);
	triage_blob_unref(&b);
	triage_object_set_str(o, TF_TYPE, type);
	return o;
}

/* Deterministic xorshift PRNG for the mutation loops. */
static inline uint32_t
dfx_rand(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/*
 * Variant v of a buffer: truncations for the first third, then one to eight
 * random byte changes.  Returns a g_malloc'ed copy, *len updated.
 */
static inline unsigned char *
dfx_mutate(const unsigned char *src, size_t *len, uint32_t *seed, int v,
	   int nvariants)
{
	unsigned char *m = g_memdup2(src, *len ? *len : 1);
	if (*len == 0)
		return m;
	if (v < nvariants / 3) {
		*len = dfx_rand(seed) % *len;
		return m;
	}
	int flips = 1 + (int)(dfx_rand(seed) % 8);
	for (int i = 0; i < flips; i++) {
		size_t at = dfx_rand(seed) % *len;
		uint32_t r = dfx_rand(seed);
		/* Mostly random bytes, sometimes values that stress sizes. */
		m[at] = (r & 0x300) == 0 ? 0xff : (r & 0x300) == 0x100 ? 0x00 :
			(unsigned char)r;
	}
	return m;
}

/* Run the shipped rules over one object (its findings are added to it). */
static inline void
dfx_rules(triage_object *o)
{
	YR_RULES *rules = NULL;
	YR_SCANNER *sc = NULL;
	size_t n = 0;
	char err[1024];
	assert_int_equal(yr_initialize(), ERROR_SUCCESS);
	triage_status st = triage_rules_compile(th_rules_dir(), &rules, &n, err,
						sizeof err);
	if (st != TRIAGE_OK)
		fail_msg("rules: %s", err);
	assert_int_equal(yr_scanner_create(rules, &sc), ERROR_SUCCESS);
	assert_int_equal(triage_rules_scan_object(sc, o, 10, err, sizeof err),
			 TRIAGE_OK);
	yr_scanner_destroy(sc);
	yr_rules_destroy(rules);
	yr_finalize();
}

/* True when the object has a finding of this category. */
static inline bool
dfx_has_finding(const triage_object *o, const char *category)
{
	for (size_t i = 0; i < triage_object_nfindings(o); i++)
		if (strcmp(triage_object_finding(o, i)->category, category) == 0)
			return true;
	return false;
}

/* Byte builder. */
static inline void
dfx_le16(GByteArray *a, uint16_t v)
{
	unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	g_byte_array_append(a, b, 2);
}

static inline void
dfx_le32(GByteArray *a, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	g_byte_array_append(a, b, 4);
}

static inline void
dfx_le64(GByteArray *a, uint64_t v)
{
	dfx_le32(a, (uint32_t)v);
	dfx_le32(a, (uint32_t)(v >> 32));
}

static inline void
dfx_bytes(GByteArray *a, const void *p, size_t n)
{
	g_byte_array_append(a, p, (guint)n);
}

#endif
