/* olefix.c - OLE/CFB, VBA and BIFF fixtures for the OLE reader tests. */
#include "config.h"

#include <string.h>

#include "olefix.h"

/* Start an empty CFB file in memory. */
void
olefix_begin(olefix *f)
{
	f->sink = gsf_output_memory_new();
	f->root = gsf_outfile_msole_new(f->sink);
	g_assert_nonnull(f->root);
}

GsfOutfile *
olefix_storage(GsfOutfile *parent, const char *name)
{
	GsfOutput *o = gsf_outfile_new_child(parent, name, TRUE);
	g_assert_nonnull(o);
	return GSF_OUTFILE(o);
}

void
olefix_stream(GsfOutfile *parent, const char *name, const void *data, size_t len)
{
	GsfOutput *o = gsf_outfile_new_child(parent, name, FALSE);
	g_assert_nonnull(o);
	if (len)
		g_assert_true(gsf_output_write(o, len, data));
	gsf_output_close(o);
	g_object_unref(o);
}

void
olefix_close(GsfOutfile *stg)
{
	gsf_output_close(GSF_OUTPUT(stg));
	g_object_unref(stg);
}

/* Finish the file and copy its bytes out. */
GByteArray *
olefix_end(olefix *f)
{
	gsf_output_close(GSF_OUTPUT(f->root));
	const guint8 *p = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(f->sink));
	gsf_off_t n = gsf_output_size(f->sink);
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, p, (guint)n);
	g_object_unref(f->root);
	g_object_unref(f->sink);
	f->root = NULL;
	f->sink = NULL;
	return a;
}

/* Copy-token offset bits at a chunk position (MS-OVBA 2.4.1.3.19.1). */
static unsigned
offset_bits(size_t pos)
{
	unsigned bits = 4;
	while (bits < 12 && ((size_t)1 << bits) < pos)
		bits++;
	return bits;
}

/* Append a u16. */
static void
put16(GByteArray *a, unsigned v)
{
	guint8 b[2] = {v & 0xFF, (v >> 8) & 0xFF};
	g_byte_array_append(a, b, 2);
}

static void
put32(GByteArray *a, uint32_t v)
{
	guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
	g_byte_array_append(a, b, 4);
}

/*
 * MS-OVBA compression.  Literal-only chunks hold at most 3640 bytes so
 * their body fits the 4096-byte chunk limit; greedy chunks hold 4096.
 */
GByteArray *
olefix_vba_compress(const void *srcv, size_t len, bool greedy)
{
	const unsigned char *src = srcv;
	GByteArray *out = g_byte_array_new();
	guint8 sig = 0x01;
	g_byte_array_append(out, &sig, 1);
	size_t per_chunk = greedy ? 4096 : 3640;
	for (size_t cs = 0; cs < len; cs += per_chunk) {
		size_t cl = MIN(per_chunk, len - cs);
		const unsigned char *c = src + cs;
		GByteArray *body = g_byte_array_new();
		size_t pos = 0;
		while (pos < cl) {
			guint flagpos = body->len;
			guint8 flags = 0;
			g_byte_array_append(body, &flags, 1);
			for (int bit = 0; bit < 8 && pos < cl; bit++) {
				size_t best = 0, boff = 0;
				if (greedy && pos > 0) {
					unsigned bits = offset_bits(pos);
					size_t maxlen = (0xFFFFu >> bits) + 3;
					size_t maxoff = (size_t)1 << (16 - bits);
					for (size_t off = 1; off <= pos && off <= maxoff; off++) {
						size_t l = 0;
						while (pos + l < cl && l < maxlen && c[pos + l - off] == c[pos + l])
							l++;
						if (l > best) {
							best = l;
							boff = off;
						}
					}
				}
				if (best >= 3) {
					unsigned bits = offset_bits(pos);
					unsigned tok = (unsigned)(((boff - 1) << (16 - bits)) | (best - 3));
					put16(body, tok);
					body->data[flagpos] |= (guint8)(1u << bit);
					pos += best;
				} else {
					g_byte_array_append(body, c + pos, 1);
					pos++;
				}
			}
		}
		g_assert_cmpuint(body->len, <=, 4096);
		put16(out, (unsigned)(body->len - 1) | 0x3000 | 0x8000);
		g_byte_array_append(out, body->data, body->len);
		g_byte_array_free(body, TRUE);
	}
	return out;
}

/* One dir record. */
static void
rec(GByteArray *d, unsigned id, const void *data, size_t n)
{
	put16(d, id);
	put32(d, (uint32_t)n);
	if (n)
		g_byte_array_append(d, data, (guint)n);
}

static void
rec32(GByteArray *d, unsigned id, uint32_t v)
{
	guint8 b[4] = {v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24};
	rec(d, id, b, 4);
}

/* UTF-8 as UTF-16LE. */
static GByteArray *
utf16(const char *s)
{
	GByteArray *a = g_byte_array_new();
	glong n = 0;
	gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
	g_assert_nonnull(u);
	for (glong i = 0; i < n; i++)
		put16(a, u[i]);
	g_free(u);
	return a;
}

/* UTF-8 in the project code page (1252), as the MBCS name records are. */
static char *
cp1252(const char *s)
{
	char *r = g_convert(s, -1, "CP1252", "UTF-8", NULL, NULL, NULL);
	g_assert_nonnull(r);
	return r;
}

