/* ole_embed.c - embedded objects of OLE documents: OLE packages, storages rebuilt as CFB files. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

/* A file name from ANSI bytes: UTF-8, last path element, no controls. */
static char *
clean_name(const unsigned char *s, size_t n)
{
	char *u = g_convert_with_fallback((const char *)s, (gssize)n, "UTF-8",
					  "WINDOWS-1252", "_", NULL, NULL, NULL);
	if (u == NULL)
		u = g_utf8_make_valid((const char *)s, (gssize)n);
	char *base = strrchr(u, '\\');
	char *slash = strrchr(u, '/');
	if (slash && (!base || slash > base))
		base = slash;
	char *r = g_strdup(base ? base + 1 : u);
	g_free(u);
	for (char *p = r; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '_';
	if (*r == '\0') {
		g_free(r);
		return NULL;
	}
	return r;
}

/* A NUL-terminated ANSI string at *off within [0, len); advances past the NUL. */
static bool
cstr(const unsigned char *p, size_t len, size_t *off, const unsigned char **s,
     size_t *n)
{
	if (*off >= len)
		return false;
	const unsigned char *z = memchr(p + *off, 0, len - *off);
	if (z == NULL)
		return false;
	*s = p + *off;
	*n = (size_t)(z - *s);
	*off += *n + 1;
	return true;
}

/* Add an "embedded" child (counts against the message budget). */
triage_status
triage_ole_add_embedded(ole_doc *d, const char *segment, const char *name,
			triage_blob *data, const char *clsname)
{
	if (triage_ctx_account(d->ctx, d->o, triage_blob_size(data)) != TRIAGE_OK) {
		d->limited = true;
		return TRIAGE_LIMIT;
	}
	triage_object *c = triage_object_add_child(d->o, segment, name, "embedded", data);
	triage_object_set_bool(c, TF_IS_EMBEDDED, true);
	if (clsname)
		triage_object_set_str(c, TF_OLE_CLASS, clsname);
	return TRIAGE_OK;
}

/*
 * "\001Ole10Native" ([MS-OLEDS] 2.3.6 / Packager): u32 size, then for a
 * package u16 type, label, source path, u16, u16, u32 + temp path, u32
 * data size, data.  The data becomes a child named after the label (what
 * the reader sees on the icon), else the source file name.  Other native
 * data is added whole.
 */
triage_status
triage_ole_native(ole_doc *d, const unsigned char *p, size_t len, const char *clsname)
{
	const unsigned char *label = NULL, *src = NULL, *tmp = NULL;
	size_t llen = 0, slen = 0, tlen = 0, off = 2; /* after the u16 type */
	triage_blob *b = NULL;
	char *name = NULL;
	triage_status st;

	if (len < 4) {
		d->corrupt = true;
		return TRIAGE_OK;
	}
	size_t total = ole_le32(p);
	if (total > len - 4)
		total = len - 4;
	const unsigned char *q = p + 4;
	bool pkg = total >= 2 && cstr(q, total, &off, &label, &llen) &&
		   cstr(q, total, &off, &src, &slen) && total - off >= 8;
	if (pkg) {
		off += 4; /* two u16 of unknown meaning */
		size_t tl = ole_le32(q + off);
		off += 4;
		pkg = tl <= total - off;
		if (pkg) {
			size_t t0 = off;
			tmp = q + off;
			tlen = tl ? strnlen((const char *)tmp, tl) : 0;
			off = t0 + tl;
			pkg = total - off >= 4;
		}
	}
	size_t dsize = 0;
	if (pkg) {
		dsize = ole_le32(q + off);
		off += 4;
		if (dsize > total - off) {
			/* Claimed more than is there: keep what is there. */
			d->corrupt = true;
			dsize = total - off;
		}
		b = triage_blob_new_copy(q + off, dsize);
		name = llen ? clean_name(label, llen) : NULL;
		if (name == NULL && tlen)
			name = clean_name(tmp, tlen);
		if (name == NULL && slen)
			name = clean_name(src, slen);
	} else {
		b = triage_blob_new_copy(q, total);
	}
	if (name == NULL)
		name = g_strdup("Ole10Native.bin");
	st = triage_ole_add_embedded(d, name, name, b, clsname ? clsname : (pkg ? "Package" : NULL));
	triage_blob_unref(&b);
	g_free(name);
	return st == TRIAGE_LIMIT ? TRIAGE_LIMIT : TRIAGE_OK;
}

/* Copy one storage into a CFB writer, bounded by entries and bytes. */
static bool
copy_storage(ole_doc *d, GsfInfile *in, GsfOutfile *out, int depth, uint64_t *bytes)
{
	if (depth > 16)
		return false;
	int n = gsf_infile_num_children(in);
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		const char *name = gsf_infile_name_by_index(in, i);
		GsfInput *c = gsf_infile_child_by_index(in, i);
		if (c == NULL || name == NULL) {
			if (c)
				g_object_unref(c);
			return false;
		}
		bool dir = triage_ole_is_storage(c);
		GsfOutput *co = gsf_outfile_new_child(out, name, dir);
		if (co == NULL) {
			g_object_unref(c);
			return false;
		}
		if (dir) {
			ok = copy_storage(d, GSF_INFILE(c), GSF_OUTFILE(co), depth + 1, bytes);
		} else {
			unsigned char *buf = NULL;
			size_t len = 0;
			uint64_t max = d->ctx->lim->max_object_size;
			ok = triage_ole_read(c, max, &buf, &len) == TRIAGE_OK &&
			     (max == 0 || *bytes + len <= max) &&
			     gsf_output_write(co, len, buf);
			*bytes += len;
			g_free(buf);
		}
		gsf_output_close(co);
		g_object_unref(co);
		g_object_unref(c);
	}
	return ok;
}

