"""The benchmark of issue 9: conversion throughput, cached re-conversion, site build time, memory and size.

    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 100,300,1000 --seed 1 --runs 3
    .venv/bin/python bench/run.py --quick        # sizes 24,48: a smoke test of the benchmark itself

Prints every figure as it is measured and appends them, with date and machine, to bench/RESULTS.md
(`--no-append` to skip). Work folders are under .cache/bench/ (gitignored) and are emptied first;
the repository's own sources/, docs/, site/ and bibliography/ are never written.

What runs (each command is a separate process, timed from outside: wall clock, the child's CPU
time and its peak resident memory from wait4):

1. corpus (a copy of sources/): `python -m convert convert` without cache (median of --runs), the
   converter's passes alone in one process (`pipeline.convert_source` per source, CPU time), then
   with an empty cache (fills it) and again with nothing changed (median of --runs); the docs of all
   three must be byte-identical.
2. per N in --sizes: the synthetic edition (bench/generate.py, seed --seed); conversion with an
   empty cache, the article count checked against N, a second conversion with nothing changed; for
   the largest N also without cache, and the three outputs compared byte for byte; then the full
   `python -m convert build` (cache warm, MkDocs strict with our hooks and overrides) and the same
   Markdown built by plain MkDocs + Material (our mkdocs.yml without hooks, overrides and extra CSS,
   nav from docs/nav.yml), and their ratio (issue 20: ≤ 1.0); the same build again, its rendered pages
   kept by content; sizes of site/, of article pages and of the search index (site/search/, the
   edition's own: Material's search is not used). For the largest N, one issue of 12 articles is then
   added and the edition rebuilt with its caches warm (ratio to the full build, target ≤ 0.25), and the
   site compared byte for byte with a build of the same sources from scratch (no cache at all).
   CPU time counts the worker processes; peak memory is that of the largest single process.
3. for the largest N, the edition's own search (issue 6: hooks/search.py, overrides/assets/kzsearch.js)
   in headless Chromium (Debian's, as the browser tests use it), served on 127.0.0.1 and from file://:
   SEARCH_QUERIES typed letter by letter (100 ms apart) and pasted whole into the search box, each in a
   fresh browser context (nothing cached), pasted both at once after the page's load event and after the
   page was idle for a second (what a reader who pastes does); the time from the last keystroke to the
   first results in the page (titles) and to the full results (snippets too), the bytes of search/
   files the query downloaded (served), and the size of site/search/.
4. the targets of issues 9 and 6, each met or missed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from generate import ARTICLES_PER_ISSUE, JOURNAL_ID, Material, generate  # noqa: E402
import yaml  # noqa: E402

WORK = ROOT / ".cache" / "bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
PY = sys.executable
MB = 1e6

TARGETS = {
    "throughput": 5.0,  # MB of source per second, one core
    "noop": 0.5,  # s, second conversion of the corpus with nothing changed
    "build_1000": 30.0,  # s, full site build at N = 1,000
    "peak_1000": 1024.0,  # MiB
    "page": 150 * 1024,  # bytes, an article page's HTML
    "search_ms": 200.0,  # ms from the last keystroke to the first results shown (issue 6)
    "search_bytes": 2 * MB,  # bytes of search/ files one query downloads
}


# -- running and measuring commands ----------------------------------------------------------------
@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    code: int


def run(cmd: list[str], log: Path, env: dict | None = None) -> Run:
    """One command, timed from outside; its output goes to `log` (appended)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(("\n$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def runs(cmd: list[str], log: Path, n: int, before=None) -> list[Run]:
    """n runs of cmd; `before()` (not timed) before each."""
    out = []
    for _ in range(n):
        if before:
            before()
        out.append(run(cmd, log))
    bad = [r.code for r in out if r.code != 0]
    if bad:
        raise SystemExit(f"benchmark: command failed (exit {bad[0]}), see {log}: {' '.join(cmd)}")
    return out


def med(rs: list[Run], attr: str = "wall") -> float:
    return statistics.median(getattr(r, attr) for r in rs)


def spread(rs: list[Run]) -> str:
    walls = [r.wall for r in rs]
    return f"{statistics.median(walls):.2f} s" + (f" (min {min(walls):.2f}, max {max(walls):.2f}, {len(walls)} runs)"
                                                   if len(walls) > 1 else "")


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def differing(a: Path, b: Path) -> int:
    ta, tb = tree(a), tree(b)
    return sum(1 for k in set(ta) | set(tb) if ta.get(k) != tb.get(k))


def identical(*paths: Path) -> bool:
    first = tree(paths[0])
    return bool(first) and all(tree(p) == first for p in paths[1:])


def snapshot(folder: Path) -> dict[str, bytes]:
    return tree(folder)


def restore(folder: Path, snap: dict[str, bytes]) -> None:
    """The folder exactly as in the snapshot: the converter writes state beside the sources (the article-id
    registry, generated BibTeX), and a comparison of two conversions must start both from the same state."""
    for p in sorted(folder.rglob("*"), reverse=True):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and rel not in snap:
            p.unlink()
        elif p.is_dir() and not any(k.startswith(rel + "/") for k in snap):
            shutil.rmtree(p, ignore_errors=True)
    for rel, data in snap.items():
        path = folder / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def convert_cmd(sources: Path, docs: Path, cache: Path | None) -> list[str]:
    cmd = [PY, "-m", "convert", "convert", "--sources", str(sources), "--docs-dir", str(docs)]
    return cmd + (["--cache-dir", str(cache)] if cache else ["--no-cache"])


def source_bytes(folder: Path) -> int:
    from convert.pipeline import list_sources

    return sum(p.stat().st_size for p in list_sources(folder))


PASSES_SNIPPET = """
import json, sys, time
from pathlib import Path
from convert.passes.catalog import load_catalog
from convert.model import Report
from convert.pipeline import convert_source, list_sources
src = Path(sys.argv[1]); report = Report(); catalog = load_catalog(src, report)
paths = list_sources(src)
profile = len(sys.argv) > 2
if profile:
    import cProfile, pstats
    prof = cProfile.Profile(); prof.enable()
t0, c0 = time.perf_counter(), time.process_time()
for p in paths:
    convert_source(p, catalog, report)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
if profile:
    prof.disable()
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
        if "/convert/" in file:
            rows.append((tt, ct, nc, file.split("/convert/")[-1], line, name))
    json.dump(sorted(rows, reverse=True)[:int(sys.argv[2])], open(sys.argv[3], "w"))
print(json.dumps({"wall": wall, "cpu": cpu, "bytes": sum(p.stat().st_size for p in paths)}))
"""


def passes_alone(sources: Path, log: Path, profile_rows: int = 0) -> dict:
    """The converter's passes in one process (no start-up, no rendering): CPU seconds for all sources."""
    out = log.with_suffix(".passes.json")
    cmd = [PY, "-c", PASSES_SNIPPET, str(sources)]
    if profile_rows:
        cmd += [str(profile_rows), str(log.with_suffix(".profile.json"))]
    with open(out, "w") as fh:
        subprocess.run(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.DEVNULL, check=True)
    data = json.loads(out.read_text().strip().splitlines()[-1])
    if profile_rows:
        data["profile"] = json.loads(log.with_suffix(".profile.json").read_text())
    return data


def furniture_false_positives(docs: Path) -> dict:
    """The generated text has no running titles and only the two running headers of generate.HEADERS:
    any other line the report says was removed as one is text lost."""
    from generate import HEADERS

    data = json.loads((docs / "report" / "report.json").read_text(encoding="utf-8"))
    heads = tuple(h.split("№")[0] for h in HEADERS.values())
    out = {"title": 0, "header": 0, "pages": 0}
    for e in data.get("entries", []):
        if e.get("kind") != "removed":
            continue
        msg, text = e.get("message", ""), e.get("text", "")
        if msg.startswith("running title"):
            out["title"] += 1
        elif msg.startswith("running header"):
            if text.startswith(heads):
                out["pages"] += 1
            else:
                out["header"] += 1
    return out


# -- sites -----------------------------------------------------------------------------------------
def plain_config(docs: Path, site: Path, path: Path) -> Path:
    """Our mkdocs.yml without hooks, overrides and extra CSS; the converter's nav.yml as `nav`."""
    import yaml

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    out, skip = [], False
    for line in text.splitlines():
        top = re.match(r"^([A-Za-z_]+):", line)
        if top:
            skip = top.group(1) in ("hooks", "extra_css", "docs_dir", "site_dir", "nav")
        if skip or re.match(r"^\s+custom_dir:", line):
            continue
        out.append(line)
    nav = yaml.safe_load((docs / "nav.yml").read_text(encoding="utf-8"))
    out += [f"docs_dir: {json.dumps(str(docs))}", f"site_dir: {json.dumps(str(site))}",
            yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False, width=1000)]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def site_sizes(site: Path, docs: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    records = json.loads((docs / "articles.json").read_text(encoding="utf-8"))
    pages = sorted(((site / r["url"]).stat().st_size, r["url"]) for r in records if (site / r["url"]).exists())
    search = [p for p in (site / "search").iterdir() if p.is_file()] if (site / "search").is_dir() else []
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "page_median": statistics.median(s for s, _ in pages) if pages else 0,
            "page_max": pages[-1][0] if pages else 0, "page_max_url": pages[-1][1] if pages else "",
            "search": sum(p.stat().st_size for p in search),
            "topics": len(list((site / "topics").glob("*.html"))) if (site / "topics").exists() else 0}


def page_parts(page: Path) -> dict:
    """Where an HTML page's bytes are: <head>, site navigation, table of contents, the article itself."""
    from lxml import html

    raw = page.read_bytes()
    tree_ = html.fromstring(raw)

    def size(xpath: str) -> int:
        return sum(len(html.tostring(e, encoding="unicode").encode()) for e in tree_.xpath(xpath))

    return {"total": len(raw), "head": size("//head"), "nav": size('//nav[contains(@class,"md-nav--primary")]'),
            "toc": size('//nav[contains(@class,"md-nav--secondary")]'), "article": size("//article")}


# -- the edition's search (issue 6) ----------------------------------------------------------------
# Ten queries in the three languages, in forms other than the texts' (the synthetic edition's sentences
# come from the corpus, so every one has results): cases, plurals, ё, two words.
SEARCH_QUERIES = ["медиацияға", "экстремизммен күрес", "мұғалімдерге", "көпбалалы отбасыларға", "учёных",
                  "многодетным семьям", "идентичностью учителей", "mediators", "large families", "career choices"]
# Ten cross-script queries (issue 21): names in Latin and Cyrillic, Kazakh in the 2021 Latin alphabet; each
# loads the stem shards and the script-neutral key shards of its words. "Kazakhstan" is the heaviest key.
CROSS_QUERIES = ["Tokayev", "Токаев", "Nazarbayev", "Назарбаев", "Qazaqstan", "Kazakhstan", "Almaty",
                 "ğylymi", "Astana", "şeşımder"]
# In the page: when the reader last typed (the input event's time) and every change of the results list
# (the first: the titles of the results; the last: their snippets filled in).
SEARCH_PROBE = """() => {
  const probe = window.__benchSearch = {key: 0, renders: []};
  document.addEventListener("input", (e) => { probe.key = e.timeStamp; }, true);
  new MutationObserver(() => { probe.renders.push(performance.now()); })
    .observe(document.querySelector(".kz-search-results"), {childList: true, subtree: true});
}"""
SEARCH_KEY_DELAY = 100  # ms between keystrokes: a reader typing at about 100 words a minute
OUR_INDEX_FILE = re.compile(r"(manifest|[sdt]-[^/]+)\.js$")
SEARCH_DONE = """() => { const p = window.__benchSearch, box = document.querySelector(".kz-search");
  return p.key > 0 && p.renders.some((t) => t >= p.key) && box.hasAttribute("data-ms"); }"""
SEARCH_READ = """() => { const p = window.__benchSearch, box = document.querySelector(".kz-search");
  return {ms: p.renders.find((t) => t >= p.key) - p.key, full_ms: Math.max(...p.renders) - p.key,
          client_ms: Number(box.getAttribute("data-ms")),
          results: box.querySelectorAll("li.kz-search-result").length}; }"""


def search_index_sizes(site: Path) -> dict:
    """site/search/ (hooks/search.py): bytes per kind of file."""
    folder = site / "search"
    kinds = {"s": "shards", "d": "doc tables", "t": "texts"}
    out = {"bytes": 0, "files": 0, **{k: [] for k in kinds.values()}, "manifest": 0}
    for f in folder.iterdir() if folder.is_dir() else []:
        size = f.stat().st_size
        out["bytes"] += size
        out["files"] += 1
        if f.name == "manifest.js":
            out["manifest"] = size
        elif f.name[:2] in ("s-", "d-", "t-"):
            out[kinds[f.name[0]]].append(size)
    return out


SEARCH_MODES = ("typed", "pasted", "pasted-idle")


def search_in_browser(site: Path, queries: list[str]) -> dict:
    """Each query put into the search box of the home page in a fresh context (empty cache), served and from
    file://: typed letter by letter; pasted whole at once after the page's load event (nothing of the index
    loaded yet: the worst case); pasted whole after the page was idle for a second (the client loads the
    index's manifest when idle, as for a reader who pastes). Per query: ms from the last keystroke to the
    first change of the results list (the titles) and to the last (snippets filled in), the client's own
    data-ms, the number of results, and (served) the bytes and requests of the index's files in search/."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, StaticServer, launch_chromium
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} is missing (make chromium)"}
    out = {"load": os.getloadavg()[0]}
    with sync_playwright() as pw, StaticServer(site) as server:
        browser = launch_chromium(pw)
        for kind, base in (("served", server.url()), ("file", site.resolve().as_uri() + "/")):
            for mode in SEARCH_MODES:
                out[kind, mode] = []
                for q in queries:
                    context = browser.new_context()
                    context.set_default_timeout(30_000)
                    got = {"bytes": 0, "requests": 0}

                    def finished(request, got=got, prefix=base + "search/"):
                        if request.url.startswith(prefix) and OUR_INDEX_FILE.match(request.url[len(prefix):]):
                            sizes = request.sizes()
                            got["requests"] += 1
                            got["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

                    context.on("requestfinished", finished)
                    page = context.new_page()
                    page.goto(base + "index.html")
                    page.wait_for_load_state("load")
                    page.evaluate(SEARCH_PROBE)
                    box = page.locator(".kz-search-input").first
                    if mode == "typed":
                        box.press_sequentially(q, delay=SEARCH_KEY_DELAY)
                    else:
                        if mode == "pasted-idle":
                            page.wait_for_timeout(1000)
                        box.fill(q)  # one input event with the whole query
                    page.wait_for_function(SEARCH_DONE)
                    page.wait_for_timeout(300)  # the files of the results are in; let their events arrive
                    row = {"q": q, **page.evaluate(SEARCH_READ)}
                    if kind == "served":
                        row.update(got)
                    out[kind, mode].append(row)
                    context.close()
        browser.close()
    return out


# -- the benchmark ---------------------------------------------------------------------------------
class Bench:
    def __init__(self, args):
        self.args = args
        self.rows: list[tuple[str, str, str]] = []  # (figure, value, target verdict)
        self.facts: dict = {}

    def say(self, figure: str, value: str, target: str = "") -> None:
        self.rows.append((figure, value, target))
        print(f"  {figure}: {value}" + (f"  [{target}]" if target else ""), flush=True)

    @staticmethod
    def verdict(ok: bool, what: str) -> str:
        return ("met: " if ok else "MISSED: ") + what

    def corpus(self) -> None:
        a = self.args
        print("\n== corpus (sources/) ==", flush=True)
        base = WORK / "corpus"
        src = base / "sources"
        shutil.copytree(ROOT / "sources", src)  # a copy: the converter may write bibliography/ beside it
        size = source_bytes(src)
        log = base / "log.txt"
        snap = snapshot(src)

        def reset() -> None:
            restore(src, snap)

        nocache = runs(convert_cmd(src, base / "docs-nocache", None), log, a.runs, before=reset)
        mbps_wall = size / MB / med(nocache)
        mbps_cpu = size / MB / med(nocache, "cpu")
        from convert.pipeline import list_sources

        self.say("corpus source text", f"{size / MB:.2f} MB in {len(list_sources(src))} files")
        self.say("corpus conversion, whole command, no cache", f"{spread(nocache)}, CPU {med(nocache, 'cpu'):.2f} s, "
                 f"peak {max(r.peak_mib for r in nocache):.0f} MiB → {mbps_wall:.2f} MB/s wall, "
                 f"{mbps_cpu:.2f} MB/s per CPU-second", self.verdict(mbps_cpu >= TARGETS["throughput"], "≥ 5 MB/s"))
        passes = passes_alone(src, log)  # timed without the profiler, whose overhead is large here
        self.say("corpus conversion, converter passes alone (one process, no start-up, no rendering)",
                 f"{passes['cpu']:.2f} s CPU → {passes['bytes'] / MB / passes['cpu']:.2f} MB/s")
        self.facts["corpus_passes_mbps"] = passes["bytes"] / MB / passes["cpu"]
        if a.profile:
            profiled = passes_alone(src, log, a.profile)
            print("  hot spots of the converter, profiled (tottime, cumtime, calls, where):")
            for tt, ct, nc, file, line, name in profiled["profile"]:
                print(f"    {tt:6.2f} {ct:6.2f} {nc:9d}  convert/{file}:{line} {name}")
            self.facts["profile"] = profiled["profile"]
        cache = base / "cache"
        cold = runs(convert_cmd(src, base / "docs-cold", cache), log, 1, before=reset)
        warm = runs(convert_cmd(src, base / "docs-warm", cache), log, max(a.runs, 3))  # as the first run left it
        runs(convert_cmd(src, base / "docs-hit", cache), log, 1, before=reset)
        self.say("corpus conversion, empty cache (converts and stores)", spread(cold))
        self.say("corpus second conversion, nothing changed (cache)", f"{spread(warm)}, CPU {med(warm, 'cpu'):.2f} s, peak "
                 f"{max(r.peak_mib for r in warm):.0f} MiB", self.verdict(med(warm) <= TARGETS["noop"], "≤ 0.5 s"))
        same = identical(base / "docs-nocache", base / "docs-cold", base / "docs-hit")
        self.say("corpus output cached vs uncached (same sources folder state)", "byte-identical" if same
                 else "DIFFERENT", self.verdict(same, "identical"))
        stable = identical(base / "docs-cold", base / "docs-warm")
        self.say("corpus second conversion's output vs the first's", "byte-identical" if stable else
                 f"DIFFERENT in {differing(base / 'docs-cold', base / 'docs-warm')} files")
        self.facts.update(corpus_mbps=mbps_cpu, corpus_noop=med(warm), corpus_identical=same)

    def edition(self, n: int, material: Material, largest: bool) -> dict:
        a = self.args
        print(f"\n== synthetic edition, N = {n} ==", flush=True)
        base = WORK / f"n{n}"
        src = base / "sources"
        t0 = time.perf_counter()
        summary = generate(n, a.seed, src, material=material)
        gen_s = time.perf_counter() - t0
        size = source_bytes(src)
        self.say(f"N={n} source text", f"{size / MB:.1f} MB in {summary['issues']} issue files "
                 f"({size / n / 1000:.0f} KB an article; generated in {gen_s:.1f} s)")
        log = base / "log.txt"
        cache = base / "cache"
        os.environ["EDITION_PAGE_CACHE"] = str(base / "pages")  # rendered pages of this edition only, cold at first
        snap = snapshot(src)

        def reset() -> None:
            restore(src, snap)

        cold = runs(convert_cmd(src, base / "docs-cold", cache), log, 1, before=reset)
        mbps = size / MB / med(cold, "cpu")
        self.say(f"N={n} conversion, empty cache", f"{spread(cold)}, CPU {med(cold, 'cpu'):.1f} s, peak "
                 f"{cold[0].peak_mib:.0f} MiB → {mbps:.2f} MB/s per CPU-second, "
                 f"{size / MB / med(cold):.2f} MB/s per wall second",
                 self.verdict(mbps >= TARGETS["throughput"], "≥ 5 MB/s") if largest else "")
        records = json.loads((base / "docs-cold" / "articles.json").read_text(encoding="utf-8"))
        per_file = {f["name"]: f["articles"] for f in summary["files"]}
        got = {}
        for r in records:
            got[r["source"]] = got.get(r["source"], 0) + 1
        wrong = sorted(name for name in per_file if got.get(name, 0) != per_file[name])
        articles = sum(1 for r in records if r["kind"] == "article")
        self.say(f"N={n} articles found by the converter", f"{articles} articles, {len(records)} pieces in all; "
                 f"{len(per_file) - len(wrong)} of {len(per_file)} issues split into their articles"
                 + (f" (wrong: {', '.join(wrong[:3])})" if wrong else ""),
                 self.verdict(articles == n and len(records) == n and not wrong, f"= {n}"))
        lost = furniture_false_positives(base / "docs-cold")
        self.say(f"N={n} text lines the converter removed as page furniture although they are not",
                 f"{lost['title']} as running titles, {lost['header']} as running headers "
                 f"(of {lost['pages']} page breaks)")
        warm = runs(convert_cmd(src, base / "docs-warm", cache), log, 1 if n >= 1000 else max(a.runs, 2))
        self.say(f"N={n} second conversion, nothing changed", f"{spread(warm)}, CPU {med(warm, 'cpu'):.1f} s, peak "
                 f"{warm[0].peak_mib:.0f} MiB")
        stable = identical(base / "docs-cold", base / "docs-warm")
        self.say(f"N={n} second conversion's output vs the first's", "byte-identical" if stable else
                 f"DIFFERENT in {differing(base / 'docs-cold', base / 'docs-warm')} files")
        result = {"n": n, "bytes": size, "convert_cold": med(cold), "convert_cpu": med(cold, "cpu"), "mbps": mbps,
                  "convert_warm": med(warm), "convert_warm_cpu": med(warm, "cpu"), "articles": articles,
                  "wrong_issues": len(wrong)}
        if largest:
            nocache = runs(convert_cmd(src, base / "docs-nocache", None), log, 1, before=reset)
            runs(convert_cmd(src, base / "docs-hit", cache), log, 1, before=reset)
            same = identical(base / "docs-nocache", base / "docs-cold", base / "docs-hit")
            self.say(f"N={n} conversion, no cache", f"{spread(nocache)}, CPU {med(nocache, 'cpu'):.1f} s → "
                     f"{size / MB / med(nocache, 'cpu'):.2f} MB/s per CPU-second")
            self.say(f"N={n} output cached vs uncached (same sources folder state)",
                     "byte-identical" if same else "DIFFERENT",
                     self.verdict(same, "identical"))
            result["identical"] = same
        # the full build: conversion (cache warm) + MkDocs with our hooks and overrides, strict
        docs, site = base / "docs", base / "site"
        build = runs([PY, "-m", "convert", "build", "--sources", str(src), "--docs-dir", str(docs), "--site-dir",
                      str(site), "--cache-dir", str(cache)], log, 1)
        sizes = site_sizes(site, docs)
        tgt = ""
        if n == 1000:
            tgt = self.verdict(med(build) <= TARGETS["build_1000"] and build[0].peak_mib <= TARGETS["peak_1000"],
                               "≤ 30 s, ≤ 1 GiB")
        self.say(f"N={n} full site build (convert, cache warm + MkDocs)", f"{spread(build)}, CPU "
                 f"{med(build, 'cpu'):.1f} s, peak {build[0].peak_mib:.0f} MiB; {med(build) / n * 1000:.0f} ms "
                 f"an article", tgt)
        self.say(f"N={n} site/", f"{sizes['bytes'] / MB:.0f} MB in {sizes['files']} files ({sizes['topics']} topic "
                 f"pages); search index {sizes['search'] / MB:.1f} MB")
        self.say(f"N={n} article page HTML", f"median {sizes['page_median'] / 1024:.0f} KB, largest "
                 f"{sizes['page_max'] / 1024:.0f} KB", self.verdict(sizes["page_max"] <= TARGETS["page"],
                                                                      "≤ 150 KB"))
        parts = page_parts(site / sizes["page_max_url"])
        self.say(f"N={n} largest article page, parts", ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in parts.items()))
        # the same Markdown, plain MkDocs + Material
        cfg = plain_config(docs, base / "site-plain", base / "mkdocs-plain.yml")
        plain = run([PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], log)
        if plain.code == 0:
            psizes = site_sizes(base / "site-plain", docs)
            self.say(f"N={n} plain MkDocs + Material, same Markdown", f"{plain.wall:.2f} s, CPU {plain.cpu:.1f} s, "
                     f"peak {plain.peak_mib:.0f} MiB; site {psizes['bytes'] / MB:.0f} MB, article page median "
                     f"{psizes['page_median'] / 1024:.0f} KB")
        else:
            self.say(f"N={n} plain MkDocs + Material", f"failed (exit {plain.code}, see {log})")
        result.update(build=med(build), build_cpu=med(build, "cpu"), peak=build[0].peak_mib, site=sizes,
                      plain=plain.wall if plain.code == 0 else None, plain_peak=plain.peak_mib, parts=parts)
        if plain.code == 0:
            # the site build alone, its Markdown converted already: our MkDocs build against plain MkDocs
            alone = run([PY, "-m", "convert", "build", "--sources", str(src), "--docs-dir", str(docs), "--site-dir",
                         str(base / "site-again"), "--cache-dir", str(cache)], log)
            ratio = med(build) / plain.wall
            self.say(f"N={n} full build (conversion cache warm, no page rendered before) ÷ plain MkDocs + "
                     "Material, same pages", f"{med(build):.1f} s ÷ {plain.wall:.1f} s = {ratio:.2f} (CPU "
                     f"{med(build, 'cpu'):.1f} ÷ {plain.cpu:.1f} s = {med(build, 'cpu') / plain.cpu:.2f})",
                     self.verdict(ratio <= 1.0, "≤ 1.0") if largest else "")
            self.say(f"N={n} the same build again (pages kept by content) ÷ plain MkDocs + Material",
                     f"{alone.wall:.1f} s ÷ {plain.wall:.1f} s = {alone.wall / plain.wall:.2f} (CPU {alone.cpu:.1f} "
                     f"÷ {plain.cpu:.1f} s)")
            result.update(build_again=alone.wall, plain_ratio=ratio)
        if largest:
            result["added_issue"] = self.added_issue(n, base, src, cache, build)
            result["search"] = self.search(n, site)
        return result

    def added_issue(self, n: int, base: Path, src: Path, cache: Path, full: list[Run]) -> dict:
        """One more issue of 12 articles added to the edition built last: its rebuild (caches warm) against
        the full build, and its site against a build of the same sources from scratch (no cache)."""
        extra = base / "extra"
        summary = generate(ARTICLES_PER_ISSUE, self.args.seed + 1, extra, material=None)
        new = Path(summary["files"][0]["name"])
        catalog = yaml.safe_load((src / "catalog.yml").read_text(encoding="utf-8"))
        last = max(e["volume"] for e in catalog["sources"].values())
        year = max(e["year"] for e in catalog["sources"].values()) + 1
        name = f"{JOURNAL_ID}-{year}-no1-{last + 1}-issue.txt"
        shutil.copyfile(extra / new, src / name)
        catalog["sources"][name] = {"journal": JOURNAL_ID, "number": 1, "volume": last + 1, "year": year}
        (src / "catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=True, width=1000),
                                         encoding="utf-8")
        log = base / "log.txt"
        docs, site = base / "docs", base / "site"
        again = runs([PY, "-m", "convert", "build", "--sources", str(src), "--docs-dir", str(docs), "--site-dir",
                      str(site), "--cache-dir", str(cache)], log, 1)
        ratio = med(again) / med(full)
        self.say(f"N={n} one issue (12 articles) added, rebuilt (caches warm)",
                 f"{spread(again)}, CPU {med(again, 'cpu'):.1f} s; ÷ full build {med(full):.1f} s = {ratio:.2f}",
                 self.verdict(ratio <= 0.25, "≤ 0.25"))
        scratch_src = base / "scratch-sources"
        shutil.copytree(src, scratch_src)
        env = dict(os.environ, EDITION_PAGE_CACHE="off")
        scratch = run([PY, "-m", "convert", "build", "--sources", str(scratch_src), "--docs-dir",
                       str(base / "docs-scratch"), "--site-dir", str(base / "site-scratch"), "--no-cache"], log, env)
        same = scratch.code == 0 and identical(site, base / "site-scratch") and identical(docs, base / "docs-scratch")
        self.say(f"N={n} site after the added issue vs a build of the same sources from scratch",
                 "byte-identical" if same else f"DIFFERENT in {differing(site, base / 'site-scratch')} site files",
                 self.verdict(same, "identical"))
        return {"rebuild": med(again), "rebuild_cpu": med(again, "cpu"), "ratio": ratio, "identical": same,
                "scratch": scratch.wall}

    def search_only(self, n: int, material: Material) -> dict:
        """--search-only: the synthetic edition of N articles generated and built once, then searched."""
        print(f"\n== synthetic edition, N = {n}, search only ==", flush=True)
        base = WORK / f"n{n}"
        generate(n, self.args.seed, base / "sources", material=material)
        docs, site = base / "docs", base / "site"
        build = run([PY, "-m", "convert", "build", "--sources", str(base / "sources"), "--docs-dir", str(docs),
                     "--site-dir", str(site), "--cache-dir", str(base / "cache")], base / "log.txt")
        if build.code != 0:
            raise SystemExit(f"the build failed (exit {build.code}, see {base / 'log.txt'})")
        self.say(f"N={n} full site build (convert, empty cache + MkDocs)", f"{build.wall:.1f} s, CPU {build.cpu:.1f} s, "
                 f"peak {build.peak_mib:.0f} MiB")
        return {"n": n, "search": self.search(n, site)}

    def search(self, n: int, site: Path) -> dict:
        """The edition's own search on the built site: index size, latency and bytes per query (issue 6)."""
        idx = search_index_sizes(site)
        shards, texts = sorted(idx["shards"]), sorted(idx["texts"])
        self.say(f"N={n} search index (site/search/, hooks/search.py)",
                 f"{idx['bytes'] / MB:.1f} MB in {idx['files']} files: {len(shards)} stem shards "
                 f"(median {statistics.median(shards or [0]) / 1024:.0f} KB, largest {max(shards or [0]) / 1024:.0f} KB), "
                 f"{len(idx['doc tables'])} doc tables, {len(texts)} text parts (largest {max(texts or [0]) / 1024:.0f} KB), "
                 f"manifest {idx['manifest'] / 1024:.0f} KB")
        found = search_in_browser(site, SEARCH_QUERIES)
        if "skipped" in found:
            self.say(f"N={n} search in the browser", "skipped: " + found["skipped"])
            return {"index": idx, **found}
        self.search_figures(n, found, "")
        cross = search_in_browser(site, CROSS_QUERIES)
        self.search_figures(n, cross, ", cross-script queries")
        found = {"load": found["load"], **{f"{k}-{m}": v for (k, m), v in
                                           ((key, val) for key, val in found.items() if key != "load")}}
        found.update({f"cross-{k}-{m}": v for (k, m), v in ((key, val) for key, val in cross.items() if key != "load")})
        self.facts["search"] = found
        return {"index": idx, **found}

    def search_figures(self, n: int, found: dict, which: str) -> None:
        how = {"typed": f"typed letter by letter, {SEARCH_KEY_DELAY} ms apart",
               "pasted": "pasted whole right after the page's load event",
               "pasted-idle": "pasted whole after a second on the page"}
        for mode in SEARCH_MODES:
            for kind in ("served", "file"):
                rows = found[kind, mode]
                ms = [r["ms"] for r in rows]
                full = [r["full_ms"] for r in rows]
                empty = [r["q"] for r in rows if not r["results"]]
                slowest = max(rows, key=lambda r: r["ms"])
                self.say(f"N={n} search{which}, last keystroke → first results (titles), {kind}, {len(rows)} queries "
                         f"{how[mode]} (nothing cached)",
                         f"median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms ({slowest['q']}); with "
                         f"snippets median {statistics.median(full):.0f} ms, max {max(full):.0f} ms; load average "
                         f"{found['load']:.1f} on {os.cpu_count()} cores"
                         + (f"; NO RESULTS for {', '.join(empty)}" if empty else ""),
                         self.verdict(max(ms) <= TARGETS["search_ms"], "≤ 200 ms"))
            rows = found["served", mode]
            heaviest = max(rows, key=lambda r: r["bytes"])
            self.say(f"N={n} search{which}, bytes of search/ downloaded for one query, served, {how[mode]}",
                     f"median {statistics.median(r['bytes'] for r in rows) / MB:.2f} MB in "
                     f"{statistics.median(r['requests'] for r in rows):.0f} files, max {heaviest['bytes'] / MB:.2f} MB "
                     f"({heaviest['q']}, {heaviest['requests']} files)",
                     self.verdict(heaviest["bytes"] <= TARGETS["search_bytes"], "≤ 2 MB"))

    def growth(self, results: list[dict]) -> None:
        if len(results) < 2:
            return
        print("\n== growth ==", flush=True)
        lo, hi = results[0], results[-1]
        k = hi["n"] / lo["n"]
        # CPU time: on a shared machine the wall clock of a long build says more about the neighbours
        cpu = hi["build_cpu"] / lo["build_cpu"]
        self.say(f"growth N={lo['n']} → N={hi['n']} (×{k:.0f} articles)",
                 f"build CPU time ×{cpu:.1f} (wall ×{hi['build'] / lo['build']:.1f}), peak memory "
                 f"×{hi['peak'] / lo['peak']:.1f}, "
                 f"site ×{hi['site']['bytes'] / lo['site']['bytes']:.1f}, search index "
                 f"×{hi['site']['search'] / max(lo['site']['search'], 1):.1f}, page median "
                 f"×{hi['site']['page_median'] / lo['site']['page_median']:.2f}",
                 self.verdict(cpu <= 1.3 * k, "linear (CPU ≤ 1.3 × the article ratio)"))


def machine() -> str:
    cpu = ""
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), "")
        mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                   if ln.startswith("MemTotal")) / 1024 / 1024
    except (OSError, StopIteration):
        mem = 0
    return (f"{platform.node() or 'unknown host'}: {os.cpu_count()} cores{', ' + cpu if cpu else ''}, "
            f"{mem:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}")


