"""Text → `Line`s: raw PDF text line by line (its spacing kept), Markdown block by block."""
from __future__ import annotations

import re

from convert.model import Layout, Line

MARKDOWN_HINTS = re.compile(r"^(#{1,6} \S|\*\*[^*]+\*\*|\d+\. \S|- \S|> )|<sup>|<https?://|\]\(https?://")


def looks_like_markdown(text: str, path: str) -> bool:
    """Markdown by extension or by content (headings, bold labels, <sup>, autolinks)."""
    if path.endswith((".md", ".markdown")):
        return True
    lines = [ln for ln in text.split("\n") if ln.strip()]
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

    # physical lines, as an editor counts them (str.splitlines would also split at form feeds,
    # U+2028 … and shift every line number after them)
    for no, raw in enumerate(text.split("\n"), 1):
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
    """Physical lines, each also kept as read in `Line.raw` (the character fixes collapse the spacing
    that places a table's values in their columns); a leading space or a form feed marks where the PDF
    extractor started a page. Where the text has form feeds (pdftotext's page breaks), every line knows
    its page (`layout.page`)."""
    lines = []
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        lines.append(Line(no, raw, raw=raw, page_start=raw.startswith((" ", "\f")) and bool(raw.strip())))
    if "\f" in text:
        page = 1
        for ln in lines:
            page += ln.text.count("\f")
            ln.layout = Layout(page=page)
    return lines

