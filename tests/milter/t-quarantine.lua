-- High -> quarantine: SMFIR_QUARANTINE, tag headers, and a complete store entry.
dofile(TESTDIR .. "/lib.lua")

local conn, reply = run_message({
	qid = "QUA1",
	from = "bad@example.net",
	rcpts = {"alice@example.com", "bob@example.com"},
	headers = {{"From", "bad@example.net"}, {"Subject", "Invoice"}},
	body = "Please open TRIAGE-TEST-HIGH now.\r\nSecond line.\r\n",
})
check(reply == SMFIR_ACCEPT, "quarantined message is accepted into the hold queue")
check(mt.eom_check(conn, MT_QUARANTINE), "SMFIR_QUARANTINE sent")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "quarantine"), "X-Triage-Action: quarantine")
mt.disconnect(conn)
check(wait_log("QUA1: action=quarantine severity=high direction=inbound from=<bad@example.net> rcpts=2", 10),
      "verdict line")

local files = {}
for _, f in ipairs(list_dir(QDIR)) do
	if f ~= "release.key" then table.insert(files, f) end
end
check(#files == 2, "two files in the store besides release.key, got " .. #files .. ": " .. table.concat(files, " "))
local eml, json
for _, f in ipairs(files) do
	check(string.sub(f, 1, 1) ~= ".", "no temp file left: " .. f)
	if string.match(f, "^%x+%.eml$") then eml = f end
	if string.match(f, "^%x+%.json$") then json = f end
end
check(eml ~= nil and json ~= nil, "an .eml and a .json")
check(#eml == 32 + 4, "32 hex digit id")
check(string.sub(eml, 1, 32) == string.sub(json, 1, 32), "same id")
check(wait_log("quarantine_id=" .. string.sub(eml, 1, 32), 5), "store id in the log")

local text = read_file(QDIR .. "/" .. eml)
check(text == "From: bad@example.net\r\nSubject: Invoice\r\n\r\nPlease open TRIAGE-TEST-HIGH now.\r\nSecond line.\r\n",
      "the .eml is the message as received: [" .. tostring(text) .. "]")
local meta = read_file(QDIR .. "/" .. json)
for _, want in ipairs({'"id": "' .. string.sub(eml, 1, 32) .. '"', '"queue_id": "QUA1"',
		       '"from": "bad@example.net"', '"alice@example.com"', '"bob@example.com"',
		       '"client_addr": "192.0.2.10"', '"client_name": "client.example"',
		       '"client_helo": "client.example"', '"stored_size": 92', '"truncated": false', '"direction": "inbound"', '"action": "quarantine"',
		       '"severity": "high"', '"category": "macro-vba-autoexec"', '"rule": "Test_High"',
		       '"object": "message"', '"released": null', '"time": "', '"subject": "Invoice"'}) do
	check(contains(meta, want), "metadata has " .. want .. ":\n" .. tostring(meta))
end
local p = io.popen("stat -c %a '" .. QDIR .. "/" .. eml .. "' '" .. QDIR .. "/" .. json .. "' '" .. QDIR .. "/release.key' '" .. QDIR .. "'")
local modes = p:read("*a")
p:close()
check(modes == "600\n600\n600\n700\n", "modes 0600 files and key, 0700 dir: " .. modes)

-- triage-quarantine reads what the daemon wrote (one writer: libtriage's qstore).
p = io.popen("'" .. BUILDDIR .. "/triage-quarantine' -d '" .. QDIR .. "' show " .. string.sub(eml, 1, 32) .. " 2>&1")
local shown = p:read("*a")
p:close()
for _, want in ipairs({"queue_id     QUA1", "client_addr  192.0.2.10", "client_name  client.example",
		       "subject      Invoice", "action       quarantine", "macro-vba-autoexec"}) do
	check(contains(shown, want), "triage-quarantine show has " .. want .. ":\n" .. shown)
end
