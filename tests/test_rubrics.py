"""The issue's sections (rubrics): from the journal's contents list, from a section heading the text prints
between articles, and from the editors' catalog.yml; the issue's contents grouped under them (Chromium),
articles.json and JATS (validated against the official schema).

No source of the edition prints sections, and the realworld files (../shared/realworld/, read from there)
are one section each without a printed heading. So the issues here are built from real text: the chemistry
PDF's text with a contents list that names two sections, and the economics Word file's paragraphs with two
section headings put in above two articles' classification lines. Which article is under which section is
decided here, by construction — never read from converter output.
"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import realworld_expectations as expected
from browser_support import DESKTOP, StaticServer, browser, screenshot_path, served_target
from conftest import run_build
from convert.model import Report
from convert.pipeline import convert_source
from realworld_text import REALWORLD, text_of
from test_contents import BOARD, COVER, FRONT_PAGES, HEADINGS

__all__ = ["browser"]
pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not beside the clone")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT.parent / "shared" / "schemas"
CHEMISTRY = "vestnik-kazutb-2025-no1-26-chemistry-manuscripts.pdf"
ECONOMICS = "vestnik-kazutb-2024-no4-25-economics-manuscripts.docx"
# the contents' two sections: the first two articles under the first, the other three under the second
SECTIONS = ({"kk": "ХИМИЯ", "ru": "ХИМИЯ", "en": "CHEMISTRY"},
            {"kk": "ХИМИЯЛЫҚ ТЕХНОЛОГИЯ", "ru": "ХИМИЧЕСКАЯ ТЕХНОЛОГИЯ", "en": "CHEMICAL TECHNOLOGY"})
# the economics file's classification lines of its 3rd and 5th articles (its hand-read expectations'
# header lists all ten), above which a section heading is put, standing alone as a journal prints it
ECONOMICS_STARTS = ("МРНТИ 06.00.01", "ҒТАМР 06.81.65")
TEXT_RUBRICS = ("ЭКОНОМИКА ЖӘНЕ ҚАРЖЫ", "МЕНЕДЖМЕНТ")
HOSTILE = 'R&D <script>alert("x")</script> {: .evil }'


def sectioned_contents(arts: list[dict]) -> str:
    """A contents list per language with a section heading above the first article of each section."""
    out = []
    for lang in ("kk", "ru", "en"):
        out.append(HEADINGS[lang] + "\n")
        for k, a in enumerate(arts):
            if k in (0, 2):
                out.append(SECTIONS[k // 2][lang] + "\n")
            lines = textwrap.wrap(a["titles"][lang], 70)
            lines[-1] += " " + "." * 12 + " " + str(a["start"]["page"] + FRONT_PAGES)
            out.append(", ".join(a["authors"][lang]) + "\n" + "\n".join(lines) + "\n")
    return "\n".join(out) + "\f"


def line_start(text: str, start: str) -> int:
    """Where the paragraph that begins with `start` (its spacing as Word's may differ) begins."""
    return re.search(r"(?m)^[\t \f]*" + r"\s+".join(map(re.escape, start.split())), text).start()


def economics_with_headings() -> str:
    text = text_of(REALWORLD / ECONOMICS)
    for start, heading in zip(ECONOMICS_STARTS, TEXT_RUBRICS):
        at = line_start(text, start)
        text = text[:at] + f"\n{heading}\n\n" + text[at:]
    return text


CATALOG = """journals:
  kazutb:
    name: {kk: "ҚазТБУ ХАБАРШЫСЫ", ru: "Вестник КазУТБ", en: "Vestnik KazUTB"}
    issn: "2708-4132"
sources:
  chemistry-issue.txt: {journal: kazutb, year: 2025, number: 1, volume: 26}
  economics-section.txt:
    journal: kazutb
    year: 2024
    number: 4
    volume: 25
    rubric: {de: "Wirtschaft"}
    articles:
      - match: {ordinal: 10}
        rubric: '%s'
      - match: {ordinal: 9}
        rubric: [1, 2]
""" % HOSTILE.replace("'", "''")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rubrics")
    sources = out / "sources"
    sources.mkdir()
    arts = expected.load(CHEMISTRY)
    (sources / "chemistry-issue.txt").write_text(COVER + BOARD + sectioned_contents(arts) + text_of(REALWORLD / CHEMISTRY),
                                                 encoding="utf-8")
    (sources / "economics-section.txt").write_text(economics_with_headings(), encoding="utf-8")
    (sources / "catalog.yml").write_text(CATALOG, encoding="utf-8")
    proc = run_build(sources, out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = json.loads((out / "site" / "articles.json").read_text(encoding="utf-8"))
    report = json.loads((out / "report" / "report.json").read_text(encoding="utf-8"))
    return out, records, report


def of_source(records: list[dict], name: str) -> list[dict]:
    return sorted((r for r in records if r["source"] == name), key=lambda r: r["ordinal"])


def test_the_contents_sections_carry_to_the_articles_they_list(built):
    _, records, _ = built
    recs = of_source(records, "chemistry-issue.txt")
    assert len(recs) == 5
    assert [r.get("rubric") for r in recs] == [SECTIONS[0]] * 2 + [SECTIONS[1]] * 3


def test_a_section_heading_standing_alone_between_articles_is_their_rubric(built):
    out, records, report = built
    recs = of_source(records, "economics-section.txt")
    assert len(recs) == 10
    rubrics = [(r.get("rubric") or {}) for r in recs[:9]]  # the tenth has the editor's
    assert rubrics[:2] == [{}, {}]
    assert [next(iter(r.values())) for r in rubrics[2:4]] == [TEXT_RUBRICS[0]] * 2
    assert [next(iter(r.values())) for r in rubrics[4:]] == [TEXT_RUBRICS[1]] * 5
    # the heading left the previous article's text: no article page shows it
    for r in recs:
        page = (out / "site" / r["url"]).read_text(encoding="utf-8")
        assert not [h for h in TEXT_RUBRICS if h in page], r["url"]
    noted = [e["line"] for e in report["entries"] if e["code"] == "rubric.from_text"]
    assert len(noted) == 2


def test_the_editors_rubric_decides_and_a_wrong_one_is_reported_with_file_line_and_key(built):
    _, records, report = built
    recs = of_source(records, "economics-section.txt")
    assert list(recs[9]["rubric"].values()) == [HOSTILE]
    assert next(iter(recs[8]["rubric"].values())) == TEXT_RUBRICS[1]  # the wrong value ignored
    errors = {e["key"]: e for e in report["entries"] if e.get("file") == "catalog.yml" and e.get("key")}
    bad = errors["sources.economics-section.txt.articles[1].rubric"]
    assert bad["code"] == "editor.schema" and bad["line"] == CATALOG.splitlines().index("        rubric: [1, 2]") + 1
    unknown = errors["sources.economics-section.txt.rubric.de"]
    assert unknown["code"] == "editor.unknown_key" and unknown["line"] == 12


def test_a_rubric_is_source_text_escaped_on_the_issue_page(built):
    out, records, _ = built
    (rec,) = [r for r in of_source(records, "economics-section.txt") if r["ordinal"] == 10]
    for name in ("index.html", "index.en.html", "index.kk.html"):
        tree = lxml_html.fromstring((out / "site" / Path(rec["url"]).parent / name).read_bytes())
        headings = [h.text_content().replace("¶", "").strip() for h in tree.xpath('//h2[contains(@class,"toc-rubric")]')]
        assert HOSTILE in headings
        assert not tree.xpath('//article//script') and not tree.xpath('//*[contains(@class,"evil")]')


def test_jats_carries_the_rubric_and_validates(built):
    """Every article's JATS validates with its subj-group (one of the chemistry articles prints two figures
    under one number: the second has an id of its own, so its JATS validates too)."""
    out, records, _ = built
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "jats" / "JATS-journalpublishing1-3-mathml3.xsd")))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for rec in records:
        tree = etree.parse(str(out / "site" / rec["jats"]))
        schema.validate(tree)
        assert [e.message for e in schema.error_log] == [], rec["url"]
        groups = tree.xpath('//article-meta/article-categories/subj-group[@subj-group-type="heading"]')
        assert {g.get(lang): g.findtext("subject") for g in groups} == rec.get("rubric", {}), rec["url"]
    assert of_source(records, "chemistry-issue.txt")[3]["rubric"] == SECTIONS[1]


