/*
 * archive.yar - password-protected archives.
 *
 * triage_encrypted: the archive (some of its members) is encrypted and none
 * of the passwords found in the message text opened it, so its content was
 * not checked.  triage_decrypted: it was opened with a password from the
 * message and its content was checked like any other (the finding only
 * records that; the content's own findings decide).
 * Encrypted Office documents have their own rules (office-encrypted).
 * The unpacker marks the archive itself (and each encrypted member); the
 * rules match the archive only, so one archive gives one finding.
 */

rule Archive_Encrypted
{
	meta:
		category = "archive-encrypted"
		severity = "medium"
		description = "A password-protected archive whose contents could not be checked"

	condition:
		triage_encrypted and triage_is_archive
}

rule Archive_Decrypted
{
	meta:
		category = "archive-decrypted"
		severity = "low"
		description = "A password-protected archive, opened with the password given in the message"

	condition:
		triage_decrypted and triage_is_archive
}
