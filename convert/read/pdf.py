"""PDF reader: the text layer line by line, each line with its layout (page, position, size, weight).

PDFium (pypdfium2) was chosen by measuring it against pdfplumber/pdfminer.six and pdftotext on the
realworld PDFs (README, "PDF and Word readers"): the same letters (Kazakh ә ғ қ ң ө ұ ү һ і included),
reading order as the PDF's content stream gives it, and per-character font size, weight and position,
at ~90 pages per CPU-second where pdfplumber reads ~9. PDFium also rebuilds a damaged cross-reference
table itself; what it cannot open is repaired with qpdf (pikepdf) and said so.

A line is what PDFium ends with a line break of its own; lines further apart than a paragraph's
spacing get a blank line between them (as pdftotext writes them), and the first line of every page
after the first starts a page. A page without characters is an image (a scan or a picture); a file
without any is refused with its page count (OCR is not done here).
"""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from convert.model import Layout, Line, ReadTable
from convert.read.pdf_columns import column_order
from convert.read.pdf_open import PdfUnreadable, open_pdf
from convert.read.pdf_tables import SNAP, continues, join_tables, lattices, page_rules, read_table

MAX_PAGES = 5_000  # a whole year of a journal is ~1,500 pages
BLANK_GAP = 1.8  # a gap between baselines of more than this many font sizes is a new text block
_ITALIC_FLAG = 1 << 6  # PDF font descriptor flag "Italic"


class _Fonts:
    """Bold and italic of a text object's font, asked once per object."""

    def __init__(self):
        self.cache: dict[int, tuple[bool, bool]] = {}
        self.buf = ctypes.create_string_buffer(256)

    def style(self, textpage, index: int, weight: int) -> tuple[bool, bool]:
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.c_void_p.from_buffer(obj).value or 0 if obj else 0  # the object's address (cheaper than cast)
        if key not in self.cache:
            flags = ctypes.c_int(0)
            n = pdfium_c.FPDFText_GetFontInfo(textpage, index, self.buf, len(self.buf), ctypes.byref(flags))
            name = self.buf.raw[:max(n - 1, 0)].decode("latin-1").lower()
            bold = weight >= 600 or "bold" in name or "black" in name or "heavy" in name
            italic = bool(flags.value & _ITALIC_FLAG) or "italic" in name or "oblique" in name
            self.cache[key] = (bold, italic)
        return self.cache[key]


class Char(NamedTuple):
    ch: str
    x: float | None  # origin, points from the page's left
    y: float | None  # baseline, points from the page's top
    size: float
    bold: bool
    italic: bool
    generated: bool  # a space or line break PDFium inferred, not a printed character
    right: float | None = None  # right edge of the glyph's box
    ink: bool = False  # printed and not a space (set by `_char`)


_LIGATURES = ("ff", "fi", "fl", "ffi", "ffl", "ſt", "st")


def _origin(raw, i: int, x, y, height: float) -> tuple[float, float]:
    pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
    return x.value, height - y.value


_GENERATED_SPACE = Char(" ", None, None, 0.0, False, False, True)


def _char(ch: str, x, y, size: float, bold: bool, italic: bool, right) -> Char:
    return Char(ch, x, y, size, bold, italic, False, right, not ch.isspace())
WORD_GAP = 0.1  # a gap between two glyphs wider than this many font sizes is a space PDFium did not infer (as poppler)


def _page_chars(page, fonts: _Fonts) -> list[Char]:
    """Every character of a page, with a space where glyphs stand a word's gap apart without one."""
    textpage = page.get_textpage()
    raw = textpage.raw
    height = page.get_height()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()  # the glyph's advance box: an ink box would make the gap after "." look wide
    out: list[Char] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code == 2:  # PDFium's mark of a hyphen it took for a soft one ("pseudo-brookite")
            code = 0x2D
        elif 0xFB00 <= code <= 0xFB06:  # a ligature glyph (ﬁ, ﬂ, ﬀ…) is its letters
            for letter in _LIGATURES[code - 0xFB00][:-1]:
                out.append(_char(letter, *_origin(raw, i, x, y, height), pdfium_c.FPDFText_GetFontSize(raw, i),
                                 False, False, None))
            code = ord(_LIGATURES[code - 0xFB00][-1])
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            out.append(Char(chr(code), None, None, 0.0, False, False, True))
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        bold, italic = fonts.style(raw, i, pdfium_c.FPDFText_GetFontWeight(raw, i))
        c = _char(chr(code), x.value, height - y.value, size, bold, italic, box.right)
        prev = out[-1] if out else None
        if (prev is not None and prev.ink and c.ink and prev.right is not None
                and abs(c.y - prev.y) < 0.5 * size and c.x - prev.right > WORD_GAP * max(size, prev.size)):
            out.append(_GENERATED_SPACE)
        out.append(c)
    textpage.close()
    return out


def _split_lines(chars: list[tuple]) -> list[list[tuple]]:
    """The page's characters cut at PDFium's line breaks (a generated or printed CR/LF)."""
    lines, cur = [], []
    for ch in chars:
        if ch.ch in "\r\n":
            if cur:
                lines.append(cur)
            cur = []
        else:
            cur.append(ch)
    if cur:
        lines.append(cur)
    return lines


