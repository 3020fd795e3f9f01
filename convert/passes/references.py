"""Reference lists: entries split, parsed into fields, the transliterated list paired with the original.

No well-kept parser reads the reference styles of these journals (Harvard-like "Author, I.I. (2020)
Title, Journal, 10 (2), pp. 1-5." and GOST "Author I.I. Title // Journal. – 2020. – №2. – С. 1-5."
in Russian, Kazakh and English, with a transliterated "References" copy), so these are rules, each
tested on real entries. A field the rules cannot find is left out, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from convert.text.labels import LETTER, LO, UP, letters
from convert.context import Context
from convert.model import Line, SourceDoc
from convert.passes.paragraphs import join_text

ENTRY_START = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+(?=\S)")
ENTRY_START_UNSPACED = re.compile(rf"^\s*()(\d{{1,3}})\.(?=[{UP}])")
ENTRY_START_BARE = re.compile(rf"^\s*()(\d{{1,3}})\s+(?=[{UP}])")
URL_RE = re.compile(r"<?(https?://[^\s<>]+[^\s<>.,;)\]])>?")
DOI_RE = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/[^\s<>\"»,;]+[^\s<>\"».,;)])",
                    re.IGNORECASE)
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
PAREN_YEAR_RE = re.compile(r"\(\s*((?:19|20)\d{2})[a-zа-я]?(?:\s*(?:г|ж|y|g|zh)\.?)?\s*\)")
ACCESS_RE = re.compile(r"\(?\s*(?:дата обращения|data obrashheniya|data obrashcheniya|accessed|date of access|"
                       r"қаралған күні|қаралды|кіру күні)\s*:?\s*([^)]+?)\s*\)?\s*(?=\[|$|\.\s*$)", re.IGNORECASE)
LANG_NOTE_RE = re.compile(r"\[\s*in\s+(russian|kazakh|english|uzbek|kyrgyz)\s*\]", re.IGNORECASE)
PAGES_RE = re.compile(r"(?:\b(?:стр|с|c|сс|pp?|б|бб|str|s|P|С|Б|Pp)\.\s*|\b(?:pages|pages?:)\s*)"
                      r"(\d+(?:\s*[-–—]\s*\d+)?)", re.IGNORECASE)
PLACE_PUBLISHER_RE = re.compile(rf"(?:^|[.;]\s*|\s[–—]\s*)([{UP}][{LO}]+(?:[- ][{UP}][{LO}]+)?)\s*:\s*"
                                rf"([^,.;:]*?(?:«[^»]+»|\"[^\"]+\")?[^,.;:]*?)\s*(?=,|\.|;|$)")
PERSON = re.compile(
    rf"(?P<family>[{UP}][{LO}'’]+(?:[-‑][{UP}]?[{LO}'’]+)*),?\s+(?P<given>(?:[{UP}][{LO}]?\.\s?-?){{1,3}}"
    rf"(?:\s?[{UP}][{LO}]?\.)?)"
    rf"|(?P<given2>(?:[{UP}][{LO}]?\.\s?-?){{1,3}})\s?(?P<family2>[{UP}][{LO}'’]+(?:[-‑][{UP}][{LO}'’]+)*)")


@dataclass
class Reference:
    number: int
    text: str  # as printed (without the number)
    line: int = 0
    fields: dict = field(default_factory=dict)
    translit: str | None = None  # the transliterated "References" entry paired with this one
    translit_fields: dict = field(default_factory=dict)
    key: str = ""
    renumbered_from: int | None = None  # the number printed, when another entry already had it


@dataclass
class ReferenceList:
    heading: str
    line: int
    entries: list[tuple[int, str, int]] = field(default_factory=list)  # (number, text, line)


def split_entries(lines: list[Line]) -> list[tuple[int, str, int]]:
    """Numbered entries of a list; a line without a number continues the entry before it."""
    out: list[tuple[int, str, int]] = []
    for ln in lines:
        t = ln.text.strip()
        if not t:
            continue
        m = ENTRY_START.match(t)
        if m and out:  # "1.\t4.Delentas A.": a list's automatic number before the number typed
            rest = t[m.end():]
            inner = ENTRY_START.match(rest) or ENTRY_START_UNSPACED.match(rest)
            if inner and int(inner.group(1) or inner.group(2)) == out[-1][0] + 1 != int(m.group(1) or m.group(2)):
                t, m = rest, inner
        if m and out and int(m.group(1) or m.group(2)) != out[-1][0] + 1 and (
                not t[m.end():][:1].isalpha() or re.search(r"[-–—]$", out[-1][1])
                or re.match(r"(?:DOI|URL|https?:)", t[m.end():], re.IGNORECASE)):
            m = None  # "12. -P. 1363-1372." or "P. 36-" / "47. DOI …": wrapped from the entry before
        if not m:  # "2.Serikbayeva A.M." with no space: an entry only as the next number of the list
            m = ENTRY_START_UNSPACED.match(t)
            if m and not 1 <= int(m.group(2)) - (out[-1][0] if out else 0) <= 2:  # next, or one lost its number
                m = None
        if not m and out:  # "2 Novikova & Logachova, 2018": a number without its full stop, the next one
            m = ENTRY_START_BARE.match(t)
            if m and int(m.group(2)) != out[-1][0] + 1:
                m = None
        if m:
            out.append((int(m.group(1) or m.group(2)), t[m.end():].strip(), ln.no))
        elif out:
            n, text, first = out[-1]
            out[-1] = (n, join_text(text, t), first)
        else:
            out.append((len(out) + 1, t, ln.no))  # an unnumbered list: number in order
    return out


def is_latin(text: str) -> bool:
    ls = letters(text)
    return bool(ls) and sum("a" <= c.lower() <= "z" for c in ls) > 0.8 * len(ls)


def renumber_duplicates(refs: list[Reference]) -> None:
    """A number printed twice (a typesetting slip, or an entry lost in extraction) would give two
    references one anchor and one BibTeX key: the later one takes the next free number and keeps the
    printed one in `renumbered_from` (assemble reports it)."""
    seen: set[int] = set()
    top = max((r.number for r in refs), default=0)
    for ref in refs:
        if ref.number in seen:
            top += 1
            ref.renumbered_from = ref.number
            ref.number = top
        seen.add(ref.number)


def pair_lists(lists: list[ReferenceList]) -> list[Reference]:
    """One reference per entry; a second, Latin-script list of the same length is the transliteration."""
    if not lists:
        return []
    main = lists[0]
    refs = [Reference(n, text, line) for n, text, line in main.entries]
    renumber_duplicates(refs)
    for other in lists[1:]:
        translit = is_latin(" ".join(t for _, t, _ in other.entries)) and not is_latin(
            " ".join(t for _, t, _ in main.entries))
        by_number = {n: text for n, text, _ in other.entries}
        if translit and len(other.entries) == len(main.entries):
            for ref, (_, text, _) in zip(refs, other.entries):
                ref.translit = text
        elif (translit and len(by_number) == len(other.entries) >= 0.8 * len(main.entries)
              and set(by_number) <= {r.number for r in refs}):
            # the transliterated list lost an entry or an entry's number: pair the others by number
            for ref in refs:
                ref.translit = by_number.get(ref.number)
        else:  # not a parallel list: its entries are references of their own, numbered after the others
            start = max((r.number for r in refs), default=0)
            refs += [Reference(start + i + 1, text, line) for i, (_, text, line) in enumerate(other.entries)]
    for ref in refs:
        ref.fields = parse_reference(ref.text)
        if ref.translit:
            ref.translit_fields = parse_reference(ref.translit)
    return refs


MONTHS = {
    1: ("январ", "yanvar", "january", "jan", "қаңтар"), 2: ("феврал", "fevral", "february", "feb", "ақпан"),
    3: ("март", "mart", "march", "mar", "наурыз"), 4: ("апрел", "aprel", "april", "apr", "сәуір"),
    5: ("мая", "май", "maya", "may", "мамыр"), 6: ("июн", "iyun", "june", "jun", "маусым"),
    7: ("июл", "iyul", "yulya", "july", "jul", "шілде"), 8: ("август", "avgust", "august", "aug", "тамыз"),
    9: ("сентябр", "sentyabr", "september", "sep", "қыркүйек"), 10: ("октябр", "oktyabr", "october", "oct", "қазан"),
    11: ("ноябр", "noyabr", "november", "nov", "қараша"), 12: ("декабр", "dekabr", "december", "dec", "желтоқсан"),
}


def iso_date(text: str) -> str | None:
    """"10 июля 2024 г." / "10.07.2024" / "July 10, 2024" → "2024-07-10"; None when it is not a date."""
    t = text.casefold()
    m = re.search(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b", t)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.search(r"\b(\d{1,2})\s+([^\W\d]+)\s+((?:19|20)\d{2})", t) or \
        re.search(r"\b([^\W\d]+)\s+(\d{1,2}),?\s+((?:19|20)\d{2})", t)
    if not m:
        return None
    day, word = (m.group(1), m.group(2)) if m.group(1).isdigit() else (m.group(2), m.group(1))
    for month, stems in MONTHS.items():
        if any(word.startswith(stem) for stem in stems):
            return f"{m.group(3)}-{month:02d}-{int(day):02d}"
    return None


def parse_people(text: str) -> list[dict]:
    """"Колесникова, В.А., Романенко, Д.Д." → [{'family': 'Колесникова', 'given': 'В.А.'}, …]."""
    people = []
    for m in PERSON.finditer(text):
        family = m.group("family") or m.group("family2")
        given = (m.group("given") or m.group("given2") or "").replace(" ", "")
        people.append({"family": family, "given": given})
    return people


def _strip(text: str) -> str:
    return text.strip(" .,;:–—-/")


def parse_reference(text: str) -> dict:
    """Fields of one entry: authors, year, title, container, volume, issue, pages, publisher, place,
    url, doi, urldate, language; with `type` article | book | online | misc."""
    f: dict = {}
    rest = text
    m = LANG_NOTE_RE.search(rest)
    if m:
        f["language"] = m.group(1).lower()
        rest = rest[:m.start()] + rest[m.end():]
    m = ACCESS_RE.search(rest)
    if m:
        f["urldate"] = iso_date(m.group(1)) or _strip(m.group(1))
        rest = rest[:m.start()] + rest[m.end():]
    m = DOI_RE.search(rest)
    if m:
        f["doi"] = m.group(1)
        rest = rest[:m.start()] + rest[m.end():]
    m = URL_RE.search(rest)
    if m:
        f["url"] = m.group(1)
        rest = rest[:m.start()] + rest[m.end():]
    rest = re.sub(r"(?:Доступно по ссылке|Dostupno po ssylke|Режим доступа|Rezhim dostupa|URL|Available at|"
                  r"Қолжетімді|Сілтеме)\s*:?\s*$", "", rest.strip(), flags=re.IGNORECASE).strip()
    rest = re.sub(r"(?:Доступно по ссылке|Dostupno po ssylke|Режим доступа|Rezhim dostupa|Available at)\s*:?\s*",
                  "", rest, flags=re.IGNORECASE)

    if "//" in rest:
        _parse_gost(rest, f)
    else:
        _parse_harvard(rest, f)
    if "pages" not in f:
        pages = PAGES_RE.findall(rest)
        if pages:
            f["pages"] = re.sub(r"\s*[-–—]\s*", "-", pages[-1])
    f["type"] = ("article" if f.get("container") and (f.get("volume") or f.get("pages"))
                 else "book" if f.get("publisher") else "online" if f.get("url") else "misc")
    return {k: v for k, v in f.items() if v}


def _parse_harvard(rest: str, f: dict) -> None:
    """"Бижанов, А.Х. (2005) Title, Container, 1, стр. 19-22." and "Справка … (2023). …"."""
    m = PAREN_YEAR_RE.search(rest)
    if not m:
        m2 = YEAR_RE.search(rest)
        if m2:
            f["year"] = m2.group(1)
        f["title"] = _strip(rest)
        return
    f["year"] = m.group(1)
    head, tail = rest[:m.start()].strip(), rest[m.end():].strip(" .")
    people = parse_people(head)
    if people and _covers(head, people):
        f["authors"] = people
    else:
        # no person before the year: the words there are the title (an institution's document)
        f["title"] = _strip(head)
    # editor / co-author statement after a slash ("… / Т. А. Нигматуллина, Л. О. Терновая.")
    if " / " in tail:
        tail, resp = tail.split(" / ", 1)
        pub = PLACE_PUBLISHER_RE.search(resp)
        if pub:
            f["place"], f["publisher"] = pub.group(1), _strip(pub.group(2))
            resp = resp[:pub.start()]
    quoted = re.match(r"^[«'‘\"“](.+?)[»'’\"”]\s*[,.]\s*(.*)$", tail)
    if quoted:
        f["title"] = quoted.group(1).strip()
        after = quoted.group(2)
    elif "title" not in f:
        parts = split_outside_quotes(tail)
        f["title"] = parts[0] if parts else ""
        after = ", ".join(parts[1:])
    else:
        after = tail
    if "title" in f and "publisher" not in f:
        pub = PLACE_PUBLISHER_RE.search(f["title"])
        if pub and pub.start() > 10:
            f["place"], f["publisher"] = pub.group(1), _strip(pub.group(2))
            f["title"] = _strip(f["title"][:pub.start()])
    _parse_container(after, f)


def _parse_container(after: str, f: dict) -> None:
    """"Container, 10 (2), pp. 1-5": the container's name, volume, number and pages."""
    pm = PAGES_RE.search(after)
    pages = pm.group(1) if pm else None
    if pm:
        after = after[:pm.start()]
    after = _strip(after)
    if after:
        bits = [b.strip() for b in after.split(",") if b.strip()]
        container = []
        for b in bits:
            vm = re.fullmatch(r"(\d+[A-Za-zА-Яа-я]?)\s*(?:\((\d+)\))?", b)
            if vm and container:
                if "volume" not in f:
                    f["volume"] = vm.group(1)
                    if vm.group(2):
                        f["number"] = vm.group(2)
                elif "number" not in f:
                    f["number"] = vm.group(1)
            elif not f.get("volume"):
                container.append(b)
        if container:
            f["container"] = ", ".join(container)
    if pages:
        f["pages"] = re.sub(r"\s*[-–—]\s*", "-", pages)


