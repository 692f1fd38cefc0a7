/* analyzers.h - entry points the engine calls for each object. */
#ifndef TRIAGE_ANALYZERS_H
#define TRIAGE_ANALYZERS_H

#include "ctx.h"

/*
 * TF_TYPE vocabulary (set by filetype.c, read by the dispatch):
 *   executables  pe elf macho msi
 *   archives     zip 7z rar tar gzip bzip2 xz lzma zstd cab cpio ar lha
 *                arj szdd kwaj binhex
 *   disk images  iso udf vhd vhdx dmg img
 *   documents    ole ooxml odf rtf slk pdf onenote
 *   shortcuts    lnk url scf
 *   text         html script text eml
 *   other        image tnef data empty
 * ooxml is a zip holding [Content_Types].xml (office.c reads it; unpack.c
 * does not); odf is an OpenDocument zip (.odt .ods .odp, templates) whose
 * first member is its "mimetype" (office.c reads it, unpack.c does not).
 * ole is any CFB/OLE2 file (.doc, .xls, .ppt, .msg, .msi is "msi" and both
 * executable and ole).  arj, szdd (MS compress.exe), kwaj
 * and binhex (BinHex 4.0 text) are read by formats*.c, not libarchive; eml
 * is also a raw file that is a message (a saved .eml, an mbox).
 */

/*
 * Contract for every analyzer:
 *  - read only triage_object_data()/size() of the object, bounded;
 *  - add children with triage_object_add_child() (the engine analyzes them
 *    afterwards, depth first) and set facts on the object;
 *  - trouble with the input is recorded on the object with
 *    triage_object_set_unscanned() and returns TRIAGE_OK / TRIAGE_WARN;
 *  - only internal failures (I/O on temp files, ...) return an error code,
 *    with text in ctx->err.
 */

/*
 * mime.c: parse the root object's data as an RFC 5322 message, add one
 * child per leaf part (kind "mime"; message/rfc822 parts are recursed into
 * as kind "message" children with their own leaves; TNEF winmail.dat gives
 * its attachments as children), collect text bodies into ctx->texts and the
 * subject into ctx->subject.
 */
triage_status triage_mime_walk(triage_ctx *ctx, triage_object *root);

/* passwords.c: candidate passwords from ctx->texts (+subject) into ctx->passwords. */
void triage_passwords_collect(triage_ctx *ctx);
/* Candidates from one UTF-8 text (appends g_strdup'ed strings to out). */
void triage_passwords_extract(const char *text, size_t len, GPtrArray *out,
			      size_t max);

/* filetype.c: libmagic + own checks: TF_MAGIC_*, TF_TYPE, TF_IS_* facts. */
triage_status triage_filetype_detect(triage_ctx *ctx, triage_object *o);

/* filename.c: bidi controls, double extensions, extension vs type. */
triage_status triage_filename_check(triage_ctx *ctx, triage_object *o);

/* unpack.c: true when libarchive should open this object (by TF_TYPE). */
bool triage_unpack_wants(const triage_object *o);
/* unpack.c: list/extract members as children; encrypted, limits, corrupt. */
triage_status triage_unpack_run(triage_ctx *ctx, triage_object *o);

/* office.c: true when the object is an Office/RTF/OneNote/LNK/SLK file. */
bool triage_office_wants(const triage_object *o);
/* office.c: dispatch to the OLE, OOXML, RTF, OneNote, LNK, SLK readers. */
triage_status triage_office_run(triage_ctx *ctx, triage_object *o);

/*
 * formats.c: true for the objects its readers open: arj, szdd, kwaj,
 * binhex, pdf (embedded files), html with data: URIs, TNEF not yet opened.
 */
bool triage_formats_wants(const triage_object *o);
/* formats.c: dispatch to the ARJ, SZDD/KWAJ, BinHex, PDF, HTML, TNEF readers. */
triage_status triage_formats_run(triage_ctx *ctx, triage_object *o);

#endif
