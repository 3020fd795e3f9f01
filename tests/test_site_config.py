"""Site configuration tests: mkdocs.yml, hooks/edition.py and overrides/ together.

A small hand-written docs tree in the layout the converter writes is built with the
real MkDocs build in strict mode; the HTML is then checked with lxml.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import textwrap
from pathlib import Path

import pytest
from lxml import html as lxml_html

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"

NASTY_TITLE = 'Потенциал "института" <script>alert(1)</script> медиации & O\'Neil'
NASTY_DESCRIPTION = 'Статья "о медиации" <b>и</b> превентивности'
NAV_SECTION_TITLE = "Вестник ЕНУ <Политология>"

INDEX_MD = """\
# Журналы

- [Вестник ЕНУ им. Л.Н. Гумилева, 2025, № 4](vestnik-enu/2025-153-4/index.md)
"""

NAV_YML = """\
- Главная: index.md
- "Вестник ЕНУ <Политология>":
    - vestnik-enu/2025-153-4/index.md
    - "Медиация": vestnik-enu/2025-153-4/mediation.md
    - "Interethnic mechanisms": vestnik-enu/2025-153-4/mechanisms.md
- Темы:
    - topics/index.md
"""

ISSUE_MD = """\
# 2025, № 4 (153)

1. [Потенциал института медиации](mediation.md)
2. [Interethnic mechanisms](mechanisms.md)
"""

# Exactly the shape the converter writes: md_in_html <div lang=.. markdown> inside tabs,
# no blank lines around the div content.
ARTICLE_RU_MD = """\
---
title: 'Потенциал "института" <script>alert(1)</script> медиации & O''Neil'
kind: article
lang: ru
source: vestnik-enu-polsci-2025-no4-153-article-mediation.md
titles: {kk: "Этносаралық келісім медиациясы", ru: "Потенциал института медиации", en: "The Potential of Mediation"}
abstracts_short: {kk: "Қазақша аңдатпа", ru: "Русская \\"аннотация\\"", en: "English abstract"}
authors:
  - display: "Кумысбеков А.К."
    names: {ru: "Кумысбеков А.К.", kk: "Күмісбеков А.К.", en: "Kumysbekov A.K."}
    affiliation: "Евразийский национальный университет имени Л.Н. Гумилева, Астана, Казахстан"
    email: "aibek.kumsybekov@gmail.com"
    orcid: null
  - display: "Смагулова Ж.Б."
    names: {ru: "Смагулова Ж.Б."}
    affiliation: null
    email: null
    orcid: null
keywords_flat: ["медиация", "превентивность", "mediation"]
doi: 10.32523/2616-6887-2025-153-4-59-69
issue: {journal: "Вестник ЕНУ им. Л.Н. Гумилева", volume: 153, number: 4, year: 2025}
first_page: 59
last_page: 69
description: 'Статья "о медиации" <b>и</b> превентивности'
head:
  highwire:
    - [citation_title, 'Потенциал "института" <script>alert(1)</script> медиации & O''Neil']
    - [citation_author, "Кумысбеков А.К."]
    - [citation_author_institution, "Евразийский национальный университет имени Л.Н. Гумилева"]
    - [citation_author, "Смагулова Ж.Б."]
    - [citation_journal_title, "Вестник ЕНУ им. Л.Н. Гумилева"]
    - [citation_publication_date, 2025]
    - [citation_volume, 153]
    - [citation_issue, 4]
    - [citation_firstpage, 59]
    - [citation_lastpage, 69]
    - [citation_doi, "10.32523/2616-6887-2025-153-4-59-69"]
    - [citation_language, ru]
    - [citation_keywords, "медиация; превентивность; mediation"]
  dc:
    - [DC.title, "Этносаралық келісім медиациясы", kk]
    - [DC.title, "Потенциал института медиации", ru]
    - [DC.title, "The Potential of Mediation", en]
    - [DC.creator, "Кумысбеков А.К.", ru]
    - [DC.creator, "Смагулова Ж.Б.", ru]
    - [DC.language, ru, ""]
    - [DC.identifier, "doi:10.32523/2616-6887-2025-153-4-59-69", ""]
    - [DC.description, "Қазақша аңдатпа", kk]
    - [DC.description, 'Русская "аннотация"', ru]
    - [DC.description, "English abstract", en]
  jsonld:
    "@context": https://schema.org
    "@type": ScholarlyArticle
    headline: 'Потенциал "института" <script>alert(1)</script> медиации & O''Neil'
