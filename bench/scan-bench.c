/* scan-bench - throughput, CPU time and peak memory of the engine, in-process.
 *
 * Builds its own messages (nothing is read from the network or the corpus
 * unless TRIAGE_CORPUS is given), scans each kind many times with one
 * scanner, and prints messages/s, MB/s of decoded bytes and CPU ms per
 * message.  Peak memory for the large-attachment message is measured in a
 * child process so that the other runs do not count.
 *
 *   scan-bench [-r RULES_DIR] [-n ITERATIONS] [-k KIND]
 *   scan-bench -w DIR     write the generated messages as DIR/KIND.eml
 *                         (used by bench/postfix-bench.sh) and exit
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <getopt.h>
#include <gsf/gsf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>

#include "triage/triage.h"
#include "olefix.h"

static guint32 seed = 12345;

/* Deterministic pseudo-random words, compressible like real text. */
static void
append_words(GString *s, size_t bytes)
{
	static const char *words[] = {"invoice", "total", "quarterly", "report",
		"customer", "shipment", "請求書", "見積", "amount", "due", "the",
		"and", "for", "delivery", "contract", "payment", "2026", "order"};
	while (s->len < bytes) {
		seed = seed * 1103515245u + 12345u;
		g_string_append(s, words[(seed >> 16) % G_N_ELEMENTS(words)]);
		g_string_append_c(s, (seed & 7) == 0 ? '\n' : ' ');
	}
}

/* Incompressible bytes (stands in for embedded pictures). */
static void
append_noise(GByteArray *a, size_t bytes)
{
	for (size_t i = 0; i < bytes; i++) {
		seed = seed * 1664525u + 1013904223u;
		guint8 b = (guint8)(seed >> 24);
		g_byte_array_append(a, &b, 1);
	}
}

static la_ssize_t
zip_write_cb(struct archive *a, void *user, const void *buf, size_t n)
{
	(void)a;
	g_byte_array_append(user, buf, (guint)n);
	return (la_ssize_t)n;
}