def commit() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "convert", "mkdocs.yml", "hooks", "overrides",
                                "bench"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return rev + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"


def append_results(bench: Bench, argv: list[str], started: dt.datetime, seconds: float) -> None:
    lines = [f"\n### {started:%Y-%m-%d %H:%M} UTC — {machine()}\n",
             f"Commit {commit()}; `{' '.join(['bench/run.py'] + argv) }`; the benchmark took {seconds / 60:.1f} min.\n",
             "| figure | value | target |", "|---|---|---|"]
    lines += [f"| {f} | {v} | {t} |".replace("\n", " ") for f, v, t in bench.rows]
    new = not RESULTS.exists() or RESULTS.stat().st_size == 0
    with open(RESULTS, "a", encoding="utf-8") as fh:
        if new:
            fh.write("# Benchmark results\n\nAppended by `make bench` (bench/run.py); see bench/README.md.\n\n## Runs\n")
        fh.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description="Benchmark of conversion and site build (issue 9).")
    ap.add_argument("--sizes", default="100,300,1000", help="synthetic edition sizes (articles), comma-separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="runs of the quick commands (the median is reported)")
    ap.add_argument("--quick", action="store_true", help="sizes 24,48 and one run: checks the benchmark works")
    ap.add_argument("--profile", type=int, default=0, metavar="ROWS",
                    help="profile the corpus conversion and print its ROWS hottest converter functions")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    ap.add_argument("--search-only", action="store_true",
                    help="only the search figures: the largest N generated, built once, searched (no corpus, no "
                         "conversion figures, no plain MkDocs)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = "24,48", 1
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    print(f"benchmark {started:%Y-%m-%d %H:%M} UTC on {machine()}; commit {commit()}", flush=True)
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    # Byte-compile our code once, as Python does on first import unless PYTHONDONTWRITEBYTECODE is set
    # (it is, on this machine): otherwise every measured command would compile convert/ and hooks/ again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "convert"), str(ROOT / "hooks")], check=True)
    bench = Bench(args)
    if not args.skip_corpus and not args.search_only:
        bench.corpus()
    material = Material.from_corpus()
    if args.search_only:
        results = [bench.search_only(sizes[-1], material)]
    else:
        results = [bench.edition(n, material, largest=(n == sizes[-1])) for n in sizes]
        bench.growth(results)
    seconds = time.perf_counter() - t0
    (WORK / "results.json").write_text(json.dumps({"rows": bench.rows, "facts": bench.facts, "editions": results},
                                                  ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if not args.no_append:
        append_results(bench, argv, started, seconds)
        print(f"\nappended to {RESULTS.relative_to(ROOT)}; details in {(WORK / 'results.json').relative_to(ROOT)}")
    missed = [r for r in bench.rows if r[2].startswith("MISSED")]
    print(f"{len(missed)} targets missed" + (": " + "; ".join(f"{f} ({t[8:]})" for f, _, t in missed) if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
