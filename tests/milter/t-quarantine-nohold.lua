-- hold = false: the store copy only, no SMFIR_QUARANTINE.
--! [quarantine] hold = false
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "QNH1", body = "TRIAGE-TEST-HIGH\r\n"})
check(reply == SMFIR_ACCEPT, "accepted")
check(not mt.eom_check(conn, MT_QUARANTINE), "no MTA hold")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "quarantine"), "tagged")
mt.disconnect(conn)
-- the entry (.eml + .json) and the release key
check(#list_dir(QDIR) == 3, "stored: " .. table.concat(list_dir(QDIR), " "))
