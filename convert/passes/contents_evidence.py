"""The journal's contents list (passes/contents.py) as evidence about the articles of the text.

- where an entry's title is found in the text (fuzzy, case-insensitive), an article starts there, even if
  no classification line or keyword label says so: the piece it would be merged into is cut
  (`split_at_entries`, after the segmenter);
- the text before the first article of an issue that prints a contents list or an editorial board (its
  cover, the board in three languages) is journal matter, never an article or a fragment;
- a title the article lacks in a language the contents lists is taken from the contents, a title that
  differs is reported with the listed one as its candidate (`titles_from_contents`, after assembling);
- the section heading an entry is listed under is its article's rubric (`rubrics_from_contents`);
- an article's page range follows from its listed first page where the text's page numbers gave none
  (`pages_from_contents`, after the page pass);
- an entry found nowhere, an article not listed: reported, with what the editor can write in catalog.yml.
"""
from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

from convert.context import Context
from convert.model import Article, ContentsEntry, FrontBlock, Line, Matter, Piece, SourceDoc
from convert.passes.segment import MAX_ABSTRACT_LINES, classify_at, classify_preamble, live
from convert.text import labels
from convert.text.language import detect_language

MATCH_SCORE = 88  # rapidfuzz ratio (0-100) of the listed and the printed title, letters and digits only
SAME_TITLE = 90  # an article's title this close to the listed one is the same title
MAX_TITLE_LINES = 8
FRONT_ONLY_WORDS = 400  # text between a found title and the next labelled block: front matter, not a body
_LOOK_ALIKE = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")


def _norm(text: str) -> str:
    """Letters and digits, case- and script-folded (Latin look-alikes in Cyrillic text as Cyrillic)."""
    s = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    s = "".join(ch for ch in s if ch.isalnum())
    return s.translate(_LOOK_ALIKE) if any("\u0400" <= ch <= "\u04ff" for ch in s) else s


def best_window(title: str, norms: list[str]) -> tuple[float, int, int] | None:
    """The run of lines (first, last index) that reads most like the title, and its score."""
    want = _norm(title)
    if len(want) < 8:
        return None
    best = None
    for i, first in enumerate(norms):
        if len(first) < 4 or len(first) > 1.3 * len(want) + 5 or fuzz.ratio(first, want[:len(first)]) < 75:
            continue
        text, taken = "", 0
        for j in range(i, min(len(norms), i + 2 * MAX_TITLE_LINES)):
            if not norms[j]:
                continue
            text, taken = text + norms[j], taken + 1
            score = fuzz.ratio(text, want)
            if best is None or score > best[0]:
                best = (score, i, j)
            if len(text) >= 1.3 * len(want) or taken >= MAX_TITLE_LINES:
                break
    return best


