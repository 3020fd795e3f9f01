"""How to cite an article: CSL-JSON, RIS and BibTeX records of the article itself, and formatted
citations (GOST R 7.0.5-2008 and APA 7) from the project's CSL styles by citeproc-js (render/citeproc.py).

An item is cited in one language: its title's, with the journal's name in the same language where the
journal has one; that language is the item's `language` (so English title case never touches a Russian
title). Kazakh has no CSL locale: an item in Cyrillic is formatted with the Russian locale (GOST's own
language, and the second language of these journals), one in Latin with en-US; the title and journal
stay as they are.
"""
from __future__ import annotations

import re

import bibtexparser
import rispy
from bibtexparser.model import Entry

from convert.text.langs import pick
from convert.render import bibtex
from convert.render.bibtex import memoized
from convert.model import LANGS, Article, SourceDoc
from convert.text.names import display_name, split_name

STYLES = {"gost": "gost-r-7-0-5-2008.csl", "apa": "apa.csl"}
FRAGMENT = {"ru": "фрагмент", "kk": "үзінді", "en": "fragment"}


def citation_lang(art: Article) -> str:
    """The language the article is cited in: its body's, when it has a title in it."""
    for lang in (art.body_lang, "ru", "en", "kk"):
        if lang and art.titles.get(lang):
            return lang
    return art.body_lang or "ru"


def _pick(values: dict, lang: str) -> str:
    """The citation's language, then Russian, English, Kazakh, then any language the value has."""
    return pick(values, lang, "ru", "en", "kk") or next((v for v in values.values() if v), "")


def citable(art: Article) -> bool:
    """A piece with neither title nor author cannot be cited: it gets no cite box and no export record."""
    return bool(art.titles) or any(a.names for a in art.authors)


def author_name(names: dict, lang: str) -> dict:
    """CSL name parts of an author in the citation's language; the other languages' forms help find
    which word is the family name."""
    name = _pick(names, lang)
    return split_name(name, [v for v in names.values() if v and v != name])


def scholar_name(names: dict, lang: str) -> str:
    """"Family, Given", as Google Scholar's citation_author asks."""
    return display_name(author_name(names, lang))


def locale_of(item: dict) -> str:
    """ru-RU for an item whose title (else journal) is in Cyrillic, en-US for Latin."""
    text = item.get("title") or item.get("container-title") or ""
    return "ru-RU" if re.search("[\u0400-\u04ff]", text) else "en-US"


def journal_name(doc: SourceDoc, lang: str) -> str:
    return _pick(doc.issue.journal_names, lang)


def csl_item(doc: SourceDoc, art: Article, url: str | None = None) -> dict:
    """The article as a CSL-JSON item (fields left out where the source says nothing)."""
    lang = citation_lang(art)
    info = doc.issue
    item: dict = {"id": art.slug, "type": "article-journal"}
    if art.kind == "fragment":
        item["genre"] = FRAGMENT.get(lang, FRAGMENT["en"])  # a piece of its source's issue
    title = _pick(art.titles, lang)
    if title:
        item["title"] = title
    authors = [author_name(a.names, lang) for a in art.authors if a.names]
    if authors:
        item["author"] = authors
    journal = journal_name(doc, lang)
    if journal:
        item["container-title"] = journal
    for value, csl in ((info.volume, "volume"), (info.number, "issue")):
        if value is not None:
            item[csl] = str(value)
    if info.issn:
        item["ISSN"] = info.issn
    if info.year:
        item["issued"] = {"date-parts": [[int(info.year)]]}
    if art.pages:
        item["page"] = f"{art.pages[0]}-{art.pages[1]}" if art.pages[1] != art.pages[0] else str(art.pages[0])
    if art.doi:
        item["DOI"] = art.doi
    if url:
        item["URL"] = url
    item["language"] = lang
    abstract = _pick(art.abstracts, lang)
    if abstract:
        item["abstract"] = abstract
    keywords = art.keywords.get(lang) or next((art.keywords[lg] for lg in LANGS if art.keywords.get(lg)), [])
    if keywords:
        item["keyword"] = ", ".join(keywords)
    return item


# `memo`: the run's on-disk memo (convert/cache.py `Memo`): a conversion with nothing changed renders the
# same entries again, and then starts no Node process at all
def formatted(item: dict, style: str, memo=None) -> dict:
    """The bibliography entry for one CSL item: {"html": safe HTML (italics), "text": plain text}."""
    from convert.render.citeproc import bibliography_entry

    def run() -> dict:
        html_entry, text = bibliography_entry(item, STYLES[style], locale_of(item))
        return {"html": html_entry, "text": text}
    return memoized("csl", [item, style], run, memo)


def ris_record(item: dict) -> dict:
    rec: dict = {"type_of_reference": "JOUR", "id": item["id"]}
    if item.get("title"):
        rec["title"] = item["title"]
    authors = [display_name(a) for a in item.get("author", [])]
    if authors:
        rec["authors"] = authors
    simple = {"container-title": "journal_name", "volume": "volume", "issue": "number", "ISSN": "issn",
              "DOI": "doi", "URL": "urls", "abstract": "abstract", "language": "language"}
    for csl, ris in simple.items():
        if item.get(csl):
            rec[ris] = [item[csl]] if ris == "urls" else item[csl]
    if item.get("issued"):
        rec["year"] = str(item["issued"]["date-parts"][0][0])
    if item.get("page"):
        first, _, last = item["page"].partition("-")
        rec["start_page"] = first
        if last:
            rec["end_page"] = last
    if item.get("keyword"):
        rec["keywords"] = [k.strip() for k in item["keyword"].split(",")]
    return rec


def ris_text(items: list[dict]) -> str:
    """RIS records, each starting with its TY line (rispy numbers records with "1." lines, which
    reference managers such as Zotero do not expect)."""
    text = rispy.dumps([ris_record(i) for i in items])
    return re.sub(r"(?m)^\d+\.\n", "", text)


def bibtex_entry(item: dict) -> Entry:
    # literal names (institutions, full names) keep their braces
    authors = " and ".join("{" + a["literal"] + "}" if "literal" in a else display_name(a)
                           for a in item.get("author", []))
    return bibtex.bibtex_entry("article", item["id"], [
        ("author", authors),
        ("title", item.get("title")),
        ("journal", item.get("container-title")),
        ("year", item["issued"]["date-parts"][0][0] if item.get("issued") else None),
        ("volume", item.get("volume")),
        ("number", item.get("issue")),
        ("pages", (item.get("page") or "").replace("-", "--")),
        ("issn", item.get("ISSN")),
        ("doi", item.get("DOI")),
        ("url", item.get("URL")),
        ("language", item.get("language")),
        ("keywords", item.get("keyword")),
        ("abstract", item.get("abstract")),
    ])


def bibtex_text(items: list[dict], memo=None) -> str:
    return memoized("bib", items, lambda: _bibtex_text(items), memo)


def _bibtex_text(items: list[dict]) -> str:
    lib = bibtexparser.Library()
    for item in items:
        lib.add(bibtex_entry(item))
    return bibtexparser.write_string(lib)
