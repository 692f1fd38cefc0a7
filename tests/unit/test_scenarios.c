/* test_scenarios.c - variations of the corpus attacks, whole messages through the real engine. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "testhelp.h"
#include "ft_fixtures.h"
#include "scen_build.h"
#include "scen_check.h"

/*
 * The held-out corpus is built like ../shared/corpus from other samples and
 * other cover stories.  Each case here is one message built in the test
 * (harmless stand-ins: a PE header, echo-only scripts), scanned with the
 * shipped rules and the default policy, and checked like the corpus test
 * does: every expected category present, the inbound action between min
 * and max.  A group collects all its misses and fails once with the list.
 */

static triage_engine *engine;
static triage_scanner *scanner;
static triage_config *config;
static GString *misses;   /* of the running group */
static int ncases;

/* The corpus policy (README of the corpus): the action each category asks for. */
static const struct { const char *cat, *action; } policy[] = {
	{ "executable", "reject" }, { "script", "reject" }, { "shortcut", "reject" },
	{ "macro-vba-suspicious", "reject" }, { "filename-rtlo", "reject" },
	{ "type-mismatch", "reject" }, { "macro-xlm-hidden", "reject" },
	{ "disk-image", "quarantine" }, { "limit-exceeded", "quarantine" },
	{ "filename-double-extension", "quarantine" }, { "html-smuggling", "quarantine" },
	{ "archive-encrypted", "banner" }, { "corrupt", "tag" },
	{ "archive-decrypted", "tag" },
};

/* Strongest action of a category list ("accept" for none). */
static const char *
min_action_of(const char *cats)
{
	const char *best = "accept";
	char **want = g_strsplit(cats, ",", -1);
	for (char **c = want; *c; c++)
		for (size_t i = 0; i < G_N_ELEMENTS(policy); i++)
			if (!strcmp(*c, policy[i].cat) &&
			    triage_action_rank((triage_action)triage_action_parse(policy[i].action)) >
			    triage_action_rank((triage_action)triage_action_parse(best)))
				best = policy[i].action;
	g_strfreev(want);
	return best;
}

/* Scan msg; record a miss when a category is absent or the action is out of range. */
void
check(const char *label, GString *msg, const char *cats)
{
	const char *min = min_action_of(cats);
	const char *max = *cats && *cats != '!' ? "reject" : "tag";
	triage_report *r = th_scan_message(scanner, msg->str, msg->len);
	triage_action act = triage_config_action(config, TRIAGE_INBOUND,
						 triage_report_severity(r));
	int mn = triage_action_parse(min), mx = triage_action_parse(max);
	GString *why = g_string_new("");
	if (triage_action_rank(act) < triage_action_rank((triage_action)mn))
		g_string_append_printf(why, " action %s < %s;", triage_action_name(act), min);
	if (triage_action_rank(act) > triage_action_rank((triage_action)mx))
		g_string_append_printf(why, " action %s > %s;", triage_action_name(act), max);
	char **want = g_strsplit(cats, ",", -1);
	for (char **c = want; *c; c++) {
		if (**c == '!' && th_has_category(r, *c + 1))
			g_string_append_printf(why, " unexpected %s;", *c + 1);
		else if (**c && **c != '!' && !th_has_category(r, *c))
			g_string_append_printf(why, " missing %s;", *c);
	}
	g_strfreev(want);
	if (why->len) {
		g_string_append_printf(misses, "\n  %s:%s found:", label, why->str);
		for (size_t i = 0; i < triage_report_nfindings(r); i++) {
			const triage_finding *f = triage_report_finding(r, i);
			g_string_append_printf(misses, " %s(%s)@%s", f->category,
					       triage_severity_name(f->severity),
					       triage_object_path(f->object));
		}
		if (getenv("SCEN_DUMP"))
			th_dump(r);
	}
	ncases++;
	g_string_free(why, TRUE);
	triage_report_free(&r);
	g_string_free(msg, TRUE);
}

/* Fail the group with every miss it recorded. */
void
group_end(const char *group)
{
	print_message("%s: %d cases\n", group, ncases);
	ncases = 0;
	if (misses->len) {
		char *m = g_string_free(misses, FALSE);
		misses = g_string_new("");
		/* stderr: cmocka's print_message() cuts long texts */
		fprintf(stderr, "%s misses:%s\n", group, m);
		g_free(m);
		fail_msg("%s: some cases missed (listed above)", group);
	}
}

