"""The journal's own table of contents, as evidence of its articles (convert/passes/contents.py, contents_evidence.py).

No source file holds an issue with a contents list, so one is built here from a real file: the PDF text of a
realworld manuscript bundle (../shared/realworld/, read from there), with a cover, an editorial board in three
languages and a contents list prepended (or appended) whose entries — titles, authors, first pages — are
written from the hand-read expectations (tests/expected/realworld/), never from converter output. The
listed pages count the three prepended pages: the issue's first article starts on page 4.
"""
from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from pathlib import Path

import pytest

import realworld_expectations as expected
from convert.model import Line, Report
from convert.passes.contents import find_lists, parse_entry, read_entries
from convert.pipeline import convert_source
from realworld_text import REALWORLD, text_of

NAME = "vestnik-kazutb-2025-no1-26-chemistry-manuscripts.pdf"  # no page numbers printed: pages from the contents
COVER = "ҚазТБУ ХАБАРШЫСЫ\nВЕСТНИК КазУТБ\nVESTNIK KazUTB\n\n№1(26) 2025\nISSN 2708-4132\n\nАстана\n\f"
BOARD = ("РЕДАКЦИЯЛЫҚ АЛҚА\nБас редактор\nА.Б. Сейтқали – техника ғылымдарының докторы, профессор (Қазақстан)\n"
         "С.Т. Омарова – химия ғылымдарының кандидаты, қауымдастырылған профессор (Қазақстан)\n\n"
         "РЕДАКЦИОННАЯ КОЛЛЕГИЯ\nГлавный редактор\nА.Б. Сейткали – доктор технических наук, профессор (Казахстан)\n"
         "С.Т. Омарова – кандидат химических наук, ассоциированный профессор (Казахстан)\n\n"
         "EDITORIAL BOARD\nEditor-in-chief\nA.B. Seitkali – Doctor of Technical Sciences, Professor (Kazakhstan)\n"
         "S.T. Omarova – Candidate of Chemical Sciences, Associate Professor (Kazakhstan)\n\f")
FRONT_PAGES = 2 + 1  # cover, board, one contents page per list (the lists below share one page)
HEADINGS = {"kk": "МАЗМҰНЫ", "ru": "СОДЕРЖАНИЕ", "en": "CONTENTS"}
SECTION = {"kk": "ХИМИЯ", "ru": "ХИМИЯ", "en": "CHEMISTRY"}
KEYWORD_LABEL = re.compile(r"(?m)^(?:Keywords|Key words|Ключевые слова|Түйін сөздер|Түйінді сөздер)\s*:?\s*")

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not beside the clone")


def contents_page(arts: list[dict], langs: tuple, heading: bool = True, shift: int = FRONT_PAGES,
                  extra: list[str] = ()) -> str:
    """A contents list per language, as KazUTB-like journals print them: section, authors, the title in
    capitals over lines, a dot leader and the first page."""
    out = []
    for lang in langs:
        out += [HEADINGS[lang] + "\n"] if heading else []
        out.append(SECTION[lang] + "\n")
        for a in arts:
            lines = textwrap.wrap(a["titles"][lang], 70)
            lines[-1] += " " + "." * 12 + " " + str(a["start"]["page"] + shift)
            out.append(", ".join(a["authors"][lang]) + "\n" + "\n".join(lines) + "\n")
        out += [f"{t} ............ 99\n" for t in extra]
    return "\n".join(out) + "\f"


def without_cues(text: str, arts: list[dict], k: int) -> str:
    """The text with article k's classification line and keyword labels taken out."""
    starts = [text.index(a["start"]["snippet"]) for a in arts]
    a, b = starts[k], starts[k + 1] if k + 1 < len(starts) else len(text)
    piece = text[a:b].replace(arts[k]["start"]["snippet"] + "\n", "", 1)
    return text[:a] + KEYWORD_LABEL.sub("", piece) + text[b:]


@lru_cache(maxsize=None)
def plain_text() -> str:
    return text_of(REALWORLD / NAME)


@lru_cache(maxsize=None)
def convert(text: str, tmp: str):
    path = Path(tmp) / f"issue-{abs(hash(text)) % 10**8}.txt"
    path.write_text(text, encoding="utf-8")
    report = Report()
    return convert_source(path, {}, report), report


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return str(tmp_path_factory.mktemp("contents"))


def facts(doc) -> list[tuple]:
    return [(a.kind, tuple(sorted(a.titles.items())), tuple(sorted((k, tuple(v)) for k, v in a.keywords.items())),
             tuple(tuple(sorted(x.names.items())) for x in a.authors)) for a in doc.articles]


