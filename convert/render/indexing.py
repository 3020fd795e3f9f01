"""The indexing and deposit exports, written after the pages from the same records as articles.json:
JATS XML per article (render/jats.py), a Crossref deposit per issue (render/crossref.py) and the OAI-PMH
Static Repository of the edition (render/oai.py). What an export needs and the sources do not give is
named in the report (kind `note`), and that export is left out: never an invented value."""
from __future__ import annotations

from collections import defaultdict
import re
from pathlib import Path

import yaml

from convert.model import Edition, Report, SourceDoc
from convert.render import crossref, oai
from convert.render.jats import jats_article, jats_possible
from convert.render.records import issue_key

ROOT = Path(__file__).resolve().parent.parent.parent
CROSSREF_DOI = re.compile(r"^10\.[0-9]{4,9}/.{1,200}$")


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml with its Python tags read as nothing (only site_url and site_name are wanted)."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def edition_settings(catalog: dict, mkdocs_yml: Path = ROOT / "mkdocs.yml") -> dict:
    """The catalog's `edition:` settings, with mkdocs.yml's site_url and site_name as defaults."""
    settings = dict(catalog.get("edition") or {})
    try:
        site = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Lenient) or {}
    except (OSError, yaml.YAMLError):
        site = {}
    if not settings.get("base_url") and site.get("site_url"):
        settings["base_url"] = str(site["site_url"])
    if not settings.get("name") and site.get("site_name"):
        settings["name"] = str(site["site_name"])
    return settings


def write_indexing(docs_dir: Path, edition: Edition, records: list[dict], settings: dict, report: Report) -> None:
    by_url = {r["url"]: r for r in records}
    write_jats(docs_dir, edition.docs, by_url, report)
    write_crossref(docs_dir, edition.docs, by_url, settings, report)
    missing = oai.missing_settings(settings)
    if missing:
        report.add("catalog.yml", "note", "no OAI-PMH static repository written: catalog.yml `edition:` lacks "
                   + ", ".join(missing), code="oai.settings_missing", key="edition", missing=missing)
        return
    (docs_dir / oai.FILE_NAME).write_bytes(oai.static_repository(records, settings))


def write_jats(docs_dir: Path, docs: list[SourceDoc], by_url: dict, report: Report) -> None:
    for doc in docs:
        if not doc.articles:
            continue
        if not jats_possible(doc):
            report.add(doc.name, "note", f"no JATS XML for the {len(doc.articles)} article(s) of this source: "
                       f"the journal `{doc.issue.journal_id}` has no ISSN in catalog.yml, and JATS Journal "
                       "Publishing requires one", code="jats.no_issn")
            continue
        for art in doc.articles:
            rec = by_url[art.url]
            if rec.get("jats"):  # the page links it (render/edition.py)
                (docs_dir / rec["jats"]).write_bytes(jats_article(doc, art, rec))


def write_crossref(docs_dir: Path, docs: list[SourceDoc], by_url: dict, settings: dict, report: Report) -> None:
    """<journal>/<issue>/issue.crossref.xml for each issue with an article Crossref can register."""
    missing = crossref.missing_settings(settings)
    if missing:
        report.add("catalog.yml", "note", "no Crossref deposit written: catalog.yml `edition:` lacks "
                   + ", ".join(missing), code="crossref.settings_missing", key="edition", missing=missing)
        return
    issues: dict[tuple[str, str], list] = defaultdict(list)
    for doc in docs:
        for art in doc.articles:
            rec = by_url[art.url]
            if rec.get("doi") and not CROSSREF_DOI.match(rec["doi"]):
                report.add(doc.name, "note", f"DOI {rec['doi']} is not one Crossref accepts (10.NNNN/…): the "
                           "article is left out of the deposit", article=art.ordinal, code="crossref.bad_doi")
            elif not crossref.depositable(rec):
                report.add(doc.name, "note", "left out of the Crossref deposit: it has no "
                           + ("DOI" if not rec.get("doi") else "year"), article=art.ordinal,
                           code="crossref.not_depositable")
            else:
                issues[issue_key(doc)].append((art, rec))
    for (jid, iid), items in sorted(issues.items()):
        path = docs_dir / jid / iid / "issue.crossref.xml"
        path.write_bytes(crossref.deposit_xml(items[0][1]["issue"], items, settings))
