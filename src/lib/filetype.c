/* filetype.c - what an object is: libmagic plus own signature and text checks. */
#include "config.h"

#include <string.h>
#include <magic.h>

#include "analyzers.h"
#include "filetype_int.h"

/* libmagic sees at most this much: its tests look at the first few hundred KB. */
#define FT_MAGIC_MAX (256u * 1024u)

/* One libmagic answer with the given flags ("" on failure). */
static char *
magic_one(magic_t m, int flags, const unsigned char *d, size_t n)
{
	if (magic_setflags(m, flags) != 0)
		return g_strdup("");
	const char *r = magic_buffer(m, d, n);
	return g_strdup(r ? r : "");
}

/*
 * MIME type and description from the scanner's libmagic handle.  No
 * decompression (MAGIC_NO_CHECK_COMPRESS): the unpack analyzer opens
 * compressed data under its limits; libmagic would do it unbounded.
 * `cheap` skips the magic database (MAGIC_NO_CHECK_SOFT): walking it costs
 * ~130 us per call whatever the size, too much for the body texts of every
 * message, whose declared type and our own checks say enough.
 */
static void
run_magic(triage_ctx *ctx, const unsigned char *d, size_t n, bool cheap,
	  char **mime, char **desc)
{
	magic_t m = ctx ? ctx->magic : NULL;
	if (n == 0) {
		*mime = g_strdup("application/x-empty");
		*desc = g_strdup("empty");
		return;
	}
	if (m == NULL) {
		*mime = g_strdup("");
		*desc = g_strdup("");
		return;
	}
	size_t len = n < FT_MAGIC_MAX ? n : FT_MAGIC_MAX;
	int saved = magic_getflags(m);
	int base = MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR;
	if (cheap)
		base |= MAGIC_NO_CHECK_SOFT;
	*mime = magic_one(m, base | MAGIC_MIME_TYPE, d, len);
	*desc = magic_one(m, base, d, len);
	magic_setflags(m, saved);
}

/* Formats libmagic knows and our fixed-offset checks do not. */
static bool
magic_binary(const char *mime, const char *desc, const unsigned char *d,
	     size_t n, ft_info *fi)
{
	if (strstr(desc, "MSI Installer") != NULL) {
		fi->type = fi->exec_format = "msi";
		fi->executable = true;
		return true;
	}
	/* LZMA-alone has no real magic: trust libmagic's weighing of it. */
	if (strcmp(mime, "application/x-lzma") == 0) {
		fi->type = "lzma";
		fi->archive = true;
		return true;
	}
	/* Pre-POSIX tar headers have no "ustar" marker. */
	if (strcmp(mime, "application/x-tar") == 0) {
		fi->type = "tar";
		fi->archive = true;
		return true;
	}
	/* An MZ header without a PE one: DOS program or a damaged PE. */
	if (n >= 2 && d[0] == 'M' && d[1] == 'Z' &&
	    (strcmp(mime, "application/x-dosexec") == 0 ||
	     g_str_has_prefix(desc, "MS-DOS executable"))) {
		fi->type = fi->exec_format = "pe";
		fi->executable = true;
		return true;
	}
	if (strcmp(mime, "application/pdf") == 0) {
		fi->type = "pdf";
		return true;
	}
	return false;
}

/* No NUL byte in the head: text for our purposes (UTF-16 goes the binary way). */
static bool
looks_text(const unsigned char *d, size_t n)
{
	return memchr(d, 0, n < 4096 ? n : 4096) == NULL;
}

/* Mark fi as a script of the given kind. */
static void
script(ft_info *fi, const char *kind)
{
	fi->type = "script";
	fi->script = true;
	fi->script_kind = kind;
	if (strcmp(kind, "hta") == 0)
		fi->html = true; /* an HTA is an HTML page with full rights */
}

/* Context of one detection that the text checks depend on. */
typedef struct ft_subject {
	const unsigned char *d;
	size_t n;
	const char *ext;
	const char *mime;
	const char *declared; /* declared MIME type ("" when none) */
	bool body;         /* a text/plain or text/html body part */
	bool html_body;    /* ... declared text/html */
} ft_subject;

/* Text and unknown content: shortcuts, scripts, HTML, mail, then broad classes. */
static void
classify_text(const ft_subject *s, ft_info *fi)
{
	bool plain_name = triage_ft_text_ext(s->ext);
	/* Without an answer from libmagic, judge by the bytes. */
	bool texty = g_str_has_prefix(s->mime, "text/") ||
		     strcmp(s->mime, "application/x-empty") == 0 ||
		     (*s->mime == '\0' && looks_text(s->d, s->n));

	if (!s->body) {
		const char *k = triage_ft_script_strong(s->d, s->n);
		if (k) {
			script(fi, k);
			return;
		}
		const char *sc = plain_name ? NULL : triage_ft_shortcut_text(s->d, s->n);
		if (sc == NULL && texty &&
		    (strcmp(s->ext, "url") == 0 || strcmp(s->ext, "scf") == 0))
			sc = strcmp(s->ext, "url") == 0 ? "url" : "scf";
		if (sc) {
			fi->type = sc;
			fi->shortcut = true;
			return;
		}
	}
	/* BinHex text (or a part declared as one) holds a Mac file: formats_binhex.c. */
	if (!s->body && (triage_ft_binhex_sniff(s->d, s->n) ||
			 g_ascii_strncasecmp(s->declared, "application/mac-binhex40", 24) == 0)) {
		fi->type = "binhex";
		return;
	}
	/* A text file named .html opens in the browser whatever its first tag is. */
	bool html_name = strcmp(s->ext, "html") == 0 || strcmp(s->ext, "htm") == 0 ||
			 strcmp(s->ext, "xhtml") == 0 || strcmp(s->ext, "shtml") == 0;
	bool html = s->html_body ||
		    (!s->body && (strcmp(s->mime, "text/html") == 0 ||
				  (texty && (html_name || triage_ft_html_sniff(s->d, s->n)))));
	if (!s->body) {
		const char *k = triage_ft_script_ext(s->ext);
		if (k == NULL && !html && !plain_name)
			k = triage_ft_script_weak(s->d, s->n);
		if (k) {
			script(fi, k);
			fi->html = fi->html || html;
			return;
		}
	}
	if (html) {
		fi->type = "html";
		fi->html = true;
		return;
	}
	/*
	 * A message inside an archive/TNEF/attachment, or a raw file that is
	 * one (a saved .eml, an mbox): the MIME walker opens it.
	 */
	if (!s->body && triage_ft_mail_sniff(s->d, s->n)) {
		fi->type = "eml";
		return;
	}
	if (g_str_has_prefix(s->mime, "image/") ||
	    (texty && triage_ft_svg_sniff(s->d, s->n))) {
		fi->type = "image";
		/* SVG runs scripts in the browser like HTML does. */
		fi->html = triage_ft_svg_sniff(s->d, s->n) &&
			   triage_ft_svg_script(s->d, s->n);
		return;
	}
	fi->type = texty ? "text" : "data";
}

