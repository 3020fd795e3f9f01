"""The issue's sections (rubrics) as the text prints them: a heading between two articles.

A journal that groups its articles prints the section's name once, above the first article of the section:
a short line standing alone (a blank line, or a page's start, before it; nothing but blank lines between it
and the next article's first line), in capitals or in a Word heading style, that no rule reads as a heading
of the article before it (Introduction, References, …), an author's name or a label. Such a line is no text
of the previous article — nothing of that article follows it —, so it is taken out of it
(`find_rubric_headings`, after segmenting, before the pieces become articles) and becomes the rubric of the
articles after it up to the next one (`rubrics_from_text`, after assembling). A short line in capitals right
above an article's start that does not stand alone is left where it is and reported: the editor decides
(catalog.yml `rubric`). The journal's contents list, where it names sections, and the catalog come later
and decide over the text (passes/contents_evidence.py, passes/catalog.py).
"""
from __future__ import annotations

import re

from convert.context import Context
from convert.model import Line, Removal, SourceDoc
from convert.text import labels
from convert.text.language import detect_language

MAX_WORDS = 6  # "ЭКОНОМИКА", "SOCIOLOGY AND POLITICAL SCIENCE", «ХАЛЫҚАРАЛЫҚ ҚАТЫНАСТАР ЖӘНЕ САЯСАТ»
MAX_CHARS = 60
_HEADING_STYLE_RE = re.compile(r"^(heading|заголовок|title|subtitle)\b", re.IGNORECASE)


def rubric_like(ln: Line) -> bool:
    """A short line that could name a section: capitals or a Word heading style, few words, no digits, no
    sentence, no label the converter knows (a body heading, a back-matter heading, a name)."""
    t = " ".join(ln.text.split())
    styled = bool(ln.layout and _HEADING_STYLE_RE.match(ln.layout.style or ""))
    if not t or len(t) > MAX_CHARS or len(t.split()) > MAX_WORDS or len(labels.letters(t)) < 3:
        return False
    if re.search(r"\d|[@:;]", t) or labels.ends_sentence(t) and not t.endswith("."):
        return False
    if not (labels.is_upper_line(t) or styled) or t.endswith("."):
        return False
    return not (labels.section_heading(t) or labels.back_heading(t) or labels.is_author_line(t)
                or labels.CONTENTS_LINE_RE.match(t) or labels.BOARD_RE.match(t) or labels.IDS_RE.match(t))


def _above(lines: list[Line], start: int) -> tuple[int | None, bool]:
    """The index of the last non-blank line before index `start`, and whether only blank lines part it
    from the line before it (or a page's start, or the text's start)."""
    j = start - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    if j < 0:
        return None, False
    k = j - 1
    alone = lines[j].page_start or k < 0 or lines[k].blank
    return j, alone


def find_rubric_headings(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Section headings standing alone right above an article's first line: out of the text before them,
    recorded as the issue's rubrics (`doc.rubric_lines`); a doubtful one reported."""
    lines = [ln for ln in doc.lines if not ln.removed]
    index = {ln.no: i for i, ln in enumerate(lines)}
    for n, piece in enumerate(doc.pieces):
        if piece.orphan or piece.first_line not in index:
            continue
        j, alone = _above(lines, index[piece.first_line])
        if j is None or not rubric_like(lines[j]):
            continue
        ln = lines[j]
        owner = next((p for p in doc.pieces[:n] if any(b is ln for b in p.body)), None)
        if not alone:
            ctx.report.add(doc.name, "doubt", "a short line in capitals stands right above an article's start, "
                           "but not alone: if it is the issue's section heading, give it as `rubric:` of the "
                           "article in catalog.yml", line=ln.no, text=ln.text.strip(), code="rubric.doubt")
            continue
        if owner is not None:
            owner.body = [b for b in owner.body if b is not ln]
        ln.removed = Removal.RUBRIC
        text = " ".join(ln.text.split())
        doc.rubric_lines.append((ln.no, text, detect_language(text) or "und"))
        ctx.report.add(doc.name, "note", "the issue's section heading (rubric) above the article: the rubric "
                       "of the articles after it (catalog.yml `rubric` can correct it)", line=ln.no, text=text,
                       code="rubric.from_text")
    return doc


def rubrics_from_text(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Each article under the last section heading the text printed above it."""
    for art in doc.articles:
        above = [(no, text, lang) for no, text, lang in doc.rubric_lines if no < art.first_line]
        if above and not art.rubric:
            _, text, lang = max(above)
            art.rubric = {lang if lang != "und" else (art.body_lang or "und"): text}
    return doc
