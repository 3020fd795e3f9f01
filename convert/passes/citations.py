"""In-text citations: found in a paragraph's text, linked to the reference list.

Numeric: [1], [1, С.138], [1, p.138], [22, 163-164 бб.], [1; 3], [1, 3], [1-3], мире[1].
Author-year: (Якушева, 2013: 157), (Dakenov, Akpaeva, 2020), (Law of the Republic of Kazakhstan, 1993),
several in one pair of brackets separated by ";".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from convert.text.labels import UP
from convert.context import Context
from convert.model import Article, Edition, Report
from convert.passes.references import Reference, family_key, first_family

NUMERIC_RE = re.compile(r"\[\s*(\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)"
                        r"(?:\s*[,;]\s*([^\[\]]{0,40}?[^\d\s,;\[\]\-–][^\[\]]{0,20}?))?\s*\]")
AUTHOR_YEAR_RE = re.compile(rf"\(((?:[{UP}][^()]{{1,120}}?,\s*(?:19|20)\d{{2}}[a-zа-я]?(?:\s*:\s*[\d\-–, ]+)?"
                            rf"(?:\s*;\s*)?)+)\)")
_ONE_AY = re.compile(r"^(?P<names>.+?),\s*(?P<year>(?:19|20)\d{2}[a-zа-я]?)(?:\s*:\s*(?P<loc>[\d\-–, ]+))?$")


@dataclass
class Citation:
    start: int
    end: int
    text: str
    kind: str  # numeric | author-year
    numbers: list[int] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (names as printed, year)
    locator: str = ""
    targets: list[int] = field(default_factory=list)  # reference numbers it links to


_LIST_SEP = re.compile(r"\s*[,;]\s*")
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for part in _LIST_SEP.split(spec.strip()):
        m = _RANGE.fullmatch(part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            out += list(range(a, b + 1)) if 0 < b - a < 50 else [a, b]
        elif part.isdigit():
            out.append(int(part))
    return out


def find_citations(text: str) -> list[Citation]:
    found = []
    for m in NUMERIC_RE.finditer(text):
        found.append(Citation(m.start(), m.end(), m.group(0), "numeric", numbers=_numbers(m.group(1)),
                              locator=(m.group(2) or "").strip()))
    for m in AUTHOR_YEAR_RE.finditer(text):
        c = Citation(m.start(), m.end(), m.group(0), "author-year")
        for one in m.group(1).split(";"):
            mm = _ONE_AY.match(one.strip())
            if mm:
                c.names.append((mm.group("names").strip(), mm.group("year")))
                if mm.group("loc"):
                    c.locator = mm.group("loc").strip()
        if c.names:
            found.append(c)
    return sorted(found, key=lambda c: c.start)


def reference_index(refs: list[Reference]) -> tuple[set[int], dict[tuple[str, str], list[int]]]:
    """The reference numbers, and the numbers by (family key, year): built once per article."""
    numbers = {r.number for r in refs}
    by_key: dict[tuple[str, str], list[int]] = {}
    for r in refs:
        fam = first_family(r)
        year = r.fields.get("year", "")
        for name in filter(None, [fam, (r.translit_fields.get("authors") or [{}])[0].get("family")]):
            by_key.setdefault((family_key(name), year[:4]), [])
            if r.number not in by_key[(family_key(name), year[:4])]:
                by_key[(family_key(name), year[:4])].append(r.number)
    return numbers, by_key


def link(citations: list[Citation], refs: list[Reference], index=None) -> list[str]:
    """Set each citation's targets; return problems (out of range, unmatched, ambiguous) for the report.
    `index`: `reference_index(refs)`, when the caller links many blocks against the same list."""
    problems = []
    numbers, by_key = index if index is not None else reference_index(refs)
    for c in citations:
        if c.kind == "numeric":
            c.targets = [n for n in c.numbers if n in numbers]
            missing = [n for n in c.numbers if n not in numbers]
            if missing and refs:
                problems.append(f"citation {c.text} names reference(s) {missing} beyond the list of {len(refs)}")
        else:
            for names, year in c.names:
                key = (family_key(names), year[:4])
                hits = by_key.get(key, [])
                if len(hits) == 1:
                    c.targets.append(hits[0])
                elif len(hits) > 1:
                    problems.append(f"citation {c.text} is ambiguous: references {hits}")
                elif refs:
                    problems.append(f"citation {c.text} matches no reference")
    return problems


def link_citations(edition: Edition, ctx: Context) -> Edition:
    """Every article's citations found and linked to its reference list."""
    for doc in edition.docs:
        for art in doc.articles:
            link_article_citations(art, ctx.report)
    return edition


def link_article_citations(art: Article, report: Report) -> None:
    """Find and link the citations of every body paragraph and list item; report what does not fit."""
    cited: set[int] = set()
    index = None
    for b in art.body:
        texts = [(-1, b.text)] if b.kind == "paragraph" else list(enumerate(b.items)) if b.kind == "list" else []
        b.cites = {}
        for idx, text in texts:
            cites = find_citations(text)
            if not cites:
                continue
            if index is None:
                index = reference_index(art.references)
            for problem in link(cites, art.references, index):
                report.add(art.source, "doubt", problem, line=b.first, article=art.ordinal, code="citation.unlinked")
            for c in cites:
                cited.update(c.targets)
            b.cites[idx] = cites
    if art.references:
        never = [r.number for r in art.references if r.number not in cited]
        if never:
            report.add(art.source, "note", f"references never cited in the text: {never}", article=art.ordinal, code="citation.never_cited")
    elif any(b.cites for b in art.body):
        report.add(art.source, "note", "the text cites references but its reference list is not in the source; "
                   "an editor's BibTeX file in bibliography/ would link them", article=art.ordinal, code="citation.no_reference_list")


def count_citations(art) -> int:
    return sum(len(cs) for b in art.body for cs in b.cites.values())