/* Set the detected facts on the object (booleans only when true). */
static void
set_facts(triage_object *o, const ft_info *fi)
{
	triage_object_set_str(o, TF_TYPE, fi->type);
	if (fi->executable) {
		triage_object_set_bool(o, TF_IS_EXECUTABLE, true);
		triage_object_set_str(o, TF_EXEC_FORMAT, fi->exec_format);
	}
	if (fi->script) {
		triage_object_set_bool(o, TF_IS_SCRIPT, true);
		triage_object_set_str(o, TF_SCRIPT_KIND, fi->script_kind);
	}
	if (fi->archive)
		triage_object_set_bool(o, TF_IS_ARCHIVE, true);
	if (fi->office)
		triage_object_set_bool(o, TF_IS_OFFICE, true);
	if (fi->onenote)
		triage_object_set_bool(o, TF_IS_ONENOTE, true);
	if (fi->disk_image)
		triage_object_set_bool(o, TF_IS_DISK_IMAGE, true);
	if (fi->shortcut)
		triage_object_set_bool(o, TF_IS_SHORTCUT, true);
	if (fi->html)
		triage_object_set_bool(o, TF_IS_HTML, true);
}

/*
 * For text read without the magic database, name what our own checks found
 * in libmagic's words, so rules on triage_magic_mime keep working.
 */
static const char *
refine_text_mime(const ft_info *fi, const char *mime)
{
	if (!g_str_has_prefix(mime, "text/plain"))
		return mime;
	if (strcmp(fi->type, "html") == 0)
		return "text/html";
	if (strcmp(fi->type, "eml") == 0)
		return "message/rfc822";
	if (strcmp(fi->type, "image") == 0)
		return "image/svg+xml";
	return mime;
}

/* Detect the type of one object and set TF_MAGIC_*, TF_TYPE and TF_IS_*. */
triage_status
triage_filetype_detect(triage_ctx *ctx, triage_object *o)
{
	const unsigned char *d = triage_object_data(o);
	size_t n = triage_object_size(o);
	const char *kind = triage_object_kind(o);
	const char *declared = triage_object_declared_type(o);
	ft_info fi = {0};
	char *mime = NULL, *desc = NULL;
	/*
	 * Decompressed macro source and other text derived from a document is
	 * not a file anyone can open: give it a broad class only, so no
	 * executable/script rule can fire on what the source happens to say.
	 */
	bool derived = strcmp(kind, "vba") == 0 || strcmp(kind, "xlm") == 0 ||
		       triage_object_fact_bool(o, TF_IS_VBA_MODULE);
	bool body = triage_object_fact_bool(o, TF_IS_BODY);
	/* The MIME walker may already know this is a message: keep that. */
	bool keep_eml = strcmp(triage_object_fact_str(o, TF_TYPE), "eml") == 0;
	bool sig = !derived && n > 0 && triage_ft_sig_detect(d, n, &fi);
	/*
	 * The magic database costs 1-2 ms on any text (its many text tests
	 * run to the end); texts are classified by our own checks below.
	 */
	bool cheap = derived || body || (!sig && looks_text(d, n));

	run_magic(ctx, d, n, cheap, &mime, &desc);
	if (derived) {
		fi.type = n == 0 ? "empty" : g_str_has_prefix(mime, "text/") ? "text" : "data";
	} else if (n == 0) {
		fi.type = "empty";
	} else if (sig || magic_binary(mime, desc, d, n, &fi)) {
		/* A jar is a zip that the Java runtime starts on double-click. */
		if (strcmp(fi.type, "zip") == 0 &&
		    strcmp(triage_object_fact_str(o, TF_EXT), "jar") == 0) {
			fi.script = true;
			fi.script_kind = "jar";
		}
	} else {
		ft_subject s = {
			.d = d, .n = n, .ext = triage_object_fact_str(o, TF_EXT),
			.mime = mime, .body = body,
			.declared = declared ? declared : "",
		};
		s.html_body = body &&
			g_ascii_strncasecmp(declared, "text/html", 9) == 0;
		classify_text(&s, &fi);
	}
	triage_object_set_magic(o, cheap ? refine_text_mime(&fi, mime) : mime, desc);
	if (!keep_eml)
		set_facts(o, &fi);
	g_free(mime);
	g_free(desc);
	return TRIAGE_OK;
}
