"""Readers: a source file becomes `Line`s — raw PDF text line by line, Markdown block by block."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from .model import Line, SourceDoc

MARKDOWN_HINTS = re.compile(r"^(#{1,6} \S|\*\*[^*]+\*\*|\d+\. \S|- \S|> )|<sup>|<https?://|\]\(https?://")


class SourceError(Exception):
    """A source that cannot be read; carries the file and line for the report."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path, self.message, self.line = path, message, line


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then UTF-8, then charset detection."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError(path, "not a text file in any known encoding; save it as UTF-8 text")
    return str(best), best.encoding


def looks_like_markdown(text: str, path: str) -> bool:
    """Markdown by extension or by content (headings, bold labels, <sup>, autolinks)."""
    if path.endswith((".md", ".markdown")):
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()]
    hits = sum(1 for ln in lines if MARKDOWN_HINTS.search(ln))
    headings = sum(1 for ln in lines if re.match(r"^#{1,6} \S", ln))
    return headings >= 2 and hits >= max(5, len(lines) // 20)


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


_ESCAPABLE = "\\`*_{}[]()#+-.!<>|"


def strip_inline_markdown(text: str) -> str:
    """Markdown inline syntax of the source becomes plain text (the renderer escapes it again)."""
    # escaped characters are literal: park them where no rule below can see them
    parked: list[str] = []

    def park(m: re.Match) -> str:
        parked.append(m.group(1))
        return f"\x00{len(parked) - 1}\x00"

    text = re.sub(r"\\([" + re.escape(_ESCAPABLE) + r"])", park, text)
    text = re.sub(r"<sup>\s*([^<]*?)\s*</sup>", lambda m: m.group(1).translate(_SUP), text)
    text = re.sub(r"<(https?://[^>\s]+|mailto:[^>\s]+)>", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("****", "")
    return re.sub(r"\x00(\d+)\x00", lambda m: parked[int(m.group(1))], text)


def markdown_lines(text: str) -> list[Line]:
    """One `Line` per Markdown block (heading, paragraph, list item), numbered by its first line."""
    out: list[Line] = []
    buf: list[str] = []
    start = 0

    def flush():
        if buf:
            out.append(Line(start, strip_inline_markdown(" ".join(s.strip() for s in buf)), para=True))
            buf.clear()

    for no, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if not s:
            flush()
            out.append(Line(no, ""))
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", s)
        if m:
            flush()
            out.append(Line(no, strip_inline_markdown(m.group(2)).strip(), heading_level=len(m.group(1)), para=True))
            continue
        if re.match(r"^(\d+[.)]|[-*+])\s+\S", s):
            flush()
            start = no
            buf.append(s if re.match(r"^\d", s) else "• " + s[1:].strip())
            out_item = True
        else:
            out_item = False
            if not buf:
                start = no
            buf.append(s)
        if out_item:
            flush()
            out[-1].list_item = True
    flush()
    return out


def raw_lines(text: str) -> list[Line]:
    """Physical lines; a leading space marks where the PDF extractor started a page."""
    return [Line(no, raw.rstrip("\r"), page_start=raw.startswith(" ") and bool(raw.strip()))
            for no, raw in enumerate(text.split("\n"), 1)]


def read_source(path: Path) -> SourceDoc:
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(str(path), "the file is empty (or only blank); put the extracted text in it or remove it")
    text, encoding = decode(data, str(path))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(str(path), "the file holds NUL bytes: it is binary, not text; export it as plain text", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    md = looks_like_markdown(text, path.name)
    lines = markdown_lines(text) if md else raw_lines(text)
    return SourceDoc(name=path.name, lines=lines, markdown=md, encoding=encoding)
