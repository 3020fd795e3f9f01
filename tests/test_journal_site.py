"""The edition read as a journal's website (issue 17), in Chromium and in the built HTML: tables as a
journal prints them, every label in the page's language, the body language's tab first, no source file
name on any page, issue contents with their links. Screenshots of an article, an issue and a table at
desktop and phone width go to tests/screenshots/ (git-ignored) for a person to look at."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser_support import DESKTOP, PHONE, RequestLog, StaticServer, browser, screenshot_path, served_target
from conftest import SOURCES

__all__ = ["browser"]

# «1-кесте» of the maslikhat article, as printed (vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt): the
# heading «Сайланатын депутаттардың саны» stands over the columns «1994 ж.» and «2023 ж.»
TABLE_CAPTION = "1-кесте. Әкімшілік-аумақтық бірліктер бойынша"
SPANNING, UNDER = "Сайланатын депутаттардың саны", ("1994 ж.", "2023 ж.")

# The edition's own labels as a reader of each language expects them (written here by hand, not taken
# from the converter): a page in one language shows none of the others'.
LABELS = {
    "ru": ["Как цитировать статью", "Скачать", "Копировать", "Темы", "Поступила", "Принята", "Опубликована",
           "Эл. почта", "Перейти к содержанию", "Главная", "Список литературы"],
    "kk": ["Мақалаға қалай сілтеме жасау керек", "Жүктеу", "Көшіру", "Тақырыптар", "Түсті", "Қабылданды",
           "Жарияланды", "Эл. пошта", "Мазмұнға өту", "Басты бет", "Әдебиеттер тізімі"],
    "en": ["Cite this article", "Download", "Copy", "Topics", "Received", "Accepted", "Published online",
           "E-mail", "Skip to content", "Home", "References", "Source", "lines"],
}
# what each page must show of its own language's (the labels every article page has)
MUST = {"ru": ["Скачать", "Перейти к содержанию", "Главная"], "kk": ["Жүктеу", "Мазмұнға өту", "Басты бет"],
        "en": ["Download", "Skip to content", "Home"]}
# source text, not labels: the tabs' blocks, the body's paragraphs, headings (and the table of contents,
# which repeats them), tables, references
NOT_LABELS = ('ancestor-or-self::*[contains(@class,"tabbed-block") or contains(@class,"reference-list") '
              'or starts-with(@id,"para-") or self::table or self::pre or self::h1 or self::h2 or self::h3 '
              'or self::figcaption or contains(@class,"cite-text") or contains(@class,"article-authors") '
              'or contains(@class,"md-sidebar--secondary") or self::title or self::script or self::style '
              'or self::a[starts-with(@href,"#") and contains(@class,"md-nav__link")]]')


def page_of(edition, rec: dict):
    return lxml_html.fromstring((edition.site / rec["url"]).read_bytes())


def effective_lang(el) -> str:
    for node in [el, *el.iterancestors()]:
        if node.get("lang"):
            return node.get("lang")
    return ""


def label_texts(tree) -> list[tuple[str, str]]:
    """(language, text) of every text node that is the edition's words (not the source's)."""
    out = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.xpath(NOT_LABELS):
            continue
        if el.text and el.text.strip():
            out.append((effective_lang(el), el.text.strip()))
        parent = el.getparent()
        if el.tail and el.tail.strip() and parent is not None and not parent.xpath(NOT_LABELS):
            out.append((effective_lang(parent), el.tail.strip()))
    return out


def article_in(edition, lang: str) -> dict:
    """An article in `lang`, one that prints its dates where there is one (they have labels)."""
    candidates = [r for r in edition.articles if r["kind"] == "article" and r["body_lang"] == lang]
    return max(candidates, key=lambda r: bool(r.get("dates")))


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_label_of_an_article_is_in_its_language(edition, lang):
    rec = article_in(edition, lang)
    tree = page_of(edition, rec)
    assert tree.xpath("/html/@lang") == [lang]
    texts = label_texts(tree)
    own = [t for lg, t in texts if lg == lang]
    for other, labels in LABELS.items():
        if other == lang:
            continue
        for label in labels:
            pattern = re.compile(rf"(?<!\w){re.escape(label.casefold())}(?!\w)")
            assert not [t for t in own if pattern.search(t.casefold())], (rec["url"], other, label)
    for label in MUST[lang]:
        assert any(label in t for t in own), (rec["url"], label, own[:40])


# the tooltips of a heading's and a paragraph's permanent links, as a reader of each language expects them
TOOLTIPS = {"ru": ("Постоянная ссылка", "Ссылка на этот абзац"), "kk": ("Тұрақты сілтеме", "Осы абзацқа сілтеме"),
            "en": ("Permanent link", "Link to this paragraph")}


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_the_permanent_links_tooltips_are_in_the_articles_language(edition, lang):
    tree = page_of(edition, article_in(edition, lang))
    heading, paragraph = TOOLTIPS[lang]
    headings = tree.xpath('//a[contains(@class,"headerlink")]/@title')
    paragraphs = tree.xpath('//a[contains(@class,"para-link")]/@title')
    assert headings and set(headings) == {heading}
    assert paragraphs and set(paragraphs) == {paragraph}


def test_a_russian_articles_dates_and_emails_are_labelled_in_russian(edition):
    """The mediation article prints its dates and an e-mail (vestnik-enu-polsci-2025-no4-153-article-mediation.md)."""
    (rec,) = edition.of_source("vestnik-enu-polsci-2025-no4-153-article-mediation.md")
    facts = " ".join(page_of(edition, rec).xpath('//p[contains(@class,"article-facts")]')[0].itertext())
    assert "Поступила: 10.07.2024" in facts and "Принята: 25.11.2025" in facts and "Опубликована: 30.12.2025" in facts
    assert "Эл. почта:" in facts and "received" not in facts.casefold()


def source_names() -> list[str]:
    names = [p.name for p in sorted(SOURCES.iterdir()) if p.is_file()]
    return names + [Path(n).stem for n in names if len(Path(n).stem) > 12]


def test_no_text_of_any_page_holds_a_source_file_name(edition):
    names = [n for n in source_names() if n not in ("catalog.yml", "topics.yml")]
    found = []
    for path in sorted(edition.site.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        for text in tree.xpath("//text()[not(ancestor::script) and not(ancestor::style)]"):
            found += [(path.relative_to(edition.site).as_posix(), n) for n in names if n in text]
    assert not found, found[:10]


def test_an_issue_without_number_or_year_is_shown_by_what_is_known(edition):
    """The peoples-diplomacy article's source names its journal in its running headers, no number, no year."""
    (rec,) = edition.of_source("izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt")
    issue = lxml_html.fromstring((edition.site / Path(rec["url"]).parent / "index.html").read_bytes())
    assert issue.xpath("//h1")[0].text_content().strip().startswith("Известия КазУМОиМЯ")
    asked = [e for e in edition.report["entries"] if e.get("code") == "catalog.issue_unknown"
             and e["source"] == rec["source"]]
    assert asked and "year" in asked[0]["message"] and "number" in asked[0]["message"]
    assert "catalog.yml" in asked[0]["message"]


