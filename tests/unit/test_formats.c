/* test_formats.c - HTML data: URIs, PDF embedded files, ARJ, SZDD/KWAJ, BinHex, raw mail and TNEF. */
#include "config.h"

#include <string.h>

#include "testhelp.h"
#include "ft_fixtures.h"
#include "fmt_fixtures.h"

static triage_scanner *scanner;

static int
setup(void **state)
{
	(void)state;
	triage_engine *e = th_engine(NULL, NULL);
	scanner = triage_scanner_new(e);
	triage_engine_unref(&e);
	return scanner ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	triage_scanner_free(&scanner);
	return 0;
}

/* Scan raw bytes held in a GBytes. */
static triage_report *
scan_bytes(const char *name, GBytes *b)
{
	gsize n;
	const void *d = g_bytes_get_data(b, &n);
	return th_scan_raw(scanner, name, d, n);
}

/* The object at path suffix must exist and hold exactly `want`. */
static triage_object *
expect_data(const triage_report *r, const char *suffix, GBytes *want)
{
	triage_object *o = th_find_object(r, suffix);
	if (o == NULL) {
		th_dump(r);
		fail_msg("no object %s", suffix);
	}
	gsize n;
	const void *d = g_bytes_get_data(want, &n);
	assert_int_equal(triage_object_size(o), n);
	assert_memory_equal(triage_object_data(o), d, n);
	return o;
}

/* The report must (not) carry an executable finding. */
static void
expect_exec(const triage_report *r, bool want)
{
	if (th_has_category(r, "executable") != want) {
		th_dump(r);
		fail_msg("executable finding: expected %s", want ? "yes" : "no");
	}
}

/*
 * Hostile variants: every prefix (step `step`) and single-byte damage at
 * every `step`-th offset must scan without error (ASan checks the reads).
 */
static void
scan_mutations(const char *name, GBytes *b, size_t step)
{
	gsize n;
	const guint8 *d = g_bytes_get_data(b, &n);
	guint8 *copy = g_memdup2(d, n);
	for (size_t cut = 0; cut < n; cut += step) {
		triage_report *r = th_scan_raw(scanner, name, d, cut);
		assert_non_null(r);
		triage_report_free(&r);
	}
	for (size_t i = 0; i < n; i += step) {
		guint8 keep = copy[i];
		copy[i] = keep ^ 0xFF;
		triage_report *r = th_scan_raw(scanner, name, copy, n);
		assert_non_null(r);
		triage_report_free(&r);
		copy[i] = keep;
	}
	g_free(copy);
}

/* data: URI with a program: a child named by download=, the child's type decides. */
static void
test_html_data_uri(void **state)
{
	(void)state;
	GBytes *pe = ft_pe(), *png = ft_png();
	char *pe64 = g_base64_encode(g_bytes_get_data(pe, NULL), g_bytes_get_size(pe));
	char *png64 = g_base64_encode(g_bytes_get_data(png, NULL), g_bytes_get_size(png));
	char *html = g_strdup_printf(
		"<html><body><p>Your invoice</p>\n<img src=\"data:image/png;base64,%s\">\n"
		"<a href=\"data:application/octet-stream;base64,%s\" download=\"invoice.exe\">get</a>\n"
		"<script>var u = 'data:application/x-msdownload;base64,%s';</script>\n"
		"</body></html>\n", png64, pe64, pe64);
	triage_report *r = th_scan_raw(scanner, "page.html", html, strlen(html));
	triage_object *root = triage_report_root(r);
	assert_int_equal(triage_object_nchildren(root), 2);   /* the PNG stays inline */
	triage_object *c = expect_data(r, "page.html/invoice.exe", pe);
	assert_string_equal(triage_object_kind(c), "embedded");
	expect_data(r, "page.html/data2.bin", pe);
	expect_exec(r, true);
	triage_report_free(&r);
	g_free(html);

	/* inline images only: nothing added, nothing found */
	html = g_strdup_printf("<html><body><img src=\"data:image/png;base64,%s\">"
			       "<img src='data:image/svg+xml;base64,PHN2Zz4='></body></html>", png64);
	r = th_scan_raw(scanner, "news.html", html, strlen(html));
	assert_int_equal(triage_object_nchildren(triage_report_root(r)), 0);
	assert_int_equal(triage_report_severity(r), TRIAGE_SEV_NONE);
	triage_report_free(&r);
	g_free(html);

	/* "metadata:" is no URI; a text payload is a child whose type is text */
	html = g_strdup("<html><body><a href=\"x\">metadata:;base64,TVpQ</a>"
			"<a href='data:text/plain;base64,aGVsbG8='>t</a></body></html>");
	r = th_scan_raw(scanner, "t.html", html, strlen(html));
	assert_int_equal(triage_object_nchildren(triage_report_root(r)), 1);
	GBytes *hello = g_bytes_new_static("hello", 5);
	expect_data(r, "t.html/data1.bin", hello);
	g_bytes_unref(hello);
	expect_exec(r, false);
	triage_report_free(&r);
	g_free(html);
	g_free(pe64);
	g_free(png64);
	g_bytes_unref(pe);
	g_bytes_unref(png);
}

