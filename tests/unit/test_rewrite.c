/* test_rewrite.c - banners in text and HTML parts: charsets, encodings, bytes. */
#include "config.h"

#include "rewrite_help.h"

static const char *EN_MACRO = "macros that run as soon as it is opened";
static const char *JA_MACRO = "開くとすぐに動くマクロ";

/* A banner request with one finding. */
static triage_rewrite_request *
one_finding(void)
{
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_add_finding(q, "macro-vba-autoexec", "invoice.zip > invoice.xlsm");
	return q;
}

/* Plain us-ascii text, English banner: charset and 7bit kept, no header edits. */
static void
test_plain_text(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = one_finding();
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: hi\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n"
		"Content-Transfer-Encoding: 7bit\n\nHello Bob,\nsee attached.\n", &wire);
	assert_int_equal(triage_rewrite_get_outcome(rw), TRIAGE_REWRITE_CHANGED);
	assert_true(triage_rewrite_flags(rw) & TRIAGE_REWRITE_TEXT);
	assert_string_equal(triage_rewrite_log(rw), "banner=inserted parts=text");
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	size_t n;
	const char *body = (const char *)triage_rewrite_body(rw, &n);
	char *s = g_strndup(body, n);
	/* Banner first, then the original text unchanged, CRLF throughout. */
	assert_true(g_str_has_prefix(s, "------"));
	assert_non_null(strstr(s, "WARNING from your mail filter"));
	assert_non_null(strstr(s, "  * invoice.zip > invoice.xlsm: this Office file contains "));
	assert_non_null(strstr(s, EN_MACRO));
	assert_non_null(strstr(s, "Sender: Alice <alice@example.com>\r\n"));
	assert_true(g_str_has_suffix(s, "\r\n\r\nHello Bob,\r\nsee attached.\r\n"));
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			assert_true(i > 0 && s[i - 1] == '\r');
	g_free(s);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* us-ascii cannot hold Japanese: re-labelled UTF-8, 7bit becomes QP. */
static void
test_plain_relabel(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("ja,en");
	triage_rewrite_request *q = one_finding();
	triage_rewrite_request_set_sender(q, "sender@example.net");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=us-ascii;\n"
		" format=flowed\n\nOriginal text.\n", &wire);
	assert_int_equal(triage_rewrite_get_outcome(rw), TRIAGE_REWRITE_CHANGED);
	assert_true(triage_rewrite_flags(rw) & TRIAGE_REWRITE_RELABELLED);
	assert_non_null(strstr(triage_rewrite_log(rw), "charset=relabelled"));
	bool has;
	const char *ct = rh_edit(rw, "Content-Type", &has);
	assert_true(has);
	assert_non_null(strstr(ct, "text/plain"));
	assert_non_null(strstr(ct, "charset=utf-8"));
	assert_non_null(strstr(ct, "format=flowed"));
	assert_string_equal(rh_edit(rw, "Content-Transfer-Encoding", &has), "quoted-printable");
	assert_string_equal(rh_edit(rw, "MIME-Version", &has), "1.0");
	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	char *t = rh_text(g_mime_message_get_mime_part(m));
	/* Japanese block first, then English, then the original. */
	char *ja = strstr(t, JA_MACRO), *en = strstr(t, EN_MACRO);
	assert_non_null(ja);
	assert_non_null(en);
	assert_true(ja < en);
	assert_non_null(strstr(t, "送信者：sender@example.net"));
	assert_true(g_str_has_suffix(t, "\nOriginal text.\n"));
	g_free(t);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* HTML-only message: after <BODY ...> with a '>' inside a quoted attribute. */
