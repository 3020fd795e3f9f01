"""Galleys: each article's own PDF, to be published beside its page (Google Scholar indexes it).

An article read from a PDF source gets the pages it is on, cut from that PDF (render/galley.py); an
editor's PDF of an article, at `sources/galleys/<journal>/<issue>/<article id>.pdf` (the article's
address with `.pdf`), takes precedence — and is the only galley an article read from text or Word has.
A galley file that matches no article is reported, never silently ignored."""
from __future__ import annotations

from pathlib import Path

from convert.context import Context
from convert.model import Edition

GALLEY_DIR = "galleys"


def editor_galleys(sources: Path | None) -> dict[str, Path]:
    """The editor's galley PDFs by the article address they stand for (`jid/iid/id.html`)."""
    folder = sources / GALLEY_DIR if sources else None
    if folder is None or not folder.is_dir():
        return {}
    return {p.relative_to(folder).with_suffix(".html").as_posix(): p
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() == ".pdf"}


def attach_galleys(edition: Edition, ctx: Context) -> Edition:
    """Every article's galley source: the editor's PDF, else its pages of the source PDF."""
    own = editor_galleys(ctx.sources)
    for doc in edition.docs:
        source = ctx.sources / doc.name if ctx.sources else None
        pages = None  # the source PDF's page count, asked of qpdf once, when an article needs it
        for art in doc.articles:
            if art.url in own:
                art.galley, art.pdf_pages = str(own.pop(art.url)), None
            elif doc.format == "pdf" and art.pdf_pages and source is not None:
                if pages is None:
                    pages = _page_count(source, ctx)
                if art.pdf_pages[1] <= pages:
                    art.galley = str(source)
    for url, path in sorted(own.items()):
        ctx.report.add(f"{GALLEY_DIR}/{path.relative_to(ctx.sources / GALLEY_DIR).as_posix()}", "error",
                       f"this galley matches no article (no article has the address {url}); name it after the "
                       "article's address, as the page's URL gives it, with .pdf", code="galley.unmatched")
    return edition


def _page_count(source: Path, ctx: Context) -> int:
    """The pages qpdf finds in the source PDF; 0 (and the report says why) when it cannot open it."""
    import pikepdf

    try:
        with pikepdf.open(source) as pdf:
            return len(pdf.pages)
    except (pikepdf.PdfError, OSError) as err:
        ctx.report.add(source.name, "doubt", f"no PDF galleys: qpdf cannot open the PDF to cut the articles' "
                       f"pages ({err}); place each article's PDF in sources/{GALLEY_DIR}/", code="galley.not_cut")
        return 0
