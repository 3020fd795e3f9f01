"""Spanning header cells of a grid with two or more header rows, as the journal prints them.

A rebuilt grid (or an editor's CSV/Markdown table) holds a header cell that stands over several columns,
or over several header rows, as text in one position and "" in the positions it covers. In print the
heading «Сайланатын депутаттардың саны» stands over «1994 ж.» and «2023 ж.»; as a plain grid it would
stand over the first alone and leave an empty cell over the second. The spans come back from the shape of
the header alone, never from its words:

* an upper cell with text, followed by empty cells of its row over columns whose lower header rows have
  text, covers those columns (colspan) — provided its own column has a lower heading too;
* a header cell with text and nothing below it in the header covers the header rows below (rowspan);
* a column whose only heading is in a lower row gets it at the top, covering the rows (the printed
  cell is one cell over the whole header; the grid put its text on the line it was printed on).

A grid whose reader gave spans (Word's or a ruled PDF's merged cells) keeps them."""
from __future__ import annotations

from convert.context import Context
from convert.model import Edition

SPANNED = ("rebuilt", "editor")


def span_header_cells(edition: Edition, ctx: Context) -> Edition:
    """Every shown table with a multi-row header and no spans of its reader's gets the spans of its header."""
    for doc in edition.docs:
        for art in doc.articles:
            for b in art.body:
                info = b.grid
                if (b.kind == "table" and info is not None and info.status in SPANNED and not info.spans
                        and len(info.header) > 1 and _rectangular(info.header)):
                    info.header, info.spans = header_spans(info.header)
    return edition


def _rectangular(header: list[list[str]]) -> bool:
    return len({len(row) for row in header}) == 1


def header_spans(header: list[list[str]]) -> tuple[list[list[str]], dict[tuple[int, int], tuple[int, int]]]:
    """(header, spans): the header with a lone lower heading moved to the top of its column, and
    spans[(row, col)] = (rowspan, colspan) of every cell that covers more than its own position."""
    rows = [list(r) for r in header]
    depth, width = len(rows), len(rows[0])
    _lift_lone_headings(rows, depth, width)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r in range(depth):
        for c in range(width):
            if (r, c) in covered or not rows[r][c].strip():
                continue
            cs = _colspan(rows, r, c, covered)
            below_empty = all(not rows[i][j].strip() for i in range(r + 1, depth) for j in range(c, c + cs))
            rs = depth - r if below_empty else 1
            if rs > 1 or cs > 1:
                spans[(r, c)] = (rs, cs)
                covered |= {(r + i, c + j) for i in range(rs) for j in range(cs) if i or j}
    return rows, spans


def _lift_lone_headings(rows: list[list[str]], depth: int, width: int) -> None:
    """A column with one heading, in a lower row, under empty cells that no upper heading to its left
    covers: the heading moves to the top row. An empty top cell after an upper heading with sub-headings
    is that heading's (it spreads over it), and stays empty."""
    for c in range(width):
        filled = [r for r in range(depth) if rows[r][c].strip()]
        if len(filled) != 1 or filled[0] == 0:
            continue
        left = next((k for k in range(c - 1, -1, -1) if rows[0][k].strip()), None)
        if left is not None and any(rows[r][left].strip() for r in range(1, depth)):
            continue  # the upper heading to the left (over sub-headings) stands over this column
        r = filled[0]
        rows[0][c], rows[r][c] = rows[r][c], ""


def _colspan(rows: list[list[str]], r: int, c: int, covered: set[tuple[int, int]]) -> int:
    """How many columns the upper cell (r, c) stands over: itself and the empty cells to its right whose
    columns have headings below; 1 when its own column has none below (then it spans rows, not columns)."""
    depth, width = len(rows), len(rows[0])
    has_below = lambda col: any(rows[i][col].strip() for i in range(r + 1, depth))  # noqa: E731
    if r == depth - 1 or not has_below(c):
        return 1
    cs = 1
    while (c + cs < width and not rows[r][c + cs].strip() and (r, c + cs) not in covered
           and has_below(c + cs)):
        cs += 1
    return cs
