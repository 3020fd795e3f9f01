"""Parsing one front-matter block: title, authors, affiliations, ids, abstract, keywords, language."""
from __future__ import annotations

import re

from convert.text import labels
from convert.text.language import detect_language
from convert.model import Article, Author, FrontBlock, Line, Report
from convert.passes.paragraphs import join_text, rebuild_text

MARKS = r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰*]"
_SUPERS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def split_keywords(text: str) -> list[str]:
    """Split a keyword list on commas/semicolons, except inside «…», "…", “…” or (…)."""
    out, buf, depth = [], [], 0
    opening, closing = "«“(„", "»”)“"
    in_plain_quote = False
    for ch in text:
        if ch == '"':
            in_plain_quote = not in_plain_quote
        elif ch in opening and not (ch == "“" and depth):
            depth += 1
        elif ch in closing and depth:
            depth -= 1
        if ch in ",;" and depth == 0 and not in_plain_quote:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    items = [re.sub(r"\s+", " ", k).strip().rstrip(".").strip() for k in out]
    return [k for k in items if k]


def parse_author_line(text: str) -> list[Author]:
    """"А.А. Бақытжанова¹, Г.Т. Алимбекова²" → authors with their affiliation marks."""
    authors = []
    for part in re.split(r"(?<![\d¹²³⁴⁵⁶⁷⁸⁹⁰]),|,(?![\d¹²³⁴⁵⁶⁷⁸⁹⁰])|\s+(?:and|и|және)\s+", text):  # not "1,2", "¹,²"
        marks = re.findall(MARKS, part)
        name = re.sub(MARKS, "", part).strip(" ,")
        name = re.sub(r"\s+", " ", name)
        if len(labels.letters(name)) < 2:
            # marks printed after the comma belong to the previous name
            if authors and marks:
                authors[-1].marks += [m.translate(_SUPERS) for m in marks if m != "*"]
            continue
        a = Author()
        a.names["_"] = name
        a.marks = [m.translate(_SUPERS) for m in marks if m != "*"]
        a.corresponding = "*" in marks
        authors.append(a)
    return authors


def parse_affiliations(lines: list[str]) -> dict[str, str]:
    """Affiliation text by mark ("1", "2"); an unmarked single affiliation is under ""."""
    out: dict[str, str] = {}
    last: list[str] | None = None  # the marks of the line a continuation belongs to
    for t in lines:
        m = re.match(rf"^\s*\*?\s*({MARKS}+(?:\s*,\s*{MARKS}+)*)\s*(\S.*)$", t)
        if m and not re.match(r"^\d{4}", t):
            keys = [k.strip().translate(_SUPERS) for k in m.group(1).replace("*", "").split(",") if k.strip(" *")]
            last = keys or [""]
            for k in last:
                out[k] = m.group(2).strip()
        elif last is not None and len(t) < 80:
            for k in last:
                out[k] = join_text(out[k], t)
        else:
            last = [""]
            out[""] = join_text(out.get("", ""), t)
    return out


_AUTHOR_NOTE_RE = re.compile(rf"^[{labels.UP}][{labels.LO}]+\s+(?:[{labels.UP}][{labels.LO}]?\.\s?){{1,3}}\s*[-–—]")


def _repeats_title_end(parts: list[Line]) -> bool:
    first = " ".join(parts[0].text.split()).casefold()
    rest = " ".join(" ".join(ln.text for ln in parts[1:]).split()).casefold()
    return len(first.split()) >= 3 and rest.endswith(first) and len(rest) > len(first)


def reads_as_sentence(title: str) -> bool:
    """A title is no sentence: it does not hold one sentence ending and another beginning, nor end with a
    full stop after many words, nor open as a note on an author ("Бакыткарим Ы. – доктор PhD, …")."""
    words = title.split()
    if _AUTHOR_NOTE_RE.match(title):
        return True
    letters = labels.letters(title)
    if letters and sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return False  # set in capitals: a title, whatever its full stops ("… PUMPKIN PARTS. Part 1. …")
    if len(words) >= 12 and re.search(rf"[.!?]\s+[{labels.UP}][{labels.LO}]", title):
        return True
    return len(words) >= 10 and title.endswith((".", "!"))


