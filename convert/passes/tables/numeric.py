"""Numeric tables: each row is a label (perhaps split into a group and an item column, perhaps after a
row number) followed by a run of numbers; the header has one or two rows."""
from __future__ import annotations

import itertools
from collections import Counter

from convert.passes.tables.cells import BULLET_RE, join_lines, split_capitals, starts_cell
from convert.passes.tables.grid import GridContext, HeaderNotDetermined, NotDetermined
from convert.passes.tables.header import HEADER_MODES, column_types, fit_header, header_readings
from convert.passes.tables.numbers import group_numbers, magnitude, parse_number_cells
from convert.passes.tables.rows import data_like, mixed_line, spacing_slots, split_rows


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
    rows = split_rows([t for _, t in body], [no for no, _ in body])
    data = [r for r in rows if r.numbers]
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

    # how many number columns: readings every row allows, empty cells from the raw spacing
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

    label_texts = [join_lines(r.label, ctx.vocab) for r in rows]
    errors = []
    results = []
    for mode in modes:
        for k in candidates:
            try:
                results.append(_assemble(rows, data, label_texts, k, slots, lead_cols, head, mode, ctx))
            except NotDetermined as err:
                errors.append(err)
        if results:
            break
    if not results:
        raise next((e for e in errors if not isinstance(e, HeaderNotDetermined)), errors[0]) \
            if not any(isinstance(e, HeaderNotDetermined) for e in errors) \
            else next(e for e in errors if isinstance(e, HeaderNotDetermined))
    if len(results) > 1:
        results.sort(key=lambda r: r[2])
        if results[1][2] - results[0][2] < 1:
            raise NotDetermined("the rows can be read with different numbers of columns")
    return results[0][0], results[0][1]


def _assemble(rows, data, label_texts, k, slots, lead_cols, head, mode, ctx):
    # number cells, k per data row: complete rows by reading, rows with fewer values by spacing
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
    # label columns: one, or a group column and an item column
    splits = [split_capitals(t) for t in label_texts]
    # two label columns (a group and its items: "Gender Male", then "Female") when rows split in two at
    # a capital and other rows continue the group with an item alone
    two = sum(1 for r, s in zip(rows, splits) if r.numbers and r.one_line and len(s) == 2)
    one = sum(1 for r, s in zip(rows, splits) if r.numbers and len(s) == 1)
    text_cols = 2 if two >= 2 and one >= 1 else 1
    ncols = lead_cols + text_cols + k
    numeric_cols = set(range(lead_cols + text_cols, ncols))
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
            if group_label:
                if len(parts) != 1 and not (len(parts) > 1 and not r.one_line):
                    raise NotDetermined(f"a group heading is followed by a row with two labels (line {r.no})")
                label = [group_label, text]
                group_label = ""
            elif len(parts) == 2 and r.one_line:
                label = parts
            elif len(parts) == 1 or not r.one_line:
                label = ["", text]
            else:
                raise NotDetermined(f"the label «{text}» does not split into the two label columns")
        else:
            label = [text]
        if not label[-1]:
            raise NotDetermined(f"a row of numbers has no label (line {r.no})")
        grid.append(([r.lead] if lead_cols else []) + label + cells[n])
    if group_label:
        raise NotDetermined("a group heading ends the table")
    if text_cols == 2 and grid and not grid[0][lead_cols]:
        raise NotDetermined("the first row has no group label")
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
    header = headers[0]
    cost = sum(abs((magnitude(c) or 0) - (magnitude(d) or 0))
               for col in numeric_cols for c, d in zip([g[col] for g in grid], [g[col] for g in grid[1:]]))
    return header, grid, cost
