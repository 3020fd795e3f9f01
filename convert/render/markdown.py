"""Source text into the edition's Markdown and HTML: escaped so that it never becomes markup, marked with its
language; the site's own words in the three languages."""
from __future__ import annotations

import html
import re

from convert.model import LANGS
from convert.render import ui
from convert.text.language import KAZAKH_LETTERS


# the site's own words, kk/ru/en, are render/ui.py's; these names are what the renderers import
TAB_LABELS = ui.TAB_LABELS
ABSTRACT_WORD = {lang: words["abstract"] for lang, words in ui.WORDS.items()}
KEYWORDS_WORD = {lang: words["keywords"] for lang, words in ui.WORDS.items()}
UI = ui.WORDS  # the site's own words, in the page's language
NO_LIST = {lang: words["no_list"] for lang, words in ui.WORDS.items()}


# -- escaping --------------------------------------------------------------------------------
_LINE_BREAKS = re.compile(r"[\r\n]+")
_MARKUP_CHAR = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START_MARK = re.compile(r"^(\s*)([#+\-=!?:~>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text (no links, HTML, emphasis, attrs)."""
    # a line break would start a block, four leading spaces a code block
    t = html.escape(_LINE_BREAKS.sub(" ", text).lstrip(" \t"), quote=False)
    t = _MARKUP_CHAR.sub(r"\\\1", t)

    def lead(m: re.Match) -> str:  # "=?:~" cannot be backslash-escaped (the backslash would show)
        mark = m.group(2)
        if mark[0].isdigit():
            return m.group(1) + mark[:-1] + "\\" + mark[-1]
        return m.group(1) + (f"&#{ord(mark)};" if mark in "=?:~" else "\\" + mark)

    t = _LINE_START_MARK.sub(lead, t)
    return t


def short(text: str, n: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


URL_IN_TEXT = re.compile(r"(https?://[^\s<>]+[^\s<>.,;)\]])|\b(10\.\d{4,9}/[^\s<>\"»,;]+[^\s<>\"».,;)])")


def linkify(text: str) -> str:
    """Plain text → HTML with URLs and DOIs as links (everything else escaped)."""
    out, pos = [], 0
    for m in URL_IN_TEXT.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        href = m.group(1) or f"https://doi.org/{m.group(2)}"
        out.append(f'<a href="{html.escape(href, quote=True)}">{html.escape(m.group(0))}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def md_escape_inline(text: str) -> str:
    """Like md_escape, for text that does not start a line."""
    t = html.escape(_LINE_BREAKS.sub(" ", text), quote=False)  # a line break would start a block
    return _MARKUP_CHAR.sub(r"\\\1", t)


def script_lang(text: str) -> str | None:
    """kk / ru / en by the letters of a short text (names, labels), None without letters."""
    if re.search(f"[{KAZAKH_LETTERS}]", text):
        return "kk"
    if re.search(r"[а-яёА-ЯЁ]", text):
        return "ru"
    return "en" if re.search(r"[A-Za-z]", text) else None


def lang_span(text_html: str, text: str, page_lang: str | None) -> str:
    """Escaped text wrapped in a span with its language when that differs from the page's."""
    lang = script_lang(text)
    return f'<span lang="{lang}">{text_html}</span>' if lang and lang != page_lang else text_html


def lang_attr(lang: str) -> str:
    """attr_list for a heading: its language (validated: it comes from data)."""
    return f' {{ lang="{lang}" }}' if lang in LANGS else ""
