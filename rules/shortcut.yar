/*
 * shortcut.yar - Windows shortcuts, a common first stage since Office
 * blocks macros from the internet.
 *
 * triage_is_shortcut: a .lnk file recognised by its header (whatever its
 * name), an Internet shortcut (.url, "[InternetShortcut]") or a Shell
 * command file (.scf, "[Shell]" + "Command=").  For .lnk files the Office
 * analyzer also sets triage_lnk_target / triage_lnk_args, e.g. to write
 * a stricter rule on  triage_lnk_target matches /powershell|mshta|cmd\.exe/i
 */

rule Shortcut_File
{
	meta:
		category = "shortcut"
		severity = "critical"
		description = "A Windows shortcut: opening it can start a program or a download"

	condition:
		triage_is_shortcut
}
