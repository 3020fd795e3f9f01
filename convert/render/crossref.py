"""Crossref deposit XML (schema 5.3.1) per issue, from the articles.json records: `journal_metadata`
(titles, ISSN), `journal_issue`, and a `journal_article` per article with a DOI — titles (the English
title as `title`, the body's language as `original_language_title`), contributors, abstracts as JATS,
publication date, pages, DOI and the page's address, the citation list.

A deposit needs what only the editors know: the site's address (`edition.base_url` in catalog.yml, or
mkdocs.yml's `site_url`), the `depositor` and the `registrant`, and the release date that stamps the
batch (`edition.updated`; Crossref keeps the deposit with the highest timestamp). Without them no
deposit is written and the report says which are missing. Crossref requires a DOI and a year per
article: an article without them is left out of its issue's deposit, and the report counts them."""
from __future__ import annotations

from lxml import etree

from convert.model import Article
from convert.render.records import lang_order
from convert.render.xmltree import XML_LANG, clean, sub, xml_bytes
from convert.text.names import split_name

CR = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{CR} https://www.crossref.org/schemas/crossref5.3.1.xsd"
NEEDED = ("base_url", "updated", "depositor", "registrant")


def missing_settings(settings: dict) -> list[str]:
    """The settings a deposit needs that the catalog does not give."""
    missing = [k for k in NEEDED if not settings.get(k)]
    dep = settings.get("depositor") or {}
    if settings.get("depositor") and not (dep.get("name") and dep.get("email")):
        missing.append("depositor.name and depositor.email")
    return missing


def depositable(rec: dict) -> bool:
    return bool(rec.get("doi")) and bool(rec["issue"].get("year"))


def c(tag: str) -> str:
    return f"{{{CR}}}{tag}"


def page_url(settings: dict, rec: dict) -> str:
    return settings["base_url"].rstrip("/") + "/" + rec["url"]


def deposit_xml(issue: dict, items: list[tuple[Article, dict]], settings: dict) -> bytes:
    """One issue's deposit: `items` are (article, record) of the articles with a DOI and a year."""
    root = etree.Element(c("doi_batch"), nsmap={None: CR, "jats": JATS, "xsi": XSI})
    root.set("version", "5.3.1")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    head = sub(root, c("head"))
    stamp = settings["updated"].replace("-", "") + "000000"
    batch = "-".join(str(p) for p in (issue["journal_id"], issue.get("volume") or "", issue.get("number") or "",
                                      issue.get("year") or "", stamp))
    sub(head, c("doi_batch_id"), batch[:100])
    sub(head, c("timestamp"), stamp)
    dep = sub(head, c("depositor"))
    sub(dep, c("depositor_name"), settings["depositor"]["name"])
    sub(dep, c("email_address"), settings["depositor"]["email"])
    sub(head, c("registrant"), settings["registrant"])
    journal = sub(sub(root, c("body")), c("journal"))
    journal_metadata(journal, issue)
    journal_issue(journal, issue)
    for art, rec in items:
        journal_article(journal, art, rec, settings)
    return xml_bytes(root)


def journal_metadata(journal, issue: dict) -> None:
    names = issue.get("journal_names") or {}
    lang = next((lg for lg in ("en", "ru", "kk") if names.get(lg)), None)
    meta = sub(journal, c("journal_metadata"), attrs={"language": lang})
    titles = [names[lang]] if lang else [issue["journal_id"]]
    titles += [names[lg] for lg in sorted(names, key=lang_order) if lg != lang]
    for t in titles:
        sub(meta, c("full_title"), clean(t)[:255])
    sub(meta, c("issn"), issue.get("issn"))


def journal_issue(journal, issue: dict) -> None:
    el = sub(journal, c("journal_issue"))
    date = sub(el, c("publication_date"), attrs={"media_type": "print"})
    sub(date, c("year"), issue["year"])
    if issue.get("volume") is not None:
        sub(sub(el, c("journal_volume")), c("volume"), issue["volume"])
    sub(el, c("issue"), issue.get("number"))


def title_langs(rec: dict) -> tuple[str | None, str | None]:
    """(language of `title`, language of `original_language_title`): English first where the article
    has an English title, its body's language as the original."""
    titles = {lg: t for lg, t in rec["titles"].items() if clean(t)}
    body = rec.get("body_lang")
    first = "en" if "en" in titles else (body if body in titles else next(iter(titles), None))
    original = body if body in titles and body != first else None
    return first, original


def journal_article(journal, art: Article, rec: dict, settings: dict) -> None:
    el = sub(journal, c("journal_article"), attrs={"publication_type": "full_text",
                                                    "language": rec.get("body_lang")})
    titles = sub(el, c("titles"))
    first, original = title_langs(rec)
    if first:
        sub(titles, c("title"), rec["titles"][first])
        if original:
            sub(titles, c("original_language_title"), rec["titles"][original], {"language": original})
    else:  # a fragment without a title: what the edition lists it by
        from convert.render.records import display

        sub(titles, c("title"), display(art))
    contributors(el, rec["authors"], first or rec.get("body_lang") or "en")
    for lang, text in sorted(rec["abstracts"].items(), key=lambda kv: lang_order(kv[0])):
        if clean(text):
            ab = sub(el, f"{{{JATS}}}abstract")
            ab.set(XML_LANG, lang)
            for para in text.split("\n\n"):
                sub(ab, f"{{{JATS}}}p", para)
    date = sub(el, c("publication_date"), attrs={"media_type": "print"})
    sub(date, c("year"), rec["issue"]["year"])
    if rec.get("pages"):
        pages = sub(el, c("pages"))
        sub(pages, c("first_page"), rec["pages"]["first"])
        sub(pages, c("last_page"), rec["pages"]["last"])
    doi = sub(el, c("doi_data"))
    sub(doi, c("doi"), rec["doi"])
    sub(doi, c("resource"), page_url(settings, rec))
    citations(el, art)


def contributors(el, authors: list[dict], lang: str) -> None:
    authors = [a for a in authors if any(clean(n) for n in a["name"].values())]
    if not authors:
        return
    group = sub(el, c("contributors"))
    for n, a in enumerate(authors):
        names = {lg: v for lg, v in a["name"].items() if clean(v)}
        name_lang = lang if lang in names else next(iter(names))
        name = names[name_lang]
        parts = split_name(name, [v for v in names.values() if v != name])
        role = {"sequence": "first" if n == 0 else "additional", "contributor_role": "author"}
        if "literal" in parts or not parts.get("family"):
            sub(group, c("organization"), name, role)
            continue
        person = sub(group, c("person_name"), attrs=role)
        sub(person, c("given_name"), parts.get("given"))
        sub(person, c("surname"), parts["family"])
        aff = (a.get("affiliation") or {})
        aff_text = aff.get(name_lang) or next((v for v in aff.values() if clean(v)), None)
        if aff_text:
            sub(sub(sub(person, c("affiliations")), c("institution")), c("institution_name"), clean(aff_text)[:1024])
        if a.get("orcid"):
            sub(person, c("ORCID"), "https://orcid.org/" + a["orcid"])


def citations(el, art: Article) -> None:
    refs = [r for r in art.references if clean(r.text)]
    if not refs:
        return
    lst = sub(el, c("citation_list"))
    for ref in refs:
        cit = sub(lst, c("citation"), attrs={"key": f"ref-{ref.number}"})
        if ref.fields.get("doi"):
            sub(cit, c("doi"), ref.fields["doi"])
        sub(cit, c("unstructured_citation"), ref.text)