static void
test_html_only(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = one_finding();
	triage_rewrite_request_set_sender(q, "<script>alert(1)</script>@evil");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nContent-Type: text/html; charset=utf-8\n"
		"Content-Transfer-Encoding: 8bit\n\n"
		"<html><head><!-- <body class=x> --><title>t</title></head>\n"
		"<BODY bgcolor=\"#ffffff\" data-x='a>b'><p>Hi</p></BODY></html>\n", &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=inserted parts=html");
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	char *s = rh_body(rw);
	const char *tag = "<BODY bgcolor=\"#ffffff\" data-x='a>b'>";
	char *at = strstr(s, tag);
	assert_non_null(at);
	assert_true(g_str_has_prefix(at + strlen(tag), "\r\n<!-- triage-milter banner -->"));
	/* The commented-out body tag in the head is left alone. */
	assert_true(strstr(s, "<!-- <body class=x> --><title>t</title></head>") < at);
	assert_non_null(strstr(s, "<table role=\"presentation\""));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;@evil"));
	assert_null(strstr(s, "<script>"));
	assert_non_null(strstr(s, "<!-- end triage-milter banner -->\r\n<p>Hi</p></BODY>"));
	g_free(s);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* Where the HTML block goes without a body tag, and what is not a body tag. */
static void
test_html_offset(void **state)
{
	(void)state;
	static const struct { const char *html; const char *after; } cases[] = {
		{ "<p>no tags at all</p>", "" },
		{ "<html><head><title>x</title></head><p>x</p>", "</head>" },
		{ "<html lang=\"ja\"><p>x</p>", "<html lang=\"ja\">" },
		{ "<html><bodyx><body\tid=1>x", "<body\tid=1>" },
		{ "<body/>x", "<body/>" },
		{ "<BoDy>", "<BoDy>" },
		{ "<body unclosed", "<body unclosed" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *h = cases[i].html;
		size_t at = rw_html_offset(h, strlen(h), false);
		const char *want = strstr(h, cases[i].after);
		assert_int_equal(at, (size_t)(want - h) + strlen(cases[i].after));
	}
	/* In ISO-2022-JP, "<body" inside a two-byte run is not markup. */
	const char jis[] = "\x1b$B<body>\x1b(B<body>x";
	assert_int_equal(rw_html_offset(jis, strlen(jis), true), strlen(jis) - 1);
	assert_int_equal(rw_html_offset(jis, strlen(jis), false), 9);
}

/* multipart/alternative with a base64 text and a QP HTML part: both, CTE kept. */
static void
test_alternative_encodings(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = one_finding();
	char *t64 = g_base64_encode((const guchar *)"Plain body\r\nline two\r\n", 22);
	char *msg = g_strdup_printf(
		"From: a@example.com\nMIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=\"ALT\"\n\n"
		"--ALT\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n%s\n"
		"--ALT\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
		"<html><body style=3D\"margin:0\"><p>HTML =E2=9C=93 body</p></body></html>\n"
		"--ALT--\n", t64);
	char *wire;
	triage_rewrite *rw = rh_run(b, q, msg, &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=inserted parts=text,html");
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	GMimeObject *tp = rh_part(m, "1"), *hp = rh_part(m, "2");
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(tp)), GMIME_CONTENT_ENCODING_BASE64);
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(hp)), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	char *text = rh_text(tp), *html = rh_text(hp);
	/* The base64 text kept its CRLF lines; the banner follows them. */
	assert_non_null(strstr(text, "WARNING from your mail filter"));
	GByteArray *raw = rw_part_decode(GMIME_PART(tp));
	char *rs = g_strndup((const char *)raw->data, raw->len);
	assert_true(g_str_has_suffix(rs, "----\r\n\r\nPlain body\r\nline two\r\n"));
	for (guint i = 0; i < raw->len; i++)
		if (rs[i] == '\n')
			assert_true(i > 0 && rs[i - 1] == '\r');
	g_free(rs);
	g_byte_array_unref(raw);
	assert_non_null(strstr(html, "<body style=\"margin:0\">\n<!-- triage-milter banner -->"));
	assert_non_null(strstr(html, "<p>HTML \xe2\x9c\x93 body</p>"));
	assert_non_null(strstr(html, EN_MACRO));
	g_free(text);
	g_free(html);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	g_free(msg);
	g_free(t64);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/*
 * multipart/mixed > (alternative, zip, pdf): the banner goes into the
 * nested alternative; the attachments, the preamble, the epilogue and the
 * boundaries come out byte for byte.
 */
static void
test_mixed_byte_identical(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = one_finding();
	const char *msg =
		"From: a@example.com\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed;\n\tboundary=\"=_outer_42\"\n\n"
		"This is a multi-part message in MIME format.\n"
		"--=_outer_42\n"
		"Content-Type: multipart/alternative; boundary=inner\n\n"
		"--inner\nContent-Type: text/plain\n\nbody text\n"
		"--inner\nContent-Type: text/html\n\n<p>body html</p>\n"
		"--inner--\n"
		"--=_outer_42\n"
		"content-type:application/zip;name=\"invoice.zip\"\n"
		"Content-Transfer-Encoding:  BASE64\n"
		"Content-Disposition: attachment;\n\tfilename=\"invoice.zip\"\n\n"
		"UEsDBBQAAAAIAAAAIQBmb28=\nAAAA\n\n"
		"--=_outer_42\n"
		"Content-Type: application/pdf; name==?UTF-8?B?6KuL5rGC5pu4LnBkZg==?=\n"
		"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
		"--=_outer_42--\n"
		"epilogue line\n";
	char *wire;
	triage_rewrite *rw = rh_run(b, q, msg, &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=inserted parts=text,html");
	char *body = rh_body(rw);
	const char *orig = rh_body_of(wire);
	/* Preamble and epilogue. */
	assert_true(g_str_has_prefix(body, "This is a multi-part message in MIME format.\r\n--=_outer_42\r\n"));
	assert_true(g_str_has_suffix(body, "\r\n--=_outer_42--\r\nepilogue line\r\n"));
	/* Attachments: same bytes, headers and all. */
	for (int i = 1; i <= 2; i++) {
		char *a = rh_segment(orig, "=_outer_42", i), *c = rh_segment(body, "=_outer_42", i);
		assert_string_equal(a, c);
		g_free(a);
		g_free(c);
	}
	/* The nested alternative kept its boundary and part headers. */
	char *alt = rh_segment(body, "=_outer_42", 0);
	assert_true(g_str_has_prefix(alt, "Content-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\n"
				      "Content-Type: text/plain\r\n\r\n---"));
	assert_non_null(strstr(alt, "\r\n\r\nbody text\r\n--inner\r\nContent-Type: text/html\r\n\r\n\r\n<!-- triage-milter banner -->"));
	g_free(alt);
	g_free(body);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* ISO-2022-JP text stays ISO-2022-JP and 7bit, the banner converted to it. */
static void
test_iso2022jp(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("ja,en");
	triage_rewrite_request *q = one_finding();
	char *jis = g_convert("お世話になっております。\n請求書を送ります。\n", -1,
			      "ISO-2022-JP", "UTF-8", NULL, NULL, NULL);
	assert_non_null(jis);
	char *msg = g_strdup_printf(
		"From: a@example.jp\nMIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n%s", jis);
	char *wire;
	triage_rewrite *rw = rh_run(b, q, msg, &wire);
	assert_int_equal(triage_rewrite_get_outcome(rw), TRIAGE_REWRITE_CHANGED);
	assert_false(triage_rewrite_flags(rw) & TRIAGE_REWRITE_RELABELLED);
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	size_t n;
	const unsigned char *body = triage_rewrite_body(rw, &n);
	for (size_t i = 0; i < n; i++)
		assert_true(body[i] < 0x80);   /* still 7bit */
	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_string_equal(g_mime_object_get_content_type_parameter(top, "charset"), "ISO-2022-JP");
	char *t = rh_text(top);
	assert_non_null(strstr(t, JA_MACRO));
	assert_non_null(strstr(t, EN_MACRO));
	assert_true(g_str_has_suffix(t, "\n\nお世話になっております。\n請求書を送ります。\n"));
	g_free(t);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	g_free(msg);
	g_free(jis);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* Shift_JIS text in base64 and Shift_JIS HTML in QP keep charset and CTE. */
static void
test_shift_jis(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("ja");
	triage_rewrite_request *q = one_finding();
	gsize tl = 0, hl = 0;
	char *sj = g_convert("本文です。\r\n", -1, "SHIFT_JIS", "UTF-8", NULL, &tl, NULL);
	char *sjh = g_convert("<html><body><p>本文です。</p></body></html>", -1, "SHIFT_JIS",
			      "UTF-8", NULL, &hl, NULL);
	char *t64 = g_base64_encode((const guchar *)sj, tl);
	/* QP of the HTML by hand: every 8-bit byte as =XX. */
	GString *qp = g_string_new(NULL);
	for (gsize i = 0; i < hl; i++) {
		unsigned char c = (unsigned char)sjh[i];
		if (c >= 0x80 || c == '=')
			g_string_append_printf(qp, "=%02X", c);
		else
			g_string_append_c(qp, (char)c);
	}
	char *msg = g_strdup_printf(
		"From: a@example.jp\nMIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=b\n\n"
		"--b\nContent-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: base64\n\n%s\n"
		"--b\nContent-Type: text/html; charset=\"shift_jis\"\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
		"--b--\n", t64, qp->str);
	char *wire;
	triage_rewrite *rw = rh_run(b, q, msg, &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=inserted parts=text,html");
	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	GMimeObject *tp = rh_part(m, "1"), *hp = rh_part(m, "2");
	assert_string_equal(g_mime_object_get_content_type_parameter(tp, "charset"), "Shift_JIS");
	assert_string_equal(g_mime_object_get_content_type_parameter(hp, "charset"), "shift_jis");
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(tp)), GMIME_CONTENT_ENCODING_BASE64);
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(hp)), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	char *text = rh_text(tp), *html = rh_text(hp);
	assert_non_null(strstr(text, JA_MACRO));
	assert_true(g_str_has_suffix(text, "\n\n本文です。\n"));
	assert_non_null(strstr(html, "<html><body>\n<!-- triage-milter banner -->"));
	assert_non_null(strstr(html, JA_MACRO));
	/* JIS X 0208 holds every character of the Japanese template. */
	assert_null(strstr(html, "&#1"));
	assert_non_null(strstr(html, "<p>本文です。</p>"));
	g_free(text);
	g_free(html);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	g_free(msg);
	g_string_free(qp, TRUE);
	g_free(t64);
	g_free(sj);
	g_free(sjh);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* An ISO-8859-1 HTML part gets Japanese as character references, not a relabel. */
static void
test_html_latin1_references(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("ja");
	triage_rewrite_request *q = one_finding();
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nContent-Type: text/html; charset=iso-8859-1\n"
		"Content-Transfer-Encoding: quoted-printable\n\n<body><p>Gr=FC=DFe</p></body>\n", &wire);
	assert_false(triage_rewrite_flags(rw) & TRIAGE_REWRITE_RELABELLED);
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	char *h = rh_text(g_mime_message_get_mime_part(m));
	assert_non_null(strstr(h, "&#12371;"));   /* こ */
	assert_non_null(strstr(h, "<p>Gr\xc3\xbc\xc3\x9f" "e</p>"));
	g_free(h);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* Names from the message cannot spoof the banner: bidi shown, controls gone. */
static void
test_sanitize(void **state)
{
	(void)state;
	char *s = rw_sanitize("invoice\xe2\x80\xaegpj.exe\r\nX-Evil: 1");
	assert_string_equal(s, "invoice[U+202E]gpj.exe  X-Evil: 1");
	g_free(s);
	s = rw_sanitize("bad \xff utf8");
	assert_true(g_utf8_validate(s, -1, NULL));
	g_free(s);
	GString *longname = g_string_new(NULL);
	for (int i = 0; i < 500; i++)
		g_string_append_c(longname, 'a');
	s = rw_sanitize(longname->str);
	assert_int_equal(strlen(s), RW_MAX_NAME + 3);
	g_free(s);
	g_string_free(longname, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_plain_relabel),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_html_offset),
		cmocka_unit_test(test_alternative_encodings),
		cmocka_unit_test(test_mixed_byte_identical),
		cmocka_unit_test(test_iso2022jp),
		cmocka_unit_test(test_shift_jis),
		cmocka_unit_test(test_html_latin1_references),
		cmocka_unit_test(test_sanitize),
	};
	return cmocka_run_group_tests_name("rewrite", tests, NULL, NULL);
}
