/*
 * filename.yar - names that hide what a file really is.
 *
 * triage_name_bidi: the name has bidi controls (U+202A-202E, U+2066-2069)
 *   that reverse how it is displayed: "invoice_<RLO>fdp.exe" reads
 *   "invoice_exe.pdf".
 * triage_name_double_ext: a document extension before a program, script,
 *   shortcut or disk image one, also with padding between them
 *   ("report.pdf.exe", "scan.jpg      .js", "order.pdf.iso").
 * triage_type_mismatch: the extension (or, without one, the declared MIME
 *   type) promises a document, image or text, but the content is a program,
 *   a shortcut, or an HTA/WSF/encoded script.  Harmless mix-ups (.doc that
 *   is RTF, .xls that is HTML, .jpg that is PNG) do not count.
 */

rule Filename_RTLO
{
	meta:
		category = "filename-rtlo"
		severity = "critical"
		description = "The file name uses hidden characters to disguise its real extension"

	condition:
		triage_name_bidi
}

rule Filename_Double_Extension
{
	meta:
		category = "filename-double-extension"
		severity = "high"
		description = "The file name pretends to be a document but ends in a program extension"

	condition:
		triage_name_double_ext
}

rule Type_Mismatch
{
	meta:
		category = "type-mismatch"
		severity = "critical"
		description = "The file claims to be a document or picture but is really a program or shortcut"

	condition:
		triage_type_mismatch
}
