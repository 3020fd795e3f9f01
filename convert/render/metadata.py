"""Metadata for an article page's head, from the same record as articles.json: Highwire Press tags
(as Google Scholar documents them), Dublin Core with a language per value, schema.org JSON-LD.

The converter computes the values; `overrides/main.html` only prints them (escaped). A value the
source does not give is left out: no empty tag, never "None".
"""
from __future__ import annotations

from convert.text.langs import pick
from convert.render.citation import author_name, citable, citation_lang, scholar_name
from convert.model import LANGS, Article, SourceDoc


def _reference_tags(ref) -> str:
    """A reference in Scholar's citation_reference form ("citation_title=…; citation_author=…")."""
    f = ref.fields
    parts = [f"citation_author={a['family']}, {a['given']}".rstrip(", ") for a in f.get("authors", [])]
    for key, tag in (("title", "citation_title"), ("container", "citation_journal_title"),
                     ("year", "citation_publication_date"), ("volume", "citation_volume"),
                     ("number", "citation_issue"), ("doi", "citation_doi")):
        if f.get(key):
            parts.append(f"{tag}={f[key]}")
    if f.get("pages"):
        first, _, last = f["pages"].partition("-")
        parts.append(f"citation_firstpage={first}")
        if last:
            parts.append(f"citation_lastpage={last}")
    return "; ".join(p.replace(";", ",") for p in parts) if parts else ref.text


def highwire(doc: SourceDoc, art: Article, rec: dict, page_url: str | None) -> list[list[str]]:
    """Scholar's tags; none for a piece with neither title nor author (Scholar would index a blank)."""
    if not citable(art):
        return []
    lang = citation_lang(art)
    tags: list[list[str]] = []

    def add(name: str, value) -> None:
        if value not in (None, "", [], {}):
            tags.append([name, str(value)])

    add("citation_title", art.titles.get(lang) or next(iter(art.titles.values()), ""))
    for a in rec["authors"]:
        names = a["name"]
        add("citation_author", scholar_name(names, lang))
        affiliation = a.get("affiliation", {})
        add("citation_author_institution", affiliation.get(lang) or next(iter(affiliation.values()), ""))
        add("citation_author_email", a.get("email"))
        add("citation_author_orcid", f"https://orcid.org/{a['orcid']}" if a.get("orcid") else None)
    info = doc.issue
    add("citation_publication_date", info.year)
    names = info.journal_names
    add("citation_journal_title", pick(names, lang))
    add("citation_issn", info.issn)
    add("citation_volume", info.volume)
    add("citation_issue", info.number)
    if art.pages:
        add("citation_firstpage", art.pages[0])
        add("citation_lastpage", art.pages[1])
    add("citation_doi", art.doi)
    add("citation_language", art.body_lang)
    keywords = [k for lg in LANGS for k in art.keywords.get(lg, [])]
    add("citation_keywords", "; ".join(keywords))
    add("citation_abstract_html_url", page_url)
    add("citation_pdf_url", rec["pdf"].rsplit("/", 1)[-1] if rec.get("pdf") else None)  # beside the page
    for ref in art.references:
        add("citation_reference", _reference_tags(ref))
    return tags


def dublin_core(doc: SourceDoc, art: Article, rec: dict, page_url: str | None) -> list[list[str]]:
    """[name, content, language or ""] triples."""
    tags: list[list[str]] = []

    def add(name: str, value, lang: str = "") -> None:
        if value not in (None, "", [], {}):
            tags.append([name, str(value), lang])

    for lang in LANGS:
        add("DC.title", art.titles.get(lang), lang)
    for a in rec["authors"]:  # "Family, Given", the form Zotero's Dublin Core reader splits
        for lang in LANGS:
            if a["name"].get(lang):
                add("DC.creator", scholar_name(a["name"], lang), lang)
                break
    for lang in LANGS:
        for k in art.keywords.get(lang, []):
            add("DC.subject", k, lang)
    # one abstract, in the language the article is cited in (what Zotero takes as the abstract); the page
    # shows all of them, and repeating every language here doubled the head of a three-abstract article
    lang = citation_lang(art)
    if not art.abstracts.get(lang):
        lang = next((lg for lg in LANGS if art.abstracts.get(lg)), lang)
    add("DC.description", art.abstracts.get(lang), lang)
    add("DC.date", doc.issue.year)
    add("DC.language", art.body_lang)
    add("DC.type", "Text")
    add("DC.format", "text/html")
    if art.doi:
        add("DC.identifier", f"https://doi.org/{art.doi}")
    add("DC.identifier", page_url)
    names = doc.issue.journal_names
    for lang in LANGS:
        add("DC.source", names.get(lang), lang)
    add("DC.rights", rec.get("licence"))
    return tags


def json_ld(doc: SourceDoc, art: Article, rec: dict, page_url: str | None) -> dict:
    lang = citation_lang(art)
    title = art.titles.get(lang) or next(iter(art.titles.values()), "")
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle"}
    if title:
        data["headline"] = data["name"] = title
    others = [{"@value": t, "@language": lg} for lg, t in sorted(art.titles.items(), key=lambda x: LANGS.index(x[0]))
              if lg != lang and t]
    if others:
        data["alternativeHeadline"] = others
    if art.body_lang:
        data["inLanguage"] = art.body_lang
    authors = [_json_ld_person(a, lang) for a in rec["authors"]]
    if authors:
        data["author"] = authors
    info = doc.issue
    part = _json_ld_issue(info, lang)
    if len(part) > 1:
        data["isPartOf"] = part
    if info.year:
        data["datePublished"] = str(info.year)
    keywords = [k for lg in LANGS for k in art.keywords.get(lg, [])]
    if keywords:
        data["keywords"] = keywords
    if art.abstracts.get(lang):
        data["abstract"] = art.abstracts[lang]
    if art.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": art.doi}
        data["sameAs"] = f"https://doi.org/{art.doi}"
    if art.pages:
        data["pageStart"], data["pageEnd"] = str(art.pages[0]), str(art.pages[1])
    if rec.get("licence"):
        data["license"] = rec["licence"]
    if page_url:
        data["url"] = page_url
    return data


def _json_ld_person(a: dict, lang: str) -> dict:
    """schema.org Person of an author record, in the citation language."""
    p: dict = {"@type": "Person", "name": a["name"].get(lang) or next(iter(a["name"].values()))}
    parts = author_name(a["name"], lang)
    if "family" in parts:
        p["familyName"] = " ".join(x for x in (parts.get("non-dropping-particle"), parts["family"]) if x)
        if parts.get("given"):
            p["givenName"] = parts["given"]
    aff = a.get("affiliation", {})
    aff_name = aff.get(lang) or next(iter(aff.values()), "")
    if aff_name:
        p["affiliation"] = {"@type": "Organization", "name": aff_name}
    if a.get("email"):
        p["email"] = a["email"]
    if a.get("orcid"):
        p["identifier"] = f"https://orcid.org/{a['orcid']}"
    return p


def _json_ld_issue(info, lang: str) -> dict:
    """The Periodical, inside its PublicationVolume and PublicationIssue where those are known."""
    periodical: dict = {"@type": "Periodical"}
    journal = pick(info.journal_names, lang)
    if journal:
        periodical["name"] = journal
    if info.issn:
        periodical["issn"] = info.issn
    part = periodical
    if info.volume is not None:
        part = {"@type": "PublicationVolume", "volumeNumber": str(info.volume), "isPartOf": part}
    if info.number is not None:
        part = {"@type": "PublicationIssue", "issueNumber": str(info.number), "isPartOf": part}
        if info.year:
            part["datePublished"] = str(info.year)
    return part
