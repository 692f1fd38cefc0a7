/* unpack.c - archives through libarchive: members as children, encryption, limits. */
#include "config.h"

#include <string.h>

#include "analyzers.h"
#include "unpack_int.h"

/* Bytes asked from libarchive / zero-filled per step. */
#define UNPACK_BLOCK (64u * 1024u)
/* Blocks between two time-budget checks inside one member. */
#define UNPACK_TIME_EVERY 64u
/* Damaged headers in a row libarchive may skip (ARCHIVE_RETRY) before we give up. */
#define UNPACK_MAX_RETRY 16u

/* TF_TYPE values libarchive opens (ooxml zips belong to office.c). */
static const char *const archive_types[] = {
	"zip", "7z", "rar", "tar", "gzip", "bzip2", "xz", "lzma", "zstd",
	"cab", "cpio", "ar", "lha", "iso",
};

/* An encrypted member that no candidate opened (yet). */
typedef struct pending {
	uint64_t index;    /* header number in the archive, from 0 */
	char *name;
	char *detail;      /* libarchive's reason; never holds a password */
} pending;

/* State of one archive over all passes. */
typedef struct unpack_state {
	triage_ctx *ctx;
	triage_object *arc;
	const unsigned char *data;
	size_t size;
	char *arc_name;        /* declared name of the archive (for raw streams) */
	uint64_t expanded;     /* bytes decompressed from this archive so far */
	uint64_t seen;         /* headers handled so far (any pass) */
	int64_t members;       /* non-directory members */
	int format;            /* archive_format() after the first header */
	GPtrArray *pending;    /* pending *, in archive order */
	bool stop;             /* a limit ended the extraction: no more passes */
	bool pass_end;         /* this pass cannot go on (ARCHIVE_FATAL) */
	bool decrypted;        /* some member was opened with a candidate */
	bool raw_only;         /* read the stream as one raw member (see below) */
	bool empty_stream;     /* a compressed stream that listed no header */
	triage_status err;     /* internal error (temp file I/O), else OK */
} unpack_state;

/* How reading one member's data ended. */
typedef enum member_end {
	MEMBER_DONE = 0,       /* all data read */
	MEMBER_WARN,           /* read, but libarchive warned (bad CRC) */
	MEMBER_TOO_BIG,        /* max_object_size cut it */
	MEMBER_RATIO,          /* max_ratio: stop the whole archive */
	MEMBER_TIME,           /* time budget: stop the whole archive */
	MEMBER_FAILED,         /* ARCHIVE_FAILED: this member is broken */
	MEMBER_FATAL           /* ARCHIVE_FATAL: the archive cannot go on */
} member_end;

/* True when TF_TYPE names a format this analyzer opens. */
bool
triage_unpack_wants(const triage_object *o)
{
	const char *type = triage_object_fact_str(o, TF_TYPE);
	for (size_t i = 0; i < G_N_ELEMENTS(archive_types); i++)
		if (strcmp(type, archive_types[i]) == 0)
			return true;
	return false;
}

/* Free a pending entry. */
static void
pending_free(gpointer p)
{
	pending *pe = p;
	if (pe == NULL)
		return;
	g_free(pe->name);
	g_free(pe->detail);
	g_free(pe);
}

/* Index in st->pending of the entry with header number idx, or -1. */
static gssize
pending_find(const unpack_state *st, uint64_t idx)
{
	for (guint i = 0; i < st->pending->len; i++)
		if (((const pending *)g_ptr_array_index(st->pending, i))->index == idx)
			return (gssize)i;
	return -1;
}

/* Remember an encrypted member that was not opened (first pass only). */
static void
pending_add(unpack_state *st, uint64_t idx, const char *name,
	    const char *detail)
{
	if (pending_find(st, idx) >= 0)
		return;
	pending *pe = g_new0(pending, 1);
	pe->index = idx;
	pe->name = g_strdup(name);
	pe->detail = g_strdup(detail && *detail ? detail : "encrypted member");
	g_ptr_array_add(st->pending, pe);
}

/* Wipe a candidate copy before freeing it: it is a password. */
static void
secret_free(gpointer p)
{
	char *s = p;
	if (s == NULL)
		return;
	memset(s, 0, strlen(s));
	g_free(s);
}

/*
 * Candidate passphrases: each message candidate, plus its CP932 form when
 * it is not ASCII (Japanese Windows zip tools key with CP932 bytes), at
 * most max_passwords in all.
 */
