/*
 * archive.yar - password-protected archives.
 *
 * triage_encrypted: the archive (or a member of it) is encrypted and none
 * of the passwords found in the message text opened it, so its content was
 * not checked.  triage_decrypted: it was opened with a password from the
 * message and its content was checked like any other (the finding only
 * records that; the content's own findings decide).
 * Encrypted Office documents have their own rules (office-encrypted).
 */

rule Archive_Encrypted
{
	meta:
		category = "archive-encrypted"
		severity = "medium"
		description = "A password-protected archive whose contents could not be checked"

	condition:
		triage_encrypted and (triage_is_archive or triage_kind == "member")
}

rule Archive_Decrypted
{
	meta:
		category = "archive-decrypted"
		severity = "low"
		description = "A password-protected archive, opened with the password given in the message"

	condition:
		triage_decrypted and (triage_is_archive or triage_kind == "member")
}
