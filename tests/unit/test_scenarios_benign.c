/* test_scenarios_benign.c - everyday mail that must stay at accept or tag. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ft_fixtures.h"
#include "scen_build.h"
#include "scen_check.h"

/* A tiny JFIF header and end marker: enough for any type check. */
static GBytes *
jpeg(void)
{
	static const guint8 j[] = {
		0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01,
		0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00,
		0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09, 0x09,
		0xFF, 0xD9 };
	return g_bytes_new(j, sizeof j);
}

/* A minimal OOXML package without macros (docx or xlsx). */
static GBytes *
ooxml(bool word)
{
	const char *ct = word ?
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>" :
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
	const char *rels = word ?
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>" :
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
	const char *main = word ?
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		"<w:body><w:p><w:r><w:t>Minutes of the meeting. See https://example.com/agenda</w:t></w:r></w:p></w:body></w:document>" :
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<sheets><sheet name=\"Sheet1\" sheetId=\"1\"/></sheets></workbook>";
	GBytes *a = sb_text(ct), *b = sb_text(rels), *c = sb_text(main);
	sb_member m[] = {
		{ "[Content_Types].xml", a }, { "_rels/.rels", b },
		{ word ? "word/document.xml" : "xl/workbook.xml", c },
	};
	GBytes *z = sb_archive(SB_ZIP, m, 3, NULL, NULL);
	g_bytes_unref(a);
	g_bytes_unref(b);
	g_bytes_unref(c);
	return z;
}

/* Attach with a plain name and a body. */
static void
attach_case(const char *label, const char *name, const char *ctype, GBytes *d)
{
	check(label, sb_mail1("Hello,\nplease find the file attached.\nBest regards\n",
			      name, ctype, d), "");
}

