"""Lines of a numeric table as rows: a label (perhaps wrapped, perhaps after a row number) and a run of
number tokens; where a row's few values stand, from the raw line's spacing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from convert.passes.tables.cells import FUNCTION_WORDS, starts_cell
from convert.passes.tables.numbers import (DASHES, GROUP_HEAD_RE, GROUP_TAIL_RE, NUMBER_RE, is_cell_number,
                                           number_class)


@dataclass
class Row:
    label: list[str] = field(default_factory=list)  # label lines (text before the numbers)
    lead: str | None = None  # a row number printed before the label
    numbers: list[str] = field(default_factory=list)  # number tokens
    no: int = 0  # source line of the numbers
    one_line: bool = True  # label printed on one line


def line_parts(text: str) -> tuple[str | None, str, list[str]]:
    """(row number, label text, trailing number tokens) of one line; a number followed by a word in
    lower case is part of the label ("50 лет и старше")."""
    toks = text.split()
    k = len(toks)
    while k > 0 and is_cell_number(toks[k - 1]):
        k -= 1
    numbers = toks[k:]
    label = toks[:k]
    lead = None
    if len(label) >= 2 and re.fullmatch(r"\d{1,3}", label[0]) and starts_cell(label[1]):
        lead, label = label[0], label[1:]
    return lead, " ".join(label), numbers


def open_end(text: str) -> bool:
    """A line that cannot end a label: a joining word, a comma, a hyphen, an open bracket."""
    t = text.rstrip()
    last = t.split()[-1].casefold() if t.split() else ""
    return (last in FUNCTION_WORDS or t.endswith((",", "-", "(")) or t.count("(") > t.count(")"))


def split_rows(lines: list[str], nos: list[int]) -> list[Row]:
    """Body lines → rows: label lines gather until a line with numbers closes the row; a label line
    followed by a line starting with a capital is a row of its own (a section or group heading, or a
    row whose cells are all empty)."""
    rows: list[Row] = []
    pending: list[str] = []
    pending_lead: str | None = None
    for text, no in zip(lines, nos):
        lead, label, numbers = line_parts(text)
        first = text.split()[0]
        continues = bool(pending) and lead is None and (not label or not starts_cell(first) or open_end(pending[-1]))
        if pending and not continues:
            rows.append(Row(label=pending, lead=pending_lead, no=no, one_line=len(pending) == 1))
            pending, pending_lead = [], None
        if not pending:
            pending_lead = lead
        if label:
            pending.append(label)
        if numbers:
            rows.append(Row(label=pending, lead=pending_lead, numbers=numbers, no=no, one_line=len(pending) <= 1))
            pending, pending_lead = [], None
    if pending:
        rows.append(Row(label=pending, lead=pending_lead, no=nos[-1] if nos else 0, one_line=len(pending) == 1))
    return rows


def spacing_slots(raw: str, n_values: int, normal_trailing: int) -> list[int] | None:
    """Where a row's few values stand among the number columns, from the spaces of the raw line: an
    empty cell leaves one more space ("…учителя 0,791   " is in the first of three columns). Returns
    the slot of each value and, last, the number of slots; None when the spaces say nothing."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", raw)]
    if len(spans) < n_values:
        return None
    tail = spans[len(spans) - n_values:] if n_values else []
    prev_end = spans[len(spans) - n_values - 1][1] if len(spans) > n_values else 0
    slots, pos = [], 0
    for s, e in tail:
        gap = s - prev_end
        pos += max(gap - 1, 0)
        slots.append(pos)
        pos += 1
        prev_end = e
    trailing = len(raw) - len(raw.rstrip(" ")) - normal_trailing
    total = pos + max(trailing, 0)
    if total == n_values:
        return None
    return slots + [total]


def mixed_line(text: str) -> bool:
    """A line where a number is followed by a capitalised word (not a row number at the start):
    text and number columns alternate ("Meruyert 33 4 Irregular jobs 150,000 …")."""
    toks = text.split()
    return any(NUMBER_RE.match(t) and starts_cell(toks[n + 1]) and not toks[n + 1][0].isdigit()
               for n, t in enumerate(toks[:-1]) if n > 0)


def data_like(text: str) -> bool:
    """A line with values no header has: a percentage, a decimal, a signed number, a dash cell."""
    return any(is_cell_number(t) and (number_class(t) in ("pct", "dec") or t[0] in "+-–−")
               for t in line_parts(text)[2])


def looks_like_table(texts: list[str], width: int) -> bool:
    """Lines that look like a table rather than a paragraph: several, and most of them short."""
    lengths = sorted(len(t.strip()) for t in texts if t.strip())
    return len(lengths) >= 3 and lengths[len(lengths) // 2] < 0.6 * width


def typed_cells(text: str) -> list[tuple[str, str]] | None:
    """A row printed on one line whose text columns stand between number columns ("Meruyert 33 4
    Irregular jobs 150,000 …"), as its cells: each number is a cell of its own ("num"), each run of
    words between numbers one cell ("text"). None when the tokens do not say where every cell ends:
    a number that may be the head of a space-grouped one ("1 177"), a number followed by a word in
    lower case (part of a label: "50 лет"), a dash or "%" between words, or no text after a number."""
    toks = text.split()
    cells: list[tuple[str, str]] = []
    for n, t in enumerate(toks):
        nxt = toks[n + 1] if n + 1 < len(toks) else ""
        if NUMBER_RE.match(t) or t in DASHES:
            if (GROUP_HEAD_RE.match(t) and GROUP_TAIL_RE.match(nxt)) or (nxt and nxt[:1].islower()):
                return None
            if t in DASHES and (not cells or cells[-1][0] == "text") and nxt and not is_cell_number(nxt):
                return None  # a dash between words is punctuation or an empty cell: not told
            cells.append(("num", t))
        elif t == "%":
            return None
        elif cells and cells[-1][0] == "text":
            cells[-1] = ("text", cells[-1][1] + " " + t)
        else:
            cells.append(("text", t))
    kinds = [k for k, _ in cells]
    if "num" not in kinds or "text" not in kinds[kinds.index("num"):]:
        return None
    return cells
