/* filetype_text.c - content checks on text: scripts, shortcuts, HTML, mail. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "filetype_int.h"

/* ASCII case-insensitive search for needle in hay[0..n). */
const unsigned char *
triage_ft_memcasemem(const unsigned char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0 || m > n)
		return NULL;
	unsigned char lo = (unsigned char)g_ascii_tolower(needle[0]);
	unsigned char up = (unsigned char)g_ascii_toupper(needle[0]);
	for (size_t i = 0; i + m <= n; i++) {
		if (hay[i] != lo && hay[i] != up)
			continue;
		if (g_ascii_strncasecmp((const char *)hay + i, needle, m) == 0)
			return hay + i;
	}
	return NULL;
}

/* Search only the first `win` bytes. */
static bool
has(const unsigned char *d, size_t n, size_t win, const char *needle)
{
	return triage_ft_memcasemem(d, n < win ? n : win, needle) != NULL;
}

/* Skip a UTF-8 BOM and white space; offset of the first significant byte. */
static size_t
skip_ws(const unsigned char *d, size_t n)
{
	size_t i = 0;
	if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		i = 3;
	while (i < n && i < 4096 && g_ascii_isspace(d[i]))
		i++;
	return i;
}

/* Skip an XML declaration and comments before the first element. */
static size_t
skip_xml_prolog(const unsigned char *d, size_t n)
{
	size_t i = skip_ws(d, n);
	for (int rounds = 0; rounds < 16 && i < n; rounds++) {
		const char *end = NULL;
		if (n - i >= 2 && memcmp(d + i, "<?", 2) == 0)
			end = "?>";
		else if (n - i >= 4 && memcmp(d + i, "<!--", 4) == 0)
			end = "-->";
		if (end == NULL)
			break;
		const unsigned char *e = triage_ft_memcasemem(d + i, n - i, end);
		if (e == NULL)
			return n;
		i = (size_t)(e - d) + strlen(end);
		while (i < n && g_ascii_isspace(d[i]))
			i++;
	}
	return i;
}

/* True when the text at d+i starts with s (ASCII, any case). */
static bool
starts(const unsigned char *d, size_t n, size_t i, const char *s)
{
	size_t m = strlen(s);
	return i <= n && n - i >= m &&
	       g_ascii_strncasecmp((const char *)d + i, s, m) == 0;
}

/* UTF-16LE text (after its BOM) starting with the ASCII string s. */
static bool
starts16(const unsigned char *d, size_t n, const char *s)
{
	size_t m = strlen(s);
	if (n < 2 + 2 * m || d[0] != 0xFF || d[1] != 0xFE)
		return false;
	for (size_t k = 0; k < m; k++)
		if (d[2 + 2 * k] != (unsigned char)s[k] || d[3 + 2 * k] != 0)
			return false;
	return true;
}

/* Markers that make a file a script whatever its name says. */
const char *
triage_ft_script_strong(const unsigned char *d, size_t n)
{
	/* CHM: compiled HTML help runs scripts when opened. */
	if (n >= 8 && memcmp(d, "ITSF\3\0\0\0", 8) == 0)
		return "chm";
	/* Windows Script Encoder output (.vbe/.jse) starts its blocks like this. */
	if (has(d, n, FT_TEXT_WINDOW, "#@~^"))
		return "vbe";
	size_t i = skip_xml_prolog(d, n);
	if (starts(d, n, i, "<job") || starts(d, n, i, "<package")) {
		if (has(d + i, n - i, FT_TEXT_WINDOW, "<script"))
			return "wsf";
	}
	if (starts(d, n, i, "<MMC_ConsoleFile"))
		return "msc";
	if (has(d, n, FT_TEXT_WINDOW, "<hta:application"))
		return "hta";
	size_t j = skip_ws(d, n);
	if (starts(d, n, j, "Windows Registry Editor Version") ||
	    starts(d, n, j, "REGEDIT4") ||
	    starts16(d, n, "Windows Registry Editor Version"))
		return "reg";
	return NULL;
}

/* PowerShell idioms that do not occur in ordinary prose. */
static const char *const ps_tokens[] = {
	"Invoke-Expression", "Invoke-WebRequest", "New-Object Net.WebClient",
	"New-Object System.Net.WebClient", "DownloadString(", "DownloadFile(",
	"FromBase64String(", "Set-ExecutionPolicy", "Start-Process ",
	"-EncodedCommand", "Add-Type ", "[System.Reflection.Assembly]",
	"Get-ChildItem ", "Write-Host ", "$env:", "IEX (", "IEX(",
};

