"""MkDocs hooks for the digital edition (registered in mkdocs.yml under ``hooks:``).

Only MkDocs' public hook API is used; nothing here depends on Material internals.

* ``on_config``   -- if ``<docs_dir>/nav.yml`` exists (written by the converter), use it
                     as ``nav``; otherwise MkDocs builds its automatic nav.
* ``on_files``    -- keep ``nav.yml`` out of the built site.
* ``on_page_markdown`` -- (1) make front-matter ``title``/``description`` HTML-safe;
                     (2) make ``<div lang=".." markdown>`` work inside content tabs (see
                     ``fix_indented_md_html``).
                     MkDocs and its themes print ``page.title``, ``page.meta.title`` and
                     ``page.meta.description`` without escaping (they are treated as HTML),
                     while the converter writes plain text.  Nav titles from ``nav.yml``
                     get the same treatment in ``on_config``.
* ``on_page_content`` -- warn (fails ``--strict``) if a ``markdown`` attribute leaked into
                     the HTML, i.e. Markdown inside raw HTML was not rendered.
* ``on_page_context`` -- the site's name and the navigation's own labels ("Главная", "Темы", …; nav.yml
                     has them in the edition's language) in the page's language (convert/render/ui.py).
* ``on_post_page`` -- ``<html lang="...">`` follows ``page.meta["lang"]``; blank runs of the
                     templates' indentation outside the article become one line break
                     (``squeeze_whitespace``); a table-of-contents entry takes its heading's
                     ``lang`` (``mark_toc_languages``).
* ``on_env``      -- ``|tojson`` (the JSON-LD in the head) keeps non-ASCII letters as they are:
                     escaped, every Cyrillic letter took six bytes (``\\u0430``) instead of two.
                     Jinja's ``htmlsafe_json_dumps`` still escapes ``<``, ``>``, ``&`` and ``'``.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

import yaml

from convert.render import ui
from convert.render.site_markdown import fix_indented_md_html

log = logging.getLogger("mkdocs.hooks.edition")

NAV_FILE = "nav.yml"
NAV_LANGS_FILE = "nav-langs.yml"  # the language of each source-text title of the navigation, by page
_NAV_LANGS: dict[str, str] = {}

# "&" that does not already start a character reference: escaping stays idempotent,
# so a converter that already wrote "&amp;" does not get "&amp;amp;".
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
# BCP 47-ish language tag: kk, ru, en, kk-Cyrl, zh-Hant-TW ...
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# The first <html ...> start tag (not <!doctype html>, not <html-foo>).
_HTML_TAG = re.compile(r"<html(?=[\s>/])[^>]*>", re.IGNORECASE)
# A lang attribute inside that tag (not xml:lang, not data-lang).
_LANG_ATTR = re.compile(
    r"""(?<=[\s])lang\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE
)


def html_text(value: str, quote: bool = False) -> str:
    """Escape plain text for HTML, leaving existing character references alone."""
    value = _BARE_AMP.sub("&amp;", value)
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        value = value.replace('"', "&quot;").replace("'", "&#x27;")
    return value


def _escape_nav(item: Any) -> Any:
    """Escape the titles (mapping keys) of an mkdocs ``nav`` structure."""
    if isinstance(item, list):
        return [_escape_nav(x) for x in item]
    if isinstance(item, dict):
        return {
            (html_text(k) if isinstance(k, str) else k): _escape_nav(v)
            for k, v in item.items()
        }
    return item


def _load_nav_langs(docs_dir: str) -> None:
    _NAV_LANGS.clear()
    path = os.path.join(docs_dir, NAV_LANGS_FILE)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as fh:
            langs = yaml.safe_load(fh) or {}
        _NAV_LANGS.update({str(k): str(v) for k, v in langs.items() if str(v) in ui.WORDS})


def on_config(config, **kwargs):
    _load_nav_langs(config["docs_dir"])
    nav_path = os.path.join(config["docs_dir"], NAV_FILE)
    if not os.path.isfile(nav_path):
        return config
    with open(nav_path, encoding="utf-8") as fh:
        nav = yaml.safe_load(fh)
    if nav is None:
        log.warning("%s is empty; using the automatic navigation", nav_path)
        return config
    if not isinstance(nav, list):
        from mkdocs.exceptions import PluginError

        raise PluginError(
            f"{nav_path}: expected a YAML list in mkdocs 'nav' format, got {type(nav).__name__}"
        )
    config["nav"] = _escape_nav(nav)
    log.debug("nav loaded from %s", nav_path)
    return config


