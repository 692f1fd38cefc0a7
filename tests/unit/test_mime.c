/* test_mime.c - the MIME walker on messages written here as text. */
#include "config.h"

#include <string.h>
#include <gmime/gmime.h>

#include "testhelp.h"
#include "analyzers.h"

/* A scan context as the engine makes one, with limits the test may change. */
typedef struct {
	triage_config *cfg;
	triage_ctx ctx;
	triage_status st;
} walk_result;

static walk_result *
walk_with(const char *msg, size_t len, void (*tune)(triage_limits *))
{
	walk_result *r = g_new0(walk_result, 1);
	r->cfg = triage_config_new();
	if (tune)
		tune(&r->cfg->limits);
	r->ctx.cfg = r->cfg;
	r->ctx.lim = &r->cfg->limits;
	r->ctx.texts = g_ptr_array_new_with_free_func(g_free);
	r->ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	r->ctx.tmp_dir = g_get_tmp_dir();
	triage_blob *b = triage_blob_new_copy(msg, len);
	r->ctx.root = triage_object_new_root("test.eml", "message", b);
	triage_blob_unref(&b);
	triage_object_set_str(r->ctx.root, TF_TYPE, "eml");
	r->st = triage_mime_walk(&r->ctx, r->ctx.root);
	return r;
}

static walk_result *walk(const char *msg) { return walk_with(msg, strlen(msg), NULL); }

static void
walk_free(walk_result **rp)
{
	walk_result *r = *rp;
	*rp = NULL;
	triage_object_free(&r->ctx.root);
	g_ptr_array_free(r->ctx.texts, TRUE);
	g_ptr_array_free(r->ctx.passwords, TRUE);
	g_free(r->ctx.subject);
	triage_config_free(&r->cfg);
	g_free(r);
}

/* Object below o (pre-order) whose path ends with "/suffix", or NULL. */
static triage_object *
find(triage_object *o, const char *suffix)
{
	const char *p = triage_object_path(o);
	size_t lp = strlen(p), ls = strlen(suffix);
	if (lp > ls && p[lp - ls - 1] == '/' && strcmp(p + lp - ls, suffix) == 0)
		return o;
	for (size_t i = 0; i < triage_object_nchildren(o); i++) {
		triage_object *f = find(triage_object_child(o, i), suffix);
		if (f)
			return f;
	}
	return NULL;
}

static void
assert_data(triage_object *o, const char *want)
{
	assert_non_null(o);
	assert_int_equal(triage_object_size(o), strlen(want));
	assert_memory_equal(triage_object_data(o), want, strlen(want));
}

/* True when some collected text contains needle. */
static bool
texts_have(const walk_result *r, const char *needle)
{
	for (guint i = 0; i < r->ctx.texts->len; i++)
		if (strstr(g_ptr_array_index(r->ctx.texts, i), needle))
			return true;
	return false;
}

static const char mixed_msg[] =
	"From: a@example.com\n"
	"To: b@example.com\n"
	"Subject: =?UTF-8?B?5LiA5ZGz?= report\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=\"XX\"\n"
	"\n"
	"preamble\n"
	"--XX\n"
	"Content-Type: text/plain; charset=us-ascii\n"
	"\n"
	"See attached.\n"
	"--XX\n"
	"Content-Type: application/octet-stream; name=\"data.bin\"\n"
	"Content-Transfer-Encoding: base64\n"
	"Content-Disposition: attachment; filename=\"data.bin\"\n"
	"\n"
	"aGVsbG8gd29y\n"
	"bGQ=\n"
	"--XX\n"
	"Content-Type: text/csv; name=\"list.csv\"\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"Content-Disposition: attachment; filename=\"list.csv\"\n"
	"\n"
	"a=3Db,caf=C3=A9=\n"
	"!\n"
	"--XX--\n";

