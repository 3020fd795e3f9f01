"""The journal's own table of contents: found wherever it stands, parsed into entries, taken out of the text.

A contents list is a run of entries, each ending in its first page after a dot leader (or a tab, or a wide
gap): "А.Б. Иванов, В.Г. Петров / TITLE, OVER / TWO LINES ........ 15", a section heading between
entries. It may stand under a heading (`labels.CONTENTS_LINE_RE`) or under none, at the front or at the
back of an issue, once or once per language. Its entries (`ContentsEntry`) are evidence of where the
articles start, of their titles and of their pages (passes/contents_evidence.py uses them); its lines are
removed from the text and listed once in the report. What looks like a list but is not — a reference list's
page numbers, a table — does not have the shape: at least three entries, pages that never go back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from convert.context import Context
from convert.model import ContentsEntry, Line, Matter, Removal, SourceDoc
from convert.passes.paragraphs import join_text
from convert.text import labels
from convert.text.language import detect_language

# an entry's last line: its text (perhaps none: the leader alone), a leader, the first page (a range allowed)
ENTRY_END_RE = re.compile(r"^(?P<text>.*?)\s*(?:(?P<leader>(?:\.\s?){3,}|…+|_{3,})|\t+|\s{3,})\s*(?P<page>\d{1,4})"
                          r"(?:\s*[-–—]\s*\d{1,4})?\s*$")
MIN_ENTRIES = 3  # fewer lines ending in page numbers are no list (a heading above allows two)
# without a heading, most entries must have a dot leader: a table's rows end in numbers after a tab too
MAX_ENTRY_LINES = 8  # non-blank lines one entry may take: section heading, authors, a long title
_NAMES_PREFIX_RE = re.compile(rf"^(?P<names>(?:{labels.NAME_RE.pattern}\s*,\s*)*{labels.NAME_RE.pattern})"
                              rf"\s*[.,:–—-]?\s+(?P<rest>[«\"“{labels.UP}].*)$")


@dataclass
class _Entry:
    """One entry of one list, as read."""

    end: int  # index (into the live lines) of its last line
    chunk: list[Line] = field(default_factory=list)  # its lines before the last one
    page: int = 0
    last_text: str = ""
    leader: bool = False


def _entry_end(ln: Line) -> tuple[str, int, bool] | None:
    if ln.blank:
        return None
    m = ENTRY_END_RE.match(ln.text.rstrip())
    if not m or labels.PAGE_NUMBER_RE.match(ln.text):
        return None
    text = m.group("text").strip()
    if text and len(labels.letters(text)) < 2:
        return None
    toc_style = bool(ln.layout and ln.layout.style.casefold().startswith("toc"))  # Word's "TOC 1": a tab leader
    return text, int(m.group("page")), bool(m.group("leader")) or toc_style


def _is_heading(ln: Line) -> bool:
    t = ln.text.strip()
    return bool(t) and bool(labels.CONTENTS_LINE_RE.match(t) or labels.is_upper_line(t)
                            and labels.CONTENTS_LINE_RE.match(re.sub(r"\s+", "", t)))  # "С О Д Е Р Ж А Н И Е"


def find_lists(lines: list[Line]) -> list[tuple[int | None, list[_Entry]]]:
    """Every contents list among the lines: (index of its heading or None, its entries in order)."""
    lists: list[tuple[int | None, list[_Entry]]] = []
    heading, run, gap = None, [], 0
    for i, ln in enumerate(lines):
        if _is_heading(ln):
            _close(lists, heading, run)
            heading, run, gap = i, [], 0
            continue
        end = _entry_end(ln)
        if end is None:
            gap += not ln.blank
            if gap > MAX_ENTRY_LINES:
                _close(lists, heading, run)
                heading, run, gap = None, [], 0
            continue
        if run and end[1] < run[-1].page:  # pages went back: the next language's list
            _close(lists, heading, run)
            heading, run = None, []
        run.append(_Entry(i, page=end[1], last_text=end[0], leader=end[2]))
        gap = 0
    _close(lists, heading, run)
    return lists


def _close(lists: list, heading: int | None, run: list[_Entry]) -> None:
    if heading is None and 2 * sum(e.leader for e in run) < len(run):
        return
    if len(run) >= MIN_ENTRIES or (heading is not None and len(run) >= 2):
        lists.append((heading, list(run)))


def _first_chunk_start(lines: list[Line], heading: int | None, end: int) -> int:
    """Where the first entry of a list begins: after its heading, or up from its last line to a blank line
    or a page's start."""
    if heading is not None:
        return heading + 1
    start, taken = end, 0
    for j in range(end - 1, -1, -1):
        if lines[j].blank or taken >= MAX_ENTRY_LINES or lines[j].removed:
            break
        start, taken = j, taken + 1
        if lines[j].page_start:
            break
    return start


