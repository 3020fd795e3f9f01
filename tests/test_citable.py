"""Citable article pages: what the site emits, read back with independent readers and checked
against articles.json for every article; the formatted citations of one article checked by hand;
stable URLs that survive a corrected title, and redirects left behind by a changed id."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import extruct
import jsonschema
import rispy

from conftest import ROOT, SOURCES

SCHEMA_SHARED = ROOT.parent / "shared" / "schemas" / "csl-data.json"
SCHEMA = SCHEMA_SHARED if SCHEMA_SHARED.exists() else ROOT / "tests" / "data" / "csl-data.json"
MARKDOWN = "vestnik-enu-polsci-2025-no4-153-article-mediation.md"


def cite_lang(rec: dict) -> str:
    for lang in (rec["body_lang"], "ru", "en", "kk"):
        if rec["titles"].get(lang):
            return lang
    return rec["body_lang"]


def abstract_lang(rec: dict) -> str | None:
    """The language of the one abstract in the head: the citation's, else the first the article has."""
    if rec["abstracts"].get(cite_lang(rec)):
        return cite_lang(rec)
    return next((lg for lg in ("kk", "ru", "en") if rec["abstracts"].get(lg)), None)


def head(edition, rec) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for m in edition.page(rec["url"]).xpath("//head/meta[@name]"):
        tags.setdefault(m.get("name"), []).append(m.get("content"))
    return tags


def downloads(edition, rec) -> dict[str, Path]:
    page = edition.site / rec["url"]
    links = edition.page(rec["url"]).xpath('//div[contains(@class,"cite-box")]//a[@download]/@href')
    return {href.split(".", 1)[1]: page.parent / href for href in links}


def citable(rec: dict) -> bool:
    return bool(rec["titles"]) or bool(rec["authors"])


def test_a_piece_without_title_or_author_has_no_citation(edition):
    """Nothing to cite: no Scholar tags, no cite box, no export record, not in the issue's exports."""
    blank = [rec for rec in edition.articles if not citable(rec)]
    assert blank  # the fragments of the Russian fragments source
    for rec in blank:
        assert not [name for name in head(edition, rec) if name.startswith("citation_")]
        assert not edition.page(rec["url"]).xpath('//span[starts-with(@id,"cite-")]')
        assert not (edition.site / rec["url"]).with_suffix(".bib").exists()
        issue = (edition.site / rec["url"]).parent / "issue.csl.json"
        if issue.exists():
            assert rec["url"].rsplit("/", 1)[-1].removesuffix(".html") not in issue.read_text(encoding="utf-8")


def test_every_article_has_consistent_highwire_tags(edition):
    for rec in edition.articles:
        if not citable(rec):
            continue
        tags = head(edition, rec)
        lang = cite_lang(rec)
        if rec["titles"]:
            assert tags["citation_title"] == [rec["titles"][lang]], rec["url"]
        assert len(tags.get("citation_author", [])) == len(rec["authors"])
        assert tags.get("citation_doi", []) == ([rec["doi"]] if rec["doi"] else [])
        assert tags.get("citation_volume", []) == ([str(rec["issue"]["volume"])] if "volume" in rec["issue"] else [])
        assert tags.get("citation_issue", []) == ([str(rec["issue"]["number"])] if "number" in rec["issue"] else [])
        assert tags.get("citation_publication_date", []) == (
            [str(rec["issue"]["year"])] if "year" in rec["issue"] else [])
        assert tags["citation_language"] == [rec["body_lang"]]
        assert len(tags.get("citation_reference", [])) == rec["counts"]["references"]
        for values in tags.values():  # missing data leaves a tag out: never empty, never "None"
            assert all(v.strip() and v.strip() not in ("None", "null") for v in values)


def test_json_ld_and_dublin_core_read_by_extruct(edition):
    for rec in edition.articles:
        html = (edition.site / rec["url"]).read_text(encoding="utf-8")
        data = extruct.extract(html, syntaxes=["json-ld", "dublincore"], uniform=False)
        (ld,) = data["json-ld"]
        assert ld["@type"] == "ScholarlyArticle"
        if rec["titles"]:
            assert ld["headline"] == rec["titles"][cite_lang(rec)]
            others = {h["@language"]: h["@value"] for h in ld.get("alternativeHeadline", [])}
            assert others == {k: v for k, v in rec["titles"].items() if k != cite_lang(rec)}
        assert len(ld.get("author", [])) == len(rec["authors"])
        assert ld["inLanguage"] == rec["body_lang"]
        if rec["doi"]:
            assert ld["identifier"]["value"] == rec["doi"]
        dc = [e for e in data["dublincore"][0]["elements"] if e["name"].startswith("DC.")]
        titles = {e["lang"]: e["content"] for e in dc if e["name"] == "DC.title"}
        assert titles == rec["titles"]
        # one abstract, in the language the article is cited in (Zotero's Embedded Metadata reads
        # DC.description as the abstract); the page shows the others, the head does not repeat them
        descriptions = {e["lang"]: e["content"] for e in dc if e["name"] == "DC.description"}
        lang = abstract_lang(rec)
        assert descriptions == ({lang: rec["abstracts"][lang]} if lang else {})
        if rec["abstracts"].get(cite_lang(rec)):
            assert ld["abstract"] == rec["abstracts"][cite_lang(rec)]
        else:
            assert "abstract" not in ld
        # the JSON-LD keeps non-ASCII letters as they are, not as \\uXXXX (six bytes a letter)
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert not re.search(r"\\u0[4-9a-f][0-9a-f]{2}", script, re.I), rec["url"]
        subjects = sorted(e["content"] for e in dc if e["name"] == "DC.subject")
        assert subjects == sorted(k for kws in rec["keywords"].values() for k in kws)