/* Base64 and QP attachments are decoded, named and typed; the body is a body. */
static void
test_mixed(void **state)
{
	(void)state;
	walk_result *r = walk(mixed_msg);
	assert_int_equal(r->st, TRIAGE_OK);
	assert_int_equal(triage_object_nchildren(r->ctx.root), 3);
	triage_object *body = find(r->ctx.root, "part1.txt");
	assert_non_null(body);
	assert_true(triage_object_fact_bool(body, TF_IS_BODY));
	assert_false(triage_object_fact_bool(body, TF_IS_ATTACHMENT));
	assert_string_equal(triage_object_kind(body), "mime");
	triage_object *bin = find(r->ctx.root, "data.bin");
	assert_data(bin, "hello world");
	assert_string_equal(triage_object_name(bin), "data.bin");
	assert_string_equal(triage_object_declared_type(bin), "application/octet-stream");
	assert_true(triage_object_fact_bool(bin, TF_IS_ATTACHMENT));
	assert_int_equal(triage_object_depth(bin), 1);
	triage_object *csv = find(r->ctx.root, "list.csv");
	assert_data(csv, "a=b,caf\xc3\xa9!");
	assert_string_equal(triage_object_fact_str(csv, TF_EXT), "csv");
	assert_string_equal(r->ctx.subject, "\xe4\xb8\x80\xe5\x91\xb3 report");
	assert_true(texts_have(r, "See attached."));
	walk_free(&r);
}

/* Both alternatives are bodies; the HTML one is collected as text. */
static void
test_alternative(void **state)
{
	(void)state;
	walk_result *r = walk(
		"Subject: alt\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/alternative; boundary=b1\n"
		"\n"
		"--b1\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"\n"
		"plain version\n"
		"--b1\n"
		"Content-Type: text/html; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"
		"<html><head><style>p{color:red}</style></head><body><p>Pass&nbsp;is =\n"
		"<b>&quot;x&amp;y&quot;</b>&#33;&#x3042;</p><script>var s=1;</script></body></html>\n"
		"--b1--\n");
	assert_int_equal(triage_object_nchildren(r->ctx.root), 2);
	triage_object *txt = find(r->ctx.root, "part1.txt");
	triage_object *html = find(r->ctx.root, "part2.html");
	assert_non_null(txt);
	assert_non_null(html);
	assert_true(triage_object_fact_bool(txt, TF_IS_BODY));
	assert_true(triage_object_fact_bool(html, TF_IS_BODY));
	assert_string_equal(triage_object_declared_type(html), "text/html");
	assert_int_equal(r->ctx.texts->len, 2);
	assert_true(texts_have(r, "plain version"));
	assert_true(texts_have(r, "Pass is \"x&y\"!\xe3\x81\x82"));
	assert_false(texts_have(r, "<b>"));
	assert_false(texts_have(r, "color:red"));
	assert_false(texts_have(r, "var s"));
	walk_free(&r);
}

static const char nested_msg[] =
	"Subject: Fwd: order\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=outer\n"
	"\n"
	"--outer\n"
	"Content-Type: text/plain\n"
	"\n"
	"forwarding\n"
	"--outer\n"
	"Content-Type: message/rfc822; name=\"order.eml\"\n"
	"Content-Disposition: attachment; filename=\"order.eml\"\n"
	"\n"
	"Subject: order PW: inner42\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=inner\n"
	"\n"
	"--inner\n"
	"Content-Type: text/plain\n"
	"\n"
	"inner body\n"
	"--inner\n"
	"Content-Type: application/msword; name=\"po.doc\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"ZG9jIGJ5dGVz\n"
	"--inner--\n"
	"\n"
	"--outer--\n";

/* A forwarded message is a "message" child holding its own leaves. */
static void
test_nested_message(void **state)
{
	(void)state;
	walk_result *r = walk(nested_msg);
	assert_int_equal(triage_object_nchildren(r->ctx.root), 2);
	triage_object *m = find(r->ctx.root, "order.eml");
	assert_non_null(m);
	assert_string_equal(triage_object_kind(m), "message");
	assert_string_equal(triage_object_declared_type(m), "message/rfc822");
	assert_int_equal(triage_object_depth(m), 1);
	assert_true(triage_object_size(m) > 0);
	assert_int_equal(triage_object_nchildren(m), 2);
	triage_object *doc = find(r->ctx.root, "order.eml/po.doc");
	assert_data(doc, "doc bytes");
	assert_int_equal(triage_object_depth(doc), 2);
	assert_ptr_equal(triage_object_parent(doc), m);
	assert_true(triage_object_fact_bool(find(m, "part1.txt"), TF_IS_BODY));
	assert_true(texts_have(r, "inner body"));
	assert_true(texts_have(r, "order PW: inner42"));   /* inner subject */
	assert_string_equal(r->ctx.subject, "Fwd: order");
	walk_free(&r);
}


