/*
 * office_xlm.yar - Excel 4.0 (XLM) macro sheets.
 *
 * The BIFF reader (and the OOXML reader for xl/macrosheets) sets
 * triage_has_xlm on the workbook when a macro sheet exists,
 * triage_xlm_hidden when one is hidden or very hidden, and
 * triage_xlm_autoexec for Auto_Open / Auto_Close names.  Each macro sheet
 * is a child of kind "xlm" holding its formulas as text ("R1C1: =EXEC(...)").
 */

rule Office_XLM_Macro
{
	meta:
		category = "macro-xlm"
		severity = "high"
		description = "Excel workbook with Excel 4.0 (XLM) macros, an old macro language abused by malware"
	condition:
		triage_has_xlm and triage_kind != "xlm"
}

rule Office_XLM_Hidden
{
	meta:
		category = "macro-xlm-hidden"
		severity = "critical"
		description = "Excel workbook with a hidden Excel 4.0 (XLM) macro sheet, a typical malware trick"
	condition:
		triage_has_xlm and triage_xlm_hidden and triage_kind != "xlm"
}

rule XLM_Dangerous_Functions
{
	meta:
		category = "xlm-indicator"
		severity = "info"
		description = "Excel 4.0 macro that runs programs, calls Windows functions or downloads files"
	strings:
		$exec = "EXEC(" nocase
		$call = "CALL(" nocase
		$reg = "REGISTER(" nocase
		$dl = "URLDownloadToFile" nocase
		$shell = "ShellExecute" nocase
	condition:
		triage_kind == "xlm" and any of them
}
