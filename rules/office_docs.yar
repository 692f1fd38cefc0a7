/*
 * office_docs.yar - RTF embedded objects and encrypted Office documents.
 *
 * Facts come from src/lib/office/rtf.c and crypto.c.  A document decrypted
 * with VelvetSweatshop or a password from the message gets no finding of its
 * own on purpose: its decrypted child (kind "decrypted") is analysed like any
 * document, and the rules that match the content (macros, links, objects)
 * say what matters.  There is no "office-decrypted" category.
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
