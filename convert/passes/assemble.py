"""From pieces to articles: journal matter cut out, back matter split off, front matter parsed,
trailing front matter joined to its article, orphan text published as fragments."""
from __future__ import annotations

import re
from collections import Counter

from convert.context import Context
from convert.model import Article, Block, Line, Matter, Removal, Report, SourceDoc
from convert.passes.frontmatter import merge_authors, parse_block
from convert.passes.furniture import dates_of
from convert.passes.paragraphs import rebuild_blocks
from convert.passes.references import ReferenceList, split_entries
from convert.text import labels
from convert.text.language import detect_language

MIN_BODY_WORDS = 60  # a cluster with less body than this printed its front matter after an article


_SPACES_RE = re.compile(r"\s+")
_INNER_SPACE_RE = re.compile(r"(?<=\S) (?=\S)")


def _matter_kind(ln: Line) -> str | None:
    t = ln.text.strip()
    squeezed = _SPACES_RE.sub("", t) if labels.is_upper_line(t) else t
    if labels.GUIDELINES_RE.match(t):
        return "guidelines"
    if labels.NOTES_RE.match(t) or labels.NOTES_RE.match(squeezed) or labels.NOTES_RE.match(_INNER_SPACE_RE.sub("", t)):
        return "notes"
    if labels.CONTENTS_RE.match(t):
        return "contents"
    return None


def cut_matter(lines: list[Line]) -> tuple[list[Line], list[tuple[str, list[Line]]]]:
    """Body lines up to the first journal-matter heading, and the matter sections after it."""
    cuts = [(i, k) for i, ln in enumerate(lines) if not ln.blank and (k := _matter_kind(ln))]
    if not cuts:
        return lines, []
    sections: list[tuple[str, list[Line]]] = []
    for n, (i, kind) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(lines)
        if sections and sections[-1][0] == kind:  # guidelines printed in two languages: one page
            sections[-1] = (kind, sections[-1][1] + lines[i:end])
        else:
            sections.append((kind, lines[i:end]))
    return lines[:cuts[0][0]], sections


def split_back(lines: list[Line]) -> tuple[list[Line], list[tuple[str, Line, list[Line]]]]:
    """Body lines before the first back-matter heading; then (kind, heading line, lines) sections."""
    heads = [(i, k) for i, ln in enumerate(lines)
             if not ln.blank and len(ln.text) < 80 and (k := labels.back_heading(ln.text))]
    if not heads:
        return lines, []
    back = []
    for n, (i, kind) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        back.append((kind, lines[i], lines[i + 1:end]))
    return lines[:heads[0][0]], back


def back_blocks(sections, width: int, prewrapped: bool) -> tuple[list[Block], list[ReferenceList]]:
    """Back-matter sections as blocks; reference lists apart, as numbered entries."""
    blocks: list[Block] = []
    ref_lists: list[ReferenceList] = []
    for kind, head, lines in sections:
        if kind == "references":
            ref_lists.append(ReferenceList(head.text.strip().rstrip(":"), head.no, split_entries(lines)))
            continue
        blocks.append(Block("heading", head.text.strip().rstrip(":"), head.no, head.no, level=2, label=kind))
        for b in rebuild_blocks(lines, width, prewrapped):
            b.label = b.label or kind
            blocks.append(b)
    return blocks, ref_lists


def words(blocks: list[Block]) -> int:
    return sum(len((b.text + " " + " ".join(b.items)).split()) for b in blocks)


def fingerprint_splits(lines: list[Line], window: int = 150) -> list[int]:
    """Indices where text of a different extraction starts: look-alike letters on one side, none on the other.

    Candidates are line starts after a finished sentence; the rate of repaired look-alike letters per
    word over ~`window` words before and after must jump from nothing to many (or back).
    """
    text = [i for i, ln in enumerate(lines) if not ln.blank]

    def rate(idx: list[int]) -> float:
        words = sum(len(lines[i].text.split()) for i in idx) or 1
        return sum(lines[i].fixes for i in idx) / words

    def take(idx: list[int]) -> list[int]:
        out, words = [], 0
        for i in idx:
            out.append(i)
            words += len(lines[i].text.split())
            if words >= window:
                break
        return out

    scores = {}
    for pos in range(1, len(text)):
        prev, cur = lines[text[pos - 1]], lines[text[pos]]
        if not labels.ends_sentence(prev.text) or not labels.starts_upper(cur.text):
            continue
        before = rate(take(text[:pos][::-1]))
        after = rate(take(text[pos:]))
        if min(before, after) <= 0.01 and abs(before - after) > 0.05:
            scores[text[pos]] = abs(before - after)
    # keep the sharpest point of each transition
    return sorted(i for i, s in scores.items()
                  if all(s >= t for j, t in scores.items() if abs(j - i) <= 40))


