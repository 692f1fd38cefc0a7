-- X-Triage-Release: a valid token (triage-quarantine release) lets the
-- message through tagged "released"; forged or expired ones do not, and the
-- header never reaches the recipient.
dofile(TESTDIR .. "/lib.lua")

local function msg(qid, extra)
	local headers = {{"From", "bad@example.net"}, {"Subject", "Invoice"}}
	for _, h in ipairs(extra or {}) do table.insert(headers, h) end
	return {qid = qid, from = "bad@example.net", headers = headers,
		body = "Please open TRIAGE-TEST-HIGH now.\r\n"}
end

local conn, reply = run_message(msg("REL0"))
check(mt.eom_check(conn, MT_QUARANTINE), "first: quarantined")
mt.disconnect(conn)
local ids = store_ids()
check(#ids == 1, "one store entry")
local id = ids[1]
local token = string.gsub(helper("sign '" .. QDIR .. "/release.key' " .. id), "%s+$", "")
check(string.match(token, "^id=" .. id .. "; t=%d+; mac=%x+$") ~= nil, "token: " .. token)

-- The released message: delivered with the tag, header removed, not stored again.
conn, reply = run_message(msg("REL1", {{"X-Triage-Release", token}}))
check(reply == SMFIR_ACCEPT, "released: accepted")
check(not mt.eom_check(conn, MT_QUARANTINE), "released: no MTA hold")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "released"), "X-Triage-Action: released")
local f = mt.getheader(conn, "X-Triage-Findings", 0)
check(f ~= nil and contains(f, "macro-vba-autoexec"), "findings still tagged: " .. tostring(f))
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Release"), "token header removed")
mt.disconnect(conn)
check(wait_log("REL1: action=released severity=high", 10), "verdict line")
check(wait_log("released=" .. id, 10), "released id in the log")
check(#store_ids() == 1, "not stored again")

-- Forged: another MAC.
local last = string.sub(token, -1)
local forged = string.sub(token, 1, -2) .. (last == "0" and "1" or "0")
conn, reply = run_message(msg("REL2", {{"X-Triage-Release", forged}}))
check(mt.eom_check(conn, MT_QUARANTINE), "forged: quarantined")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "quarantine"), "forged: X-Triage-Action: quarantine")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Release"), "forged header removed")
mt.disconnect(conn)
check(wait_log("REL2: action=quarantine", 10) and wait_log("release=invalid reason=forged", 10),
      "forged token logged")

-- Expired: made two hours ago.
local old = string.gsub(helper("sign '" .. QDIR .. "/release.key' " .. id .. " 7200"), "%s+$", "")
conn, reply = run_message(msg("REL3", {{"X-Triage-Release", old}}))
check(mt.eom_check(conn, MT_QUARANTINE), "expired: quarantined")
mt.disconnect(conn)
check(wait_log("release=invalid reason=expired", 10), "expired token logged")

-- Only the first header counts: a forged one in front of a valid one.
conn, reply = run_message(msg("REL4", {{"X-Triage-Release", forged}, {"X-Triage-Release", token}}))
check(mt.eom_check(conn, MT_QUARANTINE), "first header forged: quarantined")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Release", 2) and
      mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Release", 1), "both headers removed")
mt.disconnect(conn)
check(#store_ids() == 4, "three more entries")

-- A token on a clean message: accepted, header removed.
conn, reply = run_message({qid = "REL5", headers = {{"From", "a@example.net"}, {"X-Triage-Release", token}},
			   body = "clean\r\n"})
check(reply == SMFIR_ACCEPT, "clean: accepted")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Triage-Release"), "clean: token header removed")
mt.disconnect(conn)
check(wait_log("REL5: action=accept", 10), "clean verdict")
