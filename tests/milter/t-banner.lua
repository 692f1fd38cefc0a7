-- Medium -> banner: an AES zip whose password is not in the message is
-- archive-encrypted (the real analyzers); the text part gets the banner,
-- the zip part is sent back byte for byte.
--! [policy] medium = banner
--! rules = shipped
dofile(TESTDIR .. "/lib.lua")

local zip = helper("zip invoice.xlsx 'quarterly numbers' 'Pw-not-in-mail'")
check(#zip > 100, "helper made an encrypted zip")
local headers, body = mixed_message("Please find the invoice attached.\r\nRegards", {
	{"invoice.zip", "application/zip", zip},
})
local m = {qid = "BAN1", headers = headers, body = body}
local conn, reply = run_message(m)
check(reply == SMFIR_ACCEPT, "accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "banner"), "X-Triage-Action: banner")
local f = mt.getheader(conn, "X-Triage-Findings", 0)
check(f ~= nil and contains(f, "archive-encrypted"), "X-Triage-Findings: " .. tostring(f))
check(mt.eom_check(conn, MT_BODYCHANGE), "body replaced")

-- Exactly the body the rewrite module makes of this message.
local want = expected_body("banner", m)
check(body_sent(conn, want), "SMFIR_REPLBODY is the rewritten body:\n" .. want)
mt.disconnect(conn)

-- What the reader sees: banner first in the text part, then the text; the zip intact.
local part = "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
local at = string.find(want, part, 1, true)
check(at ~= nil, "text part headers kept")
local text = string.sub(want, at + #part)
check(string.sub(text, 1, 10) == "----------", "text part starts with the banner: " .. string.sub(text, 1, 80))
check(contains(text, "WARNING from your mail filter"), "banner text")
check(contains(text, "invoice.zip"), "banner names the attachment")
check(contains(text, "Sender: sender@example.net"), "banner names the envelope sender")
check(contains(text, "Please find the invoice attached.\r\nRegards"), "original text follows")
check(contains(want, "Content-Transfer-Encoding: base64\r\n\r\n" .. zip .. "--=_triage_test_b1--"),
      "zip part byte-identical")

check(wait_log("BAN1: action=banner severity=medium", 10), "verdict line")
check(wait_log("banner=inserted parts=text", 10), "rewrite outcome in the log")

-- A banner message without a text part gets one: a single attachment.
local m2 = {
	qid = "BAN2",
	headers = {{"From", "sender@example.net"}, {"Subject", "zip only"}, {"MIME-Version", "1.0"},
		   {"Content-Type", "application/zip; name=\"a.zip\""},
		   {"Content-Transfer-Encoding", "base64"}},
	body = zip,
}
conn, reply = run_message(m2)
check(reply == SMFIR_ACCEPT, "accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "banner"), "X-Triage-Action: banner (2)")
check(mt.eom_check(conn, MT_HDRCHANGE, "Content-Type"), "top Content-Type changed to multipart")
check(mt.eom_check(conn, MT_HDRDELETE, "Content-Transfer-Encoding") or
      mt.eom_check(conn, MT_HDRCHANGE, "Content-Transfer-Encoding"), "top CTE edited")
check(mt.eom_check(conn, MT_BODYCHANGE), "body replaced (2)")
-- The new multipart's boundary is random: the offline rewrite shows the shape.
want = expected_body("banner", m2)
check(contains(want, "WARNING from your mail filter"), "banner part")
check(contains(want, "Content-Type: application/zip; name=\"a.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" .. zip),
      "attachment kept as the second part:\n" .. want)
mt.disconnect(conn)
check(wait_log("BAN2: action=banner", 10) and wait_log("banner=added-part", 10), "added-part log")
