/* odf.c - OpenDocument packages (.odt .ods .odp .odg and their templates). */
#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "odf_int.h"
#include "ooxml_int.h"

/*
 * Three passes over the zip in memory (seeking is cheap, parts nobody
 * needs are not inflated): the first lists the members and reads the
 * manifest (media types, encrypted entries); the second parses content
 * and styles parts (of the document and of its sub-documents) and the
 * StarBasic modules; the third extracts the members that the content
 * names as embedded OLE objects, wherever they sit in the zip.
 */

typedef enum odf_pass { PASS_LIST, PASS_PARTS, PASS_EXTRACT } odf_pass;

/* Read the current entry as a part to parse; NULL on a data error. */
static GByteArray *
read_part(odf_pkg *pkg, struct archive *a, const char *norm)
{
	GByteArray *buf = g_byte_array_new();
	bool truncated = false;
	if (!ooxml_zip_read_mem(a, pkg->ctx->lim->max_object_size, buf, &truncated)) {
		odf_note_corrupt(pkg, norm);
		g_byte_array_free(buf, TRUE);
		return NULL;
	}
	if (truncated)
		triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	return buf;
}

/* Add every directory prefix of a member name to pkg->dirs. */
static void
add_dirs(odf_pkg *pkg, const char *norm)
{
	for (const char *s = strchr(norm, '/'); s != NULL; s = strchr(s + 1, '/'))
		if (s > norm)
			g_hash_table_add(pkg->dirs, g_strndup(norm, (gsize)(s - norm)));
}

/* Extra StarBasic names for writing files and starting programs. */
static void
basic_extra_flags(const char *src, size_t len, vba_flags *f)
{
	char *low = g_ascii_strdown(src, (gssize)len);
	if (strstr(low, "systemshellexecute") || strstr(low, "createunoservice"))
		f->execute = true;
	if (strstr(low, "simplefileaccess"))
		f->write = true;
	g_free(low);
}

/*
 * A StarBasic module: the source as a child of kind "basic" (marked as a
 * macro module so the per-module rules read it and the document rules
 * skip it), write / execute flags from the VBA classifier.
 */
static void
basic_module(odf_pkg *pkg, struct archive *a, const char *orig, const char *norm)
{
	GByteArray *buf = read_part(pkg, a, norm);
	char *name = NULL;
	size_t slen = 0;
	bool bad = false;
	if (buf == NULL)
		return;
	char *src = odf_basic_source(buf->data, buf->len, &name, &slen, &bad);
	g_byte_array_free(buf, TRUE);
	if (bad)
		odf_note_corrupt(pkg, norm);
	if (src == NULL)
		goto out;
	pkg->has_basic = true;
	vba_flags f = {0};
	triage_vba_classify(src, slen, &f);
	basic_extra_flags(src, slen, &f);
	/*
	 * Without VBA support LibreOffice runs no Document_Open or Auto_Open:
	 * only event bindings start a Basic macro.  Modules converted from
	 * VBA ("Option VBASupport 1") keep the VBA events.
	 */
	char *low = g_ascii_strdown(src, (gssize)slen);
	bool vba_mode = strstr(low, "option vbasupport 1") != NULL;
	g_free(low);
	if (!vba_mode)
		f.autoexec = false;
	pkg->basic.autoexec |= f.autoexec;
	pkg->basic.write |= f.write;
	pkg->basic.execute |= f.execute;
	if (pkg->stop)
		goto out;
	if (name == NULL) {
		const char *base = ooxml_part_base(norm);
		name = g_strndup(base, strlen(base) - 4); /* without ".xml" */
	}
	char *seg = g_strconcat("basic:", name, NULL);
	triage_blob *b = triage_blob_new_take(src, slen);
	src = NULL;
	triage_object *c = triage_object_add_child(pkg->o, seg, orig, "basic", b);
	triage_object_set_bool(c, TF_IS_VBA_MODULE, true);
	triage_object_set_bool(c, TF_VBA_AUTOEXEC, f.autoexec);
	triage_object_set_bool(c, TF_VBA_WRITE, f.write);
	triage_object_set_bool(c, TF_VBA_EXECUTE, f.execute);
	if (triage_ctx_account(pkg->ctx, c, triage_blob_size(b)) == TRIAGE_LIMIT)
		pkg->stop = true;
	triage_blob_unref(&b);
	g_free(seg);
out:
	g_free(src);
	g_free(name);
}

