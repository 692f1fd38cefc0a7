-- Outbound (authenticated, internal network, outbound daemon name): high -> reject.
--! [policy.outbound] subject_prefix = [OUT]
dofile(TESTDIR .. "/lib.lua")

-- Inbound: high is quarantined.
local conn, reply = run_message({qid = "OUT0", body = "TRIAGE-TEST-HIGH\r\n"})
check(reply == SMFIR_ACCEPT and mt.eom_check(conn, MT_QUARANTINE), "inbound high quarantined")
mt.disconnect(conn)

-- Authenticated: outbound, high is rejected.
conn, reply = run_message({qid = "OUT1", auth = "alice", body = "TRIAGE-TEST-HIGH\r\n"})
check(reply == SMFIR_REPLYCODE, "reply code")
check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1", "Message refused by content policy: macro-vba-autoexec"),
      "outbound high rejected")
mt.disconnect(conn)
check(wait_log("OUT1: action=reject severity=high direction=outbound", 10), "outbound verdict line")

-- Internal network.
conn, reply = run_message({qid = "OUT2", body = "TRIAGE-TEST-HIGH\r\n"}, {ip = "10.1.2.3"})
check(reply == SMFIR_REPLYCODE, "internal client rejected")
mt.disconnect(conn)
check(wait_log("OUT2: action=reject severity=high direction=outbound", 10), "internal network verdict")

-- Outbound daemon name.
conn, reply = run_message({qid = "OUT3", body = "TRIAGE-TEST-HIGH\r\n"}, {daemon = "submission"})
check(reply == SMFIR_REPLYCODE, "submission service rejected")
mt.disconnect(conn)
check(wait_log("OUT3: action=reject severity=high direction=outbound", 10), "daemon name verdict")

-- Outbound medium: tag with the outbound prefix.
conn, reply = run_message({qid = "OUT4", auth = "alice", subject = "Hi", body = "TRIAGE-TEST-MEDIUM\r\n"})
check(reply == SMFIR_ACCEPT, "outbound medium accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "tag"), "tagged")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[OUT] Hi"), "outbound prefix")
mt.disconnect(conn)
