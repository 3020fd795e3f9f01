"""The edition's own search (issue 6) in headless Chromium: recall of a hand-made query set.

tests/search_queries.yaml holds the queries (Kazakh, Russian, English; inflected forms, ё/е,
two- and three-word queries, authors) and, for each, the articles it must return, chosen by reading
the corpus. Every query runs in the page through ``window.__kzSearch.search`` (what the search box
calls), against the test edition's site served on 127.0.0.1 and against its offline bundle (`make
dist`) opened from file:// -- the index is a set of <script> files, so both must give the same
answers, and do. Recall@10 is the fraction of a query's expected articles among its top 10,
averaged over the queries.

A few queries are marked ``known_problem`` in the YAML: they fail today for a reason written there;
they count in the average like the others. Every other query must reach full recall, so a
regression shows as the query that broke. A known problem that starts to pass is printed.

Every query is also put into the search box: each result must show the article's title in the
reader's language (the query's) where the article has one, and nearly every snippet must mark the
words found. Three queries (one per language) are typed into the box on pages of different depth,
and the first result must open its article.

Every request of the browser context is recorded (tests/screenshots/requests-search-*.txt) and
checked: one that leaves the local server or the site folder, fails, or raises a script error fails
the test. Per-query results are written to tests/screenshots/search-recall-*.txt.
"""
from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
import yaml

from browser_support import SCREENSHOTS, browser, close_reader, open_reader

__all__ = ["browser"]  # the module-scoped Chromium fixture, imported for pytest

QUERIES_FILE = Path(__file__).with_name("search_queries.yaml")
FOUND: dict[str, list] = {}  # per way of reading: the top 10 of every query
FOUND_CROSS: dict[str, list] = {}  # the same for the cross-script queries
# Measured on the test edition (19 pieces, 73 queries): 0.983 served and from file:// (kk 1.000,
# ru 0.977, en 0.971); the two known problems of search_queries.yaml cost 0.017. The bar is just under.
MIN_RECALL = 0.97
# Share of results whose snippet marks no word. Measured: 2 of 130, both «диаспоралар» in Russian texts
# (диаспора, диаспоры): the stem it matched is not a prefix of what those texts print.
MAX_UNMARKED = 0.05
# one query per language, typed into the search box on a page of a different depth
TYPED = [("kk", "мәслихаттарына", "maslikhat", "vestnik-kaznpu-socpol/2025-2/index.html"),
         ("ru", "многодетным семьям", "large-families", "index.html"),
         ("en", "career choices", "career-choice", "topics/index.html")]

