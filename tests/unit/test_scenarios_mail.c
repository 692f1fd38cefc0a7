/* test_scenarios_mail.c - scenario groups: passwords, limits, smuggling, disk images, benign mail. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ft_fixtures.h"
#include "scen_build.h"
#include "scen_check.h"
#include "scen_7z.h"

/* ---- passwords given in the message ------------------------------------ */

/* Where and how the password of the attached zip is written. */
typedef struct pw_case {
	const char *label;
	const char *password;
	const char *subject;    /* Subject header value (NULL: plain) */
	const char *subtype;    /* text part: plain or html */
	const char *charset;
	bool base64;
	const char *body;       /* UTF-8 */
} pw_case;

static const pw_case pw_cases[] = {
	{ "HTML part only", "Xy9-pass", NULL, "html", "utf-8", false,
	  "<html><body><p>Please find the invoice attached.</p>"
	  "<p>Password: <b>Xy9-pass</b></p></body></html>" },
	{ "HTML table cells", "Kq9-77ab", NULL, "html", "utf-8", true,
	  "<html><body><table><tr><td>File</td><td>invoice.zip</td></tr>"
	  "<tr><td>PW:</td><td>Kq9-77ab</td></tr></table></body></html>" },
	{ "HTML with nbsp", "Rq4zz81", NULL, "html", "utf-8", false,
	  "<div>\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89&nbsp;:&nbsp;Rq4zz81</div>" },
	{ "Subject only", "Hk82nq", "=?UTF-8?B?6KuL5rGC5pu4ICjjg5Hjgrnjg6/jg7zjg4k6IEhrODJucSk=?=",
	  "plain", "utf-8", false, "請求書を送付いたします。\nよろしくお願いいたします。\n" },
	{ "Subject only, ASCII", "Vv42pp", "Invoice 0612 (password: Vv42pp)", "plain", "utf-8",
	  false, "Invoice attached.\n" },
	{ "Shift_JIS body", "abc987", NULL, "plain", "Shift_JIS", false,
	  "お世話になっております。\n解凍パスワードは abc987 です。\n" },
	{ "Shift_JIS base64 body", "Pz7-1qaz", NULL, "plain", "Shift_JIS", true,
	  "資料を添付します。\nパスワード：Pz7-1qaz\n" },
	{ "ISO-2022-JP full-width", "ABC123", NULL, "plain", "ISO-2022-JP", false,
	  "見積書を送付いたします。\nパスワード：ＡＢＣ１２３\n" },
	{ "ISO-2022-JP corner quotes", "Tq4-88zz", NULL, "plain", "ISO-2022-JP", false,
	  "パスワードは「Tq4-88zz」です。\n" },
	{ "full-width colon after PW", "Lm55xx", NULL, "plain", "utf-8", false,
	  "添付ファイルをご確認ください。\nPW：Lm55xx\n" },
	{ "next line after keyword", "Wq12ee", NULL, "plain", "ISO-2022-JP", false,
	  "添付ファイルのパスワード\nWq12ee\n\nよろしくお願いします。\n" },
	{ "next line after heading", "Gh67uj", NULL, "plain", "utf-8", false,
	  "【パスワード】\nGh67uj\n" },
	{ "bracket heading", "Zx8-cv", NULL, "plain", "utf-8", false,
	  "【パスワード】Zx8-cv\n" },
	{ "note in brackets", "Qw3rty9", NULL, "plain", "utf-8", false,
	  "パスワード（半角英数字）：Qw3rty9\n" },
	{ "English sentence", "Rt7kk2", NULL, "plain", "us-ascii", false,
	  "Hello,\nThe password for the attached file is: Rt7kk2.\nBest regards\n" },
	{ "English sentence without colon", "mN8bv4", NULL, "plain", "us-ascii", false,
	  "Hi,\nthe password to open the zip is mN8bv4\nThanks\n" },
	{ "as follows", "Fo11ow", NULL, "plain", "us-ascii", false,
	  "The password is as follows:\n\n  Fo11ow\n\nRegards\n" },
	{ "symbols #", "Sk3#pd77", NULL, "plain", "utf-8", false,
	  "パスワード：Sk3#pd77\n" },
	{ "symbols @ ! -", "p@ss-w0rd!", NULL, "plain", "us-ascii", false,
	  "Password: p@ss-w0rd!\n" },
	{ "digits only", "1234", NULL, "plain", "us-ascii", false, "Password: 1234\n" },
	{ "equals sign", "Ab12cd", NULL, "plain", "us-ascii", false, "zip password = Ab12cd\n" },
	{ "quoted", "q1w2e3", NULL, "plain", "us-ascii", false,
	  "Use the password \"q1w2e3\" to open it.\n" },
	{ "German", "Gr8Wort", NULL, "plain", "utf-8", false,
	  "Anbei die Rechnung.\nPasswort: Gr8Wort\n" },
	{ "pass:", "Pp90ol", NULL, "plain", "us-ascii", false, "pass: Pp90ol\n" },
	{ "PWD", "Yh6tg5", NULL, "plain", "us-ascii", false, "PWD: Yh6tg5\n" },
	{ "half-width katakana", "Kk33jj", NULL, "plain", "Shift_JIS", false,
	  "ﾊﾟｽﾜｰﾄﾞ:Kk33jj\n" },
	{ "解凍用パスワード", "Ue5-ry7", NULL, "plain", "utf-8", false,
	  "解凍用パスワード：Ue5-ry7\n" },
	{ "Chinese", "Cn2024x", NULL, "plain", "utf-8", false, "解压密码：Cn2024x\n" },
	{ "Japanese comma after は", "Jc7-aa1", NULL, "plain", "utf-8", false,
	  "添付ファイルのパスワードは、Jc7-aa1 です。\n" },
	{ "arrow", "Ar5ow2", NULL, "plain", "utf-8", false, "パスワード→Ar5ow2\n" },
	{ "ASCII arrow", "Ar6ow3", NULL, "plain", "us-ascii", false, "Password -> Ar6ow3\n" },
	{ "in parentheses", "Pa7ren", NULL, "plain", "us-ascii", false,
	  "Please open the attached zip (password: Pa7ren).\n" },
	{ "no space before Japanese", "Ns8jp9", NULL, "plain", "utf-8", false,
	  "パスワードはNs8jp9です。\n" },
	{ "French", "Fr4nce9", NULL, "plain", "utf-8", false, "Mot de passe : Fr4nce9\n" },
	{ "bullet line", "Bu11et", NULL, "plain", "utf-8", false,
	  "■ファイル名：見積書.zip\n■パスワード：Bu11et\n" },
	{ "full-width space", "Fw9sp1", NULL, "plain", "utf-8", false, "パスワード　Fw9sp1\n" },
};