/* Add the current entry as an embedded child and account for it. */
static void
add_embedded(odf_pkg *pkg, struct archive *a, const char *orig)
{
	if (ooxml_zip_add_child(pkg->ctx, pkg->o, a, orig, "embedded", true))
		pkg->stop = true;
}

/* Second pass: parse a content, styles or Basic part. */
static void
parts_pass_member(odf_pkg *pkg, struct archive *a, const char *orig,
		  const char *norm)
{
	const char *base = ooxml_part_base(norm);
	bool content = strcmp(base, "content.xml") == 0 || strcmp(base, "styles.xml") == 0;
	bool basic = g_str_has_prefix(norm, "basic/") && g_str_has_suffix(norm, ".xml") &&
		     strcmp(base, "script-lb.xml") != 0 && strcmp(base, "script-lc.xml") != 0;
	bool script = g_str_has_prefix(norm, "scripts/");

	if (script) {
		/* Python / JavaScript / BeanShell macros stored in the document. */
		pkg->has_basic = true;
		return;
	}
	if (!content && !basic)
		return;
	if (g_hash_table_contains(pkg->encrypted, norm)) {
		/* Password-protected document or Basic library: nothing to read. */
		if (basic)
			pkg->has_basic = true;
		return;
	}
	if (basic) {
		basic_module(pkg, a, orig, norm);
		return;
	}
	GByteArray *buf = read_part(pkg, a, norm);
	if (buf == NULL)
		return;
	char *dir = base > norm ? g_strndup(norm, (gsize)(base - norm - 1)) : g_strdup("");
	odf_content_parse(pkg, norm, dir, buf->data, buf->len);
	g_free(dir);
	g_byte_array_free(buf, TRUE);
}

/* One pass over the zip.  False when the zip itself is unreadable. */
static bool
zip_pass(odf_pkg *pkg, odf_pass pass)
{
	triage_ctx *ctx = pkg->ctx;
	struct archive *a = ooxml_zip_open(pkg->o);
	struct archive_entry *e;
	uint64_t n = 0;
	bool ok = true;
	bool first = pass == PASS_LIST;

	if (a == NULL)
		return false;
	const char *orig;
	while ((orig = ooxml_zip_next(ctx, pkg->o, a, first, &n, &ok, &e)) != NULL) {
		char *norm = ooxml_part_norm(orig);
		if (archive_entry_filetype(e) == AE_IFDIR) {
			if (first)
				add_dirs(pkg, norm);
			g_free(norm);
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			/* Zip encryption is not ODF's: a damaged or odd package. */
			if (first)
				triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_ENCRYPTED,
							    "encrypted package member");
			g_free(norm);
			continue;
		}
		if (pass == PASS_LIST) {
			g_hash_table_add(pkg->members, g_strdup(norm));
			add_dirs(pkg, norm);
			if (strcmp(norm, "meta-inf/manifest.xml") == 0) {
				GByteArray *buf = read_part(pkg, a, norm);
				if (buf) {
					odf_manifest_parse(pkg, buf->data, buf->len);
					g_byte_array_free(buf, TRUE);
				}
			}
		} else if (pass == PASS_PARTS) {
			parts_pass_member(pkg, a, orig, norm);
		} else if (!pkg->stop && g_hash_table_contains(pkg->extract, norm)) {
			/* Once per name: a zip may list a member twice. */
			g_hash_table_remove(pkg->extract, norm);
			add_embedded(pkg, a, orig);
		}
		g_free(norm);
	}
	archive_read_free(a);
	return ok;
}

/* True when the media type or the content of a sub-document is a chart. */
static bool
is_chart(const odf_pkg *pkg, const char *target)
{
	const char *mt = g_hash_table_lookup(pkg->mtypes, target);
	if (mt && g_str_has_prefix(mt, "application/vnd.oasis.opendocument.chart"))
		return true;
	return g_hash_table_contains(pkg->charts, target);
}

/* g_ptr_array_sort order of two strings (it passes pointers to elements). */
static gint
cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Decide which references are embedded objects: a member file (an OLE
 * object, extracted) or a sub-document directory (counted only: its
 * content parts were read in the second pass).  Charts are not objects,
 * as in the OOXML reader; dangling references name nothing.
 */
