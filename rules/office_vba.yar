/*
 * office_vba.yar - VBA macros in Office documents.
 *
 * The OLE reader extracts every VBA module (child objects of kind "vba")
 * and sets the mraptor-style facts on the document: triage_has_vba,
 * triage_vba_autoexec (runs on open/close or on a control event),
 * triage_vba_write (writes files, downloads) and triage_vba_execute
 * (starts programs, creates objects, calls DLLs).
 *
 * OpenDocument files (type odf) count as macro documents too: StarBasic
 * modules (children of kind "basic", segment "basic:<module>", marked
 * triage_is_vba_module so the evidence rules below read them) and
 * Python/JavaScript scripts in the package set triage_has_vba, because the
 * user is asked to enable them exactly like VBA and they run with the same
 * rights.  triage_vba_autoexec there means an event (OnLoad / dom:load, a
 * control event) bound to a macro, or VBA events in a module converted
 * with "Option VBASupport 1"; write/execute come from the same keyword
 * classifier as VBA (Shell, CreateObject...) plus SystemShellExecute,
 * CreateUnoService and SimpleFileAccess.
 *
 * The document rules skip the modules themselves and the vbaProject.bin
 * part of an OOXML file (kind "vbaproject"): the reader copies the facts to
 * the .docm/.xlsm/.pptm, so each document is reported once per category.
 */

rule Office_VBA_Macro
{
	meta:
		category = "macro-vba"
		severity = "medium"
		description = "Office document containing VBA macros"
	condition:
		triage_has_vba and not triage_is_vba_module and triage_kind != "vbaproject"
}

rule Office_VBA_AutoExec
{
	meta:
		category = "macro-vba-autoexec"
		severity = "high"
		description = "Office document with a macro that starts by itself (when the file is opened or closed, or a button or field is used)"
	condition:
		triage_has_vba and triage_vba_autoexec and not triage_is_vba_module and
		triage_kind != "vbaproject"
}

rule Office_VBA_Suspicious
{
	meta:
		category = "macro-vba-suspicious"
		severity = "critical"
		description = "Office document with a macro that starts by itself and writes files, downloads, or runs programs: the typical malware dropper"
	condition:
		triage_has_vba and triage_vba_autoexec and
		(triage_vba_write or triage_vba_execute) and
		not triage_is_vba_module and triage_kind != "vbaproject"
}

rule Office_VBA_Stomped
{
	meta:
		category = "macro-vba-stomped"
		severity = "high"
		description = "Office document whose compiled macro code (p-code) does not match its visible source: a trick to hide a macro from scanners"
	condition:
		triage_has_vba and triage_vba_stomped and not triage_is_vba_module and
		triage_kind != "vbaproject"
}

/*
 * Evidence in the source of one module.  Informational: these show in the
 * report next to the macro findings but do not change the verdict alone.
 */

rule VBA_Chr_Chain
{
	meta:
		category = "vba-obfuscation"
		severity = "info"
		description = "Macro builds text from long chains of Chr() codes, a common way to hide commands"
	strings:
		$chr = /Chr[WB]?\$?\(\s*&?[hH]?[0-9A-Fa-f]{1,4}\s*\)\s*[&+]\s*Chr[WB]?\$?\(\s*&?[hH]?[0-9A-Fa-f]{1,4}\s*\)\s*[&+]\s*Chr[WB]?\$?\(\s*&?[hH]?[0-9A-Fa-f]{1,4}\s*\)\s*[&+]\s*Chr/ nocase
	condition:
		triage_is_vba_module and $chr
}

rule VBA_StrReverse
{
	meta:
		category = "vba-obfuscation"
		severity = "info"
		description = "Macro reverses strings (StrReverse), a common way to hide commands and URLs"
	strings:
		$s = "StrReverse" nocase
	condition:
		triage_is_vba_module and $s
}

rule VBA_Base64_Blob
{
	meta:
		category = "vba-obfuscation"
		severity = "info"
		description = "Macro contains a long Base64 text, often an encoded program or script"
	strings:
		/*
		 * Anchored on the opening quote: YARA searches every string in
		 * every object whatever the condition says, and an unanchored
		 * run regex costs seconds on a large base64 attachment.
		 */
		$b64 = /"[A-Za-z0-9+\/]{200}/
	condition:
		triage_is_vba_module and $b64
}

rule VBA_PowerShell_Encoded
{
	meta:
		category = "vba-indicator"
		severity = "info"
		description = "Macro starts PowerShell with an encoded command"
	strings:
		$ps = /powershell(\.exe)?["' ].{0,60}\s-(e|ec|en|enc|enco|encod|encode|encoded|encodedc|encodedcommand)\s/ nocase
	condition:
		triage_is_vba_module and $ps
}

rule VBA_URL
{
	meta:
		category = "vba-indicator"
		severity = "info"
		description = "Macro contains a web address (download or callback location)"
	strings:
		$url = /https?:\/\/[A-Za-z0-9][A-Za-z0-9.\-]{2,}/ nocase
	condition:
		triage_is_vba_module and $url
}
