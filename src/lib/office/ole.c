/* ole.c - OLE2/CFB documents: walk, identify, dispatch to the VBA/XLM/Word/PowerPoint readers. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

/* Storages nest this deep at most in real files; deeper is hostile. */
#define OLE_MAX_DEPTH 32

/* Count one directory entry; false (and the limit recorded) past max_ole_streams. */
static bool
count_entry(ole_doc *d)
{
	d->streams++;
	if (d->ctx->lim->max_ole_streams > 0 && d->streams > d->ctx->lim->max_ole_streams) {
		if (!d->limited)
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT,
						    "max_ole_streams");
		d->limited = true;
		return false;
	}
	return true;
}

/* Read a stream through (discarding the bytes) to prove its sector chain. */
static bool
stream_readable(GsfInput *in)
{
	guint8 buf[4096];
	gsf_off_t size = gsf_input_size(in);
	if (size < 0 || gsf_input_seek(in, 0, G_SEEK_SET))
		return false;
	while (size > 0) {
		size_t n = size > (gsf_off_t)sizeof buf ? sizeof buf : (size_t)size;
		if (gsf_input_read(in, n, buf) == NULL)
			return false;
		size -= (gsf_off_t)n;
	}
	return true;
}

/*
 * Visit every entry once: count against max_ole_streams, add up the
 * declared stream sizes (a real file cannot hold more than its own size;
 * more means shared or looping chains) and read each stream through so
 * a truncated or damaged file is reported corrupt.
 */
static void
verify_tree(ole_doc *d, GsfInfile *stg, int depth, uint64_t *total)
{
	if (depth > OLE_MAX_DEPTH) {
		d->corrupt = true;
		return;
	}
	int n = gsf_infile_num_children(stg);
	for (int i = 0; i < n && !d->limited && !d->corrupt; i++) {
		if (!count_entry(d))
			return;
		GsfInput *c = gsf_infile_child_by_index(stg, i);
		if (c == NULL) {
			d->corrupt = true;
			return;
		}
		if (triage_ole_is_storage(c)) {
			verify_tree(d, GSF_INFILE(c), depth + 1, total);
		} else {
			gsf_off_t sz = gsf_input_size(c);
			*total += sz > 0 ? (uint64_t)sz : 0;
			if (*total > triage_object_size(d->o) || !stream_readable(c))
				d->corrupt = true;
		}
		g_object_unref(c);
	}
}

/* Read a root-level stream by name into *buf; false when absent or unreadable. */
static bool
root_stream(ole_doc *d, const char *name, unsigned char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	GsfInput *in = triage_ole_child(d->root, name);
	if (in == NULL)
		return false;
	bool ok = false;
	if (!triage_ole_is_storage(in)) {
		triage_status st = triage_ole_read(in, d->ctx->lim->max_object_size, buf, len);
		if (st == TRIAGE_LIMIT) {
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT,
						    "max_object_size");
			d->limited = true;
		} else if (st != TRIAGE_OK) {
			d->corrupt = true;
		}
		ok = st == TRIAGE_OK;
	}
	g_object_unref(in);
	return ok;
}

/* True for storages that hold an embedded object (analyzed on their own). */
static bool
is_embedding(const char *name, int depth)
{
	return g_ascii_strcasecmp(name, "ObjectPool") == 0 ||
	       (depth == 0 && g_ascii_strncasecmp(name, "MBD", 3) == 0);
}

/*
 * Find VBA projects: a storage named "VBA" holding a "dir" stream; its
 * parent is the project storage ("Macros", "_VBA_PROJECT_CUR" or the root
 * of a vbaProject.bin).  Embedded objects are not searched: they become
 * children and are read on their own.
 */
