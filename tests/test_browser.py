"""End to end in headless Chromium: the edition as a reader uses it, served and offline.

Every test runs twice: against the test edition served on 127.0.0.1 ("served") and against its
offline bundle, built with the command of `make dist`, unzipped and opened from file://
("offline").  Every request of every page, frame and worker is recorded; after each test a
request that left the local server or the bundle's folder, an own file that failed to load, or an
uncaught script error fails it (the ``reader`` fixture's teardown).  Requests that would leave are
also aborted, so nothing reaches the network even while a test fails.

Adding a check for a new feature is one test function that takes ``reader`` (and ``edition``).
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path, PurePosixPath

import pytest

from browser_support import (PHONE, RequestLog, browser, close_reader, issue_page, open_reader,
                             screenshot_path, trilingual)

__all__ = ["browser"]  # the module-scoped Chromium fixture, imported for pytest

NEEDS_4_5 = "needs issue 4/5: citation links / downloads"
TAB_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# One word per language, and what the page it leads to must contain (Russian and English are
# stemmed by the search, Kazakh is matched as written).
SEARCHES = {"kk": ("этносаралық", "этносаралық"), "ru": ("медиация", "медиац"),
            "en": ("mediation", "mediat")}
STATS: dict[str, dict] = {}


@pytest.fixture(scope="module", params=["served", "offline"])
def session(request, browser, edition, tmp_path_factory):
    """One browser context per way of reading the edition, reused by the module's tests."""
    reader = open_reader(request, browser, edition, tmp_path_factory, accept_downloads=True)
    started = time.perf_counter()
    yield reader
    STATS[reader.target.kind] = {"requests": len(reader.log.requests), "left": len(reader.log.left),
                                 "seconds": round(time.perf_counter() - started, 1)}
    close_reader(reader, f"requests-{reader.target.kind}")


@pytest.fixture
def reader(session):
    """The module's reader; after the test, no request may have left, failed, or broken a script."""
    mark = session.log.mark()
    yield session
    problems = session.log.problems_since(mark)
    assert not problems, "\n".join(problems)


def norm(text: str) -> str:
    return " ".join(text.replace("¶", " ").split()).casefold()


def article_text(page) -> str:
    """The article's text, hidden language tabs included."""
    return page.locator("article.md-content__inner").text_content()


# -- home -> issue -> article ---------------------------------------------------------------------
def test_home_issue_article(reader, edition):
    recs = trilingual(edition)
    by_issue: dict[str, list[dict]] = {}
    for r in recs:
        by_issue.setdefault(issue_page(r), []).append(r)
    issue, articles = max(by_issue.items(), key=lambda kv: len(kv[1]))
    page = reader.page
    reader.goto("index.html")
    page.locator(f'article a[href="{issue}"]').first.click()
    page.wait_for_load_state("load")
    assert reader.here() == issue
    rec = articles[0]
    name = PurePosixPath(rec["url"]).name
    page.locator(f'article a[href="{name}"]').first.click()
    page.wait_for_load_state("load")
    assert reader.here() == rec["url"]
    h1 = norm(page.locator("article h1").first.inner_text())
    assert h1 in {norm(t) for t in rec["titles"].values()}, (h1, rec["titles"])


def test_every_kind_of_page_opens(reader, edition):
    """Home, topic index, a topic, an issue, an article: each loads with its styles."""
    rec = trilingual(edition)[0]
    pages = ["index.html", "topics/index.html", f"topics/{rec['topics'][0]}.html",
             issue_page(rec), rec["url"]]
    for rel in pages:
        reader.goto(rel)
        assert reader.page.locator("article h1").count() >= 1, rel
        # Material's stylesheet is applied: the header is a fixed bar, not unstyled markup
        position = reader.page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).position")
        assert position in ("sticky", "fixed"), (rel, position)


# -- language tabs --------------------------------------------------------------------------------
def chosen_tab(page) -> tuple[str, str]:
    """The checked tab's label, and the lang of the block it shows."""
    return tuple(page.evaluate("""() => {
        const set = document.querySelector('.tabbed-set');
        const input = set.querySelector(':scope > input:checked');
        const label = set.querySelector(`label[for="${CSS.escape(input.id)}"]`);
        const inputs = [...set.querySelectorAll(':scope > input')];
        const block = set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')[inputs.indexOf(input)];
        const shown = getComputedStyle(block).display !== 'none';
        const lang = block.querySelector('[lang]')?.getAttribute('lang') || block.getAttribute('lang');
        return [label.textContent.trim(), shown ? lang : 'hidden'];
    }"""))


def test_language_tab_follows_to_next_article(reader, edition):
    first, second, *_ = trilingual(edition)
    page = reader.page
    reader.goto(first["url"])
    page.evaluate("localStorage.clear()")
    reader.goto(first["url"])
    body = first["body_lang"]  # before any choice, the tab of the article's own language is shown (and first)
    assert chosen_tab(page) == (TAB_LABELS[body], body)
    for lang in ("en", "ru"):
        page.locator(".tabbed-labels label", has_text=TAB_LABELS[lang]).first.click()
        assert chosen_tab(page) == (TAB_LABELS[lang], lang)
        assert page.locator(f'.tabbed-block div[lang="{lang}"]').first.is_visible()
        reader.goto(second["url"])  # the next article
        assert chosen_tab(page) == (TAB_LABELS[lang], lang), f"{lang} was not kept on {second['url']}"
        first, second = second, first


