"""Page ranges: each article's first and last page as the journal prints them.

The page-number lines the furniture pass removed say which printed number stands on which physical
page (the PDF reader's pages, or pdftotext's form feeds). Where they agree on one offset between the two
(the issue's PDF starts at page 1 or at page 57 alike), every article's range follows from the pages
its first and last lines are on. When the printed numbers do not follow the pages, no range is guessed:
the report says so, and the editor's catalog.yml `pages` decides (that pass runs after this one).
"""
from __future__ import annotations

from collections import Counter

from convert.context import Context
from convert.model import SourceDoc


def page_offset(doc: SourceDoc) -> int | None:
    """printed page − physical page, when most printed page numbers agree on it (at least two)."""
    physical = {ln.no: ln.layout.page for ln in doc.lines if ln.layout and ln.layout.page}
    offsets = Counter(printed - physical[no] for no, printed in doc.page_numbers if no in physical)
    if not offsets:
        return None
    offset, agree = offsets.most_common(1)[0]
    return offset if agree >= 2 and agree * 2 > sum(offsets.values()) else None


def _physical_page(doc: SourceDoc, first: int, last: int, *, reverse: bool) -> int | None:
    """The page of the first (or last) kept line with a page between two line numbers."""
    lines = [ln for ln in doc.lines if first <= ln.no <= last and not ln.removed and not ln.blank
             and ln.layout and ln.layout.page]
    if not lines:
        return None
    return (lines[-1] if reverse else lines[0]).layout.page


def assign_page_ranges(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Every article's pages in a PDF source (for its galley) and its printed page range, where the
    source's page numbers determine it."""
    if not any(ln.layout and ln.layout.page for ln in doc.lines):
        return doc  # no pages known
    spans = {id(art): (_physical_page(doc, art.first_line, art.last_line, reverse=False),
                       _physical_page(doc, art.first_line, art.last_line, reverse=True))
             for art in doc.articles if art.kind == "article"}
    spans = {k: v for k, v in spans.items() if None not in v}
    if doc.format == "pdf":
        for art in doc.articles:
            if id(art) in spans:
                art.pdf_pages = spans[id(art)]
    if not doc.page_numbers:
        return doc
    offset = page_offset(doc)
    if offset is None:
        shown = ", ".join(f"{printed} (line {no})" for no, printed in doc.page_numbers[:6])
        ctx.report.add(doc.name, "doubt", f"the page numbers found ({shown}) do not follow the pages of the "
                       "source, so no article's page range was set; give each article's `pages` in "
                       "catalog.yml", code="pages.inconsistent")
        return doc
    for art in doc.articles:
        if id(art) in spans and spans[id(art)][0] + offset > 0:
            first, last = spans[id(art)]
            art.pages = (first + offset, last + offset)
    return doc
