"""The bundled edition end to end: split, furniture, paragraphs, pages, metadata, determinism.

Expected values here were read from the sources by a person (see also tests/expected/).
"""
from __future__ import annotations

import filecmp
import json
import re
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from conftest import ROOT, SOURCES

ISSUE = "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"
FRAGMENTS = "unknown-journal-ru-fragments-interethnic-relations.txt"
MARKDOWN = "vestnik-enu-polsci-2025-no4-153-article-mediation.md"
IZVESTIYA = "izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt"
ENGLISH = "unknown-journal-en-article-interethnic-mechanisms.txt"


def paragraphs(edition, url: str) -> list[str]:
    tree = edition.page(url)
    return [" ".join(" ".join(p.itertext()).split()) for p in tree.xpath('//article//p')]


def find_article(edition, source: str, needle: str) -> dict:
    hits = [r for r in edition.of_source(source) if needle.casefold() in " ".join(r["titles"].values()).casefold()]
    assert len(hits) == 1, (needle, [r["titles"] for r in edition.of_source(source)])
    return hits[0]


# -- split ------------------------------------------------------------------------------------
def test_issue_has_13_articles_and_guidelines_are_not_one(edition):
    recs = edition.of_source(ISSUE)
    assert len(recs) == 13
    assert all(r["kind"] == "article" for r in recs)
    for r in recs:
        assert "Мақалаға қойылатын талаптар" not in r["body_text"]
        assert "Выравнивание: по ширине" not in r["body_text"]
    # the guidelines are kept, as journal matter of the issue, not lost
    guidelines = edition.site / "vestnik-kaznpu-socpol" / "2025-2" / "guidelines.html"
    text = " ".join(edition.page(str(guidelines.relative_to(edition.site))).itertext())
    assert "Мақалаға қойылатын талаптар" in text and "Требование к оформлению статьи" in text
    assert "ДЛЯ ЗАМЕТОК" not in text


def test_fragments_are_flagged_and_not_glued(edition):
    recs = edition.of_source(FRAGMENTS)
    assert [r["kind"] for r in recs] == ["fragment", "fragment", "fragment"]
    first, second, third = (r["body_text"] for r in recs)
    assert "частичная мобилизация" in first and "Этнополитический анализ" not in first
    assert second.startswith("Этнополитический анализ") or "Этнополитический анализ межэтнических" in second
    assert "Аннотация" not in second
    assert third.count("Сегодня модель общественного согласия") == 1
    for r in recs:
        assert edition.page(r["url"]).xpath('//*[contains(@class,"fragment-flag")]')
    assert recs[2]["keywords"]["ru"] == ["межнациональные отношения", "этнос", "единство",
                                         "национальная идентичность"]


def test_trailing_front_matter_joins_its_article(edition):
    (rec,) = edition.of_source(IZVESTIYA)
    assert set(rec["titles"]) == {"kk", "en"}
    assert rec["abstracts"]["ru"].startswith("Народная дипломатия неотъемлемая часть")
    assert [a["name"].get("en") for a in rec["authors"]] == ["Kamytbekova A.", "Karatay N."]


# -- page furniture ---------------------------------------------------------------------------
FURNITURE = [
    re.compile(r"ВЕСТНИК КазНПУ им\. Абая, серия"),
    re.compile(r"ҚазҰПУ-нің ХАБАРШЫСЫ"),
    re.compile(r"ИЗВЕСТИЯ КазУМОиМЯ"),
    re.compile(r"Поступила: \d"),
    re.compile(r"orcid\.org/"),
]


def test_no_running_header_page_number_or_dates_line_in_bodies(edition):
    for rec in edition.articles:
        for pattern in FURNITURE:
            assert not pattern.search(rec["body_text"]), (rec["url"], pattern.pattern)
    # the sentences that page breaks cut are whole again (page numbers 63, 127, 161 gone)
    izv = edition.of_source(IZVESTIYA)[0]["body_text"]
    assert "с зарубежными образовательными и культурными организациями [12]." in izv
    assert "Народная дипломатия в этнополитике, на примере Казахстана и США" not in izv
    issue = " ".join(r["body_text"] for r in edition.of_source(ISSUE))
    assert "Қазақстанда 6 жыл кешіккен мерзімді біз ақпараттық технологиялар саласындағы" in issue
    md = edition.of_source(MARKDOWN)[0]
    assert md["dates"] == {"received": "10.07.2024", "accepted": "25.11.2025", "online": "30.12.2025"}


def test_removals_are_recorded_in_the_report(edition):
    removed = [e for e in edition.report["entries"] if e["kind"] == "removed"]
    reasons = {e["message"].split(" (")[0] for e in removed}
    assert {"running header", "page number", "running title", "dates line"} <= reasons
    assert all("line" in e and e.get("text") for e in removed)
    assert (edition.report_dir / "index.html").exists()