static void
judge_refs(odf_pkg *pkg)
{
	GHashTableIter it;
	gpointer key, val;
	GPtrArray *names = g_ptr_array_new();

	g_hash_table_iter_init(&it, pkg->refs);
	while (g_hash_table_iter_next(&it, &key, &val))
		g_ptr_array_add(names, key);
	/* Hash order is arbitrary: sort so a limit keeps the same objects. */
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		const char *t = g_ptr_array_index(names, i);
		bool file = g_hash_table_contains(pkg->members, t);
		bool dir = g_hash_table_contains(pkg->dirs, t);
		if ((!file && !dir) || is_chart(pkg, t))
			continue;
		pkg->nembedded++;
		if (pkg->ctx->lim->max_embedded > 0 &&
		    pkg->nembedded > pkg->ctx->lim->max_embedded) {
			triage_object_set_unscanned(pkg->o, TRIAGE_UNSCANNED_LIMIT,
						    "max_embedded");
			pkg->nembedded--;
			break;
		}
		if (file)
			g_hash_table_add(pkg->extract, g_strdup(t));
	}
	g_ptr_array_free(names, TRUE);
}

/* Facts of the package once every pass is done. */
static void
set_facts(odf_pkg *pkg)
{
	triage_object *o = pkg->o;
	if (pkg->nembedded > 0)
		triage_object_set_int(o, TF_EMBEDDED_OBJECTS, (int64_t)pkg->nembedded);
	if (pkg->external)
		triage_object_set_bool(o, TF_EXTERNAL_LINK, true);
	if (pkg->dde)
		triage_object_set_bool(o, TF_DDE, true);
	/*
	 * StarBasic (and the Python/JavaScript scripts a document can carry)
	 * are macros the user is asked to enable like VBA: they count as
	 * triage_has_vba (see rules/office_vba.yar).
	 */
	if (pkg->has_basic) {
		triage_object_set_bool(o, TF_HAS_VBA, true);
		if (pkg->autoexec || pkg->basic.autoexec)
			triage_object_set_bool(o, TF_VBA_AUTOEXEC, true);
		if (pkg->basic.write)
			triage_object_set_bool(o, TF_VBA_WRITE, true);
		if (pkg->basic.execute)
			triage_object_set_bool(o, TF_VBA_EXECUTE, true);
	}
}

/* Free everything a package collected. */
static void
pkg_clear(odf_pkg *pkg)
{
	g_clear_pointer(&pkg->members, g_hash_table_destroy);
	g_clear_pointer(&pkg->dirs, g_hash_table_destroy);
	g_clear_pointer(&pkg->mtypes, g_hash_table_destroy);
	g_clear_pointer(&pkg->encrypted, g_hash_table_destroy);
	g_clear_pointer(&pkg->refs, g_hash_table_destroy);
	g_clear_pointer(&pkg->charts, g_hash_table_destroy);
	g_clear_pointer(&pkg->extract, g_hash_table_destroy);
}

/* A string set owning its keys. */
static GHashTable *
str_set(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

/* Read an OpenDocument package: embedded objects, links, macros. */
triage_status
triage_odf_run(triage_ctx *ctx, triage_object *o)
{
	odf_pkg pkg = {
		.ctx = ctx,
		.o = o,
		.members = str_set(),
		.dirs = str_set(),
		.mtypes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.encrypted = str_set(),
		.refs = str_set(),
		.charts = str_set(),
		.extract = str_set(),
	};

	triage_object_set_bool(o, TF_IS_OFFICE, true);
	if (!zip_pass(&pkg, PASS_LIST)) {
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_CORRUPT,
					    "not a readable zip package");
		goto out;
	}
	if (g_hash_table_contains(pkg.encrypted, "content.xml")) {
		/* ODF encryption: the parts are encrypted, the zip is not. */
		triage_object_set_bool(o, TF_OFFICE_ENCRYPTED, true);
		triage_object_set_unscanned(o, TRIAGE_UNSCANNED_ENCRYPTED,
					    "password-protected OpenDocument");
	}
	zip_pass(&pkg, PASS_PARTS);
	judge_refs(&pkg);
	if (g_hash_table_size(pkg.extract) > 0)
		zip_pass(&pkg, PASS_EXTRACT);
	set_facts(&pkg);
out:
	pkg_clear(&pkg);
	return TRIAGE_OK;
}