def test_issue_contents_have_authors_links_and_no_pdf_without_a_galley(edition):
    issue = [r for r in edition.articles if r["source"] == "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"]
    page = lxml_html.fromstring((edition.site / Path(issue[0]["url"]).parent / "index.html").read_bytes())
    html_links = page.xpath('//p[contains(@class,"toc-links")]/a[text()="HTML"]/@href')
    assert sorted(html_links) == sorted(Path(r["url"]).name for r in issue)
    assert not page.xpath('//a[contains(@href,".pdf")]')  # these sources are text: no galley, no link
    titles = [h.text_content().strip() for h in page.xpath("//article//h2")]
    assert "Дискуссии о диаспоре и ирреденте в прошлом и настоящем" in " ".join(titles)  # display case
    assert not [t for t in titles if len(t) > 20 and t == t.upper()]  # no title in capitals


def test_the_not_found_page_speaks_the_editions_language(edition):
    tree = lxml_html.fromstring((edition.site / "404.html").read_bytes())
    assert tree.xpath("/html/@lang") == ["ru"]
    text = " ".join(tree.itertext())
    assert "Казахстанские журналы социальных и политических наук" in text
    assert "Digital Edition" not in text and "Skip to content" not in text


def test_home_shows_the_newest_issue_first_then_the_archive(edition):
    home = lxml_html.fromstring((edition.site / "index.html").read_bytes())
    heads = [h.text_content().replace("¶", "").strip() for h in home.xpath("//article//h2")]
    newest = home.xpath('//p[contains(@class,"newest-issue")]')[0].text_content()
    assert heads[0] == "Последний выпуск" and "2025, №4(153)" in newest  # ENU 2025 №4 > KazNPU №2
    assert heads.index("Архив") > 0
    assert home.xpath("/html/@lang") == ["ru"]


