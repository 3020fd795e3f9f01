"""The readers' benchmark: PDF and Word reading speed on the realworld files, the PDF libraries the
converter's reader was chosen among, and the full build of the corpus plus the realworld files.

    .venv/bin/python bench/readers.py            # part of `make bench`; --no-append to skip RESULTS.md

PDF, per file and in all (CPU seconds of this process, so pages per CPU-second): the converter's reader
(`convert.read.pdf.read_pdf`: pypdfium2 with every character's position, size and weight), and the
candidates it was measured against — pypdfium2's plain text (no layout), pdfplumber's words with font
names and sizes, pdfminer.six's text, and pdftotext (poppler; a separate process, timed from outside),
each with the count of Kazakh letters it gives (the same count means none was lost). Word: the
converter's reader (`convert.read.docx.read_docx`, python-docx) per file, paragraphs per CPU-second.
Then `python -m convert build` on a copy of sources/ with the realworld PDFs and Word files added
(wall, CPU, peak memory; no conversion cache, then with a warm one). The realworld files are test
material: they are read from ../shared/realworld and never copied into the repository.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
REALWORLD = ROOT.parent / "shared" / "realworld"
WORK = ROOT / ".cache" / "bench-readers"
RESULTS = ROOT / "bench" / "RESULTS.md"
KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def cpu(fn):
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def kazakh(text: str) -> int:
    return sum(ch in KAZAKH for ch in text)


def reader(path: Path) -> str:
    from convert.read.pdf import read_pdf
    from convert.read.notes import ReadNotes

    return "\n".join(ln.text for ln in read_pdf(path, ReadNotes()))


def pdfium_plain(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def plumber_words(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return " ".join(w["text"] for page in pdf.pages for w in page.extract_words(extra_attrs=["fontname", "size"]))


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def pdftotext(path: Path) -> tuple[str, float]:
    start = os.times()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout
    end = os.times()
    return text, (end.children_user - start.children_user) + (end.children_system - start.children_system)


def pdf_figures(lines: list[str]) -> dict:
    import pypdfium2 as pdfium

    pdfs = sorted(REALWORLD.glob("*.pdf"))
    pages = {p: len(pdfium.PdfDocument(str(p))) for p in pdfs}
    candidates = {"converter's reader (pypdfium2 + layout)": reader, "pypdfium2 plain text": pdfium_plain,
                  "pdfplumber words + fonts": plumber_words, "pdfminer.six text": pdfminer_text}
    totals: dict[str, list[float]] = {}
    for name, fn in candidates.items():
        for p in pdfs:
            text, seconds = cpu(lambda: fn(p))
            totals.setdefault(name, [0.0, 0, 0])
            totals[name][0] += seconds
            totals[name][1] += pages[p]
            totals[name][2] += kazakh(text)
            say(lines, f"  {name:42} {p.name:58} {pages[p]:4} pages {seconds:7.2f} CPU-s "
                       f"{pages[p] / seconds:7.1f} pages/CPU-s  Kazakh letters {kazakh(text):,}")
    if shutil.which("pdftotext"):
        for p in pdfs:
            text, seconds = pdftotext(p)
            totals.setdefault("pdftotext (poppler, no layout facts)", [0.0, 0, 0])
            t = totals["pdftotext (poppler, no layout facts)"]
            t[0], t[1], t[2] = t[0] + seconds, t[1] + pages[p], t[2] + kazakh(text)
    say(lines, "")
    ours = totals["converter's reader (pypdfium2 + layout)"]
    for name, (seconds, n, kk) in totals.items():
        say(lines, f"  {name:42} {n:5} pages {seconds:7.2f} CPU-s {n / max(seconds, 1e-9):8.1f} pages/CPU-s "
                   f"(reader ÷ this: {ours[0] / max(seconds, 1e-9):5.2f}×)  Kazakh letters {kk:,}")
    return {"pages_per_cpu_s": ours[1] / ours[0]}


def docx_figures(lines: list[str]) -> dict:
    from convert.read.docx import read_docx
    from convert.read.notes import ReadNotes

    total_s, total_p = 0.0, 0
    for p in sorted(REALWORLD.glob("*.docx")):
        out, seconds = cpu(lambda: read_docx(p, ReadNotes()))
        paragraphs = sum(1 for ln in out if ln.text.strip())
        total_s, total_p = total_s + seconds, total_p + paragraphs
        say(lines, f"  Word reader (python-docx) {p.name:58} {paragraphs:5} lines {seconds:6.2f} CPU-s "
                   f"{paragraphs / seconds:8.0f} lines/CPU-s  {p.stat().st_size / 1e6 / seconds:5.2f} MB/CPU-s")
    say(lines, f"  Word reader in all: {total_p:,} lines in {total_s:.2f} CPU-s ({total_p / total_s:,.0f} lines/CPU-s)")
    return {}


def build_figures(lines: list[str]) -> dict:
    src = WORK / "sources"
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(ROOT / "sources", src)
    for p in sorted(REALWORLD.glob("*.pdf")) + sorted(REALWORLD.glob("*.docx")):
        (src / p.name).symlink_to(p)
    for label, extra in (("no cache", ["--no-cache"]), ("cache filled", []), ("cache warm", [])):
        cmd = [sys.executable, "-m", "convert", "build", "--sources", str(src), "--docs-dir", str(WORK / "docs"),
               "--site-dir", str(WORK / "site"), "--cache-dir", str(WORK / "cache"), *extra]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        say(lines, f"  corpus + realworld (9 + 8 sources), `convert build`, {label:12}: {wall:6.1f} s wall "
                   f"{usage.ru_utime + usage.ru_stime:6.1f} CPU-s peak {usage.ru_maxrss / 1024:6.0f} MiB"
                   + ("" if code == 0 else f"  EXIT {code}"))
    return {}


def say(lines: list[str], text: str) -> None:
    print(text, flush=True)
    lines.append(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    if not REALWORLD.is_dir():
        sys.exit(f"{REALWORLD} is not beside the clone: the readers' benchmark needs the realworld files")
    lines = [f"## Readers — {dt.date.today()} — {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}", "", "```"]
    say(lines, "PDF reading (realworld PDFs):")
    pdf_figures(lines)
    say(lines, "Word reading (realworld .docx):")
    docx_figures(lines)
    say(lines, "Full build:")
    build_figures(lines)
    lines.append("```")
    if not args.no_append:
        with open(RESULTS, "a", encoding="utf-8") as f:
            f.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