/* Collect "path=>type" of every part GMime's own iterator visits. */
static GHashTable *
gmime_paths(const char *msg)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(msg, strlen(msg));
	GMimeParser *ps = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(ps, NULL);
	assert_non_null(m);
	GMimePartIter *it = g_mime_part_iter_new(GMIME_OBJECT(m));
	do {
		GMimeObject *cur = g_mime_part_iter_get_current(it);
		if (cur && !GMIME_IS_MULTIPART(cur))
			g_hash_table_insert(h, g_mime_part_iter_get_path(it),
				g_mime_content_type_get_mime_type(g_mime_object_get_content_type(cur)));
	} while (g_mime_part_iter_next(it));
	g_mime_part_iter_free(it);
	g_object_unref(m);
	g_object_unref(ps);
	g_object_unref(st);
	return h;
}

/* Locators of top-level parts are the paths GMime's part iterator uses. */
static void
test_locators(void **state)
{
	(void)state;
	walk_result *r = walk(nested_msg);
	GHashTable *paths = gmime_paths(nested_msg);
	size_t n = triage_object_nchildren(r->ctx.root);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		triage_object *c = triage_object_child(r->ctx.root, i);
		const char *loc = triage_object_locator(c);
		assert_true(*loc != '\0');
		const char *type = g_hash_table_lookup(paths, loc);
		if (type == NULL)
			fail_msg("locator %s of %s unknown to GMime", loc, triage_object_path(c));
		assert_string_equal(type, triage_object_declared_type(c));
	}
	g_hash_table_destroy(paths);
	walk_free(&r);
	r = walk(mixed_msg);
	assert_string_equal(triage_object_locator(find(r->ctx.root, "data.bin")), "2");
	assert_string_equal(triage_object_locator(find(r->ctx.root, "list.csv")), "3");
	walk_free(&r);
}

static void tune_depth1(triage_limits *l) { l->max_depth = 1; }

/* Message nesting stops at max_depth, visibly. */
static void
test_nested_depth_limit(void **state)
{
	(void)state;
	walk_result *r = walk_with(nested_msg, strlen(nested_msg), tune_depth1);
	triage_object *m = find(r->ctx.root, "order.eml");
	assert_non_null(m);
	assert_int_equal(triage_object_nchildren(m), 0);
	assert_int_equal(triage_object_unscanned(m), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(m, TF_LIMIT_NAME), "max_depth");
	walk_free(&r);
}

/* RFC 2231 names (UTF-8, continued) and RFC 2047 ISO-2022-JP names. */
static void
test_filenames(void **state)
{
	(void)state;
	/* 見積書 in ISO-2022-JP, as an encoded word built here */
	gsize n = 0;
	char *jis = g_convert("\xe8\xa6\x8b\xe7\xa9\x8d\xe6\x9b\xb8.zip", -1,
			      "ISO-2022-JP", "UTF-8", NULL, &n, NULL);
	assert_non_null(jis);
	char *b64 = g_base64_encode((const guchar *)jis, n);
	char *msg = g_strdup_printf(
		"Subject: names\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=zz\n"
		"\n"
		"--zz\n"
		"Content-Type: application/pdf\n"
		"Content-Disposition: attachment;\n"
		" filename*0*=UTF-8''%%E8%%AB%%8B%%E6%%B1%%82;\n"
		" filename*1*=%%E6%%9B%%B8.pdf\n"
		"\n"
		"pdf\n"
		"--zz\n"
		"Content-Type: application/zip; name=\"=?ISO-2022-JP?B?%s?=\"\n"
		"Content-Disposition: attachment; filename=\"=?ISO-2022-JP?B?%s?=\"\n"
		"\n"
		"zip\n"
		"--zz\n"
		"Content-Type: application/octet-stream\n"
		"Content-Disposition: attachment; filename=\"\xe8\xb3\x87\xe6\x96\x99.xls\"\n"
		"\n"
		"raw utf-8 name\n"
		"--zz--\n", b64, b64);
	walk_result *r = walk(msg);
	triage_object *pdf = find(r->ctx.root, "\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8.pdf");
	assert_non_null(pdf);
	assert_string_equal(triage_object_name(pdf), "\xe8\xab\x8b\xe6\xb1\x82\xe6\x9b\xb8.pdf");
	triage_object *zip = find(r->ctx.root, "\xe8\xa6\x8b\xe7\xa9\x8d\xe6\x9b\xb8.zip");
	assert_non_null(zip);
	assert_string_equal(triage_object_fact_str(zip, TF_EXT), "zip");
	assert_non_null(find(r->ctx.root, "\xe8\xb3\x87\xe6\x96\x99.xls"));
	walk_free(&r);
	g_free(msg);
	g_free(b64);
	g_free(jis);
}