def parse_block(fb: FrontBlock, preamble: list[Line], abstract: list[Line], keywords: list[Line],
                article: Article, width: int, prewrapped: bool, report: Report) -> list[Author]:
    """Fill the block's title/abstract/keywords and the article's ids; return the block's authors."""
    authors, title_parts, affiliation_lines = _read_preamble(fb, preamble, article, width, report)
    if len(title_parts) > 1 and _repeats_title_end(title_parts):
        fb.other_lines.append(title_parts[0])  # a leftover of editing: kept on the page, not in the title
        report.add(article.source, "doubt", "a line before the title repeats the title's end; left out of the title",
                   line=title_parts[0].no, text=title_parts[0].text.strip(), code="front.title_repeat")
        title_parts = title_parts[1:]
    if title_parts:
        title = ""
        for ln in title_parts:
            title = join_text(title, ln.text.strip())
        title = re.sub(r"\s+", " ", title).strip()
        if reads_as_sentence(title):
            fb.other_lines += title_parts
            report.add(article.source, "doubt", "the lines in the title's place read as a sentence, not a title; "
                       "kept on the page, not used as the title (catalog.yml can give the title)",
                       line=title_parts[0].no, article=article.ordinal or None, text=title, code="front.title_sentence")
        else:
            fb.title = title
            fb.title_lines = (title_parts[0].no, title_parts[-1].no)
    if affiliation_lines and not authors:
        for t in affiliation_lines:
            report.add(article.source, "doubt", "affiliation-like line without an author line; kept on the page",
                       text=t, line=fb.label_line, code="front.affiliation_without_author")
    fb.affiliation_lines = affiliation_lines
    _read_abstract_and_keywords(fb, abstract, keywords, width, prewrapped)
    fb.lang = block_language(fb)
    affs = parse_affiliations(affiliation_lines)
    for a in authors:
        a.names = {fb.lang or "_": a.names["_"]}
        keys = a.marks or [""]
        a.affiliation = {fb.lang or "_": "; ".join(affs[k] for k in keys if k in affs)} if affs else {}
        if not a.affiliation.get(fb.lang or "_") and len(affs) == 1:
            a.affiliation = {fb.lang or "_": next(iter(affs.values()))}
    return authors