def split_outside_quotes(text: str) -> list[str]:
    """Split on ", " except inside «…», “…” or (…)."""
    parts, buf, depth = [], [], 0
    for i, ch in enumerate(text):
        if ch in "«“(":
            depth += 1
        elif ch in "»”)" and depth:
            depth -= 1
        if ch == "," and depth == 0 and text[i + 1:i + 2] == " ":
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def _parse_gost(rest: str, f: dict) -> None:
    """"Иванов И.И. Заглавие // Журнал. – 2020. – Т. 5, №2. – С. 10-20."."""
    head, _, tail = rest.partition("//")
    people = parse_people(head[:80])
    if people:
        f["authors"] = people
        last = list(PERSON.finditer(head[:80]))[len(people) - 1]
        head = head[last.end():]
    f["title"] = _strip(head.split(" / ")[0])
    parts = [p.strip() for p in re.split(r"\s[–—-]\s", tail)]
    f["container"] = _strip(parts[0]) if parts else ""
    for p in parts[1:]:
        if YEAR_RE.fullmatch(_strip(p)):
            f["year"] = _strip(p)
        vm = re.search(r"(?:Т|Vol|Т\.|Том)\.?\s*(\d+)", p)
        if vm:
            f["volume"] = vm.group(1)
        nm = re.search(r"(?:№|No\.?|N)\s*(\d+)", p)
        if nm:
            f["number"] = nm.group(1)
        pm = PAGES_RE.search(p)
        if pm:
            f["pages"] = re.sub(r"\s*[-–—]\s*", "-", pm.group(1))
    if "year" not in f:
        ym = YEAR_RE.search(tail)
        if ym:
            f["year"] = ym.group(1)


