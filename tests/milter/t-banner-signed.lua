-- A signed body is never changed: banner -> tag only; strip -> quarantine.
--! [policy] medium = banner
--! [policy] high = strip
--! rules = shipped
dofile(TESTDIR .. "/lib.lua")

local zip = helper("zip invoice.xlsx 'numbers' 'Pw-not-in-mail'")
check(#zip > 100, "helper made an encrypted zip")

-- multipart/signed around the text and one attachment.
local function signed(attachment)
	local inner_h, inner_b = mixed_message("Signed text.", {attachment})
	local ct
	for _, h in ipairs(inner_h) do
		if h[1] == "Content-Type" then ct = h[2] end
	end
	local body = "--sig1\r\nContent-Type: " .. ct .. "\r\n\r\n" .. inner_b ..
		"\r\n--sig1\r\nContent-Type: application/pgp-signature; name=\"signature.asc\"\r\n\r\n" ..
		"-----BEGIN PGP SIGNATURE-----\r\n\r\niQEzBAEBCAAdFiEE\r\n-----END PGP SIGNATURE-----\r\n--sig1--\r\n"
	return {
		{"From", "signer@example.net"}, {"Subject", "signed"}, {"MIME-Version", "1.0"},
		{"Content-Type", "multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"sig1\""},
	}, body
end

local headers, body = signed({"invoice.zip", "application/zip", zip})
local conn, reply = run_message({qid = "SIG1", headers = headers, body = body})
check(reply == SMFIR_ACCEPT, "accepted")
check(not mt.eom_check(conn, MT_BODYCHANGE), "signed body unchanged")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "tag"), "X-Triage-Action: tag")
local f = mt.getheader(conn, "X-Triage-Findings", 0)
check(f ~= nil and contains(f, "archive-encrypted"), "X-Triage-Findings: " .. tostring(f))
check(not mt.eom_check(conn, MT_QUARANTINE), "banner policy does not hold it")
mt.disconnect(conn)
check(wait_log("SIG1: action=tag severity=medium", 10), "verdict line says tag")
check(wait_log("banner=skipped reason=signed", 10), "log says why")

-- High with strip policy: the part cannot be removed from a signed body.
headers, body = signed({"macro.bin", "application/octet-stream", "VFJJQUdFLVRFU1QtSElHSA==\r\n"})
conn, reply = run_message({qid = "SIG2", headers = headers, body = body})
check(reply == SMFIR_ACCEPT, "accepted into quarantine")
check(not mt.eom_check(conn, MT_BODYCHANGE), "signed body unchanged (2)")
check(mt.eom_check(conn, MT_QUARANTINE), "escalated to quarantine (MTA hold)")
check(mt.eom_check(conn, MT_HDRADD, "X-Triage-Action", "quarantine"), "X-Triage-Action: quarantine")
mt.disconnect(conn)
check(wait_log("SIG2: action=quarantine severity=high", 10), "verdict line says quarantine")
check(wait_log("strip=escalated reason=signed", 10), "log says why (2)")
local ids = store_ids()
check(#ids == 1, "one store entry")
local meta = read_file(QDIR .. "/" .. ids[1] .. ".json")
check(contains(meta, '"action": "quarantine"') and not contains(meta, '"stripped"'), "stored as a quarantine: " .. meta)
