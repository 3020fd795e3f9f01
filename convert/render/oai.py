"""OAI-PMH for the edition: a Static Repository file (one XML with an `oai_dc` record for every article,
its titles, abstracts and keywords in every language it has) that a Static Repository Gateway, or the
request handler in convert/oai_server.py, serves as an OAI-PMH repository.

It needs the site's address (`edition.base_url`, or mkdocs.yml's `site_url`), an administrator's e-mail
(`edition.admin_email`, else the depositor's) and the release date (`edition.updated`), which is every
record's datestamp: a harvester asking `from` a date gets what was released since. Without them the file
is not written and the report says which are missing."""
from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from convert.render.records import author_display, lang_order
from convert.render.xmltree import XML_LANG, clean, licence_url, sub, xml_bytes

SR = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FILE_NAME = "oai-static-repository.xml"


def admin_email(settings: dict) -> str | None:
    return settings.get("admin_email") or (settings.get("depositor") or {}).get("email")


def missing_settings(settings: dict) -> list[str]:
    missing = [k for k in ("base_url", "updated") if not settings.get(k)]
    return missing + ([] if admin_email(settings) else ["admin_email"])


def oai_base_url(settings: dict) -> str:
    """Where harvesters ask: a gateway's address for this file, else the request handler's (`/oai`)."""
    return settings.get("oai_base_url") or settings["base_url"].rstrip("/") + "/oai"


def identifier(settings: dict, rec: dict) -> str:
    host = urlsplit(settings["base_url"]).hostname or "localhost"
    return f"oai:{host}:{rec['url'].removesuffix('.html')}"


def o(tag: str) -> str:
    return f"{{{OAI}}}{tag}"


def static_repository(records: list[dict], settings: dict) -> bytes:
    """The edition's Static Repository file: Identify, ListMetadataFormats and every record."""
    root = etree.Element(f"{{{SR}}}Repository", nsmap={None: SR, "oai": OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation",
             f"{SR} http://www.openarchives.org/OAI/2.0/static-repository.xsd")
    ident = sub(root, f"{{{SR}}}Identify")
    sub(ident, o("repositoryName"), settings.get("name") or "Digital edition")
    sub(ident, o("baseURL"), oai_base_url(settings))
    sub(ident, o("protocolVersion"), "2.0")
    sub(ident, o("adminEmail"), admin_email(settings))
    sub(ident, o("earliestDatestamp"), settings["updated"])
    sub(ident, o("deletedRecord"), "no")
    sub(ident, o("granularity"), "YYYY-MM-DD")
    formats = sub(root, f"{{{SR}}}ListMetadataFormats")
    fmt = sub(formats, o("metadataFormat"))
    sub(fmt, o("metadataPrefix"), "oai_dc")
    sub(fmt, o("schema"), "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    sub(fmt, o("metadataNamespace"), OAI_DC)
    listing = sub(root, f"{{{SR}}}ListRecords", attrs={"metadataPrefix": "oai_dc"})
    for rec in records:
        record = sub(listing, o("record"))
        header = sub(record, o("header"))
        sub(header, o("identifier"), identifier(settings, rec))
        sub(header, o("datestamp"), settings["updated"])
        sub(record, o("metadata")).append(oai_dc(rec, settings))
    return xml_bytes(root)


def d(parent, tag: str, text, lang: str | None = None):
    return sub(parent, f"{{{DC}}}{tag}", text, lang=lang)


def oai_dc(rec: dict, settings: dict):
    """One article as unqualified Dublin Core: every language's title, abstract and keywords."""
    dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
    for lang, title in rec["titles"].items():
        d(dc, "title", title, lang)
    lang = rec.get("body_lang")
    for a in rec["authors"]:
        d(dc, "creator", author_display(a, lang))
    for lg, kws in rec["keywords"].items():
        for k in kws:
            d(dc, "subject", k, lg)
    for lg, text in rec["abstracts"].items():
        d(dc, "description", text, lg)
    issue = rec["issue"]
    d(dc, "date", issue.get("year"))
    d(dc, "type", "Text")
    d(dc, "type", "info:eu-repo/semantics/article" if rec["kind"] == "article" else None)
    d(dc, "format", "text/html")
    d(dc, "identifier", settings["base_url"].rstrip("/") + "/" + rec["url"])
    if rec.get("doi"):
        d(dc, "identifier", "https://doi.org/" + rec["doi"])
    for lg, name in sorted((issue.get("journal_names") or {}).items(), key=lambda kv: lang_order(kv[0])):
        d(dc, "source", source_line(name, issue, rec), lg)
    if issue.get("issn"):
        d(dc, "source", "ISSN " + issue["issn"])
    d(dc, "language", lang)
    if rec.get("licence"):
        d(dc, "rights", licence_url(rec["licence"]) or rec["licence"])
    return dc


def source_line(journal: str, issue: dict, rec: dict) -> str:
    """"Journal, 2025, vol. 153, no. 4, pp. 59-69": where the article was published, what it has."""
    parts = [clean(journal)]
    for key, label in (("year", ""), ("volume", "vol. "), ("number", "no. ")):
        if issue.get(key) not in (None, ""):
            parts.append(f"{label}{issue[key]}")
    if rec.get("pages"):
        p = rec["pages"]
        parts.append(f"pp. {p['first']}-{p['last']}" if p["first"] != p["last"] else f"p. {p['first']}")
    return ", ".join(parts)