static GPtrArray *
candidates(const triage_ctx *ctx)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(secret_free);
	uint64_t max = ctx->lim->max_passwords;

	for (guint i = 0; ctx->passwords && i < ctx->passwords->len; i++) {
		const char *pw = g_ptr_array_index(ctx->passwords, i);
		if (pw == NULL || *pw == '\0')
			continue;
		if (max > 0 && out->len >= max)
			break;
		g_ptr_array_add(out, g_strdup(pw));
		bool ascii = true;
		for (const char *p = pw; *p; p++)
			if ((unsigned char)*p >= 0x80)
				ascii = false;
		if (ascii || (max > 0 && out->len >= max))
			continue;
		char *sj = g_convert(pw, -1, "CP932", "UTF-8", NULL, NULL, NULL);
		if (sj != NULL && strcmp(sj, pw) != 0)
			g_ptr_array_add(out, sj);
		else
			secret_free(sj);
	}
	return out;
}

/* A reader over the archive bytes with the given passphrases, or NULL. */
static struct archive *
open_reader(unpack_state *st, char *const *pw, guint npw)
{
	struct archive *a = archive_read_new();
	if (a == NULL)
		return NULL;
	/*
	 * Every archive format but mtree (and warc/empty, no use here): an
	 * mtree "archive" makes libarchive open and read files named in it
	 * from the local disk.
	 */
	if (!st->raw_only) {
		archive_read_support_format_7zip(a);
		archive_read_support_format_ar(a);
		archive_read_support_format_cab(a);
		archive_read_support_format_cpio(a);
		archive_read_support_format_iso9660(a);
		archive_read_support_format_lha(a);
		archive_read_support_format_rar(a);
		archive_read_support_format_rar5(a);
		archive_read_support_format_tar(a);
		archive_read_support_format_xar(a);
		archive_read_support_format_zip(a);
	}
	/* A lone .gz/.bz2/.xz stream: one member of decompressed data. */
	archive_read_support_format_raw(a);
	/*
	 * Every filter libarchive decodes in-process; lrzip, grzip and lzop
	 * (without liblzo) would fork external programs on hostile input.
	 */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_lzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_filter_compress(a);
	archive_read_support_filter_uu(a);
	archive_read_support_filter_rpm(a);
	/*
	 * No hdrcharset: names without a charset mark (zip without the UTF-8
	 * flag, ustar, cpio) stay raw bytes and triage_unpack_member_name()
	 * guesses UTF-8 / CP932 / Latin-1 per name.  Forcing CP932 would
	 * garble the UTF-8 names macOS and Linux tools write without the flag.
	 */
	for (guint i = 0; i < npw; i++)
		archive_read_add_passphrase(a, pw[i]);
	if (archive_read_open_memory(a, st->data, st->size) != ARCHIVE_OK) {
		triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_CORRUPT,
					    archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Stop the archive with a named limit. */
static void
arc_limit(unpack_state *st, const char *limit)
{
	triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_LIMIT, limit);
	st->stop = true;
}

/* True once the expanded bytes break the compression-ratio limit. */
static bool
over_ratio(const unpack_state *st)
{
	const triage_limits *lim = st->ctx->lim;
	if (lim->max_ratio == 0 || st->expanded <= lim->ratio_min_size)
		return false;
	uint64_t size = st->size > 0 ? st->size : 1;
	if (size > UINT64_MAX / lim->max_ratio)
		return false;
	return st->expanded > size * lim->max_ratio;
}

/* Count expanded bytes (saturating). */
static void
add_expanded(unpack_state *st, uint64_t n)
{
	st->expanded = n > UINT64_MAX - st->expanded ? UINT64_MAX
						     : st->expanded + n;
}

/*
 * Write n bytes (buf NULL: zeros of a sparse hole) in steps, checking the
 * ratio as it goes so a hole or a bomb never expands past the limit.
 */
static member_end
put_bytes(unpack_state *st, triage_blob_writer *w, const void *buf,
	  uint64_t n, unsigned *steps)
{
	static const unsigned char zeros[UNPACK_BLOCK];
	const unsigned char *p = buf;

	while (n > 0) {
		size_t chunk = n > UNPACK_BLOCK ? UNPACK_BLOCK : (size_t)n;
		triage_status ws = triage_blob_writer_write(w, p ? (const void *)p
							       : zeros, chunk);
		add_expanded(st, chunk);
		if (ws == TRIAGE_LIMIT)
			return MEMBER_TOO_BIG;
		if (ws != TRIAGE_OK) {
			st->err = ws;
			return MEMBER_FATAL;
		}
		if (over_ratio(st))
			return MEMBER_RATIO;
		if (++*steps % UNPACK_TIME_EVERY == 0 &&
		    triage_ctx_over_time(st->ctx))
			return MEMBER_TIME;
		n -= chunk;
		if (p)
			p += chunk;
	}
	return MEMBER_DONE;
}

/* Read the current member's data into w; *why gets libarchive's text. */
static member_end
read_member(unpack_state *st, struct archive *a, triage_blob_writer *w,
	    char **why)
{
	uint64_t pos = 0;
	unsigned steps = 0;
	bool warned = false;

	for (;;) {
		const void *buf = NULL;
		size_t len = 0;
		la_int64_t off = 0;
		int r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			*why = g_strdup(archive_error_string(a));
			return r == ARCHIVE_FATAL ? MEMBER_FATAL : MEMBER_FAILED;
		}
		if (r == ARCHIVE_WARN && !warned) {
			warned = true;
			*why = g_strdup(archive_error_string(a));
		}
		if (off < 0 || (uint64_t)off < pos) {
			g_free(*why);
			*why = g_strdup("member data blocks out of order");
			return MEMBER_FAILED;
		}
		member_end e = MEMBER_DONE;
		if ((uint64_t)off > pos)
			e = put_bytes(st, w, NULL, (uint64_t)off - pos, &steps);
		if (e == MEMBER_DONE && len > 0)
			e = put_bytes(st, w, buf, len, &steps);
		if (e != MEMBER_DONE)
			return e;
		pos = (uint64_t)off + len;
		/* A warning with no data is libarchive's last word on it. */
		if (r == ARCHIVE_WARN && len == 0)
			break;
	}
	return warned ? MEMBER_WARN : MEMBER_DONE;
}