SEARCH_ALL = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const found = await window.__kzSearch.search(q);
    out.push(((found && found.results) || []).map(r => r.doc ? r.doc[0] : null));
  }
  return out;
}"""


def load_queries() -> dict:
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


def resolve(key: dict, edition) -> str:
    """The url of the one article a key names: {url} or {source, title substring}."""
    if "url" in key:
        hits = [r for r in edition.articles if r["url"] == key["url"]]
    else:
        sub = key["title"].casefold()
        hits = [r for r in edition.articles if r["source"] == key["source"]
                and any(sub in t.casefold() for t in r["titles"].values())]
    assert len(hits) == 1, f"{key} names {len(hits)} articles of the test edition, not one"
    return hits[0]["url"]


@pytest.fixture(scope="module")
def queries(edition) -> list[dict]:
    data = load_queries()
    urls = {name: resolve(key, edition) for name, key in data["articles"].items()}
    out = []
    for q in data["queries"]:
        unknown = [n for n in q["expect"] if n not in urls]
        assert not unknown, f"{q['q']!r} expects unknown articles {unknown}"
        out.append({**q, "urls": [urls[n] for n in q["expect"]]})
    return out


@pytest.fixture(scope="module", params=["served", "offline"])
def searcher(request, browser, edition, tmp_path_factory):
    """One browser context per way of reading the edition: its site served on 127.0.0.1, or its
    offline bundle (`make dist`, the form meant for file://) unzipped and opened from file://."""
    reader = open_reader(request, browser, edition, tmp_path_factory)
    yield reader
    close_reader(reader, f"requests-search-{reader.target.kind}")


@pytest.fixture
def search(searcher):
    """The module's searcher; after the test, no request may have left, failed, or broken a script."""
    mark = searcher.log.mark()
    yield searcher
    problems = searcher.log.problems_since(mark)
    assert not problems, "\n".join(problems)
    assert all(searcher.target.is_own(url) for _, url in searcher.log.requests)


def recall_at_10(expected: list[str], found: list[str]) -> float:
    return sum(u in found[:10] for u in expected) / len(expected)


def test_query_set_is_sound(queries):
    langs = {q["lang"] for q in queries}
    assert len(queries) >= 40 and langs == {"kk", "ru", "en"}
    for q in queries:
        assert q["urls"] and len(set(q["urls"])) == len(q["urls"]), q["q"]


def test_recall_at_10(search, queries):
    search.goto("index.html")
    found = search.page.evaluate(SEARCH_ALL, [q["q"] for q in queries])
    rows, failed, fixed = [], [], []
    for q, got in zip(queries, found):
        r = recall_at_10(q["urls"], got)
        rows.append((r, q, got))
        if r < 1 and "known_problem" not in q:
            failed.append(f"{q['q']!r} ({q['lang']}): recall {r:.2f}, missing "
                          f"{[u for u in q['urls'] if u not in got]}")
        if r == 1 and "known_problem" in q:
            fixed.append(q["q"])
    mean = statistics.mean(r for r, _, _ in rows)
    by_lang = {lang: statistics.mean(r for r, q, _ in rows if q["lang"] == lang) for lang in ("kk", "ru", "en")}
    summary = (f"recall@10 {search.target.kind}: {mean:.3f} over {len(rows)} queries ("
               + ", ".join(f"{k} {v:.3f}" for k, v in by_lang.items()) + ")")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"search-recall-{search.target.kind}.txt").write_text(
        summary + "\n" + "".join(f"{r:.2f}\t{q['lang']}\t{q['q']}\t{'KNOWN ' if 'known_problem' in q else ''}"
                                 f"missing {[u for u in q['urls'] if u not in got]}\n" for r, q, got in rows),
        encoding="utf-8")
    print(summary)
    if fixed:
        print("known problems that now pass (remove known_problem from search_queries.yaml):", fixed)
    FOUND[search.target.kind] = found
    assert all(f == found for f in FOUND.values()), "served and file:// answer differently"
    assert not failed, "\n".join(failed)
    assert mean >= MIN_RECALL, summary


BOX_ALL = """async (queries) => {
  const box = document.querySelector('.kz-search'), input = box.querySelector('.kz-search-input');
  const out = [];
  for (const q of queries) {
    box.removeAttribute('data-ms');
    input.value = q;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const t0 = performance.now();
    while (!box.hasAttribute('data-ms')) {
      if (performance.now() - t0 > 10000) { throw new Error('no answer to ' + q); }
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    out.push(Array.from(box.querySelectorAll('li.kz-search-result')).map(li => ({
      href: li.querySelector('a').href,
      title: li.querySelector('.kz-search-title').textContent,
      lang: li.querySelector('.kz-search-title').getAttribute('lang'),
      snippet: li.querySelector('.kz-search-snippet').innerHTML})));
  }
  return out;
}"""


def shown_lang(query: str, lang: str) -> str:
    """The title language a query asks for: its own; a Kazakh query without a letter of its own
    (ә ғ қ ң ө ұ ү һ і) cannot be told from Russian, so Russian titles are right for it."""
    return lang if lang != "kk" or re.search("[әғқңөұүһі]", query, re.I) else "ru"


def test_results_in_readers_language(search, edition, queries):
    """Every query typed into the box: each result's title in the query's language where the article
    has one (with its lang attribute), and the snippet marks the words found."""
    search.goto("index.html")
    rendered = search.page.evaluate(BOX_ALL, [q["q"] for q in queries])
    records = {r["url"]: r for r in edition.articles}
    wrong, unmarked, total = [], [], 0
    for q, rows in zip(queries, rendered):
        want = shown_lang(q["q"], q["lang"])
        for row in rows:
            total += 1
            rec = records[search.target.rel(row["href"])]
            if want in rec["titles"] and (row["lang"] != want or row["title"] != rec["titles"][want]):
                wrong.append(f"{q['q']!r}: {row['title']!r} ({row['lang']}), not {rec['titles'][want]!r}")
            if "<mark>" not in row["snippet"]:
                unmarked.append(f"{q['q']!r}: {rec['url']}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"search-snippets-{search.target.kind}.txt").write_text(
        f"{total} results, {len(unmarked)} snippets without <mark>\n" + "\n".join(unmarked) + "\n", encoding="utf-8")
    assert not wrong, "\n".join(wrong)
    assert len(unmarked) <= MAX_UNMARKED * total, "\n".join(unmarked)