/* More data: URIs than max_embedded: the first ones, and the page marked. */
static void
test_html_cap(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	cfg->limits.max_embedded = 2;
	triage_engine *e = th_engine(NULL, cfg);
	triage_scanner *s = triage_scanner_new(e);
	GString *html = g_string_new("<html><body>");
	for (int i = 0; i < 5; i++)
		g_string_append(html, "<a href=\"data:application/zip;base64,UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\">z</a>");
	g_string_append(html, "</body></html>");
	triage_report *r = th_scan_raw(s, "many.html", html->str, html->len);
	triage_object *root = triage_report_root(r);
	assert_int_equal(triage_object_nchildren(root), 2);
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(root, TF_LIMIT_NAME), "max_embedded");
	triage_report_free(&r);
	g_string_free(html, TRUE);
	triage_scanner_free(&s);
	triage_engine_unref(&e);
	triage_config_free(&cfg);
}

/* A Filespec's embedded file (FlateDecode), named by /UF; encrypted PDFs are left alone. */
static void
test_pdf_embedded(void **state)
{
	(void)state;
	GBytes *pe = ft_pe();
	GBytes *pdf = fx_pdf_embedded(pe, "old.exe", "請求書.exe", false);
	triage_report *r = scan_bytes("doc.pdf", pdf);
	triage_object *c = expect_data(r, "doc.pdf/請求書.exe", pe);
	assert_string_equal(triage_object_kind(c), "embedded");
	assert_int_equal(triage_object_nchildren(triage_report_root(r)), 1);
	expect_exec(r, true);
	triage_report_free(&r);
	scan_mutations("doc.pdf", pdf, 13);
	g_bytes_unref(pdf);

	pdf = fx_pdf_embedded(pe, "tool.exe", NULL, false);
	r = scan_bytes("doc.pdf", pdf);
	expect_data(r, "doc.pdf/tool.exe", pe);
	triage_report_free(&r);
	g_bytes_unref(pdf);

	pdf = fx_pdf_embedded(pe, "tool.exe", NULL, true);
	r = scan_bytes("locked.pdf", pdf);
	assert_int_equal(triage_object_nchildren(triage_report_root(r)), 0);
	assert_int_equal(triage_object_unscanned(triage_report_root(r)), TRIAGE_UNSCANNED_NONE);
	expect_exec(r, false);
	triage_report_free(&r);
	g_bytes_unref(pdf);
	g_bytes_unref(pe);
}

/* Ordinary streams stay out; a stream that starts like a program is a child. */
static void
test_pdf_streams(void **state)
{
	(void)state;
	GBytes *pe = ft_pe();
	GBytes *text = g_bytes_new_static("q 1 0 0 1 0 0 cm Q", 18);
	GBytes *pdf = fx_pdf_streams(text, true, NULL);
	triage_report *r = scan_bytes("plain.pdf", pdf);
	assert_int_equal(triage_object_nchildren(triage_report_root(r)), 0);
	assert_int_equal(triage_report_severity(r), TRIAGE_SEV_NONE);
	triage_report_free(&r);
	g_bytes_unref(pdf);

	/* Flate PE behind an indirect /Length, then a plain one with a bogus huge /Length */
	pdf = fx_pdf_streams(pe, true, "9 0 R");
	r = scan_bytes("a.pdf", pdf);
	expect_data(r, "a.pdf/stream3.bin", pe);
	expect_exec(r, true);
	triage_report_free(&r);
	scan_mutations("a.pdf", pdf, 11);
	g_bytes_unref(pdf);

	pdf = fx_pdf_streams(pe, false, "4294967295");
	r = scan_bytes("b.pdf", pdf);
	expect_data(r, "b.pdf/stream3.bin", pe);
	triage_report_free(&r);
	g_bytes_unref(pdf);
	g_bytes_unref(text);
	g_bytes_unref(pe);
}

