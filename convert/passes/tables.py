"""Tables and figures: captions, mentions, and the grid of a table rebuilt from its flattened lines.

PDF extraction printed every table as lines of words and numbers. The grid comes back by rules, each a
small function below, and every rebuilt grid is checked before it is shown: all rows as wide as the
header, numeric columns numeric, and not one word of the extracted lines lost or doubled. When the
text does not determine the grid (no rule decides, or two rules disagree), `rebuild_grid` raises
`NotDetermined` with the reason: the table is then shown as extracted and the report says why.

Two shapes are rebuilt:

* numeric tables: each row is a label (wrapped over lines, perhaps split into a group and an item
  column, perhaps after a row number) followed by a run of numbers; the header has one or two rows;
* text tables: a one-line header and cells separated by blank lines (bullet lists inside cells).

Mentions of tables and figures in the text ("Table 2", «таблице 1», «2-кестеде», «Рисунок 1») are
found by `find_mentions`, for the renderer to link them to the ids of `element_id`.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from convert.model import TableInfo
from convert.text import labels as L

# -- captions ---------------------------------------------------------------------------------


def caption_match(text: str, kind: str = "table") -> re.Match | None:
    """The caption label of a line ("Table 2 –", "Таблица 1.", "1-кесте", "Рисунок 1."), or None.

    A label followed by a word in lower case or glued to a suffix is a sentence that mentions the
    table ("Table 1 details the gains…", «1-кестеден көп…»), not its caption."""
    regex = L.CAPTION_TABLE_RE if kind == "table" else L.CAPTION_FIGURE_RE
    t = text.strip()
    m = regex.match(t)
    if not m:
        return None
    head_end = m.start("rest")
    glued = head_end < len(t) and head_end > 0 and t[head_end - 1].isalpha() and t[head_end].isalpha()
    rest = m.group("rest")
    if glued or (rest and rest[0].isalpha() and not rest[0].isupper()):
        return None
    return m


def full_caption(text: str, kind: str = "table") -> bool:
    """A caption with its title on the line ("Table 2 – Background information about respondents"):
    a caption even where the line before did not end a sentence (the last row of a table above it)."""
    m = caption_match(text, kind)
    rest = m.group("rest") if m else ""
    return bool(m) and bool(re.match(r"^[.:–—-]\s*[«\"“(]?[^\W\d_]", rest)) and \
        re.sub(r"^[.:–—-]\s*[«\"“(]?", "", rest)[:1].isupper()


def caption_number(m: re.Match) -> str:
    return m.group("n1") or m.group("n2") or ""


def element_id(block) -> str:
    """The stable id of a table or figure block: table-2, figure-1 (table-l<line> without a number)."""
    kind = "figure" if block.kind == "figure" else "table"
    return f"{kind}-{block.label}" if block.label else f"{kind}-l{block.first}"


_KK = "a-zа-яёәғқңөұүһі"
MENTION_RES = [
    (re.compile(r"\b(?P<w>tables?|tab\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(r"\b(?P<w>figures?|fig\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "figure"),
    (re.compile(r"(?<![\w])(?P<w>таблиц[аеуыияхм]*|табл\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(r"(?<![\w])(?P<w>рисун(?:ок|ке|ка|ку|ком|ки|ков)|рис\.)\s?(?P<n>\d+)\b", re.IGNORECASE),
     "figure"),
    (re.compile(rf"(?<![\w])(?P<w>кесте[{_KK}]*)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(rf"(?<![\w])(?P<w>сурет[{_KK}]*)\s?(?P<n>\d+)\b", re.IGNORECASE), "figure"),
    (re.compile(rf"(?<![\w.,])(?P<n>\d+)\s?-\s?(?P<w>кесте[{_KK}]*)", re.IGNORECASE), "table"),
    (re.compile(rf"(?<![\w.,])(?P<n>\d+)\s?-\s?(?P<w>сурет[{_KK}]*)", re.IGNORECASE), "figure"),
]


# a superset of MENTION_RES (each needs one of these words, as the same case-insensitive match, and a digit)
_MENTION_ANY_RE = re.compile(r"tab|fig|табл|рис|кесте|сурет", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


def find_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """Mentions of numbered tables and figures: (start, end, "table"|"figure", number), in text order.

    The span covers the word and the number as printed ("Table 2", "таблице 1", "2-кестеде",
    "Рисунок 1" inside "(см. Рисунок 1)"); spans never overlap."""
    found: list[tuple[int, int, str, str]] = []
    if not _MENTION_ANY_RE.search(text) or not _DIGIT_RE.search(text):
        return found  # every mention has one of these words and a number
    for regex, kind in MENTION_RES:
        for m in regex.finditer(text):
            s, e = m.start(), m.end()
            if any(s < fe and fs < e for fs, fe, _, _ in found):
                continue
            found.append((s, e, kind, m.group("n")))
    return sorted(found)


# -- what a block carries -----------------------------------------------------------------------


class NotDetermined(Exception):
    """The text does not determine the grid; the message says why."""


class HeaderNotDetermined(NotDetermined):
    """The body's rows are clear, the header's cells are not."""


# -- words, numbers, cells -----------------------------------------------------------------------

NUMBER_RE = re.compile(r"^[+\-–−]?\d+(?:[.,]\d+)*%?$")
GROUP_HEAD_RE = re.compile(r"^[+\-–−]?\d{1,3}$")
GROUP_TAIL_RE = re.compile(r"^\d{3}(?:[.,]\d+)?%?$")
DASHES = {"-", "–", "—", "−"}
FUNCTION_WORDS = {
    # en
    "and", "or", "of", "in", "to", "for", "the", "a", "an", "by", "with", "at", "on", "from", "as", "&",
    # ru
    "и", "или", "в", "во", "на", "по", "с", "со", "к", "ко", "от", "для", "о", "об", "при", "за", "из", "а",
    # kk
    "және", "мен", "бен", "пен", "үшін", "немесе",
}


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


# -- text of cells ------------------------------------------------------------------------------

WORD_RE = re.compile(rf"[{L.LETTER}]+", re.IGNORECASE)


_NON_WORD_RE = re.compile(r"[^\w-]+")


def vocabulary(texts: list[str]) -> set[str]:
    """Casefolded words of a source, without the pieces around line-end hyphens: the words a
    hyphenated fragment is checked against."""
    # the kept words of all lines joined by spaces and split once: the same parts as word by word
    # (a space is a separator, casefold works letter by letter), without a Python loop per word
    kept: list[str] = []
    prev_hyphen = False
    for text in texts:
        words = text.split()
        first = 1 if prev_hyphen else 0
        last = len(words) - 1 if words and words[-1].endswith("-") else len(words)
        if first < last:
            kept.append(" ".join(words[first:last]))
        prev_hyphen = bool(words) and words[-1].endswith("-")
    vocab = {part.strip("-_") for part in _NON_WORD_RE.split(" ".join(kept).casefold())}
    vocab.discard("")
    return vocab


def join_hyphenated(left: str, right: str, vocab: set[str]) -> str:
    """Join a cell line ending in a hyphen to the next: a word broken by hyphenation is joined again
    ("сохране-" + "ние" → "сохранение"), a compound keeps its hyphen ("Шығыс-" + "Қазақстан").

    The source's own words decide: the joined word (or, for an inflected form, a word sharing all but
    its last letters) occurs in the text → joined; the hyphenated compound occurs → kept. Otherwise a
    fragment that is no word of the text is joined, a whole word keeps its hyphen."""
    head = left.rstrip()[:-1]
    frag_l = re.search(r"[\w]+$", head)
    frag_r = re.match(r"[\w]+", right.lstrip())
    if not frag_l or not frag_r:
        return head + "-" + right.lstrip()
    a, b = frag_l.group(), frag_r.group()
    if not b[:1].islower():
        return head + "-" + right.lstrip()
    joined, compound = (a + b).casefold(), f"{a}-{b}".casefold()
    if joined in vocab:
        return head + right.lstrip()
    if compound in vocab:
        return head + "-" + right.lstrip()
    stem = joined[:max(len(joined) - 3, len(a) + 2)]
    if len(stem) >= 6 and any(w.startswith(stem) and "-" not in w for w in vocab):
        return head + right.lstrip()
    if any(w.startswith(a.casefold() + "-") for w in vocab):
        return head + "-" + right.lstrip()
    return head + "-" + right.lstrip() if a.casefold() in vocab and len(a) > 3 else head + right.lstrip()


def join_lines(lines: list[str], vocab: set[str]) -> str:
    """The lines of one cell as one text: spaces between lines, hyphenated words joined again."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif re.search(rf"[{L.LETTER}]-$", text):
            text = join_hyphenated(text, line, vocab)
        else:
            text += " " + line
    return text


