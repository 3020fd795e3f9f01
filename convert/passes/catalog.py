"""The editor's catalog (`catalog.yml` beside the sources): what a text cannot tell.

Per source: journal (names in kk/ru/en, ISSN), volume/number/year, licence; per
article: overrides (id, DOI, pages, titles, authors…) matched by ordinal or by a
title/text fragment, so they survive re-conversion. Every field is optional.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path


from convert.context import Context
from convert.model import LANGS, Article, Author, IssueInfo, Report, SourceDoc
from convert.text import labels
from convert.text.slugs import slugify

CATALOG_NAMES = ("catalog.yml", "catalog.yaml")


def load_catalog(sources: Path, report: Report) -> dict:
    """catalog.yml, validated against its schema (convert/editor_files/schemas.py): a wrong value is
    reported with its line and key and dropped, everything else applies."""
    from convert.editor_files import CATALOG, load_editor_yaml
    from convert.editor_files.loader import line_of

    for name in CATALOG_NAMES:
        path = sources / name
        if path.exists():
            def source_of(key_path: tuple) -> str | None:  # a source's problem is shown in its section
                if len(key_path) > 1 and key_path[0] == "sources" and isinstance(key_path[1], str) \
                        and (sources / key_path[1]).is_file():
                    return key_path[1]
                return None

            data, lines = load_editor_yaml(path, CATALOG, report, source_of=source_of,
                                       unparsable_code="catalog.unparsable", unparsable_message="catalog does not parse")
            journals = data.get("journals") or {}
            for src, entry in (data.get("sources") or {}).items():
                if not (sources / src).exists():
                    report.add(name, "error", f"catalog names a source that does not exist: {src}",
                               line=line_of(lines, ("sources", src)), file=name, code="catalog.unknown_source")
                if isinstance(entry, dict) and "journal" in entry and entry["journal"] not in journals:
                    report.add(src if (sources / src).is_file() else name, "error",
                               f"sources.{src}.journal: no journal `{entry['journal']}` under `journals:`: "
                               f"ignored — add it there or use one of: {', '.join(journals) or '(none)'}",
                               line=line_of(lines, ("sources", src, "journal")), file=name,
                               key=f"sources.{src}.journal", code="editor.unknown_journal")
                    del entry["journal"]
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


def apply_catalog(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Article overrides from the catalog, applied after conversion so they survive it; the source's
    DOI (of a one-article source) and licence."""
    entry, report = ctx.entry, ctx.report
    for art in doc.articles if entry.get("rubric") else ():  # a file that is one section of its issue
        art.rubric = editor_rubric(entry["rubric"], art)
    for n, override in enumerate(entry.get("articles") or [], 1):
        match = override.get("match") or {}
        hits = [a for a in doc.articles if _matches(a, match)]
        if len(hits) != 1:
            report.add(doc.name, "error", f"catalog article override #{n} matches {len(hits)} articles "
                       f"(match: {match}); not applied", code="catalog.override_unmatched")
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
        if override.get("rubric"):
            art.rubric = editor_rubric(override["rubric"], art)
        if override.get("kind") in ("article", "fragment"):
            art.kind = override["kind"]
        elif art.kind == "fragment" and art.titles:
            art.kind = "article"
        report.add(doc.name, "note", f"catalog override applied: {sorted(k for k in override if k != 'match')}",
                   article=art.ordinal, code="catalog.override_applied")
    for art in doc.articles:
        if not art.doi and entry.get("doi") and len(doc.articles) == 1:
            art.doi = entry["doi"]
        art.licence = entry.get("licence") or art.licence  # the editor's word over what the text says
    return doc


def editor_rubric(value, art: Article) -> dict[str, str]:
    """catalog.yml's `rubric`: texts by language as given, or one text in the language its letters say (the
    article's body language when they do not)."""
    from convert.text.language import detect_language

    if isinstance(value, dict):
        return {lang: " ".join(str(t).split()) for lang, t in value.items() if lang in LANGS and str(t).strip()}
    text = " ".join(str(value).split())
    return {(detect_language(text) or art.body_lang or "ru"): text} if text else {}


def read_issue_info(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Journal and issue of a source: the catalog first, then what the running headers say."""
    from convert.text.language import detect_language  # lingua loads only when a source is converted

    entry = ctx.entry
    journal = entry.get("journal") or {}
    names = {k: v for k, v in (journal.get("name") or {}).items() if v}
    info = IssueInfo(journal_names=names, volume=entry.get("volume"), number=entry.get("number"),
                     year=entry.get("year"), issn=journal.get("issn") or None, licence=entry.get("licence") or None)
    for header, _ in Counter(doc.headers).most_common():
        m = labels.ISSUE_NUMBER_RE.search(header)
        if m:
            info.number = info.number if info.number is not None else int(m.group("number"))
            if m.group("volume") and info.volume is None:
                info.volume = int(m.group("volume"))
            if m.group("year") and info.year is None:
                info.year = int(m.group("year"))
        name = re.split(r",?\s*№", header)[0].strip(" ,.")
        lang = detect_language(name) or "ru"
        if name and lang not in names and not journal:
            names[lang] = name
    info.journal_id = entry.get("journal_id") or (
        slugify(names.get("en") or names.get("ru") or next(iter(names.values())), 6) if names else "unidentified")
    default_id = f"{info.year}-{info.number}" if info.year and info.number else slugify(Path(doc.name).stem, 8)
    info.issue_id = str(entry.get("issue_id") or default_id)
    doc.issue = info
    ask_for_issue(doc, ctx)
    return doc


def ask_for_issue(doc: SourceDoc, ctx: Context) -> None:
    """What neither the catalog nor the running headers tell of the issue: the editor is asked for it (the
    pages show the issue by what is known)."""
    info = doc.issue
    missing = [key for key, value in (("journal", info.journal_names), ("year", info.year),
                                      ("number", info.number)) if not value]
    if missing and doc.articles:
        ctx.report.add(doc.name, "doubt", f"the issue's {', '.join(missing)} not known (neither catalog.yml nor "
                       "the running headers give it): the site shows the issue by what is known; give "
                       f"{' and '.join(f'`{k}:`' for k in missing)} under this source in sources/catalog.yml",
                       code="catalog.issue_unknown")
