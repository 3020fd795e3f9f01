"""A table the reader found cell by cell (Word): its grid as the file holds it, merged cells kept.

Nothing is inferred but the header (Word files of these journals do not mark header rows): the rows
the first row's tallest cell spans when a cell of it spans sub-columns (a two-row header), else the
first row alone."""
from __future__ import annotations

from convert.model import ReadTable


def reader_grid(table: ReadTable, text_of=None) -> tuple[list[list[str]], list[list[str]], dict]:
    """(header rows, body rows, spans) of a reader's table; a merged cell's text (`text_of(cell)`, else its
    text) stands in its first position, the positions it covers are "" and `spans[(row, col)]` =
    (rowspan, colspan)."""
    width = max((c.col + c.colspan for row in table.rows for c in row), default=0)
    grid = [[""] * width for _ in table.rows]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        for c in row:
            grid[r][c.col] = text_of(c) if text_of else c.text.strip()
            rowspan = min(c.rowspan, len(table.rows) - r)
            if rowspan > 1 or c.colspan > 1:
                spans[(r, c.col)] = (rowspan, c.colspan)
    first = table.rows[0] if table.rows else []
    # a header of two or three rows has a cell spanning sub-columns; a tall cell alone is a row group's label
    top = max((c.rowspan for c in first), default=1) if any(c.colspan > 1 for c in first) else 1
    head = min(top, len(grid) - 1) if len(grid) > 1 else len(grid)
    return grid[:head], grid[head:], spans
