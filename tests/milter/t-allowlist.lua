-- Allowlisted sender, or all recipients allowlisted: no action, still logged.
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "ALW1", from = "trusted@partner.example", body = "TRIAGE-TEST-CRITICAL\r\n"})
check(reply == SMFIR_ACCEPT, "allowlisted sender accepted")
check(not mt.eom_check(conn, MT_HDRADD), "no headers")
mt.disconnect(conn)
check(wait_log("ALW1: action=accept severity=critical direction=inbound from=<trusted@partner.example>", 10),
      "verdict line keeps the severity")
check(wait_log("allowlisted=sender", 10), "allowlist named in the log")

conn, reply = run_message({qid = "ALW2", rcpts = {"a@allow.example", "B@ALLOW.EXAMPLE"}, body = "TRIAGE-TEST-CRITICAL\r\n"})
check(reply == SMFIR_ACCEPT, "allowlisted recipients accepted")
mt.disconnect(conn)
check(wait_log("allowlisted=recipients", 10), "recipient allowlist in the log")

-- One recipient not listed: the policy applies.
conn, reply = run_message({qid = "ALW3", rcpts = {"a@allow.example", "c@example.com"}, body = "TRIAGE-TEST-CRITICAL\r\n"})
check(reply == SMFIR_REPLYCODE and mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1", "Message refused by content policy: executable"), "mixed recipients rejected")
mt.disconnect(conn)
