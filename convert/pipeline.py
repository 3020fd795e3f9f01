"""The order of passes, written down in one place.

A source is read into a `SourceDoc` (convert/read/), then every pass of `source_passes()` runs on it in
order; when every source is converted, the passes of `edition_passes()` run on the whole `Edition`; the
renderers (convert/render/) print what the model then holds. Every pass has one signature,
`(doc, ctx) -> doc` or `(edition, ctx) -> edition` (convert/context.py): what it doubts or removes goes
to `ctx.report`, what it finds goes into the model.
"""
from __future__ import annotations

from pathlib import Path

from convert.context import Context
from convert.model import Edition, Report, SourceDoc
from convert.passes.catalog import source_entry

# The per-source passes are imported when a source is converted: a conversion whose sources all come
# from the cache (convert/cache.py) never loads them.


def source_passes() -> tuple:
    """Per source, in order: characters, page furniture, segmenting, articles, their parts, the catalog."""
    from convert.passes import (assemble, catalog, characters, contents, contents_evidence, furniture, mentions, pages,
                                references, rubrics, segment, tables, titles)

    return (
        furniture.take_editor_furniture,  # catalog.yml `furniture` / `not_furniture` onto the document
        characters.fix_characters,  # look-alike letters, invisible characters, hyphenation (text/fixes.py)
        furniture.remove_editor_furniture,  # the lines the editor listed
        contents.take_contents,  # the journal's contents list: entries read as evidence, its lines removed
        furniture.remove_link_annotations,  # e-mail/ORCID link text of the PDF, kept as metadata
        furniture.remove_margin_repeats,  # PDF: lines repeated at one place atop or at the foot of pages
        furniture.remove_running_headers,  # journal name, running titles, page numbers
        furniture.remove_dates_lines,  # received/accepted/online, kept as metadata
        furniture.carry_page_starts,  # the first text line after furniture starts a page
        segment.measure_line_width,  # the typical full line, against which short lines end paragraphs
        segment.split_pieces,  # front-matter blocks found by their labels; pieces of the source
        contents_evidence.split_at_entries,  # a listed article starts where its title is; cover, board: matter
        rubrics.find_rubric_headings,  # a section heading standing alone above an article: out of the text
        assemble.assemble,  # pieces → articles (front, body, back) and journal matter, fragments
        rubrics.rubrics_from_text,  # each article under the last section heading printed above it
        contents_evidence.titles_from_contents,  # titles the front lacks from the contents; disagreements
        contents_evidence.rubrics_from_contents,  # the section heading each listed article stands under
        references.parse_references,  # reference lists parsed, the transliterated list paired
        assemble.describe_articles,  # licence, languages, removed metadata, fragments, title doubts
        tables.rebuild_tables,  # tables' grids from their flattened lines (column spacing from Line.raw)
        tables.unique_element_ids,  # a table or figure number printed twice in an article: its own id
        mentions.find_mentions,  # "Table 2", "2-кесте" in the text, for links to the table
        pages.assign_page_ranges,  # first and last page as printed, where page numbers and pages agree
        contents_evidence.pages_from_contents,  # else from the contents' first pages
        titles.sentence_case_titles,  # titles printed in capitals, in sentence case from the article's text
        catalog.read_issue_info,  # journal and issue: the catalog, then the running headers
        catalog.apply_catalog,  # the editor's article overrides
        assemble.check_not_empty,
    )


def edition_passes() -> tuple:
    """On the whole edition, in order, once every source is converted."""
    from convert.passes import bibliography, citations, corrections, galleys, ids, tables, topics

    return (
        ids.assign_ids,  # stable article ids and URLs (article-ids.yml), redirects for changed ids
        galleys.attach_galleys,  # each article's PDF: the editor's, else its pages of the source PDF
        corrections.apply_corrections,  # the editor's tables and figure images (sources/corrections/)
        tables.span_header_cells,  # a multi-row header's cells over their columns and rows, as printed
        corrections.name_pictures,  # the source's own pictures (Word) for figures the editor gave none
        bibliography.attach_editor_bibliographies,  # the editor's BibTeX replaces a parsed list
        citations.link_citations,  # in-text citations linked to reference entries
        topics.build_topics,  # keywords of kk/ru/en united into topics (topics.yml)
    )


SOURCE_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".markdown", ".text")
# what an editor keeps beside the sources that is not one
EDITOR_FILES = (".yml", ".yaml", ".bib")
NOT_SOURCES = ("readme.md", "provenance.md")


def list_sources(sources: Path) -> list[Path]:
    """Source texts in a folder, in name order (never the order of the file system)."""
    return sorted((p for p in sources.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                   and not p.name.startswith(".") and p.name.lower() not in NOT_SOURCES),
                  key=lambda p: p.name)


def report_other_files(sources: Path, report: Report) -> None:
    """Files beside the sources that are neither a source nor an editor's file are said, not read."""
    for p in sorted(sources.iterdir(), key=lambda p: p.name):
        suffix = p.suffix.lower()
        if (not p.is_file() or p.name.startswith(".") or suffix in SOURCE_SUFFIXES or suffix in EDITOR_FILES
                or p.name.lower() in NOT_SOURCES):
            continue
        what = ("an old Word 97-2003 document: save it as .docx (Word 2007 or later)" if suffix == ".doc" else
                f"a {suffix or 'extension-less'} file is not a source")
        report.add(p.name, "error", f"not read: {what}; sources are .pdf, .docx, .txt and .md files",
                   code="source.unsupported_type")


def convert_source(path: Path, catalog: dict, report: Report) -> SourceDoc | None:
    """One source through the reader and every per-source pass; None when it cannot be read."""
    from convert.read.source import SourceError, read_source

    try:
        doc = read_source(path, report)  # what reading repaired or doubts goes to the report
    except SourceError as err:
        report.add(path.name, "error", err.message + "; the source was skipped, the rest of the edition built",
                   line=err.line, code="source.unreadable")
        return None
    ctx = Context(report, source_entry(catalog, doc.name), path, path.parent)
    for step in source_passes():
        doc = step(doc, ctx)
    return doc


def finish_edition(edition: Edition, ctx: Context) -> Edition:
    """Every edition-wide pass, in order."""
    for step in edition_passes():
        edition = step(edition, ctx)
    return edition