/* A zip of (name, data) pairs; names[i] NULL ends the list. */
static GByteArray *
make_zip(const char **names, GByteArray **datas)
{
	GByteArray *out = g_byte_array_new();
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_open(a, out, NULL, zip_write_cb, NULL);
	for (int i = 0; names[i]; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, datas[i]->len);
		archive_write_header(a, e);
		archive_write_data(a, datas[i]->data, datas[i]->len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

static GByteArray *
bytes_of(const char *s, size_t len)
{
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, (const guint8 *)s, (guint)len);
	return a;
}

/* An OOXML package: content types, a big XML part, a picture. */
static GByteArray *
make_ooxml(const char *main_part, size_t text_bytes, size_t pic_bytes)
{
	GString *xml = g_string_new("<?xml version=\"1.0\"?><doc><p>");
	append_words(xml, text_bytes);
	g_string_append(xml, "</p></doc>");
	const char *ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
	const char *rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>";
	GByteArray *pic = g_byte_array_new();
	append_noise(pic, pic_bytes);
	const char *names[] = {"[Content_Types].xml", "_rels/.rels", main_part,
			       "media/image1.png", NULL};
	GByteArray *datas[] = {bytes_of(ct, strlen(ct)), bytes_of(rels, strlen(rels)),
			       bytes_of(xml->str, xml->len), pic};
	GByteArray *z = make_zip(names, datas);
	for (int i = 0; i < 4; i++)
		g_byte_array_free(datas[i], TRUE);
	g_string_free(xml, TRUE);
	return z;
}

/*
 * A Word 97 document with a large WordDocument stream and a VBA project
 * whose macro runs on open (the engine extracts, decompresses and
 * classifies it: the work the Office analyzers do on real Emotet mail).
 */
static GByteArray *
make_ole(size_t bytes)
{
	olefix f;
	olefix_begin(&f);
	GString *text = g_string_new("");
	append_words(text, bytes);
	/* FIB magic so the reader treats it as Word */
	text->str[0] = (char)0xEC;
	text->str[1] = (char)0xA5;
	olefix_stream(f.root, "WordDocument", text->str, text->len);
	GsfOutfile *macros = olefix_storage(f.root, "Macros");
	GString *src = g_string_new("Attribute VB_Name = \"NewMacros\"\r\n"
		"Sub Document_Open()\r\n    Dim p As String\r\n"
		"    p = Environ(\"TEMP\") & \"\\report.txt\"\r\n"
		"    Open p For Output As #1\r\n    Print #1, \"quarterly\"\r\n"
		"    Close #1\r\nEnd Sub\r\n");
	for (int i = 0; i < 200; i++)
		g_string_append_printf(src, "Function Calc%d(a As Long) As Long\r\n"
			"    Calc%d = a * %d + 7\r\nEnd Function\r\n", i, i, i);
	olefix_module mods[] = {
		{"ThisDocument", "Attribute VB_Name = \"ThisDocument\"\r\n", NULL, 0, true},
		{"NewMacros", src->str, NULL, 0, false},
	};
	olefix_vba_project(macros, mods, 2, true);
	olefix_close(macros);
	g_string_free(src, TRUE);
	g_string_free(text, TRUE);
	return olefix_end(&f);
}

/* An .xlsm-like package: a hidden Excel 4.0 macro sheet started by Auto_Open. */
static GByteArray *
make_xlsm(size_t text_bytes, size_t pic_bytes)
{
	const char *ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Override PartName=\"/xl/macrosheets/sheet1.xml\" ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/></Types>";
	const char *wb = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
		"<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
		"<sheet name=\"Macro1\" sheetId=\"2\" state=\"veryHidden\" r:id=\"rId2\"/></sheets>"
		"<definedNames><definedName name=\"_xlnm.Auto_Open\">Macro1!$A$1</definedName></definedNames></workbook>";
	const char *wbrels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet\" Target=\"macrosheets/sheet1.xml\"/></Relationships>";
	const char *ms = "<?xml version=\"1.0\"?><xm:macrosheet xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\">"
		"<sheetData><row r=\"1\"><c r=\"A1\"><f>ALERT(\"quarterly\")</f></c></row>"
		"<row r=\"2\"><c r=\"A2\"><f>HALT()</f></c></row></sheetData></xm:macrosheet>";
	GString *sheet = g_string_new("<?xml version=\"1.0\"?><worksheet><sheetData><row><c><v>");
	append_words(sheet, text_bytes);
	g_string_append(sheet, "</v></c></row></sheetData></worksheet>");
	GByteArray *pic = g_byte_array_new();
	append_noise(pic, pic_bytes);
	const char *names[] = {"[Content_Types].xml", "xl/workbook.xml",
		"xl/_rels/workbook.xml.rels", "xl/macrosheets/sheet1.xml",
		"xl/worksheets/sheet1.xml", "xl/media/image1.png", NULL};
	GByteArray *datas[] = {bytes_of(ct, strlen(ct)), bytes_of(wb, strlen(wb)),
		bytes_of(wbrels, strlen(wbrels)), bytes_of(ms, strlen(ms)),
		bytes_of(sheet->str, sheet->len), pic};
	GByteArray *z = make_zip(names, datas);
	for (int i = 0; i < 6; i++)
		g_byte_array_free(datas[i], TRUE);
	g_string_free(sheet, TRUE);
	return z;
}

/* A message with one base64 attachment (or none when data is NULL). */
static GString *
make_message(const char *subject, size_t text_bytes, const char *att_name,
	     const char *att_type, const guint8 *data, size_t len)
{
	GString *m = g_string_new("");
	g_string_append_printf(m,
		"From: Alice <alice@example.org>\r\nTo: bob@example.com\r\n"
		"Subject: %s\r\nDate: Thu, 26 Nov 2026 09:00:00 +0900\r\n"
		"Message-ID: <bench@example.org>\r\nMIME-Version: 1.0\r\n", subject);
	GString *body = g_string_new("");
	append_words(body, text_bytes);
	if (data == NULL) {
		g_string_append(m, "Content-Type: text/plain; charset=utf-8\r\n\r\n");
		g_string_append(m, body->str);
	} else {
		g_string_append(m, "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
			"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
		g_string_append(m, body->str);
		g_string_append_printf(m, "\r\n--b1\r\nContent-Type: %s\r\n"
			"Content-Transfer-Encoding: base64\r\n"
			"Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
			att_type, att_name);
		char *b64 = g_base64_encode(data, len);
		size_t n = strlen(b64);
		for (size_t i = 0; i < n; i += 76) {
			g_string_append_len(m, b64 + i, (gssize)MIN(76, n - i));
			g_string_append(m, "\r\n");
		}
		g_free(b64);
		g_string_append(m, "--b1--\r\n");
	}
	g_string_free(body, TRUE);
	return m;
}

static double
cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
	       ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
}

/* Decoded bytes below the root. */
static uint64_t
decoded_bytes(const triage_object *o)
{
	uint64_t n = 0;
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		const triage_object *c = triage_object_child(o, i);
		n += triage_object_size(c) + decoded_bytes(c);
	}
	return n;
}

