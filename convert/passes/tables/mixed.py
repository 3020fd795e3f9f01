"""Tables whose text columns stand between number columns ("Meruyert 33 4 Irregular jobs 150,000 …"):
each body row is printed on one line, and the kinds of its tokens (numbers, runs of words) give its
cells; the rows decide the columns only when every row has the same kinds in the same order."""
from __future__ import annotations

from convert.passes.tables.cells import join_lines, starts_cell
from convert.passes.tables.grid import GridContext, HeaderNotDetermined, NotDetermined
from convert.passes.tables.header import split_header, stream_readings
from convert.passes.tables.numbers import number_class
from convert.passes.tables.rows import typed_cells


def mixed_body(text_lines: list[tuple[int, str]]) -> tuple[int, list[list[str]]]:
    """(index of the first body line, body rows): the longest run of last lines that are rows of one
    and the same kinds of cells. A column of numbers must keep one class (int, dec, pct) and a text
    cell must begin a cell (a capital or a digit), else the tokens did not give the cells."""
    typed = [typed_cells(t) for _, t in text_lines]
    if typed[-1] is None:
        raise NotDetermined("the last line is not a row of text and number cells")
    kinds = [k for k, _ in typed[-1]]
    start = len(typed)
    while start > 0 and typed[start - 1] is not None and [k for k, _ in typed[start - 1]] == kinds:
        start -= 1
    rows = [[c for _, c in typed[n]] for n in range(start, len(typed))]
    if start == 0 or len(rows) < 2:
        raise NotDetermined("no header above rows of one shape")
    if any(typed[n] is not None for n in range(start)):
        raise NotDetermined(f"rows of different shapes (line {text_lines[start - 1][0]})")
    for col, kind in enumerate(kinds):
        cells = [r[col] for r in rows]
        if kind == "num" and len({number_class(c) for c in cells} - {None}) > 1:
            raise NotDetermined(f"column {col + 1} mixes kinds of numbers")
        if kind == "text" and not all(starts_cell(c.split()[0]) for c in cells):
            raise NotDetermined(f"a text cell of column {col + 1} does not begin a cell")
    return start, rows


def _unit_last(cell: str) -> bool:
    """A bracketed group ends a heading: "Salary (tenge)", never "(tenge) Monthly"."""
    return not any(w.endswith(")") for w in cell.split()[:-1])


def _unit_over_numbers(cell: str, kind: str) -> bool:
    """A heading ending in a bracketed unit ("(tenge)", "(%)") heads a column of numbers."""
    return kind == "num" or not cell.rstrip().endswith(")")


def plausible_readings(readings: list[list[list[str]]], kinds: list[str]) -> list[list[list[str]]]:
    """The readings whose every cell keeps its bracketed unit last and stands, with a unit, over
    numbers: printed headings carry a column's unit at their end."""
    return [r for r in readings
            if all(_unit_last(" ".join(c)) and _unit_over_numbers(" ".join(c), k) for c, k in zip(r, kinds))]


def mixed_header(lines: list[str], kinds: list[str], ctx: GridContext) -> list[str]:
    """The one header row the header lines give for columns of these kinds ("num", "text"): the lines
    split at capitals into exactly that many cells, or the one reading of a header extracted cell after
    cell (stream_readings) — the one plausible reading where several fit. Two readings left, or the
    two rules giving different cells: not determined."""
    ncols = len(kinds)
    readings = stream_readings(lines, ncols, limit=64)
    if len(readings) > 1:
        readings = plausible_readings(readings, kinds) or readings
    if len(readings) > 1:
        raise HeaderNotDetermined(f"the header's lines can be split into the {ncols} columns in more "
                                  "than one way")
    chunks = split_header(lines)
    exact = [c.text for c in chunks] if len(chunks) == ncols else None
    stream = [join_lines(pieces, ctx.vocab) for pieces in readings[0]] if readings else None
    if exact and stream and exact != stream:
        raise HeaderNotDetermined("the header's lines split at capitals and read cell after cell give "
                                  "different cells")
    if not (exact or stream):
        raise HeaderNotDetermined(f"the header's lines do not split into the {ncols} columns")
    return exact or stream


def mixed_grid(text_lines: list[tuple[int, str]], ctx: GridContext) -> tuple[list[list[str]], list[list[str]]]:
    """Header and rows of a table with text columns between number columns, or NotDetermined."""
    start, rows = mixed_body(text_lines)
    kinds = [k for k, _ in typed_cells(text_lines[-1][1])]
    header = mixed_header([t for _, t in text_lines[:start]], kinds, ctx)
    return [header], rows
