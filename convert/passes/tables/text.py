"""Text tables: a one-line header and cells separated by blank lines (bullet lists inside cells)."""
from __future__ import annotations

from convert.passes.tables.cells import BULLET_RE, FUNCTION_WORDS, cell_text, split_capitals, starts_cell
from convert.passes.tables.grid import GridContext, NotDetermined
from convert.passes.tables.rows import open_end


def _sentence_start(words: list[str], n: int) -> bool:
    """Does a sentence-case cell start at words[n]: a capital followed by words in lower case."""
    if not starts_cell(words[n]) or n == 0:
        return False
    nxt = words[n + 1:n + 3]
    return len(nxt) == 2 and all(w[:1].islower() for w in nxt)


def split_label_line(group: list[str]) -> tuple[str, list[str]] | None:
    """A one-line label printed on the line of the next cell's first line ("Основная цель Поддержание
    межэтнического", "Address Housing Needs Expand access to…"): (label, the next cell's lines)."""
    words = " ".join(group).split()
    first_len = len(group[0].split())
    cuts = [n for n in range(1, first_len) if _sentence_start(words, n)
            and words[n - 1].casefold() not in FUNCTION_WORDS]
    if len(cuts) != 1:
        return None
    n = cuts[0]
    first = group[0].split()
    return " ".join(first[:n]), [" ".join(first[n:])] + group[1:]


def text_grid(lines: list[tuple[int, str]], ctx: GridContext):
    """A text table: a one-line header whose words are the column headings, then cells separated by
    blank lines, row after row; a group starting in lower case continues the cell before it."""
    body_start = next(i for i, (_, t) in enumerate(lines) if t.strip())
    header = split_capitals(lines[body_start][1].strip())
    ncols = len(header)
    if ncols < 2 or any(len(h.split()) > 3 or h.split()[-1].casefold() in FUNCTION_WORDS for h in header):
        raise NotDetermined("the first line is not a header of text columns")
    groups: list[list[str]] = [[]]
    for _no, t in lines[body_start + 1:]:
        if not t.strip():
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(t.strip())
    groups = [g for g in groups if g]
    merged: list[list[str]] = []
    for g in groups:
        if merged and (g[0][:1].islower() or open_end(merged[-1][-1])):
            merged[-1] += g
        else:
            merged.append(g)
    rows: list[list[str]] = []
    i = 0
    while i < len(merged):
        label_group = merged[i]
        split = split_label_line(label_group)
        if split:
            label, rest = split
            cells = [[label], rest]
            i += 1
        else:
            cells = [label_group]
            i += 1
        while len(cells) < ncols:
            if i >= len(merged):
                raise NotDetermined("the last row has fewer cells than the header")
            cells.append(merged[i])
            i += 1
        if any(len(ln) > 0.6 * ctx.width for ln in cells[0]) or len(cells[0]) > 4:
            raise NotDetermined(f"the cells do not line up with the {ncols} columns (a label cell "
                                f"«{cells[0][0]}» is as long as text)")
        texts = [cell_text(c, ctx.vocab) for c in cells]
        if any(t and not (starts_cell(t.split()[0]) or BULLET_RE.match(t) or t[0] in "«\"“(") for t in texts):
            odd = next(t for t in texts if t and not starts_cell(t.split()[0]))
            raise NotDetermined(f"the cells do not line up with the {ncols} columns (a cell starts "
                                f"«{odd[:30]}»)")
        rows.append(texts)
    if len(rows) < 2:
        raise NotDetermined("fewer than two rows")
    return [header], rows
