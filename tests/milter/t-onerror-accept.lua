-- An internal error with on_error = accept: delivered with X-Triage-Action: error.
--! [milter] spool_memory = 0
--! [policy] on_error = accept
dofile(TESTDIR .. "/lib.lua")

os.execute("rm -rf '" .. SPOOL .. "'")
local conn, reply = run_message({qid = "ERR2",
	headers = {{"From", "a@example.net"}, {"X-Triage-Action", "accept"}}, body = "clean\r\n"})
check(reply == SMFIR_ACCEPT, "accepted")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "error"), "X-Triage-Action: error")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Action"), "forged header still removed")
mt.disconnect(conn)
check(wait_log("ERR2: action=error", 10), "verdict line")
