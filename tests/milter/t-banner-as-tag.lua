-- banner and strip are not built yet: they act as tag and say so in the log.
--! [policy] medium = banner
--! [policy] low = strip
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "BAN1", body = "TRIAGE-TEST-MEDIUM\r\n"})
check(reply == SMFIR_ACCEPT, "accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "tag"), "tagged instead of banner")
check(not mt.eom_check(conn, MT_BODYCHANGE), "body unchanged")
mt.disconnect(conn)
conn, reply = run_message({qid = "STR1", body = "TRIAGE-TEST-LOW\r\n"})
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "tag"), "tagged instead of strip")
mt.disconnect(conn)
check(wait_log("BAN1: action=tag severity=medium", 10), "verdict line")
check(wait_log("banner=not-implemented", 10), "banner note in the log")
check(wait_log("strip=not-implemented", 10), "strip note in the log")