def test_the_report_is_the_editors_and_not_in_the_public_site(edition):
    """The report (doubts, removed lines) lies beside site/, with its data; no page of the site holds or links it."""
    page = lxml_html.fromstring((edition.report_dir / "index.html").read_bytes())
    assert page.xpath("//h1")[0].text_content().strip() == "Conversion report"
    assert json.loads((edition.report_dir / "report.json").read_text(encoding="utf-8"))["entries"]
    assert not [p for p in edition.site.rglob("*") if "report" in p.name]
    for path in sorted(edition.site.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        assert not [h for h in tree.xpath("//a/@href") if "report/" in h or h.startswith("report")], path
        assert "Conversion report" not in tree.text_content(), path


# -- characters -------------------------------------------------------------------------------
MIXED = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[а-яА-ЯёЁәғқңөұүһіӘҒҚҢӨҰҮҺІ])\w+\b")


def test_latin_lookalikes_repaired(edition):
    first = edition.of_source(FRAGMENTS)[0]["body_text"]
    assert "По данным исследования можно сделать вывод" in first
    assert "дaнным" not in first  # Latin a
    for rec in edition.articles:
        mixed = MIXED.findall(rec["body_text"] + " ".join(rec["abstracts"].values()))
        assert not mixed, (rec["url"], mixed[:5])


def test_compound_hyphens_at_line_end_kept(edition):
    issue = " ".join(r["body_text"] for r in edition.of_source(ISSUE))
    assert "2008-жылдардан" in issue  # "2008-" ends a line in the source
    assert "толық және жан-жақты" in issue  # "жан-" ends a line in the source
    izv = edition.of_source(IZVESTIYA)[0]["body_text"]
    assert "онлайн-публикации" in izv


# -- paragraphs -------------------------------------------------------------------------------
def test_paragraph_not_split_at_spurious_blank_line(edition):
    rec = find_article(edition, ISSUE, "UNDERSTANDING CAREER CHOICE")
    paras = paragraphs(edition, rec["url"])
    # source: "...it is important to study \n\nthem by combining economic and sociological approaches."
    assert any("it is important to study them by combining economic and sociological approaches" in p
               for p in paras)


def test_every_line_blank_source_gets_real_paragraphs(edition):
    rec = edition.of_source(FRAGMENTS)[1]
    paras = [p for p in paragraphs(edition, rec["url"]) if len(p) > 40]
    # a blank line after every source line: paragraphs must still hold many lines each
    assert 3 <= len(paras) <= 25
    assert any("Этнополитический анализ межэтнических отношений, которые играют существенную роль" in p
               for p in paras)


def test_real_list_is_a_list_and_numbered_line_in_a_sentence_is_not(edition):
    (izv,) = edition.of_source(IZVESTIYA)
    items = edition.page(izv["url"]).xpath('//article//ul/li')
    texts = [" ".join(" ".join(li.itertext()).split()) for li in items]
    assert any(t.startswith("Изучены основные понятия и теоретические основы народной дипломатии") for t in texts)
    assert sum(t.startswith(("Изучены", "Подробно изучен", "Проведен", "Сформулированы")) for t in texts) == 4
    rec = find_article(edition, ISSUE, "ПОНИМАНИЕ МОТИВАЦИЙ")
    lis = [" ".join(li.itertext()) for li in edition.page(rec["url"]).xpath('//article//li')]
    assert not any("accessibility-oriented" in li for li in lis)


def test_headings_and_run_in_structure(edition):
    rec = find_article(edition, ISSUE, "PROFESSIONAL IDENTITY OF TEACHERS")
    assert rec["sections"][:3] == ["ОСНОВНЫЕ ПОЛОЖЕНИЯ", "ВВЕДЕНИЕ", "МЕТОДОЛОГИЯ ИССЛЕДОВАНИЯ"]
    h2 = edition.page(rec["url"]).xpath('//article//h2/@id')
    assert "введение" in h2  # readable Cyrillic ids, not _1, _2
    assert not any(re.fullmatch(r"_\d+", i) for i in h2)


# -- Markdown source --------------------------------------------------------------------------
def test_markdown_source_read_as_markdown(edition):
    (rec,) = edition.of_source(MARKDOWN)
    assert rec["sections"][:4] == ["Введение", "Материалы и методы исследования", "Результаты и обсуждение",
                                   "Заключение"]
    page = edition.page(rec["url"])
    text = " ".join(page.xpath('//article')[0].itertext())
    for markup in ("**", "<sup>", "###", "\\*"):
        assert markup not in text
    assert rec["doi"] == "10.32523/2616-6887-2025-153-4-59-69"
    assert rec["ids"]["ГРНТИ"] == "11.01.67"
    names = [a["name"] for a in rec["authors"]]
    assert names[0] == {"kk": "А.К. Күмісбеков", "ru": "А.К. Кумысбеков", "en": "A.K. Kumysbekov"}
    assert rec["authors"][2].get("corresponding") is True
    # the paragraph a dates line split in two is one paragraph again
    paras = paragraphs(edition, rec["url"])
    assert any("государственный аппарат и гражданский сектор в достаточной мере обладают" in p for p in paras)


