/* vba.c - MS-OVBA project reader: dir stream, module sources, stomping, facts. */
#include "config.h"

#include <string.h>

#include "ole_int.h"

/* Longest module or stream name kept (the format allows far less). */
#define VBA_NAME_MAX 255
/* Shortest printable run in p-code counted as a string literal. */
#define PCODE_STR_MIN 10
/* Leading bytes of a run compared with the source. */
#define PCODE_STR_CMP 8

typedef struct vba_module {
	char *name;          /* UTF-8 */
	char *stream;        /* UTF-8 stream name (the Unicode record's when present) */
	char *stream_mbcs;   /* the code-page record's, a fallback */
	uint32_t offset;     /* start of the compressed source in the stream */
	bool has_offset;
	bool document;       /* MODULETYPE 0x0022: document or class module */
} vba_module;

typedef struct vba_project {
	unsigned codepage;
	GPtrArray *modules;  /* vba_module * */
	bool truncated;      /* dir records ran past the stream */
} vba_project;

/* Free one module entry. */
static void
module_free(gpointer p)
{
	vba_module *m = p;
	if (m == NULL)
		return;
	g_free(m->name);
	g_free(m->stream);
	g_free(m->stream_mbcs);
	g_free(m);
}

/* Bytes in the project code page (or UTF-16LE) as UTF-8, never NULL. */
static char *
to_utf8(const unsigned char *s, size_t n, unsigned codepage, bool utf16)
{
	char *r = NULL;
	if (n == 0 || s == NULL)
		return g_strdup("");
	if (utf16) {
		r = g_convert((const char *)s, (gssize)(n & ~(size_t)1), "UTF-8",
			      "UTF-16LE", NULL, NULL, NULL);
	} else if (codepage != 0 && codepage != 65001) {
		char cs[16];
		g_snprintf(cs, sizeof cs, "CP%u", codepage);
		r = g_convert_with_fallback((const char *)s, (gssize)n, "UTF-8",
					    cs, "?", NULL, NULL, NULL);
	}
	if (r == NULL)
		r = g_utf8_make_valid((const char *)s, (gssize)n);
	return r;
}

/* A module or stream name from a dir record, bounded. */
static char *
record_name(const unsigned char *s, size_t n, unsigned codepage, bool utf16)
{
	if (n > VBA_NAME_MAX * 2)
		n = VBA_NAME_MAX * 2;
	return to_utf8(s, n, codepage, utf16);
}

/*
 * Parse the decompressed dir stream ([MS-OVBA] 2.3.4.2) as a flat list of
 * records (id, size, data); only PROJECTVERSION breaks that shape (its
 * size field is a reserved 4 followed by 6 bytes).  Unknown ids are
 * skipped, so newer records do not stop the reader.
 */
static void
dir_parse(const unsigned char *p, size_t len, vba_project *pr)
{
	size_t pos = 0;
	vba_module *cur = NULL;
	while (pos < len) {
		if (len - pos < 6) {
			pr->truncated = true;
			break;
		}
		unsigned id = ole_le16(p + pos);
		size_t size = ole_le32(p + pos + 2);
		pos += 6;
		if (id == 0x0009)
			size = 6;
		if (size > len - pos) {
			pr->truncated = true;
			break;
		}
		const unsigned char *d = p + pos;
		pos += size;
		switch (id) {
		case 0x0003: /* PROJECTCODEPAGE */
			if (size >= 2)
				pr->codepage = ole_le16(d);
			break;
		case 0x0019: /* MODULENAME: starts a module */
			cur = g_new0(vba_module, 1);
			cur->name = record_name(d, size, pr->codepage, false);
			g_ptr_array_add(pr->modules, cur);
			break;
		case 0x0047: /* MODULENAMEUNICODE */
			if (cur && size >= 2) {
				g_free(cur->name);
				cur->name = record_name(d, size, 0, true);
			}
			break;
		case 0x001A: /* MODULESTREAMNAME */
			if (cur && cur->stream == NULL) {
				cur->stream = record_name(d, size, pr->codepage, false);
				g_free(cur->stream_mbcs);
				cur->stream_mbcs = g_strdup(cur->stream);
			}
			break;
		case 0x0032: /* MODULESTREAMNAMEUNICODE */
			if (cur && size >= 2) {
				g_free(cur->stream);
				cur->stream = record_name(d, size, 0, true);
			}
			break;
		case 0x0031: /* MODULEOFFSET */
			if (cur && size >= 4) {
				cur->offset = ole_le32(d);
				cur->has_offset = true;
			}
			break;
		case 0x0022: /* MODULETYPE document/class */
			if (cur)
				cur->document = true;
			break;
		case 0x002B: /* module terminator */
			cur = NULL;
			break;
		case 0x0010: /* end of dir */
			return;
		default:
			break;
		}
	}
}

