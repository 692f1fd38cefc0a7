/*
 * office_ooxml.yar - links and fields in Office documents that fetch or run
 * something from elsewhere when the document is opened.
 * Facts are set by the OOXML reader (src/lib/office/ooxml*.c), the SYLK
 * reader (slk.c) and the other Office readers.
 */

rule Office_Template_Injection
{
	meta:
		category = "office-template-injection"
		severity = "high"
		description = "Office document that downloads a template or remote content from the internet or a network share when it is opened (a common way to deliver macros)"
	condition:
		triage_template_injection
}

rule Office_External_Link
{
	meta:
		category = "office-external-link"
		severity = "medium"
		description = "Office document that links to an object, sub-document or file outside itself (on the internet or a network share)"
	condition:
		triage_external_link
}

rule Office_DDE
{
	meta:
		category = "office-dde"
		severity = "high"
		description = "Office document with a DDE field or formula that can start another program when the document is opened"
	condition:
		triage_dde
}
