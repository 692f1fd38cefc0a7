/* test_rewrite_strip.c - strip, added text parts, signed mail, the report helper, templates. */
#include "config.h"

#include "rewrite_help.h"
#include "object_int.h"
#include "report_int.h"

static const char *ZIP_B64 = "UEsDBBQAAAAIAAAAIQBmb28=";

/* mixed: text, invoice.zip, a pdf. */
static const char *MIXED =
	"From: Mallory <m@example.org>\nTo: bob@example.com\nSubject: invoice\n"
	"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XYZ\"\n\n"
	"--XYZ\nContent-Type: text/plain; charset=utf-8\n\nPlease pay.\n"
	"--XYZ\nContent-Type: application/zip; name=\"invoice.zip\"\n"
	"Content-Disposition: attachment; filename=\"invoice.zip\"\n"
	"Content-Transfer-Encoding: base64\n\nUEsDBBQAAAAIAAAAIQBmb28=\n"
	"--XYZ\nContent-Type: application/pdf; name=\"terms.pdf\"\n"
	"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
	"--XYZ--\n";

/* The zip (part 2) becomes invoice.zip.removed.txt; the pdf keeps its bytes. */
static void
test_strip_locator(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("ja,en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_set_quarantine_id(q, "0123456789abcdef0123456789abcdef");
	triage_rewrite_request_add_finding(q, "macro-xlm-hidden", "invoice.zip > a.xls");
	triage_rewrite_request_add_strip(q, "2", "invoice.zip", "macro-xlm-hidden");
	triage_rewrite_request_add_strip(q, "2", "invoice.zip", "executable");
	triage_rewrite_request_add_strip(q, "2", "invoice.zip", "executable");
	assert_int_equal(triage_rewrite_request_nstrip(q), 1);
	char *wire;
	triage_rewrite *rw = rh_run(b, q, MIXED, &wire);
	assert_int_equal(triage_rewrite_get_outcome(rw), TRIAGE_REWRITE_CHANGED);
	assert_string_equal(triage_rewrite_log(rw), "stripped=1 banner=inserted parts=text");
	assert_true(triage_rewrite_flags(rw) & TRIAGE_REWRITE_STRIPPED);
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	assert_int_equal(triage_rewrite_nstripped(rw), 1);
	assert_string_equal(triage_rewrite_stripped_locator(rw, 0), "2");
	assert_string_equal(triage_rewrite_stripped_name(rw, 0), "invoice.zip");
	size_t dl;
	const unsigned char *d = triage_rewrite_stripped_data(rw, 0, &dl);
	gsize zl;
	guchar *zip = g_base64_decode(ZIP_B64, &zl);
	assert_int_equal(dl, zl);
	assert_memory_equal(d, zip, zl);
	g_free(zip);

	char *body = rh_body(rw);
	char *a = rh_segment(rh_body_of(wire), "XYZ", 2), *c = rh_segment(body, "XYZ", 2);
	assert_string_equal(a, c);
	g_free(a);
	g_free(c);
	g_free(body);

	GMimeMessage *m = rh_parse_result(rw, wire, NULL);
	GMimeObject *note = rh_part(m, "2");
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(note)), "invoice.zip.removed.txt");
	assert_string_equal(g_mime_object_get_disposition(note), "attachment");
	char *t = rh_text(note);
	assert_non_null(strstr(t, "添付ファイル「invoice.zip」は"));
	assert_non_null(strstr(t, "The attachment \"invoice.zip\" was removed"));
	assert_non_null(strstr(t, "hidden sheet"));
	assert_non_null(strstr(t, "this attachment is a program"));
	assert_non_null(strstr(t, "reference: 0123456789abcdef0123456789abcdef"));
	g_free(t);
	t = rh_text(rh_part(m, "1"));
	assert_non_null(strstr(t, "Dangerous attachments were removed"));
	assert_non_null(strstr(t, "Sender: Mallory <m@example.org>"));
	assert_true(g_str_has_suffix(t, "\n\nPlease pay."));
	g_free(t);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/*
 * An attached message whose inner multipart closes right before the
 * outer delimiter (no empty line): GMime would add one when writing it;
 * the splice keeps it byte for byte.
 */
