"""Property-based tests (hypothesis) of the passes that touch every word (issue 8).

* character normalisation (`textfix.fix_line`): on whole texts made of real source lines with noise put
  into them, it is idempotent, leaves none of what it documents it removes, and keeps every letter and
  digit (look-alikes identified) — the alphabet-soup properties are in test_textfix.py;
* paragraph rebuilding (`paragraphs.rebuild_blocks`, `rebuild_text`): every word of the lines that are
  not removed is in the blocks, once and in order (they drop only what they document: blank lines,
  removed lines, list bullets, the colon of a heading — punctuation, never a word), and rebuilding the
  blocks read back as whole paragraphs (as the Markdown reader gives them) gives the same blocks;
* reading (`reader.read_text`): any bytes give text or a `SourceError`, never another exception; a text
  saved in any encoding these journals use is read back as it was;
* escaping (`render.md_escape`, `md_escape_inline`, `linkify`): any text, rendered by Python-Markdown
  with the site's extensions, is shown as exactly that text.
"""
from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convert.check.page import words_of
from convert.model import Line
from convert.passes.paragraphs import rebuild_blocks, rebuild_text
from convert.read.encoding import read_text
from convert.read.notes import SourceError
from convert.text.fixes import OTHER_SPACES, REMOVED_INVISIBLES, fix_line

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
# EDITION_EXAMPLES=5000 for a deeper search than the suite's
EXAMPLES = int(os.environ.get("EDITION_EXAMPLES", 150))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def corpus_lines() -> list[str]:
    out = []
    for path in sorted(SOURCES.glob("*.txt")):
        out += [ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    return out


# What PDF extraction puts into lines: exotic spaces, invisibles, bullets, dashes, look-alikes, marks.
NOISE = ("\t\u00a0\u202f\u2007\u2009\u200b\u200c\u200d\u00ad\ufeff\u2028\x85\x0c"
         "•▪●◦\uf0b7\uf02d\ue000\U000f0001-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
         "aeopcxyiAВBCEHKMOPTXYIhë\u0301\u0306\u0308 .,;:«»()[]")
noise = st.text(alphabet=NOISE, max_size=4)
real_line = st.sampled_from(corpus_lines()) if corpus_lines() else st.text(min_size=1)


@st.composite
def noisy_line(draw) -> str:
    """A real source line with noise put in at a few places."""
    line = draw(real_line)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(noise) + line[at:]
    return line


# -- character normalisation ------------------------------------------------------------------------
SKELETON = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "һ": "h", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ё": "e", "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H",
    "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "Ё": "E", "ë": "e", "Ë": "E"})
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def skeleton(text: str) -> list[str]:
    """Letters and digits, decomposed, without marks, look-alikes identified."""
    decomposed = unicodedata.normalize("NFD", text).translate(SKELETON)
    return [ch for ch in decomposed if ch.isalnum()]


@SETTINGS
@given(st.lists(noisy_line(), min_size=1, max_size=6))
def test_fix_line_on_real_lines_is_idempotent_and_keeps_every_letter(lines):
    for line in lines:
        fixed, counts = fix_line(line)
        assert fix_line(fixed) == (fixed, {})
        assert skeleton(fixed) == skeleton(PRIVATE_USE.sub("", line))


@SETTINGS
@given(noisy_line())
def test_fix_line_leaves_none_of_what_it_removes(line):
    fixed, _ = fix_line(line)
    assert not set(fixed) & set(REMOVED_INVISIBLES + OTHER_SPACES)
    assert not PRIVATE_USE.search(fixed)
    assert "  " not in fixed and fixed == fixed.strip(" ")
    assert unicodedata.is_normalized("NFC", fixed)


@SETTINGS
@given(noisy_line())
def test_fix_line_keeps_the_fidelity_words_of_clean_text(line):
    """Text without invisibles keeps its words (as the fidelity check counts them), look-alikes identified."""
    clean = fix_line(line)[0]
    assert [w.translate(SKELETON) for w in words_of(fix_line(clean)[0])] == \
        [w.translate(SKELETON) for w in words_of(clean)]


# -- paragraph rebuilding ---------------------------------------------------------------------------
SHAPES = [
    "Введение", "Introduction", "ЗАКЛЮЧЕНИЕ", "Материалы и методы", "1. Introduction", "Results and discussion:",
    "Кіріспе. Бұл мақалада зерттеу нәтижелері берілген.", "• первый пункт списка", "– второй пункт списка",
    "1) numbered item", "2. second numbered item", "Таблица 1 – Распределение ответов", "Table 2. Results",
    "Рисунок 1 – Схема", "Figure 3 – A figure", "Примечание: составлено авторами", "Source: compiled by the authors",
    "2020 2021 2022", "45,6 % 12,3 %", "социально-", "экономический рост продолжается.",
    "A short line.", "and it goes on in lower case", "ОБЩИЙ ЗАГОЛОВОК СТАТЬИ",
]


@st.composite
def source_lines(draw, max_lines: int = 30) -> list[Line]:
    """Lines as the reader and the furniture passes leave them: text, blanks, some removed."""
    out = []
    n = draw(st.integers(1, max_lines))
    for no in range(1, n + 1):
        kind = draw(st.sampled_from(["real", "real", "real", "shape", "shape", "blank"]))
        text = "" if kind == "blank" else fix_line(draw(real_line) if kind == "real" else draw(st.sampled_from(SHAPES)))[0]
        line = Line(no, text)
        if text and draw(st.integers(0, 9)) == 0:
            line.removed = "page furniture (test)"
        out.append(line)
    return out


def tokens(text: str) -> list[str]:
    """Runs of letters and digits: a line-end hyphen the passes keep ("социально-" + "экономический" →
    "социально-экономический") leaves them as they were."""
    return re.findall(r"\w+", text.casefold())


def kept_words(lines: list[Line]) -> list[str]:
    """Words of the lines the passes must keep, in order."""
    return tokens("\n".join(ln.text for ln in lines if not ln.removed))


def block_texts(blocks) -> list[str]:
    out = []
    for b in blocks:
        if b.kind in ("heading", "paragraph"):
            out.append(b.text)
        elif b.kind == "list":
            out += b.items
        else:  # table, figure: caption, rows as extracted, note
            out += [b.text, *b.items, b.note]
    return [t for t in out if t]


def words_of_blocks(blocks) -> list[str]:
    return tokens("\n".join(block_texts(blocks)))


@SETTINGS
@given(source_lines(), st.sampled_from([70, 95, 120]))
def test_rebuild_blocks_keeps_every_word_once_and_in_order(lines, width):
    blocks = rebuild_blocks(lines, width)
    assert Counter(words_of_blocks(blocks)) == Counter(kept_words(lines))
    # in order, except that a table's caption printed below it comes first on the page
    tables = [(b.first, b.last) for b in blocks if b.kind in ("table", "figure")]
    outside = [ln for ln in lines if not any(a <= ln.no <= z for a, z in tables)]
    assert words_of_blocks([b for b in blocks if b.kind not in ("table", "figure")]) == kept_words(outside)


@SETTINGS
@given(source_lines(), st.sampled_from([70, 95, 120]))
def test_rebuild_text_keeps_every_word_once_and_in_order(lines, width):
    text = rebuild_text(lines, width)
    assert tokens(text) == kept_words(lines)
    assert "\n\n\n" not in text and not text.startswith("\n")


def as_markdown_lines(blocks) -> list[Line]:
    """Blocks read back as the Markdown reader gives a page: one whole line per block, blank between."""
    out: list[Line] = []
    no = 1
    for b in blocks:
        if b.kind == "heading":
            out.append(Line(no, b.text, heading_level=b.level, para=True))
        elif b.kind == "paragraph":
            out.append(Line(no, b.text, para=True))
        elif b.kind == "list":
            for item in b.items:
                out.append(Line(no, item if b.ordered else "• " + item, para=True, list_item=True))
                no += 1
        else:
            return []
        out.append(Line(no + 1, ""))
        no += 2
    return out


def shape(blocks) -> list[tuple]:
    return [(b.kind, b.text, tuple(b.items), b.ordered) for b in blocks]


@SETTINGS
@given(source_lines(), st.sampled_from([70, 95, 120]))
def test_rebuild_blocks_is_idempotent(lines, width):
    """The blocks, read back as whole paragraphs, rebuild into the same blocks."""
    blocks = rebuild_blocks(lines, width)
    again = as_markdown_lines(blocks)
    assume(again)  # tables and figures are not read back from Markdown
    assert shape(rebuild_blocks(again, width, prewrapped=True)) == shape(blocks)


def test_rebuild_blocks_is_idempotent_after_a_bare_number():
    lines = [Line(1, "12"), Line(2, "Кіріспе. Бұл мақалада зерттеу нәтижелері берілген.")]
    blocks = rebuild_blocks(lines, 70)
    assert shape(rebuild_blocks(as_markdown_lines(blocks), 70, prewrapped=True)) == shape(blocks)


@SETTINGS
@given(source_lines(), st.sampled_from([70, 95, 120]))
def test_rebuild_text_is_idempotent(lines, width):
    text = rebuild_text(lines, width)
    paras = text.split("\n\n") if text else []
    again = []
    for n, para in enumerate(paras):
        again += [Line(2 * n + 1, para, para=True), Line(2 * n + 2, "")]
    assert rebuild_text(again, width, prewrapped=True) == text


# -- reading ----------------------------------------------------------------------------------------
@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_are_text_or_a_clear_error(data):
    try:
        text, encoding = read_text(data, "x.txt")
    except SourceError as err:
        assert err.message and err.path == "x.txt"
        return
    assert "\r" not in text and "\x00" not in text and encoding


@SETTINGS
@given(st.lists(st.sampled_from(corpus_lines()), min_size=8, max_size=40))
def test_a_text_in_any_encoding_reads_back_as_it_was(lines):
    """UTF-8 (with and without BOM, CRLF), UTF-16 (both byte orders, with and without BOM), and the text in
    Windows-1251 / KOI8-R / KZ-1048 when it can be written in them: read back, it is the same text."""
    text = "\n".join(ln.rstrip() for ln in lines) + "\n"
    text = "".join(ch for ch in text if ch.isprintable() or ch == "\n")  # as a text editor saves it
    assume(len(re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", text)) >= 200 or text.isascii())
    encodings = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                 ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-16-be", b"")]
    for single in ("cp1251", "koi8_r", "kz1048"):
        try:
            text.encode(single)
            encodings.append((single, b""))
        except UnicodeEncodeError:
            pass
    for enc, bom in encodings:
        for ends in ("\n", "\r\n"):
            data = bom + text.replace("\n", ends).encode(enc)
            got, _ = read_text(data, "x.txt")
            assert got == text, (enc, bom, ends)


# -- escaping ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def markdown_renderer():
    from convert.check.page import Renderer

    return Renderer(ROOT / "docs")


def shown(html_text: str) -> str:
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(html_text or "<p></p>", create_parent="div")
    return root.text_content()


def md_as_text(markdown: str) -> str:
    return shown(markdown_renderer().html(markdown))


SYNTAX = "<>&\"'`*_{}[]()#+-.!|\\:=~^%$@/;?,\n 0123456789aбx"
syntax_text = st.text(alphabet=SYNTAX, min_size=1, max_size=40)
any_line = st.one_of(syntax_text, st.text(min_size=1, max_size=40), st.sampled_from(
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "{{ config }}", "{% raw %}", "---", "!!! note",
     "=== \"Tab\"", "--8<-- \"README.md\"", "<!-- x", "&amp;", "&#60;", "1. x", "* x", "> x", "    code",
     "```", "~~~", "[^1]: x", "*[HTML]: x", "{: .x }", "Term\n: def", "x\n===", "x\n---", "<div markdown>x</div>"]))


CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def plain(text: str) -> str:
    """What a page can show of a text: one line, spaces collapsed (HTML collapses them too)."""
    return " ".join(text.split())


@settings(max_examples=2 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_line)
def test_md_escape_renders_as_exactly_the_text(text):
    from convert.render.markdown import md_escape

    text = CONTROLS.sub("", text)  # the reader removes control characters; line breaks stay (file names…)
    assume(plain(text))
    assert plain(md_as_text(md_escape(text) + "\n")) == plain(text)


@settings(max_examples=2 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_line, any_line)
def test_inline_escape_after_a_link_renders_as_exactly_the_text(before, after):
    """A paragraph with a citation link in it: the text around it is escaped too."""
    from convert.render.markdown import md_escape, md_escape_inline

    before, after = CONTROLS.sub("", before), CONTROLS.sub("", after)
    assume(plain(before) and plain(after))
    markdown = md_escape(before) + ' <a class="citation" href="#ref-1">1</a>' + md_escape_inline(" " + after)
    assert plain(md_as_text(markdown + "\n")) == plain(before + " 1 " + after)


@settings(max_examples=2 * EXAMPLES, deadline=None)
@given(st.one_of(any_line, st.sampled_from(
    ["https://evil.example/\"><script>alert(1)</script>", "10.1234/\"><img src=x onerror=alert(1)>",
     "see https://a.b/c). and 10.5555/x.y, then", "javascript:alert(1) https://x.y/<b>"])))
def test_linkify_shows_exactly_the_text_and_links_only_http(text):
    from convert.render.markdown import linkify

    text = plain(CONTROLS.sub("", text))  # the reader removes control characters
    assume(text)
    out = linkify(text)
    assert plain(shown(out)) == text
    from lxml import html as lxml_html

    for a in lxml_html.fragment_fromstring(out or "<p></p>", create_parent="div").iter("a"):
        assert a.get("href").startswith(("https://", "http://")) and len(a.attrib) == 1
