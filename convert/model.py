"""The one document model every pass reads and writes.

Text enters once as `Line`s (reader), flows through normalising and segmenting
passes, and leaves as `Article`s / `Matter` inside a `SourceDoc` that the
renderers turn into files. Every element keeps the source line numbers it
came from, so the conversion report can point an editor at the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("kk", "ru", "en")


@dataclass
class Line:
    """One physical line of a raw text, or one logical block of a Markdown source."""

    no: int  # 1-based line number in the source
    text: str
    page_start: bool = False  # PDF extraction marks a new page with a leading space
    heading_level: int | None = None  # Markdown heading level, when the source says
    list_item: bool = False  # Markdown list item, when the source says
    para: bool = False  # already a whole paragraph (Markdown block): never re-wrapped
    fixes: int = 0  # look-alike letters repaired in this line (an extraction fingerprint)
    removed: str | None = None  # why a pass dropped it (page furniture, link annotation…)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Block:
    """A body element: heading, paragraph, list, figure, raw table, …"""

    kind: str  # heading | paragraph | list | figure | table | matter
    text: str = ""
    first: int = 0  # first source line
    last: int = 0  # last source line
    lang: str | None = None
    level: int = 2  # heading level
    items: list[str] = field(default_factory=list)  # list items; raw table lines
    ordered: bool = False
    note: str = ""  # figure/table note ("Примечание: …")
    label: str = ""  # table/figure number as printed
    cites: dict = field(default_factory=dict)  # in-text citations: -1 → in text, i → in items[i]
    grid: object = None  # tables/figures: tables.TableInfo (lines as extracted, rebuilt grid, status)


@dataclass
class Author:
    names: dict[str, str] = field(default_factory=dict)  # as printed, per language
    marks: list[str] = field(default_factory=list)  # affiliation marks (1, 2, *)
    affiliation: dict[str, str] = field(default_factory=dict)
    email: str | None = None
    orcid: str | None = None
    corresponding: bool = False


@dataclass
class FrontBlock:
    """One language's title/authors/abstract/keywords block as found in the source."""

    lang: str | None = None
    title: str = ""
    title_lines: tuple[int, int] | None = None
    author_lines: list[str] = field(default_factory=list)
    affiliation_lines: list[str] = field(default_factory=list)
    other_lines: list[Line] = field(default_factory=list)  # preamble lines not understood
    abstract: str = ""
    abstract_label: str = ""
    keywords: list[str] = field(default_factory=list)
    keywords_label: str = ""
    label_line: int = 0
    end_line: int = 0


@dataclass
class Article:
    source: str
    kind: str = "article"  # article | fragment
    ordinal: int = 0  # position among the source's pieces, 1-based
    first_line: int = 0
    last_line: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    abstracts: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    authors: list[Author] = field(default_factory=list)
    front: list[FrontBlock] = field(default_factory=list)
    body_lang: str | None = None
    body: list[Block] = field(default_factory=list)
    back: list[Block] = field(default_factory=list)  # contributions, author info, funding…
    ref_lists: list = field(default_factory=list)  # reference lists as printed (references.ReferenceList)
    references: list = field(default_factory=list)  # references.Reference, numbered, paired with translits
    references_from: str = ""  # "text" (parsed from the source) | "editor" (BibTeX in bibliography/)
    ids: dict[str, str] = field(default_factory=dict)  # udc, irsti, article_type
    doi: str | None = None
    dates: dict[str, str] = field(default_factory=dict)  # received, accepted, online
    emails: list[str] = field(default_factory=list)
    orcids: list[str] = field(default_factory=list)
    pages: tuple[int, int] | None = None
    licence: str | None = None
    slug: str = ""
    url: str = ""
    issue: dict = field(default_factory=dict)

    def display_title(self) -> str:
        for lang in (self.body_lang, "ru", "kk", "en"):
            if lang and self.titles.get(lang):
                return self.titles[lang]
        return ""


@dataclass
class Matter:
    """Journal matter that is not an article: author guidelines, contents, notes pages."""

    what: str
    title: str
    first_line: int
    last_line: int
    blocks: list[Block] = field(default_factory=list)
    published: bool = True


@dataclass
class SourceDoc:
    name: str  # file name of the source
    lines: list[Line] = field(default_factory=list)
    markdown: bool = False
    encoding: str = "utf-8"
    articles: list[Article] = field(default_factory=list)
    matter: list[Matter] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # running headers removed (journal lines)
    page_numbers: list[tuple[int, int]] = field(default_factory=list)  # (line, page)
    catalog: dict = field(default_factory=dict)
    # the editor's word on page furniture (catalog.yml `furniture` / `not_furniture`): line texts,
    # whitespace collapsed, that are to be removed / kept whatever the rules decide
    furniture: frozenset = frozenset()
    not_furniture: frozenset = frozenset()


@dataclass
class Report:
    """What the converter removed, doubted or could not do, per source and article."""

    entries: list[dict] = field(default_factory=list)

    def add(self, source: str, kind: str, message: str, line: int | None = None,
            article: int | None = None, text: str | None = None, **extra) -> None:
        entry = {"source": source, "kind": kind, "message": message}
        if line is not None:
            entry["line"] = line
        if article is not None:
            entry["article"] = article
        if text is not None:
            entry["text"] = text
        entry.update(extra)
        self.entries.append(entry)

    def for_source(self, source: str) -> list[dict]:
        return [e for e in self.entries if e["source"] == source]
