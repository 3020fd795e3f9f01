"""Numeric tables: each row is a label (perhaps split into a group and an item column, perhaps after a
row number) followed by a run of numbers; the header has one or two rows."""
from __future__ import annotations

import itertools
from collections import Counter

from convert.passes.tables.cells import BULLET_RE, join_lines, split_capitals, starts_cell
from convert.passes.tables.grid import GridContext, HeaderNotDetermined, NotDetermined
from convert.passes.tables.header import HEADER_MODES, column_types, fit_header, header_readings
from convert.passes.tables.numbers import group_numbers, magnitude, parse_number_cells
from convert.passes.tables.rows import Row, data_like, mixed_line, spacing_slots, split_rows


def numeric_grid(text_lines: list[tuple[int, str]], ctx: GridContext):
    """Header and rows of a table of numbers. Where the header ends is tried line by line; the header
    rules that account for every heading (one per column, two rows, wrapped cells) are tried for
    every split before the weaker ones (headings of the number columns only)."""
    reasons = []
    for modes in (HEADER_MODES[:3], HEADER_MODES[3:]):
        for n in range(1, min(24, len(text_lines) - 1)):
            head, body = text_lines[:n], text_lines[n:]
            if data_like(head[-1][1]):
                break  # a header holds no values: the table's rows have begun
            if not starts_cell(body[0][1].split()[0]) and not BULLET_RE.match(body[0][1]):
                continue
            try:
                return numeric_body(head, body, ctx, modes)
            except NotDetermined as err:
                reasons.append(err)
    header_errors = [e for e in reasons if isinstance(e, HeaderNotDetermined)]
    raise (header_errors or reasons or [NotDetermined("no header and body found")])[0]


def numeric_body(head: list[tuple[int, str]], body: list[tuple[int, str]], ctx: GridContext,
                 modes: tuple[str, ...] = HEADER_MODES):
    """Header and rows for one split into header and body lines: every number of columns the rows
    allow is tried with each header rule of `modes`; the reading whose columns agree best wins."""
    rows = split_rows([t for _, t in body], [no for no, _ in body])
    data = [r for r in rows if r.numbers]
    lead_cols = _check_rows(rows, data)
    candidates, slots = _column_counts(data, ctx)
    label_texts = [join_lines(r.label, ctx.vocab) for r in rows]
    errors = []
    results = []
    for mode in modes:
        for k in candidates:
            try:
                cells = _number_cells(data, k, slots)
                grid, text_cols = _label_grid(rows, data, label_texts, cells, lead_cols, k)
                numeric_cols = set(range(lead_cols + text_cols, lead_cols + text_cols + k))
                header = _header(head, grid, numeric_cols, text_cols, lead_cols, mode)
                results.append((header, grid, _cost(grid, numeric_cols)))
            except NotDetermined as err:
                errors.append(err)
        if results:
            break
    if not results:
        header_errors = [e for e in errors if isinstance(e, HeaderNotDetermined)]
        raise (header_errors or errors)[0]  # the rows were clear for some reading: say what the header lacks
    if len(results) > 1:
        results.sort(key=lambda r: r[2])
        if results[1][2] - results[0][2] < 1:
            raise NotDetermined("the rows can be read with different numbers of columns")
    return results[0][0], results[0][1]


def _check_rows(rows: list[Row], data: list[Row]) -> int:
    """The rows' shape, or NotDetermined: at least two rows of numbers, no two rows of text in a row,
    numbers last, row numbers on every row or none. Returns the number of row-number columns (0, 1)."""
    if len(data) < 2:
        raise NotDetermined("fewer than two rows with numbers")
    for a, b in itertools.pairwise(rows):
        if not a.numbers and not b.numbers:
            raise NotDetermined(f"two lines of text without numbers follow each other (line {b.no}): "
                                "which rows they belong to is not determined")
    if not rows[-1].numbers:
        raise NotDetermined(f"the last row has no numbers (line {rows[-1].no})")
    for r in data:
        if r.label and mixed_line(r.label[-1] + " " + " ".join(r.numbers)):
            raise NotDetermined(f"text and numbers alternate in a row (line {r.no})")
    leads = {r.lead is not None for r in data}
    if len(leads) > 1:
        raise NotDetermined("some rows start with a number and others do not")
    lead_cols = 1 if leads == {True} else 0
    if lead_cols and [int(r.lead) for r in data] != list(range(int(data[0].lead), int(data[0].lead) + len(data))):
        raise NotDetermined("the numbers before the labels are not row numbers")
    return lead_cols


