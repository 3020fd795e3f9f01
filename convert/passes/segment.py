"""Segmenting a source: front-matter blocks, articles, fragments and non-article journal matter.

The cascade: find abstract/keyword labels → group each with the title/author
lines before it (a `FrontBlock`) → blocks with nothing but front matter between
them form one article's front matter (a cluster) → the text up to the next
cluster is that article's body. A cluster with no body of its own (kk/en blocks
printed after the body) joins the article before it; text before any front
matter becomes fragments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from convert.text import labels
from convert.context import Context
from convert.model import FrontBlock, Line, Piece, Report, SourceDoc

# Author guidelines quote the labels with their typesetting ("Ключевые слова: … Шрифт: обычный"); the
# formatting words count only in that form, so a keyword such as "strategic alignment" is no sign.
FORMATTING_WORDS = re.compile(r"(?:шрифт|қаріп|font|выравнивание|туралау|alignment)\s*:|кегль\s*\d|\d+\s*кегль"
                              r"|times new roman", re.IGNORECASE)


def live(doc: SourceDoc) -> list[Line]:
    return [ln for ln in doc.lines if not ln.removed]


def text_width(lines: list[Line]) -> int:
    """Typical full line width of a raw text (the 80th percentile of non-blank line lengths)."""
    lengths = sorted(len(ln.text.strip()) for ln in lines if not ln.blank)
    return lengths[int(len(lengths) * 0.8)] if lengths else 80


@dataclass
class Label:
    kind: str  # A (abstract) | K (keywords)
    index: int  # index into the live lines
    label: str
    rest: str


def find_labels(lines: list[Line]) -> list[Label]:
    """Abstract and keyword labels at line starts, except those quoted in author guidelines."""
    found = []
    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if ln.blank or len(t) < 5:
            if not re.match(r"^(abstract|аннотация|аңдатпа)\s*[.:]?$", t, re.IGNORECASE):
                continue
        if not t[:1].isupper():
            continue  # labels are printed with a capital; "ключевые слова" inside a sentence is not one
        window = " ".join(x.text for x in lines[i:i + 3])
        if FORMATTING_WORDS.search(window):
            continue
        m = labels.ABSTRACT_RE.match(t)
        if m and (m.group("rest") or _next_text(lines, i) is not None):
            found.append(Label("A", i, m.group("label"), m.group("rest").strip()))
            continue
        m = labels.KEYWORDS_RE.match(t)
        if m and m.group("rest").strip(" .:"):
            found.append(Label("K", i, m.group("label"), m.group("rest").strip()))
    return found


def _next_text(lines: list[Line], i: int) -> int | None:
    """The first text line after a label; the blank lines removed page furniture leaves are skipped."""
    for j in range(i + 1, min(len(lines), i + 12)):
        if not lines[j].blank:
            return j
    return None


def _ends_abstract(ln: Line) -> bool:
    """A line an abstract followed by its keywords cannot hold: as _ends_block, but an abstract may have
    paragraphs of its own that open with a run-in heading ("Conclusion. …", "Вывод. …")."""
    return _ends_block(ln) and not (labels.run_in_heading(ln.text.strip()) and not labels.section_heading(ln.text))


def _ends_block(ln: Line) -> bool:
    """A line that cannot continue an abstract or a keyword list."""
    t = ln.text.strip()
    return bool(ln.heading_level or labels.section_heading(t) or labels.run_in_heading(t) or labels.ABSTRACT_RE.match(t)
                or labels.KEYWORDS_RE.match(t) or (labels.is_upper_line(t) and len(labels.letters(t)) > 6)
                or labels.CAPTION_TABLE_RE.match(t) or labels.CAPTION_FIGURE_RE.match(t) or labels.back_heading(t))


def keywords_end(lines: list[Line], k: int, width: int) -> int:
    """Index of the last line of a keyword list that starts on line k."""
    end, text = k, lines[k].text.strip()
    for j in range(k + 1, min(len(lines), k + 12)):
        ln = lines[j]
        if ln.blank:
            continue
        t = ln.text.strip()
        if lines[k].para or text.endswith(".") or _ends_block(ln) or labels.is_author_line(t):
            break
        joined_by_separator = text[-1:] in ",;:-–" or t[:1].islower()
        listy = len(t) < 1.2 * width and re.search(r"[,;]", t) and not re.search(r"[.!?]\s+[A-ZА-Я]", t)
        if not (joined_by_separator or listy) or (not joined_by_separator and _other_language(t, lines[k].text)):
            break  # the next block's title in another language ("…, шағын бизнес" / "Анализ факторов, …")
        end, text = j, t
        if j - k >= 5:
            break
    return end


def _other_language(text: str, than: str) -> bool:
    from convert.text.language import detect_language

    mine, theirs = detect_language(text), detect_language(than)
    return bool(mine and theirs and mine != theirs)


def abstract_end(lines: list[Line], a: int, stop: int) -> int:
    """Last line of an abstract that has no keyword list after it: up to a heading or title."""
    end = a
    for j in range(a + 1, min(stop, a + 80)):
        if _ends_block(lines[j]):
            break
        if not lines[j].blank:
            end = j
    return end


MAX_ABSTRACT_LINES = 60


def unlabelled_abstract(lines: list[Line], keywords: int, floor: int, width: int) -> tuple[int, int] | None:
    """An abstract printed without a label: the prose right above a keyword list, below the article's
    front matter (an e-mail, author, classification or title line, then perhaps affiliations). An
    affiliation-like line amid the prose (it names a place) does not end the walk. Returns its lines."""
    j, top = keywords - 1, None
    while j >= floor and keywords - j <= MAX_ABSTRACT_LINES:
        ln = lines[j]
        kind = classify_preamble(ln, width)
        in_sentence = kind == "title" and labels.ends_sentence(ln.text)  # "EU-OSHA, NEBOSH, IOSH."
        if kind in ("email", "author", "id") or kind == "title" and not in_sentence:
            top = j
            break
        if kind == "section" and not labels.run_in_heading(ln.text.strip()) or (_ends_abstract(ln) and not in_sentence):
            return None
        j -= 1
    if top is None:
        return None
    # after the e-mail line the abstract begins (only marks may stand between); after an author or title
    # line, affiliations may come first
    after_email = classify_preamble(lines[top], width) == "email"
    first = next((k for k in range(top + 1, keywords)
                  if (classify_preamble(lines[k], width) not in ("blank", "marks", "email") if after_email
                      else classify_at(lines, k, width, floor) in ("prose", "short"))), None)
    if first is None or not any(labels.ends_sentence(lines[k].text) for k in range(first, keywords)):
        return None
    return first, keywords - 1


MARKS_LINE_RE = re.compile(r"\*|,|\d{1,2}\*?(?:\s*,\s*\d{1,2}\*?)*|[¹²³⁴⁵⁶⁷⁸⁹⁰*,•\s]{1,15}|•\s*\d{1,2}")


def classify_preamble(ln: Line, width: int) -> str:
    t = ln.text.strip()
    if ln.blank:
        return "blank"
    if MARKS_LINE_RE.fullmatch(t):
        return "marks"  # affiliation marks that PDF text sets on a line of their own
    if labels.section_heading(t) or labels.back_heading(t) or labels.run_in_heading(t):
        return "section"
    if ln.heading_level:
        return "title"
    if labels.IDS_RE.match(t) or labels.ARTICLE_TYPE_RE.match(t) or re.fullmatch(r"(https?://doi\.org/|doi:?\s*)?10\.\S+", t,
                                                                        re.IGNORECASE):
        return "id"
    if labels.EMAIL_RE.search(t) and len(t) < 200:
        return "email"
    if labels.is_author_line(t):
        return "author"
    if labels.is_upper_line(t):
        return "title"
    if labels.looks_like_reference_entry(t):
        return "prose"  # the end of the reference list above, however many place names it has
    if labels.is_affiliation_line(t) or (labels.PLACE_WORDS.search(t) and len(t) < 80
                                     and (not labels.ends_sentence(t) or re.search(r"\b\w{1,3}\.$", t))):
        return "affiliation"
    if len(t) < 0.55 * width and not labels.ends_sentence(t):
        return "short"
    return "prose"


def preamble_start(lines: list[Line], label: int, floor: int, width: int) -> int:
    """First index of the title/author lines that belong to the block whose label is at `label`.

    Walk back from the label over lines that look like front matter; stop at prose or a section
    heading. Then give back to the paragraph above any lines that merely continue its sentence.
    """
    start = label
    j = label - 1
    while j >= floor:
        kind = classify_at(lines, j, width, floor)
        if kind in ("prose", "short"):
            top = _sentence_case_title(lines, j, floor, width)
            if top is not None:
                start, j = top, top - 1
                continue
        if kind in ("prose", "section"):
            break
        if kind == "short":
            prev = next((k for k in range(j - 1, floor - 1, -1) if not lines[k].blank), None)
            if prev is not None and classify_at(lines, prev, width, floor) == "prose" \
                    and not labels.ends_sentence(lines[prev].text):
                break  # the tail of a paragraph, not a title line
        if kind != "blank":
            start = j
        if kind == "id" and labels.IDS_RE.match(lines[j].text.strip()):
            break  # a classification line (УДК, IRSTI…) opens an article's front matter
        j -= 1
    return _give_back_continuation(lines, start, label, floor)


FRONT_KINDS = ("author", "affiliation", "email", "id", "title")


def _sentence_case_title(lines: list[Line], j: int, floor: int, width: int) -> int | None:
    """A title set in sentence case: up to four unpunctuated lines, with front matter (or the start of
    the text) above them. Returns the index of its first line."""
    k, n, first = j, 0, None
    while k >= floor and n < 4:
        ln = lines[k]
        if ln.blank:
            k -= 1
            continue
        kind = classify_preamble(ln, width)
        if kind not in ("prose", "short") or labels.ends_sentence(ln.text) or ln.text.rstrip().endswith((",", ";")):
            break
        first, n, k = k, n + 1, k - 1
    if first is None:
        return None
    above = next((i for i in range(first - 1, floor - 1, -1) if not lines[i].blank), None)
    if above is None:
        return first  # the start of the text, or right after the front-matter block before
    return first if classify_preamble(lines[above], width) in FRONT_KINDS else None


def classify_at(lines: list[Line], j: int, width: int, floor: int = 0) -> str:
    """classify_preamble of lines[j], with what its neighbours say: a line that wraps an affiliation
    (its head naming an institution, or its short tail) is an affiliation."""
    kind = classify_preamble(lines[j], width)
    if kind == "prose" and (_wrapped_tail(lines, j, floor, width) or _wrapped_affiliation_head(lines, j, width)
                            or _marked_place(lines, j, floor)):
        return "affiliation"
    return kind


def _marked_place(lines: list[Line], j: int, floor: int) -> bool:
    """A line after a line of marks that ends with a city and country ("…, Испарта, Турция.")."""
    above = next((k for k in range(j - 1, max(floor, j - 3) - 1, -1) if not lines[k].blank), None)
    return (above is not None and bool(MARKS_LINE_RE.fullmatch(lines[above].text.strip()))
            and bool(labels.PLACE_AT_END_RE.search(lines[j].text.strip())))


def _wrapped_affiliation_head(lines: list[Line], j: int, width: int) -> bool:
    """A full line naming an institution, unfinished, with the rest of its affiliation below it."""
    t = lines[j].text.strip()
    below = next((k for k in range(j + 1, min(len(lines), j + 3)) if not lines[k].blank), None)
    return (below is not None and bool(labels.AFFILIATION_WORDS.search(t)) and not labels.ends_sentence(t)
            and (classify_preamble(lines[below], width) == "affiliation"
                 or classify_preamble(lines[below], width) == "short" and "," in lines[below].text))  # "…, Japan,"


def _wrapped_tail(lines: list[Line], j: int, floor: int, width: int) -> bool:
    """A short lower-case line ending a sentence, after an affiliation: that affiliation's wrapped end."""
    t = lines[j].text.strip()
    prev = next((k for k in range(j - 1, floor - 1, -1) if not lines[k].blank), None)
    return (prev is not None and t[:1].islower() and len(t) < 0.55 * width
            and classify_preamble(lines[prev], width) == "affiliation")


