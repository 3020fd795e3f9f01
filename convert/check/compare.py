"""A source's words against a page's: kept, missing and duplicated words, paragraphs printed twice."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from convert.check.page import MIN_PARAGRAPH, words_of
from convert.model import SourceDoc


TOP = 15  # missing / duplicated words listed per article




# -- the source ------------------------------------------------------------------------------------
class SourceWords:
    """Kept (not removed) lines of one source, for word counts over line ranges."""

    def __init__(self, doc: SourceDoc):
        lines = sorted(doc.lines, key=lambda ln: ln.no)
        self.nos = [ln.no for ln in lines]
        self.lines = lines
        # journal matter (guidelines, contents, notes pages) has pages of its own, or is listed as removed
        self.matter = sorted((m.first_line, m.last_line) for m in doc.matter)

    def _in_matter(self, no: int) -> bool:
        return any(a <= no <= b for a, b in self.matter)

    def span(self, first: int, last: int) -> tuple[list[str], int]:
        """Words of the kept lines first‥last (not journal matter), in order, and how many lines there were
        removed. Kept lines are joined by line ends, so a word hyphenated at a line end is one word."""
        a, b = bisect_left(self.nos, first), bisect_right(self.nos, last)
        texts, removed = [], 0
        for ln in self.lines[a:b]:
            if self.matter and self._in_matter(ln.no):
                continue
            if ln.removed:
                removed += 1
            elif ln.text.strip():
                texts.append(ln.text.strip())
        return words_of("\n".join(texts)), removed


def occurrences(src_words: list[str], paragraphs: list[str]) -> Counter:
    """How often each paragraph (words joined by spaces) occurs as a run of words in the source: one
    pass over the source with a window of MIN_PARAGRAPH words, whatever the number of paragraphs."""
    wanted: dict[tuple, list[tuple[str, list[str]]]] = {}
    for para in set(paragraphs):
        words = para.split(" ")
        wanted.setdefault(tuple(words[:MIN_PARAGRAPH]), []).append((para, words))
    found: Counter = Counter()
    if not wanted:
        return found
    for i in range(len(src_words) - MIN_PARAGRAPH + 1):
        for para, words in wanted.get(tuple(src_words[i:i + MIN_PARAGRAPH]), ()):
            if src_words[i:i + len(words)] == words:
                found[para] += 1
    return found


def compare(src_words: list[str], page: Counter, paragraphs: list[str]) -> dict:
    """Kept share, missing and duplicated words, paragraphs twice."""
    src = Counter(src_words)
    missing = src - page
    duplicated = Counter({w: n - src[w] for w, n in page.items() if w in src and n > src[w]})
    total = sum(src.values())
    lost = sum(missing.values())
    repeated = {para: n for para, n in Counter(paragraphs).items() if n > 1}
    in_source = occurrences(src_words, list(repeated))
    twice = [{"text": para[:200], "on_page": n, "in_source": in_source[para]}
             for para, n in sorted(repeated.items()) if n > in_source[para]]
    return {
        "words": total, "missing_count": lost, "duplicated_count": sum(duplicated.values()),
        "kept": round(1 - lost / total, 6) if total else 1.0,
        "missing": [[w, n] for w, n in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]],
        "duplicated": [[w, n] for w, n in sorted(duplicated.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]],
        "paragraphs_twice": twice,
    }