def _column_counts(data: list[Row], ctx: GridContext) -> tuple[list[int], dict[int, list[int]]]:
    """How many number columns, most supported first: the readings every row allows, and empty cells
    from the raw spacing; with the slots the spacing gives a data row (by its index)."""
    counts: list[set[int]] = []
    slots: dict[int, list[int]] = {}
    for n, r in enumerate(data):
        feasible = {k for k in range(1, len(r.numbers) + 1) if group_numbers(r.numbers, k)}
        if r.no in ctx.raw:
            sl = spacing_slots(ctx.raw[r.no], len(r.numbers), ctx.normal_trailing)
            if sl:
                slots[n] = sl
                feasible.add(sl[-1])
        counts.append(feasible)
    support = Counter(k for f in counts for k in f)
    candidates = sorted(support, key=lambda k: (-support[k], -k))
    candidates = [k for k in candidates if support[k] >= max(2, 0.5 * len(data))]
    if not candidates:
        raise NotDetermined("the rows do not agree on the number of columns")
    return candidates, slots


def _number_cells(data: list[Row], k: int, slots: dict[int, list[int]]) -> dict[int, list[str]]:
    """Number cells, k per data row: complete rows by reading, rows with fewer values by spacing."""
    full = [n for n, r in enumerate(data) if group_numbers(r.numbers, k)]
    cells = dict(zip(full, parse_number_cells([data[n].numbers for n in full], k)))
    for n, r in enumerate(data):
        if n in cells:
            continue
        sl = slots.get(n)
        if not sl or sl[-1] != k:
            raise NotDetermined(f"a row has {len(r.numbers)} values for {k} columns and the spacing does "
                                f"not place them (line {r.no})")
        row = [""] * k
        for pos, val in zip(sl, r.numbers):
            row[pos] = val
        cells[n] = row
    return cells


def _label_grid(rows: list[Row], data: list[Row], label_texts: list[str], cells: dict[int, list[str]],
                lead_cols: int, k: int) -> tuple[list[list[str]], int]:
    """The body rows (row number, label columns, number cells) and how many label columns: one, or a
    group column and an item column."""
    splits = [split_capitals(t) for t in label_texts]
    # two label columns (a group and its items: "Gender Male", then "Female") when rows split in two at
    # a capital and other rows continue the group with an item alone
    two = sum(1 for r, s in zip(rows, splits) if r.numbers and r.one_line and len(s) == 2)
    one = sum(1 for r, s in zip(rows, splits) if r.numbers and len(s) == 1)
    text_cols = 2 if two >= 2 and one >= 1 else 1
    grid: list[list[str]] = []
    group_label = ""
    data_iter = iter(range(len(data)))
    for r, text, parts in zip(rows, label_texts, splits):
        if not r.numbers:
            if text_cols == 2:
                group_label = text
                continue
            grid.append([r.lead or ""] * lead_cols + [text] + [""] * k)
            continue
        n = next(data_iter)
        if text_cols == 2:
            label = _two_labels(r, text, parts, group_label)
            group_label = ""
        else:
            label = [text]
        if not label[-1]:
            raise NotDetermined(f"a row of numbers has no label (line {r.no})")
        grid.append(([r.lead] if lead_cols else []) + label + cells[n])
    if group_label:
        raise NotDetermined("a group heading ends the table")
    if text_cols == 2 and grid and not grid[0][lead_cols]:
        raise NotDetermined("the first row has no group label")
    return grid, text_cols


def _two_labels(r: Row, text: str, parts: list[str], group_label: str) -> list[str]:
    """The group and item labels of a row of numbers, the group heading above it (if any) its group."""
    if group_label:
        if len(parts) != 1 and not (len(parts) > 1 and not r.one_line):
            raise NotDetermined(f"a group heading is followed by a row with two labels (line {r.no})")
        return [group_label, text]
    if len(parts) == 2 and r.one_line:
        return parts
    if len(parts) == 1 or not r.one_line:
        return ["", text]
    raise NotDetermined(f"the label «{text}» does not split into the two label columns")


def _header(head: list[tuple[int, str]], grid: list[list[str]], numeric_cols: set[int], text_cols: int,
            lead_cols: int, mode: str) -> list[list[str]]:
    """The one header the header lines give for these columns by the rule `mode`, or HeaderNotDetermined."""
    types = column_types(grid, numeric_cols)
    if lead_cols:
        types[0] = "int"
    header_lines = [t for _, t in head]
    headers, errors = [], []
    for chunks in header_readings(header_lines):
        try:
            hdr = fit_header(chunks, types, text_cols, lead_cols, mode)
        except NotDetermined as err:
            errors.append(str(err))
            continue
        if hdr not in headers:
            headers.append(hdr)
    if not headers:
        raise HeaderNotDetermined(errors[0] if errors else "no header")
    if len(headers) > 1:
        raise HeaderNotDetermined("the header's cells can be read in more than one way")
    return headers[0]


def _cost(grid: list[list[str]], numeric_cols: set[int]) -> int:
    """How much the magnitudes of the number columns jump from row to row: a wrong number of columns
    mixes columns of different magnitudes."""
    return sum(abs((magnitude(c) or 0) - (magnitude(d) or 0))
               for col in numeric_cols for c, d in zip([g[col] for g in grid], [g[col] for g in grid[1:]]))
