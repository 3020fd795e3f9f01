"""No source text silently lost: the words of each source against the words on its pages.

Words removed as page furniture are listed in the report and left out; labels the edition renders in
its own words (e.g. "Key words" shown as "Keywords") and list numbers rendered by <ol> are the small
remainder the threshold allows for.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from conftest import SOURCES
from convert.pipeline import list_sources
from convert.reader import read_source
from convert.textfix import fix_line

# A word: letters and digits, hyphenated parts joined, also across a line end: "со-\nобщество" in the
# source is one word, whether the page shows "со-общество" or (hyphenation undone in a table cell)
# "сообщество".
WORD = re.compile(r"\w+(?:-\n?\w+)*")
TARGET = 0.995


def words_of(text: str) -> list[str]:
    return [w.replace("-", "").replace("\n", "") for w in WORD.findall(text.casefold())]


def source_words(name: str, removed_lines: set[int]) -> Counter:
    lines = [fix_line(line.text)[0].strip() for line in read_source(SOURCES / name).lines
             if line.no not in removed_lines]
    return Counter(words_of("\n".join(lines)))


def page_words(edition, name: str) -> Counter:
    words: Counter = Counter()
    for md in sorted(edition.docs.rglob("*.md")):
        head = md.read_text(encoding="utf-8").split("---\n")[1] if md.read_text(encoding="utf-8").startswith("---") else ""
        meta = yaml.safe_load(head) or {}
        if meta.get("source") != name:
            continue
        page = edition.page(str(md.relative_to(edition.docs).with_suffix(".html")))
        content = page.xpath('//article[contains(@class,"md-content__inner")]')[0]
        words.update(words_of(" ".join(content.itertext())))
        for ol in content.iter("ol"):  # the browser shows the numbers of an ordered list
            start = int(ol.get("start", 1))
            words.update(str(start + n) for n, _ in enumerate(ol.findall("li")))
    return words


@pytest.mark.parametrize("name", [p.name for p in list_sources(SOURCES)])
def test_source_words_are_on_the_pages(edition, name):
    removed = {e["line"] for e in edition.report["entries"]
               if e["source"] == name and e["kind"] == "removed" and "line" in e}
    src = source_words(name, removed)
    missing = src - page_words(edition, name)
    kept = 1 - sum(missing.values()) / sum(src.values())
    assert kept >= TARGET, (f"{kept:.4f}", missing.most_common(20))
