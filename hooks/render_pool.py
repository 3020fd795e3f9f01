"""MkDocs hook: every page rendered in parallel over the cores and kept by content, before MkDocs' own
page loop, which then finds each page rendered (convert/render/page_pool.py says how; the site's bytes
are those of a build page by page)."""
from __future__ import annotations

from convert.render.page_pool import render_pages


def on_nav(nav, config, files, **kwargs):
    render_pages(config, files)
    return nav
