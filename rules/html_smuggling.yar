/*
 * html_smuggling.yar - HTML that builds a file in the browser and offers it
 * as a download ("HTML smuggling"), so the file itself never crosses the
 * mail filter as an attachment.
 *
 * Matches on objects with triage_is_html: .html/.htm/.hta attachments,
 * HTML found in archives, text/html bodies and SVG images with scripts.
 * Two shapes are recognised:
 *  1. script that decodes data (atob / Uint8Array / charCodeAt loops, or
 *     fetch() of a data: URI), wraps it in a Blob or File and saves it:
 *     createObjectURL + a download attribute, or + navigating to the blob
 *     URL (location = url), or msSaveOrOpenBlob / msSaveBlob;
 *  2. a large base64 data: URI (2 KB or more) behind a link with a
 *     download attribute.  (YARA 4.2 caps one regex match at 4096 bytes:
 *     keep repetitions below that.)  A payload larger than that cap does
 *     not fit between "<a" and "download" in one match, so the link is
 *     recognised by its start (<a ... href="data:) and any download
 *     attribute on the page; an application/* data URI with a download
 *     attribute anywhere counts too.  Inline images (<img src="data:...">)
 *     next to an ordinary download link do not.
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
		$dec4 = /fetch\s*\(\s*["'`]data:/ ascii wide
		// "new Blob([...])", "new Blob ([...])", "new File([...], name)",
		// and the blob of a fetch() response
		$blob1 = /Blob\s*\(/ ascii wide
		$blob2 = /new\s+File\s*\(\s*\[/ ascii wide
		$blob3 = /\.blob\(\s*\)/ ascii wide
		$url = "createObjectURL" ascii wide
		$ms1 = "msSaveOrOpenBlob" ascii wide
		$ms2 = "msSaveBlob" ascii wide
		$dl1 = ".download" ascii wide
		$dl2 = "download=" ascii wide nocase
		$dl3 = "'download'" ascii wide
		$dl4 = "\"download\"" ascii wide
		$dl5 = /[{,]\s*download\s*:/ ascii wide
		// opening the blob URL itself also downloads a file of a binary type
		$nav = /location(\.href)?\s*=\s*[A-Za-z_$][A-Za-z0-9_$]*\s*[;}\r\n]/ ascii wide
	condition:
		triage_is_html and any of ($dec*) and any of ($blob*) and
		(($url and (any of ($dl*) or $nav)) or any of ($ms*))
}

rule HTML_Smuggling_Data_URI
{
	meta:
		category = "html-smuggling"
		severity = "high"
		description = "A web page with a large embedded file offered as a download"
	strings:
		$data = /data:[a-z]{2,20}\/[a-z0-9.+-]{1,80};base64,[A-Za-z0-9+\/]{2048}/ nocase
		$data_app = /data:(application|octet)\/[a-z0-9.+-]{1,80};base64,[A-Za-z0-9+\/]{2048}/ nocase
		// a link whose target is a data: URI, with "download" before or after it
		$a_dl_data = /<a\s[^>]{0,300}download[^>]{0,300}href\s*=\s*["']?data:/ nocase
		$a_data = /<a\s[^>]{0,300}href\s*=\s*["']?data:/ nocase
		$dl_attr = /\sdownload\s*(=\s*["']?[^"'\s>]{1,200}|>)/ nocase
	condition:
		// an inline image next to an ordinary download link is a newsletter,
		// not smuggling: the link itself must point at the data
		triage_is_html and
		(($data and ($a_dl_data or ($a_data and $dl_attr))) or ($data_app and $dl_attr))
}
