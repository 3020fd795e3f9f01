"""Accessibility of the built test edition.

* axe-core (the copy inside axe-playwright-python) in headless Chromium on the home, issue,
  article (each language tab shown in turn, and at phone width), topic index, topic, report and
  search pages of the edition served on 127.0.0.1: no serious or critical violation.  Every
  violation, of any impact, is written to tests/screenshots/axe-summary.txt.
* Languages, from the HTML: every page declares one; each content tab and its label carry the
  language of the tab; and a text block whose script says it is in another language than the one
  it inherits (Kazakh letters, or Latin script, in a Russian page...) carries its own ``lang``,
  so that a screen reader switches voice.
"""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from browser_support import (DESKTOP, PHONE, SCREENSHOTS, RequestLog, StaticServer, browser,
                             issue_page, served_target, trilingual)

__all__ = ["browser"]

FAILING_IMPACTS = {"serious", "critical"}
TAB_LABELS = {"Қазақша": "kk", "Русский": "ru", "English": "en"}
SUMMARY: dict[str, list[str]] = {}


# -- axe-core -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(edition):
    with StaticServer(edition.site) as server:
        yield served_target(server)


@pytest.fixture(scope="module")
def axe_page(browser, served):
    context = browser.new_context(**DESKTOP)
    log = RequestLog(served).attach(context)
    yield context.new_page()
    context.close()
    assert not log.left, log.left
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    lines = [f"{name}: {', '.join(found) or 'no violation'}" for name, found in sorted(SUMMARY.items())]
    (SCREENSHOTS / "axe-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def article_with_most_citations(edition) -> dict:
    return max(trilingual(edition), key=lambda r: (r["counts"].get("references", 0), r["counts"].get("citations", 0)))


def run_axe(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    SUMMARY[name] = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations]
    bad = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" +
                       "\n".join(f"    {n['target']} {n['html'][:160]}" for n in v["nodes"][:5])
                       for v in bad)
    assert not bad, f"{name} ({page.url}):\n{report}"


def pages(edition) -> dict[str, str]:
    rec = article_with_most_citations(edition)
    return {"home": "index.html", "issue": issue_page(rec), "article": rec["url"],
            "topic index": "topics/index.html", "topic": f"topics/{rec['topics'][0]}.html"}


@pytest.mark.parametrize("name", ["home", "issue", "article", "topic index", "topic"])
def test_axe_finds_no_serious_violation(axe_page, served, edition, name):
    axe_page.goto(served.url(pages(edition)[name]))
    axe_page.wait_for_load_state("load")
    run_axe(axe_page, name)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_axe_on_each_language_tab(axe_page, served, edition, lang):
    """Hidden tabs are not checked by axe: show each in turn."""
    axe_page.goto(served.url(pages(edition)["article"]))
    label = next(text for text, code in TAB_LABELS.items() if code == lang)
    axe_page.locator(".tabbed-labels label", has_text=label).first.click()
    run_axe(axe_page, f"article, {lang} tab")


def test_axe_on_search_results(axe_page, served):
    axe_page.goto(served.url("index.html"))
    axe_page.keyboard.press("/")  # the shortcut puts the cursor in the edition's search box
    box = axe_page.locator("input.kz-search-input")
    assert axe_page.evaluate("document.activeElement.id") == "kz-search-input"
    box.fill("медиация")
    box.press("End")
    axe_page.locator(".kz-search-result").first.wait_for(state="visible")
    run_axe(axe_page, "search")


def test_axe_on_a_phone(browser, served, edition):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(served.url(pages(edition)["article"]))
        run_axe(page, "article, phone")
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.wait_for_timeout(400)
        run_axe(page, "article, phone, menu open")
    finally:
        context.close()


# -- languages ------------------------------------------------------------------------------------
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
               "figcaption", "caption", "blockquote", "label", "summary")
NESTED_BLOCKS = {"p", "li", "div", "ul", "ol", "table", "blockquote", "dl"}


