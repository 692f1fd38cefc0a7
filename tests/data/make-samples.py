#!/usr/bin/env python3
"""Regenerate the sample messages in tests/data (developer tool, not run by tests).

Every sample is harmless and made here: the "executable" is a 1 KB PE header
stub that does nothing, the script only echoes, the encrypted zips hold a
text file and the macro document, whose macro only echoes a line.  Needs
python3, 7z (p7zip-full) for the AES zips, and the macro document written by
the build's tests/data/make-macro-doc (path in $MACRO_DOC_TOOL):
    MACRO_DOC_TOOL=build/tests/data/make-macro-doc python3 tests/data/make-samples.py
"""
import base64, io, os, struct, subprocess, tempfile, zipfile
from email.message import EmailMessage
from email.policy import SMTP

HERE = os.path.dirname(os.path.abspath(__file__))

def write(name, msg):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(msg.as_bytes(policy=SMTP))

def base(subject, frm="Alice Sender <alice@example.org>", to="bob@example.com"):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = "Thu, 26 Nov 2026 09:00:00 +0900"
    m["Message-ID"] = "<%s@example.org>" % subject.encode("utf-8").hex()[:24]
    return m

def fake_pe():
    """A PE header stub: MZ, e_lfanew, PE signature, COFF header; no code."""
    b = bytearray(1024)
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3C, 0x80)
    b[0x80:0x84] = b"PE\0\0"
    struct.pack_into("<HH", b, 0x84, 0x14C, 1)
    b[0x4E:0x4E + 39] = b"This program cannot be run in DOS mode."
    return bytes(b)

def zip_bytes(files):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in files:
            z.writestr(n, d)
    return bio.getvalue()

# 1. A clean text mail.
m = base("Lunch on Friday?")
m.set_content("Hi Bob,\n\nshall we have lunch on Friday at noon?\n\nAlice\n")
write("01-clean-text.eml", m)

# 2. An executable inside a zip.
m = base("Invoice 4471")
m.set_content("Please find the invoice attached.\n")
m.add_attachment(zip_bytes([("invoice_4471.exe", fake_pe())]),
                 maintype="application", subtype="zip", filename="invoice_4471.zip")
write("02-exe-in-zip.eml", m)

# 3. A script with a right-to-left override in its name.
m = base("Scanned document")
m.set_content("See attachment.\n")
m.add_attachment(b'WScript.Echo("hello");\r\n', maintype="application",
                 subtype="octet-stream", filename="scan_\u202Efdp.js")
write("03-rtlo-script.eml", m)

def ppap(out, subject, body, inner_name, inner_text, password, zip_name):
    """A Japanese PPAP mail: an AES-256 zip and an ISO-2022-JP body."""
    with tempfile.TemporaryDirectory() as t:
        p = os.path.join(t, inner_name)
        with open(p, "w") as f:
            f.write(inner_text)
        z = os.path.join(t, "a.zip")
        subprocess.run(["7z", "a", "-tzip", "-mem=AES256", "-p" + password, z, p],
                       check=True, stdout=subprocess.DEVNULL)
        data = open(z, "rb").read()
    m = base(subject)
    m.set_content(body.encode("iso-2022-jp"), maintype="text", subtype="plain",
                  cte="7bit", params={"charset": "ISO-2022-JP"})
    m.add_attachment(data, maintype="application", subtype="zip", filename=zip_name)
    write(out, m)

# 4. Japanese PPAP mail: AES-256 zip, password in the body (ISO-2022-JP).
ppap("04-ppap-ja.eml", "お見積書の送付",
     "いつもお世話になっております。\n見積書をお送りします。\n\n解凍パスワードは qz7781 です。\n",
     "mitsumori.txt", "見積書（サンプル）\n", "qz7781", "見積書.zip")

# 5. HTML smuggling attachment.
html = b"""<html><body><script>
var b64 = "UEsDBAoAAAAAAAAAIQAAAAAAAAAAAAAAAAAA";
var bin = atob(b64); var u = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
var blob = new Blob([u], {type: "application/zip"});
var a = document.createElement("a"); a.href = URL.createObjectURL(blob);
a.download = "invoice.zip"; document.body.appendChild(a); a.click();
</script></body></html>
"""
m = base("Your invoice is ready")
m.set_content("Open the attached page to download your invoice.\n")
m.add_attachment(html, maintype="text", subtype="html", filename="invoice.html")
write("05-html-smuggling.eml", m)

# 6. A Word document whose macro runs on open (the Emotet door).
tool = os.environ.get("MACRO_DOC_TOOL", os.path.join(HERE, "..", "..", "build",
                                                     "tests", "data", "make-macro-doc"))
doc = subprocess.run([tool], check=True, stdout=subprocess.PIPE).stdout
m = base("Invoice November")
m.set_content("Dear customer,\n\nplease find the invoice attached. "
              "Enable editing and content to view it.\n")
m.add_attachment(doc, maintype="application", subtype="msword",
                 filename="Invoice_2026-11.doc")
write("06-macro-doc.eml", m)

# 7. The same document in an AES zip, the password in the English body.
with tempfile.TemporaryDirectory() as t:
    p = os.path.join(t, "Invoice_2026-11.doc")
    with open(p, "wb") as f:
        f.write(doc)
    z = os.path.join(t, "invoice.zip")
    subprocess.run(["7z", "a", "-tzip", "-mem=AES256", "-pSpring2026", z, p],
                   check=True, stdout=subprocess.DEVNULL)
    data = open(z, "rb").read()
m = base("RE: overdue invoice")
m.set_content("Hello,\n\nthe invoice is in the protected archive.\n"
              "The password is: Spring2026\n\nRegards\n")
m.add_attachment(data, maintype="application", subtype="zip", filename="invoice.zip")
write("07-password-zip-en.eml", m)

# 8. Japanese PPAP mail whose password is "sent separately": not checkable.
ppap("08-ppap-ja-no-password.eml", "会社案内の送付",
     "お世話になっております。\n会社案内を添付いたします。\nパスワードは別途メールにてお送りいたします。\n",
     "会社案内.txt", "会社案内（サンプル）\n", "Hx8-Tq2w", "会社案内.zip")
