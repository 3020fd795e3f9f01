"""An article's PDF galley next to its page: its pages cut from the source PDF (qpdf, through pikepdf),
or the editor's PDF copied. The file is byte-identical from build to build (a deterministic PDF id, no
dates of its own)."""
from __future__ import annotations

import shutil
from pathlib import Path

from convert.model import Article


def write_galley(art: Article, path: Path) -> bool:
    """Write the article's galley to `path`; False when it has none or it cannot be written."""
    if not art.galley:
        return False
    if art.pdf_pages is None:
        shutil.copyfile(art.galley, path)
        return True
    import pikepdf

    first, last = art.pdf_pages
    try:
        with pikepdf.open(art.galley) as src, pikepdf.new() as out:
            out.pages.extend(src.pages[first - 1:last])
            out.save(path, deterministic_id=True, compress_streams=True)
    except (pikepdf.PdfError, OSError, IndexError):
        path.unlink(missing_ok=True)
        return False
    return True
