"""Every page placed in the theme's template in parallel over the cores (for the MkDocs hook
hooks/render_pool.py, after every other hook's `on_env`).

MkDocs' page loop (`mkdocs.commands.build._build_page`) gives each page its context, runs the
`page_context` events, renders the theme's template, runs the `post_page` events and writes the file, one
page after another. Here forked workers do all but the writing for their pages, exactly as
`_build_page` does it, and send the HTML back compressed. Each page then names, as its `template`
(MkDocs' own way to choose a page's template), one that prints that HTML as it is, and MkDocs' loop
writes every file itself, in its order. The `page_context` and `post_page` events run in the workers,
but those a hook marks `@in_parent` (what must happen in the build's own process, in page order: the
workers' log written again, progress): only these stay in MkDocs' loop.
"""
from __future__ import annotations

import zlib

import jinja2
from mkdocs.commands.build import get_context  # the context MkDocs gives a page's template
from mkdocs.structure.pages import Page

from convert.render.page_pool import captured_log
from convert.workers import forked_map, worker_count

RENDERED_TEMPLATE = "edition-rendered-page.html"
BATCH = 32  # pages a worker renders per message
PAGE_EVENTS = ("page_context", "post_page")
_state: tuple = ()  # (pages, documentation pages, config, nav, env) of this build, shared with the forked workers


def in_parent(event_method):
    """Mark a hook's `page_context` or `post_page` method as one that runs in MkDocs' own page loop, in
    the build's process, and not in the workers."""
    event_method.edition_in_parent = True
    return event_method


def _page_events(config, in_parent: bool) -> dict:
    """The page events' methods that run in the workers (in_parent False) or in MkDocs' loop (True)."""
    return {name: [m for m in config.plugins.events[name] if getattr(m, "edition_in_parent", False) == in_parent]
            for name in PAGE_EVENTS}


class RenderedHTML:
    """A page's template output, kept compressed until MkDocs' loop prints it (a thousand articles'
    pages would otherwise hold ~0.3 GB)."""

    def __init__(self, html: str) -> None:
        self._blob = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)

    def __str__(self) -> str:
        return zlib.decompress(self._blob).decode("utf-8", "surrogatepass")


def _template_output(index: int) -> tuple[RenderedHTML, list]:
    """The first half of MkDocs' `_build_page` for one page: its template's output, and the log records."""
    pages, doc_files, config, nav, env = _state
    page = pages[index]
    config._current_page = page
    page.active = True
    try:
        with captured_log() as records:
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
            return RenderedHTML(output), records
    finally:
        page.active = False
        config._current_page = None


def render_templates(env: jinja2.Environment, config, files, nav) -> jinja2.Environment:
    """Render every page's template in forked workers, when there are cores and pages enough; the env
    returned knows the template that prints a page's rendered HTML."""
    global _state
    pages: list[Page] = [f.page for f in files.documentation_pages() if f.page is not None]
    workers = worker_count(len(pages) // 8)
    if workers < 2:
        return env
    _state = (pages, files.documentation_pages(), config, nav, env)  # as MkDocs' loop: the pages once
    events = {name: config.plugins.events[name] for name in PAGE_EVENTS}
    config.plugins.events.update(_page_events(config, in_parent=False))
    try:
        outputs = list(forked_map(_template_output, list(range(len(pages))), workers, BATCH))
    finally:
        _state = ()
        config.plugins.events.update(events)
    config.plugins.events.update(_page_events(config, in_parent=True))  # this build's loop: all pages are rendered
    for page, (html, records) in zip(pages, outputs):
        page.edition_html = html
        page.edition_template_log = records
        page.meta["template"] = RENDERED_TEMPLATE
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({RENDERED_TEMPLATE: "{{ page.edition_html }}"}), env.loader])
    return env