def _join_segments(segments: list[list[tuple]], page_no: int) -> list[tuple[str, Layout]]:
    """Lines of a page: PDFium's pieces of one printed line (an author list set in separate text boxes,
    "1Д.Қ. Алибаев", ",", "1А.Ж. Иманбаев ,") are joined when they share a baseline and each starts a
    little to the right of where the one before ended."""
    out: list[tuple[list[tuple], tuple[str, Layout]]] = []
    for seg in segments:
        line = _layout(seg, page_no)
        if out and _continues(out[-1][0], out[-1][1][1], line[1]):
            prev = out[-1][0]
            glue = [] if prev[-1].ch.isspace() or seg[0].ch.isspace() or seg[0].ch in ",.;:)" else [_GENERATED_SPACE]
            joined = prev + glue + seg
            out[-1] = (joined, _layout(joined, page_no))
        else:
            out.append((seg, line))
    return [line for _, line in out]


def _continues(prev: list[tuple], a: Layout, b: Layout) -> bool:
    """A piece laid out as `b` is printed on the line of `prev` (laid out as `a`), just after it."""
    if a.y is None or b.y is None:
        return False
    size = max(a.size or 0, b.size or 0, 1.0)
    if abs(a.y - b.y) > 0.3 * size or b.x < a.x:
        return False
    ends = max(c.right if c.right is not None else c.x + 0.6 * c.size for c in prev if c.ink)
    return -0.5 * size <= b.x - ends <= 4 * size


