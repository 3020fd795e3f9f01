"""Page furniture removed by rule: running headers and titles, page numbers, link annotations, dates lines.

Every removal is recorded in the report with its line and text; metadata that
page furniture carries (journal name and number, page numbers, e-mails and
ORCIDs of PDF link annotations, received/accepted dates) is kept on the document.
"""
from __future__ import annotations

import re
from collections import Counter

from convert.context import Context
from convert.model import Removal, Report, SourceDoc
from convert.text import labels


def _text_neighbours(doc: SourceDoc, i: int, step: int, limit: int = 6):
    """Indices of the nearest non-blank, not-removed lines from i in direction step."""
    j, seen = i + step, 0
    while 0 <= j < len(doc.lines) and seen < limit:
        ln = doc.lines[j]
        if not ln.blank and not ln.removed:
            yield j
            seen += 1
        j += step


def _remove(doc: SourceDoc, report: Report, i: int, reason: Removal) -> None:
    line = doc.lines[i]
    if labels.squeeze(line.text) in doc.not_furniture:
        report.add(doc.name, "fixed", f"kept as text, as catalog.yml `not_furniture` says (the rules took it "
                   f"for a {reason.value})", line=line.no, text=line.text.strip(), code="furniture.kept_by_editor")
        return
    line.removed = reason
    report.add(doc.name, "removed", reason.value, line=line.no, text=line.text.strip(),
               code=f"furniture.{reason.name.lower()}")