# -- in Chromium ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(edition):
    with StaticServer(edition.site) as server:
        yield served_target(server)


def new_page(browser, served, options):
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    RequestLog(served).attach(context)
    return context, context.new_page()


def table_article(edition) -> dict:
    for rec in edition.articles:
        if TABLE_CAPTION in (edition.site / rec["url"]).read_text(encoding="utf-8"):
            return rec
    raise AssertionError("the maslikhat article's table is not on any page")


def test_two_row_header_spans_its_columns_and_numbers_are_right_aligned(browser, served, edition):
    context, page = new_page(browser, served, DESKTOP)
    page.goto(served.url(table_article(edition)["url"]))
    table = page.locator("table.edition-table", has=page.locator("caption", has_text=TABLE_CAPTION))
    over = table.locator("thead th", has_text=SPANNING).bounding_box()
    under = [table.locator("thead th", has_text=t).first.bounding_box() for t in UNDER]
    assert over["x"] <= under[0]["x"] + 1 and over["x"] + over["width"] >= under[1]["x"] + under[1]["width"] - 1
    assert over["y"] + over["height"] <= under[0]["y"] + 1  # above them, not beside
    # the caption is above the table
    assert table.locator("caption").bounding_box()["y"] < over["y"]
    # a number column: the cells' text ends at one right edge, whatever its length ("1 440", "978")
    edges = page.evaluate("""(t) => [...t.querySelectorAll('tbody tr')].map(tr => {
        const td = tr.children[4]; const r = document.createRange(); r.selectNodeContents(td);
        const box = r.getBoundingClientRect(); return [getComputedStyle(td).textAlign, box.left, box.right]; })""",
                          table.element_handle())
    assert {e[0] for e in edges} == {"right"}
    assert max(e[2] for e in edges) - min(e[2] for e in edges) < 1.5 and max(e[1] for e in edges) - min(e[1] for e in edges) > 3
    page.locator("caption", has_text=TABLE_CAPTION).scroll_into_view_if_needed()
    table.screenshot(path=str(screenshot_path("site-table-desktop.png")))
    context.close()


def test_a_wide_table_scrolls_inside_its_block_on_a_phone(browser, served, edition):
    context, page = new_page(browser, served, PHONE)
    page.goto(served.url(table_article(edition)["url"]))
    block = page.locator(".table-block", has=page.locator("caption", has_text=TABLE_CAPTION))
    sizes = block.evaluate("b => [b.scrollWidth, b.clientWidth, getComputedStyle(b).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto", sizes  # wider than its block, which scrolls …
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # … and the page does not
    block.evaluate("b => { b.scrollLeft = 200; }")
    assert block.evaluate("b => b.scrollLeft") > 0
    block.evaluate("b => { b.scrollLeft = 0; }")
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_path("site-table-phone.png")))
    context.close()


def checked_tab(page) -> str:
    return page.evaluate("""() => { const set = document.querySelector('.tabbed-set');
        const input = set.querySelector(':scope > input:checked');
        return set.querySelector(`label[for="${CSS.escape(input.id)}"]`).textContent.trim(); }""")