/* A Shift_JIS body and an ISO-2022-JP body are collected as UTF-8. */
static void
test_japanese_bodies(void **state)
{
	(void)state;
	const char *utf8 = "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89"
			   "\xef\xbc\x9a" "abc123";   /* パスワード：abc123 */
	gsize n = 0;
	char *sjis = g_convert(utf8, -1, "SHIFT_JIS", "UTF-8", NULL, &n, NULL);
	assert_non_null(sjis);
	GString *msg = g_string_new(
		"Subject: sjis\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=Shift_JIS\n"
		"Content-Transfer-Encoding: 8bit\n"
		"\n");
	g_string_append_len(msg, sjis, (gssize)n);
	g_string_append(msg, "\n");
	walk_result *r = walk_with(msg->str, msg->len, NULL);
	assert_true(texts_have(r, utf8));
	triage_passwords_collect(&r->ctx);
	assert_int_equal(r->ctx.passwords->len, 1);
	assert_string_equal(g_ptr_array_index(r->ctx.passwords, 0), "abc123");
	walk_free(&r);
	g_string_free(msg, TRUE);
	g_free(sjis);

	char *jis = g_convert(utf8, -1, "ISO-2022-JP", "UTF-8", NULL, &n, NULL);
	assert_non_null(jis);
	msg = g_string_new("Subject: jis\nContent-Type: text/plain; charset=\"ISO-2022-JP\"\n\n");
	g_string_append_len(msg, jis, (gssize)n);
	r = walk_with(msg->str, msg->len, NULL);
	assert_true(texts_have(r, utf8));
	walk_free(&r);
	g_string_free(msg, TRUE);
	g_free(jis);
}

/* uuencode of `data` as a block named `name`. */
static char *
uuencode(const char *name, const unsigned char *data, size_t len)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "begin 644 %s\n", name);
	for (size_t off = 0; off < len; off += 45) {
		size_t n = MIN(45, len - off);
		g_string_append_c(s, (char)(0x20 + n));
		for (size_t i = 0; i < n; i += 3) {
			unsigned char b[3] = {0};
			for (size_t k = 0; k < 3 && i + k < n; k++)
				b[k] = data[off + i + k];
			unsigned q[4] = { b[0] >> 2, ((b[0] & 3) << 4) | (b[1] >> 4),
					  ((b[1] & 15) << 2) | (b[2] >> 6), b[2] & 63 };
			for (int k = 0; k < 4; k++)
				g_string_append_c(s, q[k] ? (char)(0x20 + q[k]) : '`');
		}
		g_string_append_c(s, '\n');
	}
	g_string_append(s, "`\nend\n");
	return g_string_free(s, FALSE);
}

/* A uuencoded file inside a text body becomes its own child. */
static void
test_uuencode_in_body(void **state)
{
	(void)state;
	unsigned char payload[100];
	for (size_t i = 0; i < sizeof payload; i++)
		payload[i] = (unsigned char)(i * 7 + 1);
	char *uu = uuencode("invoice.exe", payload, sizeof payload);
	char *msg = g_strconcat("Subject: uu\n\nHello,\nhere it is:\n\n", uu,
				"\nbye\n", NULL);
	walk_result *r = walk(msg);
	triage_object *x = find(r->ctx.root, "invoice.exe");
	assert_non_null(x);
	assert_string_equal(triage_object_kind(x), "mime");
	assert_string_equal(triage_object_name(x), "invoice.exe");
	assert_true(triage_object_fact_bool(x, TF_IS_ATTACHMENT));
	assert_int_equal(triage_object_size(x), sizeof payload);
	assert_memory_equal(triage_object_data(x), payload, sizeof payload);
	assert_int_equal(triage_object_unscanned(x), TRIAGE_UNSCANNED_NONE);
	walk_free(&r);
	g_free(msg);
	g_free(uu);
}