/* "@echo off" batch files and PowerShell with several typical idioms. */
const char *
triage_ft_script_weak(const unsigned char *d, size_t n)
{
	size_t i = skip_ws(d, n);
	if (starts(d, n, i, "@echo off"))
		return "bat";
	if (starts(d, n, i, "#!/usr/bin/env pwsh") ||
	    starts(d, n, i, "#!/usr/bin/pwsh") ||
	    starts(d, n, i, "#requires -version") ||
	    starts(d, n, i, "#Requires -Modules"))
		return "ps1";
	if (!memchr(d, '-', n < FT_TEXT_WINDOW ? n : FT_TEXT_WINDOW) &&
	    !memchr(d, '$', n < FT_TEXT_WINDOW ? n : FT_TEXT_WINDOW))
		return NULL;
	int hits = 0;
	for (size_t k = 0; k < G_N_ELEMENTS(ps_tokens) && hits < 3; k++)
		if (has(d, n, FT_TEXT_WINDOW, ps_tokens[k]))
			hits++;
	return hits >= 3 ? "ps1" : NULL;
}

/* Internet shortcut (.url) or Shell command file (.scf) by content. */
const char *
triage_ft_shortcut_text(const unsigned char *d, size_t n)
{
	size_t i = skip_ws(d, n);
	if (starts(d, n, i, "[InternetShortcut]") ||
	    starts(d, n, i, "[{000214A0-0000-0000-C000-000000000046}]"))
		return "url";
	if (starts(d, n, i, "[Shell]") && has(d, n, 4096, "Command="))
		return "scf";
	return NULL;
}

/* HTML start tags near the start of the text. */
bool
triage_ft_html_sniff(const unsigned char *d, size_t n)
{
	size_t i = skip_xml_prolog(d, n);
	static const char *const lead[] = {
		"<!doctype html", "<html", "<head", "<body", "<script", "<meta",
		"<iframe", "<form", "<div", "<title", "<style",
	};
	for (size_t k = 0; k < G_N_ELEMENTS(lead); k++)
		if (starts(d, n, i, lead[k]))
			return true;
	/* A short preamble (text, a comment) before <html> still renders as HTML. */
	return has(d, n, 1024, "<html") || has(d, n, 1024, "<!doctype html");
}

/* An SVG image: its root element (after the prolog and doctype) is <svg. */
bool
triage_ft_svg_sniff(const unsigned char *d, size_t n)
{
	size_t i = skip_xml_prolog(d, n);
	if (starts(d, n, i, "<!doctype svg")) {
		const unsigned char *e = memchr(d + i, '>', n - i);
		if (e == NULL)
			return false;
		i = skip_xml_prolog(e + 1, n - (size_t)(e + 1 - d)) + (size_t)(e + 1 - d);
	}
	return starts(d, n, i, "<svg");
}

/* SVG with a script element (runs in the browser like HTML). */
bool
triage_ft_svg_script(const unsigned char *d, size_t n)
{
	return has(d, n, FT_TEXT_WINDOW, "<script");
}

/* Header names that start a mail message. */
static const char *const mail_headers[] = {
	"From:", "To:", "Subject:", "Date:", "Message-ID:", "MIME-Version:",
	"Received:", "Return-Path:", "Content-Type:", "Delivered-To:", "Cc:",
	"Reply-To:", "X-", "DKIM-Signature:", "Authentication-Results:",
};

/* Count header-like lines with known names in the first 4 KB. */
bool
triage_ft_mail_sniff(const unsigned char *d, size_t n)
{
	size_t lim = n < 4096 ? n : 4096, i = 0;
	int known = 0;
	if (starts(d, n, 0, "From ")) { /* mbox separator line */
		const unsigned char *nl = memchr(d, '\n', lim);
		if (nl == NULL)
			return false;
		i = (size_t)(nl - d) + 1;
	}
	/* The first line must be a header field: name, colon. */
	size_t k = i;
	while (k < lim && d[k] > 32 && d[k] < 127 && d[k] != ':')
		k++;
	if (k == i || k >= lim || d[k] != ':')
		return false;
	while (i < lim) {
		if (d[i] == '\n' || (d[i] == '\r' && i + 1 < lim && d[i + 1] == '\n'))
			break; /* end of the header block */
		if (d[i] != ' ' && d[i] != '\t') {
			for (size_t h = 0; h < G_N_ELEMENTS(mail_headers); h++)
				if (starts(d, lim, i, mail_headers[h])) {
					known++;
					break;
				}
		}
		const unsigned char *nl = memchr(d + i, '\n', lim - i);
		if (nl == NULL)
			break;
		i = (size_t)(nl - d) + 1;
	}
	return known >= 2;
}

/* BinHex 4.0: its banner line near the start (mail and news software adds text before it). */
bool
triage_ft_binhex_sniff(const unsigned char *d, size_t n)
{
	return has(d, n, 4096, "(This file must be converted with BinHex");
}
