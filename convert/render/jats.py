"""JATS XML per article (NISO JATS Journal Publishing 1.3): front matter from the article's articles.json
record — titles, abstracts and keywords in every language it has, contributors, issue, pages, dates,
licence — and the body and reference list from the document model (convert/render/jats_body.py).

Journal Publishing requires an ISSN in `journal-meta` (`issn` is not optional there): an article of a
journal with no ISSN in catalog.yml gets no JATS file, and the report says so (never an invented ISSN).
Missing facts leave their elements out; `pub-date-not-available` stands in for an unknown year, as the
schema allows."""
from __future__ import annotations

import datetime
import re

from lxml import etree

from convert.model import Article, SourceDoc
from convert.render.jats_body import jats_back, jats_body
from convert.render.records import display_lang, lang_order
from convert.render.xmltree import XLINK, XML_LANG, clean, licence_url, sub, xml_bytes
from convert.text.names import split_name

MML = "http://www.w3.org/1998/Math/MathML"
DATE_RE = re.compile(r"^\s*(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))\s*$")
HISTORY = ("received", "revised", "accepted")


def jats_possible(doc: SourceDoc) -> bool:
    """Journal Publishing 1.3 needs the journal's ISSN."""
    return bool(doc.issue.issn)


def jats_name(art: Article) -> str:
    return f"{art.slug}.jats.xml"


def jats_article(doc: SourceDoc, art: Article, rec: dict) -> bytes:
    """The article as JATS Journal Publishing 1.3 XML bytes."""
    root = etree.Element("article", nsmap={"xlink": XLINK, "mml": MML})
    root.set("article-type", "research-article" if art.kind == "article" else "other")
    root.set("dtd-version", "1.3")
    root.set(XML_LANG, rec.get("body_lang") or display_lang(art)[0])
    front = etree.SubElement(root, "front")
    journal_meta(front, rec["issue"])
    article_meta(front, art, rec)
    body = jats_body(art)
    if len(body):
        root.append(body)
    back = jats_back(art)
    if back is not None:
        root.append(back)
    return xml_bytes(root)


def journal_meta(front, issue: dict) -> None:
    meta = etree.SubElement(front, "journal-meta")
    sub(meta, "journal-id", issue["journal_id"], {"journal-id-type": "publisher-id"})
    for lang, name in issue.get("journal_names", {}).items():
        group = etree.SubElement(meta, "journal-title-group")
        sub(group, "journal-title", name, lang=lang)
    sub(meta, "issn", issue["issn"])


def article_meta(front, art: Article, rec: dict) -> None:
    meta = etree.SubElement(front, "article-meta")
    sub(meta, "article-id", art.slug, {"pub-id-type": "publisher-id"})
    if rec.get("doi"):
        sub(meta, "article-id", rec["doi"], {"pub-id-type": "doi"})
    rubric(meta, rec.get("rubric") or {})
    title_group(meta, art, rec["titles"])
    contributors(meta, rec["authors"], main_lang(art, rec["titles"]))
    issue = rec["issue"]
    if issue.get("year"):
        date = sub(meta, "pub-date", attrs={"publication-format": "print", "date-type": "pub"})
        sub(date, "year", issue["year"])
    else:
        sub(meta, "pub-date-not-available")
    sub(meta, "volume", issue.get("volume"))
    sub(meta, "issue", issue.get("number"))
    if rec.get("pages"):
        sub(meta, "fpage", rec["pages"]["first"])
        sub(meta, "lpage", rec["pages"]["last"])
    history(meta, rec.get("dates", {}))
    if rec.get("licence"):
        perms = sub(meta, "permissions")
        lic = sub(perms, "license", attrs={f"{{{XLINK}}}href": licence_url(rec["licence"])})
        sub(lic, "license-p", rec["licence"])
    abstracts(meta, rec["abstracts"], rec["titles"], art)
    for lang, kws in rec["keywords"].items():
        kws = [k for k in kws if clean(k)]
        if kws:
            group = sub(meta, "kwd-group", attrs={"kwd-group-type": "author"}, lang=lang)
            for k in kws:
                sub(group, "kwd", k)


def rubric(meta, rubric: dict) -> None:
    """The issue's section the article stands under: `subj-group-type="heading"`, one per language."""
    rubric = {lang: text for lang, text in rubric.items() if clean(text)}
    if not rubric:
        return
    categories = sub(meta, "article-categories")
    for lang, text in rubric.items():
        group = sub(categories, "subj-group", attrs={"subj-group-type": "heading"},
                    lang=lang if lang in ("kk", "ru", "en") else None)
        sub(group, "subject", text)