/* Broken structure is read the way a mail client reads it. */
static void
test_malformed(void **state)
{
	(void)state;
	/* no closing boundary, LF line ends, a part without headers */
	walk_result *r = walk(
		"Subject: broken\n"
		"Content-Type: multipart/mixed; boundary=\"q\"\n"
		"\n"
		"--q\n"
		"\n"
		"first part without headers\n"
		"--q\n"
		"Content-Type: application/x-msdownload; name=a.exe\n"
		"Content-Transfer-Encoding: base64\n"
		"\n"
		"TVqQ!!AAMAAAAEAAAA//8AALgAAAAAAAAAQAAA\n"
		"AAAAAAAAA");
	assert_int_equal(triage_object_nchildren(r->ctx.root), 2);
	triage_object *exe = find(r->ctx.root, "a.exe");
	assert_non_null(exe);
	assert_true(triage_object_size(exe) >= 2);
	assert_memory_equal(triage_object_data(exe), "MZ", 2);
	assert_true(texts_have(r, "first part without headers"));
	walk_free(&r);

	/* a message without any MIME header: one plain text body */
	r = walk("From: x@example.com\nSubject: plain\n\nJust text, pw: plain1\n");
	assert_int_equal(triage_object_nchildren(r->ctx.root), 1);
	triage_object *b = triage_object_child(r->ctx.root, 0);
	assert_true(triage_object_fact_bool(b, TF_IS_BODY));
	assert_string_equal(triage_object_declared_type(b), "text/plain");
	assert_true(texts_have(r, "pw: plain1"));
	walk_free(&r);

	/* not a message at all: still its text is read */
	r = walk("\x01\x02 garbage without headers password: zz9\r\n");
	assert_true(triage_object_nchildren(r->ctx.root) >= 1);
	assert_true(texts_have(r, "password: zz9"));
	walk_free(&r);

	/* empty input: nothing, no crash */
	r = walk_with("", 0, NULL);
	assert_int_equal(triage_object_nchildren(r->ctx.root), 0);
	walk_free(&r);
}

static void tune_parts(triage_limits *l) { l->max_mime_parts = 3; }

/* max_mime_parts stops the walk and says so on the message. */
static void
test_parts_limit(void **state)
{
	(void)state;
	GString *msg = g_string_new("Subject: many\nContent-Type: multipart/mixed; boundary=m\n\n");
	for (int i = 0; i < 6; i++)
		g_string_append_printf(msg, "--m\nContent-Type: application/octet-stream; name=f%d.bin\n\nx%d\n", i, i);
	g_string_append(msg, "--m--\n");
	walk_result *r = walk_with(msg->str, msg->len, tune_parts);
	/* the multipart counts as one part, then two leaves */
	assert_int_equal(triage_object_nchildren(r->ctx.root), 2);
	assert_int_equal(triage_object_unscanned(r->ctx.root), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(r->ctx.root, TF_LIMIT_NAME), "max_mime_parts");
	assert_int_equal(r->st, TRIAGE_WARN);
	walk_free(&r);
	g_string_free(msg, TRUE);
}

static void tune_size(triage_limits *l) { l->max_object_size = 4; }

/* An attachment over max_object_size keeps its first bytes and is marked. */
static void
test_object_size_limit(void **state)
{
	(void)state;
	walk_result *r = walk_with(mixed_msg, strlen(mixed_msg), tune_size);
	triage_object *bin = find(r->ctx.root, "data.bin");
	assert_data(bin, "hell");
	assert_int_equal(triage_object_unscanned(bin), TRIAGE_UNSCANNED_LIMIT);
	assert_string_equal(triage_object_fact_str(bin, TF_LIMIT_NAME), "max_object_size");
	walk_free(&r);
}

/* Append one TNEF attribute record with its checksum. */
static void
tnef_rec(GByteArray *a, guint8 level, guint32 id, const void *data, guint32 len)
{
	guint8 head[9] = { level, id & 0xff, (id >> 8) & 0xff, (id >> 16) & 0xff, id >> 24,
			   len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, len >> 24 };
	g_byte_array_append(a, head, 9);
	g_byte_array_append(a, data, len);
	guint16 sum = 0;
	for (guint32 i = 0; i < len; i++)
		sum = (guint16)(sum + ((const guint8 *)data)[i]);
	guint8 ck[2] = { sum & 0xff, sum >> 8 };
	g_byte_array_append(a, ck, 2);
}

