"""The tables pass: every table's grid rebuilt from its extracted lines, and the report entry saying what
came of it."""
from __future__ import annotations

from collections import Counter

from convert.context import Context
from convert.model import Block, Report, SourceDoc
from convert.passes.tables.cells import join_cell_lines, vocabulary
from convert.passes.tables.grid import GridContext, NotDetermined
from convert.passes.tables.mixed import mixed_grid
from convert.passes.tables.numeric import numeric_grid
from convert.passes.tables.positions import position_grid
from convert.passes.tables.reader_grid import reader_grid
from convert.passes.tables.rows import line_parts, mixed_line
from convert.passes.tables.text import text_grid
from convert.passes.tables.validate import validate

TABLE_CODE = "table.rebuild"  # the tables pass's entry of a table, which an editor's grid replaces


def rebuild_grid(lines: list[tuple[int, str]], ctx: GridContext) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, body rows) of a table from its extracted lines, or NotDetermined."""
    text_lines = [(no, t.strip()) for no, t in lines if t.strip()]
    if len(text_lines) < 3:
        raise NotDetermined("too few lines for a table")
    mixed = [t for _, t in text_lines if mixed_line(t)]
    if len(mixed) >= 2:
        try:
            header, rows = mixed_grid(text_lines, ctx)
        except NotDetermined as err:
            raise NotDetermined(f"text columns stand between number columns («{mixed[0]}»): {err}") from err
        validate(lines, header, rows)
        return header, rows
    numeric_lines = sum(1 for _, t in text_lines if line_parts(t)[2])
    if numeric_lines >= 2:
        header, rows = numeric_grid(text_lines, ctx)
    else:
        header, rows = text_grid(lines, ctx)
    validate(lines, header, rows)
    return header, rows


def normal_trailing_spaces(raw_lines: list[str]) -> int:
    """How many spaces a line of this raw text usually ends with (PDF extractions differ)."""
    counts = Counter(len(t) - len(t.rstrip(" ")) for t in raw_lines if len(t.strip()) > 40)
    return counts.most_common(1)[0][0] if counts else 0


def grid_context(doc: SourceDoc) -> GridContext:
    """The source's words, raw spacing and typical line width, for the rules of every table's grid.

    The raw lines (`Line.raw`, the lines as read: Markdown sources have none) give the spacing the
    character fixes collapsed."""
    raw = {ln.no: ln.raw for ln in doc.lines if ln.raw}
    placed = {ln.no: ln for ln in doc.lines if ln.layout and ln.layout.runs}
    return GridContext(vocab=vocabulary([ln.text for ln in doc.lines if not ln.removed]), raw=raw, placed=placed,
                       normal_trailing=normal_trailing_spaces(list(raw.values())), width=doc.width)


def rebuild_tables(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Rebuild the grid of every table of the source's articles, and say in the report what came of it."""
    if not any(b.kind == "table" for art in doc.articles for b in art.body):
        return doc  # nothing to rebuild: no raw lines, no vocabulary
    grid_ctx = grid_context(doc)
    table_of = {ln.no: ln.table for ln in doc.lines if ln.table is not None}
    text_words: set[str] = set()  # the words of the text outside the tables: what a broken word is held to
    for art in doc.articles:
        for b in art.body:
            if b.kind != "table":
                continue
            read = _reader_table(doc, b, table_of)
            if read is not None and read.rows:
                text_of = None
                if doc.format == "pdf":  # a PDF cell's lines are its wraps, not its paragraphs
                    text_words = text_words or vocabulary([ln.text for ln in doc.lines
                                                           if not ln.removed and ln.table is None])
                    text_of = lambda c, words=text_words: join_cell_lines(c.text, words, c.wraps)  # noqa: E731
                b.grid.header, b.grid.rows, b.grid.spans = reader_grid(read, text_of)
                b.grid.status, b.grid.reason = "rebuilt", ""
                b.grid.cells = "PDF's ruled" if doc.format == "pdf" else "Word file's"
            else:
                rebuild_block(b, grid_ctx)
            report_table(doc.name, art.ordinal, b, ctx.report)
    return doc


def _reader_table(doc: SourceDoc, b: Block, table_of: dict[int, int]):
    """The reader's table (Word's cells) that the block's lines are, all of them; else None."""
    tables = {table_of.get(no) for no, _ in b.grid.lines}
    if len(tables) != 1 or None in tables:
        return None
    table = doc.tables[tables.pop()]
    return table if {no for no, _ in b.grid.lines} >= set(range(table.first_line, table.last_line + 1)) else None


def rebuild_block(b: Block, ctx: GridContext) -> None:
    """The grid of one table block, its status and, when not rebuilt, why (in the block's TableInfo,
    which the paragraph builder gave every table and figure)."""
    info = b.grid
    if info.position == "none" or not any(t.strip() for _, t in info.lines):
        info.status, info.reason = "missing", "the table is not in the source text (it was printed as an image)"
        return
    placed = [ctx.placed[no] for no, t in info.lines if t.strip() and no in ctx.placed]
    if placed and len(placed) == sum(1 for _, t in info.lines if t.strip()):
        try:  # a PDF's lines with their positions: columns by x, rows by baseline
            info.header, info.rows = position_grid(placed)
            validate(info.lines, info.header, info.rows)
            info.status, info.reason, info.cells = "rebuilt", "", "PDF's word positions"
            return
        except NotDetermined:
            pass  # the positions do not decide: the text's rules may
    try:
        info.header, info.rows = rebuild_grid(info.lines, ctx)
        info.status, info.reason = "rebuilt", ""
    except NotDetermined as err:
        info.header, info.rows = [], []
        info.status, info.reason = "unrebuilt", str(err)


def table_name(b: Block) -> str:
    return f"table {b.label}" if b.label else f"table at line {b.first}"


def report_message(b: Block) -> tuple[str, str]:
    """(kind, message) of the report entry for a table block."""
    info = b.grid
    if info.status == "rebuilt":
        rows = len(info.rows)
        how = (f"rebuilt from the {info.cells}" if info.cells.endswith("positions") else
               f"read from the {info.cells} cells" if info.cells else "rebuilt")
        return "note", (f"{table_name(b)}: {how} ({len(info.header[0])} columns, {len(info.header)} header "
                        f"row{'s' if len(info.header) > 1 else ''}, {rows} rows)")
    if info.status == "editor":
        return "note", f"{table_name(b)}: corrected by the editor ({info.correction})"
    return "doubt", f"{table_name(b)}: not rebuilt: {info.reason}"


def report_table(source: str, ordinal: int, b: Block, report: Report) -> None:
    kind, message = report_message(b)
    report.add(source, kind, message, line=b.first, article=ordinal, text=b.text, code=TABLE_CODE)
