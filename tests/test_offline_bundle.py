"""The offline bundle as a file: what `make dist` builds, checked without a browser.

The bundle is built from the test edition with the command `make dist` runs (hooks/offline.py),
then unzipped.  test_browser.py reads the same bundle in Chromium from file://.
"""
from __future__ import annotations

import importlib.util
import logging
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from browser_support import BUNDLE_FOLDER, ROOT, offline_bundle

spec = importlib.util.spec_from_file_location("offline_hook", ROOT / "hooks" / "offline.py")
offline_hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(offline_hook)

@pytest.fixture(scope="module")
def bundle(edition, tmp_path_factory):
    return offline_bundle(edition.docs, tmp_path_factory)


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_one_zip_one_folder_everything_inside(bundle, edition):
    assert bundle.zip.name == "kz-journals-edition-offline.zip"
    with zipfile.ZipFile(bundle.zip) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert {n.split("/", 1)[0] for n in names} == {BUNDLE_FOLDER}
    for rel in ("index.html", "search/manifest.js", "assets/kzsearch.js",
                "articles.json", "topics/index.html"):
        assert f"{BUNDLE_FOLDER}/{rel}" in names, rel
    # the conversion report is the editors': neither its page nor its data travel with the bundle
    assert not [n for n in names if n.startswith(f"{BUNDLE_FOLDER}/report/") or n.endswith("report.json")]
    # the same pages as the served site, article for article
    served = {p.relative_to(edition.site).as_posix() for p in html_files(edition.site)}
    offline = {p.relative_to(bundle.root).as_posix() for p in html_files(bundle.root)}
    assert offline == served
    for rec in edition.articles:
        assert (bundle.root / rec["url"]).is_file()
    print(f"\nbundle: {len(names)} files, {bundle.zip.stat().st_size / 1e6:.1f} MB, built in {bundle.seconds:.1f} s")


def test_the_same_site_gives_the_same_zip_bytes(bundle, tmp_path, monkeypatch):
    """Zipped again after every file's time stamp changed (a new clone, a later build): the same bytes,
    and entries a reader can unzip (regular files, readable)."""
    import os

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the bundle fixture was built without it
    for path in bundle.root.rglob("*"):
        if path.is_file():
            os.utime(path, (1_900_000_000, 1_900_000_000))
    again = tmp_path / "again.zip"
    offline_hook.zip_site(bundle.root, again)
    assert again.read_bytes() == bundle.zip.read_bytes()
    with zipfile.ZipFile(again) as zf:
        info = zf.infolist()[0]
        assert info.external_attr >> 16 == 0o100644 and info.date_time == (1980, 1, 1, 0, 0, 0)


def test_search_index_is_scripts_for_file_urls(bundle):
    """The edition's search index is <script> files (file:// refuses fetch()), and Material's search
    (a worker, its iframe-worker shim and one search_index.json of every word) is not in the bundle."""
    files = sorted(p.name for p in (bundle.root / "search").iterdir())
    assert files and all(re.fullmatch(r"(manifest|s-[0-9a-f]+|d-\d+|t-\d+-\d+)\.js", f) for f in files), files[:20]
    manifest = (bundle.root / "search" / "manifest.js").read_text(encoding="utf-8")
    assert manifest.startswith('window.__kzSearch&&__kzSearch.load("manifest",')
    assert not list(bundle.root.rglob("search_index.*")) and not list(bundle.root.rglob("*iframe-worker*"))
    for page in (bundle.root / "index.html", next(bundle.root.glob("*/*/*.html"))):
        tree = lxml_html.fromstring(page.read_bytes())
        scripts = tree.xpath("//script/@src")
        assert [s for s in scripts if s.endswith("assets/kzsearch.js")], scripts
        assert not [s for s in scripts if "worker" in s or "search/" in s], scripts
        # the edition's box is in the header; Material's search dialog is gone
        assert tree.xpath('//header//form[@role="search"]//input[@class="kz-search-input"]')
        assert not tree.xpath('//*[contains(@class, "md-search")] | //label[@for="__search"]')