def test_first_tab_is_the_body_language_until_the_reader_chooses(browser, served, edition):
    ru = next(r for r in edition.articles if r["body_lang"] == "ru" and len(r["titles"]) == 3)
    kk = next(r for r in edition.articles if r["body_lang"] == "kk" and len(r["titles"]) == 3)
    context, page = new_page(browser, served, DESKTOP)
    for rec, label in ((ru, "Русский"), (kk, "Қазақша")):  # a new reader: nothing chosen
        page.goto(served.url(rec["url"]))
        page.evaluate("localStorage.clear()")
        page.goto(served.url(rec["url"]))
        assert checked_tab(page) == label, rec["url"]
        assert page.locator(".tabbed-labels label").first.inner_text().strip() == label
    page.locator(".tabbed-labels label", has_text="English").first.click()  # the reader's choice …
    for rec in (ru, kk):
        page.goto(served.url(rec["url"]))
        assert checked_tab(page) == "English", rec["url"]  # … follows them from page to page
    context.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_an_article_and_an_issue(browser, served, edition, width):
    context, page = new_page(browser, served, DESKTOP if width == "desktop" else PHONE)
    rec = table_article(edition)
    for name, rel in (("article", rec["url"]), ("issue", str(Path(rec["url"]).parent / "index.html")),
                      ("home", "index.html")):
        page.goto(served.url(rel))
        page.wait_for_load_state("load")
        page.screenshot(path=str(screenshot_path(f"site-{name}-{width}.png")))
        assert page.evaluate("document.documentElement.scrollWidth") <= (1280 if width == "desktop" else 390)
    context.close()


# -- titles in another language than the page's, and the reader's choice of language ---------------------
def site_target(edition, served, how: str):
    """The built site served, or opened from disk (file://, as the offline bundle is)."""
    from browser_support import Target

    return served if how == "served" else Target("offline", edition.site, edition.site.resolve().as_uri() + "/")


_SHOWN_TITLES = """() => [...document.querySelectorAll('nav.md-nav a[href], .md-content article a[href]')]
    .map(a => { const inner = a.querySelector('[lang]');  // a title in a span of its language (the navigation's)
                const own = inner && inner.textContent.trim() === a.textContent.trim() ? inner : a.closest('[lang]');
                return [a.href, a.textContent.replace('¶', '').trim(), own ? own.getAttribute('lang') : ''] })
    .filter(x => x[1])"""


def title_language(shown: str, texts: dict) -> str | None:
    """Which of a record's titles (or names) by language the link shows: whole, or cut short with "…"."""
    cut = shown.removesuffix("…").strip()
    hits = [lang for lang, t in texts.items() if t and (t == shown or shown.endswith("…") and t.startswith(cut))]
    return hits[0] if len(set(texts[h] for h in hits)) == 1 else None


@pytest.mark.parametrize("rel", ["index.html", "index.en.html", "index.kk.html", "vestnik-kaznpu-socpol/index.en.html",
                                 "vestnik-kaznpu-socpol/2025-2/index.html", "vestnik-kaznpu-socpol/2025-2/index.en.html",
                                 "ARTICLE"])
def test_every_shown_title_in_another_language_than_the_page_says_its_language(browser, served, edition, rel):
    """Navigation and listings: an article's title and a journal's name carry the language they are in
    (the record's, articles.json) where it is not the page's."""
    rel = table_article(edition)["url"] if rel == "ARTICLE" else rel
    context, page = new_page(browser, served, DESKTOP)
    page.goto(served.url(rel))
    page_lang = page.evaluate("document.documentElement.lang")
    by_url = {served.url(r["url"]): r["titles"] for r in edition.articles}
    journals = {served.url(str(Path(r["url"]).parent.parent / "index.html")): r["issue"].get("journal_names", {})
                for r in edition.articles}
    checked, other, wrong = 0, 0, []
    for href, shown, lang in page.evaluate(_SHOWN_TITLES):
        texts = by_url.get(href.split("#")[0]) or journals.get(href.split("#")[0])
        want = title_language(shown, texts) if texts else None
        if want is None:
            continue
        checked, other = checked + 1, other + (want != page_lang)
        if lang != want:
            wrong.append((shown[:40], want, lang))
    context.close()
    assert checked >= 3 and not wrong, (rel, page_lang, wrong[:5])
    assert other >= 1 or rel == "index.html"  # titles in another language than the page's were among them


# the listing pages' labels a reader of each language expects (written here by hand)
LISTING_LABELS = {"ru": ["Последний выпуск", "Архив", "Открытые данные", "Главная", "Перейти к содержанию"],
                  "en": ["Latest issue", "Archive", "Open data", "Home", "Skip to content"],
                  "kk": ["Соңғы шығарылым", "Мұрағат", "Ашық деректер", "Басты бет", "Мазмұнға өту"]}
_TEXTS_OF_LANG = """(lang) => { const out = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement; if (!el || el.closest('script,style') || !n.textContent.trim()) continue;
        const own = el.closest('[lang]'); if ((own ? own.getAttribute('lang') : '') === lang) out.push(n.textContent.trim()); }
    return out; }"""


