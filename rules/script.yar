/*
 * script.yar - script files that Windows runs on double-click.
 *
 * triage_is_script is set by the file name's extension (js jse vbs vbe wsf
 * wsh hta ps1 psm1 psd1 bat cmd scr sct vb wsc reg msc chm jar
 * settingcontent-ms appref-ms application) and by content that is
 * unmistakable whatever the name: script-encoded blocks ("#@~^"), WSF
 * <job>/<package>, <hta:application>, registry files, MMC console files,
 * compiled HTML help, and, for files without a plain-text extension,
 * "@echo off" batch files and PowerShell with several typical idioms.
 * Message bodies (text/plain, text/html) are never scripts.
 * triage_script_kind names the kind (js, vbs, hta, ps1, bat, jar, ...).
 *
 * Example adaptation, to let .reg files through as a warning only: copy
 * this rule into your own file with
 *     triage_is_script and triage_script_kind == "reg"
 * and severity "medium", and add  and triage_script_kind != "reg"  here.
 */

rule Script_File
{
	meta:
		category = "script"
		severity = "critical"
		description = "A script file: opening it runs commands on the computer"

	condition:
		triage_is_script and not triage_is_body and not triage_is_vba_module
}
