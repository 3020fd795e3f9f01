"""Mentions of an article's tables and figures in its text ("Table 2", "2-кесте", "Рис. 1"), found once so
that the renderer links them to the table or figure without reading the text itself."""
from __future__ import annotations

from convert.context import Context
from convert.model import SourceDoc
from convert.passes.tables import find_mentions as mentions_in


def find_mentions(doc: SourceDoc, ctx: Context) -> SourceDoc:
    for blocks in [art.body + art.back for art in doc.articles] + [m.blocks for m in doc.matter]:
        for b in blocks:
            if b.kind == "paragraph":
                b.mentions = {-1: mentions_in(b.text)}
            elif b.kind == "list":
                b.mentions = {i: mentions_in(item) for i, item in enumerate(b.items)}
    return doc
