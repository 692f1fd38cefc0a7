/* ppt.c - PowerPoint 97-2003 document stream: encryption, VBA project, embedded storages. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

#define RT_EXOLEOBJSTG 0x1011
#define RT_CRYPTSESSION10 0x2F14

/*
 * Inflate an ExOleObjStg body (zlib) into at most `cap` bytes; returns the
 * bytes (g_malloc'ed) or NULL on a damaged stream.
 */
static unsigned char *
inflate_bounded(const unsigned char *in, size_t len, size_t cap, size_t *outlen)
{
	GConverter *z = G_CONVERTER(g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
	unsigned char *out = g_try_malloc(cap ? cap : 1);
	size_t ip = 0, op = 0;
	bool ok = out != NULL;
	while (ok && op < cap) {
		gsize r = 0, w = 0;
		GError *err = NULL;
		GConverterResult res = g_converter_convert(z, in + ip, len - ip, out + op,
							   cap - op, G_CONVERTER_INPUT_AT_END,
							   &r, &w, &err);
		ip += r;
		op += w;
		g_clear_error(&err);
		if (res == G_CONVERTER_FINISHED)
			break;
		if (res == G_CONVERTER_ERROR || (r == 0 && w == 0))
			ok = false;
	}
	g_object_unref(z);
	if (!ok) {
		g_free(out);
		return NULL;
	}
	*outlen = op;
	return out;
}

/* An OLE storage held in an ExOleObjStg: the VBA project or an embedded object. */
static triage_status
ole_storage(ole_doc *d, const unsigned char *p, size_t len, unsigned n)
{
	triage_status st = TRIAGE_OK;
	ole_doc sub = {.ctx = d->ctx, .o = d->o};
	const char *why = NULL;
	sub.mem = gsf_input_memory_new(p, (gsf_off_t)len, FALSE);
	sub.root = sub.mem ? triage_ole_open(sub.mem, &why) : NULL;
	if (sub.root == NULL) {
		d->corrupt = true;
		goto out;
	}
	if (gsf_infile_num_children(sub.root) <= 0) {
		/* An empty storage (PowerPoint keeps such placeholders): nothing embedded. */
	} else if (triage_ole_has_vba(sub.root)) {
		st = triage_ole_find_vba(&sub, sub.root);
		d->corrupt |= sub.corrupt;
		d->limited |= sub.limited;
	} else {
		char name[40];
		g_snprintf(name, sizeof name, "ExOleObjStg_%u.ole", n);
		if (d->ctx->lim->max_embedded > 0 &&
		    (uint64_t)d->embedded >= d->ctx->lim->max_embedded) {
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_embedded");
			d->limited = true;
			st = TRIAGE_LIMIT;
			goto out;
		}
		d->embedded++;
		triage_blob *b = triage_blob_new_copy(p, len);
		st = triage_ole_add_embedded(d, name, name, b, NULL);
		triage_blob_unref(&b);
	}
out:
	if (sub.root)
		g_object_unref(sub.root);
	if (sub.mem)
		g_object_unref(sub.mem);
	return st;
}

/* One ExOleObjStg atom: instance 1 is zlib-compressed with a u32 size first. */
static triage_status
exoleobjstg(ole_doc *d, unsigned inst, const unsigned char *b, size_t n, unsigned idx)
{
	if (inst == 0)
		return ole_storage(d, b, n, idx);
	if (n < 4) {
		d->corrupt = true;
		return TRIAGE_OK;
	}
	size_t want = ole_le32(b);
	uint64_t max = d->ctx->lim->max_object_size;
	if (max > 0 && want > max) {
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
		d->limited = true;
		return TRIAGE_OK;
	}
	size_t got = 0;
	unsigned char *raw = inflate_bounded(b + 4, n - 4, want, &got);
	triage_status st = TRIAGE_OK;
	if (raw == NULL)
		d->corrupt = true;
	else
		st = ole_storage(d, raw, got, idx);
	g_free(raw);
	return st;
}

/*
 * An encrypted stream goes to crypto_ppt.c (a decrypted copy is read as a
 * child).  Otherwise walk the record tree of the "PowerPoint Document"
 * stream (containers have version 0xF and are entered, atoms skipped), looking for
 * CryptSession10Container (encrypted) and ExOleObjStg (VBA project and
 * embedded objects, [MS-PPT] 2.10.34).
 */
triage_status
triage_ppt_document(ole_doc *d, const unsigned char *doc, size_t len)
{
	size_t pos = 0;
	unsigned nobj = 0;
	bool encrypted = false;
	triage_status st = triage_crypto_ppt(d, doc, len, &encrypted);
	if (encrypted || TRIAGE_IS_ERROR(st))
		return st;
	while (pos < len && !TRIAGE_IS_ERROR(st) && st != TRIAGE_LIMIT) {
		if (len - pos < 8) {
			d->corrupt = true;
			break;
		}
		unsigned vi = ole_le16(doc + pos);
		unsigned type = ole_le16(doc + pos + 2);
		size_t rlen = ole_le32(doc + pos + 4);
		pos += 8;
		if (type == RT_CRYPTSESSION10) {
			/* Encrypted, but not named by a usable edit chain (crypto_ppt.c). */
			triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_CORRUPT,
						    "CryptSession10Container outside the edit chain");
			break;
		}
		if ((vi & 0xF) == 0xF)
			continue; /* container: its records follow */
		if (rlen > len - pos) {
			d->corrupt = true;
			break;
		}
		if (type == RT_EXOLEOBJSTG)
			st = exoleobjstg(d, vi >> 4, doc + pos, rlen, nobj++);
		pos += rlen;
	}
	return st == TRIAGE_LIMIT ? TRIAGE_OK : st;
}
