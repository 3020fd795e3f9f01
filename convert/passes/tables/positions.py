"""A borderless PDF table from its words' positions: columns by x, rows by baseline.

The lines of a table block, as the PDF reader placed them (`Layout.runs`: the pieces of a line a cell's
gap apart), are grouped into printed rows by their baseline. The columns are where the fullest rows
put their pieces: every such row must have as many pieces, each overlapping the same column. Each
printed row below the header then starts a table row when it has a piece in the first column; one
without is the wrap of the row above — of its text cells only, never a number. The rows above the first
full row are the header (one row: a header cell's wrapped lines joined). Anything else — a piece across
two columns below the header, a wrapped number, fewer than two columns — is NotDetermined, and the
table is left to the rules of its text.
"""
from __future__ import annotations

from convert.model import Line
from convert.passes.tables.grid import NotDetermined
from convert.passes.tables.numbers import is_cell_number


def printed_rows(lines: list[Line]) -> list[list[tuple[float, float, str]]]:
    """The lines' pieces grouped by page and baseline, top to bottom, each row left to right."""
    rows: list[tuple[tuple, list]] = []
    for ln in lines:
        lay = ln.layout
        if ln.blank or lay is None or lay.y is None or not lay.runs:
            continue
        key = (lay.page, lay.y)
        if rows and rows[-1][0][0] == lay.page and abs(rows[-1][0][1] - lay.y) <= 0.4 * (lay.size or 10):
            rows[-1][1].extend(lay.runs)
        else:
            rows.append((key, list(lay.runs)))
    return [sorted(runs) for _, runs in rows]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def columns(rows: list[list[tuple]]) -> list[tuple[float, float]]:
    """The column intervals the fullest rows agree on; NotDetermined when they do not."""
    width = max(len(r) for r in rows)
    full = [r for r in rows if len(r) == width]
    if width < 2 or len(full) < 2:
        raise NotDetermined("fewer than two columns or two full rows by the words' positions")
    cols = [[run[0], run[1]] for run in full[0]]
    for row in full[1:]:
        for col, run in zip(cols, row):
            if _overlap((col[0], col[1]), run[:2]) < -1.0:  # aligned columns overlap (or touch)
                if not (col[0] - 2 <= run[0] <= col[1] + 2 or col[0] - 2 <= run[1] <= col[1] + 2):
                    raise NotDetermined("the full rows' pieces do not stand in the same columns")
            col[0], col[1] = min(col[0], run[0]), max(col[1], run[1])
    for a, b in zip(cols, cols[1:]):
        if a[1] >= b[0]:
            raise NotDetermined("two columns overlap by the words' positions")
    return [(a, b) for a, b in cols]


def _column_of(run: tuple, cols: list[tuple[float, float]]) -> int:
    """The one column a piece stands in (by overlap, or the nearest between columns); -1 across two."""
    hits = [i for i, c in enumerate(cols) if _overlap(c, run[:2]) > 0]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        return -1
    centre = (run[0] + run[1]) / 2
    return min(range(len(cols)), key=lambda i: abs((cols[i][0] + cols[i][1]) / 2 - centre))


def _numeric(cell: str) -> bool:
    return bool(cell) and all(is_cell_number(t) for t in cell.split())


def position_grid(lines: list[Line]) -> tuple[list[list[str]], list[list[str]]]:
    """(header, rows) of a borderless table from its lines' positions, or NotDetermined."""
    rows = printed_rows(lines)
    if len(rows) < 3:
        raise NotDetermined("too few printed rows")
    cols = columns(rows)
    first_full = next(i for i, r in enumerate(rows) if len(r) == len(cols))
    header = [""] * len(cols)
    for row in rows[:first_full]:
        for run in row:
            k = _column_of(run, cols)
            if k < 0:
                raise NotDetermined("a header cell spans columns: the header's structure is not determined")
            header[k] = f"{header[k]} {run[2]}".strip()
    body: list[list[str]] = []
    for row in rows[first_full:]:
        cells = [""] * len(cols)
        for run in row:
            k = _column_of(run, cols)
            if k < 0:
                raise NotDetermined(f"a cell spans columns («{run[2]}»)")
            cells[k] = f"{cells[k]} {run[2]}".strip()
        if cells[0] or not body:
            body.append(cells)
            continue
        if any(c and (_numeric(c) or _numeric(prev)) for c, prev in zip(cells, body[-1])):
            raise NotDetermined("a row without a first cell holds numbers: which row it belongs to is not determined")
        body[-1] = [f"{prev} {c}".strip() if c else prev for prev, c in zip(body[-1], cells)]
    header_rows = [header] if any(header) else []
    if not header_rows:
        header_rows, body = [body[0]], body[1:]
    if len(body) < 1:
        raise NotDetermined("no rows under the header")
    return header_rows, body