BULLET_RE = re.compile(r"^[•●▪◦·]\s*")


def cell_text(lines: list[str], vocab: set[str]) -> str:
    """A cell's lines; a bullet list inside the cell becomes one "• item" per line."""
    if not any(BULLET_RE.match(ln.strip()) for ln in lines):
        return join_lines(lines, vocab)
    items: list[list[str]] = []
    for ln in lines:
        t = ln.strip()
        if BULLET_RE.match(t) or not items:
            items.append([BULLET_RE.sub("", t)])
        else:
            items[-1].append(t)
    return "\n".join("• " + join_lines(item, vocab) for item in items)


def starts_cell(word: str) -> bool:
    """Could this word begin a cell: a capital letter or a digit."""
    w = word.lstrip("«\"“(")
    return bool(w) and (w[0].isupper() or w[0].isdigit()) and not word.startswith("(")


def split_capitals(text: str) -> list[str]:
    """Cells run together on one line, split where a word starts with a capital or a digit (not inside
    brackets, not after a comma or a joining word): "Type of the school Public" → two cells."""
    words = text.split()
    chunks: list[list[str]] = []
    depth = 0
    for n, w in enumerate(words):
        boundary = n == 0 or (depth == 0 and starts_cell(w) and not words[n - 1].endswith((",", "-", "–"))
                              and words[n - 1].casefold() not in FUNCTION_WORDS and words[n - 1] not in DASHES)
        if boundary:
            chunks.append([w])
        else:
            chunks[-1].append(w)
        depth = max(0, depth + w.count("(") - w.count(")"))
    return [" ".join(c) for c in chunks]