static triage_status
find_vba(ole_doc *d, GsfInfile *stg, int depth)
{
	triage_status st = TRIAGE_OK;
	int n = gsf_infile_num_children(stg);
	if (depth > OLE_MAX_DEPTH)
		return TRIAGE_OK;
	for (int i = 0; i < n && !TRIAGE_IS_ERROR(st); i++) {
		const char *name = gsf_infile_name_by_index(stg, i);
		if (name == NULL || is_embedding(name, depth))
			continue;
		GsfInput *c = gsf_infile_child_by_index(stg, i);
		if (c == NULL || !triage_ole_is_storage(c)) {
			if (c)
				g_object_unref(c);
			continue;
		}
		GsfInput *dir = NULL;
		if (g_ascii_strcasecmp(name, "VBA") == 0 &&
		    (dir = triage_ole_child(GSF_INFILE(c), "dir")) != NULL)
			st = triage_vba_project(d, stg, GSF_INFILE(c));
		else
			st = find_vba(d, GSF_INFILE(c), depth + 1);
		if (dir)
			g_object_unref(dir);
		g_object_unref(c);
	}
	return st;
}

/* Search a CFB tree for VBA projects (see find_vba). */
triage_status
triage_ole_find_vba(ole_doc *d, GsfInfile *root)
{
	return find_vba(d, root, 0);
}

/* True when a "VBA" storage with a "dir" stream exists outside embeddings. */
static bool
has_vba(GsfInfile *stg, int depth)
{
	bool found = false;
	int n = gsf_infile_num_children(stg);
	for (int i = 0; i < n && !found && depth <= OLE_MAX_DEPTH; i++) {
		const char *name = gsf_infile_name_by_index(stg, i);
		if (name == NULL || is_embedding(name, depth))
			continue;
		GsfInput *c = gsf_infile_child_by_index(stg, i);
		if (c == NULL)
			continue;
		if (triage_ole_is_storage(c)) {
			GsfInput *dir = NULL;
			if (g_ascii_strcasecmp(name, "VBA") == 0 &&
			    (dir = triage_ole_child(GSF_INFILE(c), "dir")) != NULL)
				found = true;
			else
				found = has_vba(GSF_INFILE(c), depth + 1);
			if (dir)
				g_object_unref(dir);
		}
		g_object_unref(c);
	}
	return found;
}

/* True when the tree holds a VBA project. */
bool
triage_ole_has_vba(GsfInfile *root)
{
	return has_vba(root, 0);
}

/* Embedded objects: ObjectPool/<id> storages (Word), MBD* storages (Excel). */
static triage_status
find_embedded(ole_doc *d)
{
	triage_status st = TRIAGE_OK;
	int n = gsf_infile_num_children(d->root);
	for (int i = 0; i < n && !TRIAGE_IS_ERROR(st) && st != TRIAGE_LIMIT; i++) {
		const char *name = gsf_infile_name_by_index(d->root, i);
		if (name == NULL || !is_embedding(name, 0))
			continue;
		GsfInput *c = gsf_infile_child_by_index(d->root, i);
		if (c == NULL || !triage_ole_is_storage(c)) {
			if (c)
				g_object_unref(c);
			continue;
		}
		if (g_ascii_strcasecmp(name, "ObjectPool") == 0) {
			GsfInfile *pool = GSF_INFILE(c);
			int m = gsf_infile_num_children(pool);
			for (int k = 0; k < m && !TRIAGE_IS_ERROR(st) && st != TRIAGE_LIMIT; k++) {
				GsfInput *e = gsf_infile_child_by_index(pool, k);
				const char *en = gsf_infile_name_by_index(pool, k);
				if (e && en && triage_ole_is_storage(e))
					st = triage_ole_embedded_storage(d, GSF_INFILE(e), en);
				if (e)
					g_object_unref(e);
			}
		} else {
			st = triage_ole_embedded_storage(d, GSF_INFILE(c), name);
		}
		g_object_unref(c);
	}
	return st;
}

/* An encrypted OOXML package in a CFB wrapper: hand both streams to crypto. */
static triage_status
encrypted_package(ole_doc *d)
{
	unsigned char *info = NULL, *pkg = NULL;
	size_t ilen = 0, plen = 0;
	triage_status st = TRIAGE_OK;
	triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
	if (root_stream(d, "EncryptionInfo", &info, &ilen) &&
	    root_stream(d, "EncryptedPackage", &pkg, &plen))
		st = triage_crypto_ooxml(d->ctx, d->o, info, ilen, pkg, plen);
	g_free(info);
	g_free(pkg);
	return st;
}