/* One message with body text, optional subject, and the attachment. */
static GString *
pw_mail(const pw_case *c, const char *zipname, GBytes *zip)
{
	sb_msg *m = sb_msg_new(c->subject ? c->subject : "Documents");
	sb_msg_text(m, c->subtype, c->charset, c->body, c->base64);
	sb_msg_attach(m, zipname, "application/zip", zip);
	return sb_msg_finish(m);
}

void
test_passwords(void **state)
{
	(void)state;
	GBytes *js = sb_script("js");
	static const char *const encs[] = { "zipcrypt", "aes256" };
	for (size_t i = 0; i < G_N_ELEMENTS(pw_cases); i++) {
		for (size_t e = 0; e < G_N_ELEMENTS(encs); e++) {
			GBytes *z = sb_zip_enc("invoice.js", js, encs[e], pw_cases[i].password);
			char *label = g_strdup_printf("%s (%s)", pw_cases[i].label, encs[e]);
			check(label, pw_mail(&pw_cases[i], "invoice.zip", z),
			      "script,archive-decrypted,!archive-encrypted");
			g_free(label);
			g_bytes_unref(z);
		}
	}

	/* Two archives, each with its own password. */
	{
		GBytes *pe = sb_pe();
		GBytes *a = sb_zip_enc("a.js", js, "aes256", "Aa111aa");
		GBytes *b = sb_zip_enc("b.exe", pe, "zipcrypt", "Bb222bb");
		sb_msg *m = sb_msg_new("Two files");
		sb_msg_text(m, "plain", "utf-8",
			    "Password for a.zip: Aa111aa\nPassword for b.zip: Bb222bb\n", false);
		sb_msg_attach(m, "a.zip", "application/zip", a);
		sb_msg_attach(m, "b.zip", "application/zip", b);
		check("two archives, two passwords", sb_msg_finish(m),
		      "script,executable,archive-decrypted,!archive-encrypted");
		g_bytes_unref(a);
		g_bytes_unref(b);
		g_bytes_unref(pe);
	}
	/* The password only in a forwarded message's body. */
	{
		GBytes *z = sb_zip_enc("invoice.js", js, "zipcrypt", "Fw4-dd9");
		GString *inner = g_string_new("From: a@example.com\nTo: b@example.com\n"
					      "Subject: password\nMIME-Version: 1.0\n"
					      "Content-Type: text/plain; charset=us-ascii\n\n"
					      "The password is Fw4-dd9\n");
		GBytes *ib = g_bytes_new(inner->str, inner->len);
		sb_msg *m = sb_msg_new("Fwd: invoice");
		sb_msg_text(m, "plain", "utf-8", "See the forwarded mail.\n", false);
		sb_msg_attach(m, "invoice.zip", "application/zip", z);
		sb_msg_part_raw(m, "Content-Type: message/rfc822", ib, false);
		check("password in forwarded message", sb_msg_finish(m),
		      "script,archive-decrypted,!archive-encrypted");
		g_bytes_unref(ib);
		g_string_free(inner, TRUE);
		g_bytes_unref(z);
	}
	/* Nested: an encrypted zip in a plain zip, and the other way round. */
	{
		GBytes *enc = sb_zip_enc("invoice.js", js, "aes256", "Ns7-x2b");
		GBytes *outer = sb_archive1(SB_ZIP, "invoice.zip", enc);
		pw_case c = { "nested", "Ns7-x2b", NULL, "plain", "us-ascii", false,
			      "Password: Ns7-x2b\n" };
		check("encrypted zip inside plain zip", pw_mail(&c, "files.zip", outer),
		      "script,archive-decrypted,!archive-encrypted");
		GBytes *plain = sb_archive1(SB_ZIP, "invoice.js", js);
		GBytes *enc2 = sb_zip_enc("inner.zip", plain, "zipcrypt", "Ns7-x2b");
		check("plain zip inside encrypted zip", pw_mail(&c, "files.zip", enc2),
		      "script,archive-decrypted,!archive-encrypted");
		GBytes *z7 = sb_archive1(SB_7Z, "invoice.zip", enc);
		check("encrypted zip inside 7z", pw_mail(&c, "files.7z", z7),
		      "script,archive-decrypted,!archive-encrypted");
		g_bytes_unref(z7);
		g_bytes_unref(plain);
		g_bytes_unref(enc2);
		g_bytes_unref(outer);
		g_bytes_unref(enc);
	}
	/* Not decryptable: password elsewhere, or a 7z (libarchive cannot decrypt 7z). */
	{
		GBytes *z = sb_zip_enc("invoice.js", js, "aes256", "Vn4$tq9!");
		pw_case c = { "separately", "", NULL, "plain", "utf-8", false,
			      "パスワードは別途お送りします。\n" };
		check("password sent separately", pw_mail(&c, "invoice.zip", z),
		      "archive-encrypted,!archive-decrypted,!corrupt");
		pw_case w = { "wrong", "", NULL, "plain", "us-ascii", false, "Password: Wrong-1\n" };
		check("wrong password", pw_mail(&w, "invoice.zip", z),
		      "archive-encrypted,!archive-decrypted,!corrupt");
		g_bytes_unref(z);
		GBytes *e7 = g_bytes_new_static(enc_7z, enc_7z_len);
		GBytes *h7 = g_bytes_new_static(hdr_7z, hdr_7z_len);
		pw_case p = { "7z", "", NULL, "plain", "us-ascii", false, "Password: Qr7-2024x\n" };
		check("encrypted 7z (data), password in body", pw_mail(&p, "scan.7z", e7),
		      "archive-encrypted,!corrupt");
		check("encrypted 7z (headers), password in body", pw_mail(&p, "scan.7z", h7),
		      "archive-encrypted,!corrupt");
		check("encrypted 7z (data), no password", pw_mail(&c, "scan.7z", e7),
		      "archive-encrypted,!corrupt");
		GBytes *zz = sb_archive1(SB_ZIP, "scan.7z", e7);
		check("encrypted 7z inside zip", pw_mail(&c, "scan.zip", zz),
		      "archive-encrypted,!corrupt");
		g_bytes_unref(zz);
		g_bytes_unref(e7);
		g_bytes_unref(h7);
	}
	/* A decrypted archive of harmless content stays low. */
	{
		GBytes *pdf = sb_text(ft_plain_pdf);
		GBytes *z = sb_zip_enc("見積書.pdf", pdf, "aes256", "Mt5-6yh");
		pw_case c = { "benign", "", NULL, "plain", "utf-8", false,
			      "見積書を送付します。\nパスワード：Mt5-6yh\n" };
		check("decrypted zip with a PDF", pw_mail(&c, "見積書.zip", z),
		      "archive-decrypted,!archive-encrypted");
		g_bytes_unref(z);
		g_bytes_unref(pdf);
	}
	g_bytes_unref(js);
	group_end("passwords");
}