def _covers(head: str, people: list[dict]) -> bool:
    """The names found account for (nearly) all the letters before the year."""
    named = sum(len(letters(p["family"] + p["given"])) for p in people)
    return named >= 0.8 * len(letters(head))


@lru_cache(maxsize=1 << 16)
def family_key(name: str) -> str:
    """A family name folded for matching citations to references across scripts."""
    from convert.text.slugs import transliterate

    first_word = re.split(r"[\s,]+", name.strip())[0]
    return re.sub(r"[^a-z]", "", transliterate(first_word))[:6]


def first_family(ref: Reference) -> str | None:
    authors = ref.fields.get("authors")
    if authors:
        return authors[0]["family"]
    title = ref.fields.get("title") or ref.text
    m = re.match(rf"[{LETTER}]+", title)
    return m.group(0) if m else None


def parse_references(doc: SourceDoc, ctx: Context) -> SourceDoc:
    """Each article's reference lists as numbered, parsed entries, the transliterated list paired."""
    for art in doc.articles:
        art.references = pair_lists(art.ref_lists)
        art.references_from = "text" if art.references else ""
        for ref in art.references:
            if ref.renumbered_from is not None:
                ctx.report.add(doc.name, "doubt", f"reference number {ref.renumbered_from} is printed twice in the "
                               f"list: the later entry is numbered {ref.number}; citations of "
                               f"[{ref.renumbered_from}] link to the first", line=ref.line, article=art.ordinal,
                               code="reference.renumbered")
    return doc

