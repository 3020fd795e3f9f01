"""Link integrity of the built test edition: no broken link, no broken anchor.

* LinkChecker crawls the site served on 127.0.0.1 from index.html: every page, file, stylesheet,
  script and image that a page links to must load, and every page must be reached.  Links to other
  hosts (DOIs, licences) are listed but not fetched: there is no network, and they are not ours.
* Anchors (``#id`` and ``page.html#id``) are checked against an index of the ids of every page.
  LinkChecker's AnchorCheck plugin downloads and parses a page again for every distinct anchor,
  and the edition has one per paragraph (more than 1,500 in the test edition: over two minutes);
  the index does the same check in a second.  On a small broken site the two are run side by
  side and must report the same anchors.
"""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from browser_support import StaticServer

LINKCHECKER_RC = """\
[checking]
threads=4
# the local test server answers with a "LinkChecker" header, which lifts the 10/s default
maxrequestspersecond=1000
timeout=30
[filtering]
checkextern=0
"""
ANCHOR_PLUGIN = "[AnchorCheck]\n"


@dataclass
class LinkReport:
    checked: list[str]       # absolute URLs checked (internal), without fragment
    problems: list[str]      # "parent: link -> result or warning"


def check_links(start_url: str, workdir: Path, anchors: bool = False) -> LinkReport:
    """Run LinkChecker from *start_url*: recursively, internal links only."""
    rc = workdir / ("linkcheckerrc-anchors" if anchors else "linkcheckerrc")
    rc.write_text(LINKCHECKER_RC + (ANCHOR_PLUGIN if anchors else ""), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "linkcheck", "--config", str(rc), "--no-status",
                           "--verbose", "--output", "xml/utf-8", start_url],
                          capture_output=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")  # 1: problems found
    checked, problems = [], []
    for item in ET.fromstring(proc.stdout).iter("urldata"):
        valid = item.find("valid")
        result = valid.get("result", "") if valid is not None else ""
        ok = valid is not None and (valid.text or "").strip() == "1"
        real = item.findtext("realurl") or item.findtext("url") or ""
        if ok and (result == "filtered" or real.startswith("data:")):
            continue  # another host's URL (not fetched), or an inline data: URL
        checked.append(real.split("#")[0])
        where = f"{item.findtext('parent')}: {item.findtext('url')}"
        problems += [] if ok else [f"{where} -> {result}"]
        problems += [f"{where} -> {w.text}" for w in item.iter("warning")]
    return LinkReport(checked, problems)


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[str]:
    tree = lxml_html.fromstring(path.read_bytes())
    return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))


def broken_anchors(site: Path) -> tuple[int, list[str]]:
    """Every href with a fragment, on every page of *site*, must name an id of its target page."""
    count, problems = 0, []
    for page in sorted(site.rglob("*.html")):
        tree = lxml_html.fromstring(page.read_bytes())
        for href in tree.xpath("//a/@href | //area/@href"):
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or not parts.fragment:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if target.suffix != ".html" or not target.is_file():
                continue  # a missing page is LinkChecker's to report
            count += 1
            if unquote(parts.fragment) not in _ids(target):
                problems.append(f"{page.relative_to(site)}: {href}")
    return count, problems


def test_the_checks_find_a_missing_page_and_missing_anchors(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><body><h1 id="top">Top</h1>'
        '<a href="sub/good.html">ok</a> <a href="sub/good.html#there">ok anchor</a> <a href="#top">ok local</a>'
        '<a href="missing.html">missing page</a> <a href="sub/good.html#nowhere">missing anchor</a>'
        '<a href="#gone">missing local anchor</a> <a href="https://doi.org/10.1/x">external</a>'
        "</body></html>", encoding="utf-8")
    (site / "sub" / "good.html").write_text(
        '<!doctype html><html lang="en"><title>g</title><body><p id="there">here</p>'
        '<a href="../index.html#top">back</a> <a href="../index.html#%D0%BD%D0%B5%D1%82">нет</a></body></html>',
        encoding="utf-8")
    with StaticServer(site) as server:
        links = check_links(server.url("index.html"), tmp_path)
        with_anchors = check_links(server.url("index.html"), tmp_path, anchors=True)
    assert [p for p in links.problems if "missing.html" in p and "404" in p] == links.problems, links.problems
    assert len(links.problems) == 1
    count, anchors = broken_anchors(site)
    assert count == 6
    assert sorted(anchors) == ["index.html: #gone", "index.html: sub/good.html#nowhere",
                               "sub/good.html: ../index.html#%D0%BD%D0%B5%D1%82"]
    # LinkChecker's own anchor check finds the same three
    found = [p for p in with_anchors.problems if "Anchor" in p]
    assert len(found) == 3 and all(any(a.split(": ", 1)[1] in p for p in found) for a in anchors), found


def test_no_broken_link_or_anchor_in_the_edition(edition, tmp_path):
    with StaticServer(edition.site) as server:
        report = check_links(server.url("index.html"), tmp_path)
        base = server.url()
    assert not report.problems, "\n".join(report.problems)
    # the crawl reached every page of the site (404.html is for the server, not linked)
    reached = {unquote(urlsplit(u).path).lstrip("/") for u in report.checked if u.startswith(base)}
    pages = {p.relative_to(edition.site).as_posix() for p in edition.site.rglob("*.html")}
    unreached = sorted(pages - reached - {"404.html"})
    assert not unreached, f"pages no link leads to: {unreached}"
    count, anchors = broken_anchors(edition.site)
    assert not anchors, anchors[:30]
    print(f"\nLinkChecker: {len(set(report.checked))} URLs, {len(pages)} pages; {count} anchors; no problem")