---

# Потенциал института медиации

<p class="article-authors">Кумысбеков А.К., Смагулова Ж.Б.</p>

=== "Қазақша"

    <div lang="kk" markdown>
    **Этносаралық келісім медиациясы**

    **Аңдатпа.** Қазақша аңдатпа.

    **Түйін сөздер:** медиация
    </div>

=== "Русский"

    <div lang="ru" markdown>
    **Потенциал института медиации**

    **Аннотация.** Русская аннотация.

    **Ключевые слова:** медиация, превентивность
    </div>

=== "English"

    <div lang="en" markdown>
    **The Potential of Mediation**

    **Abstract.** English abstract.

    **Keywords:** mediation
    </div>

## Введение

Body paragraphs.

## Методы исследования

```html
<div lang="kk" markdown>
code stays as it is
</div>
```

## Введение

A repeated heading.
"""

# A fragment with most optional fields missing or null.
ARTICLE_EN_MD = """\
---
title: Interethnic mechanisms
kind: fragment
lang: en
source: unknown-journal-en-article-interethnic-mechanisms.txt
titles: {en: "Interethnic mechanisms", kk: null}
abstracts_short: {en: "", ru: null}
authors:
  - display: "Doe J."
    affiliation: ""
    orcid: null
  - display: null
keywords_flat: []
doi: null
issue: null
first_page: null
last_page: null
head:
  highwire:
    - [citation_title, "Interethnic mechanisms"]
    - [citation_author, "Doe J."]
    - [citation_language, en]
  dc:
    - [DC.title, "Interethnic mechanisms", en]
---

# Interethnic mechanisms

<span class="fragment-flag">Fragment</span>

## Results

