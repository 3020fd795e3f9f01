"""Titles printed in capitals, shown and cited in sentence case (convert/text/case.py decides each word
from the article's own text); the printed form stays in `Article.printed_titles`."""
from __future__ import annotations

from convert.context import Context
from convert.model import Article, SourceDoc
from convert.passes.topics import stem_word
from convert.text.case import Evidence, in_capitals, sentence_case


def evidence_of(*arts: Article) -> Evidence:
    """The articles' running text in every language: body, abstracts, keywords, titles not in capitals."""
    return Evidence([t for art in arts for t in _texts(art)], stem=lambda w: stem_word(w, ""))


def _texts(art: Article) -> list[str]:
    texts = [b.text for b in art.body if b.kind in ("paragraph", "list") and b.text]
    texts += [item for b in art.body if b.kind == "list" for item in b.items]
    texts += list(art.abstracts.values())
    texts += [", ".join(kws) for kws in art.keywords.values()]
    texts += [t for lang, t in art.titles.items() if not in_capitals(art.printed_titles.get(lang, t))]
    return texts


def sentence_case_titles(doc: SourceDoc, ctx: Context) -> SourceDoc:
    own: list[Evidence] = []  # each article's text, read once, before any title is changed
    source = None  # the whole source's text (theirs summed), for words the article's own text does not write
    for n, art in enumerate(doc.articles):
        capitals = {lang: t for lang, t in art.titles.items() if in_capitals(t)}
        if not capitals:
            continue
        if source is None:
            own = [evidence_of(a) for a in doc.articles]
            source = Evidence.merged(own)
        evidences = [own[n], source]
        for lang, title in capitals.items():
            art.printed_titles[lang] = title
            art.titles[lang] = sentence_case(title, evidences, lang)
        shown = " · ".join(f"{lang}: {art.titles[lang]}" for lang in capitals)
        ctx.report.add(doc.name, "fixed", f"title printed in capitals, shown and cited in sentence case ({shown}); "
                       "where a name lost its capital, give the title in catalog.yml (`titles`)",
                       line=art.first_line, article=art.ordinal, code="title.sentence_case")
    return doc
