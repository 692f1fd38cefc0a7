/* scen_build.c - whole test messages and archives for the scenario tests. */
#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <gsf/gsf-utils.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-outfile-msole.h>

#include "scen_build.h"

/* Growing output buffer for the libarchive writer. */
static la_ssize_t
grow_cb(struct archive *a, void *user, const void *buf, size_t len)
{
	(void)a;
	g_byte_array_append(user, buf, (guint)len);
	return (la_ssize_t)len;
}

GBytes *
sb_archive(sb_format fmt, const sb_member *m, size_t n, const char *encryption,
	   const char *passphrase)
{
	GByteArray *ba = g_byte_array_new();
	struct archive *a = archive_write_new();
	int r = ARCHIVE_OK;
	switch (fmt) {
	case SB_ZIP:
		r = archive_write_set_format_zip(a);
		break;
	case SB_ZIP_STORE:
		r = archive_write_set_format_zip(a);
		if (r == ARCHIVE_OK)
			r = archive_write_set_options(a, "zip:compression=store");
		break;
	case SB_7Z:
		r = archive_write_set_format_7zip(a);
		break;
	case SB_TAR:
		r = archive_write_set_format_pax_restricted(a);
		break;
	case SB_TGZ:
		r = archive_write_set_format_pax_restricted(a);
		if (r == ARCHIVE_OK)
			r = archive_write_add_filter_gzip(a);
		break;
	case SB_ISO:
		r = archive_write_set_format_iso9660(a);
		break;
	case SB_GZ:
		r = archive_write_set_format_raw(a);
		if (r == ARCHIVE_OK)
			r = archive_write_add_filter_gzip(a);
		n = n > 0 ? 1 : 0;
		break;
	}
	g_assert(r == ARCHIVE_OK);
	if (encryption) {
		char *opt = g_strdup_printf("zip:encryption=%s", encryption);
		g_assert(archive_write_set_options(a, opt) == ARCHIVE_OK);
		g_free(opt);
		g_assert(archive_write_set_passphrase(a, passphrase) == ARCHIVE_OK);
	}
	/* libarchive's ISO writer wants the block size left alone. */
	if (fmt != SB_ISO && fmt != SB_GZ)
		archive_write_set_bytes_per_block(a, 0);
	g_assert(archive_write_open2(a, ba, NULL, grow_cb, NULL, NULL) == ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname_utf8(e, m[i].name);
		archive_entry_set_mtime(e, 1718000000, 0);
		if (m[i].data == NULL) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			g_assert(archive_write_header(a, e) == ARCHIVE_OK);
		} else {
			gsize len = 0;
			const void *d = g_bytes_get_data(m[i].data, &len);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)len);
			g_assert(archive_write_header(a, e) == ARCHIVE_OK);
			if (len > 0)
				g_assert(archive_write_data(a, d, len) == (la_ssize_t)len);
		}
		archive_entry_free(e);
	}
	g_assert(archive_write_close(a) == ARCHIVE_OK);
	archive_write_free(a);
	return g_byte_array_free_to_bytes(ba);
}

GBytes *
sb_archive1(sb_format fmt, const char *name, GBytes *data)
{
	sb_member m = { name, data };
	return sb_archive(fmt, &m, 1, NULL, NULL);
}

GBytes *
sb_zip_enc(const char *name, GBytes *data, const char *enc, const char *pw)
{
	sb_member m = { name, data };
	return sb_archive(SB_ZIP, &m, 1, enc, pw);
}

