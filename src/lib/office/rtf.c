/* rtf.c - RTF: find \object groups and decode their \objdata into children. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "office_int.h"
#include "docs_int.h"
#include "ooxml_int.h"

/* Control words longer than this are garbage (Word stops at 32 too). */
#define RTF_MAX_WORD 32
/* Parameter digits beyond this are consumed but ignored (Word: 10). */
#define RTF_MAX_PARAM_DIGITS 10
/* Field instruction text kept for judging (the command word comes first). */
#define RTF_FIELD_MAX 4096

/*
 * Destinations that are not part of the object data when they appear
 * nested inside \objdata: Word skips them, so must we, or their text would
 * be read as hex and shift every following byte.
 */
static const char *const skip_dests[] = {
	"objclass", "objname", "objtime", "result", "pict", "fonttbl",
	"colortbl", "stylesheet", "info", "datastore", "themedata",
	"colorschememapping", "latentstyles", "fldinst", "fldrslt",
	"nonshppict", "shppict", "sp", "sn", "sv", "bkmkstart", "bkmkend",
	"xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator",
	"field", "objdata", "header", "footer", "footnote", "annotation",
};

typedef struct rtf_reader {
	triage_ctx *ctx;
	triage_object *o;
	const unsigned char *p;
	size_t len;
	size_t pos;
	int64_t depth;
	int64_t objdata_depth;       /* group depth of the open \objdata, or -1 */
	int64_t skip_depth;          /* depth of a skipped group inside it, or -1 */
	bool group_start;            /* nothing but "{" (and \*) seen in this group */
	bool star;                   /* "{\*" seen */
	/* hex decoder of the open \objdata */
	triage_blob_writer *w;
	unsigned char buf[4096];
	size_t nbuf;
	int nibble;                  /* pending high nibble, or -1 */
	bool w_limit;                /* the writer stopped at max_object_size */
	/* the open \fldinst destination (a field's instruction text) */
	int64_t fld_depth;           /* its group depth, or -1 */
	GString *fld;
	bool dde;                    /* a DDE / DDEAUTO field */
	bool ext;                    /* a field including a remote file */
	/* counters */
	int64_t objects;             /* \object control words */
	size_t nobjdata;             /* \objdata destinations decoded */
	size_t nchildren;
	bool stop;                   /* a limit says: no more children */
	triage_status err;           /* internal failure, or TRIAGE_OK */
} rtf_reader;

/* Flush decoded bytes into the writer. */
static void
flush_buf(rtf_reader *r)
{
	if (r->nbuf == 0 || !r->w)
		return;
	if (!r->w_limit &&
	    triage_blob_writer_write(r->w, r->buf, r->nbuf) == TRIAGE_LIMIT)
		r->w_limit = true;
	r->nbuf = 0;
}

/* One hex digit into the object data; pairs make bytes. */
static void
put_nibble(rtf_reader *r, int v)
{
	if (r->nibble < 0) {
		r->nibble = v;
		return;
	}
	r->buf[r->nbuf++] = (unsigned char)((r->nibble << 4) | v);
	r->nibble = -1;
	if (r->nbuf == sizeof r->buf)
		flush_buf(r);
}

/*
 * \bin data inside \objdata: Word hexlifies it into the digit stream (so an
 * odd digit before it shifts it); oletools does the same.
 */
static void
put_bin(rtf_reader *r, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		put_nibble(r, b[i] >> 4);
		put_nibble(r, b[i] & 0x0f);
	}
}

/* A printable, file-name-like segment from a package path or label. */
static char *
package_segment(const triage_ole_package *pk)
{
	const char *cands[] = {pk->file_path, pk->label, pk->temp_path};
	for (size_t i = 0; i < G_N_ELEMENTS(cands); i++) {
		if (!cands[i])
			continue;
		const char *b = triage_docs_basename(cands[i]);
		if (*b)
			return g_strdup(b);
	}
	return NULL;
}

/* Add one child of kind "embedded" and account it; false: stop adding. */
static bool
add_child(rtf_reader *r, triage_blob *data, const char *segment,
	  const char *name, const char *cls, bool truncated)
{
	triage_object *c = triage_object_add_child(r->o, segment, name,
						   "embedded", data);
	triage_object_set_bool(c, TF_IS_EMBEDDED, true);
	triage_object_set_str(c, TF_OLE_CLASS, cls ? cls : "");
	if (truncated)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_CORRUPT,
					    "OLE1 native data runs past the object data");
	if (r->w_limit)
		triage_object_set_unscanned(c, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
	r->nchildren++;
	if (triage_ctx_account(r->ctx, c, triage_blob_size(data)) == TRIAGE_LIMIT) {
		r->stop = true;
		return false;
	}
	return true;
}

/*
 * The decoded bytes of one \objdata: an OLE1 object (whose native data
 * becomes the child), a Package (whose payload becomes the child, named
 * after its file), or anything else (the raw bytes become the child).
 */