Text.
"""

TOPICS_MD = "# Темы\n\n- [Медиация](../vestnik-enu/2025-153-4/mediation.md)\n"
REPORT_MD = '# Отчёт\n\n<div class="report-table" markdown>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</div>\n'


def write_tree(docs: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


FIXTURE = {
    "index.md": INDEX_MD,
    "nav.yml": NAV_YML,
    "articles.json": json.dumps([{"id": "mediation"}]),
    "vestnik-enu/2025-153-4/index.md": ISSUE_MD,
    "vestnik-enu/2025-153-4/mediation.md": ARTICLE_RU_MD,
    "vestnik-enu/2025-153-4/mechanisms.md": ARTICLE_EN_MD,
    "topics/index.md": TOPICS_MD,
    "report/index.md": REPORT_MD,
    "report/report.json": "{}",
}


def build_site(tmp: Path, files: dict[str, str], **overrides) -> Path:
    docs, site = tmp / "docs", tmp / "site"
    write_tree(docs, files)
    cfg = load_config(
        config_file=str(CONFIG), docs_dir=str(docs), site_dir=str(site), strict=True, **overrides
    )
    build(cfg)
    return site


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("edition"), FIXTURE)


@pytest.fixture(scope="module")
def article(site):
    return parse(site / "vestnik-enu/2025-153-4/mediation.html")


@pytest.fixture(scope="module")
def fragment(site):
    return parse(site / "vestnik-enu/2025-153-4/mechanisms.html")


def metas(doc, name: str) -> list[str]:
    return [m.get("content") for m in doc.xpath("//head/meta[@name=$n]", n=name)]


def load_hook_module():
    spec = importlib.util.spec_from_file_location("edition_hook_under_test", ROOT / "hooks/edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- config


def test_config_resolves_paths_relative_to_config_file(tmp_path):
    docs = tmp_path / "d"
    docs.mkdir()
    cfg = load_config(config_file=str(CONFIG), docs_dir=str(docs), site_dir=str(tmp_path / "s"))
    assert cfg.docs_dir == str(docs)
    assert cfg.use_directory_urls is False
    assert cfg.theme.name == "material"
    assert cfg.theme.dirs[0] == str(ROOT / "overrides")
    assert cfg.theme["font"] is False
    assert cfg.theme["language"] == "ru"
    assert "hooks/edition.py" in cfg.hooks
    assert {"hooks/edition.py", "hooks/search.py", "hooks/offline.py", "hooks/a11y.py"} <= set(cfg.plugins)
    # the edition's search (hooks/search.py) is the only one: no Material search, and so no offline plugin
    assert not [p for p in cfg.plugins if p.rsplit("/", 1)[-1] in ("search", "offline")], list(cfg.plugins)


# --------------------------------------------------------------------------- build / nav


def test_nav_follows_nav_yml(site):
    doc = parse(site / "index.html")
    primary = doc.xpath('//nav[contains(@class,"md-nav--primary")]')[0]
    links = [
        (a.get("href"), " ".join(a.text_content().split()))
        for a in primary.xpath(".//a[@href]")
        if a.text_content().strip()  # skip the logo link
    ]
    assert links == [
        ("index.html", "Главная"),
        # navigation.indexes: the issue index is the section's own link;
        # nav.yml titles are plain text: "<Политология>" is shown, not parsed as a tag
        ("vestnik-enu/2025-153-4/index.html", NAV_SECTION_TITLE),
        ("vestnik-enu/2025-153-4/mediation.html", "Медиация"),
        ("vestnik-enu/2025-153-4/mechanisms.html", "Interethnic mechanisms"),
        ("topics/index.html", "Темы"),
    ]


def test_nav_yml_and_the_report_are_not_published_but_other_static_files_are(site):
    assert not (site / "nav.yml").exists()
    assert not (site / "nav.html").exists()
    assert (site / "articles.json").exists()
    # the conversion report in docs/report/ is the editors': mkdocs.yml keeps it out of the site
    assert not (site / "report").exists()
    assert (site / "assets/edition.css").exists()


def test_auto_nav_without_nav_yml(tmp_path):
    files = {k: v for k, v in FIXTURE.items() if k != "nav.yml"}
    site = build_site(tmp_path, files)
    # navigation.prune renders deeper levels only along the active path
    doc = parse(site / "vestnik-enu/2025-153-4/mediation.html")
    primary = doc.xpath('//nav[contains(@class,"md-nav--primary")]')[0]
    hrefs = {a.get("href") for a in primary.xpath(".//a[@href]")}
    assert {"mediation.html", "mechanisms.html", "../../topics/index.html"} <= hrefs


def test_no_network_fonts(site, article):
    page = (site / "vestnik-enu/2025-153-4/mediation.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page
    assert "fonts.gstatic.com" not in page
    assert article.xpath('//link[@rel="stylesheet"][contains(@href,"assets/edition.css")]')


# --------------------------------------------------------------------------- lang


def test_html_lang_follows_page_meta(site, article, fragment):
    assert article.get("lang") == "ru"
    assert fragment.get("lang") == "en"  # theme default is ru: this is the hook's doing
    assert parse(site / "index.html").get("lang") == "ru"


def test_set_html_lang_only_touches_first_html_tag():
    hook = load_hook_module()
    page = '<!doctype html>\n<html lang="ru" class="no-js"><body><pre>&lt;html lang="ru"&gt;</pre><html lang="x"></body></html>'
    out = hook.set_html_lang(page, "kk")
    assert out.startswith('<!doctype html>\n<html lang="kk" class="no-js">')
    assert out.count('lang="kk"') == 1
    assert '<html lang="x">' in out
    assert hook.set_html_lang("<html>", "en") == '<html lang="en">'
    assert hook.set_html_lang('<html data-lang="a" xml:lang="b">', "en") == '<html lang="en" data-lang="a" xml:lang="b">'
    assert hook.set_html_lang("no html here", "en") == "no html here"


# --------------------------------------------------------------------------- meta tags


def test_citation_meta(article):
    assert metas(article, "citation_title") == [NASTY_TITLE]
    assert metas(article, "citation_author") == ["Кумысбеков А.К.", "Смагулова Ж.Б."]
    assert metas(article, "citation_journal_title") == ["Вестник ЕНУ им. Л.Н. Гумилева"]
    assert metas(article, "citation_publication_date") == ["2025"]
    assert metas(article, "citation_volume") == ["153"]
    assert metas(article, "citation_issue") == ["4"]
    assert metas(article, "citation_firstpage") == ["59"]
    assert metas(article, "citation_lastpage") == ["69"]
    assert metas(article, "citation_doi") == ["10.32523/2616-6887-2025-153-4-59-69"]
    assert metas(article, "citation_language") == ["ru"]
    assert metas(article, "citation_keywords") == ["медиация; превентивность; mediation"]
    assert metas(article, "citation_abstract_html_url") == []  # no site_url configured


def test_dublin_core_meta(article):
    titles = {m.get("lang"): m.get("content") for m in article.xpath('//head/meta[@name="DC.title"]')}
    assert titles == {
        "kk": "Этносаралық келісім медиациясы",
        "ru": "Потенциал института медиации",
        "en": "The Potential of Mediation",
    }
    raw = article.xpath('//head/meta[@name="DC.title"]')[0].attrib
    assert any(k.endswith("lang") and k != "lang" for k in raw), raw  # xml:lang present
    assert metas(article, "DC.creator") == ["Кумысбеков А.К.", "Смагулова Ж.Б."]
    assert metas(article, "DC.language") == ["ru"]
    assert metas(article, "DC.identifier") == ["doi:10.32523/2616-6887-2025-153-4-59-69"]
    descs = {m.get("lang"): m.get("content") for m in article.xpath('//head/meta[@name="DC.description"]')}
    assert descs == {"kk": "Қазақша аңдатпа", "ru": 'Русская "аннотация"', "en": "English abstract"}


def test_description_meta_once_and_escaped(article):
    assert metas(article, "description") == [NASTY_DESCRIPTION]


def test_json_ld_is_printed_as_escaped_json(article):
    (script,) = article.xpath('//head/script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == NASTY_TITLE
    assert "</script>" not in script.text and "<script>" not in script.text


def test_title_is_escaped_everywhere(site, article):
    # no live <script> element carries the title's payload, anywhere on the page
    for script in article.xpath("//script[not(@type='application/ld+json')]"):
        assert "alert(1)" not in (script.text or "")
    assert not article.xpath("//b[ancestor::head]")
    # the <title> and the header show the text literally
    assert article.findtext(".//title").startswith(NASTY_TITLE + " - ")
    raw = (site / "vestnik-enu/2025-153-4/mediation.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    # neighbours' prev/next footer links show it as text too
    issue = (site / "vestnik-enu/2025-153-4/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in issue


def test_no_none_in_meta(site, article, fragment):
    for doc in (article, fragment, parse(site / "index.html")):
        for m in doc.xpath("//head/meta"):
            for value in m.attrib.values():
                assert value.strip() not in ("None", "none", "null", ""), lxml_html.tostring(m)
                assert "None" not in value.split(), lxml_html.tostring(m)


def test_missing_values_leave_tags_out(fragment):
    assert metas(fragment, "citation_title") == ["Interethnic mechanisms"]
    assert metas(fragment, "citation_author") == ["Doe J."]
    for name in (
        "citation_doi", "DC.identifier", "citation_journal_title", "citation_volume",
        "citation_issue", "citation_publication_date", "citation_firstpage",
        "citation_lastpage", "citation_keywords", "citation_author_institution",
        "citation_author_orcid", "DC.description",
    ):
        assert metas(fragment, name) == [], name
    assert metas(fragment, "DC.title") == ["Interethnic mechanisms"]
    assert not fragment.xpath('//head/script[@type="application/ld+json"]')
    assert metas(fragment, "citation_language") == ["en"]


def test_non_article_pages_have_no_citation_meta(site):
    for rel in ("index.html", "vestnik-enu/2025-153-4/index.html", "topics/index.html"):
        doc = parse(site / rel)
        assert not doc.xpath('//head/meta[starts-with(@name,"citation_") or starts-with(@name,"DC.")]'), rel


# --------------------------------------------------------------------------- content


def test_language_tabs(article):
    sets = article.xpath('//div[contains(concat(" ",@class," ")," tabbed-set ")]')
    assert len(sets) == 1
    labels = [l.text_content().strip() for l in sets[0].xpath('.//div[@class="tabbed-labels"]/label')]
    assert labels == ["Қазақша", "Русский", "English"]
    blocks = sets[0].xpath('.//div[@class="tabbed-block"]')
    assert [b.xpath("./div/@lang") for b in blocks] == [["kk"], ["ru"], ["en"]]
    # md_in_html content rendered as Markdown inside the tab, not as literal **
    kk = blocks[0].xpath("./div")[0]
    assert kk.xpath("./p/strong")[0].text == "Этносаралық келісім медиациясы"
    assert "**" not in kk.text_content()
    # readable tab ids (pymdownx.slugs), labels point at them
    inputs = sets[0].xpath("./input/@id")
    assert inputs == ["қазақша", "русский", "english"]


def test_no_markdown_attribute_or_p_wrapped_divs(site, article):
    raw = (site / "vestnik-enu/2025-153-4/mediation.html").read_text(encoding="utf-8")
    assert not article.xpath("//*[@markdown]")
    assert "<p><div" not in raw and "</div></p>" not in raw
    # fenced code is left alone by the hook
    code = article.xpath("//pre//code")[0].text_content()
    assert '<div lang="kk" markdown>' in code


def test_heading_ids_are_readable_cyrillic_slugs(article):
    ids = article.xpath('//article//*[self::h1 or self::h2]/@id')
    assert ids == ["потенциал-института-медиации", "введение", "методы-исследования", "введение_1"]
    assert not [i for i in article.xpath("//@id") if i.startswith("_") and i[1:].isdigit()]
    toc = article.xpath('//nav[contains(@class,"md-nav--secondary")]//a/@href')
    assert "#введение" in toc and "#методы-исследования" in toc


def test_search_index_has_ru_en_and_kazakh_text(site):
    """The edition's search index (hooks/search.py): <script> files, the article's words in all three
    languages stemmed into the shards, its text for snippets; Material's search_index.json is not built."""
    folder = site / "search"
    assert (folder / "manifest.js").is_file() and not (folder / "search_index.json").exists()
    shards = "".join(p.read_text(encoding="utf-8") for p in folder.glob("s-*.js"))
    texts = "".join(p.read_text(encoding="utf-8") for p in folder.glob("t-*.js"))
    assert "Қазақша аңдатпа" in texts and "English abstract" in texts
    for stem in ('"қазақ"', '"аңдатпа"', '"аннотац"', '"abstract"', '"медиац"'):
        assert stem in shards, stem


