"""Editor corrections of tables and figures: files next to the sources that every conversion applies.

A table the converter could not rebuild (or rebuilt wrongly) is given by the editor as a CSV or
Markdown file; a figure's image as an image file. They live in

    sources/corrections/<source file name without extension>/<article id>/table-<N>.csv   (or .md)
    sources/corrections/<source file name without extension>/<article id>/figure-<N>.png  (.jpg .jpeg .gif .svg .webp)

where <article id> is the last part of the article page's URL (kept for good in
sources/article-ids.yml, so an improved converter still finds it) and <N> the table's or figure's
number as printed in its caption ("Table 2" → table-2.csv, «1-кесте» → table-1.csv).

CSV: one line per row, the first row the header; a first line `# header rows: 2` makes the first two
rows the header. Markdown: a pipe table, the rows above the `|---|` line are the header. In both, a
cell may hold a bullet list: one "• item" per line (a line break inside a quoted CSV cell, `<br>` in
Markdown).

Corrections are applied after the (cached) conversion, so editing a file takes effect on the next
build. A file that matches no table or figure, or that does not parse, is reported as an error and
the build goes on without it.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from convert.context import Context
from convert.editor_files import CORRECTION_FILE, validate
from convert.model import Edition
from convert.passes.tables import TABLE_CODE, report_message

FOLDER = "corrections"
TABLE_SUFFIXES = (".csv", ".md")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
NAME_RE = re.compile(r"^(?P<kind>table|figure)-(?P<n>[0-9]+)$")


class CorrectionError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


def correction_folder(sources: Path, source_name: str, article_id: str) -> Path:
    return sources / FOLDER / Path(source_name).stem / article_id


def read_csv(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, body rows) of a CSV correction."""
    lines = text.splitlines()
    header_rows = 1
    while lines and lines[0].lstrip().startswith("#"):
        m = re.match(r"#\s*header\s*rows?\s*:\s*(\d+)", lines[0].strip(), re.IGNORECASE)
        if m:
            header_rows = int(m.group(1))
        lines.pop(0)
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    rows = [r for r in rows if any(r)]
    return rows[:header_rows], rows[header_rows:]


def _md_cells(line: str) -> list[str]:
    t = line.strip()
    t = t.removeprefix("|")
    if t.endswith("|") and not t.endswith("\\|"):
        t = t[:-1]
    cells = re.split(r"(?<!\\)\|", t)
    return [re.sub(r"\s*<br\s*/?>\s*", "\n", c.strip().replace("\\|", "|")) for c in cells]


