/* ft_fixtures.c - synthetic files built in memory for the filetype tests. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <gsf/gsf-utils.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-outfile-msole.h>

#include "ft_fixtures.h"

static void put_le32(guint8 *p, guint32 v)
{
	p[0] = v & 0xFF; p[1] = (v >> 8) & 0xFF; p[2] = (v >> 16) & 0xFF; p[3] = v >> 24;
}
static void put_be32(guint8 *p, guint32 v)
{
	p[0] = v >> 24; p[1] = (v >> 16) & 0xFF; p[2] = (v >> 8) & 0xFF; p[3] = v & 0xFF;
}

/* `total` zero bytes with `sig` copied to `off`. */
GBytes *
ft_at(size_t total, size_t off, const void *sig, size_t len)
{
	guint8 *b = g_malloc0(total);
	g_assert(off + len <= total);
	memcpy(b + off, sig, len);
	return g_bytes_new_take(b, total);
}

GBytes *
ft_str(const char *s)
{
	return g_bytes_new(s, strlen(s));
}

GBytes *
ft_pe(void)
{
	guint8 *b = g_malloc0(512);
	b[0] = 'M'; b[1] = 'Z';
	put_le32(b + 0x3C, 0x80);
	memcpy(b + 0x80, "PE\0\0", 4);
	b[0x84] = 0x4C; b[0x85] = 0x01;   /* i386 */
	return g_bytes_new_take(b, 512);
}

GBytes *
ft_elf(void)
{
	guint8 *b = g_malloc0(64);
	memcpy(b, "\x7F" "ELF\x02\x01\x01", 7);
	b[16] = 2; b[18] = 0x3E;          /* ET_EXEC, x86-64 */
	return g_bytes_new_take(b, 64);
}

GBytes *
ft_macho(void)
{
	guint8 *b = g_malloc0(64);
	memcpy(b, "\xCF\xFA\xED\xFE", 4);
	b[4] = 7; b[7] = 1;               /* CPU_TYPE_X86_64 (LE) */
	return g_bytes_new_take(b, 64);
}

GBytes *
ft_macho_fat(void)
{
	guint8 *b = g_malloc0(128);
	put_be32(b, 0xCAFEBABE);
	put_be32(b + 4, 2);
	put_be32(b + 8, 0x01000007);      /* x86_64 */
	put_be32(b + 28, 0x0100000C);     /* arm64 */
	return g_bytes_new_take(b, 128);
}

GBytes *
ft_java_class(void)
{
	guint8 *b = g_malloc0(64);
	put_be32(b, 0xCAFEBABE);
	put_be32(b + 4, 0x00000034);      /* minor 0, major 52 (Java 8) */
	return g_bytes_new_take(b, 64);
}

GBytes *
ft_ole_raw(void)
{
	guint8 *b = g_malloc0(2048);
	memcpy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	b[0x1A] = 0x3E; b[0x1C] = 0xFE; b[0x1D] = 0xFF;
	b[0x1E] = 9;                      /* 512-byte sectors */
	put_le32(b + 0x30, 0);            /* directory in sector 0 */
	memcpy(b + 512, "R\0o\0o\0t\0 \0E\0n\0t\0r\0y\0", 20);
	b[512 + 0x40] = 22;
	b[512 + 0x42] = 5;                /* root storage */
	return g_bytes_new_take(b, 2048);
}

GBytes *
ft_ole_gsf(const unsigned char clsid[16])
{
	GsfOutput *mem = gsf_output_memory_new();
	GsfOutfile *ole = gsf_outfile_msole_new(mem);
	if (clsid)
		gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(ole), clsid);
	GsfOutput *s = gsf_outfile_new_child(ole, "Stream", FALSE);
	gsf_output_write(s, 11, (const guint8 *)"hello world");
	gsf_output_close(s);
	g_object_unref(s);
	gsf_output_close(GSF_OUTPUT(ole));
	g_object_unref(ole);
	GBytes *out = g_bytes_new(gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
				  (gsize)gsf_output_size(mem));
	g_object_unref(mem); /* closing the OLE file closed its sink */
	return out;
}

/* Write entries (name, small content) with a libarchive writer. */
static GBytes *
la_write(int (*set_format)(struct archive *), int (*filter)(struct archive *),
	 const char *const *names, size_t n)
{
	size_t cap = 1 << 20, used = 0;
	guint8 *buf = g_malloc0(cap);
	struct archive *a = archive_write_new();
	g_assert(set_format(a) == ARCHIVE_OK);
	if (filter)
		g_assert(filter(a) == ARCHIVE_OK);
	g_assert(archive_write_open_memory(a, buf, cap, &used) == ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		const char *body = "<?xml version=\"1.0\"?><x/>";
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)strlen(body));
		g_assert(archive_write_header(a, e) == ARCHIVE_OK);
		g_assert(archive_write_data(a, body, strlen(body)) == (la_ssize_t)strlen(body));
		archive_entry_free(e);
	}
	g_assert(archive_write_close(a) == ARCHIVE_OK);
	archive_write_free(a);
	return g_bytes_new_take(g_realloc(buf, used ? used : 1), used);
}