# -- search ---------------------------------------------------------------------------------------
# The edition's search box (overrides/partials/header.html, overrides/assets/kzsearch.js), in the header
# of every page, reached from the keyboard: "/" or "s" puts the cursor in it, Tab goes to the results.
SHORTCUT = {"kk": "/", "ru": "s", "en": "/"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_search_and_open_result(reader, edition, lang):
    word, stem = SEARCHES[lang]
    assert any(word in r["body_text"].casefold() or word in json.dumps(r["abstracts"], ensure_ascii=False).casefold()
               for r in edition.articles), f"the test edition has no {word!r}"
    page = reader.page
    reader.goto("index.html")
    entry = page.locator("header.md-header form[role=search] input.kz-search-input")
    assert entry.count() == 1 and entry.is_visible() and entry.get_attribute("aria-label")
    assert not page.locator(".md-search, label[for=__search]").count()  # Material's search is gone
    page.keyboard.press(SHORTCUT[lang])
    assert page.evaluate("document.activeElement && document.activeElement.id") == "kz-search-input"
    assert entry.input_value() == ""  # the shortcut key is not typed into the box
    page.keyboard.insert_text(word)
    entry.press("End")  # a key-up, as a reader's typing sends
    first = page.locator(".kz-search-results a[href]").first
    first.wait_for(state="visible")
    if lang == "kk":
        page.screenshot(path=screenshot_path(f"search-{reader.target.kind}-kk.png"))
    page.keyboard.press("Tab")  # from the box to the first result
    assert page.evaluate("document.activeElement.href") == first.evaluate("a => a.href")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert reader.target.is_own(page.url)
    assert stem in article_text(page).casefold(), (word, page.url)


def test_search_escape_closes_the_results(reader):
    page = reader.page
    reader.goto("index.html")
    entry = page.locator("input.kz-search-input")
    entry.click()
    page.keyboard.insert_text("медиация")
    entry.press("End")
    results = page.locator(".kz-search-results")
    page.locator(".kz-search-result").first.wait_for(state="visible")
    entry.press("Escape")
    assert not results.is_visible()
    assert page.evaluate("document.activeElement.id") == "kz-search-input"


# -- citations ------------------------------------------------------------------------------------
def citation_links(edition) -> list[tuple[str, str, str]]:
    """(article url, link href, link id) for in-text links into the article's own reference list.

    Found by what they do, not by a class name: a same-page link from outside the reference list
    to an element inside something whose class or id names references or a bibliography.
    """
    found = []
    for rec in edition.articles:
        tree = edition.page(rec["url"])
        content = tree.xpath('//article[contains(@class,"md-content__inner")]')[0]
        for a in content.xpath('.//a[starts-with(@href,"#") and string-length(@href) > 1]'):
            if a.xpath('ancestor::*[contains(@class,"tabbed-labels")] | self::*[contains(@class,"headerlink")]'):
                continue
            target = content.xpath(f'.//*[@id={json.dumps(a.get("href")[1:])}]')
            if not target:
                continue
            in_refs = ('ancestor-or-self::*[contains(@class,"reference") or contains(@class,"bibliograph")'
                       ' or starts-with(@id,"ref")]')
            if target[0].xpath(in_refs) and not a.xpath(in_refs):
                found.append((rec["url"], a.get("href"), a.get("id") or ""))
    return found


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(sel) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
    }""", selector)


def css_id(value: str) -> str:
    return "#" + re.sub(r"([^\w-])", r"\\\1", value)


def test_a_repeated_citation_shows_the_same_preview(reader, edition):
    """The preview is written once per reference (page weight); cite.js gives a later citation of the same
    reference the same title when the pointer rests on it."""
    for rec in edition.articles:
        tree = edition.page(rec["url"])
        hrefs = [a.get("href") for a in tree.xpath('//a[contains(@class,"citation")]')]
        repeated = next((h for h in hrefs if hrefs.count(h) > 1), None)
        if repeated:
            break
    else:
        pytest.skip("no reference is cited twice in this edition")
    page = reader.page
    reader.goto(rec["url"])
    links = page.locator(f'article a.citation[href="{repeated}"]')
    first_title = links.nth(0).get_attribute("title")
    assert first_title and links.nth(1).get_attribute("title") is None
    links.nth(1).scroll_into_view_if_needed()
    links.nth(1).hover()
    page.wait_for_function("el => el.hasAttribute('title')", arg=links.nth(1).element_handle())
    assert links.nth(1).get_attribute("title") == first_title


def test_citation_to_reference_and_back(reader, edition):
    links = citation_links(edition)
    if not links:
        pytest.skip(NEEDS_4_5)
    url, href, cite_id = next((link for link in links if link[2]), links[0])
    page = reader.page
    reader.goto(url)
    link = page.locator(f'article a[href="{href}"]').first
    if cite_id:
        link = page.locator(css_id(cite_id))
    link.scroll_into_view_if_needed()
    # the preview: a tooltip in the page, or the browser's own from the link's title
    ref_text = norm(page.locator(css_id(href[1:])).inner_text())
    link.hover()
    page.wait_for_timeout(600)
    tip = page.locator('[role="tooltip"]:visible, .md-tooltip:visible, .md-tooltip2:visible, '
                       '[class*="preview"]:visible')
    preview = norm(tip.first.inner_text()) if tip.count() else norm(link.get_attribute("title") or "")
    assert preview, f"{url}: the citation {href} has no preview"
    words = [w for w in re.findall(r"\w{4,}", ref_text)][:6]
    assert words and all(w in preview for w in words), (preview, ref_text)
    # follow it to the reference
    link.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    assert page.evaluate("document.querySelector(':target')?.id") == href[1:]
    assert in_viewport(page, css_id(href[1:]))
    page.screenshot(path=screenshot_path(f"citation-{reader.target.kind}-reference.png"))
    # and back: the reference's back-link, or the browser's back button
    back = page.locator(f'{css_id(href[1:])} a[href="#{cite_id}"]') if cite_id else None
    if back is not None and back.count():
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        back.first.click()
        page.wait_for_function("h => location.hash === h", arg=f"#{cite_id}")
        assert in_viewport(page, css_id(cite_id))
        page.go_back()
        page.wait_for_function("h => location.hash === h", arg=href)
    else:
        page.go_back()
        page.wait_for_function("() => location.hash === ''")
        assert in_viewport(page, f'article a[href="{href}"]')


# -- citation downloads ---------------------------------------------------------------------------
FORMATS = {  # name: (href suffixes, words in the link text)
    "bibtex": ((".bib",), ("bibtex",)),
    "ris": ((".ris",), ("ris",)),
    "csl-json": ((".csl.json", ".csl-json", "-csl.json"), ("csl",)),
}


def download_links(edition, fmt: str) -> list[tuple[dict, str]]:
    """(article record, href) for links on article pages that download the article in *fmt*."""
    suffixes, words = FORMATS[fmt]
    found = []
    for rec in edition.articles:
        for a in edition.page(rec["url"]).xpath("//article//a[@href]"):
            href, text = a.get("href"), " ".join(a.itertext()).casefold()
            path = href.split("#")[0].split("?")[0].casefold()
            if path.endswith(suffixes) or (path and any(re.search(rf"\b{w}\b", text) for w in words)):
                found.append((rec, href))
                break
    return found


def check_download(fmt: str, text: str, rec: dict) -> None:
    if fmt == "bibtex":
        import bibtexparser

        library = bibtexparser.parse_string(text)
        assert len(library.entries) == 1, text[:500]
    elif fmt == "ris":
        lines = [line for line in text.splitlines() if line.strip()]
        # RIS readers such as Zotero's expect "TY  -" first (rispy.dumps would number records "1.")
        assert lines[0].startswith("TY  -") and lines[-1].startswith("ER  -"), text[:500]
    else:
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
        assert len(items) == 1 and items[0].get("type") and items[0].get("title"), text[:500]
    if rec.get("doi"):
        assert rec["doi"].casefold() in text.casefold()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_citation_download(reader, edition, fmt):
    links = download_links(edition, fmt)
    if not links:
        pytest.skip(NEEDS_4_5)
    rec, href = next(((r, h) for r, h in links if r.get("doi")), links[0])
    page = reader.page
    reader.goto(rec["url"])
    with page.expect_download() as info:
        # offline, the link carries the file as a data: URL and names it in data-file
        page.locator(f'article a[href="{href}"], article a[data-file="{href}"]').first.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == PurePosixPath(href.split("#")[0]).name
    text = Path(download.path()).read_text(encoding="utf-8")
    check_download(fmt, text, rec)


# -- screenshots ----------------------------------------------------------------------------------
def test_article_screenshots(reader, browser, edition):
    """Desktop and phone pictures of an article with tabs, citations and a reference list;
    on a phone the page must not scroll sideways."""
    links = citation_links(edition)
    url = links[0][0] if links else trilingual(edition)[0]["url"]
    kind = reader.target.kind
    reader.goto(url)
    reader.page.screenshot(path=screenshot_path(f"article-{kind}-desktop.png"))
    phone = browser.new_context(**PHONE)
    log = RequestLog(reader.target).attach(phone)
    try:
        page = phone.new_page()
        page.goto(reader.target.url(url))
        page.wait_for_load_state("load")
        page.screenshot(path=screenshot_path(f"article-{kind}-phone.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 1, f"{url} scrolls sideways on a phone by {overflow}px"
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.wait_for_timeout(400)
        page.screenshot(path=screenshot_path(f"article-{kind}-phone-menu.png"))
    finally:
        phone.close()
    assert not log.problems_since((0, 0, 0, 0)), log.problems_since((0, 0, 0, 0))
    for name in ("desktop", "phone"):
        assert screenshot_path(f"article-{kind}-{name}.png").stat().st_size > 10_000