/* How tnef_message() damages the stream. */
enum { TNEF_INTACT, TNEF_BAD_CHECKSUM, TNEF_BAD_FRAMING };

/* A winmail.dat with one attachment, as base64 in a message. */
static char *
tnef_message(int damage)
{
	static const guint8 sig[6] = { 0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00 };
	static const guint8 version[4] = { 0x00, 0x00, 0x01, 0x00 };
	static const guint8 rend[14] = { 0x01, 0x00, 0xff, 0xff, 0xff, 0xff };
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, sig, sizeof sig);
	tnef_rec(a, 1, 0x00089006, version, sizeof version);
	tnef_rec(a, 2, 0x00069002, rend, sizeof rend);
	tnef_rec(a, 2, 0x00018010, "REPORT.TXT", 11);
	tnef_rec(a, 2, 0x0006800F, "tnef payload", 12);
	if (damage == TNEF_BAD_CHECKSUM)
		a->data[a->len - 1] ^= 0x55;
	if (damage == TNEF_BAD_FRAMING)
		a->data[a->len - 15] = 0x7f;   /* last record: length far past the end */
	char *b64 = g_base64_encode(a->data, a->len);
	char *msg = g_strdup_printf(
		"Subject: tnef\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=t\n\n"
		"--t\nContent-Type: text/plain\n\nsee attached\n"
		"--t\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--t--\n", b64);
	g_free(b64);
	g_byte_array_free(a, TRUE);
	return msg;
}

/*
 * The walker leaves winmail.dat to the engine's TNEF reader (formats.c),
 * which opens it by its declared type/name: run it as the engine would.
 */
static triage_object *
open_tnef(walk_result *r)
{
	triage_object *dat = find(r->ctx.root, "winmail.dat");
	assert_non_null(dat);
	assert_int_equal(triage_object_nchildren(dat), 0);
	assert_true(triage_formats_wants(dat));
	triage_formats_run(&r->ctx, dat);
	assert_false(triage_formats_wants(dat));   /* opened once only */
	return dat;
}

/* TNEF attachments become children of the winmail.dat part; broken TNEF is corrupt. */
static void
test_tnef(void **state)
{
	(void)state;
	char *msg = tnef_message(TNEF_INTACT);
	walk_result *r = walk(msg);
	triage_object *dat = open_tnef(r);
	assert_int_equal(triage_object_unscanned(dat), TRIAGE_UNSCANNED_NONE);
	assert_int_equal(triage_object_nchildren(dat), 1);
	triage_object *att = find(r->ctx.root, "winmail.dat/REPORT.TXT");
	assert_non_null(att);
	assert_string_equal(triage_object_kind(att), "tnef");
	assert_data(att, "tnef payload");
	walk_free(&r);
	g_free(msg);

	/* a bad checksum: libytnef refuses it, the record reader still finds the file */
	msg = tnef_message(TNEF_BAD_CHECKSUM);
	r = walk(msg);
	dat = open_tnef(r);
	assert_int_equal(triage_object_nchildren(dat), 1);
	assert_data(find(r->ctx.root, "winmail.dat/REPORT.TXT"), "tnef payload");
	assert_int_equal(triage_object_unscanned(dat), TRIAGE_UNSCANNED_CORRUPT);
	walk_free(&r);
	g_free(msg);

	msg = tnef_message(TNEF_BAD_FRAMING);
	r = walk(msg);
	dat = open_tnef(r);
	assert_int_equal(triage_object_nchildren(dat), 0);
	assert_int_equal(triage_object_unscanned(dat), TRIAGE_UNSCANNED_CORRUPT);
	walk_free(&r);
	g_free(msg);
}

