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

/*
 * DDE in Office formats that arrive as plain text and have no reader of
 * their own: a CSV (Excel evaluates "=cmd|' /c calc'!A0" when it opens the
 * file, oletools' dde-in-csv), and Word / Excel 2003 XML or flat-XML
 * documents whose field codes and formulas are readable text.  Message
 * bodies are left alone: a formula quoted in a mail runs nowhere.
 */
rule Office_DDE_Text
{
	meta:
		category = "office-dde"
		severity = "high"
		description = "Office XML document (Word 2003 XML, SpreadsheetML) with a DDE formula or field that starts another program when the file is opened"
	strings:
		/* Word 2003 XML / flat OPC field codes (split runs start with "DDE" too). */
		$instr = /<w:instrText[^>]{0,100}>\s{0,32}DDE(AUTO)?\b/ nocase
		$simple = /w:instr="\s{0,32}DDE(AUTO)?\b/ nocase
		/* SpreadsheetML 2003 formulas. */
		$ssml = /Formula="[=+\-@][A-Za-z0-9_.\\ ]{1,64}\|[^"|]{0,512}!/ nocase
	condition:
		/*
		 * CSV cells (=cmd|' /c calc'!A0) are judged in C
		 * (src/lib/formats_textdde.c), which sets triage_dde and so
		 * fires Office_DDE: a regex over every object cost more than
		 * the rest of the rules together.
		 */
		not triage_is_body and
		(triage_type == "text" or triage_type == "html") and
		($instr or $simple or $ssml)
}
