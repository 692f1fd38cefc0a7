/*
 * office_docs.yar - RTF embedded objects and encrypted Office documents.
 *
 * Facts come from src/lib/office/rtf.c and crypto.c.  A document decrypted
 * with VelvetSweatshop or a password from the message is analysed like any
 * document (its decrypted child, kind "decrypted", or the decrypted
 * Workbook stream), and the rules that match the content (macros, links,
 * objects) say what matters; the encryption itself is reported at low
 * severity (Office_Encrypted_Decrypted below).
 */

rule RTF_Embedded_Object
{
	meta:
		category = "rtf-object"
		severity = "high"
		description = "RTF document with embedded OLE objects (\\object groups), the classic exploit carrier"
	condition:
		triage_type == "rtf" and triage_rtf_objects > 0
}

rule RTF_Object_Data_Without_Object
{
	meta:
		category = "rtf-object"
		severity = "high"
		description = "RTF document with object data (\\objdata or \\objupdate) outside a regular \\object group"
	strings:
		$objdata = "\\objdata"
		$objupdate = "\\objupdate"
	condition:
		triage_type == "rtf" and triage_rtf_objects == 0 and any of them
}

rule Office_Encrypted_Not_Decrypted
{
	meta:
		category = "office-encrypted"
		severity = "medium"
		description = "Password-protected Office document that no known password opened: its content was not checked"
	condition:
		triage_office_encrypted and not triage_office_decrypted
}

/*
 * An encrypted document that was opened (Excel's built-in "VelvetSweatshop"
 * password, or a password written in the message) is still reported, at low
 * severity: encryption with the default password is a known way to hide
 * macros from filters, and the reader should know the file is protected.
 * What was found inside is judged by its own findings.
 */
rule Office_Encrypted_Decrypted
{
	meta:
		category = "office-encrypted"
		severity = "low"
		description = "Password-protected Office document, opened with a known password and checked"
	condition:
		triage_office_encrypted and triage_office_decrypted
}
