"""The check of every rebuilt grid before it is shown: all rows as wide as the header, numeric columns
numeric, and not one word of the extracted lines lost or doubled."""
from __future__ import annotations

import re
from collections import Counter

from convert.passes.tables.grid import NotDetermined
from convert.passes.tables.numbers import is_cell_number
from convert.text import labels


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
        if toks and re.search(rf"[{labels.LETTER}]-$", toks[-1]):
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