static void
test_strip_keeps_attached_message(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_add_strip(q, "3", "a.exe", "executable");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nContent-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: text/plain\n\nhello\n"
		"--o\nContent-Type: message/rfc822\n\nFrom: x@example.com\nSubject: fwd\n"
		"Content-Type: multipart/alternative; boundary=in\n\n--in\nContent-Type: text/plain\n\ninner\n"
		"--in\nContent-Type: text/html\n\n<p>inner</p>\n--in--\n"
		"--o\nContent-Type: application/octet-stream; name=a.exe\n"
		"Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n--o--\n", &wire);
	assert_string_equal(triage_rewrite_log(rw), "stripped=1 banner=inserted parts=text");
	char *body = rh_body(rw);
	char *a = rh_segment(rh_body_of(wire), "o", 1), *c = rh_segment(body, "o", 1);
	assert_string_equal(a, c);
	assert_true(g_str_has_suffix(c, "<p>inner</p>\r\n--in--"));
	g_free(a);
	g_free(c);
	c = rh_segment(body, "o", 2);
	assert_non_null(strstr(c, "a.exe.removed.txt"));
	g_free(c);
	g_free(body);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* A locator that leads nowhere is logged, and the rest still works. */
static void
test_strip_bad_locator(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_add_strip(q, "9", "x", "executable");
	triage_rewrite_request_add_strip(q, "2.x", "x", "executable");
	char *wire;
	triage_rewrite *rw = rh_run(b, q, MIXED, &wire);
	assert_string_equal(triage_rewrite_log(rw),
			    "strip=not-found locator=9 strip=not-found locator=2.x "
			    "banner=inserted parts=text");
	assert_int_equal(triage_rewrite_nstripped(rw), 0);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* A message that is only an attachment gets a first text part and header edits. */
static void
test_only_attachment(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_add_finding(q, "archive-encrypted", "scan.zip");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nSubject: scan\n"
		"Content-Type: application/zip; name=\"scan.zip\"\n"
		"Content-Disposition: attachment; filename=\"scan.zip\"\n"
		"Content-Transfer-Encoding: base64\n\nUEsDBBQAAAAIAAAAIQBmb28=\nAAAA\n", &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=added-part");
	assert_true(triage_rewrite_flags(rw) & TRIAGE_REWRITE_ADDED_PART);
	bool has;
	const char *ct = rh_edit(rw, "Content-Type", &has);
	assert_true(g_str_has_prefix(ct, "multipart/mixed; boundary="));
	assert_null(rh_edit(rw, "Content-Transfer-Encoding", &has));
	assert_true(has);
	assert_null(rh_edit(rw, "Content-Disposition", &has));
	assert_true(has);
	assert_string_equal(rh_edit(rw, "MIME-Version", &has), "1.0");

	char *full;
	GMimeMessage *m = rh_parse_result(rw, wire, &full);
	/* The edited header block: no stale single-part headers remain. */
	assert_null(strstr(full, "Content-Transfer-Encoding: base64\r\nContent-Type: multipart"));
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_MULTIPART(top));
	assert_int_equal(g_mime_multipart_get_count(GMIME_MULTIPART(top)), 2);
	char *t = rh_text(rh_part(m, "1"));
	assert_non_null(strstr(t, "scan.zip: this compressed (zip) file is locked"));
	g_free(t);
	/* The attachment: its headers moved into the part, its body bytes kept. */
	char *body = rh_body(rw);
	const char *bnd = g_mime_multipart_get_boundary(GMIME_MULTIPART(top));
	char *seg = rh_segment(body, bnd, 1);
	assert_string_equal(seg,
		"Content-Type: application/zip; name=\"scan.zip\"\r\n"
		"Content-Disposition: attachment; filename=\"scan.zip\"\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\nUEsDBBQAAAAIAAAAIQBmb28=\r\nAAAA\r\n");
	g_free(seg);
	g_free(body);
	g_free(full);
	g_object_unref(m);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* multipart/mixed whose first part is an attachment: new part 1, no header edits. */
static void
test_mixed_without_text(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_add_finding(q, "macro-vba", "a.doc");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nContent-Type: multipart/mixed; boundary=q\n\n"
		"--q\nContent-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\nnotes\n"
		"--q\nContent-Type: application/msword\nContent-Transfer-Encoding: base64\n\n0M8R4KGxGuE=\n"
		"--q--\n", &wire);
	assert_string_equal(triage_rewrite_log(rw), "banner=added-part");
	assert_int_equal(triage_rewrite_nheaders(rw), 0);
	char *body = rh_body(rw);
	for (int i = 0; i < 2; i++) {
		char *a = rh_segment(rh_body_of(wire), "q", i), *c = rh_segment(body, "q", i + 1);
		assert_string_equal(a, c);
		g_free(a);
		g_free(c);
	}
	char *first = rh_segment(body, "q", 0);
	assert_non_null(strstr(first, "a.doc: this Office file contains macros"));
	g_free(first);
	g_free(body);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* Signed and encrypted mail is never changed; strip falls back too. */
static void
test_signed_skipped(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	static const struct { const char *msg; triage_rewrite_outcome want; const char *log; } cases[] = {
		{ "From: a@example.com\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\";"
		  " micalg=pgp-sha256; boundary=s\n\n--s\nContent-Type: text/plain\n\nsigned text\n"
		  "--s\nContent-Type: application/pgp-signature\n\nSIG\n--s--\n",
		  TRIAGE_REWRITE_SKIPPED_SIGNED, "banner=skipped reason=signed strip=skipped reason=signed" },
		{ "From: a@example.com\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\n"
		  "Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\n",
		  TRIAGE_REWRITE_SKIPPED_SIGNED, "banner=skipped reason=signed strip=skipped reason=signed" },
		{ "From: a@example.com\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
		  "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--e\nContent-Type: application/octet-stream\n\nX\n--e--\n",
		  TRIAGE_REWRITE_SKIPPED_ENCRYPTED, "banner=skipped reason=encrypted strip=skipped reason=encrypted" },
		{ "From: a@example.com\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\n\nX\n",
		  TRIAGE_REWRITE_SKIPPED_ENCRYPTED, "banner=skipped reason=encrypted strip=skipped reason=encrypted" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
		triage_rewrite_request_add_strip(q, "1", "x", "executable");
		char *wire;
		triage_rewrite *rw = rh_run(b, q, cases[i].msg, &wire);
		assert_int_equal(triage_rewrite_get_outcome(rw), cases[i].want);
		assert_false(triage_rewrite_changed(rw));
		assert_string_equal(triage_rewrite_log(rw), cases[i].log);
		size_t n = 1;
		assert_null(triage_rewrite_body(rw, &n));
		assert_int_equal(n, 0);
		assert_int_equal(triage_rewrite_nheaders(rw), 0);
		triage_rewrite_free(&rw);
		g_free(wire);
		triage_rewrite_request_free(&q);
	}
	/* A signed first part of a mixed message: no banner there, strip elsewhere. */
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_add_strip(q, "2", "x.exe", "executable");
	char *wire;
	triage_rewrite *rw = rh_run(b, q,
		"From: a@example.com\nContent-Type: multipart/mixed; boundary=o\n\n"
		"--o\nContent-Type: multipart/signed; boundary=s\n\n--s\nContent-Type: text/plain\n\nt\n"
		"--s\nContent-Type: application/pgp-signature\n\nSIG\n--s--\n"
		"--o\nContent-Type: application/octet-stream; name=x.exe\n\nMZ\n--o--\n", &wire);
	assert_int_equal(triage_rewrite_get_outcome(rw), TRIAGE_REWRITE_CHANGED);
	assert_string_equal(triage_rewrite_log(rw), "stripped=1 banner=skipped reason=signed");
	char *body = rh_body(rw);
	char *a = rh_segment(rh_body_of(wire), "o", 0), *c = rh_segment(body, "o", 0);
	assert_string_equal(a, c);
	g_free(a);
	g_free(c);
	g_free(body);
	triage_rewrite_free(&rw);
	g_free(wire);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/* Garbage is reported as corrupt only when GMime finds no message at all. */
static void
test_unparsable(void **state)
{
	(void)state;
	triage_banner *b = rh_banner("en");
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite *rw = (triage_rewrite *)1;
	assert_int_equal(triage_rewrite_run(b, q, (const unsigned char *)"", 0, &rw), TRIAGE_CORRUPT);
	assert_null(rw);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
}

/*
 * The report helper: names from the attachment down, strip targets only
 * for findings whose action is strip or stronger, at the top-level part.
 */
static void
test_request_from_report(void **state)
{
	(void)state;
	triage_blob *blob = triage_blob_new_copy("x", 1);
	triage_object *root = triage_object_new_root("m.eml", "message", blob);
	triage_object *zip = triage_object_add_child(root, "invoice.zip", "invoice.zip", "mime", blob);
	triage_object_set_locator(zip, "2");
	triage_object *xls = triage_object_add_child(zip, "invoice.xlsm", "invoice.xlsm", "member", blob);
	triage_object *mod = triage_object_add_child(xls, "vba:Module1", "Module1", "vba", blob);
	triage_object_add_finding(mod, "macro-vba-autoexec", TRIAGE_SEV_HIGH, "R1", "d");
	triage_object *txt = triage_object_add_child(root, "notes.txt", "notes.txt", "mime", blob);
	triage_object_set_locator(txt, "3");
	triage_object_add_finding(txt, "corrupt", TRIAGE_SEV_LOW, "R2", "d");
	triage_object_add_finding(root, "html-smuggling", TRIAGE_SEV_HIGH, "R3", "d");
	triage_blob_unref(&blob);
	triage_report *r = triage_report_new(root, "s", 0);
	triage_config *cfg = triage_config_new();

	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_add_report(q, r, cfg, TRIAGE_INBOUND);
	assert_int_equal(q->items->len, 3);
	assert_int_equal(triage_rewrite_request_nstrip(q), 1);
	rw_strip *s = g_ptr_array_index(q->strips, 0);
	assert_string_equal(s->locator, "2");
	assert_string_equal(s->name, "invoice.zip");
	assert_string_equal(g_ptr_array_index(s->categories, 0), "macro-vba-autoexec");
	bool seen_path = false, seen_root = false;
	for (size_t i = 0; i < q->items->len; i++) {
		rw_item *it = g_ptr_array_index(q->items, i);
		if (strcmp(it->category, "macro-vba-autoexec") == 0)
			seen_path = strcmp(it->name, "invoice.zip > invoice.xlsm") == 0;
		if (strcmp(it->category, "html-smuggling") == 0)
			seen_root = *it->name == '\0';
	}
	assert_true(seen_path);
	assert_true(seen_root);
	triage_rewrite_request_free(&q);

	/* Without a policy every top-level part with a finding goes. */
	q = triage_rewrite_request_new(TRIAGE_REWRITE_STRIP);
	triage_rewrite_request_add_report(q, r, NULL, TRIAGE_INBOUND);
	assert_int_equal(triage_rewrite_request_nstrip(q), 2);
	triage_rewrite_request_free(&q);
	/* Banner mode never strips. */
	q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_add_report(q, r, NULL, TRIAGE_INBOUND);
	assert_int_equal(triage_rewrite_request_nstrip(q), 0);

	/* The empty name of a root finding reads "(message text)". */
	triage_banner *b = rh_banner("en");
	char *t = rw_banner_text(b, q, "x@example.com");
	assert_non_null(strstr(t, "  * (message text): this web page file"));
	assert_non_null(strstr(t, "  * invoice.zip > invoice.xlsm: this Office file"));
	g_free(t);
	triage_banner_free(&b);
	triage_rewrite_request_free(&q);
	triage_config_free(&cfg);
	triage_report_free(&r);
}

/* Every category of the vocabulary is described in English and Japanese,
 * and the Japanese texts survive both Japanese mail charsets. */
static void
test_descriptions_complete(void **state)
{
	(void)state;
	static const char *cats[] = {
		"macro-vba", "macro-vba-autoexec", "macro-vba-suspicious", "macro-xlm",
		"macro-xlm-hidden", "office-encrypted", "office-template-injection",
		"office-external-link", "office-dde", "office-embedded-object", "rtf-object",
		"archive-encrypted", "archive-decrypted", "limit-exceeded", "corrupt",
		"executable", "script", "shortcut", "disk-image", "onenote-embedded",
		"html-smuggling", "filename-rtlo", "filename-double-extension", "type-mismatch",
		"default", "unnamed", "action.banner", "action.strip",
	};
	triage_banner *b = rh_banner("ja,en");
	assert_int_equal(triage_banner_nlanguages(b), 2);
	assert_string_equal(triage_banner_language(b, 0), "ja");
	for (size_t i = 0; i < G_N_ELEMENTS(cats); i++) {
		const char *en = triage_banner_describe(b, "en", cats[i]);
		const char *ja = triage_banner_describe(b, "ja", cats[i]);
		if (en == NULL || ja == NULL)
			fail_msg("no description for %s", cats[i]);
		for (const char *p = en; *p; p++)
			assert_true((unsigned char)*p < 0x80);  /* any charset holds it */
		const char *sets[] = { "SHIFT_JIS", "ISO-2022-JP" };
		for (size_t k = 0; k < 2; k++) {
			char *c = g_convert(ja, -1, sets[k], "UTF-8", NULL, NULL, NULL);
			if (c == NULL)
				fail_msg("%s (ja) does not convert to %s", cats[i], sets[k]);
			g_free(c);
		}
	}
	/* The templates themselves convert too. */
	const char *files[] = { "banner.ja.txt", "banner.ja.html", "removed.ja.txt" };
	char *dir = rh_template_dir();
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *p = g_build_filename(dir, files[i], NULL), *data = NULL;
		assert_true(g_file_get_contents(p, &data, NULL, NULL));
		char *c = g_convert(data, -1, "SHIFT_JIS", "UTF-8", NULL, NULL, NULL);
		if (c == NULL)
			fail_msg("%s does not convert to Shift_JIS", files[i]);
		g_free(c);
		g_free(data);
		g_free(p);
	}
	g_free(dir);
	triage_banner_free(&b);
}

/* Bad language codes and missing files are config errors with a reason. */
static void
test_banner_load_errors(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	char *dir = rh_template_dir();
	char err[512];
	triage_banner *b = NULL;
	g_strfreev(cfg->banner_languages);
	cfg->banner_languages = g_strsplit("../etc", ",", -1);
	assert_int_equal(triage_banner_load(cfg, dir, &b, err, sizeof err), TRIAGE_ERR_CONFIG);
	assert_null(b);
	assert_non_null(strstr(err, "not a language code"));
	g_strfreev(cfg->banner_languages);
	cfg->banner_languages = g_strsplit("fr", ",", -1);
	assert_int_equal(triage_banner_load(cfg, dir, &b, err, sizeof err), TRIAGE_ERR_CONFIG);
	assert_non_null(strstr(err, "banner.fr.txt"));
	/* An admin's single text file is the whole banner. */
	char *tmp = th_tmpdir();
	char *own = g_build_filename(tmp, "mine.txt", NULL);
	const char *tpl = "NOTE {{attachments}} / {{unknown}} / {{sender}}\r\n";
	th_write_file(own, tpl, strlen(tpl));
	g_strfreev(cfg->banner_languages);
	cfg->banner_languages = g_strsplit("en,ja", ",", -1);
	g_free(cfg->banner_text_file);
	cfg->banner_text_file = g_strdup(own);
	assert_int_equal(triage_banner_load(cfg, dir, &b, err, sizeof err), TRIAGE_OK);
	triage_rewrite_request *q = triage_rewrite_request_new(TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_add_finding(q, "script", "a.js");
	triage_rewrite_request_add_finding(q, "executable", "b.exe");
	triage_rewrite_request_add_finding(q, "script", "a.js");
	char *t = rw_banner_text(b, q, "s@x");
	assert_string_equal(t, "NOTE a.js, b.exe / {{unknown}} / s@x\n\n");
	g_free(t);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
	th_rmtree(tmp);
	g_free(tmp);
	g_free(own);
	g_free(dir);
	triage_config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_locator),
		cmocka_unit_test(test_strip_bad_locator),
		cmocka_unit_test(test_strip_keeps_attached_message),
		cmocka_unit_test(test_only_attachment),
		cmocka_unit_test(test_mixed_without_text),
		cmocka_unit_test(test_signed_skipped),
		cmocka_unit_test(test_unparsable),
		cmocka_unit_test(test_request_from_report),
		cmocka_unit_test(test_descriptions_complete),
		cmocka_unit_test(test_banner_load_errors),
	};
	return cmocka_run_group_tests_name("rewrite_strip", tests, NULL, NULL);
}
