/*
 * office_embedded.yar - objects embedded in Office documents.
 *
 * Readers count embedded OLE objects and packages into
 * triage_embedded_objects on the document (Word ObjectPool, Excel MBD
 * storages, PowerPoint ExOleObjStg, OOXML embeddings) and add each object
 * as a child of kind "embedded" (an OLE Package gives the packaged file
 * itself, so the executable, script and shortcut rules see it).
 */

rule Office_Embedded_Object
{
	meta:
		category = "office-embedded-object"
		severity = "medium"
		description = "Office document with embedded objects (files or other documents inside it)"
	condition:
		triage_embedded_objects > 0
}
