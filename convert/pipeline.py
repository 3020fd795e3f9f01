"""The order of passes, written down in one place.

read → fix characters → remove page furniture → segment into pieces → assemble
articles (front matter, body, back matter, matter) → editor's catalog overrides.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from convert.text import labels as L
from convert.passes.catalog import apply_catalog, source_entry
from convert.model import IssueInfo, Report, SourceDoc
from convert.text.slugs import slugify

# The passes are imported when a source is converted: a conversion whose sources all come from the
# cache (convert/cache.py) never loads them.


def line_passes() -> tuple:
    from convert.passes.furniture import (carry_page_starts, fix_characters, remove_dates_lines, remove_editor_furniture,
                            remove_link_annotations, remove_running_headers)

    return (fix_characters, remove_editor_furniture, remove_link_annotations, remove_running_headers,
            remove_dates_lines, carry_page_starts)

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def list_sources(sources: Path) -> list[Path]:
    """Source texts in a folder, in name order (never the order of the file system)."""
    return sorted((p for p in sources.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                   and not p.name.startswith(".")
                   and p.name.lower() not in ("readme.md", "provenance.md", "article-ids.yml")),
                  key=lambda p: p.name)


def convert_source(path: Path, catalog: dict, report: Report) -> SourceDoc | None:
    from convert.passes.assemble import assemble
    from convert.read.source import SourceError, read_source
    from convert.passes.segment import split_pieces
    from convert.passes.tables import rebuild_tables

    try:
        doc = read_source(path, report)  # what reading repaired or doubts goes to the report
    except SourceError as err:
        report.add(path.name, "error", err.message + "; the source was skipped, the rest of the edition built",
                   line=err.line)
        return None
    entry = source_entry(catalog, doc.name)
    doc.furniture, doc.not_furniture = (editor_lines(entry, key, doc.name, report)
                                        for key in ("furniture", "not_furniture"))
    for step in line_passes():
        doc = step(doc, report)
    doc = assemble(doc, split_pieces(doc, report), report)
    rebuild_tables(doc, report, path)  # tables' grids from their flattened lines (convert/tables.py)
    doc.issue = issue_info(doc, entry)
    doc = apply_catalog(doc, entry, report)
    for art in doc.articles:
        if not art.doi and entry.get("doi") and len(doc.articles) == 1:
            art.doi = entry["doi"]
        art.licence = entry.get("licence") or art.licence  # the editor's word over what the text says
    if not doc.articles:
        report.add(doc.name, "error", "no article text found in this source")
    return doc


def editor_lines(entry: dict, key: str, source: str, report: Report) -> frozenset:
    """catalog.yml's `furniture` / `not_furniture` of a source: texts of whole lines, as printed."""
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report.add(source, "error", f"catalog.yml: `{key}` of this source must be a list of line texts; "
                   "it was ignored")
        return frozenset()
    return frozenset(L.squeeze(v) for v in value if v.strip())


def issue_info(doc: SourceDoc, entry: dict) -> IssueInfo:
    """Journal and issue of a source: the catalog first, then what the running headers say."""
    from convert.text.language import detect_language

    journal = entry.get("journal") or {}
    names = {k: v for k, v in (journal.get("name") or {}).items() if v}
    info = IssueInfo(journal_names=names, volume=entry.get("volume"), number=entry.get("number"),
                     year=entry.get("year"), issn=journal.get("issn") or None, licence=entry.get("licence") or None)
    for header, _ in Counter(doc.headers).most_common():
        m = L.ISSUE_NUMBER_RE.search(header)
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
    if info.year and info.number:
        info.issue_id = f"{info.year}-{info.number}"
    else:
        info.issue_id = entry.get("issue_id") or slugify(Path(doc.name).stem, 8)
    info.issue_id = str(entry.get("issue_id") or info.issue_id)
    return info


def finish_edition(docs: list[SourceDoc], sources: Path, bib_dir: Path | None,
                   report: Report) -> tuple[list[dict], list[dict]]:
    """Edition-wide passes, after every source is converted: ids and URLs, editor bibliographies,
    citations, topics. Returns the redirects that old ids leave behind, and the topic concepts."""
    from convert.passes.bibliography import attach_editor_bibliographies
    from convert.passes.citations import link_citations
    from convert.passes.corrections import apply_corrections
    from convert.passes.ids import REGISTRY, assign_ids

    redirects = assign_ids(docs, sources / REGISTRY, report)
    apply_corrections(docs, sources, report)  # the editor's tables and figure images (sources/corrections/)
    attach_editor_bibliographies(docs, bib_dir, report)
    for doc in docs:
        for art in doc.articles:
            link_citations(art, report)
    from convert.passes.topics import build_concepts, load_editor_file

    concepts = build_concepts(docs, report, load_editor_file(sources, report))
    return redirects, concepts
