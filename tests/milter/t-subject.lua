-- ASCII subject prefix on plain and RFC 2047-encoded subjects.
--! [policy] subject_prefix = [SUSPICIOUS]
dofile(TESTDIR .. "/lib.lua")

local function tagged(subject, qid)
	local conn, reply = run_message({qid = qid, subject = subject, body = "TRIAGE-TEST-LOW\r\n"})
	check(reply == SMFIR_ACCEPT, "accepted")
	return conn
end

local conn = tagged("Hello", "SUB1")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[SUSPICIOUS] Hello"), "plain subject prefixed")
mt.disconnect(conn)

conn = tagged("=?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?=", "SUB2")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[SUSPICIOUS] =?UTF-8?B?5pel5pys6Kqe44Gu5Lu25ZCN?="),
      "UTF-8 encoded subject prefixed")
mt.disconnect(conn)

conn = tagged("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "SUB3")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[SUSPICIOUS] =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?="),
      "ISO-2022-JP encoded subject prefixed")
mt.disconnect(conn)

-- Already prefixed: left alone.
conn = tagged("[SUSPICIOUS] Hello", "SUB4")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "no second prefix")
mt.disconnect(conn)

-- Clean message: no prefix.
conn, reply = run_message({qid = "SUB5", subject = "Hello", body = "clean\r\n"})
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "clean message keeps its subject")
mt.disconnect(conn)
