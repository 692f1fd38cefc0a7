-- lib.lua - helpers shared by the miltertest scripts (loaded with dofile).
-- Globals from run-lua.sh: SOCKET, TMP, PID, RULES, QDIR, SPOOL, LOG, BIN, TESTDIR.

mt.set_timeout(60)

function check(cond, what)
	if not cond then
		-- miltertest does not print a script's error: say it first.
		mt.echo("check failed: " .. what)
		error("check failed: " .. what)
	end
end

-- Open a connection; opts.host, opts.ip, opts.daemon ({daemon_name}).
function open_conn(opts)
	opts = opts or {}
	local conn = mt.connect(SOCKET, 40, 0.25)
	check(conn ~= nil, "mt.connect " .. SOCKET)
	if opts.daemon then
		mt.macro(conn, SMFIC_CONNECT, "{daemon_name}", opts.daemon)
	end
	check(mt.conninfo(conn, opts.host or "client.example", opts.ip or "192.0.2.10") == nil, "conninfo")
	check(mt.getreply(conn) == SMFIR_CONTINUE, "conninfo reply")
	check(mt.helo(conn, "client.example") == nil, "helo")
	return conn
end

-- Send everything up to (not including) end-of-message.
-- m.from, m.rcpts, m.qid, m.auth, m.headers ({{name, value}, ...}), m.body.
function send_message(conn, m)
	local qid = m.qid or "TESTQ1"
	if m.auth then
		mt.macro(conn, SMFIC_MAIL, "i", qid, "{auth_authen}", m.auth)
	else
		mt.macro(conn, SMFIC_MAIL, "i", qid)
	end
	check(mt.mailfrom(conn, "<" .. (m.from or "sender@example.net") .. ">") == nil, "mailfrom")
	check(mt.getreply(conn) == SMFIR_CONTINUE, "mailfrom reply")
	for _, r in ipairs(m.rcpts or {"user@example.com"}) do
		mt.macro(conn, SMFIC_RCPT, "i", qid)
		check(mt.rcptto(conn, "<" .. r .. ">") == nil, "rcptto")
		check(mt.getreply(conn) == SMFIR_CONTINUE, "rcptto reply")
	end
	local headers = m.headers or {
		{"From", "Sender <sender@example.net>"},
		{"To", "user@example.com"},
		{"Subject", m.subject or "Hello"},
	}
	for _, h in ipairs(headers) do
		check(mt.header(conn, h[1], h[2]) == nil, "header " .. h[1])
		check(mt.getreply(conn) == SMFIR_CONTINUE, "header reply " .. h[1])
	end
	check(mt.eoh(conn) == nil, "eoh")
	check(mt.getreply(conn) == SMFIR_CONTINUE, "eoh reply")
	local body = m.body or "Hello.\r\n"
	-- In chunks, as an MTA sends them.
	local pos = 1
	while pos <= #body do
		check(mt.bodystring(conn, string.sub(body, pos, pos + 65534)) == nil, "body")
		check(mt.getreply(conn) == SMFIR_CONTINUE, "body reply")
		pos = pos + 65535
	end
end

-- End-of-message; returns the reply.
function finish(conn)
	check(mt.eom(conn) == nil, "eom")
	return mt.getreply(conn)
end

-- One whole message on a new connection; returns conn, reply.
function run_message(m, opts)
	local conn = open_conn(opts)
	send_message(conn, m)
	return conn, finish(conn)
end

function read_file(path)
	local f = io.open(path, "rb")
	if f == nil then return nil end
	local s = f:read("*a")
	f:close()
	return s
end

-- Names in a directory (hidden ones too), sorted.
function list_dir(dir)
	local out = {}
	local p = io.popen("ls -A '" .. dir .. "' 2>/dev/null")
	for l in p:lines() do table.insert(out, l) end
	p:close()
	table.sort(out)
	return out
end

function contains(s, sub)
	return s ~= nil and string.find(s, sub, 1, true) ~= nil
end

-- Wait (bounded) until the daemon log contains text; true when it does.
function wait_log(text, seconds)
	local waited = 0
	while waited < (seconds or 20) do
		if contains(read_file(LOG), text) then return true end
		mt.sleep(0.1)
		waited = waited + 0.1
	end
	return false
end

-- Run the test helper (tests/milter/mt-helper); returns its stdout.
function helper(args)
	local p = io.popen("'" .. BUILDDIR .. "/tests/milter/mt-helper' " .. args .. " 2>>'" .. TMP .. "/helper.err'")
	local out = p:read("*a")
	p:close()
	return out
end

-- Quote one shell word.
function shq(s)
	return "'" .. string.gsub(s, "'", "'\\''") .. "'"
end

-- The message as the daemon spools it: "Name: value" CRLF, CRLF, body.
function spooled(m)
	local t = {}
	for _, h in ipairs(m.headers) do
		table.insert(t, h[1] .. ": " .. h[2] .. "\r\n")
	end
	return table.concat(t) .. "\r\n" .. m.body
end

-- The body the daemon must send for mode "banner"/"strip" (same config,
-- rules and templates, offline); qid: the store id a strip names.
function expected_body(mode, m, qid)
	local path = TMP .. "/expected-input.eml"
	local f = io.open(path, "wb")
	f:write(spooled(m))
	f:close()
	return helper("rewrite " .. shq(TMP .. "/triage-milter.conf") .. " " .. mode .. " " ..
		      shq(m.from or "sender@example.net") .. " " .. shq(path) .. " " .. (qid or ""))
end

-- Store ids (entries with a .json), sorted.
function store_ids()
	local ids = {}
	for _, f in ipairs(list_dir(QDIR)) do
		local id = string.match(f, "^(%x+)%.json$")
		if id then table.insert(ids, id) end
	end
	return ids
end

-- A multipart/mixed message: text, then attachments {{name, ctype, base64}, ...}.
function mixed_message(text, attachments, extra_headers)
	local b = "=_triage_test_b1"
	local body = "--" .. b .. "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" .. text .. "\r\n"
	for _, a in ipairs(attachments) do
		body = body .. "--" .. b .. "\r\nContent-Type: " .. a[2] .. "; name=\"" .. a[1] .. "\"\r\n" ..
			"Content-Disposition: attachment; filename=\"" .. a[1] .. "\"\r\n" ..
			"Content-Transfer-Encoding: base64\r\n\r\n" .. a[3]
	end
	body = body .. "--" .. b .. "--\r\n"
	local headers = {
		{"From", "Sender <sender@example.net>"},
		{"To", "user@example.com"},
		{"Subject", "Documents"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "multipart/mixed; boundary=\"" .. b .. "\""},
	}
	for _, h in ipairs(extra_headers or {}) do table.insert(headers, h) end
	return headers, body
end

-- The daemon sent `body` as its new body: miltertest keeps every
-- SMFIR_REPLBODY chunk (1000 bytes in these tests, see run-lua.sh) apart.
function body_sent(conn, body)
	if #body == 0 then return false end
	local pos = 1
	while pos <= #body do
		if not mt.eom_check(conn, MT_BODYCHANGE, string.sub(body, pos, pos + 999)) then
			mt.echo("chunk at " .. pos .. " not sent")
			return false
		end
		pos = pos + 1000
	end
	return true
end
