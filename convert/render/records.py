"""What pages and articles.json say of an article and an issue: records, display titles, counts, names."""
from __future__ import annotations

from convert.text.langs import pick, pick_lang
from convert.model import LANGS, Article, SourceDoc
from convert.render import ui


# -- identities and URLs ---------------------------------------------------------------------
def issue_key(doc: SourceDoc) -> tuple[str, str]:
    info = doc.issue
    return info.journal_id, info.issue_id


def display(art: Article, lang: str | None = None) -> str:
    return display_lang(art, lang)[1]


def display_lang(art: Article, lang: str | None = None) -> tuple[str, str]:
    """(language, title) an article is listed by: the language asked for, else its body's."""
    lg = pick_lang(art.titles, lang, art.body_lang, "ru", "kk", "en")
    if lg:
        return lg, art.titles[lg]
    own = art.body_lang or lang or ui.EDITION_LANG  # a fragment without a title: named in its own language
    return own, ui.word("fragment_title", own).format(n=art.ordinal)


def sections_of(art: Article) -> list[str]:
    return [b.text for b in art.body if b.kind == "heading"]


def counts_of(art: Article) -> dict:
    from convert.passes.citations import count_citations

    return {
        "tables": sum(1 for b in art.body if b.kind == "table"),
        "figures": sum(1 for b in art.body if b.kind == "figure"),
        "references": len(art.references),
        "citations": count_citations(art),
    }


def author_records(art: Article) -> list[dict]:
    out = []
    for a in art.authors:
        rec = {"name": {k: v for k, v in sorted(a.names.items(), key=lambda kv: lang_order(kv[0]))}}
        if a.affiliation:
            rec["affiliation"] = {k: v for k, v in sorted(a.affiliation.items(), key=lambda kv: lang_order(kv[0]))
                                  if v}
        if a.email:
            rec["email"] = a.email
        if a.orcid:
            rec["orcid"] = a.orcid
        if a.corresponding:
            rec["corresponding"] = True
        out.append(rec)
    return out


def lang_order(lang: str) -> int:
    return LANGS.index(lang) if lang in LANGS else 9


def author_display(rec: dict, lang: str | None) -> str:
    names = rec["name"]
    return names.get(lang) or next(iter(names.values()), "")


def issue_record(doc: SourceDoc) -> dict:
    info = doc.issue
    rec = {"journal_id": info.journal_id}
    for key in ("journal_names", "issn", "volume", "number", "year"):
        if getattr(info, key) not in (None, "", {}):
            rec[key] = getattr(info, key)
    return rec


def article_record(doc: SourceDoc, art: Article) -> dict:
    rec = {
        "url": art.url, "kind": art.kind, "source": art.source, "ordinal": art.ordinal,
        "lines": [art.first_line, art.last_line], "body_lang": art.body_lang,
        "titles": ordered_langs(art.titles), **({"printed_titles": ordered_langs(art.printed_titles)}
                                                 if art.printed_titles else {}),
        "abstracts": ordered_langs(art.abstracts),
        "keywords": ordered_langs(art.keywords), "authors": author_records(art), "doi": art.doi,
        "issue": issue_record(doc),
    }
    if art.pages:
        rec["pages"] = {"first": art.pages[0], "last": art.pages[1]}
    if art.rubric:
        rec["rubric"] = ordered_langs(art.rubric)  # the issue's section it stands under, per language
    for key, value in (("dates", art.dates), ("ids", art.ids), ("licence", art.licence)):
        if value:
            rec[key] = value
    rec["sections"] = sections_of(art)
    rec["counts"] = counts_of(art)
    return rec


def ordered_langs(d: dict) -> dict:
    return {k: d[k] for k in sorted(d, key=lang_order)}


def journal_name_in(doc: SourceDoc, lang: str) -> str:
    return pick(doc.issue.journal_names, lang)


def issue_title(doc: SourceDoc, lang: str = ui.EDITION_LANG) -> str:
    """"2025, №2(90)" — by what is known of the issue; the edition's words (in `lang`) when neither its year
    nor its number is (never the source's file name: the report asks the editor for them)."""
    info = doc.issue
    parts = []
    if info.year:
        parts.append(str(info.year))
    if info.number:
        parts.append(f"№{info.number}" + (f"({info.volume})" if info.volume else ""))
    return ", ".join(parts) if parts else ui.word("issue_unknown", lang)


def journal_title(doc: SourceDoc, lang: str = ui.EDITION_LANG) -> str:
    return journal_title_lang(doc, lang)[1]


def journal_title_lang(doc: SourceDoc, lang: str = ui.EDITION_LANG) -> tuple[str, str]:
    """(language, name) a journal is shown by: Russian, else Kazakh, else English; a journal not known is
    named by the edition's words in `lang`."""
    name_lang = pick_lang(doc.issue.journal_names, "ru", "kk", "en")
    return (name_lang, doc.issue.journal_names[name_lang]) if name_lang else (lang, ui.word("journal_unknown", lang))


def year_label(group: list[SourceDoc], lang: str = ui.EDITION_LANG) -> str:
    year = group[0].issue.year
    return str(year) if year else ui.word("year_unknown", lang)