def test_downloads_parse_with_independent_readers_and_agree(edition):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for rec in filter(citable, edition.articles):
        files = downloads(edition, rec)
        assert {"bib", "ris", "csl.json"} <= set(files), rec["url"]
        slug = Path(rec["url"]).stem
        (entry,) = bibtexparser.parse_file(str(files["bib"])).entries
        assert entry.key == slug
        fields = {k: f.value for k, f in entry.fields_dict.items()}
        if rec["titles"]:
            assert fields["title"] == rec["titles"][cite_lang(rec)]
        assert fields.get("doi") == rec["doi"]
        assert fields.get("year") == (str(rec["issue"]["year"]) if "year" in rec["issue"] else None)
        (ris,) = rispy.loads(files["ris"].read_text(encoding="utf-8"))
        assert ris["type_of_reference"] == "JOUR"
        assert len(ris.get("authors", [])) == len(rec["authors"])
        assert ris.get("doi") == rec["doi"]
        csl = json.loads(files["csl.json"].read_text(encoding="utf-8"))
        jsonschema.validate(csl, schema)
        assert csl[0]["id"] == slug and csl[0].get("DOI") == rec["doi"]


def test_issue_downloads_hold_every_article(edition):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    issue = edition.site / "vestnik-kaznpu-socpol" / "2025-2"
    n = len([r for r in edition.articles if r["url"].startswith("vestnik-kaznpu-socpol/2025-2/") and citable(r)])
    assert len(bibtexparser.parse_file(str(issue / "issue.bib")).entries) == n
    assert len(rispy.loads((issue / "issue.ris").read_text(encoding="utf-8"))) == n
    items = json.loads((issue / "issue.csl.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, schema)
    assert len(items) == n


def test_formatted_citations_of_one_article(edition):
    (rec,) = edition.of_source(MARKDOWN)
    page = edition.page(rec["url"])
    gost = page.xpath('//span[@id="cite-gost"]')[0].text_content()
    apa = page.xpath('//span[@id="cite-apa"]')[0].text_content()
    assert gost == ("Кумысбеков А. К., Дронзина Т. А., Аяганова А. А. Потенциал института медиации в реализации "
                    "превентивной политики урегулирования межэтнических конфликтов // Вестник Евразийского "
                    "национального университета имени Л.Н. Гумилева. Серия Политические науки. 2025. Т. 153. № 4. "
                    "С. 59–69.")
    assert apa == ("Кумысбеков, А. К., Дронзина, Т. А., & Аяганова, А. А. (2025). Потенциал института медиации в "
                   "реализации превентивной политики урегулирования межэтнических конфликтов. Вестник "
                   "Евразийского национального университета имени Л.Н. Гумилева. Серия Политические науки, "
                   "153(4), 59–69. https://doi.org/10.32523/2616-6887-2025-153-4-59-69")
    assert page.xpath('//button[@data-copy="cite-gost"]') and page.xpath('//button[@data-copy="cite-apa"]')


def test_paragraph_anchors_with_link_icons(edition):
    (rec,) = edition.of_source(MARKDOWN)
    page = edition.page(rec["url"])
    paragraphs = page.xpath('//p[starts-with(@id,"para-")]')
    assert len(paragraphs) > 30
    for p in paragraphs[:5]:
        (link,) = p.xpath('./a[contains(@class,"para-link")]')
        assert link.get("href") == "#" + p.get("id")
    izv = edition.page(edition.of_source("izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt")[0]["url"])
    assert izv.xpath('//figure[@id="figure-1"]') and izv.xpath('//*[@id="table-1"]')


def run(folder: Path, out: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(folder), "--site-dir",
                           str(out), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "articles.json").read_text(encoding="utf-8"))


def test_url_survives_a_corrected_title_and_a_new_id_leaves_a_redirect(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(SOURCES / "izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt", folder)
    (first,) = run(folder, tmp_path / "one")
    assert (folder / "article-ids.yml").exists()
    (folder / "catalog.yml").write_text(
        "sources:\n  izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt:\n    articles:\n"
        "      - match: {ordinal: 1}\n        titles: {en: \"A CORRECTED TITLE\"}\n", encoding="utf-8")
    (second,) = run(folder, tmp_path / "two")
    assert second["titles"]["en"] == "A CORRECTED TITLE"
    assert second["url"] == first["url"]  # the title changed, the URL did not
    (folder / "catalog.yml").write_text(
        "sources:\n  izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt:\n    articles:\n"
        "      - match: {ordinal: 1}\n        id: peoples-diplomacy\n", encoding="utf-8")
    (third,) = run(folder, tmp_path / "three")
    assert third["url"].endswith("/peoples-diplomacy.html")
    old = tmp_path / "three" / first["url"]
    assert old.exists() and 'http-equiv="refresh"' in old.read_text(encoding="utf-8")
    assert "peoples-diplomacy.html" in old.read_text(encoding="utf-8")