/* Rebuild a storage as a CFB image of its own (same class id). */
static triage_blob *
storage_to_cfb(ole_doc *d, GsfInfile *stg)
{
	GsfOutput *sink = gsf_output_memory_new();
	GsfOutfile *out = gsf_outfile_msole_new(sink);
	triage_blob *b = NULL;
	uint64_t bytes = 0;
	guint8 clsid[16];
	if (out == NULL)
		goto out;
	if (gsf_infile_msole_get_class_id(GSF_INFILE_MSOLE(stg), clsid))
		gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(out), clsid);
	bool ok = copy_storage(d, stg, out, 0, &bytes);
	/* Closing the CFB writer closes its sink too. */
	gsf_output_close(GSF_OUTPUT(out));
	if (ok) {
		const guint8 *p = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink));
		gsf_off_t n = gsf_output_size(sink);
		if (p && n > 0)
			b = triage_blob_new_copy(p, (size_t)n);
	}
out:
	if (out)
		g_object_unref(out);
	g_object_unref(sink);
	return b;
}

/* File extension for a rebuilt storage or package stream, by ProgID. */
static const char *
class_ext(const char *cls, bool package)
{
	static const struct { const char *prefix, *ole, *pkg; } map[] = {
		{"Excel.Sheet", ".xls", ".xlsx"},
		{"Excel.Chart", ".xls", ".xlsx"},
		{"Word.Document", ".doc", ".docx"},
		{"PowerPoint.Show", ".ppt", ".pptx"},
		{"PowerPoint.Slide", ".ppt", ".pptx"},
	};
	for (size_t i = 0; cls && i < G_N_ELEMENTS(map); i++)
		if (g_str_has_prefix(cls, map[i].prefix))
			return package ? map[i].pkg : map[i].ole;
	return package ? ".zip" : ".ole";
}

/* Read a named stream of a storage (bounded), or NULL. */
static unsigned char *
storage_stream(ole_doc *d, GsfInfile *stg, const char *name, size_t *len)
{
	unsigned char *buf = NULL;
	GsfInput *in = triage_ole_child(stg, name);
	*len = 0;
	if (in == NULL)
		return NULL;
	if (!triage_ole_is_storage(in) &&
	    triage_ole_read(in, d->ctx->lim->max_object_size, &buf, len) != TRIAGE_OK)
		d->corrupt = true;
	g_object_unref(in);
	return buf;
}

/*
 * One embedded object storage: an OLE package gives its file, an OOXML
 * "Package" stream or a "CONTENTS" stream is added as is, anything else is
 * rebuilt as a CFB file and read like any OLE document.
 */
triage_status
triage_ole_embedded_storage(ole_doc *d, GsfInfile *stg, const char *name)
{
	triage_status st = TRIAGE_OK;
	size_t len = 0, clen = 0;
	unsigned char *buf = NULL, *co = NULL;
	char *cls = NULL, *cname = NULL;
	triage_blob *b = NULL;

	if (d->ctx->lim->max_embedded > 0 &&
	    (uint64_t)d->embedded >= d->ctx->lim->max_embedded) {
		if (!d->limited)
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_embedded");
		d->limited = true;
		return TRIAGE_LIMIT;
	}
	d->embedded++;
	co = storage_stream(d, stg, "\001CompObj", &clen);
	cls = co ? triage_ole_compobj_class(co, clen) : NULL;

	if ((buf = storage_stream(d, stg, "\001Ole10Native", &len)) != NULL) {
		st = triage_ole_native(d, buf, len, cls);
		goto out;
	}
	bool package = (buf = storage_stream(d, stg, "Package", &len)) != NULL;
	if (!package)
		buf = storage_stream(d, stg, "CONTENTS", &len);
	if (buf) {
		b = triage_blob_new_take(buf, len);
		buf = NULL;
		cname = g_strconcat(name, package ? class_ext(cls, true) : ".bin", NULL);
	} else {
		b = storage_to_cfb(d, stg);
		if (b == NULL) {
			d->corrupt = true;
			goto out;
		}
		cname = g_strconcat(name, class_ext(cls, false), NULL);
	}
	st = triage_ole_add_embedded(d, cname, cname, b, cls);
out:
	triage_blob_unref(&b);
	g_free(cname);
	g_free(cls);
	g_free(co);
	g_free(buf);
	return st;
}
