"""Captions of tables and figures ("Table 2 –", «1-кесте», "Рисунок 1."), and the ids of their blocks."""
from __future__ import annotations

import re

from convert.text import labels


def caption_match(text: str, kind: str = "table") -> re.Match | None:
    """The caption label of a line ("Table 2 –", "Таблица 1.", "1-кесте", "Рисунок 1."), or None.

    A label followed by a word in lower case or glued to a suffix is a sentence that mentions the
    table ("Table 1 details the gains…", «1-кестеден көп…»), not its caption."""
    regex = labels.CAPTION_TABLE_RE if kind == "table" else labels.CAPTION_FIGURE_RE
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
    if block.anchor:
        return block.anchor
    kind = "figure" if block.kind == "figure" else "table"
    return f"{kind}-{block.label}" if block.label else f"{kind}-l{block.first}"


def unique_element_ids(doc, ctx):
    """A table or figure whose number the article already printed gets the id of its number with its
    place among them (figure-1-2): two elements of a page never share an id, and mentions of the number
    lead to the first. Reported, since either the printed number or the extracted caption is wrong."""
    for art in doc.articles:
        seen: dict[str, int] = {}
        for b in art.body:
            if b.kind not in ("table", "figure"):
                continue
            own = element_id(b)
            seen[own] = seen.get(own, 0) + 1
            if seen[own] > 1:
                b.anchor = f"{own}-{seen[own]}"
                ctx.report.add(doc.name, "doubt", f"{b.kind} {b.label} is printed {seen[own]} times in this article: "
                               f"this one is {b.anchor} on its page; check its number in the source", line=b.first,
                               article=art.ordinal, code="tables.number_twice")
    return doc
