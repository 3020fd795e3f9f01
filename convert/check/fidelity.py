"""The fidelity check: per article, the words of its source against the words on its rendered page.

No sentence may vanish unnoticed. For every article (and fragment) the multiset of its
source's words — the lines `first_line`‥`last_line`, less the lines removed as page furniture (each
listed under "Removed" in the report), after the character fixes of `textfix.fix_line` — is compared
with the words of its page as HTML: the page's Markdown rendered by Python-Markdown with the
extensions and hooks of `mkdocs.yml`, as the site build renders it. The edition's own words are left
out of the page (the "Cite this article" box, the source line, tab labels, the flags and warnings it
prints, the title repeated as the page heading, the authors repeated in the page header); the numbers
of an ordered list count, because the browser shows them.

Per article: the share of source words on the page (`kept`), the missing words and the duplicated
words (more often on the page than in the source), and every paragraph that is on the page more
often than in the source ("paragraph twice"). Per source: the same over all its pages, so text that
fell between two articles is caught. Below `TARGET`, or with a paragraph twice, the report gets a
doubt and the build warns. Words are `\\w+`, case-folded.

Known remainder: labels the edition prints in its own words ("Key words:" shown as "Keywords:").

Rendering costs about as much as converting; results are cached per page (by the page's Markdown,
the source words, this module, mkdocs.yml and the hooks), so a build with nothing changed renders
nothing."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
import functools
from pathlib import Path
import hashlib

from convert.cache import PageStore
from convert.check.compare import SourceWords, compare
from convert.check.page import ROOT, Renderer, page_analysis, words_of
from convert.model import Report, SourceDoc
from convert.workers import forked_map, worker_count


TARGET = 0.995


# -- cache -----------------------------------------------------------------------------------------
def dependencies() -> list[Path]:
    """What a page's analysis depends on besides its Markdown: this package, mkdocs.yml, the site's rewrite."""
    here = Path(__file__).parent
    return sorted(here.glob("*.py")) + [ROOT / "mkdocs.yml", here.parent / "render" / "site_markdown.py"]


# -- the check -------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _words_list(pairs: list) -> str:
    return ", ".join(f"{w}×{n}" if n > 1 else w for w, n in pairs)


def source_key(cache: PageStore, doc: SourceDoc, docs_dir: Path) -> str | None:
    """What one source's fidelity depends on: its lines (text, removed or not), its articles' and journal
    matter's line spans, and the Markdown of their pages; None when a page is missing (checked afresh)."""
    h = hashlib.sha256((cache.version + "\n" + doc.name + "\n").encode("utf-8", "surrogatepass"))
    for ln in doc.lines:
        h.update(f"{ln.no}\t{'R' if ln.removed else ''}\t{ln.text}\n".encode("utf-8", "surrogatepass"))
    pages = []
    for art in doc.articles:
        h.update(f"A\t{art.ordinal}\t{art.url}\t{art.kind}\t{art.first_line}\t{art.last_line}\n".encode())
        pages.append(docs_dir / art.url.replace(".html", ".md") if art.url else None)
    for m in doc.matter:
        h.update(f"M\t{m.what}\t{m.published}\t{m.first_line}\t{m.last_line}\n".encode())
        if m.published:
            pages.append(docs_dir / str(doc.issue.journal_id) / str(doc.issue.issue_id) / f"{m.what}.md")
    for path in pages:
        if path is None or not path.exists():
            return None
        h.update(path.read_bytes() + b"\0")
    return "source-" + h.hexdigest()


