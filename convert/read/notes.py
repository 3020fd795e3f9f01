"""What reading a source found, for the report, and the error of a source that cannot be read."""
from __future__ import annotations

import re


class SourceError(Exception):
    """A source that cannot be read; carries the file and line for the report."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path, self.message, self.line = path, message, line


class ReadNotes:
    """What reading found, for the report: (kind, message, line, code); `garbled` says why a U+FFFD is there."""
    def __init__(self):
        self.items: list[tuple[str, str, int | None, str]] = []
        self.garbled = ""

    def add(self, kind: str, message: str, line: int | None = None, *, code: str) -> None:
        self.items.append((kind, message, line, code))




def lines_at(text: str, pattern: re.Pattern, limit: int = 10_000) -> tuple[int, list[int]]:
    """How often `pattern` occurs in an LF-only text, and the distinct lines of its first `limit` hits."""
    hits = [m.start() for _, m in zip(range(limit), pattern.finditer(text))]
    if not hits:
        return 0, []
    count = len(hits) if len(hits) < limit else len(pattern.findall(text))
    lines, line, pos = [], 1, 0
    for hit in hits:  # hits are in order: count line ends between them, never from the start again
        line += text.count("\n", pos, hit)
        pos = hit
        if not lines or lines[-1] != line:
            lines.append(line)
    return count, lines


def lines_list(lines: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit} more" if len(lines) > limit else "")