/* ---- dangerous file kinds in every container ---------------------------- */

typedef struct kind_case {
	const char *ext;
	const char *cats;      /* expected categories */
} kind_case;

static const kind_case kinds[] = {
	{ "js", "script" }, { "jse", "script" }, { "vbs", "script" },
	{ "vbe", "script" }, { "wsf", "script" }, { "wsh", "script" },
	{ "hta", "script" }, { "ps1", "script" }, { "bat", "script" },
	{ "cmd", "script" }, { "scr", "executable" }, { "cpl", "executable" },
	{ "exe", "executable" }, { "msi", "executable" }, { "jar", "script" },
	{ "lnk", "shortcut" }, { "url", "shortcut" }, { "scf", "shortcut" },
	{ "iso", "disk-image,executable" }, { "img", "disk-image" },
	{ "vhd", "disk-image" }, { "vhdx", "disk-image" },
};

/* Stand-in content for a file kind. */
GBytes *
kind_bytes(const char *ext)
{
	char *low = g_ascii_strdown(ext, -1);
	GBytes *b;
	if (!strcmp(low, "scr") || !strcmp(low, "cpl") || !strcmp(low, "exe"))
		b = sb_pe();
	else if (!strcmp(low, "msi"))
		b = sb_msi();
	else if (!strcmp(low, "lnk"))
		b = sb_lnk();
	else if (!strcmp(low, "jar")) {
		sb_member m[] = {
			{ "META-INF/MANIFEST.MF", sb_text("Manifest-Version: 1.0\r\nMain-Class: A\r\n") },
			{ "A.class", ft_java_class() },
		};
		b = sb_archive(SB_ZIP, m, 2, NULL, NULL);
		g_bytes_unref(m[0].data);
		g_bytes_unref(m[1].data);
	} else if (!strcmp(low, "iso")) {
		GBytes *pe = sb_pe();
		b = sb_archive1(SB_ISO, "SETUP.EXE", pe);
		g_bytes_unref(pe);
	} else if (!strcmp(low, "img"))
		b = ft_fat();
	else if (!strcmp(low, "vhd"))
		b = ft_vhd();
	else if (!strcmp(low, "vhdx"))
		b = ft_vhdx();
	else
		b = sb_script(low);
	g_free(low);
	return b;
}

/* name wrapped in the container; returns the attachment bytes and its name. */
static GBytes *
wrap(const char *container, const char *name, GBytes *data, char **outer)
{
	if (!strcmp(container, "direct")) {
		*outer = g_strdup(name);
		return g_bytes_ref(data);
	}
	if (!strcmp(container, "zip")) {
		*outer = g_strdup("documents.zip");
		return sb_archive1(SB_ZIP, name, data);
	}
	if (!strcmp(container, "7z")) {
		*outer = g_strdup("documents.7z");
		return sb_archive1(SB_7Z, name, data);
	}
	if (!strcmp(container, "tgz")) {
		*outer = g_strdup("documents.tar.gz");
		return sb_archive1(SB_TGZ, name, data);
	}
	/* zip in zip */
	GBytes *inner = sb_archive1(SB_ZIP, name, data);
	GBytes *b = sb_archive1(SB_ZIP, "inner.zip", inner);
	g_bytes_unref(inner);
	*outer = g_strdup("outer.zip");
	return b;
}

static void
test_kinds_in_containers(void **state)
{
	(void)state;
	static const char *const containers[] = { "direct", "zip", "7z", "tgz", "zipzip" };
	for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
		GBytes *data = kind_bytes(kinds[k].ext);
		for (size_t c = 0; c < G_N_ELEMENTS(containers); c++) {
			char *name = g_strdup_printf("Invoice_0612.%s", kinds[k].ext);
			char *outer = NULL;
			GBytes *att = wrap(containers[c], name, data, &outer);
			char *label = g_strdup_printf("%s in %s", name, containers[c]);
			check(label, sb_mail1(NULL, outer, "application/octet-stream", att),
			      kinds[k].cats);
			g_free(label);
			g_free(outer);
			g_bytes_unref(att);
			g_free(name);
		}
		/* Upper case extension and a name with spaces, directly and zipped. */
		char *up = g_ascii_strup(kinds[k].ext, -1);
		char *names[2] = { g_strdup_printf("SCAN_0612.%s", up),
				   g_strdup_printf("Payment Advice 12 June.%s", kinds[k].ext) };
		for (int i = 0; i < 2; i++) {
			for (int z = 0; z < 2; z++) {
				char *outer = NULL;
				GBytes *att = wrap(z ? "zip" : "direct", names[i], data, &outer);
				char *label = g_strdup_printf("%s%s", names[i], z ? " in zip" : "");
				check(label, sb_mail1(NULL, outer, "application/octet-stream", att),
				      kinds[k].cats);
				g_free(label);
				g_free(outer);
				g_bytes_unref(att);
			}
			g_free(names[i]);
		}
		g_free(up);
		g_bytes_unref(data);
	}
	group_end("kinds");
}