def expected_pages(arts: list[dict], shift: int) -> list[tuple[int, int]]:
    firsts = [a["start"]["page"] + shift for a in arts]
    last = plain_text().count("\f") + shift  # pdftotext ends every page with a form feed
    return list(zip(firsts, [f - 1 for f in firsts[1:]] + [last]))


LAYOUTS = {
    "front, a list per language under its heading": lambda arts, text: COVER + BOARD + contents_page(
        arts, ("kk", "ru", "en")) + text,
    "front, one Russian list without a heading": lambda arts, text: COVER + BOARD + contents_page(
        arts, ("ru",), heading=False) + text,
    "back, one English list": lambda arts, text: COVER + BOARD + text + contents_page(arts, ("en",), shift=2),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_issue_with_cover_board_and_contents_gives_the_same_articles(layout, tmp):
    arts = expected.load(NAME)
    alone, _ = convert(plain_text(), tmp)
    doc, report = convert(LAYOUTS[layout](arts, plain_text()), tmp)
    assert facts(doc) == facts(alone)
    assert len(doc.articles) == len(arts)
    assert [m.what for m in doc.matter if m.published] == []
    assert sorted(m.what for m in doc.matter) == sorted(["front"] + ["contents"] * (3 if "per language" in layout else 1))
    board_end = max(m.last_line for m in doc.matter if m.what == "front")
    assert doc.articles[0].first_line > board_end
    shift = 2 if layout.startswith("back") else FRONT_PAGES
    assert [a.pages for a in doc.articles] == expected_pages(arts, shift)
    assert [e["code"] for e in report.entries if e["code"].startswith("contents.") and e["kind"] == "doubt"] == []


@pytest.mark.parametrize("k", [1, 2, 4])
def test_an_article_without_classification_line_and_keyword_labels_is_split_off_by_the_contents(k, tmp):
    arts = expected.load(NAME)
    bare = without_cues(plain_text(), arts, k)
    merged, _ = convert(bare, tmp)
    assert len(merged.articles) < len(arts)  # without the contents it merges into its neighbour
    doc, _ = convert(COVER + BOARD + contents_page(arts, ("kk", "ru", "en")) + bare, tmp)
    assert [a.kind for a in doc.articles] == ["article"] * len(arts)
    got = doc.articles[k]
    assert {lang: expected.norm(t) for lang, t in got.titles.items()} == \
        {lang: expected.norm(t) for lang, t in arts[k]["titles"].items()}
    assert len(got.authors) == arts[k]["author_count"]
    assert [expected.norm(a.titles["en"]) for n, a in enumerate(doc.articles) if n != k] == \
        [expected.norm(a["titles"]["en"]) for n, a in enumerate(arts) if n != k]


def test_a_list_in_one_language_finds_the_blocks_printed_before_its_title(tmp):
    """The Russian list names each article once; an article whose front opens with its English block,
    cues taken out, still starts at that block."""
    arts = expected.load(NAME)
    k = 2
    assert arts[k]["language_order"][0] != "ru"
    doc, _ = convert(COVER + BOARD + contents_page(arts, ("ru",), heading=False) + without_cues(plain_text(), arts, k), tmp)
    got = doc.articles[k]
    assert set(got.titles) == {"kk", "ru", "en"}
    assert expected.norm(got.titles["en"]) == expected.norm(arts[k]["titles"]["en"])
    assert [a.pages for a in doc.articles] == expected_pages(arts, FRONT_PAGES)


def test_an_entry_that_matches_nothing_and_an_article_not_listed_are_reported(tmp):
    arts = expected.load(NAME)
    stray = "ON THE THERMAL CONDUCTIVITY OF ALLOYS THAT THIS ISSUE DOES NOT PRINT"
    listed = [a for n, a in enumerate(arts) if n != 3]
    doc, report = convert(COVER + BOARD + contents_page(listed, ("en",), extra=[stray]) + plain_text(), tmp)
    alone, _ = convert(plain_text(), tmp)
    assert facts(doc) == facts(alone)
    missing = report.find("contents.entry_not_found", doc.name)
    assert [e["text"] for e in missing] == [stray]
    assert "catalog.yml" in missing[0]["message"]
    unlisted = report.find("contents.article_not_listed", doc.name)
    assert [e["article"] for e in unlisted] == [4]


def test_a_title_the_front_matter_lacks_comes_from_the_contents(tmp):
    arts = expected.load(NAME)
    text = plain_text()
    kk = arts[0]["titles"]["kk"]
    first_line = kk.split()[0]
    start = text.index(first_line)  # the kk title's first printed line: its lines taken out
    end = text.index("\n", text.index(kk.split()[-1], start))
    doc, report = convert(COVER + BOARD + contents_page(arts, ("kk", "ru", "en")) + text[:start] + text[end + 1:], tmp)
    assert expected.norm(doc.articles[0].printed_titles.get("kk", doc.articles[0].titles["kk"])) == expected.norm(kk)
    assert [e["article"] for e in report.find("contents.title_from_contents", doc.name)] == [1]


def test_articles_in_another_order_than_the_contents_give_the_same_articles(tmp):
    """The property of the issue, with the contents as evidence: the articles put in reverse order after
    the same contents list convert to the same articles (its pages then disagree with the text: reported)."""
    arts = expected.load(NAME)
    text = plain_text()
    starts = [text.index(a["start"]["snippet"]) for a in arts]
    pieces = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    front = COVER + BOARD + contents_page(arts, ("kk", "ru", "en"))
    doc, _ = convert(front + text, tmp)
    again, _ = convert(front + "".join(reversed(pieces)), tmp)
    assert sorted(f[1:] for f in facts(again)) == sorted(f[1:] for f in facts(doc))


def lines_of(text: str) -> list[Line]:
    return [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]


def test_entries_parsed_with_sections_authors_and_titles_over_lines():
    text = """CONTENTS
ECONOMICS
A.B. Ivanov, C.D. Petrova
THE FIRST TITLE, PRINTED IN CAPITALS
OVER TWO LINES ........................ 5

Ivanov A.B., Sidorov E.F. A second title in sentence case …… 17
THE THIRD TITLE
G.H. Akhmetova, I.J. Omarov ......... 29
CHEMISTRY
K.L. Nurlanov
The fourth title .......... 41"""
    lines = lines_of(text)
    (heading, run), = find_lists(lines)
    assert heading == 0
    entries = read_entries(lines, heading, run)
    assert [e.first_page for e in entries] == [5, 17, 29, 41]
    assert [e.titles["en"] for e in entries] == ["THE FIRST TITLE, PRINTED IN CAPITALS OVER TWO LINES",
                                                 "A second title in sentence case", "THE THIRD TITLE",
                                                 "The fourth title"]
    assert [e.authors["en"] for e in entries] == ["A.B. Ivanov, C.D. Petrova", "Ivanov A.B., Sidorov E.F.",
                                                  "G.H. Akhmetova, I.J. Omarov", "K.L. Nurlanov"]
    assert [e.section for e in entries] == ["ECONOMICS", "ECONOMICS", "ECONOMICS", "CHEMISTRY"]


def test_lines_ending_in_numbers_that_are_no_contents_list():
    references = """1. Ivanov A.B. Coal chemistry. – Almaty: Gylym, 2019. – 256 p.
2. Petrov C.D. Fulvic acids // Journal of Coal. – 2020. – Vol. 5. – P. 12-15
3. Sidorov E.F. Humic substances. – Astana, 2021. – 112"""
    table = "Ash content, %\t12\nMoisture, %\t14\nVolatile matter, %\t31\nSulphur, %\t40"
    going_back = "A title .......... 30\nAnother title ........ 12\nA third ....... 7"
    assert find_lists(lines_of(references)) == []
    assert find_lists(lines_of(table)) == []  # a table's rows: a tab, no leader, no heading
    assert find_lists(lines_of(going_back)) == []
    assert parse_entry(["ХИМИЯ", "", "А.Б. Иванов"], "ЗАГОЛОВОК СТАТЬИ") == ("ХИМИЯ", "А.Б. Иванов", "ЗАГОЛОВОК СТАТЬИ")


LOOK_ALIKES = str.maketrans("АВСЕНКМОРТХасеорху", "ABCEHKMOPTXaceopxy")  # the PDF's Latin fonts set Latin


def front_pdf_pages(arts: list[dict]) -> list[list[tuple]]:
    """Cover, board and an English contents page as a PDF's pages (tests/pdf_factory.py: Latin fonts only)."""
    cover = [(200, 200, 20, "bold", "VESTNIK KazUTB"), (250, 240, 14, "regular", "No 1(26) 2025"),
             (240, 280, 12, "regular", "ISSN 2708-4132")]
    board = [(250, 80, 14, "bold", "EDITORIAL BOARD"), (72, 110, 11, "regular", "Editor-in-chief"),
             (72, 130, 11, "regular", "A.B. Seitkali - Doctor of Technical Sciences, Professor (Kazakhstan)"),
             (72, 150, 11, "regular", "S.T. Omarova - Candidate of Chemical Sciences, Associate Professor (Kazakhstan)")]
    toc, y = [(260, 60, 14, "bold", "CONTENTS"), (72, 90, 11, "bold", "CHEMISTRY")], 120
    for a in arts:
        toc.append((72, y, 10, "italic", ", ".join(a["authors"]["en"]).translate(LOOK_ALIKES)))
        lines = textwrap.wrap(a["titles"]["en"], 80)
        lines[-1] += " " + "." * 10 + " " + str(a["start"]["page"] + FRONT_PAGES)
        for t in lines:
            y += 14
            toc.append((72, y, 10, "regular", t))
        y += 24
    return [cover, board, toc]


def test_the_pdf_reader_reads_the_contents_of_an_issue_pdf(tmp_path):
    """The same evidence through the converter's PDF reader: the real PDF with three pages put before it."""
    import pikepdf

    from pdf_factory import pdf_bytes

    arts = expected.load(NAME)
    front = tmp_path / "front.pdf"
    front.write_bytes(pdf_bytes(front_pdf_pages(arts)))
    issue = pikepdf.Pdf.open(front)
    with pikepdf.Pdf.open(REALWORLD / NAME) as real:
        issue.pages.extend(real.pages)
        issue.save(tmp_path / "issue.pdf")
    doc = convert_source(tmp_path / "issue.pdf", {}, Report())
    alone = convert_source(REALWORLD / NAME, {}, Report())
    assert facts(doc) == facts(alone)
    assert [a.pages for a in doc.articles] == expected_pages(arts, FRONT_PAGES)
    assert [a.pdf_pages for a in doc.articles] == expected_pages(arts, FRONT_PAGES)
    assert sorted((m.what, m.published) for m in doc.matter) == [("contents", False), ("front", False)]


@pytest.mark.parametrize("shift", [0, 5])
def test_the_texts_own_page_numbers_decide_and_a_contents_that_disagrees_is_reported(shift, tmp):
    """The mining PDF prints its page numbers (from 1, on its own pages). A contents list that lists those
    numbers agrees; one whose pages are 5 more is reported for every article, and the text's numbers stay."""
    name = "vestnik-kazutb-2025-no1-26-mining-manuscripts.pdf"
    arts = expected.load(name)
    text = text_of(REALWORLD / name)
    doc, report = convert(COVER + BOARD + contents_page(arts, ("kk", "ru", "en"), shift=shift) + text, tmp)
    assert [a.pages[0] for a in doc.articles] == [a["start"]["page"] for a in arts]
    disagree = report.find("contents.pages_disagree", doc.name)
    assert [e["article"] for e in disagree] == ([] if shift == 0 else list(range(1, len(arts) + 1)))
    assert all("catalog.yml" in e["message"] for e in disagree)


def test_a_word_contents_field_is_a_list_without_a_heading():
    """Word's automatic contents: a tab before the page (its dots are the tab's leader, not text), the
    paragraphs in the "TOC 1" style."""
    from convert.model import Layout

    toc = ["A.B. Ivanov\tTHE FIRST TITLE\t5", "C.D. Petrova\tTHE SECOND TITLE\t17", "E.F. Sidorov\tTHE THIRD TITLE\t29"]
    styled = [Line(i + 1, t, layout=Layout(style="TOC 1")) for i, t in enumerate(toc)]
    assert find_lists(lines_of("\n".join(toc))) == []  # tabs alone, no heading: a table's rows as well
    (heading, run), = find_lists(styled)
    assert heading is None and [e.page for e in run] == [5, 17, 29]


def test_a_word_texts_form_feeds_are_no_pages_the_listing_decides(tmp):
    """Word's plain text has a form feed only where a page was broken by hand (between the articles): its
    "pages" do not follow the listed ones, so each range ends before the next listed article, and the last
    article's end, which nothing gives, is left to catalog.yml."""
    name = "vestnik-kazutb-2025-no1-26-chemistry-manuscripts.docx"
    arts = [dict(a, start={"page": page}) for a, page in zip(expected.load(name), (5, 17, 29, 41, 53))]
    text = text_of(REALWORLD / name)
    doc, _ = convert(COVER + BOARD + contents_page(arts, ("kk", "ru", "en"), shift=0) + text, tmp)
    alone, _ = convert(text, tmp)
    assert facts(doc) == facts(alone)
    assert [a.pages for a in doc.articles] == [(5, 16), (17, 28), (29, 40), (41, 52), None]