/* One zip member of `size` zero bytes, written in pieces. */
GBytes *
sb_zeros_zip(const char *name, size_t size)
{
	GByteArray *ba = g_byte_array_new();
	struct archive *a = archive_write_new();
	g_assert(archive_write_set_format_zip(a) == ARCHIVE_OK);
	archive_write_set_bytes_per_block(a, 0);
	g_assert(archive_write_open2(a, ba, NULL, grow_cb, NULL, NULL) == ARCHIVE_OK);
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	g_assert(archive_write_header(a, e) == ARCHIVE_OK);
	static const char zeros[65536];
	for (size_t done = 0; done < size;) {
		size_t k = MIN(sizeof zeros, size - done);
		g_assert(archive_write_data(a, zeros, k) == (la_ssize_t)k);
		done += k;
	}
	archive_entry_free(e);
	g_assert(archive_write_close(a) == ARCHIVE_OK);
	archive_write_free(a);
	return g_byte_array_free_to_bytes(ba);
}

/* ---- messages ---------------------------------------------------------- */

sb_msg *
sb_msg_new(const char *subject)
{
	sb_msg *m = g_new0(sb_msg, 1);
	m->top = g_string_new("");
	g_string_append(m->top,
		"Received: from mx.sender.example (mx.sender.example [192.0.2.7])\n"
		"\tby mx1.acme-corp.example (Postfix) with ESMTPS id 4A1B2C3D4E\n"
		"\tfor <k.tanaka@acme-corp.example>; Mon, 10 Jun 2024 09:12:00 +0900\n"
		"Date: Mon, 10 Jun 2024 09:12:00 +0900\n"
		"From: Sender <sender@sender.example>\n"
		"To: K Tanaka <k.tanaka@acme-corp.example>\n"
		"Message-ID: <scenario.1@sender.example>\n");
	g_string_append_printf(m->top, "Subject: %s\n", subject ? subject : "Documents");
	m->parts = g_ptr_array_new();
	m->outer_type = g_strdup("multipart/mixed");
	return m;
}

void
sb_msg_header(sb_msg *m, const char *line)
{
	g_string_append_printf(m->top, "%s\n", line);
}

/* Base64 with 76-column lines. */
static char *
b64_lines(GBytes *b)
{
	gsize len = 0;
	const guchar *d = g_bytes_get_data(b, &len);
	char *flat = g_base64_encode(d, len);
	GString *s = g_string_new("");
	size_t fl = strlen(flat);
	for (size_t i = 0; i < fl; i += 76) {
		g_string_append_len(s, flat + i, (gssize)MIN(76, fl - i));
		g_string_append_c(s, '\n');
	}
	g_free(flat);
	return g_string_free(s, FALSE);
}

void
sb_msg_part_raw(sb_msg *m, const char *headers, GBytes *data, bool base64)
{
	sb_part *p = g_new0(sb_part, 1);
	if (base64) {
		p->headers = g_strdup_printf("%s\nContent-Transfer-Encoding: base64", headers);
		char *enc = b64_lines(data);
		p->body = g_bytes_new_take(enc, strlen(enc));
	} else {
		p->headers = g_strdup(headers);
		p->body = g_bytes_ref(data);
	}
	g_ptr_array_add(m->parts, p);
}

GBytes *
sb_convert(const char *utf8, const char *charset)
{
	gsize out = 0;
	char *c = g_convert(utf8, -1, charset, "UTF-8", NULL, &out, NULL);
	g_assert(c != NULL);
	return g_bytes_new_take(c, out);
}

void
sb_msg_text(sb_msg *m, const char *subtype, const char *charset,
	    const char *utf8, bool base64)
{
	GBytes *b = sb_convert(utf8, charset);
	char *h = g_strdup_printf("Content-Type: text/%s; charset=\"%s\"%s", subtype,
				  charset, base64 ? "" :
				  "\nContent-Transfer-Encoding: 8bit");
	sb_msg_part_raw(m, h, b, base64);
	g_free(h);
	g_bytes_unref(b);
}

void
sb_msg_attach(sb_msg *m, const char *filename, const char *ctype, GBytes *data)
{
	char *h = g_strdup_printf("Content-Type: %s; name=\"%s\"\n"
				  "Content-Disposition: attachment;\n filename=\"%s\"",
				  ctype, filename, filename);
	sb_msg_part_raw(m, h, data, true);
	g_free(h);
}

