"""Readers: a source file becomes a `SourceDoc` of `Line`s.

By what its bytes are: a PDF (convert/read/pdf.py) or a Word document (convert/read/docx.py) gives
lines with their layout, tables cell by cell and pictures; any other file is text, decoded
defensively (convert/read/encoding.py) and split into lines — raw PDF text line by line, Markdown
block by block (convert/read/lines.py). What reading repaired or doubts goes to the report; a source
that cannot be read raises `SourceError` with the file, the line, what is wrong and what to do, and
the rest of the edition builds.
"""
from __future__ import annotations

from pathlib import Path

from convert.model import Line, Report, SourceDoc
from convert.read.encoding import read_text
from convert.read.lines import looks_like_markdown, markdown_lines, raw_lines
from convert.read.notes import ReadNotes, SourceError


def read_source(path: Path, report: Report | None = None) -> SourceDoc:
    """A source file as a `SourceDoc` of lines; what reading repaired or doubts goes to `report`."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(str(path), "this is a folder, not a file; sources are files (subfolders are not read)")
    except OSError as err:
        raise SourceError(str(path), f"the file cannot be read ({err.strerror or err}); check that it exists "
                                     "and that its permissions let the build read it")
    notes = ReadNotes()
    kind = source_kind(path, data)
    if kind in ("pdf", "docx"):
        lines, tables, images = read_document(path, kind, notes)
        _to_report(notes, path.name, report)
        return SourceDoc(name=path.name, lines=lines, format=kind, encoding="", tables=tables, images=images)
    text, encoding = read_text(data, path.name, notes)
    _to_report(notes, path.name, report)
    md = looks_like_markdown(text, path.name)
    lines = markdown_lines(text) if md else raw_lines(text)
    return SourceDoc(name=path.name, lines=lines, markdown=md, format="markdown" if md else "text", encoding=encoding)


def source_kind(path: Path, data: bytes) -> str:
    """pdf | docx | text: by what the bytes are, the file's extension deciding only between a Word
    document and another ZIP package."""
    if data.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        return "pdf"  # the PDF reader says what it is when it is not a PDF
    if path.suffix.lower() == ".docx":
        return "docx"  # the Word reader says what it is when it is not a Word document
    return "text"


def read_document(path: Path, kind: str, notes: ReadNotes) -> tuple[list[Line], list, list]:
    """Lines of a PDF or Word source with their layout, the tables read cell by cell and the pictures;
    SourceError when nothing can be read."""
    if kind == "pdf":
        from convert.read.pdf import PdfUnreadable, read_pdf_document

        try:
            return (*read_pdf_document(path, notes), [])
        except PdfUnreadable as err:
            named = "" if path.suffix.lower() == ".pdf" else f"this is a PDF file named {path.suffix or 'without .pdf'}: "
            raise SourceError(path.name, named + str(err))
    from convert.read.docx import read_docx_document

    return read_docx_document(path, notes)


def _to_report(notes: ReadNotes, name: str, report: Report | None) -> None:
    if report is not None:
        for kind, message, line, code in notes.items:
            report.add(name, kind, message, line=line, code=code)
