-- A message above max_message_size is not passed silently: limit-exceeded (high).
--! [milter] max_message_size = 2K
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({qid = "BIG1", body = string.rep("0123456789abcdef0123456789abcdef\r\n", 200)})
check(reply == SMFIR_ACCEPT, "accepted into hold")
check(mt.eom_check(conn, MT_QUARANTINE), "quarantined")
local f = mt.getheader(conn, "X-Triage-Findings", 0)
check(contains(f, "limit-exceeded (message)"), "limit-exceeded finding: " .. tostring(f))
mt.disconnect(conn)
check(wait_log("BIG1: action=quarantine severity=high direction=inbound", 10), "verdict line")
check(wait_log("size=6875", 10), "size counts the whole message")
for _, name in ipairs(list_dir(QDIR)) do
	if string.match(name, "%.json$") then
		local meta = read_file(QDIR .. "/" .. name)
		check(contains(meta, '"truncated": true'), "marked truncated")
		check(contains(meta, '"stored_size": 2048'), "stored up to the limit")
	end
end
