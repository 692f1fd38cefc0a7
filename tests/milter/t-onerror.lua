-- An internal error (spool directory gone) with on_error = tempfail: 451 4.3.0.
--! [milter] spool_memory = 0
--! [policy] on_error = tempfail
dofile(TESTDIR .. "/lib.lua")

os.execute("rm -rf '" .. SPOOL .. "'")
local conn, reply = run_message({qid = "ERR1", body = "clean\r\n"})
check(reply == SMFIR_REPLYCODE, "a reply code")
check(mt.eom_check(conn, MT_SMTPREPLY, "451", "4.3.0", "Temporary failure while checking the message, try again later"), "451 4.3.0")
mt.disconnect(conn)
check(wait_log("ERR1: action=tempfail", 10), "verdict line")
