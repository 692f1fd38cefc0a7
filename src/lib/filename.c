/* filename.c - bidi controls, double extensions, name/type mismatch. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "analyzers.h"
#include "filetype_int.h"

/* Extensions Windows runs as scripts or script-like files, with their kind. */
static const char *const script_exts[] = {
	"js", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "psd1",
	"bat", "cmd", "scr", "sct", "vb", "wsc", "reg", "msc", "jar", "chm",
	"settingcontent-ms", "appref-ms", "application",
};

/* Extensions that look like something run when double-clicked. */
static const char *const exec_exts[] = {
	"exe", "scr", "com", "pif", "bat", "cmd", "js", "jse", "vbs", "vbe",
	"wsf", "wsh", "hta", "ps1", "psm1", "psd1", "lnk", "url", "scf", "msi",
	"msp", "cpl", "jar", "reg", "vb", "sct", "wsc", "msc", "chm",
	"application", "appref-ms", "settingcontent-ms", "iso", "img", "vhd",
	"vhdx",
};

/* Extensions people expect to be documents (decoys in "x.pdf.exe"). */
static const char *const decoy_exts[] = {
	"pdf", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx",
	"txt", "rtf", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "csv",
	"zip", "rar", "7z", "html", "htm", "odt", "ods", "odp", "xml", "mp3",
	"mp4", "wav", "avi", "mov", "eml", "msg",
};

/*
 * Extensions that claim a harmless document, image, text or media file.
 * Content checks with weak evidence are skipped for them, and an
 * executable behind one of them is a type mismatch.
 */
static const char *const harmless_exts[] = {
	"txt", "text", "log", "csv", "tsv", "md", "ics", "vcf", "xml", "json",
	"yaml", "yml", "eml", "pdf", "doc", "docx", "docm", "dot", "dotx",
	"xls", "xlsx", "xlsm", "xlsb", "ppt", "pptx", "pptm", "odt", "ods",
	"odp", "rtf", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp",
	"heic", "ico", "mp3", "mp4", "m4a", "wav", "avi", "mov", "mkv", "html",
	"htm",
};

/* Declared MIME type prefixes that claim a harmless type. */
static const char *const harmless_mimes[] = {
	"application/pdf", "application/msword", "application/vnd.ms-",
	"application/vnd.openxmlformats-", "application/vnd.oasis.opendocument.",
	"application/rtf", "text/", "image/", "audio/", "video/",
};

/* True when s (lower case) is in the list. */
static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Script kind for an extension (lower case), or NULL. */
const char *
triage_ft_script_ext(const char *ext)
{
	for (size_t i = 0; i < G_N_ELEMENTS(script_exts); i++)
		if (strcmp(ext, script_exts[i]) == 0)
			return script_exts[i];
	return NULL;
}

/* True for extensions of harmless-looking documents, images and text. */
bool
triage_ft_text_ext(const char *ext)
{
	return in_list(ext, harmless_exts, G_N_ELEMENTS(harmless_exts));
}

/*
 * Bidi controls that reorder what follows (U+202A..U+202E embeddings and
 * overrides, U+2066..U+2069 isolates).  The implicit marks U+200E, U+200F
 * and U+061C are left out on purpose: they cannot reverse a run of Latin
 * letters, and they occur in honest Arabic and Hebrew file names.
 */
static bool
has_bidi(const char *name)
{
	const char *p = name;
	const char *end = name + strlen(name);
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			p++; /* invalid byte: skip it, keep looking */
			continue;
		}
		if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
			return true;
		p = g_utf8_next_char(p);
	}
	return false;
}

