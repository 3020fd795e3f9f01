"""The PDF reader on PDFs the tests make (tests/pdf_factory.py), good and bad, and on the realworld PDFs:
lines with their layout, page numbers and page ranges, galleys, and every bad file reported, never lost."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from convert.__main__ import convert_folder
from convert.model import Report
from convert.pipeline import convert_source
from convert.read.pdf import read_pdf
from convert.read.pdf_open import xref_damage
from convert.read.notes import ReadNotes, SourceError
from convert.read.source import read_source
from pdf_factory import article_pages, pdf_bytes
from realworld_text import REALWORLD

MINING = REALWORLD / "vestnik-kazutb-2025-no1-26-mining-manuscripts.pdf"
realworld = pytest.mark.skipif(not MINING.exists(), reason="../shared/realworld is not beside the clone")


def article_pdf(tmp_path: Path, name: str = "article.pdf", **kw) -> Path:
    pages = article_pages(**kw)
    pages[0][4:4] = [(60, 130, 10, "regular", "Abstract. The article studies small samples of the region."),
                     (60, 142, 10, "regular", "Keywords: samples, region, method")]
    path = tmp_path / name
    path.write_bytes(pdf_bytes(pages))
    return path


def test_lines_carry_page_position_size_and_weight(tmp_path):
    lines = read_pdf(article_pdf(tmp_path), ReadNotes())
    by_text = {ln.text: ln for ln in lines}
    title = by_text["A STUDY OF SMALL SAMPLES"]
    assert (title.layout.page, title.layout.size, title.layout.bold, title.layout.italic) == (1, 14, True, False)
    assert (title.layout.x, title.layout.y) == (90, 80)
    affiliation = by_text["University of Testing, Astana, Kazakhstan"]
    assert affiliation.layout.italic and not affiliation.layout.bold and affiliation.layout.size == 10
    assert [ln.layout.page for ln in lines if ln.text in ("57", "58", "59")] == [1, 2, 3]
    # a page's first line starts a page; the blank lines are where the spacing opens a block
    starts = [ln.text for ln in lines if ln.page_start]
    assert starts == ["collected in the region and the results were compared with the data of earlier",
                      "were compared with the data of earlier studies carried out by other authors The"]
    assert [ln.no for ln in lines] == list(range(1, len(lines) + 1))


def test_an_article_gets_its_printed_page_range(tmp_path):
    doc = convert_source(article_pdf(tmp_path), {}, Report())
    (art,) = doc.articles
    assert art.printed_titles == {"en": "A STUDY OF SMALL SAMPLES"}
    assert art.pages == (57, 59) and art.pdf_pages == (1, 3)
    assert doc.format == "pdf"


def test_page_numbers_that_do_not_follow_the_pages_set_no_range(tmp_path):
    pages = article_pages()
    for p, number in zip(pages, (57, 12, 58)):  # a printed number out of order on every other page
        p[-1] = (290, 800, 10, "regular", str(number))
    pages[0][4:4] = [(60, 130, 10, "regular", "Abstract. The article studies small samples of the region."),
                     (60, 142, 10, "regular", "Keywords: samples, region, method")]
    path = tmp_path / "odd.pdf"
    path.write_bytes(pdf_bytes(pages))
    report = Report()
    doc = convert_source(path, {}, report)
    assert doc.articles[0].pages is None
    assert report.find("pages.inconsistent", "odd.pdf")


def test_a_damaged_cross_reference_table_is_read_and_reported(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(pdf_bytes(article_pages(), broken_xref=True))
    assert xref_damage(path.read_bytes())
    assert not xref_damage(pdf_bytes(article_pages()))
    report = Report()
    doc = read_source(path, report)
    assert any(ln.text == "A STUDY OF SMALL SAMPLES" for ln in doc.lines)
    (entry,) = report.find("read.pdf_damaged", "damaged.pdf")
    assert entry["kind"] == "doubt" and "damaged" in entry["message"]


@pytest.mark.parametrize("make, expect", [
    ("encrypted", "password"),
    ("scan", "no text layer on any of its 2 page(s)"),
    ("truncated", "damaged beyond repair"),
    ("not_pdf", "not a PDF file"),
    ("empty", "not a PDF file: it is empty"),
])
def test_a_pdf_that_cannot_be_read_is_refused_with_what_to_do(tmp_path, make, expect):
    good = article_pdf(tmp_path, "good.pdf")
    path = tmp_path / f"{make}.pdf"
    if make == "encrypted":
        with pikepdf.open(good) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="reader"))
    elif make == "scan":
        with pikepdf.new() as pdf:
            pdf.add_blank_page()
            pdf.add_blank_page()
            pdf.save(path)
    elif make == "truncated":
        path.write_bytes(good.read_bytes()[:900])
    elif make == "not_pdf":
        path.write_bytes(bytes(range(256)) * 8)
    else:
        path.write_bytes(b"")
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert expect in err.value.message
    report = Report()
    assert convert_source(path, {}, report) is None
    (entry,) = report.find("source.unreadable", path.name)
    assert expect in entry["message"] and "the rest of the edition built" in entry["message"]


def test_a_pdf_with_an_owner_password_only_is_read(tmp_path):
    path = tmp_path / "restricted.pdf"
    with pikepdf.open(article_pdf(tmp_path)) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user=""))
    doc = convert_source(path, {}, Report())
    assert doc.articles[0].printed_titles == {"en": "A STUDY OF SMALL SAMPLES"}


def test_pages_without_text_are_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "mixed.pdf"
    with pikepdf.open(article_pdf(tmp_path)) as pdf:
        pdf.pages.insert(1, pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842])))
        pdf.save(path)
    notes = ReadNotes()
    lines = read_pdf(path, notes)
    assert [n[3] for n in notes.items] == ["read.pdf_page_no_text"]
    assert "page(s) 2 of 4" in notes.items[0][1]
    assert {ln.layout.page for ln in lines} == {1, 3, 4}


def test_a_thousand_pages_are_read(tmp_path):
    pages = [[(60, 100, 11, "regular", f"Line of page {p + 1}."), (290, 800, 10, "regular", str(p + 1))]
             for p in range(1000)]
    path = tmp_path / "volume.pdf"
    path.write_bytes(pdf_bytes(pages))
    lines = read_pdf(path, ReadNotes())
    assert sum(1 for ln in lines if ln.text.startswith("Line of page")) == 1000
    assert lines[-1].layout.page == 1000


def test_files_that_are_not_sources_are_reported_not_read(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    article_pdf(src)
    (src / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (src / "issue.odt").write_bytes(b"PK\x03\x04")
    (src / "catalog.yml").write_text("journals: {}\n", encoding="utf-8")
    report, records = convert_folder(src, tmp_path / "docs")
    said = {e["source"]: e["message"] for e in report.entries if e["code"] == "source.unsupported_type"}
    assert set(said) == {"old.doc", "issue.odt"}
    assert "save it as .docx" in said["old.doc"]
    assert [r["source"] for r in records] == ["article.pdf"]


def test_galley_of_a_pdf_article_and_the_editors_own_galley(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    article_pdf(src, "issue.pdf", n_pages=3)
    docs = tmp_path / "docs"
    report, records = convert_folder(src, docs)
    (rec,) = records
    galley = docs / rec["pdf"]
    with pikepdf.open(galley) as pdf:
        assert len(pdf.pages) == 3
    page = (docs / rec["url"].replace(".html", ".md")).read_text(encoding="utf-8")
    assert f'href="{galley.name}"' in page and ["citation_pdf_url", galley.name] in _highwire(page)
    # the contents link the article's HTML and its galley
    contents = (docs / Path(rec["url"]).parent / "index.md").read_text(encoding="utf-8")
    assert f'<a class="toc-pdf" href="{galley.name}" type="application/pdf">PDF</a>' in contents
    assert f'<a class="toc-html" href="{Path(rec["url"]).name}">HTML</a>' in contents
    first = galley.read_bytes()
    convert_folder(src, tmp_path / "docs2")
    assert (tmp_path / "docs2" / rec["pdf"]).read_bytes() == first  # the same bytes every build
    # the editor's PDF of the article replaces the cut one; one that matches no article is reported
    own = src / "galleys" / Path(rec["url"]).with_suffix(".pdf")
    own.parent.mkdir(parents=True)
    own.write_bytes(pdf_bytes([[(60, 100, 11, "regular", "The typeset galley.")]]))
    (src / "galleys" / "stray.pdf").write_bytes(own.read_bytes())
    report, records = convert_folder(src, tmp_path / "docs3")
    assert (tmp_path / "docs3" / records[0]["pdf"]).read_bytes() == own.read_bytes()
    (entry,) = [e for e in report.entries if e["code"] == "galley.unmatched"]
    assert entry["source"] == "galleys/stray.pdf"


def _highwire(page: str) -> list[list[str]]:
    import yaml

    return yaml.safe_load(page.split("---\n")[1])["head"]["highwire"]


@realworld
def test_realworld_pdf_page_ranges_and_galleys(tmp_path):
    """Each article of the mining section starts on a new page; its printed numbers run 1-78. The ranges
    were read from the PDF's pages by a person (the first page of each article and the last of its
    references)."""
    src = tmp_path / "sources"
    src.mkdir()
    (src / MINING.name).symlink_to(MINING)
    docs = tmp_path / "docs"
    report, records = convert_folder(src, docs)
    pages = [tuple(r["pages"].values()) for r in records]
    assert pages == [(1, 14), (15, 23), (24, 42), (43, 58), (59, 64), (65, 78)]
    second = docs / records[1]["pdf"]
    with pikepdf.open(second) as pdf:
        assert len(pdf.pages) == 9
    text = subprocess.run(["pdftotext", "-l", "1", str(second), "-"], capture_output=True, text=True).stdout
    assert text.split("\n")[:2] == ["ҒТАМР 52.45.19", "НАТРИЙ СУЛЬФИДІНІҢ ҚОСҚҰДЫҚ КЕН ОРЫНДАРЫНЫҢ ТОТЫҚҚАН"]


def test_running_heads_found_by_position_and_repetition(tmp_path):
    """A typeset issue: the journal's name atop even pages, the article's short title atop odd ones, the
    page number in the head; neither says "journal" in words the text rules know."""
    pages = article_pages(n_pages=6, first_number=101)
    for p, lines in enumerate(pages):
        number = 101 + p
        lines.pop()  # no page number at the foot
        head = f"{number}   Small Samples Quarterly, Volume 3, 2025" if number % 2 == 0 else \
            f"A study of small samples   {number}"
        lines.insert(0, (60, 40, 9, "italic", head))
    pages[0][5:5] = [(60, 130, 10, "regular", "Abstract. The article studies small samples of the region."),
                     (60, 142, 10, "regular", "Keywords: samples, region, method")]
    path = tmp_path / "typeset.pdf"
    path.write_bytes(pdf_bytes(pages))
    report = Report()
    doc = convert_source(path, {}, report)
    removed = [e["text"] for e in report.entries if e["code"] == "furniture.margin_repeat"]
    assert len(removed) == 6 and all("Small Samples Quarterly" in t or "A study of small samples" in t for t in removed)
    (art,) = doc.articles
    assert art.pages == (101, 106)
    body = " ".join(b.text for b in art.body)
    assert "Quarterly" not in body and "The method was applied" in body


def test_word_gaps_without_a_space_character_are_spaces(tmp_path):
    """Glyphs set a word apart with no space character between them (positioned text, as Word's PDF
    export writes author lists) are two words; the narrow glyph of a full stop is not a gap."""
    lines = [(60, 100, 11, "regular", ["M.K.", 120, "Kazankapova,", 280, "B.T.", 40, "Yermagambet"]),
             (60, 130, 11, "regular", "IRSTI 06.81.23")]
    path = tmp_path / "gaps.pdf"
    path.write_bytes(pdf_bytes([lines]))
    assert [ln.text for ln in read_pdf(path, ReadNotes()) if ln.text] == ["M.K. Kazankapova, B.T.Yermagambet",
                                                                      "IRSTI 06.81.23"]


def _table_article(tmp_path: Path, continued: bool = False) -> Path:
    """An article with a ruled table: «Concentration» merged over two columns, «Samples» broken by its
    narrow cell ("Sampl" / "es"); with `continued`, the table goes on atop the next page."""
    from pdf_factory import ruled_table

    first = [(60, 60, 10, "regular", "IRSTI 06.81.23"), (90, 80, 14, "bold", "A STUDY OF SMALL SAMPLES"),
             (200, 100, 11, "bold", "A.B. Author"),
             (60, 130, 10, "regular", "Abstract. The article studies small samples of the region."),
             (60, 142, 10, "regular", "Keywords: samples, region, method"),
             (60, 170, 11, "regular", "The samples were dried and weighed; the results are in Table 1."),
             (60, 200, 11, "regular", "Table 1 – Mass of the samples")]
    xs, ys = [60, 100, 220, 340], [210, 250, 275, 300]
    first += ruled_table(xs, ys, [(0, 0, ["Sampl", "es"]), (0, 1, ["Concentration"]), (1, 0, ["A"]),
                                  (1, 1, ["3,70"]), (1, 2, ["0,632"]), (2, 0, ["B"]), (2, 1, ["3,95"]),
                                  (2, 2, ["0,675"])], merged={(0, 1)})
    pages = [first]
    if continued:
        pages.append(ruled_table(xs, [60, 100, 125], [(0, 0, ["Sampl", "es"]), (0, 1, ["Concentration"]),
                                                    (1, 0, ["C"]), (1, 1, ["4,10"]), (1, 2, ["0,701"])],
                                 merged={(0, 1)}))
        pages[-1].append((60, 150, 11, "regular", "The mass grows with the concentration of the samples."))
    else:
        first.append((60, 330, 11, "regular", "The mass grows with the concentration of the samples."))
    path = tmp_path / "table.pdf"
    path.write_bytes(pdf_bytes(pages))
    return path


@pytest.mark.parametrize("continued", [False, True])
def test_ruled_tables_are_read_cell_by_cell(tmp_path, continued):
    report = Report()
    doc = convert_source(_table_article(tmp_path, continued), {}, report)
    (art,) = doc.articles
    (table,) = [b for b in art.body if b.kind == "table"]
    info = table.grid
    assert info.status == "rebuilt" and info.cells == "PDF's ruled"
    assert info.header == [["Samples", "Concentration", ""]]
    assert info.spans == {(0, 1): (1, 2)}
    assert info.rows == [["A", "3,70", "0,632"], ["B", "3,95", "0,675"]] + ([["C", "4,10", "0,701"]] if continued else [])
    (entry,) = report.find("table.rebuild", "table.pdf")
    assert "read from the PDF's ruled cells" in entry["message"]
    body = " ".join(b.text for b in art.body if b.kind == "paragraph")
    assert "grows with the concentration" in body and "0,632" not in body


def test_borderless_tables_by_the_words_positions(tmp_path):
    """No rules: the columns are where the rows put their pieces, a row's wrapped label (no first cell,
    no number) runs on in the row above; a number column's first cell decides nothing by its text."""
    head = [(60, 60, 10, "regular", "IRSTI 06.81.23"), (90, 80, 14, "bold", "A STUDY OF SMALL SAMPLES"),
            (200, 100, 11, "bold", "A.B. Author"),
            (60, 130, 10, "regular", "Abstract. The article studies small samples of the region."),
            (60, 142, 10, "regular", "Keywords: samples, region, method"),
            (60, 170, 11, "regular", "The efficiency depends on the acidity, as Table 1 shows."),
            (60, 200, 11, "regular", "Table 1 – Effect of pH on the adsorption")]
    rows = [("pH", "Adsorption efficiency, %", "Note"), ("5", "75", "acid"), ("7", "85", "neutral medium,"),
            ("", "", "the best"), ("9", "78", "alkaline")]
    y = 225
    for a, b, c in rows:
        head += [(x, y, 11, "regular", t) for x, t in ((80, a), (200, b), (400, c)) if t]
        y += 15
    head.append((60, y + 20, 11, "regular", "The adsorption is best in a neutral medium of the samples."))
    path = tmp_path / "borderless.pdf"
    path.write_bytes(pdf_bytes([head]))
    report = Report()
    doc = convert_source(path, {}, report)
    (table,) = [b for b in doc.articles[0].body if b.kind == "table"]
    assert table.text == "Table 1 – Effect of pH on the adsorption"  # the header row is not the caption's
    assert table.grid.cells == "PDF's word positions"
    assert table.grid.header == [["pH", "Adsorption efficiency, %", "Note"]]
    assert table.grid.rows == [["5", "75", "acid"], ["7", "85", "neutral medium, the best"], ["9", "78", "alkaline"]]
    (entry,) = report.find("table.rebuild", "borderless.pdf")
    assert "rebuilt from the PDF's word positions" in entry["message"]


