/* make-macro-doc - write the harmless macro document of the sample mails.
 *
 * A Word 97 file whose VBA macro runs on open and starts a command that
 * only echoes a line: the shape of an Emotet dropper without any payload.
 * Used by tests/data/make-samples.py (developer tool, not run by tests):
 *   make-macro-doc > /tmp/invoice.doc
 */
#include "config.h"

#include <stdio.h>

#include "olefix.h"

int
main(void)
{
	olefix f;
	olefix_begin(&f);
	static const unsigned char fib[512] = {0xEC, 0xA5, 0xC1, 0x00};
	olefix_stream(f.root, "WordDocument", fib, sizeof fib);
	GsfOutfile *macros = olefix_storage(f.root, "Macros");
	olefix_module mods[] = {
		{"ThisDocument", "Attribute VB_Name = \"ThisDocument\"\r\n"
		 "Sub Document_Open()\r\n"
		 "    Shell \"cmd /c echo triage-milter sample macro\", vbHide\r\n"
		 "End Sub\r\n", NULL, 0, true},
	};
	olefix_vba_project(macros, mods, 1, true);
	olefix_close(macros);
	GByteArray *doc = olefix_end(&f);
	int rc = fwrite(doc->data, 1, doc->len, stdout) == doc->len ? 0 : 1;
	g_byte_array_free(doc, TRUE);
	return rc;
}
