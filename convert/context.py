"""What a pass is given besides the document: the report, the editor's catalog entry, the paths, the cache.

Every pass has one signature, `(doc, ctx) -> doc`; an edition-wide pass `(edition, ctx) -> edition`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from convert.model import Report


@dataclass
class Context:
    report: Report = field(default_factory=Report)
    entry: dict = field(default_factory=dict)  # the source's catalog.yml entry (journal merged in)
    source: Path | None = None  # the source file (per-source passes)
    sources: Path | None = None  # the sources folder (catalog.yml, corrections/, article-ids.yml)
    bib_dir: Path | None = None  # per-article BibTeX: generated, or the editor's
    cache: object = None  # convert.cache's service, when the run has one

    def for_source(self, source: Path, entry: dict) -> "Context":
        """The same run's context for one source."""
        return Context(self.report, entry, source, self.sources, self.bib_dir, self.cache)