def test_a_text_layer_without_letters_is_reported_and_its_controls_dropped(tmp_path):
    """Fonts that map their glyphs to no letters give control codes: reported, never passed on."""
    path = tmp_path / "garbled.pdf"
    path.write_bytes(pdf_bytes([[(60, 100, 11, "regular", "\x05\x06\x07\x08\x0e\x0f\x10\x11 \x12\x13\x14\x15"),
                                 (60, 120, 11, "regular", "Some text")]]))
    notes = ReadNotes()
    lines = read_pdf(path, notes)
    assert [n[3] for n in notes.items] == ["read.pdf_garbled"]
    assert [ln.text for ln in lines if ln.text.strip()] == ["Some text"]


def _one_article_pdf(path: Path, title: tuple, author_y: int) -> Path:
    """A one-page English article: classification, the given title line, an author, an affiliation,
    abstract, keywords and thirty body lines."""
    lines = [(60, 60, 10, "regular", "UDC 316.4"), title,
             (200, author_y, 11, title[3], "A.B. Nurlanova"),
             (150, author_y + 14, 10, "italic", "Astana University, Astana, Kazakhstan"),
             (60, 132, 10, "regular", "Abstract. The article examines how universities adopt digital tools."),
             (60, 146, 10, "regular", "Keywords: digital transformation, higher education, Kazakhstan")]
    body = "The method was applied to the samples collected in the region and the results were compared".split()
    lines += [(60, 170 + 14 * i, 11, "regular", " ".join(body[i % 9:] + body[:i % 9])) for i in range(30)]
    path.write_bytes(pdf_bytes([lines]))
    return path


