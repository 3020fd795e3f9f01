"""The Word reader: small .docx files built here with python-docx, hostile packages, and the realworld files."""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from realworld_text import REALWORLD, docx_text

from convert.read.docx import Cell, read_docx, read_docx_tables
from convert.read.notes import ReadNotes, SourceError

FOOTNOTES = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
    'Source: statistics committee.</w:t></w:r></w:p></w:footnote></w:footnotes>')


def _png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0"))
                     + chunk(b"IEND", b""))
    return path


def _rezip(path: Path, edit=None, extra: dict | None = None) -> None:
    """Rewrite the package, editing document.xml and adding parts python-docx cannot make."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    if edit:
        parts["word/document.xml"] = edit(parts["word/document.xml"].decode()).encode()
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    d = docx.Document()
    d.add_paragraph().add_run("ADSORPTION OF HEAVY METALS").bold = True
    p = d.add_paragraph("Kazankapova M.K.")
    p.add_run("1").font.superscript = True
    d.add_heading("Introduction", level=1)
    mark = d.styles.add_style("Strong mark", WD_STYLE_TYPE.CHARACTER)
    mark.font.bold = True
    d.add_paragraph().add_run("bold by character style", style="Strong mark")
    for item in ("first item", "second item"):  # direct automatic numbering, as editors' lists have
        d.add_paragraph(item)._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'))
    r = d.add_paragraph().add_run("line one")
    r.add_break()
    r.add_text("line two\tafter tab")
    d.add_paragraph("FNHERE")
    d.add_page_break()
    d.add_paragraph("on page two")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "wide"
    t.cell(0, 2).text = "c"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "tall"
    for row, col in ((1, 0), (1, 1), (2, 0), (2, 1)):
        t.cell(row, col).text = f"r{row}c{col}"
    d.add_paragraph("Next section").paragraph_format.page_break_before = True
    d.add_picture(str(_png(tmp_path_factory.mktemp("img") / "dot.png")))
    path = tmp_path_factory.mktemp("docx") / "article.docx"
    d.save(path)
    _rezip(path, lambda x: x.replace(
        "<w:t>FNHERE</w:t>", '<w:t>Claim</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="2"/>'), {"word/footnotes.xml": FOOTNOTES})
    return path


@pytest.fixture(scope="module")
def lines(article):
    notes = ReadNotes()
    out = read_docx(article, notes)
    out_notes.extend(notes.items)
    return out


out_notes: list = []


def _line(lines, text):
    return next(line for line in lines if line.text == text)


def test_paragraphs_are_numbered_lines_with_text_and_raw(lines):
    assert [line.no for line in lines] == list(range(1, len(lines) + 1))
    assert lines[0].text == lines[0].raw == "ADSORPTION OF HEAVY METALS"
    assert lines[1].text == "Kazankapova M.K.1"  # the affiliation mark stays in the text


def test_bold_style_and_superscript(lines):
    title, author = lines[0].layout, lines[1].layout
    assert title.bold and not title.italic and title.style == "Normal"
    assert not author.bold and not author.superscript
    heading = _line(lines, "Introduction").layout
    assert heading.style == "Heading 1" and heading.bold  # bold inherited from the style
    assert heading.size and heading.size > title.size  # 14 pt heading over the 11 pt default
    assert _line(lines, "bold by character style").layout.bold


def test_lists_breaks_and_tabs(lines):
    assert _line(lines, "1.\tfirst item") and _line(lines, "2.\tsecond item")
    one = _line(lines, "line one")
    assert lines[one.no].text == "line two\tafter tab"  # a line break splits the paragraph


def test_pages(lines):
    assert _line(lines, "Claim1").layout.page == 1
    assert _line(lines, "on page two").layout.page == 2
    assert _line(lines, "r2c1").layout.page == 2
    assert _line(lines, "Next section").layout.page == 3  # page break before the paragraph


def test_footnote_after_body_numbered_in_order_of_reference(lines):
    assert lines[-2].text == ""
    assert lines[-1].text == "1 Source: statistics committee."


def test_picture_counted_in_a_note(lines):
    assert [code for _, _, _, code in out_notes] == ["read.docx_pictures"]
    assert out_notes[0][1].startswith("1 picture(s)")


def test_table_cells_with_spans(article, lines):
    [table] = read_docx_tables(article)
    assert table.rows == [[Cell("wide", 1, 2, 0), Cell("c", 1, 1, 2)],
                          [Cell("r1c0", 1, 1, 0), Cell("r1c1", 1, 1, 1), Cell("tall", 2, 1, 2)],
                          [Cell("r2c0", 1, 1, 0), Cell("r2c1", 1, 1, 1)]]
    assert lines[table.first_line - 1].text == "wide"
    assert lines[table.last_line - 1].text == ""  # the continued cell's own empty paragraph
    assert lines[table.last_line].text == "Next section"
    body = [line.text for line in lines[table.first_line - 1:table.last_line]]
    assert body.count("wide") == 1 and body.count("tall") == 1  # merged cells are not repeated


def test_macros_noted_and_text_read(article, tmp_path):
    path = tmp_path / "macro.docm"
    path.write_bytes(article.read_bytes())
    _rezip(path, extra={"word/vbaProject.bin": b"\0" * 64})
    notes = ReadNotes()
    assert read_docx(path, notes)[0].text == "ADSORPTION OF HEAVY METALS"
    assert "read.docx_macros" in [code for *_, code in notes.items]


def _refused(path: Path, words: str) -> str:
    with pytest.raises(SourceError) as e:
        read_docx(path, ReadNotes())
    assert e.value.path == path.name and words in e.value.message
    return e.value.message


def test_random_bytes_refused(tmp_path):
    path = tmp_path / "noise.docx"
    path.write_bytes(bytes(range(256)) * 4)
    _refused(path, "not a ZIP package")


def test_zip_without_document_refused(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    _refused(path, "no word/document.xml")


def test_zip_bomb_refused_without_inflating(tmp_path, monkeypatch):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))

    def inflate(*args, **kwargs):
        raise AssertionError("a member of the bomb was inflated")
    monkeypatch.setattr(zipfile.ZipFile, "read", inflate)
    _refused(path, "would expand to 60 MB")


def test_ole_file_refused(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    _refused(path, "password-protected or old .doc")


def test_broken_xml_refused(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body>")
    _refused(path, "not well-formed")


def test_entities_not_resolved(tmp_path):
    path = tmp_path / "xxe.docx"
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    [line] = read_docx(path, ReadNotes())
    assert "root:" not in line.text and line.text.startswith("a")


REAL = sorted(REALWORLD.glob("*.docx")) if REALWORLD.is_dir() else []


@pytest.mark.skipif(not REAL, reason="no realworld .docx files")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_realworld_text_as_word_exports_it(path):
    got = [line.text for line in read_docx(path, ReadNotes())]
    want = docx_text(path).removesuffix("\n").split("\n")
    assert len(got) == len(want) or got[len(want)] == ""  # footnotes, when any, follow after a blank line
    for line, (mine, theirs) in enumerate(zip(got, want), 1):
        theirs = theirs.replace("\f", "")  # pages go into layout, not the text
        if re.match(r"\d+\.\t", theirs):  # the list's own label ("•", "a)", "1.") where docx_text counts "1."
            mine, theirs = re.sub(r"^[^\t]{0,12}\t", "", mine), re.sub(r"^\d+\.\t", "", theirs)
        assert mine == theirs, f"line {line}"


def _article_with_table(path: Path) -> Path:
    """A one-language article whose table has a two-row header: «Concentration» spans two columns over
    «%» and «mol/l», «Time» spans both header rows."""
    d = docx.Document()
    d.add_paragraph("IRSTI 31.15.19")
    d.add_paragraph().add_run("MEMBRANE FILTRATION OF BRINES").bold = True
    d.add_paragraph("A.B. Author")
    d.add_paragraph("Abstract. The article studies the filtration of brines through membranes.")
    d.add_paragraph("Keywords: membranes, brines, filtration")
    d.add_paragraph("The results are given in Table 1 below, measured every twelve hours of the run.")
    d.add_paragraph("Table 1 – Concentration of the feed solution")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "Time, h"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Concentration"
    for c, text in ((1, "%"), (2, "mol/l")):
        t.cell(1, c).text = text
    for r, row in enumerate((("0", "3,70", "0,632"), ("12", "3,95", "0,675")), 2):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("The concentration rises in the first twelve hours and then stays the same.")
    d.add_paragraph("References")
    d.add_paragraph("1. Author A.B. Membranes. Astana, 2020. 100 p.")
    d.save(path)
    return path


def test_word_tables_are_taken_cell_by_cell(tmp_path):
    from convert.model import Report
    from convert.pipeline import convert_source
    from convert.render.blocks import render_table

    report = Report()
    doc = convert_source(_article_with_table(tmp_path / "brines.docx"), {}, report)
    (art,) = doc.articles
    (table,) = [b for b in art.body if b.kind == "table"]
    info = table.grid
    assert info.cells and info.status == "rebuilt"
    assert info.header == [["Time, h", "Concentration", ""], ["", "%", "mol/l"]]
    assert info.rows == [["0", "3,70", "0,632"], ["12", "3,95", "0,675"]]
    assert info.spans == {(0, 0): (2, 1), (0, 1): (1, 2)}
    html = "\n".join(render_table(table))
    assert '<th rowspan="2">Time, h</th><th colspan="2">Concentration</th>' in html
    assert "<tr><th>%</th><th>mol/l</th></tr>" in html
    # every column holds numbers (hours, per cent, mol/l): set right-aligned
    assert '<tr><td class="num">12</td><td class="num">3,95</td><td class="num">0,675</td></tr>' in html
    (entry,) = report.find("table.rebuild", "brines.docx")
    assert "read from the Word file's cells (3 columns, 2 header rows, 2 rows)" in entry["message"]
    body = " ".join(b.text for b in art.body if b.kind == "paragraph")
    assert "stays the same" in body and "3,95" not in body


def test_list_labels_as_word_numbers_them(tmp_path):
    """Bullets stay bullets, "a)" lists keep their letters, a sub-list starts again under each item."""
    numbering = (
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '</w:numbering>')
    d = docx.Document()
    items = [("point", 1, 0), ("point", 1, 0), ("first", 2, 0), ("sub", 2, 1), ("sub", 2, 1), ("second", 2, 0),
             ("sub", 2, 1)]
    for text, num, level in items:
        d.add_paragraph(text)._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))
    path = tmp_path / "lists.docx"
    d.save(path)
    _rezip(path, extra={"word/numbering.xml": numbering.encode()})
    got = [ln.text for ln in read_docx(path, ReadNotes()) if ln.text]
    assert got == ["•\tpoint", "•\tpoint", "1.\tfirst", "a)\tsub", "b)\tsub", "2.\tsecond", "a)\tsub"]


def test_a_word_figure_gets_its_picture(tmp_path):
    """The picture set above a figure's caption is the figure's image, published next to the page."""
    from convert.__main__ import convert_folder

    src = tmp_path / "sources"
    src.mkdir()
    d = docx.Document()
    d.add_paragraph("IRSTI 31.15.19")
    d.add_paragraph().add_run("MEMBRANE FILTRATION OF BRINES").bold = True
    d.add_paragraph("A.B. Author")
    d.add_paragraph("Abstract. The article studies the filtration of brines through membranes.")
    d.add_paragraph("Keywords: membranes, brines, filtration")
    d.add_paragraph("The scheme of the set-up is shown in Figure 1, with the membrane in its middle.")
    d.add_picture(str(_png(tmp_path / "scheme.png")))
    d.add_paragraph("Figure 1 – The set-up")
    d.add_paragraph("The brine passes the membrane once and is collected below it in a vessel.")
    d.save(src / "brines.docx")
    report, records = convert_folder(src, tmp_path / "docs")
    page = tmp_path / "docs" / records[0]["url"].replace(".html", ".md")
    (image,) = page.parent.glob("*-figure-1.png")
    assert image.read_bytes() == (tmp_path / "scheme.png").read_bytes()
    assert f'<img src="{image.name}"' in page.read_text(encoding="utf-8")
