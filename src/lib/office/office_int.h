/* office_int.h - the Office family readers and what they share. */
#ifndef TRIAGE_OFFICE_INT_H
#define TRIAGE_OFFICE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "analyzers.h"

/*
 * Each reader takes an object whose TF_TYPE names its format, sets facts on
 * it (TF_IS_OFFICE and the format's own), and adds children (VBA modules as
 * kind "vba" with segment "vba:<module>", XLM sheets as "xlm:<sheet>",
 * embedded objects as kind "embedded", decrypted documents as kind
 * "decrypted").  Input trouble: triage_object_set_unscanned() + TRIAGE_OK.
 */

/* ole.c, vba.c, xlm.c: CFB/OLE2 files (.doc .xls .ppt, vbaProject.bin, ...). */
triage_status triage_ole_run(triage_ctx *ctx, triage_object *o);
/* ooxml.c: OOXML zip packages (.docx .docm .xlsx .xlsm .xlsb .pptx .pptm). */
triage_status triage_ooxml_run(triage_ctx *ctx, triage_object *o);
/* odf.c: OpenDocument zip packages (.odt .ods .odp, templates). */
triage_status triage_odf_run(triage_ctx *ctx, triage_object *o);
/* slk.c: SYLK spreadsheets with macro formulas. */
triage_status triage_slk_run(triage_ctx *ctx, triage_object *o);

/* rtf.c: \object / \objdata extraction. */
triage_status triage_rtf_run(triage_ctx *ctx, triage_object *o);
/* onenote.c: embedded file data stores. */
triage_status triage_onenote_run(triage_ctx *ctx, triage_object *o);
/* lnk.c: shell link header, target, arguments, working dir. */
triage_status triage_lnk_run(triage_ctx *ctx, triage_object *o);

/*
 * crypto.c: an OLE file holding EncryptionInfo + EncryptedPackage
 * (ECMA-376 standard or agile encryption).  Sets TF_OFFICE_ENCRYPTED; tries
 * "VelvetSweatshop" and ctx->passwords; on success sets TF_OFFICE_DECRYPTED,
 * clears nothing else and adds the decrypted package as a child of kind
 * "decrypted" (the engine analyzes it like any OOXML file).
 * `info`/`pkg` are the two streams' bytes.
 */
triage_status triage_crypto_ooxml(triage_ctx *ctx, triage_object *o,
				  const unsigned char *info, size_t info_len,
				  const unsigned char *pkg, size_t pkg_len);
/*
 * crypto_biff.c: decrypt a BIFF8 Workbook stream protected by FILEPASS
 * (RC4, RC4 CryptoAPI, XOR obfuscation method 1).  Tries
 * "VelvetSweatshop" then ctx->passwords.  On success returns TRIAGE_OK and a
 * g_malloc'ed decrypted copy of the stream in *out (same length; record
 * headers in clear, as BIFF readers expect); TRIAGE_ENCRYPTED when no
 * password fits; TRIAGE_CORRUPT on a malformed FILEPASS.
 */
triage_status triage_crypto_biff(triage_ctx *ctx, const unsigned char *wb,
				 size_t wb_len, unsigned char **out);

#endif