/* The root's own "\001Ole10Native" (an oleObject.bin of an OOXML file). */
static triage_status
root_native(ole_doc *d)
{
	unsigned char *p = NULL, *co = NULL;
	size_t len = 0, clen = 0;
	triage_status st = TRIAGE_OK;
	if (!root_stream(d, "\001Ole10Native", &p, &len))
		return TRIAGE_OK;
	char *cls = root_stream(d, "\001CompObj", &co, &clen)
		? triage_ole_compobj_class(co, clen) : NULL;
	if (cls)
		triage_object_set_str(d->o, TF_OLE_CLASS, cls);
	st = triage_ole_native(d, p, len, cls);
	g_free(cls);
	g_free(co);
	g_free(p);
	return st;
}

/* Word, Excel and PowerPoint main streams. */
static triage_status
document_streams(ole_doc *d)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	triage_status st = TRIAGE_OK;
	if (root_stream(d, "WordDocument", &buf, &len))
		st = triage_word_check(d, buf, len);
	g_free(buf);
	if (TRIAGE_IS_ERROR(st) || d->replaced)
		return st;
	if (root_stream(d, "Workbook", &buf, &len) || root_stream(d, "Book", &buf, &len))
		st = triage_xlm_workbook(d, buf, len);
	g_free(buf);
	if (TRIAGE_IS_ERROR(st))
		return st;
	GsfInput *es = triage_ole_child(d->root, "EncryptedSummary");
	if (es) {
		triage_object_set_bool(d->o, TF_OFFICE_ENCRYPTED, true);
		g_object_unref(es);
	}
	if (root_stream(d, "PowerPoint Document", &buf, &len))
		st = triage_ppt_document(d, buf, len);
	g_free(buf);
	return st;
}

/* Analyze one CFB/OLE2 object. */
triage_status
triage_ole_run(triage_ctx *ctx, triage_object *o)
{
	ole_doc d = {.ctx = ctx, .o = o};
	triage_status st = TRIAGE_OK;
	const char *why = NULL;
	uint64_t total = 0;

	triage_object_set_bool(o, TF_IS_OFFICE, true);
	d.mem = gsf_input_memory_new(triage_object_data(o),
				     (gsf_off_t)triage_object_size(o), FALSE);
	if (d.mem == NULL) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, "empty OLE file");
		goto out;
	}
	d.root = triage_ole_open(d.mem, &why);
	if (d.root == NULL) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT, why);
		goto out;
	}
	verify_tree(&d, d.root, 0, &total);
	if (d.limited)
		goto out;

	GsfInput *ei = triage_ole_child(d.root, "EncryptionInfo");
	GsfInput *ep = triage_ole_child(d.root, "EncryptedPackage");
	bool enc_pkg = ei && ep;
	if (ei)
		g_object_unref(ei);
	if (ep)
		g_object_unref(ep);
	if (enc_pkg) {
		st = encrypted_package(&d);
		goto out;
	}
	st = document_streams(&d);
	/* A decrypted copy is analyzed as a child: reading on would count twice. */
	if (TRIAGE_IS_ERROR(st) || d.replaced)
		goto out;
	st = find_vba(&d, d.root, 0);
	if (TRIAGE_IS_ERROR(st))
		goto out;
	st = find_embedded(&d);
	if (TRIAGE_IS_ERROR(st))
		goto out;
	st = root_native(&d);
	if (st == TRIAGE_LIMIT)
		st = TRIAGE_OK;
out:
	if (d.embedded > 0)
		triage_object_add_int(o, TF_EMBEDDED_OBJECTS, d.embedded);
	if (d.corrupt)
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "damaged OLE structure or stream");
	if (d.root)
		g_object_unref(d.root);
	if (d.mem)
		g_object_unref(d.mem);
	return TRIAGE_IS_ERROR(st) ? st : TRIAGE_OK;
}