/* Stored members are extracted; compressed ones listed, marked, and a .exe among them is an executable. */
static void
test_arj(void **state)
{
	(void)state;
	GBytes *pe = ft_pe();
	GBytes *txt = g_bytes_new_static("hello arj", 9);
	GBytes *junk = g_bytes_new_static("\x12\x34\x56\x78\x9a", 5);
	fx_arj_member m[] = {
		{"docs\\readme.txt", 0, txt}, {"setup.exe", 1, junk}, {"tool.exe", 0, pe},
	};
	GBytes *arj = fx_arj(m, 2);
	triage_report *r = scan_bytes("pack.arj", arj);
	triage_object *root = triage_report_root(r);
	assert_string_equal(triage_object_fact_str(root, TF_TYPE), "arj");
	assert_true(triage_object_fact_bool(root, TF_IS_ARCHIVE));
	triage_object *c = expect_data(r, "pack.arj/docs_readme.txt", txt);
	(void)c;
	triage_object *x = th_find_object(r, "pack.arj/setup.exe");
	assert_non_null(x);
	assert_int_equal(triage_object_size(x), 0);
	assert_int_equal(triage_object_unscanned(x), TRIAGE_UNSCANNED_CORRUPT);
	assert_string_equal(triage_object_unscanned_detail(x), "ARJ method 1 not supported");
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_CORRUPT);
	expect_exec(r, true);
	triage_report_free(&r);
	scan_mutations("pack.arj", arj, 3);
	g_bytes_unref(arj);

	/* all stored: nothing unread, the archive is not corrupt */
	fx_arj_member s[] = { {"tool.exe", 0, pe}, {"readme.txt", 0, txt} };
	arj = fx_arj(s, 2);
	r = scan_bytes("s.arj", arj);
	expect_data(r, "s.arj/tool.exe", pe);
	assert_int_equal(triage_object_unscanned(triage_report_root(r)), TRIAGE_UNSCANNED_NONE);
	expect_exec(r, true);
	triage_report_free(&r);
	g_bytes_unref(arj);
	g_bytes_unref(junk);
	g_bytes_unref(txt);
	g_bytes_unref(pe);
}

/* A payload with runs and repeats, so the LZSS has matches to make. */
static GBytes *
lzss_payload(void)
{
	GBytes *pe = ft_pe();
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, g_bytes_get_data(pe, NULL), (guint)g_bytes_get_size(pe));
	for (int i = 0; i < 40; i++)
		g_byte_array_append(a, (const guint8 *)"This program cannot be run in DOS mode. ", 40);
	g_bytes_unref(pe);
	return g_byte_array_free_to_bytes(a);
}

/* SZDD expands to the program; the name gets its last character back. */
static void
test_szdd(void **state)
{
	(void)state;
	GBytes *plain = lzss_payload();
	GBytes *z = fx_szdd(plain, 'e', (guint32)g_bytes_get_size(plain));
	assert_true(g_bytes_get_size(z) < g_bytes_get_size(plain));
	triage_report *r = scan_bytes("setup.ex_", z);
	triage_object *root = triage_report_root(r);
	assert_string_equal(triage_object_fact_str(root, TF_TYPE), "szdd");
	assert_true(triage_object_fact_bool(root, TF_IS_ARCHIVE));
	expect_data(r, "setup.ex_/setup.exe", plain);
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_NONE);
	expect_exec(r, true);
	triage_report_free(&r);
	scan_mutations("setup.ex_", z, 5);
	g_bytes_unref(z);

	/* no missing character: the archive name less its extension */
	z = fx_szdd(plain, 0, (guint32)g_bytes_get_size(plain));
	r = scan_bytes("tool.exe.szdd", z);
	expect_data(r, "tool.exe.szdd/tool.exe", plain);
	triage_report_free(&r);
	g_bytes_unref(z);

	/* a stated size far past the data: what there is, and the file marked */
	z = fx_szdd(plain, 'e', 0xFFFFFFFFu);
	r = scan_bytes("big.ex_", z);
	expect_data(r, "big.ex_/big.exe", plain);
	assert_int_equal(triage_object_unscanned(triage_report_root(r)), TRIAGE_UNSCANNED_CORRUPT);
	triage_report_free(&r);
	g_bytes_unref(z);
	g_bytes_unref(plain);
}