GString *
sb_msg_finish(sb_msg *m)
{
	static const char *bnd = "=_scenario_boundary_7f3a";
	GString *s = m->top;
	g_string_append_printf(s, "MIME-Version: 1.0\nContent-Type: %s;\n boundary=\"%s\"\n\n"
			       "This is a multi-part message in MIME format.\n",
			       m->outer_type, bnd);
	for (guint i = 0; i < m->parts->len; i++) {
		sb_part *p = g_ptr_array_index(m->parts, i);
		gsize len = 0;
		const char *d = g_bytes_get_data(p->body, &len);
		g_string_append_printf(s, "\n--%s\n%s\n\n", bnd, p->headers);
		g_string_append_len(s, d, (gssize)len);
		if (len == 0 || d[len - 1] != '\n')
			g_string_append_c(s, '\n');
		g_free(p->headers);
		g_bytes_unref(p->body);
		g_free(p);
	}
	g_string_append_printf(s, "\n--%s--\n", bnd);
	g_ptr_array_free(m->parts, TRUE);
	g_free(m->outer_type);
	g_free(m);
	return s;
}

GString *
sb_mail1(const char *body, const char *filename, const char *ctype, GBytes *data)
{
	sb_msg *m = sb_msg_new("Documents");
	sb_msg_text(m, "plain", "utf-8", body ? body : "Please see the attached file.\n", false);
	sb_msg_attach(m, filename, ctype, data);
	return sb_msg_finish(m);
}

char *
sb_2047(const char *utf8, const char *charset)
{
	GBytes *b = sb_convert(utf8, charset);
	gsize len = 0;
	const guchar *d = g_bytes_get_data(b, &len);
	char *enc = g_base64_encode(d, len);
	char *w = g_strdup_printf("=?%s?B?%s?=", charset, enc);
	g_free(enc);
	g_bytes_unref(b);
	return w;
}

char *
sb_2231(const char *utf8, const char *charset)
{
	GBytes *b = sb_convert(utf8, charset);
	gsize len = 0;
	const guchar *d = g_bytes_get_data(b, &len);
	GString *s = g_string_new(charset);
	g_string_append(s, "''");
	for (gsize i = 0; i < len; i++) {
		if (g_ascii_isalnum(d[i]) || d[i] == '.' || d[i] == '_' || d[i] == '-')
			g_string_append_c(s, (char)d[i]);
		else
			g_string_append_printf(s, "%%%02X", d[i]);
	}
	g_bytes_unref(b);
	return g_string_free(s, FALSE);
}

/* ---- stand-ins ---------------------------------------------------------- */

static void
put_le32(guint8 *p, guint32 v)
{
	p[0] = v & 0xFF; p[1] = (v >> 8) & 0xFF; p[2] = (v >> 16) & 0xFF; p[3] = v >> 24;
}

GBytes *
sb_pe(void)
{
	guint8 *b = g_malloc0(1024);
	b[0] = 'M'; b[1] = 'Z';
	memcpy(b + 0x4E, "This program cannot be run in DOS mode.\r\r\n$", 43);
	put_le32(b + 0x3C, 0x80);
	memcpy(b + 0x80, "PE\0\0", 4);
	b[0x84] = 0x4C; b[0x85] = 0x01;   /* i386 */
	b[0x86] = 1;                      /* one section */
	b[0x94] = 0xE0;                   /* optional header size */
	b[0x96] = 0x02; b[0x97] = 0x01;   /* executable image, 32-bit */
	b[0x98] = 0x0B; b[0x99] = 0x01;   /* PE32 magic */
	memcpy(b + 0x178, "UPX0", 4);     /* section name as a packer leaves it */
	return g_bytes_new_take(b, 1024);
}

