/* filetype_int.h - shared pieces of type detection and the file name checks. */
#ifndef TRIAGE_FILETYPE_INT_H
#define TRIAGE_FILETYPE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What the detector decided about one object.  Strings are static.
 * type is a TF_TYPE value from the vocabulary in analyzers.h.
 */
typedef struct ft_info {
	const char *type;
	const char *exec_format;  /* pe elf macho msi, or NULL */
	const char *script_kind;  /* js vbs hta ..., or NULL */
	bool executable, archive, office, onenote, disk_image, shortcut, html,
	     script;
} ft_info;

/* Bytes of the head that own content checks look at (signatures are bounded). */
#define FT_TEXT_WINDOW (64u * 1024u)

/* filetype_sigs.c: binary signatures; true when one matched (fi filled). */
bool triage_ft_sig_detect(const unsigned char *d, size_t n, ft_info *fi);
/* filetype_sigs.c: true for an MZ header with a valid "PE\0\0" header. */
bool triage_ft_is_pe(const unsigned char *d, size_t n);
/* filetype_sigs.c: true for an OLE2 file whose root CLSID is an MSI's. */
bool triage_ft_ole_is_msi(const unsigned char *d, size_t n);

/* Flags from a bounded look at a zip's member names. */
enum {
	FT_ZIP_CONTENT_TYPES = 1, /* [Content_Types].xml: OOXML (or XPS/APPX) */
	FT_ZIP_APPX = 2,          /* AppxManifest.xml / AppxBundleManifest.xml */
	FT_ZIP_JAR = 4,           /* META-INF/MANIFEST.MF */
	FT_ZIP_ODF = 8            /* first member "mimetype": OpenDocument */
};
/* filetype_zip.c: scan the central directory (or local headers) of a zip. */
unsigned triage_ft_zip_scan(const unsigned char *d, size_t n);

/*
 * filetype_text.c: script markers that hold whatever the file is called
 * (HTA application tag, WSF job/package, script encoder "#@~^", .reg
 * header, MMC console file, CHM): the kind or NULL.
 */
const char *triage_ft_script_strong(const unsigned char *d, size_t n);
/* filetype_text.c: weaker markers ("@echo off", PowerShell): kind or NULL. */
const char *triage_ft_script_weak(const unsigned char *d, size_t n);
/* filetype_text.c: "url" or "scf" for Internet/Shell shortcut text, or NULL. */
const char *triage_ft_shortcut_text(const unsigned char *d, size_t n);
/* filetype_text.c: HTML tags near the start of the text. */
bool triage_ft_html_sniff(const unsigned char *d, size_t n);
/* filetype_text.c: an SVG image (root element <svg). */
bool triage_ft_svg_sniff(const unsigned char *d, size_t n);
/* filetype_text.c: SVG image carrying a <script> element. */
bool triage_ft_svg_script(const unsigned char *d, size_t n);
/* filetype_text.c: the head looks like RFC 5322 message headers. */
bool triage_ft_mail_sniff(const unsigned char *d, size_t n);
/* filetype_text.c: the BinHex 4.0 banner near the start. */
bool triage_ft_binhex_sniff(const unsigned char *d, size_t n);
/* filetype_text.c: ASCII case-insensitive search in a bounded buffer. */
const unsigned char *triage_ft_memcasemem(const unsigned char *hay, size_t n,
					  const char *needle);

/* filename.c tables: script kind for an extension (lower case) or NULL. */
const char *triage_ft_script_ext(const char *ext);
/* filename.c: plain text / data extensions where weak script text is harmless. */
bool triage_ft_text_ext(const char *ext);

#endif