def check_edition(docs_dir: Path, docs: list[SourceDoc], report: Report, cache_dir: Path | None = None) -> dict:
    """The fidelity of every article page under docs_dir; adds doubts to `report`; returns the data for
    the conversion report (report.json "fidelity"). Sources are checked apart from each other, by forked
    workers (a page not checked before is rendered: a thousand of them are half a minute on one core)."""
    cache = PageStore(cache_dir / "fidelity" if cache_dir is not None else None, dependencies())
    check_nth = functools.partial(_check_nth, docs_dir, docs, cache, Renderer(docs_dir))
    articles, sources = [], []
    workers = worker_count(len(docs) // SOURCES_PER_WORKER)
    for doc_articles, doc_sources, entries, used in forked_map(check_nth, list(range(len(docs))), workers):
        articles += doc_articles
        sources += doc_sources
        report.entries += entries
        cache.take(used)
    cache.prune()
    kept = [a["kept"] for a in articles]
    summary = {"target": TARGET, "articles": len(articles),
               "min": min(kept) if kept else None, "mean": round(sum(kept) / len(kept), 6) if kept else None,
               "below_target": sum(1 for k in kept if k < TARGET),
               "paragraphs_twice": sum(len(a["paragraphs_twice"]) for a in articles)}
    return {"summary": summary, "articles": articles, "sources": sources}


SOURCES_PER_WORKER = 4  # fewer are not worth a fork


def _check_nth(docs_dir: Path, docs: list[SourceDoc], store: PageStore, renderer: Renderer, n: int) -> tuple:
    """Source n's check: its articles' figures, its own, its report entries, and what it used of the page
    store (an `apart` of it, so that a worker's use comes back to the caller's store)."""
    doc, cache = docs[n], store.apart()

    def analysed(path: Path) -> dict:
        """A page's words and paragraphs as the reader sees them (cached by the page's Markdown)."""
        md = path.read_text(encoding="utf-8")
        key = cache.key(md)
        analysis = cache.get(key)
        if analysis is None:
            analysis = page_analysis(renderer.html(md))
            cache.put(key, analysis)
        return analysis

    # a source whose kept lines, article spans and pages are those of the run before has the same
    # result: replayed from the cache with the report entries it made (a rebuild with nothing changed)
    key = source_key(cache, doc, docs_dir)
    done = cache.load(key) if key else None
    if isinstance(done, dict) and {"articles", "sources", "entries"} <= set(done):
        return done["articles"], done["sources"], done["entries"], cache
    report = Report()
    doc_articles, doc_sources = check_source(doc, docs_dir, analysed, report)
    if key:
        cache.put(key, {"articles": doc_articles, "sources": doc_sources, "entries": report.entries})
    return doc_articles, doc_sources, report.entries, cache


def check_source(doc: SourceDoc, docs_dir: Path, analysed, report: Report) -> tuple[list[dict], list[dict]]:
    """Each article's page against its source lines; then the whole source against all its pages."""
    articles, sources = [], []
    sw = SourceWords(doc)
    all_src: list[str] = []
    all_page: Counter = Counter()
    all_paras: list[str] = []
    doc_removed = 0
    for art in doc.articles:
        path = docs_dir / art.url.replace(".html", ".md") if art.url else None
        if path is None or not path.exists():
            report.add(doc.name, "error", f"fidelity check: the page of article {art.ordinal} ({art.url or 'no URL'}) "
                       "was not written; its text is on no page", article=art.ordinal, code="fidelity.page_missing")
            continue
        analysis = analysed(path)
        src_words, removed = sw.span(art.first_line, art.last_line)
        page = Counter(analysis["words"])
        entry = {"source": doc.name, "ordinal": art.ordinal, "url": art.url, "kind": art.kind,
                 "lines": [art.first_line, art.last_line], "removed_lines": removed,
                 **compare(src_words, page, analysis["paragraphs"])}
        articles.append(entry)
        all_src += src_words
        all_page.update(page)
        all_paras += analysis["paragraphs"]
        doc_removed += removed
        _warn(report, doc.name, art.ordinal, entry)
    # the whole source over all its pages: what fell between articles (matter pages count too)
    for m in doc.matter:
        path = docs_dir / str(doc.issue.journal_id) / str(doc.issue.issue_id) / f"{m.what}.md"
        if m.published and path.exists():
            all_page.update(analysed(path)["words"])
    covered = sorted([(a.first_line, a.last_line) for a in doc.articles]
                     + [(m.first_line, m.last_line) for m in doc.matter])
    between = _between(sw, covered)
    if doc.articles:
        whole = compare(all_src + between, all_page, all_paras)
        sources.append({"source": doc.name, "articles": len(doc.articles), "removed_lines": doc_removed,
                        "between_articles": len(between), **{k: whole[k] for k in
                        ("words", "kept", "missing_count", "missing", "duplicated_count", "paragraphs_twice")}})
        if between and whole["missing_count"]:
            report.add(doc.name, "doubt", f"fidelity: {len(between)} words of this source lie outside every "
                       f"article and journal-matter page; missing from the pages: {_words_list(whole['missing'][:10])}",
                       code="fidelity.between_articles")
    return articles, sources


def _between(sw: SourceWords, covered: list[tuple[int, int]]) -> list[str]:
    """Words of kept lines that no article or matter page covers."""
    merged: list[list[int]] = []
    for a, b in sorted(covered):
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    texts: list[str] = []
    for ln in sw.lines:
        i = bisect_right(starts, ln.no) - 1
        if not (i >= 0 and merged[i][1] >= ln.no) and not ln.removed and ln.text.strip():
            texts.append(ln.text.strip())
    return words_of("\n".join(texts))


def _warn(report: Report, source: str, ordinal: int, entry: dict) -> None:
    if entry["kept"] < TARGET:
        report.add(source, "doubt", f"fidelity {_pct(entry['kept'])} (target {_pct(TARGET)}): "
                   f"{entry['missing_count']} of the source's {entry['words']} words are not on the page "
                   f"({entry['url']}): {_words_list(entry['missing'][:10])}", line=entry["lines"][0], article=ordinal,
                   code="fidelity.below_target")
    for twice in entry["paragraphs_twice"]:
        report.add(source, "doubt", f"fidelity: a paragraph is {twice['on_page']} times on the page "
                   f"({entry['url']}), {twice['in_source']} time(s) in the source", line=entry["lines"][0],
                   article=ordinal, text=twice["text"], code="fidelity.paragraph_twice")


def summary_line(fidelity: dict) -> str:
    s = fidelity["summary"]
    if not s["articles"]:
        return "fidelity: no article pages"
    return (f"fidelity: {s['articles']} articles/fragments, min {_pct(s['min'])}, mean {_pct(s['mean'])} of the "
            f"source's words on their pages (target {_pct(TARGET)}); {s['below_target']} below the target, "
            f"{s['paragraphs_twice']} paragraphs twice")


def warnings(fidelity: dict) -> list[str]:
    """One line per article below the target or with a paragraph twice, for the terminal."""
    out = []
    for a in fidelity["articles"]:
        if a["kept"] < TARGET:
            out.append(f"{a['source']}:{a['lines'][0]}: article {a['ordinal']} ({a['url']}): only {_pct(a['kept'])} "
                       f"of the source's words are on the page (target {_pct(TARGET)}); missing: "
                       f"{_words_list(a['missing'][:10])}")
        for t in a["paragraphs_twice"]:
            out.append(f"{a['source']}:{a['lines'][0]}: article {a['ordinal']} ({a['url']}): a paragraph is "
                       f"{t['on_page']} times on the page: {t['text'][:80]}…")
    return out