void
test_benign(void **state)
{
	(void)state;
	GBytes *pdf = sb_text(ft_plain_pdf), *png = ft_png(), *jpg = jpeg();
	GBytes *docx = ooxml(true), *xlsx = ooxml(false);

	/* Text files whose words look dangerous. */
	GBytes *t1 = sb_text("Incident notes\n\nThe attacker ran: powershell -enc SQBFAFgA...\n"
			     "and cmd.exe /c whoami, then wscript.exe //B a.js.\n");
	attach_case("txt mentioning powershell", "incident-notes.txt", "text/plain", t1);
	GBytes *t2 = sb_text("@echo off\r\nREM how to restart the service\r\nnet stop spooler\r\n");
	attach_case("batch text in a .txt", "restart-howto.txt", "text/plain", t2);
	attach_case("script text named .js.txt", "invoice.js.txt", "text/plain", t2);
	GBytes *csv = sb_text("id,name,amount\n1,Tanaka,12000\n2,\"Suzuki, K\",8000\n"
			      "3,=SUM(C2:C3),0\n");
	attach_case("csv", "numbers.csv", "text/csv", csv);
	GBytes *ics = sb_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\n"
			      "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@example.com\r\n"
			      "DTSTART:20240612T010000Z\r\nDTEND:20240612T020000Z\r\n"
			      "SUMMARY:Budget review\r\nLOCATION:https://meet.example.com/abc\r\n"
			      "END:VEVENT\r\nEND:VCALENDAR\r\n");
	attach_case("ics", "invite.ics", "text/calendar", ics);
	{
		sb_msg *m = sb_msg_new("Invitation: Budget review");
		sb_msg_header(m, "Content-Class: urn:content-classes:calendarmessage");
		sb_msg_text(m, "plain", "utf-8", "You are invited.\n", false);
		sb_msg_part_raw(m, "Content-Type: text/calendar; charset=\"utf-8\"; method=REQUEST",
				ics, false);
		sb_msg_attach(m, "invite.ics", "application/ics", ics);
		check("calendar invite", sb_msg_finish(m), "");
	}
	attach_case("pdf", "catalogue.pdf", "application/pdf", pdf);
	attach_case("pdf with dots", "minutes.14.may.2024.pdf", "application/pdf", pdf);
	attach_case("png", "photo.png", "image/png", png);
	attach_case("jpeg", "site-visit.jpg", "image/jpeg", jpg);
	attach_case("png named .jpg", "photo.jpg", "image/jpeg", png);
	attach_case("docx", "minutes.docx",
		    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx);
	attach_case("xlsx", "figures.xlsx",
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx);
	GBytes *rtf = sb_text("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello.\\par }");
	attach_case("rtf named .doc", "letter.doc", "application/msword", rtf);
	GBytes *html = sb_text("<html><body><h1>Order confirmation</h1><p>Thank you.</p>"
			       "<a href=\"https://shop.example.com/orders/1\">View</a></body></html>");
	attach_case("html attachment", "order.html", "text/html", html);
	attach_case("html named .xls", "report.xls", "application/vnd.ms-excel", html);
	GBytes *xml = sb_text("<?xml version=\"1.0\"?><invoice><total>100</total></invoice>");
	attach_case("xml", "invoice.xml", "application/xml", xml);
	GBytes *json = sb_text("{\"cmd\": \"powershell -enc AAAA\", \"ok\": true}\n");
	attach_case("json", "config.json", "application/json", json);
	GBytes *vcf = sb_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:K Tanaka\r\nEND:VCARD\r\n");
	attach_case("vcard", "tanaka.vcf", "text/vcard", vcf);
	{
		sb_member m[] = { { "a.pdf", pdf }, { "b.pdf", pdf }, { "資料/c.pdf", pdf },
				  { "photo.jpg", jpg }, { "figures.xlsx", xlsx } };
		GBytes *z = sb_archive(SB_ZIP, m, 5, NULL, NULL);
		attach_case("zip of documents", "documents.zip", "application/zip", z);
		g_bytes_unref(z);
		z = sb_archive(SB_7Z, m, 5, NULL, NULL);
		attach_case("7z of documents", "documents.7z", "application/x-7z-compressed", z);
		g_bytes_unref(z);
		z = sb_archive(SB_TGZ, m, 5, NULL, NULL);
		attach_case("tar.gz of documents", "documents.tar.gz", "application/gzip", z);
		g_bytes_unref(z);
	}
	{
		GBytes *log = sb_text("2024-06-12 09:00:01 INFO started\n2024-06-12 09:00:02 WARN slow\n");
		sb_member m[] = { { "logs/app.log", log }, { "logs/app.1.log", log } };
		GBytes *z = sb_archive(SB_TGZ, m, 2, NULL, NULL);
		attach_case("tar.gz of logs", "logs.tgz", "application/x-gzip", z);
		g_bytes_unref(z);
		g_bytes_unref(log);
	}
	/* Mail that talks about passwords, with nothing locked. */
	{
		sb_msg *m = sb_msg_new("Password expiry notice");
		sb_msg_text(m, "plain", "utf-8",
			    "Your password expires in 5 days.\nPassword: must be 12 characters.\n"
			    "パスワードの有効期限が近づいています。\n", false);
		check("password talk, no archive", sb_msg_finish(m), "");
		m = sb_msg_new("パスワードのお知らせ");
		sb_msg_text(m, "plain", "ISO-2022-JP",
			    "先ほどお送りしたファイルのパスワードは Sk3#pd77 です。\n", false);
		check("password-only follow-up", sb_msg_finish(m), "");
		m = sb_msg_new("Catalogue");
		sb_msg_text(m, "plain", "utf-8", "Password: Cat-2024\n", false);
		sb_msg_attach(m, "catalogue.pdf", "application/pdf", pdf);
		check("password with an unencrypted pdf", sb_msg_finish(m), "");
	}
	/* S/MIME signed. */
	{
		sb_msg *m = sb_msg_new("Signed delivery confirmation");
		g_free(m->outer_type);
		m->outer_type = g_strdup("multipart/signed; protocol=\"application/pkcs7-signature\";"
					 " micalg=sha-256");
		sb_msg_text(m, "plain", "us-ascii", "Delivery confirmed.\n", false);
		guint8 der[600];
		der[0] = 0x30; der[1] = 0x82; der[2] = 0x02; der[3] = 0x54;
		der[4] = 0x06; der[5] = 0x09;
		memcpy(der + 6, "\x2A\x86\x48\x86\xF7\x0D\x01\x07\x02", 9);
		for (size_t i = 15; i < sizeof der; i++)
			der[i] = (guint8)(i * 131u + 7u);
		GBytes *p7s = g_bytes_new(der, sizeof der);
		sb_msg_part_raw(m, "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\n"
				"Content-Disposition: attachment; filename=\"smime.p7s\"", p7s, true);
		check("multipart/signed", sb_msg_finish(m), "");
		g_bytes_unref(p7s);
	}
	/* HTML with inline images (multipart/related). */
	{
		sb_msg *m = sb_msg_new("Newsletter June");
		g_free(m->outer_type);
		m->outer_type = g_strdup("multipart/related; type=\"text/html\"");
		sb_msg_text(m, "html", "utf-8",
			    "<html><body><img src=\"cid:logo@x\"><p>News</p></body></html>", true);
		sb_msg_part_raw(m, "Content-Type: image/png; name=\"logo.png\"\n"
				"Content-ID: <logo@x>\nContent-Disposition: inline; filename=\"logo.png\"",
				png, true);
		sb_msg_part_raw(m, "Content-Type: image/jpeg\nContent-ID: <photo@x>", jpg, true);
		check("multipart/related", sb_msg_finish(m), "");
	}
	/* A bounce. */
	{
		sb_msg *m = sb_msg_new("Undelivered Mail Returned to Sender");
		g_free(m->outer_type);
		m->outer_type = g_strdup("multipart/report; report-type=delivery-status");
		sb_msg_text(m, "plain", "us-ascii", "This is the mail system at host mx1.\n"
			    "I'm sorry to have to inform you that your message could not be delivered.\n",
			    false);
		GBytes *ds = sb_text("Reporting-MTA: dns; mx1.acme-corp.example\n\n"
				     "Final-Recipient: rfc822; nobody@example.com\nAction: failed\n"
				     "Status: 5.1.1\n");
		sb_msg_part_raw(m, "Content-Type: message/delivery-status", ds, false);
		GString *orig = sb_mail1("original text\n", "catalogue.pdf", "application/pdf", pdf);
		GBytes *ob = g_bytes_new(orig->str, orig->len);
		sb_msg_part_raw(m, "Content-Type: message/rfc822", ob, false);
		check("bounce", sb_msg_finish(m), "");
		GBytes *hdrs = sb_text("From: a@example.com\nTo: nobody@example.com\nSubject: hi\n");
		m = sb_msg_new("Delivery Status Notification (Failure)");
		g_free(m->outer_type);
		m->outer_type = g_strdup("multipart/report; report-type=delivery-status");
		sb_msg_text(m, "plain", "us-ascii", "Delivery failed.\n", false);
		sb_msg_part_raw(m, "Content-Type: message/delivery-status", ds, false);
		sb_msg_part_raw(m, "Content-Type: text/rfc822-headers", hdrs, false);
		check("bounce with headers only", sb_msg_finish(m), "");
		g_bytes_unref(hdrs);
		g_bytes_unref(ob);
		g_string_free(orig, TRUE);
		g_bytes_unref(ds);
	}
	/* Newsletters with scripts that build no download. */
	{
		static const char *const pages[] = {
			"<html><head><script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>"
			"<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
			"gtag('js', new Date());gtag('config','G-1');</script></head>"
			"<body><h1>June news</h1><a href=\"https://example.com/dl/report.pdf\" download>Report</a></body></html>",
			"<html><body><script>var t = atob('eyJhIjoxfQ==');var b = new Blob([t], {type: 'application/json'});"
			"var img = document.getElementById('p'); img.src = URL.createObjectURL(b);</script>"
			"<img id=\"p\"></body></html>",
			"<html><body><script>document.getElementById('y').textContent = new Date().getFullYear();</script>"
			"<p>&copy; <span id=\"y\"></span> Example Corp</p>"
			"<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"></body></html>",
		};
		/* a large inline image and an ordinary download link */
		GString *big = g_string_new("<html><body><img src=\"data:image/png;base64,");
		for (int i = 0; i < 120; i++)
			g_string_append(big, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADU");
		g_string_append(big, "\"><a href=\"https://example.com/catalogue.pdf\" download>"
				"Catalogue</a><a download=\"price.pdf\" href=\"https://example.com/p.pdf\">"
				"Prices</a></body></html>");
		sb_msg *bm = sb_msg_new("Newsletter");
		sb_msg_text(bm, "html", "utf-8", big->str, true);
		check("newsletter with a large inline image and download links", sb_msg_finish(bm), "");
		GBytes *bb = sb_text(big->str);
		attach_case("html page with a large inline image", "newsletter.html", "text/html", bb);
		g_bytes_unref(bb);
		g_string_free(big, TRUE);
		for (size_t i = 0; i < G_N_ELEMENTS(pages); i++) {
			sb_msg *m = sb_msg_new("Newsletter");
			g_free(m->outer_type);
			m->outer_type = g_strdup("multipart/alternative");
			sb_msg_text(m, "plain", "utf-8", "June news\n", false);
			sb_msg_text(m, "html", "utf-8", pages[i], true);
			char *label = g_strdup_printf("newsletter %zu", i);
			check(label, sb_msg_finish(m), "");
			g_free(label);
		}
	}
	/* A forwarded message inside a zip, and one attached. */
	{
		GString *inner = sb_mail1("Minutes attached.\n", "minutes.pdf", "application/pdf", pdf);
		GBytes *ib = g_bytes_new(inner->str, inner->len);
		GBytes *z = sb_archive1(SB_ZIP, "Re_ minutes.eml", ib);
		attach_case("eml inside zip", "mail.zip", "application/zip", z);
		attach_case("eml attached", "Re_ minutes.eml", "message/rfc822", ib);
		g_bytes_unref(z);
		g_bytes_unref(ib);
		g_string_free(inner, TRUE);
	}
	/* Japanese names everywhere. */
	{
		char *v = sb_2231("見積書 2024年6月.pdf", "ISO-2022-JP");
		char *h = g_strdup_printf("Content-Type: application/pdf\n"
					  "Content-Disposition: attachment;\n filename*=%s", v);
		check("pdf with ISO-2022-JP RFC 2231 name", mail_raw(h, pdf, true), "");
		g_free(h);
		g_free(v);
		char *w = sb_2047("議事録.docx", "Shift_JIS");
		h = g_strdup_printf("Content-Type: application/vnd.openxmlformats-officedocument."
				    "wordprocessingml.document; name=\"%s\"", w);
		check("docx with Shift_JIS RFC 2047 name", mail_raw(h, docx, true), "");
		g_free(h);
		g_free(w);
	}
	GBytes *all[] = { pdf, png, jpg, docx, xlsx, t1, t2, csv, ics, rtf, html, xml, json, vcf };
	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_bytes_unref(all[i]);
	group_end("benign");
}
