"""The header of a numeric table: header lines split into cells, and the rules (`HEADER_MODES`) that fit
them to the columns the body's rows determined."""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from convert.passes.tables.cells import FUNCTION_WORDS, split_capitals, starts_cell
from convert.passes.tables.grid import NotDetermined
from convert.passes.tables.numbers import DASHES, number_class


@dataclass
class Chunk:
    text: str
    line: int  # index of the header line where it starts
    lines: list[int] = field(default_factory=list)  # indices of the header lines it covers


def split_header(lines: list[str], whole: frozenset[int] = frozenset()) -> list[Chunk]:
    """Header lines → header cells in printed order: a cell starts at a capital or a digit (see
    split_capitals); a line starting in lower case, or after a line ending in a joining word,
    continues the cell before it. Lines in `whole` are read as one cell each."""
    chunks: list[Chunk] = []
    for li, line in enumerate(lines):
        words = line.split()
        if not words:
            continue
        parts = [line.strip()] if li in whole else split_capitals(line)
        first = parts[0]
        prev_open = bool(chunks) and (chunks[-1].text.split()[-1].casefold() in FUNCTION_WORDS
                                      or chunks[-1].text.endswith(("-", ",")))
        if chunks and (not starts_cell(first.split()[0]) or prev_open):
            c = chunks[-1]
            c.text = c.text[:-1] + first if c.text.endswith("-") and first[:1].islower() else c.text + " " + first
            c.lines.append(li)
            parts = parts[1:]
        for p in parts:
            chunks.append(Chunk(p, li, [li]))
    return chunks


def header_readings(lines: list[str]) -> list[list[Chunk]]:
    """The header's cells as split at capitals, and the readings where a short line of capitalised
    words above the last line is one heading ("Career Fields") — the columns decide between them."""
    short = [i for i, ln in enumerate(lines[:-1])
             if len(ln.split()) <= 3 and len(split_capitals(ln)) >= 2
             and all(w[:1].isupper() or w.casefold() in FUNCTION_WORDS for w in ln.split())]
    readings = [split_header(lines)]
    for r in range(1, len(short) + 1):
        for combo in itertools.combinations(short, r):
            readings.append(split_header(lines, frozenset(combo)))
    return readings


def column_types(rows: list[list[str]], numeric: set[int]) -> list[str]:
    """Per column: "text", or the class of its numbers (int, dec, pct) by majority."""
    out = []
    for col in range(len(rows[0]) if rows else 0):
        if col not in numeric:
            out.append("text")
            continue
        classes = Counter(c for r in rows if (c := number_class(r[col])))
        out.append(classes.most_common(1)[0][0] if classes else "empty")
    return out


def _siblings(a: str, b: str) -> bool:
    """Headings of one level share their first word ("By Gender", "By Sample")."""
    wa, wb = a.split()[0].casefold(), b.split()[0].casefold()
    return wa == wb and wa.isalpha() and len(a.split()) > 1 and len(b.split()) > 1


def two_row_header(chunks: list[Chunk], types: list[str]) -> list[list[str]]:
    """A header of two rows: the last header line holds the sub-headings of group headings printed
    above them ("Сайланатын депутаттардың саны" over "1994 ж." and "2023 ж."). A heading spanning both
    rows printed on the sub-heading line ("Переменные", "By Sample") is placed by the column types
    (a group spans columns of one kind of number) and else in printed order."""
    ncols = len(types)
    last = max(c.line for c in chunks)
    top = [c for c in chunks if c.line < last]
    sub = [c for c in chunks if c.line == last]
    if not top or len(sub) < 2:
        raise NotDetermined("the header has more cells than the table has columns")
    min_x = 0
    for n, c in enumerate(sub):
        if any(_siblings(c.text, t.text) for t in top):
            min_x = n + 1
    for x in range(min_x, len(sub) - 1):
        floating, subs = sub[:x], sub[x:]
        if any(not c.text[:1].isalpha() for c in floating):
            break  # a heading over both rows is a word, not a sub-heading like "1994 ж."
        g = len(top) + len(floating) + len(subs) - ncols
        if g < 1 or len(subs) < 2 * g:
            continue
        valid: list[tuple[bool, list]] = []
        for groups in itertools.combinations(range(len(top)), g):
            for sizes in _compositions(len(subs), g):
                for order in _insertions(len(top), len(floating)):
                    layout = _layout(top, floating, subs, groups, sizes, order)
                    if layout is not None and _fits(layout, types):
                        printed = order == tuple(range(len(top), len(top) + len(floating)))
                        valid.append((printed, layout))
        if valid:
            printed = [v for v in valid if v[0]]
            pick = printed if len(printed) == 1 else ([v for v in valid] if len(valid) == 1 else [])
            if len(pick) != 1:
                raise NotDetermined("the two-row header does not determine which columns its group "
                                    "headings span")
            layout = pick[0][1]
            row1 = [""] * ncols
            row2 = [""] * ncols
            col = 0
            for text, subs_of in layout:
                if subs_of:
                    row1[col] = text
                    for s in subs_of:
                        row2[col] = s
                        col += 1
                else:
                    row1[col] = text
                    col += 1
            return [row1, row2]
    raise NotDetermined("the header's cells do not fit the columns")


def _compositions(total: int, parts: int):
    """Sizes ≥ 2 of `parts` groups sharing `total` sub-headings, in order."""
    if parts == 1:
        if total >= 2:
            yield (total,)
        return
    for first in range(2, total - 2 * (parts - 1) + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first,) + rest


