#!/usr/bin/python3
"""Drives one running LibreOffice (soffice.bin) over UNO for the renderer's print pool.

Started by the renderer as `/usr/bin/python3 bridge.py <uno-connection> <wait-s> <office-pid>`,
next to the soffice.bin process the renderer spawned with `--accept=<the same connection>`. It
speaks JSON lines over stdio: one request per line on stdin, one answer per line on stdout. A
line {"office": pid} tells it the office's new PID after a restart. When stdin closes — the
renderer stopped, or died without cleaning up — it kills the office and exits, so no LibreOffice
outlives its renderer.

  request   {"id": 7, "in": "/work/job.docx", "out": "/work/job.pdf", "pdfA": false,
             "title": "Invoice 103045", "author": "CRONUS"}
  answer    {"id": 7, "ok": true, "pages": 2}  or  {"id": 7, "ok": false, "error": "..."}

The first line it writes is {"ready": true} once the office answers, or {"ready": false,
"error": ...}. The document is opened hidden and read-only with macros never executed and links
never updated; the office itself is configured by the renderer (user profile) to block remote
content. Time limits, kills and retries are the renderer's job: this process only converts.
"""
import json
import os
import signal
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE and UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0
NO_UPDATE = 0


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def file_url(path):
    return uno.systemPathToFileUrl(path)


def connect(connection, wait_s):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + wait_s
    last = None
    while time.monotonic() < deadline:
        try:
            ctx = resolver.resolve(f"uno:{connection};StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception as err:  # the office is still starting
            last = err
            time.sleep(0.1)
    raise RuntimeError(f"LibreOffice did not answer within {wait_s} s: {last}")


def convert(desktop, job):
    load = (
        prop("Hidden", True),
        prop("ReadOnly", True),
        prop("MacroExecutionMode", NEVER_EXECUTE),
        prop("UpdateDocMode", NO_UPDATE),
        prop("Silent", True),
        prop("FilterName", "MS Word 2007 XML"),
    )
    doc = desktop.loadComponentFromURL(file_url(job["in"]), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        props = doc.getDocumentProperties()
        if job.get("title"):
            props.Title = job["title"]
        if job.get("author"):
            props.Author = job["author"]
        # Page X of Y fields are laid out by the export itself; refreshing every field costs ~10 % more.
        pages = doc.getCurrentController().getPropertyValue("PageCount")
        filter_data = uno.Any(
            "[]com.sun.star.beans.PropertyValue",
            tuple(
                [
                    # 0 = PDF 1.7, 2 = PDF/A-2b (archival).
                    prop("SelectPdfVersion", 2 if job.get("pdfA") else 0),
                    prop("UseTaggedPDF", bool(job.get("pdfA"))),
                    prop("ExportFormFields", False),
                    prop("ExportLinksRelativeFsys", False),
                    prop("EmbedStandardFonts", False),
                ]
            ),
        )
        store = (
            prop("FilterName", "writer_pdf_Export"),
            prop("Overwrite", True),
        )
        fd = PropertyValue()
        fd.Name = "FilterData"
        fd.Value = filter_data
        uno.invoke(doc, "storeToURL", (file_url(job["out"]), store + (fd,)))
        return pages
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


office_pid = 0


def kill_office():
    if office_pid > 0:
        try:
            os.kill(office_pid, signal.SIGKILL)
        except OSError:
            pass


def main():
    global office_pid
    connection = sys.argv[1]
    wait_s = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    office_pid = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    try:
        desktop = connect(connection, wait_s)
    except Exception as err:
        reply({"ready": False, "error": str(err)})
        kill_office()
        return 1
    reply({"ready": True})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        job = json.loads(line)
        if "office" in job:
            office_pid = int(job["office"])
            continue
        try:
            pages = convert(desktop, job)
            reply({"id": job["id"], "ok": True, "pages": pages})
        except Exception as err:
            reply({"id": job["id"], "ok": False, "error": str(err).splitlines()[0][:500] if str(err) else type(err).__name__})
    # stdin closed: the renderer is gone; take the office with us.
    kill_office()
    return 0


if __name__ == "__main__":
    sys.exit(main())
