"""Accessibility fixes to the built pages (a MkDocs hook, registered in mkdocs.yml).

Only MkDocs' hook API and the HTML of the page are used; each fix is a small, targeted edit of a
start tag, so the rest of the page stays byte for byte as MkDocs and Material wrote it.

* Content tabs (pymdownx.tabbed): a tab whose block is in one language (``<div lang="kk">`` as the
  block's first element) gets the same ``lang`` on its label, so a screen reader reads
  "Қазақша" in Kazakh and "English" in English, whatever the page's language.
"""
from __future__ import annotations

import re

_TABBED_SET = re.compile(r'<div class="tabbed-set[^"]*"[^>]*>')
_LABELS = re.compile(r'<div class="tabbed-labels[^"]*">(?P<labels>.*?)</div>', re.DOTALL)
_LABEL_TAG = re.compile(r"<label\b(?P<attrs>[^>]*)>")
_BLOCK_LANG = re.compile(
    r'<div class="tabbed-block[^"]*">\s*(?:<p>\s*)?<[A-Za-z][A-Za-z0-9]*\b[^>]*?\slang="(?P<lang>[^"]+)"'
    r'|<div class="tabbed-block[^"]*">')
_HAS_LANG = re.compile(r"\slang\s*=", re.IGNORECASE)

def label_tabs(html: str) -> str:
    """``lang`` on each tab label whose block is in one language."""
    out, pos = [], 0
    starts = [m.end() for m in _TABBED_SET.finditer(html)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(html)
        labels = _LABELS.search(html, start, end)
        if labels is None:
            continue
        langs = [m.group("lang") for m in _BLOCK_LANG.finditer(html, labels.end(), end)]
        tags = list(_LABEL_TAG.finditer(html, labels.start("labels"), labels.end("labels")))
        for tag, lang in zip(tags, langs):
            if lang and not _HAS_LANG.search(tag.group("attrs")):
                out.append(html[pos:tag.end("attrs")])
                out.append(f' lang="{lang}"')
                pos = tag.end("attrs")
    out.append(html[pos:])
    return "".join(out)


def on_post_page(output, page, config, **kwargs):
    return label_tabs(output)