def _surrogates(text: str) -> str:
    """PDFium counts a letter beyond the BMP as two UTF-16 halves; join them."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if any(
        "\ud800" <= c <= "\udfff" for c in text) else text


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _script(c: tuple, size: float, baseline: float) -> str:
    """A digit set smaller than its line and raised is a superscript (affiliation marks "¹,²М.Қ.
    Қазанқапова", cm²); lowered, a subscript (FeCl₃)."""
    if not c.ch.isdigit() or c.generated or c.size >= 0.8 * size:
        return c.ch
    if c.y < baseline - 0.15 * size:
        return c.ch.translate(_SUPERSCRIPT)
    if c.y > baseline + 0.1 * size:
        return c.ch.translate(_SUBSCRIPT)
    return c.ch


def _layout(chars: list[tuple], page_no: int) -> tuple[str, Layout]:
    ink = [c for c in chars if c.ink]
    if not ink:
        return _surrogates("".join(c.ch for c in chars)).rstrip(), Layout(page=page_no)
    sizes = Counter(round(c.size * 2) / 2 for c in ink)
    size = sizes.most_common(1)[0][0]
    body = [c for c in ink if round(c.size * 2) / 2 == size]
    baseline = Counter(round(c.y, 1) for c in body).most_common(1)[0][0]
    text = _surrogates("".join(_script(c, size, baseline) for c in chars)).rstrip()
    return text, Layout(page=page_no, x=round(min(c.x for c in ink), 1), y=baseline, size=size,
                        bold=sum(c.bold for c in ink) * 2 > len(ink), italic=sum(c.italic for c in ink) * 2 > len(ink),
                        runs=_runs(chars, size, baseline))


CELL_GAP = 1.5  # font sizes: a gap this wide within a line parts two cells of a table, not two words


def _runs(chars: list[Char], size: float, baseline: float) -> tuple:
    """(left, right, text) of the pieces of a line that stand a cell's gap apart."""
    runs: list[list] = []
    prev: Char | None = None
    for c in chars:
        if not c.ink:
            if runs and c.ch.isspace():
                runs[-1][2] += " "
            continue
        if prev is None or c.x - (prev.right if prev.right is not None else prev.x) > CELL_GAP * size:
            runs.append([c.x, c.right if c.right is not None else c.x, ""])
        runs[-1][1] = max(runs[-1][1], c.right if c.right is not None else c.x)
        runs[-1][2] += _script(c, size, baseline)
        prev = c
    return tuple((round(a, 1), round(b, 1), _surrogates(t).strip()) for a, b, t in runs)


def read_pdf(path: Path, notes) -> list[Line]:
    """Lines of a PDF's text layer with their layout; raises PdfUnreadable when there is no text at all."""
    return read_pdf_document(path, notes)[0]


def read_pdf_document(path: Path, notes) -> tuple[list[Line], list[ReadTable]]:
    """Lines of a PDF's text layer with their layout, and its ruled tables cell by cell (each table's
    lines know it: `Line.table`); PdfUnreadable when there is no text at all."""
    pdf = open_pdf(path, notes)
    lines: list[Line] = []
    tables: list[ReadTable] = []
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise PdfUnreadable(f"the PDF has {count:,} pages, more than the {MAX_PAGES:,} a source may have; "
                                "split it (one file per issue)")
        no_text, failed = [], []
        for p in range(count):
            try:
                if not _read_page(pdf[p], p + 1, lines, tables):
                    no_text.append(p + 1)
            except pdfium.PdfiumError:
                failed.append(p + 1)
    finally:
        pdf.close()
    tables = _join_continued(lines, tables)
    if not lines:
        raise PdfUnreadable(f"the PDF has no text layer on any of its {count:,} page(s): it is a scan (images "
                            "of pages). OCR is not done here: run OCR (e.g. `ocrmypdf`) and put the result here")
    _garbled(lines, notes)
    for ln in lines:  # control codes are no text (a font's unmapped glyphs): never passed on
        if _CONTROLS.search(ln.text):
            ln.text = ln.raw = _CONTROLS.sub("", ln.text)
    if failed:
        notes.add("error", f"page(s) {_pages(failed)} of {count} could not be read (damaged); their text is "
                  "missing — check them against the original", code="read.pdf_page_unreadable")
    if no_text:
        notes.add("note", f"page(s) {_pages(no_text)} of {count} have no text (images: a scan or a full-page "
                  "picture); nothing was read from them", code="read.pdf_page_no_text")
    return lines, tables


def _read_page(page, page_no: int, lines: list[Line], tables: list[ReadTable]) -> bool:
    """A page's lines and ruled tables after those of the pages before; False when it has no text."""
    try:
        chars = _page_chars(page, _Fonts())  # per page: a closed page's object addresses are reused
        rules = page_rules(page)
        width = page.get_width()
    finally:
        page.close()
    page_lines = [(t, lay) for t, lay in _join_segments(_split_lines(chars), page_no) if t.strip()]
    if not page_lines:
        return False
    found = lattices(*rules) if rules[0] and rules[1] else []
    page_lines = column_order(page_lines, width, [lat.bbox for lat in found])
    first = len(lines)
    _append_page(lines, page_lines)
    if found:
        _mark_tables(lines[first:], found, chars, tables)
    return True


def _join_continued(lines: list[Line], tables: list[ReadTable]) -> list[ReadTable]:
    """A table that goes on over the page break is one table: its pieces joined, every line between
    (the page's foot and head) the table's."""
    out: list[ReadTable] = []
    for table in tables:
        prev = out[-1] if out else None
        if prev is not None:
            between = lines[prev.last_line:table.first_line - 1]
            pages = {ln.layout.page for ln in between + [lines[prev.last_line - 1], lines[table.first_line - 1]]}
            if len(pages) == 2 and continues(prev, table, [ln.text for ln in between]):
                join_tables(prev, table)
                continue
        out.append(table)
    for k, table in enumerate(out):
        for ln in lines[table.first_line - 1:table.last_line]:
            ln.table = k
    return out



def _mark_tables(page_lines: list[Line], found: list, chars: list, tables: list[ReadTable]) -> None:
    """Each lattice that holds lines of the page becomes a table; its lines (and the blank lines between
    them) know it."""
    for lat in found:
        x0, y0, x1, y1 = lat.bbox
        inside = [i for i, ln in enumerate(page_lines) if ln.layout.y is not None and ln.table is None
                  and y0 <= ln.layout.y - 0.3 * (ln.layout.size or 0) <= y1 and x0 - SNAP <= ln.layout.x <= x1]
        if not inside:
            continue
        span = page_lines[inside[0]:inside[-1] + 1]
        if any(ln.layout.y is not None and ln.table is None and page_lines.index(ln) not in inside for ln in span):
            continue  # text between its lines is not the table's: not a table of the text's flow
        table = read_table(lat, chars, span[0].no, span[-1].no)
        if table is None:
            continue
        for ln in span:
            ln.table = len(tables)
        tables.append(table)


_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
GARBLED_SHARE = 0.05


def _garbled(lines: list[Line], notes) -> None:
    """A text layer whose fonts map no letters (private-use or control codes instead) is reported: its
    text is not the printed one, and OCR of the pages would give better."""
    text = "".join(ln.text for ln in lines)
    bad = len(_UNREADABLE.findall(text))
    if text and bad > GARBLED_SHARE * len(text):
        pages = sorted({ln.layout.page for ln in lines if _UNREADABLE.search(ln.text)})
        notes.add("doubt", f"{bad:,} of the {len(text):,} characters of the PDF's text layer are no letters "
                  f"(its fonts do not say which letters they draw; pages {_pages(pages)}): that text is not the "
                  "printed one — check it against the pages, or run OCR (e.g. `ocrmypdf --force-ocr`)",
                  code="read.pdf_garbled")


def _append_page(lines: list[Line], page_lines: list[tuple[str, Layout]]) -> None:
    """A page's lines after the text so far: a blank line where the spacing opens a new block."""
    first = True
    prev: Layout | None = None
    for text, lay in page_lines:
        if prev is not None and prev.y is not None and lay.y is not None and prev.size:
            gap = lay.y - prev.y
            if gap > BLANK_GAP * max(prev.size, lay.size or 0):
                lines.append(Line(len(lines) + 1, "", raw="", layout=Layout(page=lay.page)))
        lines.append(Line(len(lines) + 1, text, raw=text, layout=lay, page_start=first and bool(lines)))
        first, prev = False, lay


def _pages(pages: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, pages[:limit]))
    return shown + (f" … ({len(pages)} in all)" if len(pages) > limit else "")