def test_no_page_loads_anything_from_another_host(bundle, edition):
    for root in (bundle.root, edition.site):
        for page in html_files(root):
            assert not offline_hook.remote_loads(page.read_text(encoding="utf-8")), page
        for css in root.rglob("*.css"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_every_local_link_opens_a_file(bundle):
    """From file:// a link to a folder shows a directory listing, not its index.html; and a
    missing file is an error page.  Every href/src in the bundle must name an existing file."""
    problems, count = [], 0
    for page in html_files(bundle.root):
        if page == bundle.root / "404.html":
            continue  # a server's error page, with root-relative links; never opened from file://
        tree = lxml_html.fromstring(page.read_bytes())
        for el, attr in ((el, a) for a in ("href", "src") for el in tree.xpath(f"//*[@{a}]")):
            value = el.get(attr).strip()
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//") or not parts.path:
                continue  # another host, mailto:, data:, or a fragment of this page
            count += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                problems.append(f"{page.relative_to(bundle.root)}: {value}")
            elif bundle.root.resolve() not in target.parents:
                problems.append(f"{page.relative_to(bundle.root)}: {value} leaves the bundle")
    assert count > 1000
    assert not problems, problems[:20]


# -- the hook's guard -------------------------------------------------------------------------------
@pytest.mark.parametrize("markup", [
    '<script src="https://unpkg.com/iframe-worker/shim"></script>',
    '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
    '<link rel="preconnect" href="https://fonts.gstatic.com">',
    '<img src="http://example.org/a.png">',
    '<img srcset="a.png 1x, https://example.org/b.png 2x">',
    '<iframe src="https://example.org/"></iframe>',
    '<div style="background: url(https://example.org/bg.png)"></div>',
    "<style>@import 'https://example.org/x.css';</style>",
    '<svg><image xlink:href="https://example.org/a.svg"/></svg>',
    '<svg><use xlink:href="//example.org/sprite.svg#icon"></use></svg>',
    '<VIDEO POSTER="https://example.org/p.jpg"></VIDEO>',
])
def test_remote_loads_are_found(markup):
    assert offline_hook.remote_loads(f"<!doctype html><html><head></head><body>{markup}</body></html>")


def test_links_and_metadata_are_not_loads():
    page = ('<!doctype html><html><head><link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">'
            '<link rel="canonical" href="https://example.org/p.html"><script src="../a.js"></script>'
            '<link rel="stylesheet" href="assets/x.css"></head><body><a href="https://doi.org/10.1/x">DOI</a>'
            '<img src="data:image/png;base64,AAAA"></body></html>')
    assert offline_hook.remote_loads(page) == []


def test_a_page_that_loads_from_another_host_fails_the_strict_build(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('# Home\n\n<img src="https://example.org/logo.png" alt="logo">\n',
                                   encoding="utf-8")
    cfg = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs),
                      site_dir=str(tmp_path / "site"), strict=True)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        with pytest.raises(Abort):
            build(cfg)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert any("https://example.org/logo.png" in r.getMessage() for r in records)


def test_only_the_offline_build_inlines_downloads(monkeypatch):
    """EDITION_OFFLINE=true (what `make dist` sets) switches the offline build on; nothing else does."""
    for value, on in (("true", True), ("1", True), ("", False), ("false", False)):
        monkeypatch.setenv(offline_hook.ENV_SWITCH, value)
        assert offline_hook.offline_enabled() is on
    monkeypatch.delenv(offline_hook.ENV_SWITCH)
    assert offline_hook.offline_enabled() is False


def test_make_installs_chromium_only_where_it_is_missing():
    """`make test` installs Debian's chromium when the binary is missing, and only then."""
    missing = subprocess.run(["make", "-n", "-s", "chromium", "CHROMIUM=/nonexistent/chromium"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 0, missing.stderr
    assert "apt-get update" in missing.stdout and "apt-get install -y chromium" in missing.stdout
    present = subprocess.run(["make", "-n", "-s", "chromium", "CHROMIUM=/bin/sh"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert present.returncode == 0 and "apt-get" not in present.stdout, present.stdout