/* KWAJ: stored, XOR and LZSS methods, named from the header; others marked. */
static void
test_kwaj(void **state)
{
	(void)state;
	GBytes *plain = lzss_payload();
	for (int method = 0; method <= 2; method++) {
		GBytes *k = fx_kwaj(plain, method, "prog", "exe");
		triage_report *r = scan_bytes("prog.ex_", k);
		assert_string_equal(triage_object_fact_str(triage_report_root(r), TF_TYPE), "kwaj");
		expect_data(r, "prog.ex_/prog.exe", plain);
		expect_exec(r, true);
		triage_report_free(&r);
		if (method == 2)
			scan_mutations("prog.ex_", k, 7);
		g_bytes_unref(k);
	}
	GBytes *k = fx_kwaj(plain, 3, "prog", "exe");
	triage_report *r = scan_bytes("prog.ex_", k);
	triage_object *root = triage_report_root(r);
	assert_int_equal(triage_object_nchildren(root), 0);
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_CORRUPT);
	assert_string_equal(triage_object_unscanned_detail(root), "KWAJ method 3 not supported");
	triage_report_free(&r);
	g_bytes_unref(k);
	g_bytes_unref(plain);
}

/* BinHex: the data fork named from its header; as a raw file and as a MIME part. */
static void
test_binhex(void **state)
{
	(void)state;
	GBytes *plain = lzss_payload();
	char *hqx = fx_binhex("Report.exe", plain);
	triage_report *r = th_scan_raw(scanner, "report.hqx", hqx, strlen(hqx));
	triage_object *root = triage_report_root(r);
	assert_string_equal(triage_object_fact_str(root, TF_TYPE), "binhex");
	expect_data(r, "report.hqx/Report.exe", plain);
	assert_int_equal(triage_object_unscanned(root), TRIAGE_UNSCANNED_NONE);
	expect_exec(r, true);
	triage_report_free(&r);
	GBytes *b = g_bytes_new_static(hqx, strlen(hqx));
	scan_mutations("report.hqx", b, 29);
	g_bytes_unref(b);

	/* one wrong character in the data fork: decoded, but the CRC says corrupt */
	char *bad = g_strdup(hqx);
	char *p = strchr(bad, '\n') + 200;
	*p = *p == '!' ? '"' : '!';
	r = th_scan_raw(scanner, "bad.hqx", bad, strlen(bad));
	assert_int_equal(triage_object_unscanned(triage_report_root(r)), TRIAGE_UNSCANNED_CORRUPT);
	triage_report_free(&r);
	g_free(bad);

	/* without the banner, declared application/mac-binhex40 in a message */
	const char *body = strchr(hqx, ':');
	char *msg = g_strdup_printf(
		"From: a@example.com\nTo: b@example.com\nSubject: file\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nsee\n"
		"--x\nContent-Type: application/mac-binhex40; name=\"report\"\n\n%s--x--\n", body);
	r = th_scan_message(scanner, msg, strlen(msg));
	expect_data(r, "report/Report.exe", plain);
	expect_exec(r, true);
	triage_report_free(&r);
	g_free(msg);
	g_free(hqx);
	g_bytes_unref(plain);
}

