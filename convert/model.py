"""The one document model every pass reads and writes.

Text enters once as `Line`s (reader), flows through normalising and segmenting
passes, and leaves as `Article`s / `Matter` inside a `SourceDoc` that the
renderers turn into files. Every element keeps the source line numbers it
came from, so the conversion report can point an editor at the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

LANGS = ("kk", "ru", "en")


class Removal(str, Enum):
    """Why a pass dropped a line; the value is what the report says."""

    EDITOR_FURNITURE = "page furniture (catalog.yml `furniture`)"
    LINK_ANNOTATION = "link annotation (e-mail/ORCID kept as metadata)"
    RUNNING_HEADER = "running header (journal name)"
    RUNNING_TITLE = "running title (page header)"
    MARGIN_REPEAT = "running head or foot (repeated at one place atop or at the foot of pages)"
    PAGE_NUMBER = "page number"
    DATES = "dates line (kept as metadata)"
    RUBRIC = "the issue's section heading (rubric) above an article (kept as the articles' rubric)"
    CONTENTS = "the journal's table of contents (read as evidence of the articles, then removed)"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Layout:
    """What a PDF or Word reader knows of a line beyond its text; text readers give none."""

    page: int | None = None  # physical page, 1-based
    x: float | None = None  # left edge, points from the page's left
    y: float | None = None  # baseline, points from the page's top
    size: float | None = None  # font size in points (the line's dominant)
    bold: bool = False
    italic: bool = False
    style: str = ""  # Word paragraph style name
    superscript: bool = False  # the whole line is set as superscript (an affiliation mark alone)
    runs: tuple = ()  # PDF: (left, right, text) of the line's pieces a cell's gap apart (table columns)


@dataclass
class TableCell:
    """A cell of a table a reader found as such (Word's cells): merged cells once, with their spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    col: int = 0  # the grid column it starts in
    wraps: tuple = ()  # PDF: per line break of `text`, whether the line before it ran to the cell's edge


@dataclass
class ReadTable:
    """A table as the source file holds it, cell by cell; its cells' paragraphs are also `Line`s."""

    first_line: int  # line numbers of its first and last cell paragraph
    last_line: int
    rows: list[list[TableCell]] = field(default_factory=list)
    edges: tuple = ()  # a PDF table's column edges (points): a table continued on the next page has the same


@dataclass
class ReadImage:
    """A picture a reader took from the source (Word's embedded images), for the figure it illustrates."""

    name: str  # its name in the source ("media/image3.png")
    data: bytes = b""

    @property
    def suffix(self) -> str:
        return "." + self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""


@dataclass
class Line:
    """One physical line of a raw text, or one logical block of a Markdown source."""

    no: int  # 1-based line number in the source
    text: str
    raw: str = ""  # the line as read, before character fixes (its spacing locates table columns)
    layout: Layout | None = None
    page_start: bool = False  # PDF extraction marks a new page with a leading space
    heading_level: int | None = None  # Markdown heading level, when the source says
    list_item: bool = False  # Markdown list item, when the source says
    para: bool = False  # already a whole paragraph (Markdown block): never re-wrapped
    fixes: int = 0  # look-alike letters repaired in this line (an extraction fingerprint)
    removed: Removal | None = None  # why a pass dropped it
    table: int | None = None  # the index in `SourceDoc.tables` of the reader's table it is a cell of
    image: int | None = None  # the index in `SourceDoc.images` of a picture set in this line (Word)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class TableInfo:
    """A table's (or figure's) extracted lines and what became of them; `Block.grid` holds it."""

    lines: list[tuple[int, str]] = field(default_factory=list)  # (line no, text), "" for a blank line
    position: str = "above"  # the caption is "above" or "below" its table; "none": table not in the text
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    status: str = ""  # rebuilt | editor | unrebuilt | missing
    reason: str = ""  # why not rebuilt
    correction: str = ""  # the editor's file (relative to the sources folder) that gave the grid
    image: str = ""  # figures: the editor's image file (absolute path), copied next to the page
    image_name: str = ""  # its file name next to the page
    picture: int | None = None  # figures: the source's own picture (`SourceDoc.images`), when it has one
    spans: dict = field(default_factory=dict)  # (row, column) of header + rows → (rowspan, colspan) of merged cells
    cells: str = ""  # whose cells the grid is ("Word file's", "PDF's ruled"), when not rebuilt from lines


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
    anchor: str = ""  # its id on the page when the number's own is taken (a number printed twice)
    cites: dict = field(default_factory=dict)  # in-text citations: -1 → in text, i → in items[i]
    mentions: dict = field(default_factory=dict)  # "Table 2", "1-сурет": (start, end, kind, number), keyed as cites
    grid: TableInfo | None = None  # tables and figures: lines as extracted, rebuilt grid, status


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
    authors: list[Author] = field(default_factory=list)  # as this block prints them
    label_line: int = 0
    end_line: int = 0


@dataclass
class Piece:
    """A stretch of the source: its front-matter blocks, body lines and matter cut from it."""

    blocks: list[FrontBlock] = field(default_factory=list)
    preamble: list[list[Line]] = field(default_factory=list)  # per block
    abstract_lines: list[list[Line]] = field(default_factory=list)
    keyword_lines: list[list[Line]] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    orphan: bool = False  # no front matter of its own

    @property
    def first_line(self) -> int:
        firsts = [p[0].no for p in self.preamble if p] + [b.label_line for b in self.blocks]
        firsts += [ln.no for ln in self.body[:1]]
        return min(firsts) if firsts else 0


@dataclass
class ContentsEntry:
    """One article as the journal's own table of contents lists it: evidence, not text of the edition."""

    titles: dict[str, str] = field(default_factory=dict)  # as listed, per language (one per list)
    authors: dict[str, str] = field(default_factory=dict)  # the authors' line, per language
    first_page: int | None = None
    section: str = ""  # the section heading listed above it
    sections: dict[str, str] = field(default_factory=dict)  # the section heading per list's language
    lines: list[int] = field(default_factory=list)  # the source lines that list it (one per list)
    found: dict[str, tuple[int, int]] = field(default_factory=dict)  # lang → (first, last) line of the title in the text
    start: int | None = None  # the line its article starts on, where its titles were found


@dataclass
class Article:
    source: str
    kind: str = "article"  # article | fragment
    ordinal: int = 0  # position among the source's pieces, 1-based
    first_line: int = 0
    last_line: int = 0
    titles: dict[str, str] = field(default_factory=dict)  # as shown and cited (sentence case, passes/titles.py)
    printed_titles: dict[str, str] = field(default_factory=dict)  # as printed, where that differs (capitals)
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
    pages: tuple[int, int] | None = None  # first and last page as the journal prints them
    pdf_pages: tuple[int, int] | None = None  # first and last page in the source PDF (1-based)
    galley: str = ""  # the PDF the article's galley comes from: the source PDF, or the editor's own
    # the issue's section (rubric) the article stands under, as printed, per language: from the editor
    # (catalog.yml `rubric`), else the journal's contents list, else a rubric heading in the text
    rubric: dict[str, str] = field(default_factory=dict)
    licence: str | None = None
    slug: str = ""
    url: str = ""


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
class IssueInfo:
    """Journal and issue of a source: the catalog's word first, then what the running headers say."""

    journal_id: str = "unidentified"
    issue_id: str = ""
    journal_names: dict[str, str] = field(default_factory=dict)  # per language
    volume: int | str | None = None
    number: int | str | None = None
    year: int | str | None = None
    issn: str | None = None
    licence: str | None = None


@dataclass
class SourceDoc:
    name: str  # file name of the source
    lines: list[Line] = field(default_factory=list)
    markdown: bool = False
    format: str = "text"  # text | markdown | pdf | docx: what the reader read
    encoding: str = "utf-8"
    articles: list[Article] = field(default_factory=list)
    matter: list[Matter] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # running headers removed (journal lines)
    page_numbers: list[tuple[int, int]] = field(default_factory=list)  # (line, page)
    width: int = 80  # typical full line width of the text (80th percentile of its lines' lengths)
    pieces: list[Piece] = field(default_factory=list)  # the segmenter's stretches, until assembled
    contents: list[ContentsEntry] = field(default_factory=list)  # the journal's contents list, when it prints one
    rubric_lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, language) of section headings
    tables: list[ReadTable] = field(default_factory=list)  # tables the reader found cell by cell (Word)
    images: list[ReadImage] = field(default_factory=list)  # pictures the reader took (Word), by `Line.image`
    issue: IssueInfo = field(default_factory=IssueInfo)
    # the editor's word on page furniture (catalog.yml `furniture` / `not_furniture`): line texts,
    # whitespace collapsed, that are to be removed / kept whatever the rules decide
    furniture: frozenset = frozenset()
    not_furniture: frozenset = frozenset()

    @property
    def prewrapped(self) -> bool:
        """Every line is a whole paragraph (Markdown blocks, Word paragraphs): none is re-wrapped."""
        return self.markdown or self.format == "docx"