def script_language(text: str) -> str | None:
    """'en' for Latin script, 'kk' for Cyrillic with Kazakh letters, 'cyrillic' for other Cyrillic
    (Russian or Kazakh), None when too short or mixed to say."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12:
        return None
    latin = sum("a" <= c.lower() <= "z" for c in letters) / len(letters)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
    kazakh = sum(c in KAZAKH_LETTERS for c in letters)
    if latin >= 0.9:
        return "en"
    if cyrillic >= 0.9:
        return "kk" if kazakh >= 2 and kazakh / len(letters) >= 0.02 else "cyrillic"
    return None


def inherited_lang(el) -> str | None:
    while el is not None:
        if el.get("lang"):
            return el.get("lang").split("-")[0].lower()
        el = el.getparent()
    return None


# Known converter gaps in the source text, reported (README, Accessibility); (page, class) pairs.
# Not strict: once the converter fixes one, its entry here is only dead weight.
KNOWN_GAPS = {
    # a Kazakh funding note split into the English tab's affiliations
    ("vestnik-kaznpu-socpol/2025-2/digitalization-policy-in-the-education-sector.html", "article-affiliation"),
    # a fragment without title or date: citeproc's Russian locale prints "[Manuscript]. (б. д.)"
    *(("unidentified/unknown-journal-ru-fragments-interethnic-relations/fragment-%d.html" % n, "cite-style")
      for n in (1, 2, 3)),
}


def lang_mismatches(el, where: str, skip: str | None = None) -> list[str]:
    """Text blocks under *el* whose script contradicts the language they inherit (blocks with an
    ancestor-or-self matching the XPath predicate *skip* are left out)."""
    found = []
    for block in el.iter(*TEXT_BLOCKS):
        if any(isinstance(c.tag, str) and c.tag in NESTED_BLOCKS for c in block):
            continue  # judged by its own blocks
        if skip and block.xpath(f"ancestor-or-self::*[{skip}]"):
            continue
        if (where, block.get("class")) in KNOWN_GAPS:
            continue
        # the block's own text; a descendant with a lang of its own is judged against that lang
        for part, lang in _own_texts(block):
            text = " ".join(part.replace("¶", " ").split())
            script = script_language(text)
            ok = script is None or (lang in ("ru", "kk") if script == "cyrillic" else lang == script)
            if not ok:
                found.append(f"{where}: <{block.tag} class={block.get('class')!r}> is {script}, "
                             f"marked {lang}: {text[:90]}")
    return found


def _own_texts(block) -> list[tuple[str, str | None]]:
    """(text, lang) of a block: its text outside descendants that carry a lang attribute, with the lang it
    inherits, then each such descendant's text with its own lang."""
    own, marked = [], []

    def walk(el, top: bool) -> None:
        if not top and el.get("lang"):
            marked.append((" ".join(el.itertext()), inherited_lang(el)))
            own.append(el.tail or "")
            return
        own.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child, False)
            else:
                own.append(child.tail or "")
        if not top:
            own.append(el.tail or "")

    walk(block, True)
    return [(" ".join(own), inherited_lang(block))] + marked


def content(edition, url: str):
    return edition.page(url).xpath('//article[contains(@class,"md-content__inner")]')[0]


def test_every_page_declares_its_language(edition):
    for page in edition.site.rglob("*.html"):
        lang = lxml_html.fromstring(page.read_bytes()).get("lang")
        assert lang in ("kk", "ru", "en"), (page, lang)


