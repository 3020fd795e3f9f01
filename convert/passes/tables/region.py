"""Which lines around a caption are its table's: below the caption, or above it when the caption is
printed under its table. The paragraph builder asks; what is not the table's is left to the text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from convert.model import Line
from convert.passes.tables.captions import caption_match, caption_number
from convert.passes.tables.mentions import find_mentions
from convert.passes.tables.rows import line_parts, looks_like_table
from convert.text import labels

MAX_BELOW = 400  # lines a table below its caption may have
MAX_ABOVE = 300  # lines a table above its caption may have


@dataclass
class Body:
    """The body lines (none removed) a table is looked for in, and what their lengths say."""

    lines: list[Line]
    width: int  # the source's typical full line length
    prewrapped: bool  # Markdown: every line is a whole paragraph

    @cached_property
    def local_width(self) -> int:
        """The usual full line length of this body (articles of one issue are typeset differently)."""
        lengths = sorted(len(ln.text.strip()) for ln in self.lines if not ln.blank)
        return lengths[int(len(lengths) * 0.8)] if lengths else self.width

    def next_text(self, i: int) -> str | None:
        """The text of the first non-blank line of the three after line index i."""
        for ln in self.lines[i + 1:i + 4]:
            if not ln.blank:
                return ln.text.strip()
        return None


def _ends_region(ln: Line) -> bool:
    """A line no table holds: a heading, another caption."""
    t = ln.text.strip()
    return bool(ln.heading_level or labels.section_heading(t) or caption_match(t, "table")
                or caption_match(t, "figure"))


def table_below(body: Body, j: int) -> tuple[list[Line], int]:
    """The lines of a table after its caption (index j on), and the index where the text resumes.
    Lines that do not look like a table (prose, at full width) are left to the text."""
    lines = body.lines
    cells = _reader_table(lines, range(j, min(j + 3, len(lines))))
    if cells is not None:
        return lines[cells[0]:cells[-1] + 1], cells[-1] + 1
    taken: list[Line] = []
    last_numeric = -1
    while j < len(lines) and len(taken) < MAX_BELOW:
        cur = lines[j]
        t = cur.text.strip()
        if cur.blank:
            taken.append(cur)
            j += 1
            continue
        if labels.NOTE_RE.match(t) or (not placed_row(cur) and prose_resumes(body, j)) or _ends_region(cur) \
                or _across_columns(cur, taken):
            break
        taken.append(cur)
        if line_parts(t)[2] or placed_row(cur):  # a row of numbers, or of cells the PDF places apart
            last_numeric = len(taken) - 1
        j += 1
    text = [ln for ln in taken if not ln.blank]
    numeric = sum(1 for ln in text if line_parts(ln.text.strip())[2])
    if numeric >= 2 and last_numeric < len(taken) - 1:
        # a table of numbers ends with its last row of numbers: what follows is text again
        trailing = [ln for ln in taken[last_numeric + 1:] if not ln.blank]
        if trailing:
            j = lines.index(trailing[0])
        taken = taken[:last_numeric + 1]
    while taken and taken[-1].blank:
        taken.pop()
    if taken and not numeric and not looks_like_table([ln.text for ln in taken], body.local_width):
        return [], lines.index(taken[0])
    return taken, j


def placed_row(ln: Line) -> bool:
    """A PDF line whose pieces stand a cell's gap apart (`Layout.runs`) is a table's row, not prose."""
    return bool(ln.layout and len(ln.layout.runs) >= 2)


def _across_columns(ln: Line, taken: list[Line]) -> bool:
    """A PDF line in one piece that runs across the columns of the table's last row is text again."""
    row = next((t for t in reversed(taken) if not t.blank), None)
    if not (ln.layout and len(ln.layout.runs) == 1 and row is not None and placed_row(row)):
        return False
    left, right = ln.layout.runs[0][:2]
    return sum(1 for a, b, _ in row.layout.runs if min(b, right) > max(a, left)) >= 2


def _reader_table(lines: list[Line], near) -> list[int] | None:
    """The indices of the lines of the reader's table (Word's cells) whose first non-blank line is among
    `near` (indices, nearest first), every line of it and no other; None when there is none."""
    k = next((k for k in near if not lines[k].blank), None)
    if k is None or lines[k].table is None:
        return None
    table = lines[k].table
    first = last = k
    while first > 0 and lines[first - 1].table == table:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].table == table:
        last += 1
    return list(range(first, last + 1))


def table_above(body: Body, i: int) -> list[int]:
    """The indices of the lines of a table printed above its caption (index i): back from the caption
    to the end of the paragraph before it (its last full-width line, a heading, another caption, a
    mention of this table); [] when what is there does not look like a table."""
    cells = _reader_table(body.lines, range(i - 1, max(i - 4, -1), -1))
    if cells is not None:
        return cells
    if body.prewrapped:
        return []
    lines, w = body.lines, body.local_width
    label = caption_number(caption_match(lines[i].text))
    k = i - 1
    region: list[int] = []
    while k >= 0:
        cur = lines[k]
        t = cur.text.strip()
        if not cur.blank:
            if (_ends_region(cur) or len(t) >= 0.9 * w
                    or any(kind == "table" and n == label for _, _, kind, n in find_mentions(t))):
                break
            region.append(k)
        k -= 1
        if len(region) > MAX_ABOVE:
            return []
    region.reverse()
    # the rest of the paragraph whose full-width line stopped the walk is not the table's
    if k >= 0 and not labels.section_heading(lines[k].text.strip()) and not lines[k].heading_level:
        stop = lines[k].text.strip()
        if not _ends_paragraph(stop):
            while region and not _ends_paragraph(lines[region[0]].text.strip()):
                region.pop(0)
            region = region[1:]
    while region and lines[region[0]].text.strip().endswith(":"):
        region.pop(0)
    if len(region) < 3 or not looks_like_table([lines[n].text for n in region], w):
        return []
    return region


def _ends_paragraph(t: str) -> bool:
    return labels.ends_sentence(t) or t.endswith(":")


def prose_resumes(body: Body, j: int) -> bool:
    """Line j is prose again, not a table's: (nearly) full width, few numbers, and prose after it."""
    t = body.lines[j].text.strip()
    nxt = body.next_text(j)
    if body.prewrapped:
        return len(t) > 200
    w = min(body.width, body.local_width)
    numbers = len(re.findall(r"\d+[,.]?\d*\s*%?", t))
    return (len(t) >= 0.8 * w and numbers <= 2 and nxt is not None
            and (len(nxt) >= 0.7 * w or labels.ends_sentence(nxt)))