/* Length of padding (space, dot, underscore, NBSP, ideographic/zero-width space) ending at s+len. */
static size_t
trailing_pad(const char *s, size_t len)
{
	size_t k = len;
	for (;;) {
		if (k >= 1 && strchr(" ._\t-", s[k - 1]) != NULL && s[k - 1] != '\0') {
			k--;
		} else if (k >= 2 && (unsigned char)s[k - 2] == 0xC2 &&
			   (unsigned char)s[k - 1] == 0xA0) {
			k -= 2; /* U+00A0 */
		} else if (k >= 3 && (unsigned char)s[k - 3] == 0xE3 &&
			   (unsigned char)s[k - 2] == 0x80 &&
			   (unsigned char)s[k - 1] == 0x80) {
			k -= 3; /* U+3000 */
		} else if (k >= 3 && (unsigned char)s[k - 3] == 0xE2 &&
			   (unsigned char)s[k - 2] == 0x80 &&
			   (unsigned char)s[k - 1] >= 0x80 &&
			   (unsigned char)s[k - 1] <= 0x8B) {
			k -= 3; /* U+2000..U+200B spaces */
		} else {
			break;
		}
	}
	return len - k;
}

/* "invoice.pdf.exe", "invoice.pdf      .exe", "photo.jpg_.js" ... */
static bool
has_double_ext(const char *name)
{
	bool found = false;
	const char *base = strrchr(name, '/');
	const char *bs = strrchr(name, '\\');
	if (bs && (!base || bs > base))
		base = bs;
	base = base ? base + 1 : name;
	char *s = g_ascii_strdown(base, -1);
	/* Windows drops trailing dots and spaces. */
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ' '))
		s[--len] = '\0';
	char *dot = strrchr(s, '.');
	if (dot == NULL || !in_list(dot + 1, exec_exts, G_N_ELEMENTS(exec_exts)))
		goto out;
	size_t plen = (size_t)(dot - s);
	plen -= trailing_pad(s, plen);
	s[plen] = '\0';
	char *dot0 = strrchr(s, '.');
	if (dot0 == NULL)
		goto out;
	found = in_list(dot0 + 1, decoy_exts, G_N_ELEMENTS(decoy_exts));
out:
	g_free(s);
	return found;
}

/* The name (or, without an extension, the declared type) claims a harmless file. */
static bool
claims_harmless(const triage_object *o)
{
	const char *ext = triage_object_fact_str(o, TF_EXT);
	if (*ext)
		return triage_ft_text_ext(ext);
	const char *mt = triage_object_declared_type(o);
	for (size_t i = 0; i < G_N_ELEMENTS(harmless_mimes); i++)
		if (g_ascii_strncasecmp(mt, harmless_mimes[i],
					strlen(harmless_mimes[i])) == 0)
			return true;
	return false;
}

/* Content that runs when opened: executable, LNK, HTA/WSF/encoded script. */
static bool
content_runs(const triage_object *o)
{
	if (triage_object_fact_bool(o, TF_IS_EXECUTABLE))
		return true;
	if (strcmp(triage_object_fact_str(o, TF_TYPE), "lnk") == 0)
		return true;
	/* A body text that quotes script markers is read, not run. */
	if (triage_object_fact_bool(o, TF_IS_BODY))
		return false;
	const char *k = triage_ft_script_strong(triage_object_data(o),
						triage_object_size(o));
	return k && (strcmp(k, "hta") == 0 || strcmp(k, "wsf") == 0 ||
		     strcmp(k, "vbe") == 0);
}

/* Name checks on the object's declared name and type. */
triage_status
triage_filename_check(triage_ctx *ctx, triage_object *o)
{
	(void)ctx;
	const char *name = triage_object_name(o);
	const char *kind = triage_object_kind(o);
	if (*name) {
		if (has_bidi(name))
			triage_object_set_bool(o, TF_NAME_BIDI, true);
		if (has_double_ext(name))
			triage_object_set_bool(o, TF_NAME_DOUBLE_EXT, true);
	}
	/* Macro source and similar derived text carry no user-visible name. */
	if (strcmp(kind, "vba") == 0 || strcmp(kind, "xlm") == 0 ||
	    triage_object_fact_bool(o, TF_IS_VBA_MODULE))
		return TRIAGE_OK;
	if ((*name || *triage_object_declared_type(o)) && claims_harmless(o) &&
	    content_runs(o))
		triage_object_set_bool(o, TF_TYPE_MISMATCH, true);
	return TRIAGE_OK;
}
