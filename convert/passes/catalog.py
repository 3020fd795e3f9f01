"""The editor's catalog (`catalog.yml` beside the sources): what a text cannot tell.

Per source: journal (names in kk/ru/en, ISSN), volume/number/year, licence; per
article: overrides (id, DOI, pages, titles, authors…) matched by ordinal or by a
title/text fragment, so they survive re-conversion. Every field is optional.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from convert.model import LANGS, Article, Author, Report, SourceDoc

CATALOG_NAMES = ("catalog.yml", "catalog.yaml")


def load_catalog(sources: Path, report: Report) -> dict:
    for name in CATALOG_NAMES:
        path = sources / name
        if path.exists():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                report.add(name, "error", f"catalog does not parse: {err}; building without it",
                           line=mark.line + 1 if mark else None)
                return {}
            if not isinstance(data, dict):
                report.add(name, "error", "catalog must be a mapping with 'journals' and 'sources'")
                return {}
            for src in (data.get("sources") or {}):
                if not (sources / src).exists():
                    report.add(name, "error", f"catalog names a source that does not exist: {src}")
            return data
    return {}


def source_entry(catalog: dict, name: str) -> dict:
    entry = (catalog.get("sources") or {}).get(name) or {}
    journal_id = entry.get("journal")
    journal = (catalog.get("journals") or {}).get(journal_id, {}) if journal_id else {}
    return {**entry, "journal_id": journal_id, "journal": journal}


def _matches(art: Article, match: dict) -> bool:
    if "ordinal" in match and match["ordinal"] != art.ordinal:
        return False
    if "title" in match:
        needle = str(match["title"]).casefold()
        if not any(needle in t.casefold() for t in art.titles.values()):
            return False
    if "text" in match:
        needle = str(match["text"]).casefold()
        hay = " ".join(list(art.abstracts.values()) + [b.text for b in art.body[:5]]).casefold()
        if needle not in hay:
            return False
    return bool(match)


def apply_catalog(doc: SourceDoc, entry: dict, report: Report) -> SourceDoc:
    """Article overrides from the catalog, applied after conversion so they survive it."""
    for n, override in enumerate(entry.get("articles") or [], 1):
        match = override.get("match") or {}
        hits = [a for a in doc.articles if _matches(a, match)]
        if len(hits) != 1:
            report.add(doc.name, "error", f"catalog article override #{n} matches {len(hits)} articles "
                       f"(match: {match}); not applied")
            continue
        art = hits[0]
        for lang, title in (override.get("titles") or {}).items():
            if lang in LANGS and title:
                art.titles[lang] = str(title)
        for key in ("doi", "licence"):
            if override.get(key):
                setattr(art, key, str(override[key]))
        if override.get("id"):
            art.slug = str(override["id"])
        if override.get("pages"):
            first, _, last = str(override["pages"]).partition("-")
            art.pages = (int(first), int(last or first))
        if override.get("authors"):
            art.authors = [Author(names=a.get("names") or {art.body_lang or "ru": a.get("name", "")},
                                  affiliation=a.get("affiliation") or {}, email=a.get("email"),
                                  orcid=a.get("orcid")) if isinstance(a, dict)
                           else Author(names={art.body_lang or "ru": str(a)}) for a in override["authors"]]
        if override.get("kind") in ("article", "fragment"):
            art.kind = override["kind"]
        elif art.kind == "fragment" and art.titles:
            art.kind = "article"
        report.add(doc.name, "note", f"catalog override applied: {sorted(k for k in override if k != 'match')}",
                   article=art.ordinal)
    return doc