GBytes *
ft_zip(const char *first, ...)
{
	const char *names[16];
	size_t n = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s && n < 16; s = va_arg(ap, const char *))
		names[n++] = s;
	va_end(ap);
	return la_write(archive_write_set_format_zip, NULL, names, n);
}

GBytes *
ft_7z(void)
{
	const char *names[] = {"a.txt"};
	return la_write(archive_write_set_format_7zip, NULL, names, 1);
}

GBytes *
ft_tar(void)
{
	const char *names[] = {"a.txt", "b.txt"};
	return la_write(archive_write_set_format_ustar, NULL, names, 2);
}

GBytes *
ft_tar_gz(void)
{
	const char *names[] = {"a.txt"};
	return la_write(archive_write_set_format_ustar, archive_write_add_filter_gzip,
			names, 1);
}

GBytes *
ft_iso(void)
{
	return ft_at(40 * 1024, 0x8000, "\x01" "CD001\x01", 7);
}

GBytes *
ft_udf(void)
{
	guint8 *b = g_malloc0(40 * 1024);
	memcpy(b + 0x8000, "\0BEA01\x01", 7);
	memcpy(b + 0x8800, "\0NSR02\x01", 7);
	memcpy(b + 0x9000, "\0TEA01\x01", 7);
	return g_bytes_new_take(b, 40 * 1024);
}

GBytes *
ft_iso_udf(void)
{
	guint8 *b = g_malloc0(48 * 1024);
	memcpy(b + 0x8000, "\x01" "CD001\x01", 7);
	memcpy(b + 0x8800, "\xFF" "CD001\x01", 7);
	memcpy(b + 0x9000, "\0BEA01\x01", 7);
	memcpy(b + 0x9800, "\0NSR02\x01", 7);
	return g_bytes_new_take(b, 48 * 1024);
}

GBytes *
ft_vhd(void)
{
	return ft_at(8192, 8192 - 512, "conectix", 8);
}

GBytes *
ft_vhdx(void)
{
	return ft_at(4096, 0, "vhdxfile", 8);
}

GBytes *
ft_dmg(void)
{
	return ft_at(8192, 8192 - 512, "koly\0\0\0\x04", 8);
}

GBytes *
ft_fat(void)
{
	guint8 *b = g_malloc0(1024);
	memcpy(b, "\xEB\x3C\x90MSDOS5.0", 11);
	b[11] = 0; b[12] = 2;             /* 512 bytes per sector */
	memcpy(b + 0x36, "FAT12   ", 8);
	b[510] = 0x55; b[511] = 0xAA;
	return g_bytes_new_take(b, 1024);
}

GBytes *
ft_lnk(void)
{
	static const guint8 clsid[16] = {0x01, 0x14, 0x02, 0, 0, 0, 0, 0,
					 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
	guint8 *b = g_malloc0(200);
	put_le32(b, 0x4C);
	memcpy(b + 4, clsid, 16);
	return g_bytes_new_take(b, 200);
}

GBytes *
ft_onenote(gboolean with_file_data)
{
	static const guint8 guid[16] = {0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D,
					0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3};
	static const guint8 fdso[16] = {0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45,
					0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC};
	guint8 *b = g_malloc0(4096);
	memcpy(b, guid, 16);
	if (with_file_data)
		memcpy(b + 1024, fdso, 16);
	return g_bytes_new_take(b, 4096);
}

GBytes *
ft_png(void)
{
	static const guint8 png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
		0x90, 0x77, 0x53, 0xDE,
		0, 0, 0, 12, 'I', 'D', 'A', 'T', 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0,
		0, 0, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0,
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
	return g_bytes_new(png, sizeof png);
}

const char ft_smuggling_html[] =
	"<!DOCTYPE html>\n<html><body><script>\n"
	"var b64 = 'UEsDBAoAAAAAAA==';\n"
	"var raw = atob(b64); var a = new Uint8Array(raw.length);\n"
	"for (var i = 0; i < raw.length; i++) a[i] = raw.charCodeAt(i);\n"
	"var blob = new Blob([a], {type: 'application/zip'});\n"
	"var l = document.createElement('a'); l.href = URL.createObjectURL(blob);\n"
	"l.download = 'invoice.zip'; l.click();\n"
	"</script></body></html>\n";

const char ft_plain_pdf[] =
	"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
	"trailer << /Root 1 0 R >>\n%%EOF\n";