def main_lang(art: Article, titles: dict) -> str:
    """The language of `article-title` and `abstract`: the one the article is listed by."""
    return display_lang(art)[0] if titles else (art.body_lang or "ru")


def title_group(meta, art: Article, titles: dict) -> None:
    group = etree.SubElement(meta, "title-group")
    lang, title = display_lang(art)  # a fragment without a title is listed as "Fragment N"
    sub(group, "article-title", title, lang=lang if titles else "en")
    for other, text in titles.items():
        if other != lang and clean(text):
            trans = sub(group, "trans-title-group", lang=other)
            sub(trans, "trans-title", text)


def contributors(meta, authors: list[dict], lang: str) -> None:
    """`contrib-group` with each author's names in every language (the article's first, which a reader
    that takes one name takes), ORCID, e-mail and affiliation."""
    authors = [a for a in authors if any(clean(n) for n in a["name"].values())]
    if not authors:
        return
    group = etree.SubElement(meta, "contrib-group")
    affs: list[dict] = []
    for a in authors:
        contrib = sub(group, "contrib", attrs={"contrib-type": "author",
                                               "corresp": "yes" if a.get("corresponding") else None})
        if a.get("orcid"):
            sub(contrib, "contrib-id", "https://orcid.org/" + a["orcid"], {"contrib-id-type": "orcid"})
        names = {lg: n for lg, n in sorted(a["name"].items(), key=lambda kv: (kv[0] != lang, lang_order(kv[0])))
                 if clean(n)}
        holder = sub(contrib, "name-alternatives") if len(names) > 1 else contrib
        for name_lang, name in names.items():
            person_name(holder, name, [n for n in names.values() if n != name], name_lang)
        if a.get("affiliation"):
            if a["affiliation"] not in affs:
                affs.append(a["affiliation"])
            sub(contrib, "xref", str(affs.index(a["affiliation"]) + 1),
                {"ref-type": "aff", "rid": f"aff-{affs.index(a['affiliation']) + 1}"})
        sub(contrib, "email", a.get("email"))
    for n, aff in enumerate(affs, 1):
        alts = sub(group, "aff-alternatives", attrs={"id": f"aff-{n}"})
        for lang, text in sorted(aff.items(), key=lambda kv: lang_order(kv[0])):
            if clean(text):
                el = sub(alts, "aff", lang=lang)
                sub(el, "label", str(n))
                sub(el, "institution", text)


def person_name(parent, name: str, others: list[str], lang: str) -> None:
    parts = split_name(name, others)
    if "literal" in parts or not parts.get("family"):
        sub(parent, "string-name", name, lang=lang)
        return
    el = sub(parent, "name", lang=lang)
    sub(el, "surname", parts["family"])
    sub(el, "given-names", parts.get("given"))


def history(meta, dates: dict) -> None:
    parsed = [(kind, iso_date(dates.get(kind, ""))) for kind in HISTORY]
    parsed = [(kind, d) for kind, d in parsed if d]
    if not parsed:
        return
    hist = sub(meta, "history")
    for kind, (y, m, d) in parsed:
        date = sub(hist, "date", attrs={"date-type": kind, "iso-8601-date": f"{y}-{m}-{d}"})
        sub(date, "day", d)
        sub(date, "month", m)
        sub(date, "year", y)


def iso_date(text: str) -> tuple[str, str, str] | None:
    """(year, month, day) of a date printed "10.07.2024" or "2024-07-10"; None for anything else."""
    m = DATE_RE.match(text or "")
    if not m:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(3) else (m.group(6), m.group(5), m.group(4))
    try:
        day = datetime.date(int(y), int(mo), int(d))
    except ValueError:  # 31.02: no such day
        return None
    return day.strftime("%Y"), day.strftime("%m"), day.strftime("%d")


def abstracts(meta, texts: dict, titles: dict, art: Article) -> None:
    """The abstract in the article's main language (else the first it has), the others as trans-abstract."""
    texts = {lg: t for lg, t in texts.items() if clean(t)}
    if not texts:
        return
    first = main_lang(art, titles)
    first = first if first in texts else next(iter(texts))
    for lang in [first] + [lg for lg in texts if lg != first]:
        el = sub(meta, "abstract" if lang == first else "trans-abstract", lang=lang)
        for para in texts[lang].split("\n\n"):
            sub(el, "p", para)
