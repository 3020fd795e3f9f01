"""Pages rendered in parallel and kept by content (convert/render/page_pool.py, hooks/render_pool.py):
the same site bytes as a build page by page, cold and warm; warnings of pages rendered in a worker or
taken from the cache still fail a strict build; a cached page whose link lost its target is rendered
again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from convert.__main__ import build_site, convert_folder
from small_sources import copy_small, tree



@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pool")
    convert_folder(copy_small(base / "sources"), base / "docs")
    return base / "docs"


def _build(docs: Path, site: Path, monkeypatch, jobs: str, cache: Path | str) -> dict[str, bytes]:
    monkeypatch.setenv("EDITION_JOBS", jobs)
    monkeypatch.setenv("EDITION_PAGE_CACHE", str(cache))
    build_site(docs, site)
    return tree(site)


def test_parallel_cold_and_warm_builds_give_the_bytes_of_a_serial_one(docs, tmp_path, monkeypatch):
    serial = _build(docs, tmp_path / "serial", monkeypatch, "1", "off")
    cache = tmp_path / "pages"
    cold = _build(docs, tmp_path / "cold", monkeypatch, "2", cache)
    kept = sorted(cache.glob("*.pickle"))
    # every page kept (docs/report/ is the editors', not a page of the site: mkdocs.yml exclude_docs)
    assert len(kept) == len([p for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] != "report"])
    warm = _build(docs, tmp_path / "warm", monkeypatch, "2", cache)
    assert len(serial) > 20 and cold == serial and warm == serial


def test_one_markdown_instance_per_worker_renders_as_mkdocs_own_page_render(docs, tmp_path, monkeypatch):
    """The workers' Markdown instance, reset for each page, leaks nothing from one page into the next
    (footnotes, tabs, table of contents, raw HTML): the bytes of MkDocs' own Page.render, a new instance each."""
    from mkdocs.structure.pages import Page

    from convert.render import page_pool

    reused = _build(docs, tmp_path / "reused", monkeypatch, "1", "off")
    monkeypatch.setattr(page_pool, "_render_reusing", Page.render)
    own = _build(docs, tmp_path / "own", monkeypatch, "1", "off")
    assert len(own) > 20 and reused == own


def _with_broken_link(docs: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of docs whose first article links to a page that does not exist."""
    copy = tmp_path / "docs"
    shutil.copytree(docs, copy)
    page = next(p for p in sorted(copy.rglob("*.md")) if "kind: article" in p.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8") + "\n[a page gone](no-such-page.md)\n", encoding="utf-8")
    return copy, page.relative_to(copy).as_posix()


def test_a_warning_in_a_worker_fails_the_strict_build(docs, tmp_path, monkeypatch, caplog):
    broken, _ = _with_broken_link(docs, tmp_path)
    with pytest.raises(Abort):
        _build(broken, tmp_path / "site", monkeypatch, "2", tmp_path / "pages")
    assert "no-such-page.md" in caplog.text
    caplog.clear()
    with pytest.raises(Abort):  # and again from the page cache
        _build(broken, tmp_path / "site", monkeypatch, "2", tmp_path / "pages")
    assert "no-such-page.md" in caplog.text


def test_a_cached_page_whose_link_lost_its_target_is_rendered_again(docs, tmp_path, monkeypatch, caplog):
    copy = tmp_path / "docs"
    shutil.copytree(docs, copy)
    cache = tmp_path / "pages"
    _build(copy, tmp_path / "site", monkeypatch, "2", cache)
    issue, target = next((p, t) for p in sorted(copy.rglob("index.md")) for t in sorted(p.parent.glob("*.md"))
                         if t != p and t.name in p.read_text(encoding="utf-8"))
    target.unlink()  # the issue page's Markdown is unchanged, its link now leads nowhere
    caplog.clear()
    with pytest.raises(Abort):
        _build(copy, tmp_path / "site2", monkeypatch, "2", cache)
    assert f"Doc file '{issue.relative_to(copy).as_posix()}' contains a link" in caplog.text


def test_a_page_that_loads_from_another_host_fails_the_strict_build_from_a_worker(docs, tmp_path, monkeypatch,
                                                                                 caplog):
    """The offline check runs with the page's template in a worker (post_page): its warning still counts."""
    copy = tmp_path / "docs"
    shutil.copytree(docs, copy)
    page = next(p for p in sorted(copy.rglob("*.md")) if "kind: article" in p.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8") + '\n<img alt="" src="https://example.org/x.png">\n',
                    encoding="utf-8")
    with pytest.raises(Abort):
        _build(copy, tmp_path / "site", monkeypatch, "2", "off")
    assert "https://example.org/x.png" in caplog.text and "another host" in caplog.text