def test_a_bold_title_in_sentence_case_that_names_a_place(tmp_path):
    """«…in Kazakhstan: a case study» reads like an affiliation by its words; set in bold before the
    authors, it is the title."""
    title = "Digital transformation of higher education in Kazakhstan: a case study"
    path = _one_article_pdf(tmp_path / "sentence-case.pdf", (90, 80, 13, "bold", title), author_y=98)
    (art,) = convert_source(path, {}, Report()).articles
    assert art.kind == "article"
    assert art.titles == {"en": title}
    assert [a.names for a in art.authors] == [{"en": "A.B. Nurlanova"}]


def test_the_report_says_the_page_of_a_pdf_line(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    article_pdf(src)
    convert_folder(src, tmp_path / "docs")
    page = (tmp_path / "docs" / "report" / "index.md").read_text(encoding="utf-8")
    assert "| p. 2 (line " in page  # the page number removed at the foot of page 2


def test_two_columns_set_across_the_stream_are_read_column_by_column(tmp_path):
    """A page whose content stream gives the left and the right column's lines in turn, under a title that
    spans both: read as the title, then the left column, then the right one."""
    left = [f"Left column line {i} of the text, set as long as a column is." for i in range(12)]
    right = [f"Right column line {i} of the text, set as long as a column is." for i in range(12)]
    lines = [(150, 60, 14, "bold", "A TITLE OVER BOTH COLUMNS OF THE PAGE")]
    for i, (a, b) in enumerate(zip(left, right)):
        lines += [(50, 100 + 14 * i, 10, "regular", a), (320, 100 + 14 * i, 10, "regular", b)]
    path = tmp_path / "columns.pdf"
    path.write_bytes(pdf_bytes([lines]))
    got = [ln.text for ln in read_pdf(path, ReadNotes()) if ln.text]
    assert got == ["A TITLE OVER BOTH COLUMNS OF THE PAGE"] + left + right
    # a page whose stream already runs column by column keeps its order
    lines = [lines[0]] + [(50, 100 + 14 * i, 10, "regular", a) for i, a in enumerate(left)] + \
            [(320, 100 + 14 * i, 10, "regular", b) for i, b in enumerate(right)]
    path.write_bytes(pdf_bytes([lines]))
    assert [ln.text for ln in read_pdf(path, ReadNotes()) if ln.text] == ["A TITLE OVER BOTH COLUMNS OF THE PAGE"] + left + right


def test_a_title_set_larger_but_not_bold(tmp_path):
    title = "Higher education in Kazakhstan and its regions, Astana, Kazakhstan"
    path = _one_article_pdf(tmp_path / "large.pdf", (90, 80, 15, "regular", title), author_y=100)
    (art,) = convert_source(path, {}, Report()).articles
    assert art.titles == {"en": "Higher education in Kazakhstan and its regions, Astana, Kazakhstan"}