def body_language(blocks: list[Block]) -> str | None:
    weight: Counter = Counter()
    for b in blocks:
        if b.kind in ("paragraph", "list") and b.lang:
            weight[b.lang] += len(b.text) + sum(len(x) for x in b.items)
    return weight.most_common(1)[0][0] if weight else None


def tag_languages(blocks: list[Block]) -> None:
    for b in blocks:
        text = b.text if b.kind != "list" else " ".join(b.items)
        if b.kind in ("paragraph", "list", "heading", "figure", "table") and len(labels.letters(text)) >= 3:
            b.lang = detect_language(text)


def assemble(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """The segmenter's pieces become articles (front, body, back), fragments and journal matter."""
    report = ctx.report
    width, pre = doc.width, doc.prewrapped
    ordinal = 0
    for piece in doc.pieces:
        body, matter = cut_matter(piece.body)
        for kind, lines in matter:
            _add_matter(doc, kind, lines, width, pre, report)
        body, back = split_back(body)
        if piece.orphan:
            ordinal = _add_fragments(doc, body, back, ordinal, report)
            continue
        art = Article(source=doc.name, ordinal=ordinal + 1)
        for fb, preamble, abstract, keywords in zip(piece.blocks, piece.preamble, piece.abstract_lines,
                                                    piece.keyword_lines):
            fb.authors = parse_block(fb, preamble, abstract, keywords, art, width, pre, report)
            art.front.append(fb)
        art.body = rebuild_blocks(body, width, pre)
        art.back, art.ref_lists = back_blocks(back, width, pre)
        art.first_line = piece.first_line
        prev = doc.articles[-1] if doc.articles else None
        if prev is not None and words(art.body) < MIN_BODY_WORDS:
            _join_trailing_front(prev, art, report)
            continue
        ordinal += 1
        art.authors = merge_authors([(fb.lang, fb.authors) for fb in art.front])
        doc.articles.append(art)
    doc.pieces = []  # consumed
    for art in doc.articles:
        _fill_from_front(art, report)
    _line_ranges(doc)
    return doc


def _add_fragments(doc: SourceDoc, body: list[Line], back, ordinal: int, report: Report) -> int:
    """Text outside any article's front matter: fragments, cut where the extraction changes."""
    cuts = fingerprint_splits(body)
    for a, b in zip([0] + cuts, cuts + [len(body)]):
        ordinal += 1
        art = Article(source=doc.name, kind="fragment", ordinal=ordinal)
        art.body = rebuild_blocks(body[a:b], doc.width, doc.prewrapped)
        art.first_line = next((ln.no for ln in body[a:b] if not ln.blank), 0)
        if a:
            report.add(doc.name, "doubt", "fragment boundary inferred from a change of extraction "
                       "(look-alike letters) at a page start after a finished sentence",
                       line=body[a].no, article=ordinal, code="segment.fragment_boundary")
        doc.articles.append(art)
    if back:
        blocks, ref_lists = back_blocks(back, doc.width, doc.prewrapped)
        doc.articles[-1].back += blocks
        doc.articles[-1].ref_lists += ref_lists
    return ordinal


def describe_articles(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Per article: licence, block languages, body language, metadata of removed furniture; an article
    without a title is a fragment; doubtful titles are reported."""
    for art in doc.articles:
        art.licence = next((lic for b in art.back + art.body if (lic := labels.licence_of(b.text))), None)
        tag_languages(art.body)
        tag_languages(art.back)
        art.body_lang = body_language(art.body) or next((fb.lang for fb in art.front if fb.abstract), None)
        _harvest_removed(doc, art)
        if not art.titles:
            art.kind = "fragment"
            ctx.report.add(doc.name, "doubt", "no title in any language: published as a fragment "
                           "(catalog.yml can give it titles)", line=art.first_line, article=art.ordinal,
                           code="article.no_title")
        check_titles(doc, art, ctx.report)
    return doc


def check_not_empty(doc: SourceDoc, ctx: Context) -> SourceDoc:
    if not doc.articles:
        ctx.report.add(doc.name, "error", "no article text found in this source", code="source.no_articles")
    return doc


def check_titles(doc: SourceDoc, art: Article, report: Report) -> None:
    """Say where a title is missing or looks cut short, and offer a running title as a candidate."""
    if not art.titles:
        return
    longest = max(len(labels.letters(t)) for t in art.titles.values())
    for lang, title in art.titles.items():
        if len(labels.letters(title)) < 0.6 * longest:
            report.add(doc.name, "doubt", f"the {lang} title is far shorter than the others: it may be cut "
                       "short in the source (catalog.yml can correct it)", article=art.ordinal, text=title, code="article.title_short")
    for lang in ("kk", "ru", "en"):
        has_block = any(fb.lang == lang for fb in art.front)
        if has_block and lang not in art.titles:
            hint = ""
            running = [ln.text.strip() for ln in doc.lines if ln.removed is Removal.RUNNING_TITLE
                       and art.first_line <= ln.no <= art.last_line]
            if running and detect_language(running[0]) == lang:
                hint = f"; the running title «{running[0]}» may be it"
            report.add(doc.name, "doubt", f"no {lang} title although the article has a {lang} abstract or keywords"
                       + hint + " (catalog.yml can supply it)", article=art.ordinal, line=art.first_line, code="article.title_missing")


def _join_trailing_front(prev: Article, art: Article, report: Report) -> None:
    """Front-matter blocks printed after an article's body belong to that article."""
    prev.front += art.front
    prev.authors = merge_authors([(fb.lang, fb.authors) for fb in prev.front])
    prev.back += art.body + art.back
    prev.ref_lists += art.ref_lists
    for k, v in art.ids.items():
        prev.ids.setdefault(k, v)
    prev.doi = prev.doi or art.doi
    prev.emails += [e for e in art.emails if e not in prev.emails]
    report.add(prev.source, "note", "front matter printed after the body joined to the article before it",
               line=art.first_line, article=prev.ordinal, code="article.trailing_front_joined")


def _fill_from_front(art: Article, report: Report) -> None:
    for fb in art.front:
        lang = fb.lang or "und"
        for field, value in (("titles", fb.title), ("abstracts", fb.abstract), ("keywords", fb.keywords)):
            if not value:
                continue
            target = getattr(art, field)
            if lang in target:
                report.add(art.source, "doubt", f"two {field} detected as {lang}; the second is kept on the page "
                           "under 'Other front matter'", line=fb.label_line, article=art.ordinal, code="front.duplicate_language")
                continue
            target[lang] = value


def _line_ranges(doc: SourceDoc) -> None:
    arts = doc.articles
    total = doc.lines[-1].no if doc.lines else 0
    for a, b in zip(arts, arts[1:] + [None]):
        a.last_line = (b.first_line - 1) if b else total


def _harvest_removed(doc: SourceDoc, art: Article) -> None:
    """E-mails, ORCIDs and dates from furniture removed inside the article's lines."""
    for ln in doc.lines:
        if not ln.removed or not (art.first_line <= ln.no <= art.last_line):
            continue
        art.emails += [e for e in labels.EMAIL_RE.findall(ln.text.replace("mailto:", " ")) if e not in art.emails]
        art.orcids += [o for o in labels.ORCID_RE.findall(ln.text) if o not in art.orcids]
        if ln.removed is Removal.DATES:
            for k, v in dates_of(ln.text).items():
                art.dates.setdefault(k, v)
    if len(art.emails) == len(art.authors):
        for a, e in zip(art.authors, art.emails):
            a.email = e
    elif art.emails and art.authors:
        for a in art.authors:
            if a.corresponding:
                a.email = art.emails[0]
    if len(art.orcids) == len(art.authors):
        for a, o in zip(art.authors, art.orcids):
            a.orcid = o


def _add_matter(doc: SourceDoc, kind: str, lines: list[Line], width: int, pre: bool, report: Report) -> None:
    text_lines = [ln for ln in lines if not ln.blank]
    if not text_lines:
        return
    title = {"guidelines": "Author guidelines", "notes": "Notes page", "contents": "Contents"}[kind]
    m = Matter(kind, title, text_lines[0].no, text_lines[-1].no)
    if kind == "notes":
        m.published = False
        report.add(doc.name, "removed", "blank notes page (not an article)", line=m.first_line,
                   text=" / ".join(ln.text.strip() for ln in text_lines), code="matter.notes_removed")
    elif kind == "contents":
        m.published = False
        report.add(doc.name, "removed", "the journal's table of contents (the edition builds its own)",
                   line=m.first_line, text=" / ".join(ln.text.strip() for ln in text_lines)[:2000], code="matter.contents_removed")
    else:
        m.blocks = rebuild_blocks(lines, width, pre)
        report.add(doc.name, "note", "author guidelines: journal matter, published as a page of the issue, "
                   "not as an article", line=m.first_line, code="matter.guidelines")
    doc.matter.append(m)
