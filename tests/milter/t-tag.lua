-- Medium -> tag: X-Triage-Action and X-Triage-Findings; forged X-Triage-* removed.
--! [policy] medium = tag
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({
	qid = "TAG1",
	headers = {
		{"From", "a@example.net"},
		{"X-Triage-Action", "accept"},
		{"Subject", "Report"},
		{"x-triage-findings", "none"},
		{"X-Triage-Action", "accept again"},
	},
	body = "see TRIAGE-TEST-MEDIUM inside\r\n",
})
check(reply == SMFIR_ACCEPT, "tagged message accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "tag"), "X-Triage-Action: tag added")
local f = mt.getheader(conn, "X-Triage-Findings", 0)
check(f ~= nil and contains(f, "archive-encrypted (message)"), "X-Triage-Findings: " .. tostring(f))
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Action"), "forged X-Triage-Action removed")
check(mt.eom_check(conn, MT_HDRDELETE, "x-triage-findings"), "forged X-Triage-Findings removed")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "no subject prefix configured")
mt.disconnect(conn)

-- Forged headers go also from a clean message.
conn, reply = run_message({
	qid = "TAG2",
	headers = {{"From", "a@example.net"}, {"X-Triage-Action", "accept"}},
	body = "clean\r\n",
})
check(reply == SMFIR_ACCEPT, "clean accepted")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Action"), "forged header removed from a clean message")
check(not mt.eom_check(conn, MT_HDRADD, "X-Triage-Action"), "nothing added to a clean message")
mt.disconnect(conn)
check(wait_log("TAG1: action=tag severity=medium", 10), "verdict line")
check(wait_log("findings=archive-encrypted:message", 10), "findings in the log")
