"""The same sources in another shape: re-wrapped at other widths, and the Markdown source re-flowed as
raw PDF text. Nothing in the converter may depend on a line width or on Markdown markup being there."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SOURCES

ISSUE = "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"
MARKDOWN = "vestnik-enu-polsci-2025-no4-153-article-mediation.md"
HEADER = re.compile(r"ВЕСТНИК|ХАБАРШЫСЫ|ИЗВЕСТИЯ")


def rewrap(text: str, width: int) -> str:
    """Re-wrap runs of body lines at another width; title, label, heading and header lines stay lines."""
    lines = text.split("\n")
    lengths = sorted(len(ln) for ln in lines if ln.strip())
    typical = lengths[int(0.8 * len(lengths))]

    def prose(ln: str) -> bool:
        s = ln.strip()
        letters = [c for c in s if c.isalpha()]
        return (len(s) >= 0.6 * typical and bool(letters) and sum(c.isupper() for c in letters) < 0.5 * len(letters)
                and not HEADER.search(s))

    out, block = [], []

    def flush():
        if block:
            lead = " " if block[0].startswith(" ") else ""
            joined = ""
            for ln in block:
                ln = ln.strip()
                joined = joined + ln if joined.endswith("-") else (joined + " " + ln if joined else ln)
            wrapped = textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=False)
            if wrapped:
                wrapped[0] = lead + wrapped[0]
            out.extend(wrapped)
            block.clear()

    for ln in lines:
        if ln.strip() and prose(ln):
            block.append(ln)
        else:
            flush()
            out.append(ln)
    flush()
    return "\n".join(out)


def reflow_markdown(text: str, width: int = 95) -> str:
    """Markdown → raw PDF-like text: markup gone, paragraphs wrapped, no blank lines between them."""
    out = []
    for para in text.split("\n\n"):
        p = para.strip()
        if not p:
            continue
        p = re.sub(r"^#+\s*", "", p).replace("**", "")
        p = re.sub(r"<sup>(\d)</sup>", r"\1", p)
        p = re.sub(r"<(https?://[^>]+)>", r"\1", p).replace("\\*", "*").replace("\\_", "_")
        for line in p.split("\n"):
            out += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(out) + "\n"


def convert(folder: Path, out: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "convert", "build", "--sources", str(folder), "--site-dir",
                           str(out), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "articles.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", [70, 120])
def test_issue_rewrapped_splits_the_same(tmp_path, width):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / ISSUE).write_text(rewrap((SOURCES / ISSUE).read_text(encoding="utf-8"), width), encoding="utf-8")
    records = convert(folder, tmp_path / "site")
    assert len(records) == 13 and all(r["kind"] == "article" for r in records)
    assert sum(len(r["titles"]) for r in records) == 36  # 39 blocks, 3 without a title in the source
    assert all(len(r["keywords"]) >= 2 for r in records)


def test_markdown_article_reflowed_as_raw_text(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "article.txt").write_text(reflow_markdown((SOURCES / MARKDOWN).read_text(encoding="utf-8")),
                                        encoding="utf-8")
    (rec,) = convert(folder, tmp_path / "site")
    assert rec["titles"] == {
        "kk": "Этносаралық жанжалдарды реттеудің алдын алу саясатын іске асырудағы медиация институтының әлеуеті",
        "ru": "Потенциал института медиации в реализации превентивной политики урегулирования межэтнических "
              "конфликтов",
        "en": "The Potential of the Institution of Mediation in the Implementation of Preventive Policy for the "
              "Settlement of Interethnic Conflicts"}
    assert rec["sections"] == ["Введение", "Материалы и методы исследования", "Результаты и обсуждение",
                               "Заключение"]
    assert rec["counts"]["references"] == 7 and rec["counts"]["citations"] == 7
    assert [a["name"]["en"] for a in rec["authors"]] == ["A.K. Kumysbekov", "T.A. Dronzina", "A.A. Ayaganova"]
    assert rec["doi"] == "10.32523/2616-6887-2025-153-4-59-69"
    page = (tmp_path / "site" / rec["url"]).read_text(encoding="utf-8")
    assert page.count('class="citation"') == 7 and 'id="ref-7"' in page
    assert 'class="reference-translit" lang="en"' in page
