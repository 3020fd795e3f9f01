"""References and citations: parsed lists, BibTeX that parses back, linked citations, editor BibTeX.

Expected fields were read from the printed lists of the Markdown source (lines 159-165 and 195-201).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pybtex.database
import pytest

from conftest import ROOT, SOURCES
from convert.passes.citations import find_citations
from convert.passes.references import parse_reference

MARKDOWN = "vestnik-enu-polsci-2025-no4-153-article-mediation.md"
ENGLISH = "unknown-journal-en-article-interethnic-mechanisms.txt"

EXPECTED = {  # number: fields read from the printed entry
    1: {"authors": [("Токаев", "К.-Ж.К.")], "year": "2023", "type": "online", "urldate": "2024-07-10",
        "title": "Выступление Главы государства Касым-Жомарта Токаева на XXXII сессии Ассамблеи народа "
                 "Казахстана «Справедливый Казахстан: единство, стабильность, развитие»",
        "url": "https://www.akorda.kz/ru/vystuplenie-glavy-gosudarstva-kk-tokaeva-na-xxxii-sessii-assamblei-"
               "naroda-kazahstana-spravedlivyy-kazahstan-edinstvo-stabilnost-razvitiye-273234"},
    2: {"year": "2023", "type": "online", "url": "https://assembly.kz/ru/struktury-ank/mediatsiya-ank/",
        "title": "Справка о деятельности кабинетов медиации АНК за третий квартал 2023 г", "urldate": "2024-07-10"},
    3: {"authors": [("Бижанов", "А.Х.")], "year": "2005", "title": "Стабильность в Казахстане: состояние и проблемы",
        "container": "Казахстан-Спектр", "volume": "1", "pages": "19-22", "type": "article"},
    4: {"authors": [("Досанова", "Ф.П.")], "year": "2020",
        "title": "Некоторые проблемные вопросы медиации по административным спорам в Казахстане",
        "container": "Право и государство: теория и практика", "volume": "10", "number": "190",
        "pages": "217-219", "type": "article"},
    5: {"authors": [("Калашникова", "Н.П.")], "year": "2011", "title": "Ассамблея народа Казахстана: новые научные подходы",
        "container": "Государственное управление и государственная служба", "volume": "2", "pages": "42-46",
        "type": "article"},
    6: {"authors": [("Колесникова", "В.А."), ("Романенко", "Д.Д.")], "year": "2020",
        "title": "Политическая медиация: идентификация содержания",
        "container": "Теории и проблемы политических исследований", "volume": "9", "number": "1А",
        "pages": "180-188", "type": "article"},
    7: {"authors": [("Нигматуллина", "Т.А.")], "year": "2023",
        "title": "Политическая медиация: учебное пособие для вузов", "place": "Москва",
        "publisher": "Издательство «Юрайт»", "pages": "327", "type": "book"},
}
EXPECTED_TRANSLIT = {  # number: (first family name, title) of the transliterated entry
    1: ("Tokaev", "Vystuplenie Glavy gosudarstva Kasym-Zhomarta Tokaeva na XXXII sessii Assamblei naroda "
                  "Kazahstana «Spravedlivyj Kazahstan: edinstvo, stabil'nost', razvitie»"),
    3: ("Bizhanov", "Stabil'nost' v Kazahstane: sostoyanie i problemy"),
    4: ("Dosanova", "Nekotorye problemnye voprosy mediacii po administrativnym sporam v Kazahstane"),
    6: ("Kolesnikova", "Politicheskaya mediatsiya: identifikatsiya soderzhaniya"),
    7: ("Nigmatullina", "Politicheskaya mediatsiya: uchebnoe posobie dlya vuzov"),
}


def printed_entries(first: int, last: int) -> list[str]:
    from convert.read.lines import strip_inline_markdown

    lines = (SOURCES / MARKDOWN).read_text(encoding="utf-8").splitlines()[first - 1:last]
    return [strip_inline_markdown(ln.split(". ", 1)[1]) for ln in lines]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_reference_fields(number):
    fields = parse_reference(printed_entries(159, 165)[number - 1])
    expected = dict(EXPECTED[number])
    authors = expected.pop("authors", [])
    assert [(a["family"], a["given"]) for a in fields.get("authors", [])] == authors
    for key, value in expected.items():
        assert fields.get(key) == value, key
    assert set(fields) - {"authors"} == set(expected), "a field found that the entry does not have"


@pytest.mark.parametrize("number", sorted(EXPECTED_TRANSLIT))
def test_transliterated_reference_fields(number):
    fields = parse_reference(printed_entries(195, 201)[number - 1])
    family, title = EXPECTED_TRANSLIT[number]
    assert fields["authors"][0]["family"] == family
    assert fields["title"] == title
    assert fields["language"] == "russian"
    assert fields["year"] == EXPECTED[number]["year"]


def test_gost_style_reference():
    fields = parse_reference("Иванов И.И., Петров П.П. Этнополитика Казахстана // Вестник КазНУ. – 2020. – Т. 5, "
                             "№2. – С. 10-20.")
    assert fields == {"authors": [{"family": "Иванов", "given": "И.И."}, {"family": "Петров", "given": "П.П."}],
                      "title": "Этнополитика Казахстана", "container": "Вестник КазНУ", "year": "2020",
                      "volume": "5", "number": "2", "pages": "10-20", "type": "article"}


@pytest.mark.parametrize("text, numbers, locator", [
    ("мире[1].", [1], ""), ("[1, С.138]", [1], "С.138"), ("[1, p.138]", [1], "p.138"),
    ("[22, 163-164 бб.]", [22], "163-164 бб."), ("[1; 3]", [1, 3], ""), ("[1, 3]", [1, 3], ""),
    ("[1-3]", [1, 2, 3], ""), ("[11, 36-38 бб.]", [11], "36-38 бб."),
])
def test_numeric_citations(text, numbers, locator):
    (c,) = find_citations(text)
    assert (c.numbers, c.locator) == (numbers, locator)


def test_author_year_citations():
    cites = find_citations("как отмечает (Якушева, 2013: 157) и (Dakenov, Akpaeva, 2020); см. "
                           "(Law of the Republic of Kazakhstan, 1993). [in Russian] не ссылка.")
    assert [(c.names, c.locator) for c in cites] == [([("Якушева", "2013")], "157"),
                                                     ([("Dakenov, Akpaeva", "2020")], ""),
                                                     ([("Law of the Republic of Kazakhstan", "1993")], "")]


# -- the built edition ------------------------------------------------------------------------
def article(edition, source):
    (rec,) = edition.of_source(source)
    return rec, edition.page(rec["url"])


def test_every_numeric_citation_links_to_an_existing_anchor(edition):
    rec, page = article(edition, MARKDOWN)
    links = page.xpath('//a[contains(@class,"citation")]')
    assert len(links) == 7  # [2] twice, [3]…[7] once: the printed text has these eight… minus none unlinked
    ids = set(page.xpath("//@id"))
    seen = set()
    for a in links:
        assert a.get("href")[1:] in ids
        if a.get("href") in seen:  # a later citation of it: cite.js copies the preview (tests/test_browser.py)
            assert a.get("title") is None
        else:  # hover preview on the first citation of a reference: the reference as printed
            assert a.get("title", "").startswith(f"[{a.text}] ")
        seen.add(a.get("href"))
    assert len(seen) == 6  # [2] is cited twice
    assert not page.xpath('//*[contains(@class,"citation-unlinked")]')
    # every reference has an anchor, and each cited one a back-link to where it is cited
    for n in range(1, 8):
        (li,) = page.xpath(f'//li[@id="ref-{n}"]')
        back = li.xpath('.//a[contains(@class,"backlink")]/@href')
        assert (len(back) == 0) == (n == 1)
        for href in back:
            assert href[1:] in ids
    assert rec["counts"]["references"] == 7 and rec["counts"]["citations"] == 7


def test_reference_one_reported_never_cited(edition):
    notes = [e["message"] for e in edition.report["entries"] if e["source"] == MARKDOWN]
    assert "references never cited in the text: [1]" in notes


def test_references_shown_with_translits_urls_and_dois(edition):
    _, page = article(edition, MARKDOWN)
    (li,) = page.xpath('//li[@id="ref-2"]')
    assert li.xpath('.//a[@href="https://assembly.kz/ru/struktury-ank/mediatsiya-ank/"]')
    translit = li.xpath('.//span[contains(@class,"reference-translit")]')[0]
    assert translit.get("lang") == "en" and "Spravka o deyatelnosti" in translit.text_content()


def test_lost_list_citations_marked_and_page_says_so(edition):
    rec, page = article(edition, "izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt")
    assert len(page.xpath('//*[contains(@class,"citation-unlinked")]')) == rec["counts"]["citations"] >= 22
    assert page.xpath('//p[contains(@class,"references-missing")]')


def test_bibtex_parses_back_with_two_readers(edition):
    rec, _ = article(edition, MARKDOWN)
    slug = Path(rec["url"]).stem
    text = (ROOT / "bibliography" / f"{slug}.bib").read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks and len(lib.entries) == 7
    by_key = {e.key: e for e in lib.entries}
    e4 = by_key[f"{slug}-ref4"]
    assert e4.entry_type == "article"
    assert {k: e4.fields_dict[k].value for k in ("author", "year", "journal", "volume", "number", "pages")} == {
        "author": "Досанова, Ф.П.", "year": "2020", "journal": "Право и государство: теория и практика",
        "volume": "10", "number": "190", "pages": "217--219"}
    assert e4.fields_dict["transliteration"].value.startswith("Dosanova, F.P. (2020)")
    second = pybtex.database.parse_string(text, "bibtex")
    assert sorted(second.entries) == sorted(by_key)
    for key, entry in second.entries.items():  # the second reader sees every field the first wrote
        fields = {k.lower(): v for k, v in entry.fields.items()}
        for name, field in by_key[key].fields_dict.items():
            if name == "author":
                persons = entry.persons["author"]
                assert [str(p) for p in persons] == [a.strip() for a in field.value.split(" and ")]
            else:
                assert fields[name] == field.value, (key, name)


# -- editor-supplied BibTeX -------------------------------------------------------------------
EDITOR_BIB = """@book{yakusheva2013,
  author = {Якушева, С.},
  title = {Межэтнические отношения},
  year = {2013}
}