def _largest(ln: Line, preamble: list[Line]) -> bool:
    """The line is set in the front matter's largest type, clearly larger than most of its lines."""
    sizes = sorted(x.layout.size for x in preamble if x.layout and x.layout.size and not x.blank)
    return bool(sizes) and ln.layout.size == sizes[-1] and ln.layout.size >= sizes[len(sizes) // 2] + 1.5


def _read_preamble(fb: FrontBlock, preamble: list[Line], article: Article, width: int,
                   report: Report) -> tuple[list[Author], list[Line], list[str]]:
    """The lines before the abstract, one by one: ids and e-mails onto the article, author lines, title
    lines, affiliation lines; a line that is none of these is kept on the page and reported."""
    from convert.passes.segment import classify_at

    title_parts: list[Line] = []
    affiliation_lines: list[str] = []
    authors: list[Author] = []
    marks: list[str] = []  # marks set on lines of their own: they belong to the next author or affiliation
    for n, ln in enumerate(preamble):
        kind = classify_at(preamble, n, width)
        t = ln.text.strip()
        if kind == "blank":
            continue
        if kind == "marks":
            marks.append(t)
            continue
        if marks and kind in ("author", "affiliation", "short", "prose") and (kind != "prose" or authors):
            t = ",".join(marks).strip(" ,").replace(" ", ",") + t
        marks = []
        if kind == "id":
            _read_id_line(t, article)
            continue
        if kind == "email":
            article.emails += [e for e in labels.EMAIL_RE.findall(t) if e not in article.emails]
            continue
        if kind == "author":
            authors += parse_author_line(t)
            fb.author_lines.append(t)
            continue
        if kind in ("prose", "short") and not labels.ends_sentence(t) and (
                title_parts and title_parts[-1].no >= ln.no - 2 or kind == "prose" or not (authors or affiliation_lines)):
            kind = "title"  # a title in sentence case (the walk only takes such lines next to front matter)
        if (kind == "affiliation" and not authors and not affiliation_lines and ln.layout is not None
                and (ln.layout.bold or _largest(ln, preamble)) and not re.match(MARKS, t)):
            kind = "title"  # set in bold or larger before the authors: the title, though it names a place
        if kind == "title" and not (affiliation_lines and not title_parts and re.match(MARKS, t)):
            if title_parts and ln.no - title_parts[-1].no > 4:
                report.add(article.source, "doubt", "title lines far apart; joined", line=ln.no, text=t,
                           code="front.title_joined")
            title_parts.append(ln)
            continue
        if kind in ("affiliation", "short") and (authors or affiliation_lines or kind == "affiliation"):
            affiliation_lines.append(t)
            continue
        fb.other_lines.append(ln)
        report.add(article.source, "doubt", "front-matter line not understood; kept on the page",
                   line=ln.no, text=t, code="front.line_not_understood")
    return authors, title_parts, affiliation_lines


def _read_id_line(t: str, article: Article) -> None:
    """A classification line (УДК, МРНТИ, …), the article type, or a DOI."""
    m = labels.IDS_RE.match(t)
    if m:
        article.ids[m.group("label").upper()] = m.group("value").strip()
    elif labels.ARTICLE_TYPE_RE.match(t):
        article.ids["article_type"] = t
    else:
        doi = labels.DOI_RE.search(t)
        if doi:
            article.doi = article.doi or doi.group(1)


def _read_abstract_and_keywords(fb: FrontBlock, abstract: list[Line], keywords: list[Line], width: int,
                                prewrapped: bool) -> None:
    if abstract:
        first = abstract[0]
        m = labels.ABSTRACT_RE.match(first.text.strip())
        lines = [Line(first.no, m.group("rest") if m else first.text, para=first.para)] + abstract[1:]
        fb.abstract = rebuild_text(lines, width, prewrapped)
    if keywords:
        m = labels.KEYWORDS_RE.match(keywords[0].text.strip())
        text = m.group("rest") if m else keywords[0].text
        for ln in keywords[1:]:
            if not ln.blank:
                text = join_text(text, ln.text.strip())
        fb.keywords = split_keywords(text)


def block_language(fb: FrontBlock) -> str | None:
    """The block's language from its text (long text first); the label's language only as a fallback."""
    for text in (fb.abstract, fb.title, " ".join(fb.keywords)):
        if text and len(labels.letters(text)) >= 12:
            lang = detect_language(text)
            if lang:
                return lang
    label = labels.ABSTRACT_LABELS.find((fb.abstract_label or "").casefold())
    if label:
        return labels.ABSTRACT_LABEL_LANG[label]
    kw = (fb.keywords_label or "").casefold()
    if kw.startswith("key"):
        return "en"
    if kw.startswith("ключ"):
        return "ru"
    if kw:
        return "kk"
    return None


def merge_authors(per_block: list[tuple[str | None, list[Author]]]) -> list[Author]:
    """One author list from the blocks' lists, aligned by position when the counts agree."""
    lists = [(lang, authors) for lang, authors in per_block if authors]
    if not lists:
        return []
    base_lang, base = max(lists, key=lambda x: len(x[1]))
    merged = [Author(names=dict(a.names), marks=list(a.marks), affiliation=dict(a.affiliation),
                     corresponding=a.corresponding) for a in base]
    for lang, authors in lists:
        if authors is base or len(authors) != len(merged):
            continue
        for m, a in zip(merged, authors):
            for k, v in a.names.items():
                m.names.setdefault(k, v)
            for k, v in a.affiliation.items():
                m.affiliation.setdefault(k, v)
            m.corresponding = m.corresponding or a.corresponding
    return merged