/* ---- names, declared types and MIME shapes ----------------------------- */

/* Message with one part whose header lines the caller writes. */
GString *
mail_raw(const char *headers, GBytes *data, bool base64)
{
	sb_msg *m = sb_msg_new("Documents");
	sb_msg_text(m, "plain", "utf-8", "Please see the attached file.\n", false);
	sb_msg_part_raw(m, headers, data, base64);
	return sb_msg_finish(m);
}

static void
test_names_and_types(void **state)
{
	(void)state;
	static const char *const charsets[] = { "ISO-2022-JP", "Shift_JIS", "UTF-8", "EUC-JP" };
	static const struct { const char *utf8, *ext, *cats; } jp[] = {
		{ "請求書_0612.js", "js", "script" },
		{ "見積書 ６月分.vbs", "vbs", "script" },
		{ "注文書.exe", "exe", "executable" },
		{ "発注書.lnk", "lnk", "shortcut" },
		{ "資料一式.zip", "zip", "script" },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(charsets); c++) {
		for (size_t j = 0; j < G_N_ELEMENTS(jp); j++) {
			GBytes *data;
			if (!strcmp(jp[j].ext, "zip")) {
				GBytes *js = sb_script("js");
				data = sb_archive1(SB_ZIP, "請求書.js", js);
				g_bytes_unref(js);
			} else {
				data = kind_bytes(jp[j].ext);
			}
			char *w = sb_2047(jp[j].utf8, charsets[c]);
			char *v = sb_2231(jp[j].utf8, charsets[c]);
			char *h1 = g_strdup_printf("Content-Type: application/octet-stream; name=\"%s\"\n"
						   "Content-Disposition: attachment;\n filename=\"%s\"", w, w);
			char *h2 = g_strdup_printf("Content-Type: application/octet-stream\n"
						   "Content-Disposition: attachment;\n filename*=%s", v);
			/* RFC 2231 continuations, and the name only in Content-Type */
			size_t half = strlen(v) / 2;
			if (v[half - 1] == '%')
				half--;
			else if (half >= 2 && v[half - 2] == '%')
				half -= 2;
			char *h3 = g_strdup_printf("Content-Type: application/octet-stream;\n name*0*=%.*s;\n name*1*=%s",
						   (int)half, v, v + half);
			char *h4 = g_strdup_printf("Content-Type: application/octet-stream; name=\"%s\"", w);
			const char *hs[] = { h1, h2, h3, h4 };
			for (int i = 0; i < 4; i++) {
				char *label = g_strdup_printf("%s %s form %d", jp[j].utf8, charsets[c], i + 1);
				check(label, mail_raw(hs[i], data, true), jp[j].cats);
				g_free(label);
			}
			g_free(h1); g_free(h2); g_free(h3); g_free(h4);
			g_free(w); g_free(v);
			g_bytes_unref(data);
		}
	}

	/* A script declared as something harmless. */
	static const char *const ctypes[] = {
		"text/plain", "application/octet-stream", "application/pdf", "image/jpeg",
		"text/html", "application/x-zip-compressed", "message/rfc822",
	};
	static const char *const exts[] = { "js", "vbs", "hta", "wsf", "bat", "ps1", "jse" };
	for (size_t t = 0; t < G_N_ELEMENTS(ctypes); t++) {
		/* an inline message/rfc822 part is a message, whatever its name */
		bool inl = strcmp(ctypes[t], "message/rfc822") != 0;
		for (size_t e = 0; e < G_N_ELEMENTS(exts); e++) {
			GBytes *d = sb_script(exts[e]);
			char *name = g_strdup_printf("order_form.%s", exts[e]);
			char *label = g_strdup_printf("%s as %s", name, ctypes[t]);
			check(label, sb_mail1(NULL, name, ctypes[t], d), "script");
			g_free(label);
			/* inline disposition, text/plain, not base64 */
			char *h = g_strdup_printf("Content-Type: %s; charset=\"us-ascii\"; name=\"%s\"\n"
						  "Content-Disposition: inline; filename=\"%s\"",
						  ctypes[t], name, name);
			label = g_strdup_printf("%s inline %s", name, ctypes[t]);
			if (inl)
				check(label, mail_raw(h, d, false), "script");
			g_free(label);
			g_free(h);
			g_free(name);
			g_bytes_unref(d);
		}
	}

	/* No extension (or a harmless one), content that can only be a script. */
	static const struct { const char *ext, *name; } strong[] = {
		{ "wsf", "delivery_note" }, { "hta", "secure_message" }, { "jse", "invoice" },
		{ "vbe", "details" }, { "wsf", "delivery_note.txt" }, { "hta", "message.htm" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(strong); i++) {
		GBytes *d = sb_script(strong[i].ext);
		char *label = g_strdup_printf("%s content named %s", strong[i].ext, strong[i].name);
		check(label, sb_mail1(NULL, strong[i].name, "application/octet-stream", d),
		      "script");
		g_free(label);
		label = g_strdup_printf("%s content named %s in zip", strong[i].ext, strong[i].name);
		GBytes *z = sb_archive1(SB_ZIP, strong[i].name, d);
		check(label, sb_mail1(NULL, "files.zip", "application/zip", z), "script");
		g_bytes_unref(z);
		g_free(label);
		/* no name at all */
		label = g_strdup_printf("%s content without a name", strong[i].ext);
		check(label, mail_raw("Content-Type: application/octet-stream\n"
				      "Content-Disposition: attachment", d, true), "script");
		g_free(label);
		g_bytes_unref(d);
	}

	/* Transfer encodings and message shapes. */
	GBytes *js = sb_script("js");
	GBytes *pe = sb_pe();
	check("quoted-printable js",
	      mail_raw("Content-Type: application/javascript; name=\"a.js\"\n"
		       "Content-Transfer-Encoding: quoted-printable\n"
		       "Content-Disposition: attachment; filename=\"a.js\"",
		       js, false), "script");
	{
		char *b64 = g_base64_encode(g_bytes_get_data(pe, NULL), g_bytes_get_size(pe));
		GString *msg = g_string_new("From: a@example.com\nTo: b@example.com\nSubject: x\n"
					    "MIME-Version: 1.0\nContent-Type: application/octet-stream; name=\"doc.exe\"\n"
					    "Content-Transfer-Encoding: base64\n\n");
		g_string_append(msg, b64);
		g_string_append(msg, "\n");
		check("single-part message that is a PE", msg, "executable");
		g_free(b64);
	}
	{
		/* uuencoded in the body, as old clients do */
		GString *msg = g_string_new("From: a@example.com\nTo: b@example.com\nSubject: files\n\n"
					    "See attached.\n\nbegin 644 run.bat\n");
		const char *bat = "@echo off\r\necho test\r\n";
		size_t n = strlen(bat);
		g_string_append_c(msg, (char)(32 + n));
		for (size_t i = 0; i < n; i += 3) {
			unsigned char b[3] = {0};
			memcpy(b, bat + i, MIN(3, n - i));
			char q[4] = { (char)(b[0] >> 2), (char)(((b[0] & 3) << 4) | (b[1] >> 4)),
				      (char)(((b[1] & 15) << 2) | (b[2] >> 6)), (char)(b[2] & 63) };
			for (int k = 0; k < 4; k++)
				g_string_append_c(msg, q[k] ? (char)(q[k] + 32) : '`');
		}
		g_string_append(msg, "\n`\nend\n");
		check("uuencoded bat in body", msg, "script");
	}
	{
		/* forwarded message carrying the script, and a CRLF message */
		GString *inner = sb_mail1(NULL, "invoice.js", "application/javascript", js);
		GBytes *ib = g_bytes_new(inner->str, inner->len);
		check("js in forwarded message/rfc822",
		      mail_raw("Content-Type: message/rfc822\nContent-Disposition: attachment; filename=\"fwd.eml\"",
			       ib, false), "script");
		check("js in forwarded message/rfc822 (base64)",
		      mail_raw("Content-Type: message/rfc822; name=\"fwd.eml\"", ib, true), "script");
		GBytes *z = sb_archive1(SB_ZIP, "original message.eml", ib);
		check("eml with js inside a zip", sb_mail1(NULL, "mail.zip", "application/zip", z), "script");
		g_bytes_unref(z);
		GString *crlf = g_string_new("");
		for (size_t i = 0; i < inner->len; i++) {
			if (inner->str[i] == '\n')
				g_string_append_c(crlf, '\r');
			g_string_append_c(crlf, inner->str[i]);
		}
		check("CRLF message with js", crlf, "script");
		g_bytes_unref(ib);
		g_string_free(inner, TRUE);
	}
	g_bytes_unref(js);
	g_bytes_unref(pe);
	group_end("names");
}

/* ---- executables in disguise -------------------------------------------- */

/* A stored zip of one member whose method is rewritten to `method` (6: implode). */
static GBytes *
zip_with_method(const char *name, GBytes *data, guint8 method)
{
	GBytes *z = sb_archive1(SB_ZIP_STORE, name, data);
	gsize len = 0;
	guint8 *b = g_bytes_unref_to_data(z, &len);
	for (gsize i = 0; i + 12 < len; i++) {
		if (memcmp(b + i, "PK\3\4", 4) == 0)
			b[i + 8] = method;
		else if (memcmp(b + i, "PK\1\2", 4) == 0)
			b[i + 10] = method;
	}
	return g_bytes_new_take(b, len);
}

static void
test_executables(void **state)
{
	(void)state;
	GBytes *pe = sb_pe();
	static const struct { const char *name, *ctype; } mism[] = {
		{ "document.pdf", "application/pdf" }, { "photo_2024.jpg", "image/jpeg" },
		{ "contract.doc", "application/msword" }, { "readme.txt", "text/plain" },
		{ "invoice.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "scan.png", "application/octet-stream" }, { "REPORT.PDF", "application/octet-stream" },
		{ "statement.rtf", "application/rtf" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(mism); i++) {
		char *label = g_strdup_printf("PE named %s", mism[i].name);
		check(label, sb_mail1(NULL, mism[i].name, mism[i].ctype, pe),
		      "executable,type-mismatch");
		g_free(label);
		GBytes *z = sb_archive1(SB_ZIP, mism[i].name, pe);
		label = g_strdup_printf("PE named %s in zip", mism[i].name);
		check(label, sb_mail1(NULL, "docs.zip", "application/zip", z),
		      "executable,type-mismatch");
		g_free(label);
		g_bytes_unref(z);
	}
	check("PE without a name",
	      mail_raw("Content-Type: application/octet-stream", pe, true), "executable");
	check("PE declared application/pdf without a name",
	      mail_raw("Content-Type: application/pdf", pe, true), "executable,type-mismatch");
	{
		GBytes *iso = sb_archive1(SB_ISO, "INVOICE.EXE", pe);
		GBytes *z = sb_archive1(SB_ZIP, "invoice.iso", iso);
		check("PE in ISO in zip", sb_mail1(NULL, "invoice.zip", "application/zip", z),
		      "executable,disk-image");
		g_bytes_unref(z);
		z = sb_archive1(SB_ZIP, "invoice.img", iso);
		check("ISO named .img in zip", sb_mail1(NULL, "invoice.zip", "application/zip", z),
		      "executable,disk-image");
		g_bytes_unref(z);
		g_bytes_unref(iso);
	}
	{
		GBytes *gz = sb_archive1(SB_GZ, "setup.exe", pe);
		check("PE in raw gz", sb_mail1(NULL, "setup.exe.gz", "application/gzip", gz),
		      "executable");
		check("PE in raw gz named .gz only", sb_mail1(NULL, "update.gz", "application/x-gzip", gz),
		      "executable");
		g_bytes_unref(gz);
	}
	static const struct { const char *name, *cats; } dbl[] = {
		{ "invoice.pdf .exe", "executable,filename-double-extension" },
		{ "invoice.pdf\xe3\x80\x80.exe", "executable,filename-double-extension" },
		{ "invoice.pdf                                   .exe", "executable,filename-double-extension" },
		{ "invoice.pdf_.exe", "executable" },
		{ "Invoice.PDF.EXE", "executable,filename-double-extension" },
		{ "photo.jpg.scr", "executable,filename-double-extension" },
		{ "report.docx.js", "script,filename-double-extension" },
		{ "statement.xls.vbs", "script,filename-double-extension" },
		{ "scan.docx.lnk", "shortcut,filename-double-extension" },
		{ "order.pdf.iso", "disk-image,executable,filename-double-extension" },
		{ "invoice.pdf.hta", "script,filename-double-extension" },
		{ "invoice.doc.bat", "script,filename-double-extension" },
		{ "scan.pdf.url", "shortcut,filename-double-extension" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(dbl); i++) {
		const char *dot = strrchr(dbl[i].name, '.');
		GBytes *d = kind_bytes(dot + 1);
		char *v = sb_2231(dbl[i].name, "UTF-8");
		char *h = g_strdup_printf("Content-Type: application/octet-stream\n"
					  "Content-Disposition: attachment;\n filename*=%s", v);
		check(dbl[i].name, mail_raw(h, d, true), dbl[i].cats);
		GBytes *z = sb_archive1(SB_ZIP, dbl[i].name, d);
		char *label = g_strdup_printf("%s in zip", dbl[i].name);
		check(label, sb_mail1(NULL, "files.zip", "application/zip", z), dbl[i].cats);
		g_free(label);
		g_bytes_unref(z);
		g_free(h);
		g_free(v);
		g_bytes_unref(d);
	}
	static const struct { const char *name, *cats; } rtlo[] = {
		{ "invoice_\xe2\x80\xae" "fdp.exe", "executable,filename-rtlo" },
		{ "invoice_\xe2\x80\xae" "cod.js", "script,filename-rtlo" },
		{ "scan\xe2\x80\xae" "gpj.scr", "executable,filename-rtlo" },
		{ "doc\xe2\x81\xa7" "xcod.lnk", "shortcut,filename-rtlo" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rtlo); i++) {
		const char *dot = strrchr(rtlo[i].name, '.');
		GBytes *d = kind_bytes(dot + 1);
		static const sb_format fmts[] = { SB_ZIP, SB_7Z, SB_TGZ };
		for (size_t f = 0; f < G_N_ELEMENTS(fmts); f++) {
			GBytes *z = sb_archive1(fmts[f], rtlo[i].name, d);
			char *label = g_strdup_printf("RTLO member %zu in format %zu", i, f);
			check(label, sb_mail1(NULL, "files.zip", "application/octet-stream", z),
			      rtlo[i].cats);
			g_free(label);
			g_bytes_unref(z);
		}
		char *w = sb_2047(rtlo[i].name, "UTF-8");
		char *h = g_strdup_printf("Content-Type: application/octet-stream; name=\"%s\"", w);
		char *label = g_strdup_printf("RTLO name %zu, RFC 2047 in Content-Type only", i);
		check(label, mail_raw(h, d, true), rtlo[i].cats);
		g_free(label);
		g_free(h);
		g_free(w);
		g_bytes_unref(d);
	}
	/* Members libarchive cannot unpack (implode, deflate64): judged by name. */
	static const guint8 methods[] = { 6, 9 };
	for (size_t i = 0; i < G_N_ELEMENTS(methods); i++) {
		GBytes *z = zip_with_method("CLAM.EXE", pe, methods[i]);
		char *label = g_strdup_printf("PE in zip method %u", methods[i]);
		check(label, sb_mail1(NULL, "tool.zip", "application/zip", z), "executable,corrupt");
		g_free(label);
		g_bytes_unref(z);
		GBytes *pdf = sb_text(ft_plain_pdf);
		z = zip_with_method("report.pdf", pdf, methods[i]);
		label = g_strdup_printf("pdf in zip method %u", methods[i]);
		check(label, sb_mail1(NULL, "report.zip", "application/zip", z),
		      "corrupt,!executable");
		g_free(label);
		g_bytes_unref(z);
		g_bytes_unref(pdf);
	}
	g_bytes_unref(pe);
	group_end("executables");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_in_containers),
		cmocka_unit_test(test_names_and_types),
		cmocka_unit_test(test_executables),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_smuggling),
		cmocka_unit_test(test_disk_images),
		cmocka_unit_test(test_benign),
	};
	/* libarchive's tar and ISO writers convert names through the locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	config = triage_config_new();
	engine = th_engine(NULL, config);
	scanner = triage_scanner_new(engine);
	misses = g_string_new("");
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	g_string_free(misses, TRUE);
	triage_scanner_free(&scanner);
	triage_engine_unref(&engine);
	triage_config_free(&config);
	triage_library_cleanup();
	return rc;
}