static void
emit_object(rtf_reader *r, triage_blob *b)
{
	const unsigned char *d = triage_blob_data(b);
	size_t n = triage_blob_size(b);
	size_t idx = r->nobjdata++;
	char *seg = g_strdup_printf("rtfobj%zu", idx);
	triage_ole1 h;
	triage_ole_package pk;

	if (r->ctx->lim->max_embedded > 0 &&
	    r->nchildren >= r->ctx->lim->max_embedded) {
		triage_object_set_unscanned(r->o, TRIAGE_UNSCANNED_LIMIT,
					    "max_embedded");
		r->stop = true;
		goto out;
	}
	if (!triage_ole1_parse(d, n, &h)) {
		add_child(r, b, seg, NULL, "", false);
		goto out;
	}
	if (h.format_id == 1 || h.native_len == 0) {
		/* Linked object: nothing to extract, but it counts. */
		triage_blob *e = triage_blob_new_slice(b, n, 0);
		add_child(r, e, seg, NULL, h.class_name, false);
		triage_blob_unref(&e);
		triage_ole1_clear(&h);
		goto out;
	}
	triage_blob *nat = triage_blob_new_slice(b, h.native_off, h.native_len);
	if (g_ascii_strcasecmp(h.class_name, "Package") == 0 &&
	    triage_ole_package_parse(triage_blob_data(nat),
				     triage_blob_size(nat), &pk)) {
		char *fname = package_segment(&pk);
		triage_blob *pay = triage_blob_new_slice(nat, pk.data_off,
							 pk.data_len);
		add_child(r, pay, fname ? fname : seg, fname, h.class_name,
			  h.truncated || pk.truncated);
		triage_blob_unref(&pay);
		g_free(fname);
		triage_ole_package_clear(&pk);
	} else {
		add_child(r, nat, seg, NULL, h.class_name, h.truncated);
	}
	triage_blob_unref(&nat);
	triage_ole1_clear(&h);
out:
	g_free(seg);
}

/* Open a \objdata destination at the current depth. */
static void
objdata_open(rtf_reader *r)
{
	r->objdata_depth = r->depth;
	r->skip_depth = -1;
	r->nibble = -1;
	r->nbuf = 0;
	r->w_limit = false;
	r->w = r->stop ? NULL : triage_ctx_writer(r->ctx);
}

/* Close the open \objdata and turn its bytes into a child. */
static void
objdata_close(rtf_reader *r)
{
	r->objdata_depth = -1;
	r->skip_depth = -1;
	if (!r->w)
		return;
	flush_buf(r);
	triage_blob *b = triage_blob_writer_finish(&r->w);
	if (!b) {
		snprintf(r->ctx->err, sizeof r->ctx->err,
			 "rtf: temp file for object data failed");
		r->err = TRIAGE_ERR_IO;
		r->stop = true;
		return;
	}
	if (triage_blob_size(b) > 0 && !r->stop)
		emit_object(r, b);
	triage_blob_unref(&b);
}

/* True for destinations to skip inside \objdata. */
static bool
is_skip_dest(const char *w)
{
	for (size_t i = 0; i < G_N_ELEMENTS(skip_dests); i++)
		if (strcmp(w, skip_dests[i]) == 0)
			return true;
	return false;
}

/* One character of field instruction text. */
static void
fld_put(rtf_reader *r, unsigned char c)
{
	if (r->fld_depth >= 0 && r->objdata_depth < 0 && r->fld->len < RTF_FIELD_MAX)
		g_string_append_c(r->fld, (char)c);
}

/* Judge the open field instruction and close it. */
static void
fld_close(rtf_reader *r)
{
	if (r->fld_depth < 0)
		return;
	ooxml_field_code_judge(r->fld->str, &r->dde, &r->ext);
	g_string_truncate(r->fld, 0);
	r->fld_depth = -1;
}

/*
 * Open a \fldinst.  A nested field's instruction starts afresh: the outer
 * one's command word is already in the buffer, so judge that first.
 */
static void
fld_open(rtf_reader *r)
{
	fld_close(r);
	r->fld_depth = r->depth;
}

/* Handle one control word (with its parameter) at the current position. */
static void
control_word(rtf_reader *r, const char *w, bool has_param, int64_t param)
{
	bool first = r->group_start, star = r->star;
	r->group_start = r->star = false;

	if (strcmp(w, "bin") == 0) {
		/* Raw bytes follow; negative or missing lengths mean none. */
		uint64_t n = has_param && param > 0 ? (uint64_t)param : 0;
		if (n > r->len - r->pos)
			n = r->len - r->pos;
		if (r->objdata_depth >= 0 && r->skip_depth < 0 && r->w)
			put_bin(r, r->p + r->pos, (size_t)n);
		r->pos += (size_t)n;
		return;
	}
	if (r->skip_depth >= 0)
		return;
	if (strcmp(w, "object") == 0) {
		r->objects++;
		return;
	}
	if (r->objdata_depth >= 0) {
		/* Nested destinations are not object data. */
		if (first && (star || is_skip_dest(w)))
			r->skip_depth = r->depth;
		return;
	}
	if (strcmp(w, "objdata") == 0)
		objdata_open(r);
	else if (strcmp(w, "fldinst") == 0)
		fld_open(r);
}