def test_the_issue_contents_group_the_articles_under_their_sections_in_issue_order(browser, built):
    out, records, _ = built
    recs = of_source(records, "chemistry-issue.txt")
    with StaticServer(out / "site") as server:
        target = served_target(server)
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        page.goto(target.url(str(Path(recs[0]["url"]).parent / "index.html")))
        order = page.evaluate("""() => [...document.querySelectorAll('.issue-contents h2, .issue-contents h3')]
            .map(h => { const a = h.querySelector('a:not(.headerlink)');
                        return [h.tagName, h.classList.contains('toc-rubric'), h.getAttribute('lang') || '',
                                a ? a.getAttribute('href') : h.textContent.replace('¶', '').trim()]; })""")
        page.screenshot(path=str(screenshot_path("site-issue-rubrics-desktop.png")), full_page=True)
        context.close()
    names = [Path(r["url"]).name for r in recs]
    shown = [[tag, rubric, text] for tag, rubric, _, text in order]
    assert shown == [["H2", True, SECTIONS[0]["ru"]], *[["H3", False, n] for n in names[:2]],
                     ["H2", True, SECTIONS[1]["ru"]], *[["H3", False, n] for n in names[2:]]]
    assert [lang for _, rubric, lang, _ in order if rubric] == ["", ""]  # the page's language: no lang


def test_no_section_means_no_heading(tmp_path):
    """A text whose articles stand one after the other without a section heading gets no rubric (the
    realworld economics file as it is)."""
    path = tmp_path / "economics.txt"
    path.write_text(text_of(REALWORLD / ECONOMICS), encoding="utf-8")
    report = Report()
    doc = convert_source(path, {}, report)
    assert len(doc.articles) == 10 and not [a for a in doc.articles if a.rubric]
    assert not [e for e in report.entries if e["code"].startswith("rubric.")]


def test_a_short_line_in_capitals_not_standing_alone_is_reported_not_taken(tmp_path):
    """The same heading, but run on under the previous article's last line: the rule cannot tell it from
    that article's text, so it stays there and the editor is asked."""
    text = text_of(REALWORLD / ECONOMICS)
    at = line_start(text, ECONOMICS_STARTS[0])
    before = text[:at].rstrip("\n")
    path = tmp_path / "economics.txt"
    path.write_text(before + "\n" + TEXT_RUBRICS[0] + "\n\n" + text[at:], encoding="utf-8")
    report = Report()
    doc = convert_source(path, {}, report)
    assert not [a for a in doc.articles if a.rubric]
    assert [e["text"] for e in report.entries if e["code"] == "rubric.doubt"] == [TEXT_RUBRICS[0]]