def parse_entry(chunk: list[str], last_text: str) -> tuple[str, str, str]:
    """(section heading, authors, title) of one entry's lines; the last line's text without its page."""
    texts = [t.strip() for t in chunk] + ([last_text] if last_text else [])
    paras: list[list[str]] = [[]]
    for t in texts:
        if t:
            paras[-1].append(t)
        elif paras[-1]:
            paras.append([])
    paras = [p for p in paras if p]
    if not paras:
        return "", "", ""
    section = " ".join(" ".join(p) for p in paras[:-1])
    body = paras[-1]
    is_names = [labels.is_author_line(t) for t in body]
    authors: list[str] = []
    if True in is_names and not is_names[-1]:  # [section] authors title
        a = is_names.index(True)
        b = a
        while b < len(body) and is_names[b]:
            b += 1
        section = " ".join(filter(None, [section] + body[:a]))
        authors, title_lines = body[a:b], body[b:]
    elif is_names[-1] and not all(is_names):  # title authors
        b = len(body)
        while b > 0 and is_names[b - 1]:
            b -= 1
        authors, title_lines = body[b:], body[:b]
    else:
        title_lines = body
        m = _NAMES_PREFIX_RE.match(title_lines[0])
        if m and len(title_lines[0]) > len(m.group("names")) + 10:  # "Иванов А.Б., Петров В.Г. Title …"
            authors, title_lines = [m.group("names")], [m.group("rest")] + title_lines[1:]
    title = ""
    for t in title_lines:
        title = join_text(title, t)
    return section, ", ".join(authors), re.sub(r"\s+", " ", title).strip(" .,;:–—-")


def read_entries(lines: list[Line], heading: int | None, run: list[_Entry]) -> list[ContentsEntry]:
    entries = []
    start = _first_chunk_start(lines, heading, run[0].end)
    section = ""
    for e in run:
        chunk = lines[start:e.end]
        sec, authors, title = parse_entry([ln.text for ln in chunk], e.last_text)
        section = sec or section
        if title:
            lang = detect_language(title) or "und"
            entries.append(ContentsEntry(titles={lang: title}, authors={lang: authors} if authors else {},
                                         first_page=e.page, section=section, lines=[lines[e.end].no],
                                         sections={lang: section} if section else {}))
        start = e.end + 1
    return entries


def merge_lists(lists: list[list[ContentsEntry]]) -> list[ContentsEntry]:
    """One entry per article from lists in several languages: entries with one first page are one article."""
    merged: list[ContentsEntry] = []
    for entries in lists:
        for e in entries:
            lang = next(iter(e.titles))
            same = next((m for m in merged if m.first_page == e.first_page and lang not in m.titles), None)
            if same is None:
                merged.append(e)
                continue
            same.titles[lang] = e.titles[lang]
            same.authors.update(e.authors)
            same.lines += e.lines
            same.section = same.section or e.section
            for sec_lang, sec in e.sections.items():
                same.sections.setdefault(sec_lang, sec)
    return sorted(merged, key=lambda m: (m.first_page or 0, m.lines[0]))


def take_contents(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """The journal's contents lists: read into `doc.contents`, their lines removed, one report entry each."""
    lines = [ln for ln in doc.lines if not ln.removed]
    found = find_lists(lines)
    if not found:
        return doc
    per_list = []
    for heading, run in found:
        entries = read_entries(lines, heading, run)
        if not entries:
            continue
        per_list.append(entries)
        first = heading if heading is not None else _first_chunk_start(lines, None, run[0].end)
        span = [ln for ln in lines[first:run[-1].end + 1] if not ln.blank]
        for ln in span:
            ln.removed = Removal.CONTENTS
        doc.matter.append(Matter("contents", "Contents", span[0].no, span[-1].no, published=False))
        ctx.report.add(doc.name, "removed", f"the journal's table of contents ({len(entries)} entries, read as "
                       "evidence of where each article starts, of its titles and pages; the edition builds its "
                       "own contents)", line=span[0].no, text=" / ".join(ln.text.strip() for ln in span)[:2000],
                       code="matter.contents_removed")
    doc.contents = merge_lists(per_list)
    return doc