def locate_entries(doc: SourceDoc, lines: list[Line]) -> None:
    """Each entry's titles in the text, and the line its article starts on."""
    norms = [_norm(ln.text) if not ln.blank else "" for ln in lines]
    for entry in doc.contents:
        for lang, title in entry.titles.items():
            hit = best_window(title, norms)
            if hit and hit[0] >= MATCH_SCORE:
                entry.found[lang] = (lines[hit[1]].no, lines[hit[2]].no)
        firsts = sorted(a for a, _ in entry.found.values())
        if firsts:
            near = [a for a in firsts if abs(a - firsts[len(firsts) // 2]) <= 400]  # one article's blocks
            entry.found = {k: v for k, v in entry.found.items() if v[0] in near}
            top = next(i for i, ln in enumerate(lines) if ln.no == near[0])
            for lang, (a, b) in _titles_above(lines, top, set(entry.found)):
                entry.found[lang] = (lines[a].no, lines[b].no)
                top = a
            entry.start = _start_above(lines, top, doc.width)


def _title_line(ln: Line) -> bool:
    return labels.is_upper_line(ln.text) and len(labels.letters(ln.text)) > 6 and not labels.ends_sentence(ln.text)


def _titles_above(lines: list[Line], i: int, langs: set[str]) -> list[tuple[str, tuple[int, int]]]:
    """The article's blocks in the languages the contents did not list, printed above the found title: a
    title in capitals in another language, with no heading between (a list in one language names the
    article once, but its front matter opens with whichever language comes first)."""
    out, j = [], i - 1
    while j >= 0 and i - j <= 2 * MAX_ABSTRACT_LINES and len(langs) < 3:
        t = lines[j].text.strip()
        if t and (labels.section_heading(t) or labels.back_heading(t)):
            break
        if t and _title_line(lines[j]):
            k = j
            while k > 0 and (_title_line(lines[k - 1]) or lines[k - 1].blank and k - 2 >= 0 and _title_line(lines[k - 2])):
                k -= 1
            lang = detect_language(" ".join(ln.text for ln in lines[k:j + 1]))
            if not lang or lang in langs:
                break
            out.append((lang, (k, j)))
            langs.add(lang)
            j = k
        j -= 1
    return out


def _start_above(lines: list[Line], title: int, width: int) -> int:
    """The article's first line: its title, or the classification/DOI lines right above it."""
    start, j, taken = title, title - 1, 0
    while j >= 0 and taken < 4:
        kind = classify_preamble(lines[j], width)
        if kind not in ("blank", "id", "marks"):
            break
        if kind == "id":
            start = j
        taken += kind != "blank"
        j -= 1
    return lines[start].no


def _front_lines(piece: Piece) -> set[int]:
    return {ln.no for part in (piece.preamble, piece.abstract_lines, piece.keyword_lines) for ls in part for ln in ls}


def split_at_entries(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Pieces cut where a listed article starts inside another's text; the issue's front as journal matter."""
    if doc.contents:
        lines = live(doc)
        locate_entries(doc, lines)
        for entry in sorted((e for e in doc.contents if e.start is not None), key=lambda e: e.start):
            _cut_at(doc, entry)
    _take_journal_front(doc, ctx)
    return doc


def _cut_at(doc: SourceDoc, entry: ContentsEntry) -> None:
    titles = sorted(entry.found.values())
    for k, piece in enumerate(doc.pieces):
        if titles[0][0] in _front_lines(piece):
            return  # its front matter was found by its labels: the article starts there already
        nos = [ln.no for ln in piece.body]
        if entry.start not in nos or (entry.start == piece.first_line and not piece.orphan):
            continue
        b = nos.index(entry.start)
        mine = [t for t in titles if t[0] in nos[b:]]
        if not mine:
            return
        tail, piece.body = piece.body[b:], piece.body[:b]
        blocks, rest = _blocks_from_titles(tail, mine, doc.width)
        nxt = doc.pieces[k + 1] if k + 1 < len(doc.pieces) else None
        if nxt is not None and not nxt.orphan and _front_only(rest):
            blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + rest)  # the article's labelled blocks follow
            target, rest = nxt, None
        else:
            target = Piece()
            doc.pieces.insert(k + 1, target)
        for n, (fb, preamble, abstract) in enumerate(blocks):
            target.blocks.insert(n, fb)
            target.preamble.insert(n, preamble)
            target.abstract_lines.insert(n, abstract)
            target.keyword_lines.insert(n, [])
        if rest is not None:
            target.body = rest
        if piece.orphan and all(ln.blank for ln in piece.body):
            doc.pieces.remove(piece)
        return


def _blocks_from_titles(tail: list[Line], titles: list[tuple[int, int]], width: int):
    """Front-matter blocks for an article no label announced, one per title found: each its title and the
    author, affiliation and e-mail lines after it, then the text up to the next title as its abstract."""
    nos = [ln.no for ln in tail]
    blocks, end = [], 0
    for n, (first, last) in enumerate(titles):
        a = 0 if n == 0 else nos.index(first)
        pre_end = _front_end(tail, max(k for k, no in enumerate(nos) if no <= last) + 1, width)
        z = nos.index(titles[n + 1][0]) if n + 1 < len(titles) else _abstract_stop(tail, pre_end)
        fb = FrontBlock(label_line=first, end_line=tail[max(z, pre_end) - 1].no)
        blocks.append((fb, tail[a:pre_end], tail[pre_end:z]))
        end = max(z, pre_end)
    return blocks, tail[end:]


def _front_end(lines: list[Line], i: int, width: int) -> int:
    """Index after the last author, affiliation, e-mail or mark line below a title (before any prose)."""
    end = i
    for j in range(i, min(len(lines), i + 25)):
        kind = classify_at(lines, j, width)
        if kind == "prose" or kind == "section":
            break
        if kind in ("author", "affiliation", "email", "marks", "id"):
            end = j + 1
    return end


def _abstract_stop(lines: list[Line], i: int) -> int:
    """The last block's abstract runs to the body's first heading, when one comes soon; else it has none."""
    for j in range(i + 1, min(len(lines), i + MAX_ABSTRACT_LINES)):
        t = lines[j].text.strip()
        if t and (labels.section_heading(t) or labels.run_in_heading(t)):
            return j
    return i


def _front_only(lines: list[Line]) -> bool:
    text = [ln.text.strip() for ln in lines if not ln.blank]
    return (sum(len(t.split()) for t in text) < FRONT_ONLY_WORDS
            and not any(labels.section_heading(t) or labels.back_heading(t) for t in text))


def _take_journal_front(doc: SourceDoc, ctx: Context) -> None:
    """Text before the first article of an issue with a contents list or an editorial board: its cover and
    board, journal matter (reported, not published)."""
    front = []
    for piece in doc.pieces:
        if not piece.orphan:
            break
        front.append(piece)
    lines = [ln for p in front for ln in p.body if not ln.blank]
    if not lines or not (doc.contents or any(labels.BOARD_RE.match(ln.text.strip()) for ln in lines)):
        return
    doc.pieces = doc.pieces[len(front):]
    doc.matter.append(Matter("front", "Cover and editorial board", lines[0].no, lines[-1].no, published=False))
    ctx.report.add(doc.name, "removed", "the issue's front matter (cover, editorial board): journal matter, "
                   "not an article", line=lines[0].no, text=" / ".join(ln.text.strip() for ln in lines)[:2000],
                   code="matter.front_removed")


def articles_of_entries(doc: SourceDoc) -> list[tuple[ContentsEntry, Article | None]]:
    """Each entry with the article its titles were found in (None: found nowhere)."""
    out = []
    for entry in doc.contents:
        at = min((entry.found[lang][0] for lang in entry.titles if lang in entry.found), default=None)  # as listed
        art = next((a for a in doc.articles if at is not None and a.kind == "article"
                    and a.first_line <= at <= a.last_line), None)
        out.append((entry, art))
    return out


def _listed(entry: ContentsEntry) -> str:
    title = next(iter(entry.titles.values()))
    return f"«{title}»" + (f" (p. {entry.first_page})" if entry.first_page else "")


def titles_from_contents(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Titles the articles lack taken from the contents; differences and disagreements reported."""
    if not doc.contents:
        return doc
    pairs = articles_of_entries(doc)
    for entry, art in pairs:
        if art is None:
            ctx.report.add(doc.name, "doubt", f"the contents lists {_listed(entry)}, but no article of the text has "
                           "that title: the article may be missing from this file, merged into another or titled "
                           "differently; if it is here, give its titles in catalog.yml (`articles: - match: {text: "
                           "\"words of its abstract\"}` with `titles:`)", line=entry.lines[0],
                           text=" / ".join(entry.titles.values()), code="contents.entry_not_found")
            continue
        _compare_titles(doc, entry, art, ctx)
    listed = {id(art) for _, art in pairs if art is not None}
    for art in doc.articles:
        if art.kind == "article" and id(art) not in listed:
            ctx.report.add(doc.name, "doubt", "this article is not in the journal's contents list: check that it "
                           "belongs to this issue (catalog.yml `kind: fragment` keeps it off the issue's list)",
                           line=art.first_line, article=art.ordinal, text=" / ".join(art.titles.values()) or None,
                           code="contents.article_not_listed")
    return doc


def _compare_titles(doc: SourceDoc, entry: ContentsEntry, art: Article, ctx: Context) -> None:
    for lang, listed in entry.titles.items():
        if lang == "und":
            continue
        mine = art.titles.get(lang)
        if not mine:
            art.titles[lang] = listed
            ctx.report.add(doc.name, "note", f"no {lang} title in the article's front matter: the contents' title "
                           "is used (catalog.yml `titles` can correct it)", line=art.first_line,
                           article=art.ordinal, text=listed, code="contents.title_from_contents")
        elif fuzz.ratio(_norm(mine), _norm(listed)) < SAME_TITLE:
            ctx.report.add(doc.name, "doubt", f"the {lang} title differs from the contents' «{listed}»; if that "
                           "is the right one, give it in catalog.yml (`titles`)", line=art.first_line,
                           article=art.ordinal, text=mine, code="contents.title_differs")


def rubrics_from_contents(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """The section heading a listed article stands under, per list's language: its rubric (the journal's own
    word, over a heading the text seemed to print; catalog.yml `rubric` comes later and decides)."""
    for entry, art in articles_of_entries(doc):
        sections = {lang: " ".join(text.split()) for lang, text in entry.sections.items() if text.strip()}
        if art is None or not sections:
            continue
        if art.rubric and art.rubric != sections:
            ctx.report.add(doc.name, "note", f"the contents list the article under «{' / '.join(sections.values())}», "
                           f"the text printed «{' / '.join(art.rubric.values())}» above it: the contents' is used "
                           "(catalog.yml `rubric` can correct it)", line=art.first_line, article=art.ordinal,
                           code="contents.rubric_differs")
        art.rubric = sections
    return doc


def pages_from_contents(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Page ranges from the listed first pages, where the text's own page numbers gave none."""
    if not doc.contents:
        return doc
    pairs = [(e, a) for e, a in articles_of_entries(doc) if a is not None and e.first_page]
    firsts = sorted({e.first_page for e in doc.contents if e.first_page})
    spans = {id(a): _source_pages(doc, a) for _, a in pairs}
    trusted = _pages_follow_listing(pairs, spans)
    given = 0
    for entry, art in pairs:
        if art.pages:
            if art.pages[0] != entry.first_page:
                ctx.report.add(doc.name, "doubt", f"the text's page numbers put the article on p. {art.pages[0]}, "
                               f"the contents on p. {entry.first_page}; catalog.yml `pages` decides",
                               line=art.first_line, article=art.ordinal, code="contents.pages_disagree")
            continue
        span = spans[id(art)] if trusted else None
        later = [p for p in firsts if p > entry.first_page]
        art.pages = ((entry.first_page, entry.first_page + span[1] - span[0]) if span else
                     (entry.first_page, later[0] - 1) if later else None)
        given += art.pages is not None
    if given:
        ctx.report.add(doc.name, "note", f"the page ranges of {given} articles come from the journal's contents "
                       "list (catalog.yml `pages` can correct one)", code="contents.pages_from_contents")
    return doc


def _source_pages(doc: SourceDoc, art: Article) -> tuple[int, int] | None:
    """The first and last page of the source (PDF pages, form feeds) the article's kept lines are on."""
    pages = [ln.layout.page for ln in doc.lines if art.first_line <= ln.no <= art.last_line and not ln.removed
             and not ln.blank and ln.layout and ln.layout.page]
    return (pages[0], pages[-1]) if pages else None


def _pages_follow_listing(pairs: list, spans: dict) -> bool:
    """The source's pages are the issue's pages, shifted by one offset: every listed article's first page
    less the source page it starts on is the same (a Word text's form feeds, only where a page was broken by
    hand, are no pages)."""
    offsets = {e.first_page - spans[id(a)][0] for e, a in pairs if spans[id(a)]}
    return len(offsets) == 1 and len(pairs) >= 2