def _insertions(n_top: int, n_float: int):
    """Orders of the top headings: the printed ones keep their order, floating ones go anywhere; the
    tuple gives each floating heading's position in the merged sequence."""
    yield from itertools.combinations(range(n_top + n_float), n_float)


def _layout(top, floating, subs, groups, sizes, order):
    seq: list = []
    fl = iter(floating)
    tp = iter(enumerate(top))
    for pos in range(len(top) + len(floating)):
        if pos in order:
            seq.append((next(fl).text, None, True))
        else:
            n, c = next(tp)
            seq.append((c.text, n, False))
    sub_iter = iter(s.text for s in subs)
    size_of = dict(zip(groups, sizes))
    layout = []
    for text, n, is_float in seq:
        if n is not None and n in size_of:
            layout.append((text, [next(sub_iter) for _ in range(size_of[n])]))
        else:
            layout.append((text, None))
    return layout


def _fits(layout, types: list[str]) -> bool:
    col = 0
    for _text, subs in layout:
        width = len(subs) if subs else 1
        span = types[col:col + width]
        if len(span) < width:
            return False
        if subs and (len(set(span)) != 1 or span[0] == "text"):
            return False
        col += width
    return col == len(types)


def fit_header(chunks: list[Chunk], types: list[str], text_cols: int, lead_cols: int,
               mode: str) -> list[list[str]]:
    """The header rows for columns of these types, by one rule (`mode`):

    * exact: one cell per column;
    * two-row: the last line holds sub-headings (two_row_header);
    * merge: cells wrapped across lines joined where the only line breaks between cells are;
    * numeric: headings of the number columns only, the label columns' heading left empty;
    * span: one heading over the two label columns, then the number columns'."""
    ncols = len(types)
    h = len(chunks)
    numeric = ncols - text_cols - lead_cols
    if mode == "exact" and h == ncols:
        return [[c.text for c in chunks]]
    if mode == "two-row" and h > ncols:
        return two_row_header(chunks, types)
    if mode == "merge" and h > ncols:
        breaks = [n for n in range(1, h) if chunks[n].line != chunks[n - 1].lines[-1]]
        alone = all(sum(1 for c in chunks if c.line == chunks[n].line) == 1
                    and chunks[n - 1].text.split()[-1].isalpha() for n in breaks)
        if len(breaks) == h - ncols and alone:
            merged: list[str] = []
            for n, c in enumerate(chunks):
                if n in breaks:
                    merged[-1] += " " + c.text
                else:
                    merged.append(c.text)
            return [merged]
    if mode == "numeric" and h == numeric and lead_cols == 0:
        return [[""] * text_cols + [c.text for c in chunks]]
    if mode == "span" and h == numeric + 1 and text_cols == 2 and lead_cols == 0:
        return [[chunks[0].text, ""] + [c.text for c in chunks[1:]]]
    raise NotDetermined(f"the header's {h} cells do not fit the {ncols} columns")


HEADER_MODES = ("exact", "two-row", "merge", "numeric", "span")


def _open_word(word: str) -> bool:
    """A word that cannot end a heading: a joining word, a possessive ("Spouse's" needs its noun), or
    a word ending in a comma or a hyphen."""
    return (word.casefold() in FUNCTION_WORDS or word.endswith((",", "-", "–", "'s", "’s", "s'", "s’"))
            or word in DASHES)


def _line_starts(words: list[str], depth: int) -> list[int]:
    """Where in a header line a cell may begin after another (as split_capitals: a capital or a
    digit, not inside brackets, not after a word that cannot end a heading); `depth` is the bracket
    depth at the line's start."""
    out = []
    for n, w in enumerate(words):
        if n and depth == 0 and starts_cell(w) and not _open_word(words[n - 1]):
            out.append(n)
        depth = max(0, depth + w.count("(") - w.count(")"))
    return out


def stream_readings(lines: list[str], ncols: int, limit: int = 2) -> list[list[list[str]]]:
    """The readings (each cell as its pieces, one per line) of a header extracted cell after cell,
    its cells top-aligned: the first lines of neighbouring cells share one line ("Name Age Number of"),
    the wrapped lines of a cell follow it ("children"). So a line either starts cells (a line right
    after another such line would have been printed on it: only after a wrapped line) or is one
    cell's next line; every cell begins at a capital. Up to `limit` readings of exactly ncols cells."""
    words = [ln.split() for ln in lines if ln.split()]
    depths, depth = [], 0
    for ws in words:
        depths.append(depth)
        depth = max(0, depth + sum(w.count("(") - w.count(")") for w in ws))
    found: list[list[list[str]]] = []
    steps = [0]

    def walk(i: int, cells: list[list[str]], prev_starts: bool) -> None:
        steps[0] += 1
        if steps[0] > 100_000:
            raise NotDetermined("the header has too many readings to try")
        if len(found) >= limit or len(cells) > ncols:
            return
        if i == len(words):
            if len(cells) == ncols:
                found.append([list(c) for c in cells])
            return
        ws = words[i]
        if cells:  # the line as the next line of the last cell
            walk(i + 1, cells[:-1] + [cells[-1] + [" ".join(ws)]], False)
        if cells and (prev_starts or depths[i] or not starts_cell(ws[0]) or _open_word(words[i - 1][-1])):
            return
        starts = _line_starts(ws, depths[i])
        for r in range(len(starts) + 1):
            for cut in itertools.combinations(starts, r):
                bounds = [0, *cut, len(ws)]
                new = [[" ".join(ws[a:b])] for a, b in itertools.pairwise(bounds)]
                walk(i + 1, cells + new, True)

    walk(0, [], False)
    return found