# -- header ---------------------------------------------------------------------------------------


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


# -- rows of numeric tables ----------------------------------------------------------------------


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


def _open_end(text: str) -> bool:
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
        continues = bool(pending) and lead is None and (not label or not starts_cell(first) or _open_end(pending[-1]))
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


# -- the grid --------------------------------------------------------------------------------------


@dataclass
class Context:
    vocab: set[str] = field(default_factory=set)
    raw: dict[int, str] = field(default_factory=dict)  # line no → raw text (spaces as extracted)
    normal_trailing: int = 0  # spaces a raw line of this source normally ends with
    width: int = 80


def rebuild_grid(lines: list[tuple[int, str]], ctx: Context) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, body rows) of a table from its extracted lines, or NotDetermined."""
    text_lines = [(no, t.strip()) for no, t in lines if t.strip()]
    if len(text_lines) < 3:
        raise NotDetermined("too few lines for a table")
    mixed = [t for _, t in text_lines if mixed_line(t)]
    if len(mixed) >= 2:
        raise NotDetermined(f"text columns stand between number columns («{mixed[0]}»): the columns are "
                            "not determined by rule")
    numeric_lines = sum(1 for _, t in text_lines if line_parts(t)[2])
    if numeric_lines >= 2:
        header, rows = numeric_grid(text_lines, ctx)
    else:
        header, rows = text_grid(lines, ctx)
    validate(lines, header, rows)
    return header, rows


def numeric_grid(text_lines: list[tuple[int, str]], ctx: Context):
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


def numeric_body(head: list[tuple[int, str]], body: list[tuple[int, str]], ctx: Context,
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


# -- text tables -----------------------------------------------------------------------------------


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


def text_grid(lines: list[tuple[int, str]], ctx: Context):
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
        if merged and (g[0][:1].islower() or _open_end(merged[-1][-1])):
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


# -- checks ---------------------------------------------------------------------------------------


def _words(text: str) -> Counter:
    return Counter(w for w in (re.sub(r"[^\w]", "", t).casefold() for t in text.split()) if w)


def source_words(lines: list[tuple[int, str]]) -> Counter:
    """The words of the extracted lines, a word broken at a line-end hyphen counted once, whole."""
    texts = [t.strip() for _, t in lines if t.strip()]
    words: list[str] = []
    carry = ""
    for t in texts:
        toks = t.split()
        if carry and toks:
            toks[0] = carry + toks[0]
            carry = ""
        if toks and re.search(rf"[{L.LETTER}]-$", toks[-1]):
            carry = toks.pop()
        words += toks
    if carry:
        words.append(carry)
    return _words(" ".join(words))


def validate(lines: list[tuple[int, str]], header: list[list[str]], rows: list[list[str]]) -> None:
    """Every row as wide as the header; numeric-looking columns numeric throughout; exactly the words
    of the extracted lines in the cells (none lost, none doubled)."""
    width = len(header[0]) if header else len(rows[0])
    if any(len(r) != width for r in header + rows):
        raise NotDetermined("rows of different widths")
    if width < 2 or len(rows) < 2:
        raise NotDetermined("fewer than two columns or rows")
    for col in range(width):
        vals = [r[col] for r in rows if r[col]]
        nums = [v for v in vals if all(is_cell_number(t) for t in v.split())]
        if nums and len(nums) != len(vals) and len(nums) >= 0.5 * len(vals):
            odd = next(v for v in vals if v not in nums)
            raise NotDetermined(f"column {col + 1} mixes numbers and text («{odd}»)")
    got = _words(" ".join(c.replace("\n", " ") for r in header + rows for c in r))
    want = source_words(lines)
    if got != want:
        lost = list((want - got).elements())[:3]
        extra = list((got - want).elements())[:3]
        raise NotDetermined(f"the cells do not hold exactly the extracted words (lost {lost}, added {extra})")


# -- the pass -------------------------------------------------------------------------------------


def normal_trailing_spaces(raw_lines: list[str]) -> int:
    """How many spaces a line of this raw text usually ends with (PDF extractions differ)."""
    counts = Counter(len(t) - len(t.rstrip(" ")) for t in raw_lines if len(t.strip()) > 40)
    return counts.most_common(1)[0][0] if counts else 0


def rebuild_tables(doc, pass_ctx):
    """Rebuild the grid of every table of the source's articles, and say in the report what came of it.

    The source file's raw lines give the spacing the character fixes collapsed."""
    from convert.read.source import read_source

    report, source = pass_ctx.report, pass_ctx.source
    if not any(b.kind == "table" for art in doc.articles for b in art.body):
        return doc  # nothing to rebuild: no raw lines, no vocabulary
    raw: dict[int, str] = {}
    if source is not None and not doc.markdown:
        try:
            raw = {ln.no: ln.text for ln in read_source(source).lines}
        except Exception:  # noqa: BLE001 - the spacing is a help, never a requirement
            raw = {}
    lengths = sorted(len(ln.text.strip()) for ln in doc.lines if not ln.blank and not ln.removed)
    ctx = Context(vocab=vocabulary([ln.text for ln in doc.lines if not ln.removed]), raw=raw,
                  normal_trailing=normal_trailing_spaces(list(raw.values())),
                  width=lengths[int(len(lengths) * 0.8)] if lengths else 80)
    for art in doc.articles:
        for b in art.body:
            if b.kind != "table":
                continue
            info = b.grid if isinstance(b.grid, TableInfo) else TableInfo(lines=[(b.first, t) for t in b.items])
            b.grid = info
            rebuild_block(b, ctx)
            report_table(doc.name, art.ordinal, b, report)
    return doc


