-- A Japanese prefix: an encoded-word, with the space inside it before an encoded subject.
--! [policy] subject_prefix = [要注意]
dofile(TESTDIR .. "/lib.lua")

local function tagged(subject, qid)
	local conn, reply = run_message({qid = qid, subject = subject, body = "TRIAGE-TEST-LOW\r\n"})
	check(reply == SMFIR_ACCEPT, "accepted")
	return conn
end

-- base64("[要注意]") = W+imgeazqOaEj10=, base64("[要注意] ") = W+imgeazqOaEj10g
local conn = tagged("Hello", "JA1")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "=?UTF-8?B?W+imgeazqOaEj10=?= Hello"),
      "plain subject: encoded prefix, then a space")
mt.disconnect(conn)

conn = tagged("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "JA2")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject",
      "=?UTF-8?B?W+imgeazqOaEj10g?= =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?="),
      "ISO-2022-JP subject: the space is inside the prefix's encoded-word")
mt.disconnect(conn)

conn = tagged("=?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?=", "JA3")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject",
      "=?UTF-8?B?W+imgeazqOaEj10g?= =?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?="),
      "UTF-8 subject prefixed")
mt.disconnect(conn)

-- Already carrying the prefix (decoded): left alone.
conn = tagged("=?UTF-8?B?W+imgeazqOaEj10=?= Hello", "JA4")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "no second prefix")
mt.disconnect(conn)

-- No Subject at all: one is added.
conn, reply = run_message({qid = "JA5", headers = {{"From", "a@example.net"}}, body = "TRIAGE-TEST-LOW\r\n"})
check(mt.eom_check(conn, MT_HDRADD, "Subject", "=?UTF-8?B?W+imgeazqOaEj10=?="), "subject added")
mt.disconnect(conn)