/* Parse "\word[-]digits[ ]" starting at the backslash. */
static void
read_control_word(rtf_reader *r)
{
	char w[RTF_MAX_WORD + 1];
	size_t n = 0;
	bool neg = false, has_param = false;
	int64_t param = 0;
	int digits = 0;

	r->pos++;
	while (r->pos < r->len && g_ascii_isalpha(r->p[r->pos])) {
		if (n < RTF_MAX_WORD)
			w[n++] = (char)r->p[r->pos];
		r->pos++;
	}
	w[n] = '\0';
	if (r->pos < r->len && r->p[r->pos] == '-') {
		neg = true;
		r->pos++;
	}
	while (r->pos < r->len && g_ascii_isdigit(r->p[r->pos])) {
		if (digits++ < RTF_MAX_PARAM_DIGITS)
			param = param * 10 + (r->p[r->pos] - '0');
		has_param = true;
		r->pos++;
	}
	if (neg)
		param = -param;
	/* One space delimits the word and belongs to it. */
	if (r->pos < r->len && r->p[r->pos] == ' ')
		r->pos++;
	control_word(r, w, has_param, param);
}

/* Walk the whole RTF text once. */
static void
tokenize(rtf_reader *r)
{
	while (r->pos < r->len && !r->stop) {
		unsigned char c = r->p[r->pos];
		if (c == '{') {
			r->depth++;
			r->pos++;
			r->group_start = true;
			r->star = false;
			continue;
		}
		if (c == '}') {
			if (r->skip_depth >= 0 && r->depth <= r->skip_depth)
				r->skip_depth = -1;
			if (r->objdata_depth >= 0 && r->depth <= r->objdata_depth)
				objdata_close(r);
			if (r->fld_depth >= 0 && r->depth <= r->fld_depth)
				fld_close(r);
			if (r->depth > 0)
				r->depth--;
			r->pos++;
			r->group_start = r->star = false;
			continue;
		}
		if (c == '\\' && r->pos + 1 < r->len) {
			unsigned char c2 = r->p[r->pos + 1];
			if (g_ascii_isalpha(c2)) {
				read_control_word(r);
				continue;
			}
			r->pos += 2;
			if (r->fld_depth >= 0) {
				/* Escaped characters of field text: \'hh, \\, \{, \}. */
				if (c2 == '\'' && r->pos + 1 < r->len &&
				    g_ascii_isxdigit(r->p[r->pos]) &&
				    g_ascii_isxdigit(r->p[r->pos + 1])) {
					fld_put(r, (unsigned char)(g_ascii_xdigit_value((char)r->p[r->pos]) * 16 +
						   g_ascii_xdigit_value((char)r->p[r->pos + 1])));
					r->pos += 2;
				} else if (c2 == '\\' || c2 == '{' || c2 == '}') {
					fld_put(r, c2);
				}
			}
			if (c2 == '*') {
				r->star = r->group_start;
				continue;
			}
			/*
			 * Other control symbols (\' included: Word reads its two
			 * digits as data, like oletools) only end the group start.
			 */
			r->group_start = false;
			continue;
		}
		r->pos++;
		if (c == '\r' || c == '\n')
			continue;
		fld_put(r, c);
		if (c == ' ' || c == '\t')
			continue;
		r->group_start = r->star = false;
		if (r->objdata_depth >= 0 && r->skip_depth < 0 && r->w &&
		    g_ascii_isxdigit(c))
			put_nibble(r, g_ascii_xdigit_value((char)c));
	}
	/* An unclosed \objdata at the end still holds an object. */
	if (r->objdata_depth >= 0 && !r->stop)
		objdata_close(r);
	fld_close(r);
	triage_blob_writer_free(&r->w);
}

/* Extract every \objdata as a child; count \object groups. */
triage_status
triage_rtf_run(triage_ctx *ctx, triage_object *o)
{
	rtf_reader r = {0};

	r.ctx = ctx;
	r.o = o;
	r.p = triage_object_data(o);
	r.len = triage_object_size(o);
	r.objdata_depth = -1;
	r.skip_depth = -1;
	r.nibble = -1;
	r.err = TRIAGE_OK;
	r.fld_depth = -1;
	r.fld = g_string_new(NULL);
	triage_object_set_bool(o, TF_IS_OFFICE, true);
	tokenize(&r);
	triage_object_set_int(o, TF_RTF_OBJECTS, r.objects);
	/* Fields: DDE runs a program, a remote include fetches a file (as in OOXML). */
	if (r.dde)
		triage_object_set_bool(o, TF_DDE, true);
	if (r.ext)
		triage_object_set_bool(o, TF_EXTERNAL_LINK, true);
	g_string_free(r.fld, TRUE);
	return r.err;
}