def english_throughout(page) -> list[str]:
    """Text of the page's own language (English) that is not English: Cyrillic in it is a label left in
    another language or a title whose language is not marked."""
    return [t for t in page.evaluate(_TEXTS_OF_LANG, "en") if re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", t)]


@pytest.mark.parametrize("how", ["served", "file"])
def test_a_reader_chooses_the_language_of_home_journal_and_issue_pages(browser, served, edition, how):
    target = site_target(edition, served, how)
    context, page = new_page(browser, target, DESKTOP)
    journal = "vestnik-kaznpu-socpol/index.html"
    issue = "vestnik-kaznpu-socpol/2025-2/index.html"
    page.goto(target.url("index.html"))  # a new reader: the edition's language
    assert page.evaluate("document.documentElement.lang") == "ru"
    body = page.inner_text("body")
    assert all(label in body for label in LISTING_LABELS["ru"]), body[:500]
    control = page.locator(".ui-langs")
    assert control.is_visible() and control.locator("a").count() == 3
    control.locator("a", has_text="English").click()
    page.wait_for_url("**/index.en.html")
    for rel in (journal, issue, "index.html"):  # the edition-language addresses: the choice holds
        page.goto(target.url(rel))
        page.wait_for_load_state("load")
        assert page.url.endswith(rel.replace("index.html", "index.en.html")), page.url
        assert page.evaluate("document.documentElement.lang") == "en"
        assert english_throughout(page) == [], (rel, english_throughout(page)[:5])
        assert page.locator(".ui-langs a[aria-current=page]").inner_text() == "English"
    body = page.inner_text("body")
    assert all(label in body for label in LISTING_LABELS["en"]) and "Последний выпуск" not in body
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "en" and "Latest issue" in page.inner_text("body")
    page.goto(target.url(issue))
    page.screenshot(path=str(screenshot_path(f"site-issue-en-{how}.png")))
    # an article keeps its body language's labels whatever the reader chose for the listing pages
    ru = next(r for r in edition.articles if r["body_lang"] == "ru" and r["kind"] == "article")
    page.goto(target.url(ru["url"]))
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert "Скачать" in page.inner_text("body") and "Download" not in page.inner_text("body")
    page.goto(target.url("index.en.html"))  # the choice back to the edition's language
    page.locator(".ui-langs a", has_text="Қазақша").click()
    page.wait_for_url("**/index.kk.html")
    page.goto(target.url(journal))
    assert page.url.endswith("index.kk.html") and page.evaluate("document.documentElement.lang") == "kk"
    assert "Басты бет" in page.inner_text("body")
    context.close()


def test_without_javascript_the_listing_pages_show_the_editions_language(browser, served, edition):
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    page.goto(served.url("vestnik-kaznpu-socpol/2025-2/index.html"))
    html_lang = page.locator("html").get_attribute("lang")
    links = page.locator(".ui-langs a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    context.close()
    assert html_lang == "ru" and links == ["index.kk.html", "index.html", "index.en.html"]


def test_the_editors_report_has_the_sites_look_and_is_not_published(browser, served, edition):
    """The report (report/, beside the site) opened from disk: its text set as the site's is."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    style = """() => { const t = document.querySelector('.md-typeset'), h = t.querySelector('h1'), a = t.querySelector('a[href]');
        const s = e => getComputedStyle(e);
        return [s(document.body).fontFamily, s(t).fontSize, s(t).lineHeight, s(h).fontWeight, s(h).color, s(a).color]; }"""
    page.goto(served.url("vestnik-kaznpu-socpol/2025-2/index.html"))
    site_look = page.evaluate(style)
    page.goto((edition.report_dir / "index.html").resolve().as_uri())
    report_look = page.evaluate(style)
    sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
    page.screenshot(path=str(screenshot_path("report-desktop.png")))
    context.close()
    assert report_look == site_look, (report_look, site_look)
    assert sheets and all(h.startswith((edition.report_dir.resolve().as_uri() + "/")) for h in sheets)
    # nothing of it in the public site
    assert not (edition.site / "report").exists() and not list(edition.site.rglob("report.json"))
    assert not [p for p in edition.site.rglob("*.html") if "Conversion report" in p.read_text(encoding="utf-8")]
