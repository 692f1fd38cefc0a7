/*
 * executable.yar - programs sent by mail.
 *
 * triage_is_executable is set by type detection from the file's own bytes
 * (never from its name): Windows PE (.exe .dll .scr .cpl, also DOS MZ),
 * Linux ELF, macOS Mach-O (thin and universal), Windows Installer
 * (.msi/.msp) and APPX/MSIX app packages.  triage_exec_format tells which.
 *
 * To allow one kind through (e.g. Linux programs between your own servers),
 * add a condition such as: and triage_exec_format != "elf"
 */

rule Executable_File
{
	meta:
		category = "executable"
		severity = "critical"
		description = "A program file: opening it runs code on the computer"

	condition:
		// Macro source text extracted from a document is never a program,
		// whatever bytes it quotes; the macro rules judge it instead.
		triage_is_executable and not triage_is_vba_module
}

/*
 * An archive member named as a Windows program whose data could not be
 * unpacked (a compression method libarchive lacks: PKWARE implode,
 * deflate64; or a damaged member).  Its bytes were never checked, and a
 * program is what the name promises: treat it as one.  Other unreadable
 * members stay "corrupt" (low).
 */
rule Executable_Member_Unreadable
{
	meta:
		category = "executable"
		severity = "critical"
		description = "An archive member named as a program that could not be unpacked and checked"
	condition:
		triage_kind == "member" and triage_corrupt and
		triage_ext matches /^(exe|scr|com|pif|cpl|dll|msi|sys|ocx)$/
}
