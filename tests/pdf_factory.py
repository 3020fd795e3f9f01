"""Small PDFs the tests make themselves: pages of text lines set in the standard Helvetica fonts at
given positions and sizes, written as PDF 1.4 by hand (so that a test can also break the file)."""
from __future__ import annotations

FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: list[list[tuple]], *, height: float = 842, width: float = 595,
              broken_xref: bool = False) -> bytes:
    """A PDF of `pages`, each a list of (x, y from the top, size, style, text) lines (text may be a TJ
    list of strings and gaps, to set words apart without a space character) or ("rule", x0, y0, x1, y1)
    boxes drawn as rules (a table's borders); with
    `broken_xref` the cross-reference table points at wrong offsets (as damaged real files do)."""
    objects: list[bytes] = []
    font_ids = {}
    for style, name in FONTS.items():
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>".encode())
        font_ids[style] = len(objects)
    fonts = " ".join(f"/F{i} {i} 0 R" for i in font_ids.values())
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for lines in pages:
        rules = [ln for ln in lines if ln[0] == "rule"]  # ("rule", x0, y0, x1, y1): a filled thin box
        lines = [ln for ln in lines if ln[0] != "rule"]
        ops = [f"{x0} {height - y1} {x1 - x0} {y1 - y0} re f" for _, x0, y0, x1, y1 in rules] + ["BT"]
        for x, y, size, style, text in lines:
            if isinstance(text, list):  # [str, gap, str…]: one TJ, the gaps in thousandths of the font size
                shown = " ".join(f"({_escape(t)})" if isinstance(t, str) else str(-t) for t in text)
                ops.append(f"/F{font_ids[style]} {size} Tf 1 0 0 1 {x} {height - y} Tm [{shown}] TJ")
            else:
                ops.append(f"/F{font_ids[style]} {size} Tf 1 0 0 1 {x} {height - y} Tm ({_escape(text)}) Tj")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {width} {height}] "
                       f"/Resources << /Font << {fonts} >> >> /Contents {content_id} 0 R >>".encode())
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode())
    assert len(objects) == pages_id
    objects.append(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % (off + 7 if broken_xref else off)
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, len(objects), xref + (13 if broken_xref else 0)))
    return bytes(out)


def article_pages(n_pages: int = 3, first_number: int = 57) -> list[list[tuple]]:
    """An English article over `n_pages` pages, each with its printed page number at the foot."""
    body = ("The method was applied to the samples collected in the region and the results were compared "
            "with the data of earlier studies carried out by other authors").split()
    pages = []
    for p in range(n_pages):
        lines = []
        y = 80.0
        if p == 0:
            lines += [(60, 60, 10, "regular", "IRSTI 06.81.23"),
                      (90, y, 14, "bold", "A STUDY OF SMALL SAMPLES"),
                      (200, y + 20, 11, "bold", "A.B. Author"),
                      (150, y + 34, 10, "italic", "University of Testing, Astana, Kazakhstan")]
            y += 70
        for i in range(30):
            k = (i + 7 * p) % len(body)  # no line repeats from page to page, as in a real text
            words = body[k:] + body[:k]
            lines.append((60, y, 11, "regular", " ".join(words[:14])))
            y += 14
        lines.append((290, 800, 10, "regular", str(first_number + p)))
        pages.append(lines)
    return pages


def ruled_table(x_edges: list[float], y_edges: list[float], cells: list[tuple], merged: set = frozenset()) -> list:
    """A table drawn with rules: its borders at the edges (a vertical rule left out between the cells of
    `merged`, a set of (row, col) whose right neighbour is the same cell), and its cells' text lines
    (`cells`: (row, col, [lines])), set 11 pt, 12 pt apart, from each cell's top left."""
    out: list = []
    for y in y_edges:
        out.append(("rule", x_edges[0], y - 0.25, x_edges[-1], y + 0.25))
    for c, x in enumerate(x_edges):
        for r in range(len(y_edges) - 1):
            if (r, c - 1) not in merged:
                out.append(("rule", x - 0.25, y_edges[r], x + 0.25, y_edges[r + 1]))
    for r, c, texts in cells:
        for k, text in enumerate(texts):
            out.append((x_edges[c] + 3, y_edges[r] + 12 + 12 * k, 11, "regular", text))
    return out
