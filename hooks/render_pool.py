"""MkDocs hook: pages rendered in parallel over the cores. At `on_nav`, every page's Markdown, kept by
content (convert/render/page_pool.py); at `on_env`, every page's theme template
(convert/render/template_pool.py) — this hook comes last in mkdocs.yml, so the templates see the
environment every other hook made; the workers run the page events too, but those marked `@in_parent`.
MkDocs' own page loop then finds each page rendered, runs the `@in_parent` events and writes the files;
the site's bytes are those of a build page by page."""
from __future__ import annotations

from convert.render.page_pool import render_pages, replay_log
from convert.render.template_pool import in_parent, render_templates

_nav = None


def on_nav(nav, config, files, **kwargs):
    global _nav
    _nav = nav
    render_pages(config, files)
    return nav


def on_env(env, config, files, **kwargs):
    return render_templates(env, config, files, _nav)


@in_parent
def on_page_context(context, page, config, nav, **kwargs):
    replay_log(getattr(page, "edition_template_log", ()))  # what the worker logged, in the pages' order
    return context
