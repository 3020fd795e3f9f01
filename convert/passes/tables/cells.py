"""Text of cells: a cell's lines joined (hyphenated words joined again by the source's own words), bullet
lists inside cells, and cells run together on one line split at their capitals."""
from __future__ import annotations

import re

from convert.passes.tables.numbers import DASHES
from convert.text import labels


FUNCTION_WORDS = {
    # en
    "and", "or", "of", "in", "to", "for", "the", "a", "an", "by", "with", "at", "on", "from", "as", "&",
    # ru
    "и", "или", "в", "во", "на", "по", "с", "со", "к", "ко", "от", "для", "о", "об", "при", "за", "из", "а",
    # kk
    "және", "мен", "бен", "пен", "үшін", "немесе",
}


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
        elif re.search(rf"[{labels.LETTER}]-$", text):
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


def join_cell_lines(text: str, vocab: set[str], wraps: tuple = ()) -> str:
    """A PDF cell's printed lines as one text: a word the narrow cell broke without a hyphen ("Sampl" /
    "es", "Fact" / "or code") is joined when the joined word is a word of the source and either its
    pieces are not both words or the line ran to the cell's edge (`wraps`); a line ending in a hyphen as
    `join_hyphenated`; else the lines run on with a space."""
    parts = text.split("\n")
    out = parts[0]
    for k, part in enumerate(parts[1:]):
        left = re.search(r"(\w+)$", out)
        right = re.match(r"(\w+)", part)
        to_edge = k < len(wraps) and wraps[k]
        if out.endswith("-"):
            out = join_hyphenated(out, part, vocab)
        elif to_edge and re.search(r"\d\.?$", out) and part[:1].isdigit():
            out += part  # a number the cell broke ("1.1." / "1")
        elif left and right and part[:1].islower() and (left.group(1) + right.group(1)).casefold() in vocab \
                and (to_edge or not (left.group(1).casefold() in vocab and right.group(1).casefold() in vocab)):
            out += part
        else:
            out += " " + part
    return out