/* True when needle (NUL-free, n bytes) occurs in hay, ASCII case-insensitive. */
static bool
contains_ci(const char *hay, size_t hlen, const unsigned char *needle, size_t n)
{
	if (n == 0 || n > hlen)
		return n == 0;
	for (size_t i = 0; i + n <= hlen; i++) {
		if (g_ascii_tolower(hay[i]) != g_ascii_tolower(needle[0]))
			continue;
		size_t k = 1;
		while (k < n && g_ascii_tolower(hay[i + k]) == g_ascii_tolower(needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* Source lines that are code (not blank, not "Attribute VB_..."). */
static size_t
code_lines(const char *src, size_t len)
{
	size_t n = 0, i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && src[e] != '\n' && src[e] != '\r')
			e++;
		size_t b = i;
		while (b < e && (src[b] == ' ' || src[b] == '\t'))
			b++;
		if (b < e && !(e - b >= 10 && g_ascii_strncasecmp(src + b, "Attribute ", 10) == 0))
			n++;
		i = e + 1;
	}
	return n;
}

/*
 * True when a printable p-code run occurs in the source.  Runs are
 * length-prefixed literals or comments that bleed into neighbouring
 * bytes, so only their first bytes are compared, from the first or
 * second byte (the length byte may itself be printable).
 */
static bool
run_in_source(const unsigned char *r, size_t n, const char *src, size_t slen)
{
	size_t k = MIN(n - 1, (size_t)PCODE_STR_CMP);
	return contains_ci(src, slen, r, k) || contains_ci(src, slen, r + 1, k);
}

/*
 * VBA stomping (p-code kept, source replaced): string literals and
 * comments are stored inline in the p-code, so printable runs of
 * PCODE_STR_MIN+ bytes in the PerformanceCache that the source does not
 * contain betray a different program.  Stomped when the source has no
 * code at all but the p-code has such a run, or when three or more runs
 * are missing from it.
 */
static bool
looks_stomped(const unsigned char *pcode, size_t plen, const char *src, size_t slen)
{
	size_t missing = 0, i = 0;
	while (i < plen) {
		size_t b = i;
		while (i < plen && pcode[i] >= 0x20 && pcode[i] < 0x7F)
			i++;
		size_t n = i - b;
		if (n >= PCODE_STR_MIN && !run_in_source(pcode + b, n, src, slen))
			missing++;
		i++;
	}
	if (missing == 0)
		return false;
	return code_lines(src, slen) == 0 || missing >= 3;
}

/*
 * The start of a module's compressed source when MODULEOFFSET is missing
 * or points past the stream: every module's source begins with
 * "Attribute VB_Name", stored as signature 0x01, a chunk header, a flag
 * byte 0x00 and the literal "Attribut".  Searched from the end, since the
 * p-code before it may hold the same text.
 */
static bool
find_source(const unsigned char *buf, size_t len, uint32_t *off)
{
	static const unsigned char mark[] = "\x00" "Attribut";
	const size_t ml = sizeof mark - 1;
	if (len < ml + 3)
		return false;
	for (size_t i = len - ml; i >= 3; i--) {
		if (memcmp(buf + i, mark, ml) == 0 && buf[i - 3] == 0x01 &&
		    (buf[i - 1] & 0x70) == 0x30 && i - 3 <= UINT32_MAX) {
			*off = (uint32_t)(i - 3);
			return true;
		}
	}
	return false;
}

/* Name of a module child: .frm with a designer storage, .cls, .bas. */
static char *
module_file_name(GsfInfile *project, const vba_module *m)
{
	const char *ext = ".bas";
	if (m->document) {
		ext = ".cls";
		GsfInput *des = project ? triage_ole_child(project, m->name) : NULL;
		if (des && triage_ole_is_storage(des))
			ext = ".frm";
		if (des)
			g_object_unref(des);
	}
	return g_strconcat(m->name, ext, NULL);
}

/* Set the project facts on the document (and its OOXML package). */
static void
set_doc_facts(triage_object *o, const vba_flags *f, bool stomped)
{
	triage_object *targets[2] = {o, triage_object_parent(o)};
	for (int i = 0; i < 2; i++) {
		triage_object *t = targets[i];
		if (t == NULL)
			continue;
		if (i == 1 && strcmp(triage_object_fact_str(t, TF_TYPE), "ooxml") != 0)
			continue;
		triage_object_set_bool(t, TF_HAS_VBA, true);
		if (f->autoexec)
			triage_object_set_bool(t, TF_VBA_AUTOEXEC, true);
		if (f->write)
			triage_object_set_bool(t, TF_VBA_WRITE, true);
		if (f->execute)
			triage_object_set_bool(t, TF_VBA_EXECUTE, true);
		if (stomped)
			triage_object_set_bool(t, TF_VBA_STOMPED, true);
	}
}

/*
 * One module: split its stream at MODULEOFFSET into p-code and compressed
 * source, decompress, classify, add the child.  Returns TRIAGE_LIMIT when
 * the message budget says stop.
 */
static triage_status
module_run(ole_doc *d, GsfInfile *project, GsfInfile *vba, const vba_module *m,
	   unsigned codepage, vba_flags *all, bool *stomped_any)
{
	triage_status ret = TRIAGE_OK;
	unsigned char *buf = NULL;
	size_t len = 0;
	GByteArray *src = NULL;
	char *text = NULL, *fname = NULL, *seg = NULL;
	GsfInput *in = triage_ole_child(vba, m->stream);

	/*
	 * Producers disagree on the encodings of the two name records (a
	 * wrong code page, a Unicode record that is really 8-bit): the
	 * stream that exists under either name is the module's.
	 */
	if (in == NULL && m->stream_mbcs)
		in = triage_ole_child(vba, m->stream_mbcs);
	if (in == NULL || triage_ole_is_storage(in)) {
		d->corrupt = true;
		goto out;
	}
	triage_status st = triage_ole_read(in, d->ctx->lim->max_object_size, &buf, &len);
	if (st == TRIAGE_LIMIT) {
		d->limited = true;
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
		goto out;
	}
	if (st != TRIAGE_OK) {
		d->corrupt = true;
		goto out;
	}
	uint32_t offset = m->offset;
	if (!m->has_offset || offset >= len) {
		/* A lying MODULEOFFSET must not hide the source that is there. */
		d->corrupt = true;
		if (!find_source(buf, len, &offset))
			goto out;
	}
	src = g_byte_array_new();
	st = triage_vba_decompress(buf + offset, len - offset,
				   d->ctx->lim->max_object_size, src);
	uint32_t found;
	if (st == TRIAGE_CORRUPT && src->len == 0 && find_source(buf, len, &found) &&
	    found != offset) {
		/* MODULEOFFSET points into the p-code: read the source where it is. */
		offset = found;
		g_byte_array_set_size(src, 0);
		st = triage_vba_decompress(buf + offset, len - offset,
					   d->ctx->lim->max_object_size, src);
		d->corrupt = true;
	}
	if (st == TRIAGE_LIMIT) {
		d->limited = true;
		triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT, "max_object_size");
	} else if (st != TRIAGE_OK) {
		/* Keep what was decoded: a damaged tail still shows the code before it. */
		d->corrupt = true;
	}
	text = to_utf8(src->data, src->len, codepage, false);
	size_t tlen = strlen(text);
	vba_flags f = {0};
	triage_vba_classify(text, tlen, &f);
	bool stomped = offset > 0 && looks_stomped(buf, offset, text, tlen);
	all->autoexec |= f.autoexec;
	all->write |= f.write;
	all->execute |= f.execute;
	*stomped_any |= stomped;

	if (triage_ctx_account(d->ctx, d->o, tlen) != TRIAGE_OK) {
		d->limited = true;
		ret = TRIAGE_LIMIT;
		goto out;
	}
	fname = module_file_name(project, m);
	seg = g_strconcat("vba:", m->name, NULL);
	triage_blob *b = triage_blob_new_take(text, tlen);
	text = NULL;
	triage_object *c = triage_object_add_child(d->o, seg, fname, "vba", b);
	triage_blob_unref(&b);
	triage_object_set_bool(c, TF_IS_VBA_MODULE, true);
	triage_object_set_bool(c, TF_VBA_AUTOEXEC, f.autoexec);
	triage_object_set_bool(c, TF_VBA_WRITE, f.write);
	triage_object_set_bool(c, TF_VBA_EXECUTE, f.execute);
	triage_object_set_bool(c, TF_VBA_STOMPED, stomped);
	if (st != TRIAGE_OK && st != TRIAGE_LIMIT)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "VBA source decompression failed");
out:
	if (in)
		g_object_unref(in);
	if (src)
		g_byte_array_free(src, TRUE);
	g_free(buf);
	g_free(text);
	g_free(fname);
	g_free(seg);
	return ret;
}

