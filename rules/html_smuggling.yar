/*
 * html_smuggling.yar - HTML that builds a file in the browser and offers it
 * as a download ("HTML smuggling"), so the file itself never crosses the
 * mail filter as an attachment.
 *
 * Matches on objects with triage_is_html: .html/.htm/.hta attachments,
 * HTML found in archives, text/html bodies and SVG images with scripts.
 * Two shapes are recognised:
 *  1. script that decodes data (atob / Uint8Array / charCodeAt loops),
 *     wraps it in a Blob and saves it (createObjectURL + download, or
 *     msSaveOrOpenBlob);
 *  2. a large base64 data: URI (2 KB or more) on a page with a download
 *     link.  (YARA 4.2 caps one regex match at 4096 bytes: keep the
 *     repetition below that.)
 * Obfuscated variants may escape these strings: the payload is also
 * decoded by no one here, so keep the severity high.
 */

rule HTML_Smuggling_Blob
{
	meta:
		category = "html-smuggling"
		severity = "high"
		description = "A web page that assembles a file on your computer and downloads it"

	strings:
		$dec1 = "atob(" ascii wide
		$dec2 = "Uint8Array" ascii wide
		$dec3 = "charCodeAt" ascii wide
		$blob = "Blob(" ascii wide
		$url = "createObjectURL" ascii wide
		$ms = "msSaveOrOpenBlob" ascii wide
		$dl1 = ".download" ascii wide
		$dl2 = "download=" ascii wide nocase
		$dl3 = "'download'" ascii wide
		$dl4 = "\"download\"" ascii wide

	condition:
		triage_is_html and any of ($dec*) and $blob and
		(($url and any of ($dl*)) or $ms)
}

rule HTML_Smuggling_Data_URI
{
	meta:
		category = "html-smuggling"
		severity = "high"
		description = "A web page with a large embedded file offered as a download"

	strings:
		$data = /data:[a-z]{2,20}\/[a-z0-9.+-]{1,80};base64,[A-Za-z0-9+\/]{2048}/ nocase
		$download = /<a\s[^>]{0,2000}download/ nocase

	condition:
		triage_is_html and $data and $download
}
