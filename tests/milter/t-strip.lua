-- Medium -> strip: the encrypted zip is replaced by <name>.removed.txt, the
-- other parts stay byte for byte, the original goes to the store (no hold).
--! [policy] medium = strip
--! rules = shipped
dofile(TESTDIR .. "/lib.lua")

local zip = helper("zip invoice.xlsx 'numbers' 'Pw-not-in-mail'")
check(#zip > 100, "helper made an encrypted zip")
local notes = "bm90aGluZyB0byBzZWUgaGVyZQo=\r\n"
local headers, body = mixed_message("Two files attached.", {
	{"invoice.zip", "application/zip", zip},
	{"notes.txt", "text/plain", notes},
})
local m = {qid = "STR1", from = "billing@example.net", headers = headers, body = body}
local conn, reply = run_message(m)
check(reply == SMFIR_ACCEPT, "accepted")
check(not mt.eom_check(conn, MT_QUARANTINE), "no MTA hold")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "strip"), "X-Triage-Action: strip")
check(mt.eom_check(conn, MT_BODYCHANGE), "body replaced")

-- The store keeps the full original under the id the removed-part text names.
local ids = store_ids()
check(#ids == 1, "one store entry, got " .. #ids)
local id = ids[1]
check(read_file(QDIR .. "/" .. id .. ".eml") == spooled(m), "the .eml is the full original")
local meta = read_file(QDIR .. "/" .. id .. ".json")
for _, want in ipairs({'"action": "strip"', '"stripped": [', '"invoice.zip"', '"queue_id": "STR1"',
		       '"from": "billing@example.net"', '"category": "archive-encrypted"', '"released": null'}) do
	check(contains(meta, want), "metadata has " .. want .. ":\n" .. meta)
end

local want = expected_body("strip", m, id)
check(body_sent(conn, want), "SMFIR_REPLBODY is the rewritten body:\n" .. want)
mt.disconnect(conn)
check(not contains(want, zip), "the zip part is gone")
check(contains(want, 'filename=invoice.zip.removed.txt'), "invoice.zip.removed.txt in its place:\n" .. want)
check(contains(want, id), "the removed-part text names the store id")
check(contains(want, "Content-Disposition: attachment; filename=\"notes.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" .. notes),
      "notes.txt byte-identical")
check(contains(want, "WARNING from your mail filter"), "banner too")

check(wait_log("STR1: action=strip severity=medium", 10), "verdict line")
check(wait_log("stripped=1", 10), "stripped count in the log")
check(wait_log("quarantine_id=" .. id, 10), "store id in the log")

-- triage-quarantine lists what was stripped.
local p = io.popen("'" .. BUILDDIR .. "/triage-quarantine' -d '" .. QDIR .. "' show " .. id .. " 2>&1")
local shown = p:read("*a")
p:close()
check(contains(shown, "stripped     invoice.zip"), "show lists the stripped part:\n" .. shown)
check(contains(shown, "action       strip"), "show: action strip")

-- A finding on the message itself names no part to remove: quarantine.
conn, reply = run_message({qid = "STR2", body = "TRIAGE-TEST-MEDIUM in the only text\r\n"})
check(mt.eom_check(conn, MT_QUARANTINE), "no part to remove: held")
check(not mt.eom_check(conn, MT_BODYCHANGE), "body unchanged (2)")
mt.disconnect(conn)
check(wait_log("STR2: action=quarantine", 10), "verdict line (2)")