/* Extract a VBA project: dir stream, then each module. */
triage_status
triage_vba_project(ole_doc *d, GsfInfile *project, GsfInfile *vba)
{
	vba_project pr = {.codepage = 1252,
			  .modules = g_ptr_array_new_with_free_func(module_free)};
	unsigned char *raw = NULL;
	size_t rlen = 0;
	GByteArray *dir = g_byte_array_new();
	vba_flags all = {0};
	bool stomped = false;
	GsfInput *in = triage_ole_child(vba, "dir");

	if (in == NULL || triage_ole_is_storage(in)) {
		d->corrupt = true;
		goto out;
	}
	if (triage_ole_read(in, d->ctx->lim->max_object_size, &raw, &rlen) != TRIAGE_OK ||
	    triage_vba_decompress(raw, rlen, d->ctx->lim->max_object_size, dir) != TRIAGE_OK) {
		d->corrupt = true;
		/* A damaged dir may still list the first modules. */
	}
	dir_parse(dir->data, dir->len, &pr);
	if (pr.truncated)
		d->corrupt = true;
	for (guint i = 0; i < pr.modules->len; i++) {
		vba_module *m = g_ptr_array_index(pr.modules, i);
		if (m->name == NULL || m->stream == NULL) {
			d->corrupt = true;
			continue;
		}
		if (d->ctx->lim->max_vba_modules > 0 && i >= d->ctx->lim->max_vba_modules) {
			triage_object_set_unscanned(d->o, TRIAGE_UNSCANNED_LIMIT,
						    "max_vba_modules");
			d->limited = true;
			break;
		}
		if (module_run(d, project, vba, m, pr.codepage, &all, &stomped) == TRIAGE_LIMIT)
			break;
	}
out:
	/* A VBA storage with a dir stream is a VBA project, readable or not. */
	set_doc_facts(d->o, &all, stomped);
	if (in)
		g_object_unref(in);
	g_free(raw);
	g_byte_array_free(dir, TRUE);
	g_ptr_array_free(pr.modules, TRUE);
	return TRIAGE_OK;
}