def test_tabs_and_their_labels_carry_the_tab_language(edition):
    count = 0
    for page in edition.site.rglob("*.html"):
        tree = lxml_html.fromstring(page.read_bytes())
        for tabs in tree.xpath('//div[contains(@class,"tabbed-set")]'):
            labels = tabs.xpath('./div[contains(@class,"tabbed-labels")]/label')
            blocks = tabs.xpath('./div[contains(@class,"tabbed-content")]/div[contains(@class,"tabbed-block")]')
            assert len(labels) == len(blocks), page
            for label, block in zip(labels, blocks):
                code = TAB_LABELS.get(label.text_content().strip())
                if code is None:
                    continue  # a tab that is not a language
                count += 1
                assert label.get("lang") == code, (page, label.text_content())
                first = next(iter(block), None)
                assert first is not None and inherited_lang(first) == code, (page, label.text_content())
                assert not lang_mismatches(block, page.relative_to(edition.site).as_posix())
    assert count >= 3 * len(trilingual(edition))


# What the journals printed: abstracts and keywords in their tabs, the body, tables, the reference
# list, authors' contributions and information.  The edition's own words around it (the title line,
# the "cite this article" box, topic links, notes such as "This table could not be rebuilt") are
# in the test below.
EDITION_PARTS = ('self::h1 or contains(@class,"article-header") or contains(@class,"cite-box") or '
                 'contains(@class,"article-end") or contains(@class,"table-warning") or '
                 'contains(@class,"references-note") or contains(@class,"fragment-flag")')


def test_source_text_carries_its_language(edition):
    found, blocks = [], 0
    is_block = " or ".join(f"self::{t}" for t in TEXT_BLOCKS)
    for rec in edition.articles:
        article = content(edition, rec["url"])
        blocks += len(article.xpath(f".//*[{is_block}][not(ancestor-or-self::*[{EDITION_PARTS}])]"))
        found += lang_mismatches(article, rec["url"], skip=EDITION_PARTS)
    assert blocks > 500
    assert not found, "\n".join(found[:40])


def test_all_text_carries_its_language(edition):
    found = []
    for page in sorted(edition.site.rglob("*.html")):
        rel = page.relative_to(edition.site).as_posix()
        if rel == "404.html":
            continue
        found += lang_mismatches(content(edition, rel), rel)
    assert not found, f"{len(found)} blocks:\n" + "\n".join(found[:60])


def test_the_language_check_sees_a_missing_lang():
    page = lxml_html.fromstring(
        '<html lang="ru"><body><article class="md-content__inner">'
        "<p>Межэтнические отношения являются одним из главных факторов.</p>"
        "<p>Интеграцияланған қоғамның әлеуметтік негіздері қалыптасады.</p>"
        "<p>Interethnic relations are one of the main factors of development.</p>"
        '<p lang="en">Interethnic relations are one of the main factors of development.</p>'
        '<div lang="kk"><p>Интеграцияланған қоғамның әлеуметтік негіздері.</p></div>'
        "</article></body></html>")
    found = lang_mismatches(page, "t")
    assert len(found) == 2 and "is kk, marked ru" in found[0] and "is en, marked ru" in found[1], found


# -- hooks/a11y.py ----------------------------------------------------------------------------------
def _a11y_hook():
    import importlib.util

    from browser_support import ROOT

    spec = importlib.util.spec_from_file_location("a11y_hook", ROOT / "hooks" / "a11y.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hook_gives_tab_labels_the_language_of_their_block():
    html = ('<div class="tabbed-set tabbed-alternate" data-tabs="1:3"><input id="a" type="radio">'
            '<div class="tabbed-labels"><label for="a">Қазақша</label><label for="b">English</label>'
            '<label for="c">Notes</label></div><div class="tabbed-content">'
            '<div class="tabbed-block">\n<div lang="kk">\n<p>Мәтін</p></div></div>'
            '<div class="tabbed-block">\n<div lang="en"><p>Text</p></div></div>'
            '<div class="tabbed-block">\n<p>No language of its own</p></div></div></div>')
    out = _a11y_hook().label_tabs(html)
    assert '<label for="a" lang="kk">Қазақша</label><label for="b" lang="en">English</label>' in out
    assert '<label for="c">Notes</label>' in out
    assert out.replace(' lang="kk"', "", 1).replace(' lang="en"', "", 1) == html
    assert _a11y_hook().label_tabs(out) == out  # idempotent