/* ---- limits and damaged archives --------------------------------------- */

/* Nest data `levels` times, cycling through zip, tar.gz and 7z. */
static GBytes *
nest(GBytes *data, const char *name, int levels, bool mix)
{
	GBytes *cur = g_bytes_ref(data);
	char *curname = g_strdup(name);
	for (int i = 0; i < levels; i++) {
		sb_format f = !mix ? SB_ZIP : (i % 3 == 0 ? SB_ZIP : i % 3 == 1 ? SB_TGZ : SB_7Z);
		GBytes *next = sb_archive1(f, curname, cur);
		g_bytes_unref(cur);
		g_free(curname);
		curname = g_strdup_printf("level%d.%s", i, f == SB_ZIP ? "zip" :
					  f == SB_TGZ ? "tar.gz" : "7z");
		cur = next;
	}
	g_free(curname);
	return cur;
}

/* Cut b to pct percent of its length. */
static GBytes *
truncated(GBytes *b, int pct)
{
	gsize len = g_bytes_get_size(b);
	return g_bytes_new_from_bytes(b, 0, len * (gsize)pct / 100);
}

void
test_limits(void **state)
{
	(void)state;
	GBytes *bomb = sb_zeros_zip("log.txt", 40u << 20);
	check("zeros at high ratio", sb_mail1(NULL, "logs.zip", "application/zip", bomb),
	      "limit-exceeded");
	GBytes *b2 = nest(bomb, "logs.zip", 2, false);
	check("zeros at high ratio, zip in zip in zip",
	      sb_mail1(NULL, "logs.zip", "application/zip", b2), "limit-exceeded");
	g_bytes_unref(b2);
	b2 = sb_archive1(SB_7Z, "logs.zip", bomb);
	check("zeros zip in 7z", sb_mail1(NULL, "logs.7z", "application/x-7z-compressed", b2),
	      "limit-exceeded");
	g_bytes_unref(b2);
	g_bytes_unref(bomb);
	{
		/* zeros in a raw gzip */
		size_t n = 30u << 20;
		guint8 *z = g_malloc0(n);
		GBytes *zb = g_bytes_new_take(z, n);
		GBytes *gz = sb_archive1(SB_GZ, "disk.raw", zb);
		check("zeros in gz", sb_mail1(NULL, "disk.raw.gz", "application/gzip", gz),
		      "limit-exceeded");
		GBytes *tgz = sb_archive1(SB_TGZ, "disk.raw", zb);
		check("zeros in tar.gz", sb_mail1(NULL, "disk.tgz", "application/gzip", tgz),
		      "limit-exceeded");
		g_bytes_unref(tgz);
		g_bytes_unref(gz);
		g_bytes_unref(zb);
	}
	{
		/* more members than max_members */
		size_t n = 10050;
		sb_member *m = g_new0(sb_member, n);
		GBytes *one = sb_text("x");
		for (size_t i = 0; i < n; i++) {
			m[i].name = g_strdup_printf("f/%05zu.txt", i);
			m[i].data = one;
		}
		GBytes *z = sb_archive(SB_ZIP_STORE, m, n, NULL, NULL);
		check("many members", sb_mail1(NULL, "many.zip", "application/zip", z),
		      "limit-exceeded");
		g_bytes_unref(z);
		for (size_t i = 0; i < n; i++)
			g_free((char *)m[i].name);
		g_free(m);
		g_bytes_unref(one);
	}
	{
		GBytes *txt = sb_text("innermost\n");
		GBytes *deep = nest(txt, "readme.txt", 12, false);
		check("12 zip levels", sb_mail1(NULL, "export.zip", "application/zip", deep),
		      "limit-exceeded");
		g_bytes_unref(deep);
		deep = nest(txt, "readme.txt", 12, true);
		check("12 levels of zip/tar.gz/7z", sb_mail1(NULL, "export.zip", "application/zip", deep),
		      "limit-exceeded");
		g_bytes_unref(deep);
		/* 6 levels is fine: benign */
		deep = nest(txt, "readme.txt", 6, true);
		check("6 levels of zip/tar.gz/7z", sb_mail1(NULL, "export.zip", "application/zip", deep), "");
		g_bytes_unref(deep);
		g_bytes_unref(txt);
	}
	{
		/* damaged archives: corrupt, low (tag) */
		GBytes *pdf = sb_text(ft_plain_pdf);
		GBytes *png = ft_png();
		sb_member m[] = { { "a.pdf", pdf }, { "b.png", png }, { "c.pdf", pdf } };
		static const struct { sb_format f; const char *name; } fm[] = {
			{ SB_ZIP, "files.zip" }, { SB_ZIP_STORE, "files.zip" },
			{ SB_7Z, "files.7z" }, { SB_TGZ, "files.tar.gz" },
		};
		for (size_t i = 0; i < G_N_ELEMENTS(fm); i++) {
			GBytes *a = sb_archive(fm[i].f, m, 3, NULL, NULL);
			GBytes *t = truncated(a, 55);
			char *label = g_strdup_printf("truncated %s (format %zu)", fm[i].name, i);
			check(label, sb_mail1(NULL, fm[i].name, "application/octet-stream", t), "corrupt");
			g_free(label);
			g_bytes_unref(t);
			g_bytes_unref(a);
		}
		g_bytes_unref(pdf);
		g_bytes_unref(png);
	}
	group_end("limits");
}