/* Scan one message n times and print its line. */
static void
bench_kind(triage_scanner *sc, const char *kind, const GString *msg, int n)
{
	uint64_t bytes = 0;
	triage_severity sev = TRIAGE_SEV_NONE;
	double c0 = cpu_ms();
	gint64 t0 = g_get_monotonic_time();
	for (int i = 0; i < n; i++) {
		triage_report *r = NULL;
		if (triage_scanner_scan_mem(sc, msg->str, msg->len, "bench", 0, &r) != TRIAGE_OK) {
			fprintf(stderr, "scan failed: %s\n", triage_scanner_error(sc));
			exit(1);
		}
		bytes += decoded_bytes(triage_report_root(r));
		sev = triage_report_severity(r);
		triage_report_free(&r);
	}
	double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
	double cpu = cpu_ms() - c0;
	printf("%-16s %9zu %6d %10.1f %9.1f %10.3f  %s\n", kind, msg->len, n,
	       n / wall, (double)bytes / 1e6 / wall, cpu / n,
	       triage_severity_name(sev));
}

/* Every message of the labelled corpus, when it is there ($TRIAGE_CORPUS). */
static void
bench_corpus(triage_scanner *sc, int n)
{
	const char *dir = getenv("TRIAGE_CORPUS");
	if (dir == NULL || !g_file_test(dir, G_FILE_TEST_IS_DIR))
		return;
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *msgs = g_ptr_array_new();
	size_t total = 0;
	const char *ent;
	while (d && (ent = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(ent, ".eml"))
			continue;
		char *p = g_build_filename(dir, ent, NULL);
		gchar *data = NULL;
		gsize len = 0;
		if (g_file_get_contents(p, &data, &len, NULL)) {
			GString *m = g_string_new_len(data, (gssize)len);
			g_ptr_array_add(msgs, m);
			total += len;
			g_free(data);
		}
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	if (msgs->len == 0)
		goto out;
	uint64_t bytes = 0;
	double c0 = cpu_ms();
	gint64 t0 = g_get_monotonic_time();
	for (int i = 0; i < n; i++) {
		for (guint k = 0; k < msgs->len; k++) {
			GString *m = g_ptr_array_index(msgs, k);
			triage_report *r = NULL;
			if (triage_scanner_scan_mem(sc, m->str, m->len, "corpus", 0, &r) == TRIAGE_OK)
				bytes += decoded_bytes(triage_report_root(r));
			triage_report_free(&r);
		}
	}
	double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
	double cpu = cpu_ms() - c0;
	unsigned count = msgs->len * (unsigned)n;
	printf("%-16s %9zu %6u %10.1f %9.1f %10.3f  (%u messages, mean size)\n",
	       "corpus", total / msgs->len, count, count / wall,
	       (double)bytes / 1e6 / wall, cpu / count, msgs->len);
out:
	for (guint k = 0; k < msgs->len; k++)
		g_string_free(g_ptr_array_index(msgs, k), TRUE);
	g_ptr_array_free(msgs, TRUE);
}

/* Peak RSS of a child that scans one big message from a file. */
static void
bench_memory(triage_engine *e, size_t att_bytes)
{
	char *path = g_build_filename(g_get_tmp_dir(), "scan-bench-XXXXXX", NULL);
	int fd = g_mkstemp(path);
	GByteArray *att = g_byte_array_new();
	append_noise(att, att_bytes);
	GString *m = make_message("big", 2000, "big.bin", "application/octet-stream",
				  att->data, att->len);
	if (fd < 0 || write(fd, m->str, m->len) != (ssize_t)m->len) {
		perror("scan-bench: temp file");
		exit(1);
	}
	close(fd);
	size_t msg_len = m->len;
	g_string_free(m, TRUE);
	g_byte_array_free(att, TRUE);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		long before = ru.ru_maxrss;
		triage_scanner *sc = triage_scanner_new(e);
		triage_report *r = NULL;
		double c0 = cpu_ms();
		triage_status st = triage_scanner_scan_file(sc, path, 0, &r);
		double cpu = cpu_ms() - c0;
		getrusage(RUSAGE_SELF, &ru);
		printf("%-16s %9zu      1 peak_rss=%ld MB (before scan %ld MB) "
		       "largest_object=%zu MB limit(2x+32)=%zu MB cpu_ms=%.0f %s\n",
		       "attachment-50m", msg_len, ru.ru_maxrss / 1024, before / 1024,
		       att_bytes >> 20, (2 * att_bytes >> 20) + 32, cpu,
		       st == TRIAGE_OK ? "" : "scan failed");
		fflush(stdout);
		triage_report_free(&r);
		triage_scanner_free(&sc);
		_exit(st == TRIAGE_OK ? 0 : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	unlink(path);
	g_free(path);
}

int
main(int argc, char **argv)
{
	const char *rules = getenv("TRIAGE_RULES");
	const char *only = NULL, *write_dir = NULL;
	int n = 200, opt;
	while ((opt = getopt(argc, argv, "r:n:k:w:")) != -1) {
		switch (opt) {
		case 'w': write_dir = optarg; break;
		case 'r': rules = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'k': only = optarg; break;
		default:
			fprintf(stderr, "usage: scan-bench [-r RULES] [-n N] [-k KIND] | -w DIR\n");
			return 2;
		}
	}
	if (rules == NULL)
		rules = TRIAGE_BENCH_RULES;
	triage_library_init();
	triage_config *cfg = triage_config_new();
	triage_engine *e = triage_engine_new();
	if (triage_engine_load(e, cfg, rules) != TRIAGE_OK) {
		fprintf(stderr, "scan-bench: %s\n", triage_engine_error(e));
		return 1;
	}
	triage_scanner *sc = triage_scanner_new(e);

	/* The three Office documents of the 1 MB zip. */
	GByteArray *docx = make_ooxml("word/document.xml", 600000, 360000);
	GByteArray *xlsx = make_xlsm(600000, 360000);
	GByteArray *doc = make_ole(600000);
	const char *names[] = {"report.docx", "figures.xlsm", "notes.doc", NULL};
	GByteArray *datas[] = {docx, xlsx, doc};
	GByteArray *zip = make_zip(names, datas);

	struct { const char *kind; GString *msg; int n; } kinds[] = {
		{"text-5k", make_message("Lunch", 5000, NULL, NULL, NULL, 0), n * 10},
		{"office-zip-1m", make_message("Documents", 2000, "documents.zip",
			"application/zip", zip->data, zip->len), n},
		{"docx-attached", make_message("Report", 2000, "report.docx",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			docx->data, docx->len), n},
	};
	if (write_dir) {
		int rc = 0;
		for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
			char *name = g_strconcat(kinds[i].kind, ".eml", NULL);
			char *path = g_build_filename(write_dir, name, NULL);
			if (!g_file_set_contents(path, kinds[i].msg->str,
						 (gssize)kinds[i].msg->len, NULL)) {
				fprintf(stderr, "scan-bench: cannot write %s\n", path);
				rc = 1;
			}
			g_free(path);
			g_free(name);
		}
		return rc;
	}
	printf("# scan-bench: rules=%s (%zu rules), %s\n", rules,
	       triage_engine_rule_count(e), PACKAGE_STRING);
	printf("# office-zip-1m: zip of %u bytes holding docx %u, xlsm (XLM) %u, doc (VBA) %u\n",
	       zip->len, docx->len, xlsx->len, doc->len);
	printf("%-16s %9s %6s %10s %9s %10s  %s\n", "kind", "msg_bytes", "runs",
	       "msgs/s", "MB/s", "cpu_ms/msg", "verdict");
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		if (only == NULL || strcmp(only, kinds[i].kind) == 0)
			bench_kind(sc, kinds[i].kind, kinds[i].msg, kinds[i].n);
		g_string_free(kinds[i].msg, TRUE);
	}
	if (only == NULL || strcmp(only, "corpus") == 0)
		bench_corpus(sc, n / 20 > 0 ? n / 20 : 1);
	if (only == NULL || strcmp(only, "attachment-50m") == 0)
		bench_memory(e, 50u << 20);

	g_byte_array_free(docx, TRUE);
	g_byte_array_free(xlsx, TRUE);
	g_byte_array_free(doc, TRUE);
	g_byte_array_free(zip, TRUE);
	triage_scanner_free(&sc);
	triage_engine_unref(&e);
	triage_config_free(&cfg);
	triage_library_cleanup();
	return 0;
}
