"""Character fixes, line by line: the fixers of convert/text/fixes.py, and what they repaired counted."""
from __future__ import annotations

from collections import Counter

from convert.context import Context
from convert.model import SourceDoc
from convert.text.fixes import fix_line


def fix_characters(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """NFC, spaces, bullets, dashes and Latin look-alikes in Cyrillic words, line by line (and in the
    cells of the tables the reader found)."""
    totals: Counter = Counter()
    for line in doc.lines:
        if line.text:
            line.text, counts = fix_line(line.text)
            line.fixes = counts.get("homoglyphs", 0)
            totals.update(counts)
    for table in doc.tables:  # the reader's cells are text too
        for row in table.rows:
            for cell in row:
                cell.text = "\n".join(fix_line(part)[0] for part in cell.text.split("\n"))
    for what, n in sorted(totals.items()):
        ctx.report.add(doc.name, "fixed", f"{what}: {n} repaired", code=f"characters.{what.replace(' ', '_')}")
    return doc