def test_the_editions_search_box_is_in_every_header(site):
    for page in sorted(site.rglob("*.html")):
        doc = parse(page)
        form = doc.xpath('//header[contains(@class,"md-header")]//form[@role="search"]')
        assert len(form) == 1, page
        field = form[0].xpath('.//input[@type="search"]')[0]
        assert field.get("aria-label") and field.get("aria-keyshortcuts") == "/ s", page
        assert doc.xpath('//script[contains(@src, "assets/kzsearch.js")]'), page
        # Material's search (dialog and header button) is gone; base.html's hidden toggle input stays
        assert not doc.xpath('//*[@data-md-component="search"] | //label[@for="__search"]'), page


# --------------------------------------------------------------------------- hook units


def test_fix_indented_md_html():
    hook = load_hook_module()
    src = textwrap.dedent(
        """\
        === "A"

            <div lang="kk" markdown="1">
            **x**
            </div>

        <div markdown>
        top level is md_in_html's job
        </div>
        """
    )
    out = hook.fix_indented_md_html(src)
    assert out == textwrap.dedent(
        """\
        === "A"

            <div lang="kk">

            **x**

            </div>

        <div markdown>
        top level is md_in_html's job
        </div>
        """
    )
    assert hook.fix_indented_md_html(out) == out  # idempotent