/* A saved message and an mbox file scanned raw are walked like mail. */
static void
test_raw_mail(void **state)
{
	(void)state;
	GBytes *pe = ft_pe();
	char *b64 = g_base64_encode(g_bytes_get_data(pe, NULL), g_bytes_get_size(pe));
	char *eml = g_strdup_printf(
		"From: a@example.com\nTo: b@example.com\nSubject: invoice\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n"
		"--b\nContent-Type: application/octet-stream; name=inv.exe\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--b--\n", b64);
	triage_report *r = th_scan_raw(scanner, "saved.eml", eml, strlen(eml));
	assert_string_equal(triage_object_fact_str(triage_report_root(r), TF_TYPE), "eml");
	expect_data(r, "saved.eml/inv.exe", pe);
	expect_exec(r, true);
	triage_report_free(&r);

	char *mbox = g_strconcat("From a@example.com  Thu Jul 31 13:49:50 2008\n", eml, NULL);
	r = th_scan_raw(scanner, "inbox", mbox, strlen(mbox));
	expect_data(r, "inbox/inv.exe", pe);
	expect_exec(r, true);
	triage_report_free(&r);
	g_free(mbox);

	/* uuencoded by the transfer encoding */
	GString *uu = g_string_new("From x@example.com Mon Jan  1 00:00:00 2024\n"
		"From: x@example.com\nSubject: uu\nMIME-Version: 1.0\n"
		"Content-Type: application/octet-stream; name=\"u.exe\"\n"
		"Content-Transfer-Encoding: x-uuencode\n\nbegin 644 u.exe\n");
	gsize n;
	const guint8 *d = g_bytes_get_data(pe, &n);
	for (gsize i = 0; i < n; i += 45) {
		gsize k = n - i < 45 ? n - i : 45;
		g_string_append_c(uu, (char)(' ' + k));
		for (gsize j = 0; j < k; j += 3) {
			guint8 t[3] = {0};
			memcpy(t, d + i + j, k - j < 3 ? k - j : 3);
			unsigned v[4] = { t[0] >> 2, (t[0] & 3) << 4 | t[1] >> 4,
					  (t[1] & 15) << 2 | t[2] >> 6, t[2] & 63 };
			for (int q = 0; q < 4; q++)
				g_string_append_c(uu, v[q] ? (char)(' ' + v[q]) : '`');
		}
		g_string_append_c(uu, '\n');
	}
	g_string_append(uu, "`\nend\n");
	r = th_scan_raw(scanner, "mbox.uu", uu->str, uu->len);
	expect_data(r, "mbox.uu/u.exe", pe);
	expect_exec(r, true);
	triage_report_free(&r);
	g_string_free(uu, TRUE);

	/* text that mentions a From: line is still text */
	const char *letter = "Dear team,\nFrom: the board\nTo: everyone\nthanks\n";
	r = th_scan_raw(scanner, "letter.txt", letter, strlen(letter));
	assert_string_equal(triage_object_fact_str(triage_report_root(r), TF_TYPE), "text");
	triage_report_free(&r);
	g_free(eml);
	g_free(b64);
	g_bytes_unref(pe);
}

/* winmail.dat outside MIME: raw, and with bad checksums (read record by record). */
static void
test_raw_tnef(void **state)
{
	(void)state;
	GBytes *pe = ft_pe();
	for (int broken = 0; broken < 2; broken++) {
		GBytes *t = fx_tnef("SETUP.EXE", pe, broken);
		triage_report *r = scan_bytes("winmail.dat", t);
		triage_object *root = triage_report_root(r);
		assert_string_equal(triage_object_fact_str(root, TF_TYPE), "tnef");
		triage_object *c = expect_data(r, "winmail.dat/SETUP.EXE", pe);
		assert_string_equal(triage_object_kind(c), "tnef");
		assert_int_equal(triage_object_unscanned(root),
				 broken ? TRIAGE_UNSCANNED_CORRUPT : TRIAGE_UNSCANNED_NONE);
		expect_exec(r, true);
		triage_report_free(&r);
		scan_mutations("winmail.dat", t, 9);
		g_bytes_unref(t);
	}
	g_bytes_unref(pe);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_data_uri),
		cmocka_unit_test(test_html_cap),
		cmocka_unit_test(test_pdf_embedded),
		cmocka_unit_test(test_pdf_streams),
		cmocka_unit_test(test_arj),
		cmocka_unit_test(test_szdd),
		cmocka_unit_test(test_kwaj),
		cmocka_unit_test(test_binhex),
		cmocka_unit_test(test_raw_mail),
		cmocka_unit_test(test_raw_tnef),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