/* ---- HTML smuggling ------------------------------------------------------ */

/* A base64 run of n characters (harmless bytes). */
static char *
b64_run(size_t n)
{
	GString *s = g_string_new("");
	static const char a[] = "UEsDBBQAAAAIAAAAIQBhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3";
	while (s->len < n)
		g_string_append(s, a);
	g_string_truncate(s, n);
	return g_string_free(s, FALSE);
}

void
test_smuggling(void **state)
{
	(void)state;
	char *run = b64_run(6000);
	char *pages[8];
	pages[0] = g_strdup_printf(
		"<html><body><script>var d=atob('%s');var u=new Uint8Array(d.length);"
		"for(var i=0;i<d.length;i++)u[i]=d.charCodeAt(i);"
		"var b=new Blob([u],{type:'application/octet-stream'});"
		"window.navigator.msSaveOrOpenBlob(b,'invoice.zip');</script></body></html>", run);
	pages[1] = g_strdup_printf(
		"<!DOCTYPE html><html><body><script>\nfunction b2a(s){var r=window.atob(s);"
		"var a=new Uint8Array(r.length);for(var i=0;i<r.length;i++){a[i]=r.charCodeAt(i);}return a;}\n"
		"var blob = new Blob([b2a(\"%s\")], {type: 'octet/stream'});\n"
		"var url = window.URL.createObjectURL(blob);\nvar a = document.createElement('a');\n"
		"a.href = url;\na.download = 'Invoice_0612.iso';\ndocument.body.appendChild(a);\na.click();\n"
		"</script></body></html>", run);
	pages[2] = g_strdup_printf(
		"<html><body><p>Your document is ready.</p>"
		"<a href=\"data:application/octet-stream;base64,%s\" download=\"invoice.zip\">Download</a>"
		"</body></html>", run);
	pages[3] = g_strdup_printf(
		"<html><body><script>const bytes = Uint8Array.from(atob(\"%s\"), c => c.charCodeAt(0));\n"
		"const f = new Blob ([bytes]);\nconst link = document.createElement(\"a\");\n"
		"link.setAttribute(\"download\", \"scan.zip\");\nlink.href = URL.createObjectURL(f);\n"
		"link.click();</script></body></html>", run);
	pages[4] = g_strdup_printf(
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script type=\"text/javascript\"><![CDATA[\n"
		"var s = atob('%s'); var u = new Uint8Array(s.length);\n"
		"for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);\n"
		"var b = new Blob([u], {type: 'application/zip'});\n"
		"var a = document.createElementNS('http://www.w3.org/1999/xhtml', 'a');\n"
		"a.href = URL.createObjectURL(b); a.download = 'invoice.zip'; a.click();\n"
		"]]></script></svg>", run);
	pages[5] = g_strdup_printf(
		"<html><head><meta charset=\"utf-8\"></head><body onload=\"go()\"><script>\n"
		"function go(){fetch('data:application/zip;base64,%s').then(r=>r.blob()).then(b=>{"
		"var a=document.createElement('a');a.href=URL.createObjectURL(b);"
		"a.download='invoice.zip';a.click();});}</script></body></html>", run);
	pages[6] = g_strdup_printf(
		"<html><body><script>var x = '%s';\nvar raw = atob(x);\n"
		"var arr = new Uint8Array(raw.length);\nfor (var i = 0; i < raw.length; i++) arr[i] = raw.charCodeAt(i);\n"
		"var file = new File([arr], 'invoice.zip', {type: 'application/zip'});\n"
		"var link = document.createElement('a');\nlink.href = URL.createObjectURL(file);\n"
		"link.download = file.name;\nlink.click();</script></body></html>", run);
	pages[7] = g_strdup_printf(
		"<html><body><script>var b64='%s';var bin=atob(b64);var buf=new ArrayBuffer(bin.length);"
		"var v=new Uint8Array(buf);for(var i=0;i<bin.length;i++)v[i]=bin.charCodeAt(i);"
		"var blob=new Blob([buf]);if(window.navigator.msSaveBlob){window.navigator.msSaveBlob(blob,'a.zip');}"
		"else{var u=URL.createObjectURL(blob);location.href=u;}</script></body></html>", run);
	for (size_t i = 0; i < G_N_ELEMENTS(pages); i++) {
		GBytes *p = sb_text(pages[i]);
		const char *name = i == 4 ? "invoice.svg" : "invoice.html";
		const char *ctype = i == 4 ? "image/svg+xml" : "text/html";
		char *label = g_strdup_printf("smuggling page %zu attached", i);
		check(label, sb_mail1(NULL, name, ctype, p), "html-smuggling");
		g_free(label);
		label = g_strdup_printf("smuggling page %zu in zip", i);
		GBytes *z = sb_archive1(SB_ZIP, name, p);
		check(label, sb_mail1(NULL, "invoice.zip", "application/zip", z), "html-smuggling");
		g_bytes_unref(z);
		g_free(label);
		label = g_strdup_printf("smuggling page %zu as the HTML body", i);
		if (i != 4) {
			sb_msg *m = sb_msg_new("Invoice");
			sb_msg_text(m, "html", "utf-8", pages[i], true);
			check(label, sb_msg_finish(m), "html-smuggling");
		}
		g_free(label);
		label = g_strdup_printf("smuggling page %zu named .htm, declared octet-stream", i);
		check(label, sb_mail1(NULL, i == 4 ? "invoice.svg" : "invoice.htm",
				      "application/octet-stream", p), "html-smuggling");
		g_free(label);
		g_bytes_unref(p);
		g_free(pages[i]);
	}
	g_free(run);
	group_end("smuggling");
}