/* Add a member child holding blob; accounts it against the message limits. */
static triage_object *
add_member(unpack_state *st, const char *name, triage_blob *blob)
{
	triage_object *child = triage_object_add_child(st->arc, name, name,
						       "member", blob);
	if (triage_ctx_account(st->ctx, child, triage_blob_size(blob)) ==
	    TRIAGE_LIMIT) {
		arc_limit(st, triage_object_fact_str(child, TF_LIMIT_NAME));
	}
	return child;
}

/* Add a member with no data (an unopened encrypted one, a symlink). */
static triage_object *
add_empty_member(unpack_state *st, const char *name)
{
	triage_blob *b = triage_blob_new_empty();
	triage_object *child = add_member(st, name, b);
	triage_blob_unref(&b);
	return child;
}

/* Extract the current (regular file) member as a child. */
static void
extract(unpack_state *st, struct archive *a, uint64_t idx, const char *name,
	bool encrypted)
{
	triage_blob_writer *w = triage_ctx_writer(st->ctx);
	char *why = NULL;
	member_end end = read_member(st, a, w, &why);

	if (encrypted && (end == MEMBER_FAILED || end == MEMBER_FATAL ||
			  end == MEMBER_WARN) && st->err == TRIAGE_OK) {
		/*
		 * A wrong key shows as a failed read or a bad CRC (ZipCrypto's
		 * one-byte check lets 1 in 256 wrong passwords through): the
		 * member stays encrypted and another candidate may still fit.
		 */
		triage_blob_writer_free(&w);
		pending_add(st, idx, name, why);
		if (end == MEMBER_FATAL)
			st->pass_end = true;
		goto out;
	}
	triage_blob *blob = triage_blob_writer_finish(&w);
	if (blob == NULL) {
		st->err = TRIAGE_ERR_IO;
		snprintf(st->ctx->err, sizeof st->ctx->err,
			 "unpack: cannot finish a temp file");
	}
	if (st->err != TRIAGE_OK) {
		triage_blob_unref(&blob);
		st->stop = true;
		goto out;
	}
	triage_object *child = add_member(st, name, blob);
	triage_blob_unref(&blob);
	if (encrypted) {
		triage_object_set_bool(child, TF_DECRYPTED, true);
		st->decrypted = true;
		gssize at = pending_find(st, idx);
		if (at >= 0)
			g_ptr_array_remove_index(st->pending, (guint)at);
	}
	switch (end) {
	case MEMBER_DONE:
		break;
	case MEMBER_WARN:
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_CORRUPT, why);
		break;
	case MEMBER_TOO_BIG:
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
					    "max_object_size");
		break;
	case MEMBER_RATIO:
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT, "max_ratio");
		arc_limit(st, "max_ratio");
		break;
	case MEMBER_TIME:
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_LIMIT,
					    "time_budget_ms");
		arc_limit(st, "time_budget_ms");
		break;
	case MEMBER_FAILED:
	case MEMBER_FATAL:
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_CORRUPT, why);
		triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_CORRUPT, why);
		if (end == MEMBER_FATAL)
			st->pass_end = true;
		break;
	}