def test_html_text_is_idempotent():
    hook = load_hook_module()
    assert hook.html_text("a < b & c &amp; d") == "a &lt; b &amp; c &amp; d"
    assert hook.html_text(hook.html_text('x "y" <z>', quote=True), quote=True) == "x &quot;y&quot; &lt;z&gt;"


def test_leaked_markdown_attribute_fails_strict_build(tmp_path, caplog):
    files = dict(FIXTURE)
    files["topics/index.md"] = 'Inline <span markdown>**x**</span> is not processed.\n'
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(tmp_path, files)
    assert any("'markdown' attribute" in r.getMessage() for r in caplog.records)


def test_invalid_lang_fails_strict_build(tmp_path):
    files = dict(FIXTURE)
    files["vestnik-enu/2025-153-4/mechanisms.md"] = ARTICLE_EN_MD.replace("lang: en", 'lang: "en\\" onload=\\"x"')
    with pytest.raises(Abort):
        build_site(tmp_path, files)


# --------------------------------------------------------------------------- kk UI


def test_kazakh_ui_language_partial(tmp_path):
    cfg_theme = {
        "name": "material",
        "custom_dir": str(ROOT / "overrides"),
        "language": "kk",
        "font": False,
    }
    site = build_site(tmp_path, FIXTURE, theme=cfg_theme)
    doc = parse(site / "index.html")
    assert doc.get("lang") == "kk"
    assert doc.xpath('//header//input[@class="kz-search-input"]/@placeholder') == ["Іздеу · Поиск · Search"]
    # articles keep their own language
    assert parse(site / "vestnik-enu/2025-153-4/mediation.html").get("lang") == "ru"