/* ---- disk images ---------------------------------------------------------- */

void
test_disk_images(void **state)
{
	(void)state;
	GBytes *lnk = sb_lnk(), *pe = sb_pe(), *pdf = sb_text(ft_plain_pdf);
	GBytes *js = sb_script("js"), *hta = sb_script("hta");
	sb_member lm[] = { { "Invoice.lnk", lnk }, { "docs", NULL }, { "docs/invoice.pdf", pdf } };
	GBytes *iso_lnk = sb_archive(SB_ISO, lm, 3, NULL, NULL);
	GBytes *iso_pe = sb_archive1(SB_ISO, "SETUP.EXE", pe);
	sb_member sm[] = { { "readme.pdf", pdf }, { "open.js", js } };
	GBytes *iso_js = sb_archive(SB_ISO, sm, 2, NULL, NULL);
	GBytes *iso_hta = sb_archive1(SB_ISO, "viewer.hta", hta);
	GBytes *iso_pdf = sb_archive1(SB_ISO, "catalogue.pdf", pdf);
	const struct { const char *name; GBytes *d; const char *cats; } c[] = {
		{ "Invoice_0612.iso", iso_lnk, "disk-image,shortcut" },
		{ "Invoice_0612.img", iso_lnk, "disk-image,shortcut" },
		{ "Invoice_0612.ISO", iso_pe, "disk-image,executable" },
		{ "photos.iso", iso_js, "disk-image,script" },
		{ "viewer.iso", iso_hta, "disk-image,script" },
		{ "catalogue.iso", iso_pdf, "disk-image" },
		{ "catalogue.bin", iso_pdf, "disk-image" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
		check(c[i].name, sb_mail1(NULL, c[i].name, "application/octet-stream", c[i].d),
		      c[i].cats);
		check(c[i].name, sb_mail1(NULL, c[i].name, "application/x-iso9660-image", c[i].d),
		      c[i].cats);
		GBytes *z = sb_archive1(SB_ZIP, c[i].name, c[i].d);
		char *label = g_strdup_printf("%s in zip", c[i].name);
		check(label, sb_mail1(NULL, "image.zip", "application/zip", z), c[i].cats);
		g_free(label);
		g_bytes_unref(z);
	}
	GBytes *fat = ft_fat(), *vhd = ft_vhd(), *vhdx = ft_vhdx(), *udf = ft_udf();
	GBytes *dmg = ft_dmg();
	const struct { const char *name; GBytes *d; } raw[] = {
		{ "backup.img", fat }, { "disk.vhd", vhd }, { "disk.vhdx", vhdx },
		{ "media.udf", udf }, { "media.iso", udf }, { "app.dmg", dmg },
		{ "disk.bin", vhdx }, { "noext", vhd },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(raw); i++) {
		check(raw[i].name, sb_mail1(NULL, raw[i].name, "application/octet-stream", raw[i].d),
		      "disk-image");
		GBytes *z = sb_archive1(SB_7Z, raw[i].name, raw[i].d);
		char *label = g_strdup_printf("%s in 7z", raw[i].name);
		check(label, sb_mail1(NULL, "disk.7z", "application/x-7z-compressed", z), "disk-image");
		g_free(label);
		g_bytes_unref(z);
	}
	/* Compressed images: most start with a zero block (libarchive: "empty tar"). */
	GBytes *fake_iso = ft_iso();
	const struct { const char *name; GBytes *d; const char *cats; } gz[] = {
		{ "setup.iso", iso_pe, "disk-image,executable" }, { "disk.vhd", vhd, "disk-image" },
		{ "media.iso", fake_iso, "disk-image" }, { "backup.img", fat, "disk-image" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(gz); i++) {
		GBytes *g = sb_archive1(SB_GZ, gz[i].name, gz[i].d);
		char *name = g_strdup_printf("%s.gz", gz[i].name);
		check(name, sb_mail1(NULL, name, "application/gzip", g), gz[i].cats);
		g_free(name);
		g_bytes_unref(g);
	}
	g_bytes_unref(fake_iso);
	GBytes *all[] = { fat, vhd, vhdx, udf, dmg, iso_lnk, iso_pe, iso_js, iso_hta, iso_pdf,
			  lnk, pe, pdf, js, hta };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_bytes_unref(all[i]);
	group_end("disk images");
}
