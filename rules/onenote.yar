/*
 * onenote.yar - OneNote sections with embedded files (2023 wave of
 * OneNote droppers: a "double-click to view" picture over an embedded
 * .hta/.bat/.exe).
 *
 * triage_is_onenote is set from the section's file GUID; the OneNote
 * reader counts embedded files in triage_onenote_embedded and adds them as
 * child objects (which the other rules judge).  The byte pattern is the
 * FileDataStoreObject header GUID {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC},
 * so the rule still works when the reader could not parse the section;
 * the DOS stub text catches a Windows program stored inline (web-export
 * sections keep file data without that header).
 */

rule OneNote_Embedded_File
{
	meta:
		category = "onenote-embedded"
		severity = "high"
		description = "A OneNote file that carries other files inside it"

	strings:
		$file_data_store = { E7 16 E3 BD 65 26 11 45 A4 C4 8D 4D 0B 7A 9E AC }
		$pe_stub = "This program cannot be run in DOS mode"

	condition:
		triage_is_onenote and
		(triage_onenote_embedded > 0 or $file_data_store or $pe_stub)
}
