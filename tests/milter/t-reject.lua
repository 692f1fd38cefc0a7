-- Critical -> reject with 550 5.7.1 naming the category, not the rule.
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "REJ1", body = "MZ TRIAGE-TEST-CRITICAL\r\n"})
check(reply == SMFIR_REPLYCODE, "a reply code")
check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1", "Message refused by content policy: executable"),
      "550 5.7.1 with the category")
check(not mt.eom_check(conn, MT_HDRADD), "no header changes on reject")
mt.disconnect(conn)
check(wait_log("REJ1: action=reject severity=critical", 10), "verdict line")