def take_editor_furniture(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """catalog.yml's `furniture` / `not_furniture` of the source: texts of whole lines, as printed."""
    doc.furniture, doc.not_furniture = (_editor_lines(ctx, key, doc.name) for key in ("furniture", "not_furniture"))
    return doc


def _editor_lines(ctx: Context, key: str, source: str) -> frozenset:
    value = ctx.entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        ctx.report.add(source, "error", f"catalog.yml: `{key}` of this source must be a list of line texts; "
                       "it was ignored", code="catalog.invalid")
        return frozenset()
    return frozenset(labels.squeeze(v) for v in value if v.strip())


def remove_editor_furniture(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Lines the editor listed as page furniture (catalog.yml `furniture`) where the rules do not decide."""
    report = ctx.report
    if doc.furniture:
        for i, line in enumerate(doc.lines):
            if not line.removed and not line.blank and labels.squeeze(line.text) in doc.furniture:
                _remove(doc, report, i, Removal.EDITOR_FURNITURE)
    return doc


def _beside_page_number(doc: SourceDoc, i: int) -> bool:
    return any(labels.PAGE_NUMBER_RE.match(doc.lines[j].text)
               for step in (1, -1) for j in _text_neighbours(doc, i, step, limit=1))


def _is_header(text: str, repeated: Counter, beside_number: bool = False) -> bool:
    t = text.strip()
    if not (10 <= len(t) <= 220) or labels.ends_sentence(t) and not re.search(r"\d\s*(г|ж|y)?\.?$", t):
        return False
    if (labels.looks_like_reference_entry(t) or re.match(r"\[?\d{1,3}[.)\]]\s", t) or t.endswith(("–", "—", "-", ",", "/", ";"))
            or re.search(r"https?://|\bdoi\b|дата обращения|accessed\b|қаралған күні|//|"
                         r"\b(?:pp?|[CcСсSsБб])\.\s*[A-ZS]?\d+\s*[-–]\s*[A-ZS]?\d+", t, re.IGNORECASE)):
        return False  # a reference to an article in a journal names the journal and its number too (its
        # container after "//", its pages "P. 12-19"); a running header has neither
    key = re.sub(r"\d+", "#", t)
    if labels.JOURNAL_HEADER_RE.search(t) and (labels.ISSUE_NUMBER_RE.search(t) or repeated[key] >= 2 or beside_number):
        return True
    return False


def remove_link_annotations(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """PDF link annotations (bare mailto:/ORCID URLs at a page end) are metadata, not text."""
    report = ctx.report
    for i, line in enumerate(doc.lines):
        t = line.text.strip()
        if re.fullmatch(r"(mailto:\S+|https?://orcid\.org/\S+)(\s+(mailto:\S+|https?://orcid\.org/\S+))*", t):
            _remove(doc, report, i, Removal.LINK_ANNOTATION)
    return doc


def remove_running_headers(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Journal-name lines, the page numbers beside them and a running title dropped mid-sentence."""
    report = ctx.report
    repeated = Counter(re.sub(r"\d+", "#", ln.text.strip()) for ln in doc.lines if ln.text.strip())
    printed = Counter(ln.text.strip() for ln in doc.lines)  # how often each line is printed, as it is
    for i, line in enumerate(doc.lines):
        if line.removed or line.blank or line.heading_level or not _is_header(
                line.text, repeated, _beside_page_number(doc, i)):
            continue
        doc.headers.append(line.text.strip())
        _remove(doc, report, i, Removal.RUNNING_HEADER)
        # a page number next to it (either side, blanks between)
        for step in (1, -1):
            for j in _text_neighbours(doc, i, step, limit=1):
                if labels.PAGE_NUMBER_RE.match(doc.lines[j].text):
                    doc.page_numbers.append((doc.lines[j].no, int(doc.lines[j].text)))
                    _remove(doc, report, j, Removal.PAGE_NUMBER)
        _remove_running_title(doc, report, i, printed)
    _remove_lone_page_numbers(doc, report)
    return doc


MARGIN_LINES = 2  # a page's first and last lines this many deep are where running heads and feet stand
MIN_REPEATS = 3  # pages a line must repeat on, at one place, to be page furniture


def _margin_key(ln) -> tuple[str, int] | None:
    """A line's text with its numbers masked and its height in 3-point bands: running heads and feet
    repeat both from page to page, the page number in them changing."""
    t = re.sub(r"\d+", "#", labels.squeeze(ln.text)).casefold()
    if not t.strip("# ") or len(t) > 200:
        return None  # a bare number is a page number: the rule below keeps it as one
    return t, round(ln.layout.y / 3)


def remove_margin_repeats(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Where the reader gave positions (PDF), the lines at the top or foot of pages that repeat at the same
    place on several pages are running heads and feet, whatever their words; a number at their start or
    end is the page's number."""
    pages: dict[int, list[int]] = {}
    for i, ln in enumerate(doc.lines):
        if ln.layout and ln.layout.y is not None and not ln.blank and not ln.removed:
            pages.setdefault(ln.layout.page, []).append(i)
    if len(pages) < MIN_REPEATS:
        return doc
    where: dict[tuple[str, int], set[int]] = {}
    candidates: list[tuple[int, tuple[str, int]]] = []
    for page, idx in pages.items():
        for i in idx[:MARGIN_LINES] + idx[-MARGIN_LINES:]:
            key = _margin_key(doc.lines[i])
            if key is not None and (i, key) not in candidates:
                candidates.append((i, key))
                where.setdefault(key, set()).add(page)
    for i, key in candidates:
        on = where[key]
        # on most pages of its stretch (every page, or every other: heads alternate); a line that opens
        # each article (a classification line atop its first page) repeats far apart
        if len(on) >= MIN_REPEATS and len(on) >= 0.4 * (max(on) - min(on) + 1):
            line = doc.lines[i]
            number = re.match(r"^\s*(\d{1,4})\s+\D|.*\D\s+(\d{1,4})\s*$", line.text)
            if number:
                doc.page_numbers.append((line.no, int(number.group(1) or number.group(2))))
            doc.headers.append(line.text.strip())
            _remove(doc, ctx.report, i, Removal.MARGIN_REPEAT)
    return doc


def _remove_running_title(doc: SourceDoc, report: Report, i: int, printed: Counter) -> None:
    """A short capitalised line right above a header that interrupts a sentence cut by the page break.

    The sentence before it does not end, the text after the header goes on in lower case, and the
    line itself starts with a capital and ends without punctuation: it cannot continue the sentence.
    """
    above = list(_text_neighbours(doc, i, -1, limit=2))
    below = list(_text_neighbours(doc, i, 1, limit=1))
    if len(above) < 2 or not below:
        return
    cand, before = doc.lines[above[0]], doc.lines[above[1]]
    after = doc.lines[below[0]].text.strip()
    t = cand.text.strip()
    # A running title is a text block of its own: a blank line parts it from the text above, it is
    # clearly shorter than that text's wrapped line, or it is printed on several pages. The last line
    # of a page's text runs on from the line above at full width and is none of these.
    own_block = (any(ln.blank for ln in doc.lines[above[1] + 1:above[0]])
                 or len(t) < 0.8 * len(before.text.strip())
                 or printed[t] >= 2)
    if (own_block and not labels.ends_sentence(before.text) and after[:1].islower() and t[:1].isupper()
            and len(t) < 160 and not labels.ends_sentence(t) and not t.endswith((",", ";", ":", "-"))
            and not re.search(rf"[.!?…]\s+[{labels.UP}]", t)  # a running title holds no sentence end, text may
            and not labels.section_heading(t) and not labels.CAPTION_TABLE_RE.match(t) and not labels.CAPTION_FIGURE_RE.match(t)):
        _remove(doc, report, above[0], Removal.RUNNING_TITLE)


def _remove_lone_page_numbers(doc: SourceDoc, report: Report) -> None:
    """A bare number between blank lines that interrupts a sentence, or that is the first or last text
    line of a page the text marks, is a page number."""
    places = _page_number_places(doc)
    for i, line in enumerate(doc.lines):
        if line.removed or not labels.PAGE_NUMBER_RE.match(line.text) or doc.markdown:
            continue
        if _at_page_edge(doc, i) and _where_page_numbers_are(line, places):
            doc.page_numbers.append((line.no, int(line.text)))
            _remove(doc, report, i, Removal.PAGE_NUMBER)
            continue
        prev_blank = i > 0 and doc.lines[i - 1].blank
        next_blank = i + 1 < len(doc.lines) and doc.lines[i + 1].blank
        before = next(iter(_text_neighbours(doc, i, -1, 1)), None)
        after = next(iter(_text_neighbours(doc, i, 1, 1)), None)
        if prev_blank and next_blank and before is not None and after is not None:
            if not labels.ends_sentence(doc.lines[before].text) and doc.lines[after].text.strip()[:1].islower():
                doc.page_numbers.append((line.no, int(line.text)))
                _remove(doc, report, i, Removal.PAGE_NUMBER)


def _page_number_places(doc: SourceDoc) -> Counter:
    """On how many pages a bare number stands at each height (2-point bands), where the reader gave
    positions: page numbers repeat at one place, a chart's labels do not."""
    return Counter(round(ln.layout.y / 2) for ln in doc.lines
                   if ln.layout and ln.layout.y is not None and labels.PAGE_NUMBER_RE.match(ln.text))


def _where_page_numbers_are(line, places: Counter) -> bool:
    """Without positions, any number at a page's edge; with them, one at a height where bare numbers
    stand on other pages too (or the document's only one)."""
    if not line.layout or line.layout.y is None:
        return True
    band = round(line.layout.y / 2)
    return sum(places[b] for b in (band - 1, band, band + 1)) >= 2 or sum(places.values()) == 1


def _at_page_edge(doc: SourceDoc, i: int) -> bool:
    """The line is the first or the last text line of its page (pages known from the text's form feeds)."""
    page = doc.lines[i].layout.page if doc.lines[i].layout else None
    if page is None:
        return False
    before = next(iter(_text_neighbours(doc, i, -1, 1)), None)
    after = next(iter(_text_neighbours(doc, i, 1, 1)), None)
    return any(j is None or doc.lines[j].layout is None or doc.lines[j].layout.page != page for j in (before, after))


_DATE_RE = re.compile(labels.DATE)


def remove_dates_lines(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """"Received: …; Accepted: …" lines (often dropped mid-sentence at a page break) become metadata."""
    report = ctx.report
    for i, line in enumerate(doc.lines):
        if line.removed or line.blank or not _DATE_RE.search(line.text):  # no date, no dates item
            continue
        items = list(labels.DATE_ITEM_RE.finditer(line.text))
        if not items:
            continue
        rest = labels.DATE_ITEM_RE.sub("", line.text)
        if len(labels.letters(rest)) > 12:
            continue
        _remove(doc, report, i, Removal.DATES)
    return doc


def carry_page_starts(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """The first text line after removed furniture starts a page."""
    pending = False
    for line in doc.lines:
        if line.removed:
            pending = True
        elif not line.blank:
            if pending:
                line.page_start = True
            pending = False
    return doc


def dates_of(text: str) -> dict[str, str]:
    """{'received': '10.07.2024', …} from a dates line."""
    out = {}
    for m in labels.DATE_ITEM_RE.finditer(text):
        label = m.group("label").casefold()
        for key, pattern in labels.DATE_LABELS.items():
            if re.fullmatch(pattern, label, re.IGNORECASE):
                out.setdefault(key, m.group(2))
    return out