/* Read a corpus file ($TRIAGE_CORPUS, else ../shared/corpus or ../../shared/corpus from the source tree). */
static char *
corpus_file(const char *name, gsize *len)
{
	const char *env = getenv("TRIAGE_CORPUS");
	const char *src = getenv("TRIAGE_SRCDIR");
	char *dirs[3] = {
		env ? g_strdup(env) : NULL,
		g_build_filename(src ? src : ".", "..", "shared", "corpus", NULL),
		g_build_filename(src ? src : ".", "..", "..", "shared", "corpus", NULL),
	};
	char *data = NULL;
	for (int i = 0; i < 3 && data == NULL; i++) {
		if (dirs[i] == NULL)
			continue;
		char *path = g_build_filename(dirs[i], name, NULL);
		if (!g_file_get_contents(path, &data, len, NULL))
			data = NULL;
		g_free(path);
	}
	for (int i = 0; i < 3; i++)
		g_free(dirs[i]);
	return data;
}

/* The corpus winmail.dat (POI quick-winmail.dat) gives its five files. */
static void
test_tnef_corpus(void **state)
{
	(void)state;
	gsize len = 0;
	char *data = corpus_file("m053-winmail-dat.eml", &len);
	if (data == NULL) {
		print_message("corpus not found (set TRIAGE_CORPUS): skipped\n");
		skip();
	}
	walk_result *r = walk_with(data, len, NULL);
	triage_object *dat = open_tnef(r);
	assert_int_equal(triage_object_nchildren(dat), 5);
	assert_non_null(find(r->ctx.root, "winmail.dat/quick.doc"));
	triage_object *pdf = find(r->ctx.root, "winmail.dat/quick.pdf");
	assert_non_null(pdf);
	assert_memory_equal(triage_object_data(pdf), "%PDF", 4);
	walk_free(&r);
	g_free(data);
}

/* Two attachments with one name keep distinct paths; S/MIME envelopes are marked. */
static void
test_duplicates_and_encrypted(void **state)
{
	(void)state;
	walk_result *r = walk(
		"Subject: dup\nContent-Type: multipart/mixed; boundary=d\n\n"
		"--d\nContent-Type: application/pdf; name=a.pdf\n\none\n"
		"--d\nContent-Type: application/pdf; name=a.pdf\n\ntwo\n"
		"--d\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
		"Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\n"
		"--d--\n");
	assert_int_equal(triage_object_nchildren(r->ctx.root), 3);
	assert_non_null(find(r->ctx.root, "a.pdf"));
	assert_non_null(find(r->ctx.root, "a(2).pdf"));
	triage_object *p7 = find(r->ctx.root, "smime.p7m");
	assert_non_null(p7);
	assert_int_equal(triage_object_unscanned(p7), TRIAGE_UNSCANNED_ENCRYPTED);
	walk_free(&r);
}

/* A message inside an archive (kind "member") is walked below that member. */
static void
test_walk_member(void **state)
{
	(void)state;
	triage_config *cfg = triage_config_new();
	triage_ctx ctx = { .cfg = cfg, .lim = &cfg->limits, .tmp_dir = g_get_tmp_dir() };
	ctx.texts = g_ptr_array_new_with_free_func(g_free);
	ctx.passwords = g_ptr_array_new_with_free_func(g_free);
	triage_blob *b = triage_blob_new_copy("x", 1);
	ctx.root = triage_object_new_root("a.zip", "file", b);
	triage_blob_unref(&b);
	b = triage_blob_new_copy(nested_msg, strlen(nested_msg));
	triage_object *eml = triage_object_add_child(ctx.root, "fwd.eml", "fwd.eml", "member", b);
	triage_blob_unref(&b);
	triage_object_set_str(eml, TF_TYPE, "eml");
	assert_int_equal(triage_mime_walk(&ctx, eml), TRIAGE_OK);
	assert_null(ctx.subject);     /* only the scanned message's subject */
	assert_non_null(find(ctx.root, "fwd.eml/order.eml/po.doc"));
	triage_object_free(&ctx.root);
	g_ptr_array_free(ctx.texts, TRUE);
	g_ptr_array_free(ctx.passwords, TRUE);
	triage_config_free(&cfg);
}

int
main(void)
{
	g_mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_nested_message),
		cmocka_unit_test(test_locators),
		cmocka_unit_test(test_nested_depth_limit),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_japanese_bodies),
		cmocka_unit_test(test_uuencode_in_body),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_parts_limit),
		cmocka_unit_test(test_object_size_limit),
		cmocka_unit_test(test_tnef),
		cmocka_unit_test(test_tnef_corpus),
		cmocka_unit_test(test_duplicates_and_encrypted),
		cmocka_unit_test(test_walk_member),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	g_mime_shutdown();
	return rc;
}