@dataclass
class Edition:
    """Every converted source, and what the edition-wide passes add: old ids' redirects, topics."""

    docs: list[SourceDoc] = field(default_factory=list)
    redirects: list[dict] = field(default_factory=list)  # {from, to} of ids that changed
    concepts: list[dict] = field(default_factory=list)  # topics uniting kk/ru/en keywords


@dataclass
class Report:
    """What the converter removed, doubted or could not do, per source and article: errors are data.

    Every entry has a `code` naming what happened (`furniture.removed`, `table.not_rebuilt`, …: the
    concern, a dot, the event), so that a later pass can find and replace an entry by code and a tool
    can filter them; `kind` (removed | fixed | note | doubt | error) is what the editor's page groups by.
    """

    entries: list[dict] = field(default_factory=list)
    fidelity: dict | None = None  # the fidelity check's figures (convert/check/), once it ran

    def add(self, source: str, kind: str, message: str, line: int | None = None,
            article: int | None = None, text: str | None = None, *, code: str = "", **extra) -> None:
        entry = {"source": source, "kind": kind, "message": message}
        if line is not None:
            entry["line"] = line
        if article is not None:
            entry["article"] = article
        if text is not None:
            entry["text"] = text
        entry.update(extra)
        entry["code"] = code
        self.entries.append(entry)

    def find(self, code: str, source: str, **about) -> list[dict]:
        """Entries of a code for one source whose fields match `about` (article=…, line=…)."""
        return [e for e in self.entries if e["code"] == code and e["source"] == source
                and all(e.get(k) == v for k, v in about.items())]

    def for_source(self, source: str) -> list[dict]:
        return [e for e in self.entries if e["source"] == source]
