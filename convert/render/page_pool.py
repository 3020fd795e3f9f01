"""Every page's Markdown rendered in parallel over the cores, and kept by content (for the MkDocs hook
hooks/render_pool.py; a module of the package, so that worker processes can find its functions).

MkDocs renders pages one by one (`mkdocs.commands.build._populate_page`: read the file, the
`page_markdown` events, Python-Markdown, the `page_content` events); at 1,000 articles that is half of
the build. Here, at `on_nav` (files and navigation known, no page rendered yet), the pages are shared
among forked worker processes, each running MkDocs' own `_populate_page` on its pages — the same
Markdown, the same hooks — and sending back what it set on each page, the log records it wrote
included. A page whose file, address and the build's code and configuration are unchanged, and whose
links all still lead to files of the site, is taken from the page cache (`EDITION_PAGE_CACHE`, default
`.cache/pages/`) instead. MkDocs' own loop then meets each page already rendered: its `read_source` and
`render` are replaced on that page object, for this build only, by ones that set what the worker found,
and the hooks' page events see `page.edition_rendered` and do not run twice. The site's bytes are the
same as a build page by page (tested).

`EDITION_JOBS=1` renders in this process (no fork); `EDITION_PAGE_CACHE=off` keeps no page cache.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import posixpath
import re
import types
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import markdown
from mkdocs.commands.build import _populate_page  # MkDocs' own page rendering, run in the workers
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from convert.cache import atomic_write, code_version, load_pickle
from convert.workers import forked_map, worker_count

ROOT = Path(__file__).resolve().parents[2]
FORMAT = "1"
BATCH = 16  # pages a worker renders per message
_LINK = re.compile(r"""\s(?:href|src)="([^"#?]*)[^"]*\"""")
_pages: list[Page] = []  # the pages of this build, shared with the forked workers
_context: tuple = ()  # (config, files, page cache folder, page keys) of this build