# -- site -------------------------------------------------------------------------------------
def test_mkdocs_strict_build_passed(edition):
    assert "WARNING" not in edition.output
    assert (edition.site / "index.html").exists()
    assert (edition.site / "articles.json").exists()


def test_article_page_has_tabs_and_metadata(edition):
    (rec,) = edition.of_source(MARKDOWN)
    page = edition.page(rec["url"])
    labels = [" ".join(x.itertext()).strip() for x in page.xpath('//div[contains(@class,"tabbed-labels")]/label')]
    assert labels == ["Русский", "Қазақша", "English"]  # the body's language first: the article is in Russian
    assert page.xpath("/html/@lang") == ["ru"]
    assert page.xpath('//div[contains(@class,"tabbed-block")]//div[@lang="kk"]')
    meta = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    assert meta["citation_title"].startswith("Потенциал института медиации")
    assert meta["citation_doi"] == "10.32523/2616-6887-2025-153-4-59-69"
    assert meta["citation_firstpage"] == "59" and meta["citation_lastpage"] == "69"
    # only the languages a source has get a tab
    izv = edition.page(edition.of_source(IZVESTIYA)[0]["url"])
    labels = [" ".join(x.itertext()).strip() for x in izv.xpath('//div[contains(@class,"tabbed-labels")]/label')]
    assert labels == ["Русский", "Қазақша", "English"]  # ru (the body's language) has its abstract only
    eng = edition.page(edition.of_source(ENGLISH)[0]["url"])
    assert eng.xpath("/html/@lang") == ["en"]


def test_home_issue_and_topic_pages(edition):
    home = " ".join(edition.page("index.html").itertext())
    assert "Вестник КазНПУ им. Абая" in home
    toc = edition.page("vestnik-kaznpu-socpol/2025-2/index.html")
    links = [h for h in toc.xpath('//article//h2/a/@href') if not h.startswith("#")]
    assert len([h for h in links if "guidelines" not in h]) == 13
    rec = find_article(edition, ISSUE, "UNDERSTANDING CAREER CHOICE")
    topic_links = edition.page(rec["url"]).xpath('//a[contains(@href,"topics/")]/@href')
    assert topic_links
    topic = (edition.site / rec["url"]).parent / topic_links[0]
    assert topic.exists()


def test_articles_json_contract(edition):
    keys = {"url", "kind", "source", "body_lang", "titles", "abstracts", "keywords", "authors", "doi", "issue",
            "sections", "counts"}
    for rec in edition.articles:
        assert keys <= rec.keys(), rec["url"]
        assert set(rec["counts"]) == {"tables", "figures", "references", "citations"}
        assert (edition.site / rec["url"]).exists()
        assert rec["body_lang"] in ("kk", "ru", "en")
    (izv,) = edition.of_source(IZVESTIYA)
    assert izv["counts"]["figures"] == 2 and izv["counts"]["tables"] == 1
    assert izv["counts"]["citations"] >= 22
    (md,) = edition.of_source(MARKDOWN)
    assert md["counts"]["references"] == 7  # 7 references, each paired with its transliteration


# -- determinism and preview ------------------------------------------------------------------
def convert_only(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", "convert", "--sources", str(SOURCES),
                           "--docs-dir", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def test_converting_twice_gives_identical_output(tmp_path):
    assert convert_only(tmp_path / "one").returncode == 0
    assert convert_only(tmp_path / "two").returncode == 0
    assert same_tree(tmp_path / "one", tmp_path / "two")


def test_committed_docs_are_the_conversion_of_sources(tmp_path):
    """docs/ in the repository is exactly what the converter makes of sources/ (run `make site`)."""
    assert convert_only(tmp_path / "docs").returncode == 0
    assert same_tree(ROOT / "docs", tmp_path / "docs")


def test_preview_build_of_another_folder_leaves_repository_alone(tmp_path):
    folder = tmp_path / "next-issue"
    folder.mkdir()
    (folder / "article.txt").write_bytes((SOURCES / ENGLISH).read_bytes())
    before = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(folder),
                           "--site-dir", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    assert before == after
    assert (tmp_path / "out" / "articles.json").exists()


def test_help():
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--help"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0 and "--sources" in proc.stdout and "--site-dir" in proc.stdout


def test_unreadable_sources_are_reported_and_the_rest_builds(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_bytes((SOURCES / ENGLISH).read_bytes())
    (folder / "empty.txt").write_bytes(b"  \n\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "catalog.yml").write_text("sources:\n  missing.txt: {}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(folder), "--site-dir",
                           str(tmp_path / "site"), "--strict"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 1  # --strict: source errors fail the run …
    assert "empty.txt" in proc.stderr and "binary.txt" in proc.stderr and "missing.txt" in proc.stderr
    records = __import__("json").loads((tmp_path / "site" / "articles.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["good.txt"]  # … but the good source is still published
    report = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")  # beside the site
    assert "binary.txt" in report and "empty.txt" in report
