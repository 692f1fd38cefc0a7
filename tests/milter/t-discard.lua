-- discard is available as a policy action.
--! [policy] medium = discard
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "DIS1", body = "TRIAGE-TEST-MEDIUM\r\n"})
check(reply == SMFIR_DISCARD, "discarded")
mt.disconnect(conn)
check(wait_log("DIS1: action=discard severity=medium", 10), "verdict line")
