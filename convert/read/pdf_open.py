"""Opening a PDF defensively: a damaged cross-reference table is said (PDFium rebuilds it without a
word), what PDFium cannot open is repaired with qpdf (pikepdf), an encrypted file is refused."""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


class PdfUnreadable(Exception):
    """The PDF cannot be read at all; the message says why and what to do."""


_OBJ_RE = re.compile(rb"\s*\d+\s+\d+\s+obj\b")


def xref_damage(data: bytes) -> str:
    """What is wrong with the last cross-reference table of a PDF's bytes ("" when nothing): the offset
    `startxref` gives, and the offsets of the objects a classic table lists, must point at what they
    name. (PDFium rebuilds a wrong table without a word; the editor should know the file is damaged.)"""
    tail = data[-2048:]
    m = re.search(rb"startxref\s+(\d+)", tail)
    if not m:
        return "it has no `startxref` (the file may be cut short)"
    start = int(m.group(1))
    if data[start:start + 4] != b"xref":
        return "" if _OBJ_RE.match(data, start) else f"`startxref` points at byte {start:,}, where no table is"
    wrong = 0
    for off, gen, kind in re.findall(rb"(\d{10}) (\d{5}) ([nf])", data[start:start + 20 * 100_000]):
        if kind == b"n" and int(off) and not _OBJ_RE.match(data, int(off)):
            wrong += 1
    return f"{wrong:,} object offset(s) of its cross-reference table are wrong" if wrong else ""


def open_pdf(path: Path, notes) -> pdfium.PdfDocument:
    """The document, repaired by qpdf when PDFium cannot open it; refused when encrypted."""
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        what = "it is empty" if not data else "its first bytes are not a PDF header (%PDF-)"
        raise PdfUnreadable(f"not a PDF file: {what}; put the PDF itself here (or name a text file .txt)")
    damage = xref_damage(data)
    if damage:
        notes.add("doubt", f"the PDF is damaged: {damage}; it was read as rebuilt from its objects — check "
                  "its pages against the original, or export it again", code="read.pdf_damaged")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfUnreadable("the PDF is encrypted with a password; save it again without the password "
                                "(or ask its publisher for an open copy)")
        first = err
    try:
        import io
        import pikepdf

        with pikepdf.open(str(path)) as pdf:  # qpdf rebuilds what PDFium could not
            buf = io.BytesIO()
            pdf.save(buf)
    except Exception as err:  # noqa: BLE001 - any failure of the repair means the file is unreadable
        raise PdfUnreadable(f"the PDF is damaged beyond repair ({first}; qpdf: {err}); export it again from "
                            "the program that made it")
    notes.add("doubt", "the PDF is damaged (PDFium could not open it); it was read after qpdf rebuilt its "
              "structure — check its pages against the original", code="read.pdf_repaired")
    return pdfium.PdfDocument(buf.getvalue())

