"""Ruled tables of a PDF page, cell by cell, from the rules the page draws and the characters' positions.

A table whose cells are drawn (as Word and most typesetting draw them) is a lattice: its horizontal and
vertical rules cross. The rules' distinct positions give the grid's columns and rows; where a rule is
missing between two grid cells, they are one merged cell (its rowspan / colspan); each character belongs
to the cell its centre is in. Borderless tables have no lattice: the tables pass rebuilds them from their
text lines, as it does for extracted text.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from convert.model import ReadTable, TableCell

THIN = 2.0  # points: a path this thin (and longer than LONG) is a rule
LONG = 4.0
SNAP = 2.5  # rules this close are one position of the grid
MIN_CELLS = 4  # a lattice of fewer cells is a box around text, not a table
EDGE = 1.2  # font sizes: a cell line ending this near the cell's right rule ran to its edge (padding and a letter)


@dataclass
class Rule:
    at: float  # y of a horizontal rule, x of a vertical one (from the page's top / left)
    start: float
    end: float


@dataclass
class Lattice:
    xs: list[float]  # column edges, left to right
    ys: list[float]  # row edges, top to bottom
    h: list[Rule]
    v: list[Rule]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def page_rules(page) -> tuple[list[Rule], list[Rule]]:
    """The horizontal and vertical rules a page draws (thin path objects), positions from the top-left."""
    height = page.get_height()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    h, v = [], []
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
        if y1 - y0 <= THIN and x1 - x0 >= LONG:
            h.append(Rule((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN and y1 - y0 >= LONG:
            v.append(Rule((x0 + x1) / 2, y0, y1))
        elif x1 - x0 > LONG and y1 - y0 > LONG and len(h) + len(v) < 20_000:
            # a stroked or filled rectangle: its four edges (a cell's border, or its shading)
            h += [Rule(y0, x0, x1), Rule(y1, x0, x1)]
            v += [Rule(x0, y0, y1), Rule(x1, y0, y1)]
    return h, v


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= SNAP:
            continue
        out.append(value)
    return out


def _crosses(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def lattices(h: list[Rule], v: list[Rule]) -> list[Lattice]:
    """The page's lattices: groups of crossing rules, each with its grid positions."""
    groups: list[tuple[list[Rule], list[Rule]]] = []
    for rule in h:
        touching = [g for g in groups if any(_crosses(rule, x) for x in g[1])]
        merged = ([rule] + [r for g in touching for r in g[0]], [r for g in touching for r in g[1]])
        groups = [g for g in groups if g not in touching] + [merged]
    for rule in v:
        touching = [g for g in groups if any(_crosses(x, rule) for x in g[0])]
        if not touching:
            continue
        merged = ([r for g in touching for r in g[0]], [rule] + [r for g in touching for r in g[1]])
        groups = [g for g in groups if g not in touching] + [merged]
    out = []
    for hs, vs in groups:
        xs, ys = _snap([r.at for r in vs]), _snap([r.at for r in hs])
        if len(xs) >= 2 and len(ys) >= 2 and (len(xs) - 1) * (len(ys) - 1) >= MIN_CELLS:
            out.append(Lattice(xs, ys, hs, vs))
    return sorted(out, key=lambda lat: (lat.ys[0], lat.xs[0]))


def _ruled(rules: list[Rule], at: float, mid: float) -> bool:
    """A rule stands at `at` across the point `mid` of the other axis."""
    return any(abs(r.at - at) <= SNAP and r.start - SNAP <= mid <= r.end + SNAP for r in rules)


def cells(lat: Lattice) -> list[tuple[int, int, int, int]] | None:
    """(row, col, rowspan, colspan) of every cell; None when the merged areas are not rectangles."""
    rows, cols = len(lat.ys) - 1, len(lat.xs) - 1
    owner = [[-1] * cols for _ in range(rows)]
    out = []
    for r in range(rows):
        for c in range(cols):
            if owner[r][c] >= 0:
                continue
            cs = 1
            while c + cs < cols and not _ruled(lat.v, lat.xs[c + cs], (lat.ys[r] + lat.ys[r + 1]) / 2):
                cs += 1
            rs = 1
            while r + rs < rows and not _ruled(lat.h, lat.ys[r + rs], (lat.xs[c] + lat.xs[c + 1]) / 2):
                rs += 1
            if any(owner[r + i][c + j] >= 0 for i in range(rs) for j in range(cs)):
                return None
            for i in range(rs):
                for j in range(cs):
                    owner[r + i][c + j] = len(out)
            out.append((r, c, rs, cs))
    return out


def _cell_text(chars: list, box: tuple[float, float, float, float]) -> tuple[str, tuple]:
    """The characters whose centre is in the box, line by line (baselines)."""
    x0, y0, x1, y1 = box
    inside = [ch for ch in chars if ch.ink and x0 <= ch.x + ch.size * 0.25 <= x1
              and y0 <= ch.y - ch.size * 0.3 <= y1]
    lines: list[list] = []
    for ch in sorted(inside, key=lambda ch: (ch.y, ch.x)):
        if lines and abs(lines[-1][0].y - ch.y) <= 0.4 * ch.size:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out, wraps = [], []
    for line in lines:
        line.sort(key=lambda ch: ch.x)
        text = ""
        for prev, ch in zip([None] + line[:-1], line):
            if prev is not None and ch.x - (prev.right if prev.right is not None else prev.x) > 0.1 * ch.size:
                text += " "
            text += ch.ch
        if text.strip():
            out.append(text.strip())
            last = line[-1]
            wraps.append(last.right is not None and last.right >= x1 - EDGE * last.size)
    # the cell's lines as printed: whether a break is a wrap or a word the narrow cell broke ("Sampl" /
    # "es") the tables pass decides by the source's words and by `wraps` (the line ran to the edge)
    return "\n".join(out), tuple(wraps[:-1])


def read_table(lat: Lattice, chars: list, first_line: int, last_line: int) -> ReadTable | None:
    """The lattice's table with its cells' text, or None when its merged areas are not rectangles."""
    grid = cells(lat)
    if grid is None:
        return None
    rows: list[list[TableCell]] = [[] for _ in range(len(lat.ys) - 1)]
    for r, c, rs, cs in grid:
        box = (lat.xs[c], lat.ys[r], lat.xs[c + cs], lat.ys[r + rs])
        text, wraps = _cell_text(chars, box)
        rows[r].append(TableCell(text, rs, cs, c, wraps))
    return ReadTable(first_line, last_line, rows, tuple(round(x, 1) for x in lat.xs))


def continues(table: ReadTable, nxt: ReadTable, between: list) -> bool:
    """`nxt`, atop the next page, continues `table`, which ends its page: the same columns, and no more
    than a page's furniture or a "continued" line between them (`between`: the lines' texts)."""
    return (len(table.edges) == len(nxt.edges) and all(abs(a - b) <= SNAP for a, b in zip(table.edges, nxt.edges))
            and len([t for t in between if t.strip()]) <= 3 and all(len(t) < 80 for t in between))


def join_tables(table: ReadTable, nxt: ReadTable) -> None:
    """`nxt`'s rows after `table`'s, without a header row the next page repeats."""
    def texts(row):
        return [c.text for c in row]
    rows = nxt.rows[1:] if nxt.rows and table.rows and texts(nxt.rows[0]) == texts(table.rows[0]) else nxt.rows
    table.rows += rows
    table.last_line = nxt.last_line