def build_version(config) -> str:
    """What every page's rendering depends on besides its own file: the configuration, the hooks, the
    theme overrides, the converter's code (hooks import it) and the versions of the Markdown stack."""
    h = hashlib.sha256(f"format={FORMAT}\n".encode())
    h.update(Path(config.config_file_path).read_bytes() if config.config_file_path else b"-")
    for folder in (ROOT / "hooks", ROOT / "overrides"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    h.update(code_version().encode())
    h.update(f"site_url={config.site_url}\n".encode())
    for dist in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions"):
        try:
            h.update(f"{dist}={metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-\n".encode())
    return h.hexdigest()


def _cache_dir() -> Path | None:
    value = os.environ.get("EDITION_PAGE_CACHE", str(ROOT / ".cache" / "pages"))
    return None if value.lower() in ("", "off", "0", "no") else Path(value)


def _key(version: str, page: Page) -> str:
    h = hashlib.sha256(version.encode() + b"\0" + page.file.src_uri.encode() + b"\0")
    h.update(Path(page.file.abs_src_path).read_bytes())
    return h.hexdigest()


class _Records(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def captured_log():
    """The records MkDocs' loggers write meanwhile, kept (not printed) to be written again by the parent
    process, in page order, with `replay_log` (MkDocs counts warnings there for --strict)."""
    records: list[tuple[str, int, str]] = []
    log = logging.getLogger("mkdocs")
    saved = log.handlers[:], log.propagate
    log.handlers, log.propagate = [_Records(records)], False
    try:
        yield records
    finally:
        log.handlers, log.propagate = saved


def replay_log(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


_markdown: list = []  # (config, the Markdown instance this process renders its pages with)


def _render_reusing(page: Page, config, files) -> None:
    """MkDocs' `Page.render` (mkdocs 1.6), with one Markdown instance per process, reset for each page, as
    the fidelity check renders (convert/check/page.py): making one, its extensions and their
    registrations, cost ~0.7 ms of each page's ~10."""
    if not _markdown or _markdown[0] is not config:
        _markdown[:] = [config, markdown.Markdown(extensions=config["markdown_extensions"],
                                                  extension_configs=config["mdx_configs"] or {})]
    md = _markdown[1]
    md.reset()
    raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)  # each registers under its name, replacing the last page's
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _render(index: int) -> dict:
    """In a worker (or this process): MkDocs' rendering of one page, as data, kept in the page cache (by
    the worker: the parent would pickle it a second time, on one core, once the workers are done)."""
    page = _pages[index]
    config, files, folder, keys = _context
    page.render = types.MethodType(_render_reusing, page)
    try:
        with captured_log() as records:
            _populate_page(page, config, files)
    finally:
        del page.render
    result = {
        # the Markdown is not kept: nothing reads it after rendering (no template, no hook), and at 1,000
        # articles it is ~0.3 GB of the build's memory
        "markdown": "", "meta": page.meta, "content": page.content, "toc": page.toc,
        "title": page._title_from_render, "anchors": page.present_anchor_ids,
        "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
        "search": getattr(page, "edition_search", None), "log": records,
    }
    if folder is not None:
        try:
            atomic_write(folder / f"{keys[index]}.pickle", pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # not kept: rendered again next time
    return result


def _targets_exist(result: dict, page: Page, dests: set[str]) -> bool:
    """Every relative link and image of the page leads to a file of this build."""
    base = posixpath.dirname(page.file.dest_uri)
    for url in _LINK.findall(result["content"] or ""):
        if not url or ":" in url or url.startswith("/"):
            continue
        if posixpath.normpath(posixpath.join(base, url)) not in dests:
            return False
    return True


def _apply(page: Page, result: dict, files) -> None:
    """Make MkDocs' own loop find the page rendered as the worker rendered it."""
    def read_source(self, config):
        self.markdown, self.meta = result["markdown"], result["meta"]

    def render(self, config, files_):
        self.content, self.toc = result["content"], result["toc"]
        self._title_from_render = result["title"]
        self.present_anchor_ids = result["anchors"]
        self.links_to_anchors = {f: links for uri, links in result["links"].items()
                                 if (f := files.get_file_from_path(uri)) is not None}
        replay_log(result["log"])

    page.read_source = types.MethodType(read_source, page)
    page.render = types.MethodType(render, page)
    page.edition_rendered = True
    if result["search"] is not None:
        page.edition_search = result["search"]


def render_pages(config, files) -> None:
    """Render every documentation page of `files` (see the module's text)."""
    global _pages, _context
    pages = []
    for file in files.documentation_pages():
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)  # as MkDocs' loop would make it
        if file.page is not None:
            pages.append(file.page)
    folder = _cache_dir()
    version = build_version(config)
    dests = {f.dest_uri for f in files}
    results: dict[int, dict] = {}
    keys = {}
    for n, page in enumerate(pages):
        if folder is None:
            continue
        keys[n] = _key(version, page)
        try:
            with open(folder / f"{keys[n]}.pickle", "rb") as fh:
                cached = load_pickle(fh)
        except Exception:  # missing, truncated or from another format: rendered again
            continue
        if isinstance(cached, dict) and _targets_exist(cached, page, dests):
            results[n] = cached
    todo = [n for n in range(len(pages)) if n not in results]
    _pages, _context = pages, (config, files, folder, keys)
    workers = worker_count(len(todo) // 8)  # a few pages are not worth a fork
    try:
        results.update(zip(todo, forked_map(_render, todo, workers, BATCH)))
    finally:
        _pages, _context = [], ()
    if folder is not None:
        _prune(folder, set(keys.values()))
    for n, page in enumerate(pages):
        _apply(page, results[n], files)


def _prune(folder: Path, used: set[str]) -> None:
    """Remove the pages this build did not use: the cache holds one edition, never more."""
    try:
        for path in folder.iterdir():
            if path.suffix == ".pickle" and path.stem not in used or path.name.startswith(".tmp-"):
                path.unlink(missing_ok=True)
    except OSError:
        pass
