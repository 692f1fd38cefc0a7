-- SIGUSR1 reloads rules: a new rule applies to new messages; a message in
-- flight finishes with the rules it started with; a broken rule set is refused.
dofile(TESTDIR .. "/lib.lua")

-- Conn A: everything but end-of-message, with the marker of the rule to come.
local a = open_conn()
send_message(a, {qid = "RLA", body = "TRIAGE-TEST-RELOAD\r\n"})

local f = io.open(RULES .. "/reload.yar", "w")
f:write('rule Test_Reload {\n meta: category = "script" severity = "critical"\n strings: $a = "TRIAGE-TEST-RELOAD"\n condition: $a\n}\n')
f:close()
os.execute("kill -USR1 " .. PID)
check(wait_log("reloaded configuration and 5 rules", 20), "reload logged")

-- Conn B: new rules.
local b, reply = run_message({qid = "RLB", body = "TRIAGE-TEST-RELOAD\r\n"})
check(reply == SMFIR_REPLYCODE and mt.eom_check(b, MT_SMTPREPLY, "550", "5.7.1", "Message refused by content policy: script"),
      "new rule rejects")
mt.disconnect(b)

-- Conn A completes with the old rules.
check(finish(a) == SMFIR_ACCEPT, "message in flight uses the old rules")
mt.disconnect(a)

-- A broken rule file: the reload fails and the running rules stay.
f = io.open(RULES .. "/broken.yar", "w")
f:write("rule Broken { condition: nosuchthing }\n")
f:close()
os.execute("kill -USR1 " .. PID)
check(wait_log("reload failed, keeping the running configuration", 20), "failed reload logged")
check(wait_log("broken.yar:1:", 5), "error names file:line")
local c
c, reply = run_message({qid = "RLC", body = "TRIAGE-TEST-RELOAD\r\n"})
check(reply == SMFIR_REPLYCODE, "previous rules still active")
mt.disconnect(c)
os.remove(RULES .. "/broken.yar")