def result_rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('li.kz-search-result')).map(li => ({
        href: li.querySelector('a').href,
        title: li.querySelector('.kz-search-title').textContent,
        lang: li.querySelector('.kz-search-title').getAttribute('lang'),
        snippet: li.querySelector('.kz-search-snippet').innerHTML}))""")


@pytest.mark.parametrize("lang,query,article,start", TYPED, ids=[t[0] for t in TYPED])
def test_typed_query_opens_article(search, edition, lang, query, article, start):
    want = resolve(load_queries()["articles"][article], edition)
    page = search.page
    search.goto(start)
    box = page.locator(".kz-search-input").first
    box.fill(query)  # the whole query at once, as pasted (test_typed_letter_by_letter types)
    box.press("End")  # a key-up: fill() and non-Latin typing send none of their own
    page.locator("li.kz-search-result").first.wait_for(state="visible")  # the titles come first,
    page.wait_for_function("() => document.querySelector('.kz-search').hasAttribute('data-ms')")  # then snippets
    rows = result_rows(page)
    assert rows, query
    records = {r["url"]: r for r in edition.articles}
    for row in rows:
        rec = records[search.target.rel(row["href"])]
        if lang in rec["titles"]:  # the reader's language where the article has a title in it
            assert row["lang"] == lang and row["title"] == rec["titles"][lang], (query, row)
        assert "<mark>" in row["snippet"], (query, row)
    assert search.target.rel(rows[0]["href"]) == want, (query, [r["href"] for r in rows])
    assert page.locator(".kz-search").first.get_attribute("data-ms") is not None
    page.locator("li.kz-search-result a").first.click()
    page.wait_for_load_state("load")
    assert search.target.rel(page.url) == want
    heading = page.locator("article h1").first.text_content().casefold()
    assert any(t.casefold()[:30] in heading for t in records[want]["titles"].values()), (want, heading)


def test_typed_letter_by_letter(search, edition):
    """Every keystroke searches; the first letter alone (no word of two letters yet) must not break, and
    the last one shows the article (its Kazakh title: the query is Kazakh)."""
    title = next(r["titles"]["kk"] for r in edition.articles if r["url"] == resolve(
        load_queries()["articles"]["mediation"], edition))
    search.goto("index.html")
    search.page.locator(".kz-search-input").first.press_sequentially("медиацияға", delay=30)
    search.page.wait_for_function("(t) => { const e = document.querySelector('.kz-search-title');"
                                  " return e !== null && e.textContent === t; }", arg=title)


# -- across scripts (issue 21) ---------------------------------------------------------------------
# tests/search_queries_cross.yaml: names, places, organisations and terms that the corpus writes in Cyrillic
# and in Latin, and Kazakh words in the 2021 Latin alphabet, with the articles each must return (read from
# the sources) and, where the articles differ in script, those that write the word in the query's own
# script. Measured on the test edition: recall@10 1.000 served and from file:// (42 queries).
CROSS_FILE = Path(__file__).with_name("search_queries_cross.yaml")
MIN_CROSS_RECALL = 1.0
SEARCH_RANKED = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const found = await window.__kzSearch.search(q);
    out.push(((found && found.results) || []).map(r => [r.doc ? r.doc[0] : null, r.match ? r.match.own : null]));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def cross_queries(edition) -> list[dict]:
    names = load_queries()["articles"]
    urls = {name: resolve(key, edition) for name, key in names.items()}
    out = []
    for q in yaml.safe_load(CROSS_FILE.read_text(encoding="utf-8"))["queries"]:
        unknown = [n for n in q["expect"] + q.get("own", []) if n not in urls]
        assert not unknown, f"{q['q']!r} expects unknown articles {unknown}"
        out.append({**q, "urls": [urls[n] for n in q["expect"]], "own_urls": [urls[n] for n in q.get("own", [])]})
    return out


def test_cross_query_set_is_sound(cross_queries):
    assert len(cross_queries) >= 30
    assert {q["script"] for q in cross_queries} == {"cyrl", "latn", "kk-latn"}
    assert {"person", "place", "kazakh-latin"} <= {q["kind"] for q in cross_queries}
    for q in cross_queries:
        assert q["urls"] and len(set(q["urls"])) == len(q["urls"]), q["q"]
        assert set(q["own_urls"]) < set(q["urls"]), f"{q['q']!r}: own must be some of the expected, not all"
        latin = not re.search("[\u0400-\u04ff]", q["q"])
        assert latin == (q["script"] != "cyrl"), q["q"]
    assert sum(bool(q["own_urls"]) for q in cross_queries) >= 20


def test_cross_script_recall_at_10(search, cross_queries):
    """Every cross-script query finds its articles in both scripts (recall@10 out of min(10, expected)),
    and those that write the word in the query's own script rank above those that write it only in the
    other; served and file:// answer alike."""
    search.goto("index.html")
    found = search.page.evaluate(SEARCH_RANKED, [q["q"] for q in cross_queries])
    rows, failed = [], []
    for q, got in zip(cross_queries, found):
        urls = [u for u, _ in got]
        r = sum(u in urls[:10] for u in q["urls"]) / min(10, len(q["urls"]))
        rows.append((r, q, urls))
        if r < 1:
            failed.append(f"{q['q']!r}: recall {r:.2f}, missing {[u for u in q['urls'] if u not in urls]}")
        own = q["own_urls"]
        if own and set(urls[:len(own)]) != set(own):
            failed.append(f"{q['q']!r}: the articles in the query's script {own} do not come first: {urls}")
        if any(got[i][1] < got[i + 1][1] for i in range(len(got) - 1)):
            failed.append(f"{q['q']!r}: a match in the other script ranks above one in the query's: {got}")
    mean = statistics.mean(r for r, _, _ in rows)
    summary = f"cross-script recall@10 {search.target.kind}: {mean:.3f} over {len(rows)} queries"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"search-cross-recall-{search.target.kind}.txt").write_text(
        summary + "\n" + "".join(f"{r:.2f}\t{q['script']}\t{q['q']}\t{urls}\n" for r, q, urls in rows), encoding="utf-8")
    print(summary)
    FOUND_CROSS[search.target.kind] = found
    assert all(f == found for f in FOUND_CROSS.values()), "served and file:// answer differently"
    assert not failed, "\n".join(failed)
    assert mean >= MIN_CROSS_RECALL, summary


