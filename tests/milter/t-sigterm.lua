-- SIGTERM: the message in flight is finished, then the daemon exits.
dofile(TESTDIR .. "/lib.lua")

local a = open_conn()
send_message(a, {qid = "TRM1", body = "TRIAGE-TEST-MEDIUM\r\n"})
os.execute("kill -TERM " .. PID)
check(wait_log("stopping: waiting for 1 message(s) in flight", 20), "drain announced")
check(finish(a) == SMFIR_ACCEPT, "message in flight answered")
check(mt.eom_check(a, MT_HDRADD, "X-Triage-Action", "tag"), "and tagged")
mt.disconnect(a)
check(wait_log("TRM1: action=tag", 10), "verdict logged")
check(wait_log("triage-milter: stopped", 20), "daemon stopped")
