"""Reading order of a two-column page whose content stream runs across the columns."""
from __future__ import annotations

from dataclasses import replace

from convert.model import Layout


def column_order(page_lines: list[tuple[str, Layout]], width: float,
                 tables: list[tuple] = ()) -> list[tuple[str, Layout]]:
    """A two-column page whose content stream runs across the columns (left line, right line, on one
    baseline after another) read column by column: the left column's lines, then the right's, between
    the lines that span the gutter (a title, a table, a centred page number). A stream that already
    runs column by column is left as it is."""
    mid = width / 2

    def in_table(lay: Layout) -> bool:  # a ruled table's rows stay whole and in place
        return any(x0 - 2 <= lay.x <= x1 and y0 <= lay.y <= y1 + 2 for x0, y0, x1, y1 in tables)
    split = [([line] if in_table(line[1]) else _split_at_gutter(line, mid, width)) for line in page_lines]
    gaps = sorted((parts[0][1].runs[0][1] + parts[1][1].x) / 2 for parts in split if len(parts) == 2)
    gutter = gaps[len(gaps) // 2] if gaps else mid  # where the split lines' gaps are
    whole, page_lines = page_lines, [part for parts in split for part in parts]

    def side(lay: Layout) -> str:
        right = lay.runs[-1][1] if lay.runs else lay.x
        return "F" if in_table(lay) else "L" if right < gutter else "R" if lay.x > gutter else "F"
    sides = [side(lay) for _, lay in page_lines]
    across = sum(1 for (a, la), (b, lb), sa, sb in zip(page_lines, page_lines[1:], sides, sides[1:])
                 if sa == "L" and sb == "R" and la.y is not None and lb.y is not None and abs(la.y - lb.y) < 2)
    if across < max(3, 0.25 * len(page_lines)):
        return whole
    out: list[tuple[str, Layout]] = []
    left: list[tuple[str, Layout]] = []
    right: list[tuple[str, Layout]] = []
    for line, s in zip(page_lines, sides):
        if s == "F":
            out += left + right + [line]
            left, right = [], []
        else:
            (left if s == "L" else right).append(line)
    return out + left + right


def _split_at_gutter(line: tuple[str, Layout], mid: float, width: float) -> list[tuple[str, Layout]]:
    """A line PDFium ran across the gutter: two long pieces a gap apart near the page's middle are the two
    columns' lines (a table's row has shorter cells, or more of them)."""
    text, lay = line
    if len(lay.runs) != 2:
        return [line]
    (a0, a1, at), (b0, b1, bt) = lay.runs
    if not (a1 < b0 and abs((a1 + b0) / 2 - mid) < 0.1 * width and a1 - a0 > 0.2 * width and b1 - b0 > 0.2 * width):
        return [line]
    return [(at, replace(lay, x=a0, runs=(lay.runs[0],))), (bt, replace(lay, x=b0, runs=(lay.runs[1],)))]