def test_cross_script_snippets_mark_the_word_as_written(search, edition, cross_queries):
    """In the search box, every result of a cross-script query marks a word, as the article writes it
    («Токаев» for "Tokayev"): the marked text is in the article's page, and for a one-word query its
    script-neutral key begins as the query's does."""
    from convert.text.scriptfold import fold_key

    search.goto("index.html")
    rendered = search.page.evaluate(BOX_ALL, [q["q"] for q in cross_queries])
    problems, crossed = [], 0
    for q, rows in zip(cross_queries, rendered):
        assert rows, q["q"]
        for row in rows:
            url = search.target.rel(row["href"])
            marks = [lxml_text(m) for m in re.findall(r"<mark>(.*?)</mark>", row["snippet"])]
            page_text = " ".join(edition.page(url).xpath("//article")[0].text_content().split())
            if not marks:
                problems.append(f"{q['q']!r}: {url}: nothing marked in {row['snippet'][:120]!r}")
                continue
            missing = [m for m in marks if m not in page_text]
            if missing:
                problems.append(f"{q['q']!r}: {url}: marked {missing}, not in the article")
            words = re.findall(r"[^\W\d_]+", q["q"])
            if len(words) == 1 and not any(fold_key(m)[:4] == fold_key(words[0])[:4] for m in marks):
                problems.append(f"{q['q']!r}: {url}: marked {marks}, none the word typed")
            latin = not re.search("[\u0400-\u04ff]", q["q"])
            crossed += any(latin != (not re.search("[\u0400-\u04ff]", m)) for m in marks)
    assert not problems, "\n".join(problems)
    assert crossed >= 30, f"only {crossed} snippets mark a word in the other script"


def lxml_text(fragment: str) -> str:
    """The text of a piece of the snippet's HTML (entities resolved)."""
    from lxml import html as lxml_html

    return lxml_html.fromstring(f"<span>{fragment}</span>").text_content()


def test_browser_folds_as_python(search, edition):
    """The client's fold (kzsearch.js, from the manifest's copy of the rule) gives the index's key
    (convert/text/scriptfold.py) for every distinct word of the corpus's sources and of the query sets."""
    from convert.text.scriptfold import fold_key

    from conftest import SOURCES

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt")) + sorted(SOURCES.glob("*.md")))
    text += " " + QUERIES_FILE.read_text(encoding="utf-8") + " " + CROSS_FILE.read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"[^\W_]+", text)))
    assert len(words) > 10_000
    search.goto("index.html")
    got = search.page.evaluate("""async (words) => { await window.__kzSearch.search("x y");
        return words.map(w => window.__kzSearch.foldKey(w)); }""", words)
    differ = [(w, fold_key(w), g) for w, g in zip(words, got) if fold_key(w) != g]
    assert not differ, differ[:20]
    assert sum(fold_key(w) != w.lower() for w in words) > len(words) / 2  # the fold does something