def on_env(env, config, files, **kwargs):
    env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
    return env


def on_files(files, config, **kwargs):
    for name in (NAV_FILE, NAV_LANGS_FILE):
        nav_file = files.get_file_from_path(name)
        if nav_file is not None:
            files.remove(nav_file)
    return files


def on_page_markdown(markdown, page, config, files, **kwargs):
    if getattr(page, "edition_rendered", False):  # rendered by hooks/render_pool.py, these events included
        return markdown
    markdown = fix_indented_md_html(markdown)
    meta = page.meta
    title = meta.get("title")
    if isinstance(title, str):
        meta["title"] = html_text(title)
    elif title is not None:
        meta["title"] = html_text(str(title))
    description = meta.get("description")
    if description is not None:
        meta["description"] = html_text(str(description), quote=True)
    return markdown


_LEAKED_MD_ATTR = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*\s(?:[^<>"']|"[^"]*"|'[^']*')*?(?<=\s)markdown(?:\s*=|[\s/>])"""
)


def on_page_content(html_out, page, config, files, **kwargs):
    if getattr(page, "edition_rendered", False):
        return html_out
    if _LEAKED_MD_ATTR.search(html_out):
        log.warning(
            "%s: a 'markdown' attribute reached the HTML: Markdown inside raw HTML was "
            "not rendered (raw HTML inside an indented block needs blank lines around "
            "its content)",
            page.file.src_uri,
        )
    # the headings' permanent links (Python-Markdown's toc, one title for the whole site) in the page's language
    return _PERMALINK.sub(f'\\1title="{html_text(ui.word("permalink", page_language(page)), quote=True)}"', html_out)


_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" )title="Permanent link"')


def set_html_lang(output: str, lang: str) -> str:
    """Set ``lang`` on the first ``<html>`` start tag of *output*."""
    match = _HTML_TAG.search(output)
    if match is None:
        return output
    tag = match.group(0)
    attr = f'lang="{lang}"'
    if _LANG_ATTR.search(tag):
        new_tag = _LANG_ATTR.sub(attr, tag, count=1)
    else:
        new_tag = f"<html {attr}" + tag[len("<html"):]
    return output[: match.start()] + new_tag + output[match.end():]


# Material's templates indent every navigation item with a few hundred bytes of blank lines and spaces:
# at 1,000 articles two thirds of a page's navigation (27 KB) was that. In the body outside the article
# (header, navigation, table of contents, footer), and outside <script>/<pre>/<textarea>/<style>, a run
# of white space that holds a line break renders exactly as one line break, so it becomes one. The
# <head> (metadata values may hold line breaks) and the article's HTML are left byte for byte.
_KEEP_AS_IS = re.compile(r"<(script|pre|textarea|style)\b.*?</\1\s*>", re.S | re.I)
_BLANK_RUN = re.compile(r"[ \t\r\f]*\n\s*")


def _squeeze(part: str) -> str:
    out, pos = [], 0
    for m in _KEEP_AS_IS.finditer(part):
        out.append(_BLANK_RUN.sub("\n", part[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_BLANK_RUN.sub("\n", part[pos:]))
    return "".join(out)


def squeeze_whitespace(output: str) -> str:
    body = output.find("<body")
    if body < 0:
        return output
    start, end = output.find("<article", body), output.rfind("</article>")
    if start < 0 or end < start:
        return output[:body] + _squeeze(output[body:])
    end += len("</article>")
    return output[:body] + _squeeze(output[body:start]) + output[start:end] + _squeeze(output[end:])


# -- the edition's own words in the page's language ----------------------------------------------------
def page_language(page) -> str:
    """The page's language (front matter `lang`), else the edition's."""
    lang = str((page.meta or {}).get("lang") or "").strip() if page is not None else ""
    return lang if lang in ui.WORDS else ui.EDITION_LANG


class NavTitle(str):
    """A navigation title that is source text in one language (an article's title, a journal's name):
    printed in a span that says its language on a page in another (`_PAGE_LANG`, set per page before its
    template is rendered), as it is on a page in its own. Kept as the item's title once per build, so no
    page walks the whole navigation."""

    lang: str = ""

    def __new__(cls, text: str, lang: str):
        title = super().__new__(cls, text)
        title.lang = lang
        return title

    def __str__(self) -> str:
        plain = str.__str__(self)
        return f'<span lang="{self.lang}">{plain}</span>' if self.lang != _PAGE_LANG[0] else plain


_PAGE_LANG = [ui.EDITION_LANG]  # the language of the page being rendered


def _title_lang(item) -> str | None:
    """The language of a navigation title that is source text: a page's (an article's), a section's (a
    journal's, by its own page, the section's first child)."""
    children = getattr(item, "children", None)
    target = children[0] if children else item
    file = getattr(target, "file", None)
    return _NAV_LANGS.get(file.src_uri) if file is not None else None


def _nav_items(nav):
    """Every item of the navigation, sections and their children included."""
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        stack.extend(getattr(item, "children", None) or ())
        yield item


def _mark_title_languages(nav) -> None:
    """Once per build: each title of the navigation whose language the converter wrote (docs/nav-langs.yml)
    becomes a `NavTitle` of that language."""
    if getattr(nav, "edition_title_langs", False):
        return
    for item in _nav_items(nav):
        lang = _title_lang(item) if isinstance(item.title, str) else None
        if lang:
            item.title = NavTitle(item.title, lang)
    nav.edition_title_langs = True


def _own_labels(nav) -> list:
    """The navigation items whose title is one of the edition's own labels, with that title as nav.yml
    gives it: found once per build (a walk of the whole navigation for every page is quadratic)."""
    found = getattr(nav, "edition_own_labels", None)
    if found is None:
        found = [(item, item.title) for item in _nav_items(nav) if item.title is not None
                 and any(ui.nav_label(item.title, lang) != item.title for lang in ui.WORDS)]
        nav.edition_own_labels = found
    return found


def _relabel(nav, lang: str) -> None:
    """Each navigation title that is one of the edition's own labels (nav.yml has them in the edition's
    language), in `lang`."""
    for item, title in _own_labels(nav):
        item.title = ui.nav_label(title, lang)


_SITE_NAME: dict[str, str] = {}  # mkdocs.yml's site_name, while a page shows its own language's


def on_page_context(context, page, config, nav, **kwargs):
    """The site's name and the navigation's own labels in the page's language (pages are rendered one
    after the other; on_post_page puts the edition's name back for the pages that are no page)."""
    lang = page_language(page)
    _SITE_NAME.setdefault("configured", config["site_name"])
    config["site_name"] = ui.word("site_name", lang)
    _PAGE_LANG[0] = lang
    if nav:
        _mark_title_languages(nav)
        _relabel(nav, lang)
    return context


_HEADING_TAG = re.compile(r"<h[1-6]\b([^>]*)>")
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_HEADING_LANG = re.compile(r'\slang="([a-z]{2,3})"')
_TOC_LINK = re.compile(r'(<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis")>')


def mark_toc_languages(output: str) -> str:
    """The table of contents repeats the page's headings as text: an entry whose heading says its language
    (an article's title in another language on an issue's page) says it too."""
    langs = {}
    for m in _HEADING_TAG.finditer(output):
        heading_id, lang = _ID_ATTR.search(m.group(1)), _HEADING_LANG.search(m.group(1))
        if heading_id and lang:
            langs[heading_id.group(1)] = lang.group(1)
    if not langs:
        return output
    return _TOC_LINK.sub(lambda m: m.group(1) + (f' lang="{langs[m.group(2)]}">' if m.group(2) in langs else ">"),
                         output)


def on_post_page(output, page, config, **kwargs):
    if "configured" in _SITE_NAME:
        config["site_name"] = _SITE_NAME["configured"]
    output = mark_toc_languages(squeeze_whitespace(output))
    lang = (page.meta or {}).get("lang")
    if not lang:
        return output
    lang = str(lang).strip()
    if not _LANG_TAG.match(lang):
        log.warning("%s: ignoring invalid lang %r in front matter", page.file.src_uri, lang)
        return output
    return set_html_lang(output, lang)
