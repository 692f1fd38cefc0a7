-- A clean message is accepted unchanged, and the verdict is logged with the queue id.
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "ACC1", body = "Nothing to see here.\r\n"})
check(reply == SMFIR_ACCEPT, "clean message accepted")
check(not mt.eom_check(conn, MT_HDRADD), "no header added")
check(not mt.eom_check(conn, MT_HDRCHANGE), "no header changed")
check(not mt.eom_check(conn, MT_QUARANTINE), "not quarantined")
-- Two messages on one connection: state is per message.
send_message(conn, {qid = "ACC2", body = "Second one.\r\n"})
check(finish(conn) == SMFIR_ACCEPT, "second message accepted")
mt.disconnect(conn)
check(wait_log("ACC1: action=accept severity=none direction=inbound from=<sender@example.net> rcpts=1", 10),
      "verdict line for ACC1")
check(wait_log("ACC2: action=accept", 10), "verdict line for ACC2")