out:
	g_free(why);
}

/*
 * True when the first header failed because the archive's headers are
 * encrypted (7z -mhe, rar -hp): libarchive says so in its error text, or
 * the 7z reader has seen encryption.  Not for zip: random bytes after a
 * "PK\3\4" often carry the encryption flag bit and no error text.
 */
static bool
headers_encrypted(struct archive *a)
{
	const char *err = archive_error_string(a);
	/* "ncrypt" matches "Encrypted" and "encryption" alike. */
	if (err != NULL && strstr(err, "ncrypt") != NULL)
		return true;
	return (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
	       ARCHIVE_FORMAT_7ZIP && archive_read_has_encrypted_entries(a) > 0;
}

/* Handle a header read failure (r < ARCHIVE_WARN) of a new header. */
static void
header_failed(unpack_state *st, struct archive *a, bool first)
{
	const char *err = archive_error_string(a);
	if (first && headers_encrypted(a))
		triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_ENCRYPTED,
					    "archive headers are encrypted");
	else
		triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_CORRUPT,
					    err ? err : "bad archive header");
	st->pass_end = true;
}

/*
 * Handle header number idx of a pass; false ends the pass.  A header not
 * seen by an earlier pass is new (an earlier pass may have died on a
 * member keyed with a wrong password); an old one is only read again when
 * it is a pending encrypted member.
 */
static bool
one_entry(unpack_state *st, struct archive *a, struct archive_entry *e,
	  uint64_t idx, guint npw)
{
	bool ok = true;
	char *name = NULL;
	mode_t type = archive_entry_filetype(e);
	bool fresh = idx >= st->seen;

	if (fresh) {
		st->seen = idx + 1;
		/* Every header counts, so empty directories cannot run forever. */
		if (st->ctx->lim->max_members > 0 &&
		    st->seen > st->ctx->lim->max_members) {
			arc_limit(st, "max_members");
			ok = false;
			goto out;
		}
	}
	if (type == AE_IFDIR)
		goto out;
	if (fresh)
		st->members++;
	if (!fresh && pending_find(st, idx) < 0)
		goto out;
	if ((st->format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW)
		name = triage_unpack_raw_name(st->arc_name);
	else
		name = triage_unpack_member_name(e);
	if (name == NULL)
		name = g_strdup_printf("member-%" G_GUINT64_FORMAT, idx);

	/* Links are not followed; a symlink's name alone can matter. */
	if (type == AE_IFLNK) {
		if (fresh)
			add_empty_member(st, name);
		goto out;
	}
	if ((type != AE_IFREG && type != 0) ||
	    (archive_entry_hardlink(e) != NULL && archive_entry_size(e) <= 0))
		goto out;

	bool encrypted = archive_entry_is_encrypted(e);
	if (encrypted && npw == 0) {
		pending_add(st, idx, name, "encrypted member, no candidate password");
		goto out;
	}
	/*
	 * libarchive 3.6 decrypts zip only; reading a 7z or rar member's
	 * encrypted data is ARCHIVE_FATAL and would hide the members after it.
	 */
	if (encrypted && (st->format & ARCHIVE_FORMAT_BASE_MASK) !=
	    ARCHIVE_FORMAT_ZIP) {
		pending_add(st, idx, name,
			    "encrypted member, the format cannot be decrypted");
		goto out;
	}
	extract(st, a, idx, name, encrypted);
	ok = !st->stop && !st->pass_end;
out:
	g_free(name);
	return ok;
}

/*
 * One pass over the archive with the given passphrases: new headers are
 * handled in full, old ones only when pending (see one_entry).
 */
static void
unpack_pass(unpack_state *st, char *const *pw, guint npw)
{
	struct archive *a = open_reader(st, pw, npw);
	if (a == NULL) {
		st->stop = true;
		return;
	}
	st->pass_end = false;
	uint64_t idx = 0;
	unsigned retries = 0;
	while (!st->stop && !st->pass_end) {
		if (triage_ctx_over_time(st->ctx)) {
			arc_limit(st, "time_budget_ms");
			break;
		}
		struct archive_entry *e = NULL;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF) {
			/* see triage_unpack_run: an "empty" compressed stream */
			if (idx == 0 && st->seen == 0 && archive_filter_count(a) > 1)
				st->empty_stream = true;
			break;
		}
		if (r == ARCHIVE_RETRY) {
			/* A damaged header the reader can step over (tar). */
			const char *err = archive_error_string(a);
			triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_CORRUPT,
						    err ? err : "damaged header");
			if (++retries > UNPACK_MAX_RETRY)
				break;
			continue;
		}
		retries = 0;
		if (r < ARCHIVE_WARN) {
			if (idx >= st->seen)
				header_failed(st, a, idx == 0);
			break;
		}
		if (idx == 0 && st->seen == 0) {
			st->format = archive_format(a);
			/* "raw" takes anything: without a filter it is no archive. */
			if ((st->format & ARCHIVE_FORMAT_BASE_MASK) ==
			    ARCHIVE_FORMAT_RAW && archive_filter_count(a) <= 1) {
				triage_object_set_unscanned(st->arc,
					TRIAGE_UNSCANNED_CORRUPT,
					"not a recognized archive format");
				st->stop = true;
				break;
			}
		}
		if (!one_entry(st, a, e, idx, npw))
			break;
		idx++;
	}
	archive_read_free(a);
}

