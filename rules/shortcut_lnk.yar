/*
 * shortcut_lnk.yar - what a Windows shortcut runs (facts from src/lib/office/lnk.c).
 *
 * Every .lnk already matches the filetype rules as a "shortcut" (critical);
 * this rule adds a description naming the launcher, so the admin sees at once
 * that the shortcut starts a command interpreter or a download tool.
 */

rule Shortcut_Runs_Interpreter
{
	meta:
		category = "shortcut"
		severity = "critical"
		description = "Shortcut that starts PowerShell, mshta, cmd /c, a script host, rundll32, regsvr32, certutil or bitsadmin"
	condition:
		triage_lnk_args matches /powershell|pwsh|mshta|cmd(\.exe)?"? *\/[ck]|wscript|cscript|rundll32|regsvr32|certutil|bitsadmin|curl(\.exe)? /i or
		triage_lnk_target matches /(powershell|pwsh|mshta|cmd|wscript|cscript|rundll32|regsvr32|certutil|bitsadmin)(\.exe)?$/i
}
