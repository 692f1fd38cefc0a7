/* facts.c - the table of facts, in the order of enum triage_fact. */
#include <stddef.h>
#include "triage/facts.h"

#define B TRIAGE_FACT_BOOL
#define I TRIAGE_FACT_INT
#define S TRIAGE_FACT_STR

static const triage_fact_def facts[TF_COUNT] = {
	[TF_NAME] = {"triage_name", S, "declared file name (UTF-8), \"\" if none"},
	[TF_EXT] = {"triage_ext", S, "last extension of the name, lower case, without the dot"},
	[TF_DECLARED_TYPE] = {"triage_declared_type", S, "declared MIME type (Content-Type of the part)"},
	[TF_MAGIC_MIME] = {"triage_magic_mime", S, "MIME type detected by libmagic"},
	[TF_MAGIC_DESC] = {"triage_magic_desc", S, "libmagic's description of the content"},
	[TF_TYPE] = {"triage_type", S, "triage's type class: pe, elf, macho, msi, zip, 7z, rar, ole, ooxml, rtf, iso, lnk, html, script, pdf, text, ..."},
	[TF_KIND] = {"triage_kind", S, "how the object was found: message, mime, member, tnef, vba, xlm, embedded, ..."},
	[TF_DEPTH] = {"triage_depth", I, "layers below the message (the message is 0)"},
	[TF_SIZE] = {"triage_size", I, "decoded size in bytes"},
	[TF_IS_ATTACHMENT] = {"triage_is_attachment", B, "a MIME part that is not a body text"},
	[TF_IS_BODY] = {"triage_is_body", B, "a text/plain or text/html body part"},
	[TF_IN_ARCHIVE] = {"triage_in_archive", B, "found inside an archive (at any depth)"},
	[TF_IS_EXECUTABLE] = {"triage_is_executable", B, "an executable: PE, ELF, Mach-O, MSI"},
	[TF_EXEC_FORMAT] = {"triage_exec_format", S, "pe, elf, macho, msi"},
	[TF_IS_SCRIPT] = {"triage_is_script", B, "a script, by name or by content"},
	[TF_SCRIPT_KIND] = {"triage_script_kind", S, "js, jse, vbs, vbe, wsf, wsh, hta, ps1, bat, cmd, scr, sct, ..."},
	[TF_IS_SHORTCUT] = {"triage_is_shortcut", B, "a Windows shortcut: .lnk (by header), .url or .scf"},
	[TF_IS_DISK_IMAGE] = {"triage_is_disk_image", B, "a disk image: ISO 9660, UDF, VHD/VHDX, DMG, raw FAT image"},
	[TF_IS_ONENOTE] = {"triage_is_onenote", B, "a OneNote section (.one), by its GUID"},
	[TF_IS_HTML] = {"triage_is_html", B, "an HTML document or HTML body"},
	[TF_IS_ARCHIVE] = {"triage_is_archive", B, "an archive or compressed stream"},
	[TF_IS_OFFICE] = {"triage_is_office", B, "an Office document (OLE2, OOXML, RTF, SLK)"},
	[TF_NAME_BIDI] = {"triage_name_bidi", B, "the name contains bidi controls (U+202A-202E, U+2066-2069)"},
	[TF_NAME_DOUBLE_EXT] = {"triage_name_double_ext", B, "the name has a decoy extension before an executable or script one (x.pdf.exe)"},
	[TF_TYPE_MISMATCH] = {"triage_type_mismatch", B, "the name's extension claims a harmless type but the content is executable or script"},
	[TF_ENCRYPTED] = {"triage_encrypted", B, "encrypted and not opened with any password from the message"},
	[TF_DECRYPTED] = {"triage_decrypted", B, "encrypted, opened with a password found in the message"},
	[TF_CORRUPT] = {"triage_corrupt", B, "could not be parsed completely (truncated or malformed)"},
	[TF_LIMIT_EXCEEDED] = {"triage_limit_exceeded", B, "a limit stopped the analysis of this object"},
	[TF_LIMIT_NAME] = {"triage_limit_name", S, "name of the limit that was exceeded (max_depth, max_ratio, ...)"},
	[TF_UNSCANNED] = {"triage_unscanned", S, "\"\" or why the object was not fully read: encrypted, limit, corrupt"},
	[TF_MEMBERS] = {"triage_members", I, "number of members of an archive"},
	[TF_PASSWORD_CANDIDATES] = {"triage_password_candidates", I, "passwords found in the message text (on the message)"},
	[TF_HAS_VBA] = {"triage_has_vba", B, "the document carries a VBA project"},
	[TF_VBA_AUTOEXEC] = {"triage_vba_autoexec", B, "a VBA macro runs on open/close or on a control event"},
	[TF_VBA_WRITE] = {"triage_vba_write", B, "VBA writes files or downloads (mraptor W)"},
	[TF_VBA_EXECUTE] = {"triage_vba_execute", B, "VBA runs programs or creates objects (mraptor X)"},
	[TF_VBA_STOMPED] = {"triage_vba_stomped", B, "VBA p-code present with empty or mismatched source"},
	[TF_IS_VBA_MODULE] = {"triage_is_vba_module", B, "this object is the decompressed source of a VBA module"},
	[TF_HAS_XLM] = {"triage_has_xlm", B, "the workbook has Excel 4.0 (XLM) macro sheets or formulas"},
	[TF_XLM_HIDDEN] = {"triage_xlm_hidden", B, "an XLM macro sheet is hidden or very hidden"},
	[TF_XLM_AUTOEXEC] = {"triage_xlm_autoexec", B, "an Auto_Open/Auto_Close name starts XLM macros"},
	[TF_OFFICE_ENCRYPTED] = {"triage_office_encrypted", B, "an encrypted Office document not decrypted"},
	[TF_OFFICE_DECRYPTED] = {"triage_office_decrypted", B, "an encrypted Office document decrypted with a known password"},
	[TF_TEMPLATE_INJECTION] = {"triage_template_injection", B, "attachedTemplate (or similar) relationship to a remote target"},
	[TF_EXTERNAL_LINK] = {"triage_external_link", B, "a relationship with TargetMode=External to http(s)/file/UNC"},
	[TF_DDE] = {"triage_dde", B, "DDE / DDEAUTO field or formula"},
	[TF_EMBEDDED_OBJECTS] = {"triage_embedded_objects", I, "embedded OLE objects or packages in the document"},
	[TF_IS_EMBEDDED] = {"triage_is_embedded", B, "this object was embedded in a document"},
	[TF_OLE_CLASS] = {"triage_ole_class", S, "OLE class name / ProgID (Package, Equation.3, ...)"},
	[TF_RTF_OBJECTS] = {"triage_rtf_objects", I, "\\object groups in an RTF document"},
	[TF_ONENOTE_EMBEDDED] = {"triage_onenote_embedded", I, "embedded files in a OneNote section"},
	[TF_LNK_TARGET] = {"triage_lnk_target", S, "shortcut target path"},
	[TF_LNK_ARGS] = {"triage_lnk_args", S, "shortcut command-line arguments"},
	[TF_LNK_WORKDIR] = {"triage_lnk_workdir", S, "shortcut working directory"},
};

/* The definition of fact f, or NULL when out of range. */
const triage_fact_def *
triage_fact_get(triage_fact f)
{
	if ((int)f < 0 || f >= TF_COUNT || facts[f].name == NULL)
		return NULL;
	return &facts[f];
}