/* A VBA project per [MS-OVBA] 2.3.4.2, written into `proj`. */
void
olefix_vba_project(GsfOutfile *proj, const olefix_module *mods, size_t n, bool greedy)
{
	olefix_vba_project_offsets(proj, mods, n, greedy, NULL);
}

void
olefix_vba_project_offsets(GsfOutfile *proj, const olefix_module *mods, size_t n,
			   bool greedy, const uint32_t *offsets)
{
	GByteArray *dir = g_byte_array_new();
	rec32(dir, 0x0001, 1);                  /* PROJECTSYSKIND win32 */
	rec32(dir, 0x0002, 0x409);              /* PROJECTLCID */
	rec32(dir, 0x0014, 0x409);              /* PROJECTLCIDINVOKE */
	guint8 cp[2] = {0xE4, 0x04};            /* 1252 */
	rec(dir, 0x0003, cp, 2);
	rec(dir, 0x0004, "VBAProject", 10);
	rec(dir, 0x0005, NULL, 0);
	rec(dir, 0x0040, NULL, 0);
	rec(dir, 0x0006, NULL, 0);
	rec(dir, 0x003D, NULL, 0);
	rec32(dir, 0x0007, 0);
	rec32(dir, 0x0008, 0);
	/* PROJECTVERSION: reserved 4, major u32, minor u16. */
	put16(dir, 0x0009);
	put32(dir, 4);
	put32(dir, 1);
	put16(dir, 2);
	rec(dir, 0x000C, NULL, 0);
	rec(dir, 0x003C, NULL, 0);
	guint8 cnt[2] = {(guint8)n, 0};
	rec(dir, 0x000F, cnt, 2);
	guint8 cookie[2] = {0xFF, 0xFF};
	rec(dir, 0x0013, cookie, 2);
	GsfOutfile *vba = olefix_storage(proj, "VBA");
	GString *project = g_string_new("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\n");
	for (size_t i = 0; i < n; i++) {
		const olefix_module *m = &mods[i];
		GByteArray *u = utf16(m->name);
		char *mb = cp1252(m->name);
		rec(dir, 0x0019, mb, strlen(mb));
		rec(dir, 0x0047, u->data, u->len);
		rec(dir, 0x001A, mb, strlen(mb));
		rec(dir, 0x0032, u->data, u->len);
		g_free(mb);
		g_byte_array_free(u, TRUE);
		rec(dir, 0x001C, NULL, 0);
		rec(dir, 0x0048, NULL, 0);
		rec32(dir, 0x0031, offsets ? offsets[i] : (uint32_t)m->pcode_len);
		rec32(dir, 0x001E, 0);
		rec(dir, 0x002C, cookie, 2);
		rec(dir, m->document ? 0x0022 : 0x0021, NULL, 0);
		rec(dir, 0x002B, NULL, 0);
		GByteArray *stream = g_byte_array_new();
		if (m->pcode_len)
			g_byte_array_append(stream, m->pcode, (guint)m->pcode_len);
		GByteArray *cs = olefix_vba_compress(m->source, strlen(m->source), greedy);
		g_byte_array_append(stream, cs->data, cs->len);
		g_byte_array_free(cs, TRUE);
		olefix_stream(vba, m->name, stream->data, stream->len);
		g_byte_array_free(stream, TRUE);
		g_string_append_printf(project, "%s=%s\r\n",
				       m->document ? "Document" : "Module", m->name);
	}
	rec(dir, 0x0010, NULL, 0);
	GByteArray *cdir = olefix_vba_compress(dir->data, dir->len, greedy);
	olefix_stream(vba, "dir", cdir->data, cdir->len);
	guint8 vp[7] = {0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00};
	olefix_stream(vba, "_VBA_PROJECT", vp, sizeof vp);
	olefix_close(vba);
	olefix_stream(proj, "PROJECT", project->str, project->len);
	g_string_free(project, TRUE);
	g_byte_array_free(cdir, TRUE);
	g_byte_array_free(dir, TRUE);
}

/* A context with default limits. */
triage_ctx *
olefix_ctx(void)
{
	triage_ctx *ctx = g_new0(triage_ctx, 1);
	triage_config *cfg = triage_config_new();
	ctx->cfg = cfg;
	ctx->lim = &cfg->limits;
	ctx->texts = g_ptr_array_new_with_free_func(g_free);
	ctx->passwords = g_ptr_array_new_with_free_func(g_free);
	ctx->tmp_dir = g_get_tmp_dir();
	return ctx;
}

void
olefix_ctx_free(triage_ctx **pctx)
{
	triage_ctx *ctx = *pctx;
	if (ctx == NULL)
		return;
	triage_config *cfg = (triage_config *)ctx->cfg;
	triage_config_free(&cfg);
	g_ptr_array_free(ctx->texts, TRUE);
	g_ptr_array_free(ctx->passwords, TRUE);
	g_free(ctx);
	*pctx = NULL;
}

triage_object *
olefix_object(const char *name, const void *bytes, size_t len)
{
	triage_blob *b = triage_blob_new_copy(bytes, len);
	triage_object *o = triage_object_new_root(name, "mime", b);
	triage_blob_unref(&b);
	triage_object_set_str(o, TF_TYPE, "ole");
	return o;
}

triage_object *
olefix_child(triage_object *o, const char *suffix)
{
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		triage_object *c = triage_object_child(o, i);
		if (g_str_has_suffix(triage_object_path(c), suffix))
			return c;
	}
	return NULL;
}