def read_markdown(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, body rows) of a Markdown pipe table: the rows above the |---| line are the header."""
    header: list[list[str]] = []
    body: list[list[str]] = []
    seen_rule = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip().startswith("|"):
            if header or body:
                break  # the table ended
            continue
        if re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?", line.strip()):
            if seen_rule:
                raise CorrectionError("a second |---| line", n)
            seen_rule = True
            continue
        (body if seen_rule else header).append(_md_cells(line))
    if not seen_rule:
        raise CorrectionError("no |---| line under the header")
    return header, body


def read_correction(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The grid an editor's file gives; CorrectionError when it is not a rectangular table."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise CorrectionError(f"cannot be read: {err}") from None
    try:
        header, rows = read_csv(text) if path.suffix.lower() == ".csv" else read_markdown(text)
    except csv.Error as err:
        raise CorrectionError(f"is not valid CSV: {err}") from None
    if not rows:
        raise CorrectionError("has no rows under the header")
    width = len((header or rows)[0])
    for n, row in enumerate(header + rows, 1):
        if len(row) != width:
            raise CorrectionError(f"row {n} has {len(row)} cells, the first row {width}")
    return header, rows


def _candidates(folder: Path) -> dict[tuple[str, str], list[Path]]:
    found: dict[tuple[str, str], list[Path]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            m = NAME_RE.match(path.stem)
            suffixes = TABLE_SUFFIXES if m and m.group("kind") == "table" else IMAGE_SUFFIXES
            if m and path.suffix.lower() in suffixes and path.is_file():
                found.setdefault((m.group("kind"), m.group("n")), []).append(path)
    return found


def apply_corrections(edition: Edition, ctx: Context) -> Edition:
    """Replace tables by the editor's grids and give figures the editor's images; report each file
    used, and each that matches nothing or does not parse."""
    docs, sources, report = edition.docs, ctx.sources, ctx.report
    root = sources / FOLDER if sources is not None else None
    if root is None or not root.is_dir():
        return edition
    used = misnamed_files(root, sources, docs, report)  # reported here, not again as matching nothing
    for doc in docs:
        for art in doc.articles:
            if not art.slug:
                continue
            folder = correction_folder(sources, doc.name, art.slug)
            files = _candidates(folder)
            for (kind, number), paths in sorted(files.items()):
                blocks = [b for b in art.body if b.kind == kind and b.label == number]
                rel = paths[0].relative_to(sources).as_posix()
                if len(paths) > 1:
                    used.update(paths)
                    report.add(doc.name, "error", f"{kind} {number}: more than one correction file "
                               f"({', '.join(p.name for p in paths)}); none applied", article=art.ordinal,
                               code="correction.several_files")
                    continue
                if not blocks:
                    continue  # reported below as matching nothing
                if len(blocks) > 1:
                    used.add(paths[0])
                    report.add(doc.name, "error", f"{rel} matches {len(blocks)} {kind}s numbered {number} "
                               "in this article; not applied", article=art.ordinal, file=rel,
                               code="correction.several_targets")
                    continue
                used.add(paths[0])
                b = blocks[0]
                if kind == "figure":
                    b.grid.image = str(paths[0])
                    b.grid.image_name = f"{art.slug}-figure-{number}{paths[0].suffix.lower()}"
                    report.add(doc.name, "note", f"figure {number}: image supplied by the editor ({rel})",
                               line=b.first, article=art.ordinal, text=b.text, code="figure.corrected")
                    continue
                try:
                    header, rows = read_correction(paths[0])
                except CorrectionError as err:
                    where = f" (line {err.line})" if err.line else ""
                    report.add(doc.name, "error", f"{rel} {err.message}{where}; the table is shown as "
                               "converted", line=b.first, article=art.ordinal, file=rel,
                               code="correction.unreadable")
                    continue
                _replace(doc.name, art.ordinal, b, header, rows, rel, report)
    for path in editor_files(root):
        if path not in used:
            rel = path.relative_to(sources).as_posix()
            report.add(_source_of(path, root, docs), "error",
                       f"correction file {rel} matches no table or figure (expected "
                       f"{FOLDER}/<source>/<article id>/table-<N>.csv|.md or figure-<N>.<image>); not applied",
                       file=rel, code="correction.unmatched")
    return edition


def editor_files(root: Path) -> list[Path]:
    """The files an editor put under corrections/ (hidden files and read-me notes aside)."""
    return [p for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")
            and p.name.lower() not in ("readme.md", "readme.txt")]


def misnamed_files(root: Path, sources: Path, docs, report) -> set[Path]:
    """Files whose place or name the schema (editor_files.schemas `CORRECTION_FILE`) refuses, each
    reported with what the name should be; returns them."""
    refused = set()
    for path in editor_files(root):
        rel = path.relative_to(sources).as_posix()
        parts = path.relative_to(root).parts
        if len(parts) != 3:
            refused.add(path)
            report.add(_source_of(path, root, docs), "error", f"{rel} file: a correction file belongs in "
                       f"{CORRECTION_FILE['title']} (three levels below {FOLDER}/, this is {len(parts)}); "
                       "not applied", file=rel, key="file", code="editor.schema")
            continue
        names = {"source": parts[0], "article": parts[1], "file": path.stem + path.suffix.lower()}
        for _code, _line, key, message in validate(names, CORRECTION_FILE, {})[1]:
            refused.add(path)
            field = ".".join(map(str, key))
            report.add(_source_of(path, root, docs), "error", f"{rel} {field}: {message}",
                       file=rel, key=field, code="editor.schema")
    return refused


def _source_of(path: Path, root: Path, docs) -> str:
    parts = path.relative_to(root).parts
    stem = parts[0] if len(parts) > 1 else ""
    return next((d.name for d in docs if Path(d.name).stem == stem), stem or path.name)


def _replace(source: str, ordinal: int, b, header, rows, rel: str, report) -> None:
    """The editor's grid replaces the table; its report entry says so instead of what the converter did."""
    info = b.grid  # every table block has its TableInfo (the paragraph builder's)
    info.header, info.rows = header, rows
    info.status, info.reason, info.correction = "editor", "", rel
    kind, message = report_message(b)
    for entry in report.find(TABLE_CODE, source, article=ordinal, line=b.first):
        entry["kind"], entry["message"], entry["code"] = kind, message, "table.corrected"
        return
    report.add(source, kind, message, line=b.first, article=ordinal, text=b.text, code="table.corrected")


def name_pictures(edition, ctx: Context):
    """A figure with the source's own picture (Word) and no image of the editor's gets it, under the
    name the page links: `<article id>-figure-<N>` and the picture's type."""
    for doc in edition.docs:
        for art in doc.articles:
            for k, b in enumerate((b for b in art.body if b.kind == "figure"), 1):
                if b.grid.picture is not None and not b.grid.image and b.grid.picture < len(doc.images):
                    b.grid.image_name = f"{art.slug}-figure-{b.label or k}{doc.images[b.grid.picture].suffix}"
    return edition


def copy_images(art, page_dir: Path, doc=None) -> None:
    """The figure images of an article, next to its page (under the names render links): the editor's,
    else the source's own picture."""
    for b in art.body:
        if b.kind != "figure" or not b.grid.image_name:
            continue
        if b.grid.image:
            shutil.copyfile(b.grid.image, page_dir / b.grid.image_name)
        elif doc is not None and b.grid.picture is not None:
            (page_dir / b.grid.image_name).write_bytes(doc.images[b.grid.picture].data)

