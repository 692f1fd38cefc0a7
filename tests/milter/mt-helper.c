/* mt-helper.c - what the miltertest scripts cannot do in Lua (test-only). */
/*
 *   mt-helper sign KEYFILE ID [AGE]   a release token made AGE seconds ago
 *   mt-helper zip NAME TEXT [PASS]    base64 (CRLF lines) of a zip holding
 *                                     NAME = TEXT, AES-256 with PASS
 *   mt-helper rewrite CONFIG MODE SENDER MSGFILE [QID]
 *                                     scan MSGFILE as the daemon does and
 *                                     print the body it must send for MODE
 *                                     (banner or strip); the rewrite's log
 *                                     words go to stderr
 *
 * The rewrite command gives the scripts the exact body to compare the
 * daemon's SMFIR_REPLBODY against, and its output is itself checked by
 * the scripts for what the reader must see.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "triage/triage.h"
#include "triage/release.h"
#include "triage/rewrite.h"

static int
cmd_sign(int argc, char **argv)
{
	unsigned char key[TRIAGE_RELEASE_KEY_LEN];
	char err[512];
	if (argc < 4)
		return 2;
	if (triage_release_key_load(argv[2], 0, key, err, sizeof err) != TRIAGE_OK) {
		fprintf(stderr, "mt-helper: %s\n", err);
		return 1;
	}
	time_t age = argc > 4 ? (time_t)strtol(argv[4], NULL, 10) : 0;
	char *v = triage_release_sign(key, sizeof key, argv[3], time(NULL) - age);
	if (v == NULL)
		return 1;
	printf("%s\n", v);
	g_free(v);
	return 0;
}

/* Collects what libarchive writes. */
static la_ssize_t
zip_write(struct archive *a, void *data, const void *buf, size_t len)
{
	(void)a;
	g_byte_array_append(data, buf, (guint)len);
	return (la_ssize_t)len;
}

static int
cmd_zip(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	GByteArray *out = g_byte_array_new();
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	int rc = 1;
	size_t len = strlen(argv[3]);
	if (archive_write_set_format_zip(a) != ARCHIVE_OK)
		goto out;
	if (argc > 4 && (archive_write_set_options(a, "zip:encryption=aes256") != ARCHIVE_OK ||
			 archive_write_set_passphrase(a, argv[4]) != ARCHIVE_OK))
		goto out;
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, out, NULL, zip_write, NULL) != ARCHIVE_OK)
		goto out;
	archive_entry_set_pathname(e, argv[2]);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, argv[3], len) != (la_ssize_t)len ||
	    archive_write_close(a) != ARCHIVE_OK)
		goto out;
	char *b64 = g_base64_encode(out->data, out->len);
	for (size_t i = 0, n = strlen(b64); i < n; i += 76)
		printf("%.*s\r\n", (int)MIN((size_t)76, n - i), b64 + i);
	g_free(b64);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "mt-helper: zip: %s\n", archive_error_string(a));
	archive_entry_free(e);
	archive_write_free(a);
	g_byte_array_free(out, TRUE);
	return rc;
}

static int
cmd_rewrite(int argc, char **argv)
{
	triage_config *cfg = triage_config_new();
	triage_engine *eng = NULL;
	triage_scanner *sc = NULL;
	triage_report *r = NULL;
	triage_banner *b = NULL;
	triage_rewrite_request *q = NULL;
	triage_rewrite *rw = NULL;
	char *msg = NULL, err[1024];
	gsize len = 0;
	int rc = 1;
	if (argc < 6)
		goto out;
	bool strip = strcmp(argv[3], "strip") == 0;
	if (triage_config_load(cfg, argv[2], err, sizeof err) != TRIAGE_OK ||
	    triage_banner_load(cfg, *cfg->banner_dir ? cfg->banner_dir : NULL, &b, err,
			       sizeof err) != TRIAGE_OK) {
		fprintf(stderr, "mt-helper: %s\n", err);
		goto out;
	}
	if (!g_file_get_contents(argv[5], &msg, &len, NULL)) {
		fprintf(stderr, "mt-helper: cannot read %s\n", argv[5]);
		goto out;
	}
	eng = triage_engine_new();
	if (triage_engine_load(eng, cfg, cfg->rules_dir) != TRIAGE_OK) {
		fprintf(stderr, "mt-helper: %s\n", triage_engine_error(eng));
		goto out;
	}
	sc = triage_scanner_new(eng);
	if (TRIAGE_IS_ERROR(triage_scanner_scan_mem(sc, msg, len, "message", 0, &r)) || r == NULL) {
		fprintf(stderr, "mt-helper: scan: %s\n", triage_scanner_error(sc));
		goto out;
	}
	q = triage_rewrite_request_new(strip ? TRIAGE_REWRITE_STRIP : TRIAGE_REWRITE_BANNER);
	triage_rewrite_request_set_sender(q, argv[4]);
	if (strip && argc > 6)
		triage_rewrite_request_set_quarantine_id(q, argv[6]);
	/* The scripts send inbound mail. */
	triage_rewrite_request_add_report(q, r, cfg, TRIAGE_INBOUND);
	if (triage_rewrite_run(b, q, (const unsigned char *)msg, len, &rw) != TRIAGE_OK) {
		fprintf(stderr, "mt-helper: rewrite failed\n");
		goto out;
	}
	fprintf(stderr, "%s\n", triage_rewrite_log(rw));
	size_t blen = 0;
	const unsigned char *body = triage_rewrite_body(rw, &blen);
	if (body && fwrite(body, 1, blen, stdout) != blen)
		goto out;
	rc = triage_rewrite_changed(rw) ? 0 : 3;
out:
	triage_rewrite_free(&rw);
	triage_rewrite_request_free(&q);
	triage_banner_free(&b);
	triage_report_free(&r);
	triage_scanner_free(&sc);
	triage_engine_unref(&eng);
	triage_config_free(&cfg);
	g_free(msg);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc = 2;
	if (triage_library_init() != TRIAGE_OK)
		return 1;
	if (argc > 1 && strcmp(argv[1], "sign") == 0)
		rc = cmd_sign(argc, argv);
	else if (argc > 1 && strcmp(argv[1], "zip") == 0)
		rc = cmd_zip(argc, argv);
	else if (argc > 1 && strcmp(argv[1], "rewrite") == 0)
		rc = cmd_rewrite(argc, argv);
	if (rc == 2)
		fprintf(stderr, "usage: mt-helper sign KEYFILE ID [AGE] | zip NAME TEXT [PASS] |"
			" rewrite CONFIG MODE SENDER MSGFILE [QID]\n");
	triage_library_cleanup();
	return rc;
}