GBytes *
sb_lnk(void)
{
	static const guint8 clsid[16] = {0x01, 0x14, 0x02, 0, 0, 0, 0, 0,
					 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
	guint8 *b = g_malloc0(256);
	put_le32(b, 0x4C);
	memcpy(b + 4, clsid, 16);
	put_le32(b + 0x14, 0x00000008);   /* HasRelativePath */
	/* relative path StringData: count + UTF-16 (no unicode flag: ANSI) */
	static const char rel[] = ".\\invoice.pdf.exe";
	b[0x4C] = (guint8)(sizeof rel - 1);
	memcpy(b + 0x4E, rel, sizeof rel - 1);
	return g_bytes_new_take(b, 256);
}

GBytes *
sb_msi(void)
{
	static const unsigned char clsid[16] = {0x84, 0x10, 0x0C, 0x00, 0, 0, 0, 0,
						0xC0, 0, 0, 0, 0, 0, 0, 0x46};
	GsfOutput *mem = gsf_output_memory_new();
	GsfOutfile *ole = gsf_outfile_msole_new(mem);
	gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(ole), clsid);
	GsfOutput *s = gsf_outfile_new_child(ole, "\xe4\xa1\x80\xe3\xbf\xbf", FALSE);
	gsf_output_write(s, 11, (const guint8 *)"hello world");
	gsf_output_close(s);
	g_object_unref(s);
	gsf_output_close(GSF_OUTPUT(ole));
	g_object_unref(ole);
	GBytes *out = g_bytes_new(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
				  (gsize)gsf_output_size(mem));
	g_object_unref(mem);
	return out;
}

GBytes *
sb_text(const char *s)
{
	return g_bytes_new(s, strlen(s));
}

GBytes *
sb_script(const char *ext)
{
	char *low = g_ascii_strdown(ext, -1);
	const char *s = NULL;
	if (!strcmp(low, "js"))
		s = "var sh = WScript.CreateObject(\"WScript.Shell\");\r\nWScript.Echo(\"test\");\r\n";
	else if (!strcmp(low, "jse") || !strcmp(low, "vbe"))
		s = "#@~^FAAAAA==W/rwDR2m4W`rYn/D\"#@~^FAAAAA==^#~@";
	else if (!strcmp(low, "vbs") || !strcmp(low, "vb"))
		s = "Dim s\r\nSet s = CreateObject(\"WScript.Shell\")\r\nWScript.Echo \"test\"\r\n";
	else if (!strcmp(low, "wsf"))
		s = "<?xml version=\"1.0\"?>\r\n<package><job id=\"a\"><script language=\"JScript\">"
		    "WScript.Echo(\"test\");</script></job></package>\r\n";
	else if (!strcmp(low, "wsh"))
		s = "[ScriptFile]\r\nPath=C:\\Users\\Public\\a.js\r\n[Options]\r\nTimeout=0\r\n";
	else if (!strcmp(low, "hta"))
		s = "<html><head><hta:application id=\"app\" windowstate=\"minimize\"/>"
		    "<script language=\"VBScript\">MsgBox \"test\"</script></head></html>\r\n";
	else if (!strcmp(low, "ps1"))
		s = "$ErrorActionPreference = 'SilentlyContinue'\r\nWrite-Host \"test\"\r\n";
	else if (!strcmp(low, "bat") || !strcmp(low, "cmd"))
		s = "@echo off\r\necho test\r\n";
	else if (!strcmp(low, "url"))
		s = "[InternetShortcut]\r\nURL=file://192.0.2.10/share/invoice.exe\r\n";
	else if (!strcmp(low, "scf"))
		s = "[Shell]\r\nCommand=2\r\nIconFile=\\\\192.0.2.10\\share\\icon.ico\r\n"
		    "[Taskbar]\r\nCommand=ToggleDesktop\r\n";
	else
		s = "echo test\r\n";
	g_free(low);
	return sb_text(s);
}
