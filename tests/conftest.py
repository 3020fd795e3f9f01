"""Shared fixtures: one real build of the bundled edition per test session."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
# EDITION_SOURCES points the suite at another copy of the sources (e.g. re-wrapped) to check robustness
SOURCES = Path(os.environ.get("EDITION_SOURCES", ROOT / "sources"))


class Edition:
    """The edition built from sources/: its docs, site, articles.json and report."""

    def __init__(self, docs: Path, site: Path, output: str):
        self.docs, self.site, self.output = docs, site, output
        self.report_dir = site.parent / "report"  # the editors' conversion report, beside the site
        self.articles = json.loads((site / "articles.json").read_text(encoding="utf-8"))
        self.report = json.loads((docs / "report" / "report.json").read_text(encoding="utf-8"))
        for rec in self.articles:
            rec["body_text"] = self.body_text(rec["url"])

    def page(self, url: str):
        return lxml_html.fromstring((self.site / url).read_bytes())

    def body_text(self, url: str) -> str:
        """The article's body text on its page: without front-matter tabs, header, references, back matter."""
        tree = self.page(url)
        content = tree.xpath('//article[contains(@class,"md-content__inner")]')[0]
        for cls in ("tabbed-set", "article-header", "cite-box", "article-references", "article-back", "article-end"):
            for el in content.xpath(f'.//div[contains(@class,"{cls}")]'):
                el.getparent().remove(el)
        blocks = content.xpath(".//p | .//li[not(.//p)] | .//h1 | .//h2 | .//h3 | .//h4 | .//pre | .//figcaption")
        return " ".join(" ".join(el.text_content().split()) for el in blocks)

    def of_source(self, name: str) -> list[dict]:
        return [r for r in self.articles if r["source"] == name]


def run_build(sources: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(sources),
                           "--docs-dir", str(out / "docs"), "--site-dir", str(out / "site"), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def edition(tmp_path_factory) -> Edition:
    out = tmp_path_factory.mktemp("edition")
    proc = run_build(SOURCES, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Edition(out / "docs", out / "site", proc.stdout + proc.stderr)