@article{drobizheva2001,
  author = {Drobizheva, L. M.},
  title = {Ethnicity in Post-Soviet Russia},
  journal = {Sociological Research},
  year = {2001}
}

@misc{law1993,
  author = {{Law of the Republic of Kazakhstan}},
  title = {On public associations},
  year = {1993}
}
"""


def build(folder: Path, out: Path) -> tuple[subprocess.CompletedProcess, list]:
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(folder),
                           "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"), "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    records = json.loads((out / "site" / "articles.json").read_text(encoding="utf-8"))
    return proc, records


def test_editor_bibtex_links_author_year_citations_and_a_broken_file_is_reported(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(SOURCES / ENGLISH, folder / ENGLISH)
    proc, records = build(folder, tmp_path / "one")
    slug = Path(records[0]["url"]).stem
    before = (tmp_path / "one" / "site" / records[0]["url"]).read_text(encoding="utf-8")
    assert 'class="citation citation-unlinked"' in before

    (folder / "bibliography").mkdir()
    (folder / "bibliography" / f"{slug}.bib").write_text(EDITOR_BIB, encoding="utf-8")
    proc, records = build(folder, tmp_path / "two")
    assert proc.returncode == 0, proc.stderr
    from lxml import html

    page = html.fromstring((tmp_path / "two" / "site" / records[0]["url"]).read_bytes())
    linked = {a.text_content(): a.get("href") for a in page.xpath('//a[contains(@class,"citation")]')}
    assert linked["(Якушева, 2013: 157)"] == "#ref-1"
    assert linked["(Drobizheva, 2001: 167-180)"] == "#ref-2"
    assert linked["(Law of the Republic of Kazakhstan, 1993)"] == "#ref-3"
    assert records[0]["counts"]["references"] == 3
    report = json.loads((tmp_path / "two" / "docs" / "report" / "report.json").read_text(encoding="utf-8"))
    unmatched = [e["message"] for e in report["entries"] if "matches no reference" in e["message"]]
    assert any("Якушева" in m and "2010" in m for m in unmatched)  # (Якушева, 2010: 21): not in the file

    # a malformed file: a clear error with file and line, the build goes on without the broken entry
    (folder / "bibliography" / f"{slug}.bib").write_text(EDITOR_BIB.replace("year = {2001}\n}", "year = {2001\n"),
                                                         encoding="utf-8")
    proc, records = build(folder, tmp_path / "three")
    assert proc.returncode == 0 and records
    report = json.loads((tmp_path / "three" / "docs" / "report" / "report.json").read_text(encoding="utf-8"))
    errors = [e for e in report["entries"] if e["kind"] == "error"]
    assert errors and errors[0]["file"] == f"{slug}.bib" and errors[0]["line"] == 7
    assert f"{slug}.bib" in proc.stderr and "line 7" in proc.stderr
