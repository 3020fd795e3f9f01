"""Text of the realworld files as an editor's tools give it: `pdftotext` for a PDF (poppler-utils), and for
a Word file its paragraphs one per line, as Word's "Save as plain text" writes them (a page break as a
form feed, automatic list numbers as "1." — counted per list, as decimal numbers). The converter's own PDF and Word readers are not used here: these are its text inputs."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext (Debian poppler-utils) is needed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = []
    counters: dict[tuple[str, str], int] = {}
    for p in root.iter(W + "p"):
        parts = []
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:  # Word's automatic numbering: plain text writes the number ("1.")
            key = (num.findtext(f"{W}numId") or num.find(f"{W}numId").get(W + "val"),
                   num.find(f"{W}ilvl").get(W + "val") if num.find(f"{W}ilvl") is not None else "0")
            counters[key] = counters.get(key, 0) + 1
            parts.append(f"{counters[key]}.\t")
        for node in p.iter(W + "t", W + "br", W + "cr", W + "tab"):
            if node.tag == W + "t":
                parts.append(node.text or "")
            elif node.tag == W + "tab":
                parts.append("\t")
            elif node.get(W + "type") == "page":
                parts.append("\f")
            elif node.tag == W + "cr" or node.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")  # a line break inside the paragraph
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def text_of(path: Path) -> str:
    return pdf_text(path) if path.suffix == ".pdf" else docx_text(path)