def _give_back_continuation(lines: list[Line], start: int, label: int, floor: int) -> int:
    """Lines after an unfinished paragraph that continue its sentence are not front matter."""
    above = next((k for k in range(start - 1, floor - 1, -1) if not lines[k].blank), None)
    if above is None or labels.ends_sentence(lines[above].text) or lines[above].heading_level:
        return start
    k = start
    while k < label:
        t = lines[k].text.strip()
        if not t:
            k += 1
            continue
        if (labels.is_upper_line(t) and len(labels.letters(t)) > 6) or labels.is_author_line(t) or lines[k].heading_level:
            break
        if k == start and not t[:1].islower():
            break  # a new line with a capital: the paragraph above simply ended without punctuation
        k += 1
        if labels.ends_sentence(t):
            break
    while k < label and lines[k].blank:
        k += 1
    return k


@dataclass
class Span:
    """Where one front-matter block lies, as indices into the live lines."""

    start: int  # first preamble line
    label: int  # first line after the preamble: the first label, or an unlabelled abstract
    end: int  # last line of the block
    block: FrontBlock
    abstract: tuple[int, int] | None
    keywords: tuple[int, int] | None


def build_blocks(lines: list[Line], report: Report, source: str, width: int) -> list[Span]:
    """Every front-matter block with its preamble, abstract and keyword lines, in order."""
    found = find_labels(lines)
    blocks: list[Span] = []
    i = 0
    while i < len(found):
        lab = found[i]
        fb = FrontBlock(label_line=lines[lab.index].no)
        nxt = found[i + 1] if i + 1 < len(found) else None
        if lab.kind == "A":
            fb.abstract_label = lab.label
            if nxt and nxt.kind == "K" and not any(_ends_abstract(lines[j]) for j in range(lab.index + 1, nxt.index)):
                kend = keywords_end(lines, nxt.index, width)
                abs_lines = (lab.index, nxt.index - 1)
                fb.keywords_label = nxt.label
                kw = (nxt.index, kend)
                i += 2
            else:
                stop = nxt.index if nxt else len(lines)
                abs_lines = (lab.index, abstract_end(lines, lab.index, stop))
                kw = None
                i += 1
                if abs_lines[1] - abs_lines[0] > 70:
                    report.add(source, "doubt", "abstract without keywords runs long; its end is a guess",
                               line=lines[lab.index].no, code="segment.abstract_end_guessed")
        else:
            fb.keywords_label = lab.label
            kw = (lab.index, keywords_end(lines, lab.index, width))
            i += 1
            floor = blocks[-1].end + 1 if blocks else 0
            abs_lines = unlabelled_abstract(lines, lab.index, floor, width)
        end = kw[1] if kw else abs_lines[1]
        floor = blocks[-1].end + 1 if blocks else 0
        first = min(lab.index, abs_lines[0]) if abs_lines else lab.index  # an unlabelled abstract comes first
        start = preamble_start(lines, first, floor, width)
        fb.end_line = lines[end].no
        blocks.append(Span(start, first, end, fb, abs_lines, kw))
    return blocks


