"""Numeric cells: what a number token is, its class and magnitude, and number tokens read as k cells
(space thousands separators make "1 177 507" one cell, or three)."""
from __future__ import annotations

import re

from convert.passes.tables.grid import NotDetermined


NUMBER_RE = re.compile(r"^[+\-–−]?\d+(?:[.,]\d+)*%?$")
GROUP_HEAD_RE = re.compile(r"^[+\-–−]?\d{1,3}$")
GROUP_TAIL_RE = re.compile(r"^\d{3}(?:[.,]\d+)?%?$")
DASHES = {"-", "–", "—", "−"}


def is_cell_number(tok: str) -> bool:
    """A token that is a whole numeric cell: a number ("1", "29,0%", "150,000", "+2%"), a dash (empty
    value) or a bare "%"."""
    return bool(NUMBER_RE.match(tok)) or tok in DASHES or tok == "%"


def number_class(cell: str) -> str | None:
    """pct, dec or int for a numeric cell; None for an empty value ("", "-", "%")."""
    c = cell.replace(" ", "")
    if not c or c in DASHES or c == "%":
        return None
    if c.endswith("%"):
        return "pct"
    if re.search(r"[.,]\d{1,2}$", c) or re.search(r"[.,]\d{4,}$", c) or re.match(r"^[+\-–−]?0[.,]", c):
        return "dec"
    return "int"


def magnitude(cell: str) -> int | None:
    """Digits before the decimal separator (thousands separators ignored), for column consistency."""
    if number_class(cell) is None:
        return None
    c = re.sub(r"^[+\-–−]", "", cell.replace(" ", "").rstrip("%"))
    if re.search(r",\d{3}(?:,\d{3})*$", c) and not re.search(r"\.", c) and not c.startswith("0,"):
        c = c.replace(",", "")  # 150,000: comma thousands
    return len(re.split(r"[.,]", c)[0])


def group_numbers(tokens: list[str], k: int) -> list[list[str]]:
    """Every way to read number tokens as exactly k cells, a number with space thousands separators
    ("1 177 507") being one cell: a head of 1-3 digits followed by groups of exactly three."""
    out: list[list[str]] = []

    def walk(i: int, cells: list[str]) -> None:
        if len(cells) > k or len(out) > 200:
            return
        if i == len(tokens):
            if len(cells) == k:
                out.append(list(cells))
            return
        cells.append(tokens[i])
        walk(i + 1, cells)
        cells.pop()
        if GROUP_HEAD_RE.match(tokens[i]):
            j = i + 1
            while j < len(tokens) and GROUP_TAIL_RE.match(tokens[j]):
                cells.append(" ".join(tokens[i:j + 1]))
                walk(j + 1, cells)
                cells.pop()
                if not re.fullmatch(r"\d{3}", tokens[j]):
                    break
                j += 1

    walk(0, [])
    return out


def parse_number_cells(rows_tokens: list[list[str]], k: int) -> list[list[str]]:
    """The cells of each row's number tokens, k per row; where space thousands separators make a row
    ambiguous, the reading whose magnitudes agree with the other rows' column by column wins, and a
    row that no reading makes agree raises NotDetermined."""
    options = [group_numbers(toks, k) for toks in rows_tokens]
    for toks, opts in zip(rows_tokens, options):
        if not opts:
            raise NotDetermined(f"the numbers «{' '.join(toks)}» do not make {k} cells")
    chosen = [opts[0] for opts in options]
    if all(len(o) == 1 for o in options):
        check_magnitudes(chosen, k)
        return chosen

    def medians(skip: int) -> list[float | None]:
        meds = []
        for col in range(k):
            vals = sorted(m for r, row in enumerate(chosen) if r != skip
                          if (m := magnitude(row[col])) is not None)
            meds.append(vals[len(vals) // 2] if vals else None)
        return meds

    def cost(cells: list[str], meds: list[float | None]) -> float:
        total = 0.0
        for cell, med in zip(cells, meds):
            mag = magnitude(cell)
            if mag is not None and med is not None:
                total += abs(mag - med)
        return total

    # start from the rows with one reading, then let every row take its best reading, until stable
    for _ in range(6):
        changed = False
        for r, opts in enumerate(options):
            if len(opts) == 1:
                continue
            meds = medians(r)
            best = min(opts, key=lambda o: cost(o, meds))
            if best != chosen[r]:
                chosen[r], changed = best, True
        if not changed:
            break
    for r, opts in enumerate(options):
        if len(opts) > 1:
            meds = medians(r)
            costs = sorted(cost(o, meds) for o in opts)
            if costs[1] - costs[0] < 1:
                raise NotDetermined(f"the numbers «{' '.join(rows_tokens[r])}» can be read as "
                                    f"{k} cells in more than one way (space thousands separators)")
    check_magnitudes(chosen, k)
    return chosen


def check_magnitudes(rows: list[list[str]], k: int) -> None:
    """A column holding numbers read across spaces is of one magnitude (±1 digit): else the reading
    ("38 944 550" beside "46") is wrong."""
    for col in range(k):
        if any(" " in row[col] for row in rows):
            mags = sorted(m for row in rows if (m := magnitude(row[col])) is not None)
            med = mags[len(mags) // 2]
            if mags[0] < med - 1 or mags[-1] > med + 1:
                raise NotDetermined(f"the numbers with space thousands separators do not read as {k} "
                                    "columns of consistent magnitude")
