/* scen_build.h - whole test messages and archives for the scenario tests. */
#ifndef TRIAGE_SCEN_BUILD_H
#define TRIAGE_SCEN_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

/* One archive member: name and bytes (NULL data: a directory). */
typedef struct sb_member {
	const char *name;
	GBytes *data;
} sb_member;

/* Archive containers the builders know. */
typedef enum sb_format {
	SB_ZIP,       /* deflate zip */
	SB_ZIP_STORE, /* stored (no compression) zip */
	SB_7Z,
	SB_TAR,
	SB_TGZ,
	SB_ISO,       /* ISO 9660 with Rock Ridge/Joliet (libarchive writer) */
	SB_GZ,        /* raw gzip stream of the first member only */
} sb_format;

/*
 * An archive of members.  encryption ("zipcrypt", "aes256", NULL) and
 * passphrase apply to zips only.
 */
GBytes *sb_archive(sb_format fmt, const sb_member *m, size_t n,
		   const char *encryption, const char *passphrase);
/* Shorthand: an archive with one member. */
GBytes *sb_archive1(sb_format fmt, const char *name, GBytes *data);
/* Shorthand: an encrypted zip with one member. */
GBytes *sb_zip_enc(const char *name, GBytes *data, const char *enc,
		   const char *pw);

/* One MIME part: header lines (without the final blank line) and a body. */
typedef struct sb_part {
	char *headers;   /* "Content-Type: ...\n..." */
	GBytes *body;    /* raw part body, already encoded as the headers say */
} sb_part;

/* A message under construction. */
typedef struct sb_msg {
	GString *top;            /* top-level headers (Subject, From, ...) */
	GPtrArray *parts;        /* sb_part* */
	char *outer_type;        /* "multipart/mixed" unless changed */
} sb_msg;

sb_msg *sb_msg_new(const char *subject_header_value);
/* Add a top-level header line ("Name: value"). */
void sb_msg_header(sb_msg *m, const char *line);
/* A text part in a charset; the text is UTF-8 and converted (7bit/8bit or base64). */
void sb_msg_text(sb_msg *m, const char *subtype, const char *charset,
		 const char *utf8, bool base64);
/* An attachment with a plain filename (quoted) and the given Content-Type. */
void sb_msg_attach(sb_msg *m, const char *filename, const char *ctype, GBytes *data);
/* A part with the caller's own header lines (bytes base64-encoded). */
void sb_msg_part_raw(sb_msg *m, const char *headers, GBytes *data, bool base64);
/* The message as text; the builder is freed. */
GString *sb_msg_finish(sb_msg *m);
/* Whole message with one text body and one attachment. */
GString *sb_mail1(const char *body, const char *filename, const char *ctype,
		  GBytes *data);

/* Harmless stand-ins. */
GBytes *sb_pe(void);             /* MZ + DOS stub + PE header, i386 */
GBytes *sb_lnk(void);            /* ShellLink header + a relative path */
GBytes *sb_msi(void);            /* OLE2 with the MSI root CLSID */
GBytes *sb_text(const char *s);  /* bytes of a C string */
/* Content of a harmless script for the extension (js, vbs, bat, ...). */
GBytes *sb_script(const char *ext);
/* Zeros compressed in a zip: one member of `size` bytes. */
GBytes *sb_zeros_zip(const char *name, size_t size);

/* Text to a charset (g_convert), for bodies and RFC 2047 words. */
GBytes *sb_convert(const char *utf8, const char *charset);
/* RFC 2047 B-encoded word of a UTF-8 string in a charset. */
char *sb_2047(const char *utf8, const char *charset);
/* RFC 2231 value: charset''percent-encoded bytes. */
char *sb_2231(const char *utf8, const char *charset);

#endif