/* Add the encrypted members nobody opened and mark the archive. */
static void
finish_pending(unpack_state *st)
{
	if (st->pending->len == 0)
		return;
	triage_object_set_unscanned(st->arc, TRIAGE_UNSCANNED_ENCRYPTED,
				    ((pending *)g_ptr_array_index(st->pending, 0))->detail);
	/* Added even after a fatal error: the names were seen and rules need them. */
	for (guint i = 0; i < st->pending->len; i++) {
		pending *pe = g_ptr_array_index(st->pending, i);
		triage_object *child = add_empty_member(st, pe->name);
		if (triage_object_fact_bool(child, TF_LIMIT_EXCEEDED))
			break;
		triage_object_set_unscanned(child, TRIAGE_UNSCANNED_ENCRYPTED,
					    pe->detail);
	}
}

/* List and extract the members of an archive object as children. */
triage_status
triage_unpack_run(triage_ctx *ctx, triage_object *o)
{
	unpack_state st = {
		.ctx = ctx, .arc = o,
		.data = triage_object_data(o), .size = triage_object_size(o),
		.arc_name = g_strdup(triage_object_name(o)),
		.pending = g_ptr_array_new_with_free_func(pending_free),
		.err = TRIAGE_OK,
	};
	GPtrArray *pw = candidates(ctx);
	locale_t utf8 = triage_unpack_utf8_locale();
	locale_t saved = utf8 ? uselocale(utf8) : (locale_t)0;

	unpack_pass(&st, (char *const *)pw->pdata, pw->len);
	/*
	 * A compressed stream whose data starts with a zero block reads as an
	 * empty tar (libarchive's tar reader bids on zeros and stops at the
	 * "end of archive" block): a gzipped disk image or a gzip bomb of
	 * zeros would list nothing and pass unread.  Read it again as one
	 * raw member, under the same limits.
	 */
	if (st.empty_stream && !st.stop && st.err == TRIAGE_OK) {
		st.raw_only = true;
		st.format = 0;
		unpack_pass(&st, (char *const *)pw->pdata, pw->len);
	}
	/*
	 * libarchive keys a ZipCrypto member with the first candidate whose
	 * check byte fits, which may be a wrong one: try each alone.
	 */
	bool zip = (st.format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
	for (guint i = 0; zip && pw->len > 1 && i < pw->len &&
	     st.pending->len > 0 && !st.stop && st.err == TRIAGE_OK; i++)
		unpack_pass(&st, (char *const *)&pw->pdata[i], 1);
	if (st.err == TRIAGE_OK)
		finish_pending(&st);

	triage_object_set_int(o, TF_MEMBERS, st.members);
	/*
	 * libarchive reads an ISO 9660 image through a compression filter
	 * directly ("setup.iso.gz"): no inner object is the image, so the
	 * compressed stream carries the fact.
	 */
	if ((st.format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ISO9660)
		triage_object_set_bool(o, TF_IS_DISK_IMAGE, true);
	if (st.decrypted)
		triage_object_set_bool(o, TF_DECRYPTED, true);

	if (utf8)
		uselocale(saved);
	g_ptr_array_free(pw, TRUE);
	g_ptr_array_free(st.pending, TRUE);
	g_free(st.arc_name);
	return st.err;
}
