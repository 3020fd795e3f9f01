"""Every page placed in the theme's template in parallel over the cores (for the MkDocs hook
hooks/render_pool.py, after every other hook's `on_env`).

MkDocs' page loop (`mkdocs.commands.build._build_page`) gives each page its context, renders the theme's
template, runs the `post_page` events and writes the file, one page after another. Here forked workers
do the first half for their pages — the context, the `page_context` events and the template, exactly as
`_build_page` does them — and send the HTML back compressed. Each page then names, as its `template`
(MkDocs' own way to choose a page's template), one that prints that HTML as it is, so MkDocs' loop
still runs the `post_page` events and writes every file itself, in its order.
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
_state: tuple = ()  # (pages, documentation pages, config, nav, env) of this build, shared with the forked workers


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
            return RenderedHTML(template.render(context)), records
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
    try:
        outputs = list(forked_map(_template_output, list(range(len(pages))), workers, BATCH))
    finally:
        _state = ()
    for page, (html, records) in zip(pages, outputs):
        page.edition_html = html
        page.edition_template_log = records
        page.meta["template"] = RENDERED_TEMPLATE
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({RENDERED_TEMPLATE: "{{ page.edition_html }}"}), env.loader])
    return env