def _keyword_tail(gap: list[Line], previous: Span) -> bool:
    return (previous.keywords is not None and len(gap) <= 2
            and sum(len(ln.text) for ln in gap) < 300
            and not any(_ends_block(ln) or labels.is_author_line(ln.text) for ln in gap))


def measure_line_width(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """The document's typical full line width, once furniture is gone: where a line ends early, a
    paragraph or a heading may end."""
    doc.width = text_width(live(doc))
    return doc


def split_pieces(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Clusters of front-matter blocks with the body after each; text before any front matter is orphan."""
    report = ctx.report
    lines = live(doc)
    blocks = build_blocks(lines, report, doc.name, doc.width)
    pieces: list[Piece] = []
    cur: Piece | None = None
    prev_end = -1
    for n, span in enumerate(blocks):
        start = span.start
        gap = [ln for ln in lines[prev_end + 1:start] if not ln.blank]
        if cur is not None and gap and _keyword_tail(gap, blocks[n - 1]):
            # one or two stray lines after a keyword list: its wrapped end, not a body
            cur.keyword_lines[-1] = cur.keyword_lines[-1] + lines[prev_end + 1:start]
            report.add(doc.name, "doubt", "lines between two front-matter blocks taken as the end of a keyword "
                       "list", line=gap[0].no, text=" ".join(ln.text.strip() for ln in gap), code="segment.keyword_tail")
            gap = []
        if cur is None or gap:
            if gap and cur is not None:
                cur.body = lines[prev_end + 1:start]
            elif gap:
                pieces.append(Piece(body=lines[prev_end + 1:start], orphan=True))
            cur = Piece()
            pieces.append(cur)
        cur.blocks.append(span.block)
        cur.preamble.append(lines[start:span.label])
        cur.abstract_lines.append(lines[span.abstract[0]:span.abstract[1] + 1] if span.abstract else [])
        cur.keyword_lines.append(lines[span.keywords[0]:span.keywords[1] + 1] if span.keywords else [])
        prev_end = span.end
    tail = lines[prev_end + 1:]
    if cur is None:
        if any(not ln.blank for ln in tail):
            pieces.append(Piece(body=tail, orphan=True))
    else:
        cur.body = tail
    doc.pieces = pieces
    return doc