def rebuild_block(b, ctx: Context) -> None:
    info: TableInfo = b.grid
    if info.position == "none" or not any(t.strip() for _, t in info.lines):
        info.status, info.reason = "missing", "the table is not in the source text (it was printed as an image)"
        return
    try:
        info.header, info.rows = rebuild_grid(info.lines, ctx)
        info.status, info.reason = "rebuilt", ""
    except NotDetermined as err:
        info.header, info.rows = [], []
        info.status, info.reason = "unrebuilt", str(err)


def table_name(b) -> str:
    return f"table {b.label}" if b.label else f"table at line {b.first}"


def report_message(b) -> tuple[str, str]:
    """(kind, message) of the report entry for a table block."""
    info: TableInfo = b.grid
    if info.status == "rebuilt":
        rows = len(info.rows)
        return "note", (f"{table_name(b)}: rebuilt ({len(info.header[0])} columns, {len(info.header)} header "
                        f"row{'s' if len(info.header) > 1 else ''}, {rows} rows)")
    if info.status == "editor":
        return "note", f"{table_name(b)}: corrected by the editor ({info.correction})"
    return "doubt", f"{table_name(b)}: not rebuilt: {info.reason}"


TABLE_CODE = "table.rebuild"  # the tables pass's entry of a table, which an editor's grid replaces


def report_table(source: str, ordinal: int, b, report) -> None:
    kind, message = report_message(b)
    report.add(source, kind, message, line=b.first, article=ordinal, text=b.text, code=TABLE_CODE)
