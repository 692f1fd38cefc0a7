/* crypto_cfb.c - a decrypted copy of a binary Office file: the CFB rebuilt with its decrypted streams. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ole_int.h"

/* Storages nest this deep at most (as the reader's own walk). */
#define CFB_MAX_DEPTH 32

typedef struct cfb_copy {
	ole_doc *d;
	const triage_cfb_stream *repl;
	size_t nrepl;
	uint64_t entries;
	triage_status st;
	const char *limit;       /* the limit's key when st is TRIAGE_LIMIT */
} cfb_copy;

/* The replacement for a root-level stream, or NULL. */
static const triage_cfb_stream *
replacement(const cfb_copy *c, const char *name, int depth)
{
	if (depth != 0)
		return NULL;
	for (size_t i = 0; i < c->nrepl; i++)
		if (g_ascii_strcasecmp(c->repl[i].name, name) == 0)
			return &c->repl[i];
	return NULL;
}

/* Write one stream's bytes into a new child of `out`. */
static bool
put_stream(GsfOutfile *out, const char *name, const unsigned char *p, size_t len)
{
	GsfOutput *s = gsf_outfile_new_child(out, name, FALSE);
	if (s == NULL)
		return false;
	bool ok = len == 0 || gsf_output_write(s, len, p);
	ok &= gsf_output_close(s);
	g_object_unref(s);
	return ok;
}

/* Copy storage `in` into `out`, streams named in c->repl swapped at the root. */
static void
copy_storage(cfb_copy *c, GsfInfile *in, GsfOutfile *out, int depth)
{
	int n = gsf_infile_num_children(in);
	if (depth > CFB_MAX_DEPTH) {
		c->st = TRIAGE_CORRUPT;
		return;
	}
	for (int i = 0; i < n && c->st == TRIAGE_OK; i++) {
		const triage_limits *lim = c->d->ctx->lim;
		if (lim->max_ole_streams > 0 && ++c->entries > lim->max_ole_streams) {
			c->st = TRIAGE_LIMIT;
			c->limit = "max_ole_streams";
			return;
		}
		const char *name = gsf_infile_name_by_index(in, i);
		GsfInput *e = gsf_infile_child_by_index(in, i);
		if (name == NULL || e == NULL) {
			if (e)
				g_object_unref(e);
			c->st = TRIAGE_CORRUPT;
			return;
		}
		if (triage_ole_is_storage(e)) {
			GsfOutput *sub = gsf_outfile_new_child(out, name, TRUE);
			if (sub == NULL) {
				c->st = TRIAGE_ERR_INTERNAL;
			} else {
				copy_storage(c, GSF_INFILE(e), GSF_OUTFILE(sub), depth + 1);
				gsf_output_close(sub);
				g_object_unref(sub);
			}
		} else {
			const triage_cfb_stream *r = replacement(c, name, depth);
			unsigned char *buf = NULL;
			if (r && r->drop) {
				g_object_unref(e);
				continue;
			}
			size_t len = 0;
			if (r == NULL)
				c->st = triage_ole_read(e, lim->max_object_size, &buf, &len);
			if (c->st == TRIAGE_LIMIT)
				c->limit = "max_object_size";
			if (c->st == TRIAGE_OK &&
			    !put_stream(out, name, r ? r->data : buf, r ? r->len : len))
				c->st = TRIAGE_ERR_INTERNAL;
			g_free(buf);
		}
		g_object_unref(e);
	}
}

/* Rebuild d->root in memory with the replaced streams. */
triage_status
triage_crypto_cfb_rebuild(ole_doc *d, const triage_cfb_stream *repl, size_t n,
			  triage_blob **out, const char **limit)
{
	cfb_copy c = {.d = d, .repl = repl, .nrepl = n, .st = TRIAGE_OK};
	GsfOutput *sink = gsf_output_memory_new();
	GsfOutfile *root = gsf_outfile_msole_new(sink);
	guint8 clsid[16];

	*out = NULL;
	if (root == NULL) {
		c.st = TRIAGE_ERR_INTERNAL;
		goto out;
	}
	if (GSF_IS_INFILE_MSOLE(d->root) &&
	    gsf_infile_msole_get_class_id(GSF_INFILE_MSOLE(d->root), clsid))
		gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(root), clsid);
	copy_storage(&c, d->root, root, 0);
	if (!gsf_output_close(GSF_OUTPUT(root)) && c.st == TRIAGE_OK)
		c.st = TRIAGE_ERR_INTERNAL;
	if (c.st != TRIAGE_OK)
		goto out;
	gsf_off_t size = gsf_output_size(sink);
	const guint8 *bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink));
	if (size <= 0 || bytes == NULL) {
		c.st = TRIAGE_ERR_INTERNAL;
		goto out;
	}
	*out = triage_blob_new_copy(bytes, (size_t)size);
out:
	*limit = c.limit;
	if (c.st == TRIAGE_ERR_INTERNAL)
		snprintf(d->ctx->err, sizeof d->ctx->err,
			 "office decryption: rebuilding the CFB file failed");
	if (root)
		g_object_unref(root);
	g_object_unref(sink);
	return c.st;
}

/* Add the decrypted copy as the document's "decrypted" child. */
triage_status
triage_crypto_add_decrypted(ole_doc *d, const char *segment, triage_blob *b)
{
	triage_object *c = triage_object_add_child(d->o, segment, NULL, "decrypted", b);
	triage_object_set_bool(d->o, TF_OFFICE_DECRYPTED, true);
	d->replaced = true;
	triage_ctx_account(d->ctx, c, triage_blob_size(b));
	return TRIAGE_OK;
}

/* Rebuild with the decrypted streams and add the child. */
triage_status
triage_crypto_finish(ole_doc *d, const char *segment, const triage_cfb_stream *s,
		     size_t n)
{
	triage_blob *b = NULL;
	const char *limit = NULL;
	triage_status st = triage_crypto_cfb_rebuild(d, s, n, &b, &limit);
	if (st == TRIAGE_OK)
		st = triage_crypto_add_decrypted(d, segment, b);
	else if (st == TRIAGE_LIMIT)
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, limit);
	else if (st == TRIAGE_CORRUPT)
		d->corrupt = true;
	triage_blob_unref(&b);
	return TRIAGE_IS_ERROR(st) ? st : TRIAGE_OK;
}

/* A root stream's bytes (*buf NULL when absent); false when it cannot be read. */
bool
triage_crypto_read_root(ole_doc *d, const char *name, unsigned char **buf,
			size_t *len)
{
	*buf = NULL;
	*len = 0;
	GsfInput *in = triage_ole_child(d->root, name);
	if (in == NULL)
		return true;
	triage_status st = TRIAGE_CORRUPT;
	if (!triage_ole_is_storage(in))
		st = triage_ole_read(in, d->ctx->lim->max_object_size, buf, len);
	g_object_unref(in);
	if (st == TRIAGE_LIMIT) {
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
		d->limited = true;
	} else if (st != TRIAGE_OK) {
		d->corrupt = true;
	}
	return st == TRIAGE_OK;
}

/* Record why an encrypted document stays closed. */
void
triage_crypto_not_decrypted(ole_doc *d, triage_status st, const char *why)
{
	if (st == TRIAGE_LIMIT)
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "time_budget_ms");
	else if (st == TRIAGE_CORRUPT)
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_CORRUPT, why);
	else
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_ENCRYPTED, why);
}
