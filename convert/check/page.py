"""A page as its reader sees it: its Markdown rendered as the site renders it, its words and paragraphs,
less the edition's own words."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
import re

from convert.render.css import OWN_WORDS
from convert.render.site_markdown import fix_indented_md_html


ROOT = Path(__file__).resolve().parents[2]


# A word: letters and digits, hyphenated parts joined (also across a line end), so "ди-\nалог" in the
# source, "ди-алог" or "диалог" on the page, and "социально-экономический" all count as one word.
MIN_PARAGRAPH = 8  # words: shorter blocks (labels, names, short headings) may well repeat
WORD = re.compile(r"\w+(?:-\n?\w+)*")


CHROME = OWN_WORDS  # elements that hold the edition's own words, not the source's (by class)


BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "td", "th", "dt", "dd",
          "div", "table", "tr", "ol", "ul", "blockquote", "figure", "br", "details", "summary", "label")


LEAF_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "td", "th", "dt", "dd")


def words_of(text: str) -> list[str]:
    return [w.replace("-", "").replace("\n", "") for w in WORD.findall(text.casefold())]


# -- the page --------------------------------------------------------------------------------------
class Renderer:
    """The page Markdown → HTML, as `mkdocs build` renders it (extensions, their settings, the hook
    that rewrites Markdown inside raw HTML). Loaded on first use: a build whose pages are all cached
    never loads it."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self._md = None

    def _load(self):
        import logging

        import markdown
        from mkdocs.config import load_config

        log = logging.getLogger("mkdocs")
        level = log.level
        log.setLevel(logging.ERROR)  # loading the configuration twice logs nothing new
        try:
            cfg = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(self.docs_dir.resolve()))
        finally:
            log.setLevel(level)
        self._md = markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])

    def html(self, page_markdown: str) -> str:
        if self._md is None:
            self._load()
        body = page_markdown
        if body.startswith("---\n"):
            end = body.find("\n---\n", 4)
            body = body[end + 5:] if end >= 0 else body
        body = fix_indented_md_html(body)
        self._md.reset()
        return self._md.convert(body)


def page_analysis(page_html: str) -> dict:
    """Words and paragraphs of a rendered page, without the edition's own words."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(page_html or "<p></p>", create_parent="div")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions: not shown
            if el.getparent() is not None:
                el.drop_tree()
            continue
    drop = [el for el in root.iter() if isinstance(el.tag, str) and (
        set((el.get("class") or "").split()) & set(CHROME) or el.tag == "h1"
        or (el.tag == "p" and "article-authors" in (el.get("class") or "")
            and any("article-header" in (a.get("class") or "") for a in el.iterancestors())))]
    for el in drop:
        if el.getparent() is not None:
            el.drop_tree()
    numbers: list[str] = []
    for ol in root.iter("ol"):  # the browser shows the numbers of an ordered list
        start = int(ol.get("start") or 1) if str(ol.get("start") or "1").lstrip("-").isdigit() else 1
        for n, li in enumerate(ol.findall("li")):
            value = li.get("value")
            numbers.append(value if value and value.isdigit() else str(start + n))
    paragraphs = []
    for el in root.iter(*LEAF_BLOCKS, "li"):
        if el.tag == "li" and any(child.tag in ("p", "ul", "ol") for child in el):
            continue
        ws = words_of(el.text_content())
        if len(ws) >= MIN_PARAGRAPH:
            paragraphs.append(" ".join(ws))
    for el in root.iter(*BLOCKS):  # block boundaries separate words, inline tags do not
        el.tail = "\n" + (el.tail or "")
    words = words_of(root.text_content()) + numbers
    return {"words": dict(Counter(words)), "paragraphs": paragraphs}
