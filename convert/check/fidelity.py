"""The fidelity check: per article, the words of its source against the words on its rendered page.

No sentence may vanish unnoticed (issue 8). For every article (and fragment) the multiset of its
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
nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

from convert.model import Report, SourceDoc
from convert.render.css import OWN_WORDS
from convert.render.site_markdown import fix_indented_md_html

ROOT = Path(__file__).resolve().parents[2]
TARGET = 0.995
TOP = 15  # missing / duplicated words listed per article
MIN_PARAGRAPH = 8  # words: shorter blocks (labels, names, short headings) may well repeat
# A word: letters and digits, hyphenated parts joined (also across a line end), so "ди-\nалог" in the
# source, "ди-алог" or "диалог" on the page, and "социально-экономический" all count as one word.
WORD = re.compile(r"\w+(?:-\n?\w+)*")

CHROME = OWN_WORDS  # elements that hold the edition's own words, not the source's (by class)
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "td", "th", "dt", "dd",
          "div", "table", "tr", "ol", "ul", "blockquote", "figure", "br", "details", "summary", "label")
LEAF_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "td", "th", "dt", "dd")


def words_of(text: str) -> list[str]:
    return [w.replace("-", "").replace("\n", "") for w in WORD.findall(text.casefold())]


# -- the page --------------------------------------------------------------------------------------
class Renderer:
    """The page Markdown → HTML, as `mkdocs build` renders it (extensions, their settings, the hook
    that rewrites Markdown inside raw HTML). Loaded on first use: a build whose pages are all cached
    never loads it."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self._md = None

    def _load(self):
        import logging

        import markdown
        from mkdocs.config import load_config

        log = logging.getLogger("mkdocs")
        level = log.level
        log.setLevel(logging.ERROR)  # loading the configuration twice logs nothing new
        try:
            cfg = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(self.docs_dir.resolve()))
        finally:
            log.setLevel(level)
        self._md = markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])

    def html(self, page_markdown: str) -> str:
        if self._md is None:
            self._load()
        body = page_markdown
        if body.startswith("---\n"):
            end = body.find("\n---\n", 4)
            body = body[end + 5:] if end >= 0 else body
        body = fix_indented_md_html(body)
        self._md.reset()
        return self._md.convert(body)


def page_analysis(page_html: str) -> dict:
    """Words and paragraphs of a rendered page, without the edition's own words."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(page_html or "<p></p>", create_parent="div")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions: not shown
            if el.getparent() is not None:
                el.drop_tree()
            continue
    drop = [el for el in root.iter() if isinstance(el.tag, str) and (
        set((el.get("class") or "").split()) & set(CHROME) or el.tag == "h1"
        or (el.tag == "p" and "article-authors" in (el.get("class") or "")
            and any("article-header" in (a.get("class") or "") for a in el.iterancestors())))]
    for el in drop:
        if el.getparent() is not None:
            el.drop_tree()
    numbers: list[str] = []
    for ol in root.iter("ol"):  # the browser shows the numbers of an ordered list
        start = int(ol.get("start") or 1) if str(ol.get("start") or "1").lstrip("-").isdigit() else 1
        for n, li in enumerate(ol.findall("li")):
            value = li.get("value")
            numbers.append(value if value and value.isdigit() else str(start + n))
    paragraphs = []
    for el in root.iter(*LEAF_BLOCKS, "li"):
        if el.tag == "li" and any(child.tag in ("p", "ul", "ol") for child in el):
            continue
        ws = words_of(el.text_content())
        if len(ws) >= MIN_PARAGRAPH:
            paragraphs.append(" ".join(ws))
    for el in root.iter(*BLOCKS):  # block boundaries separate words, inline tags do not
        el.tail = "\n" + (el.tail or "")
    words = words_of(root.text_content()) + numbers
    return {"words": dict(Counter(words)), "paragraphs": paragraphs}


# -- the source ------------------------------------------------------------------------------------
class SourceWords:
    """Kept (not removed) lines of one source, for word counts over line ranges."""

    def __init__(self, doc: SourceDoc):
        lines = sorted(doc.lines, key=lambda ln: ln.no)
        self.nos = [ln.no for ln in lines]
        self.lines = lines
        # journal matter (guidelines, contents, notes pages) has pages of its own, or is listed as removed
        self.matter = sorted((m.first_line, m.last_line) for m in doc.matter)

    def _in_matter(self, no: int) -> bool:
        return any(a <= no <= b for a, b in self.matter)

    def span(self, first: int, last: int) -> tuple[list[str], int]:
        """Words of the kept lines first‥last (not journal matter), in order, and how many lines there were
        removed. Kept lines are joined by line ends, so a word hyphenated at a line end is one word."""
        a, b = bisect_left(self.nos, first), bisect_right(self.nos, last)
        texts, removed = [], 0
        for ln in self.lines[a:b]:
            if self.matter and self._in_matter(ln.no):
                continue
            if ln.removed:
                removed += 1
            elif ln.text.strip():
                texts.append(ln.text.strip())
        return words_of("\n".join(texts)), removed


def _occurrences(src_words: list[str], paragraphs: list[str]) -> Counter:
    """How often each paragraph (words joined by spaces) occurs as a run of words in the source: one
    pass over the source with a window of MIN_PARAGRAPH words, whatever the number of paragraphs."""
    wanted: dict[tuple, list[tuple[str, list[str]]]] = {}
    for para in set(paragraphs):
        words = para.split(" ")
        wanted.setdefault(tuple(words[:MIN_PARAGRAPH]), []).append((para, words))
    found: Counter = Counter()
    if not wanted:
        return found
    for i in range(len(src_words) - MIN_PARAGRAPH + 1):
        for para, words in wanted.get(tuple(src_words[i:i + MIN_PARAGRAPH]), ()):
            if src_words[i:i + len(words)] == words:
                found[para] += 1
    return found


def compare(src_words: list[str], page: Counter, paragraphs: list[str]) -> dict:
    """Kept share, missing and duplicated words, paragraphs twice."""
    src = Counter(src_words)
    missing = src - page
    duplicated = Counter({w: n - src[w] for w, n in page.items() if w in src and n > src[w]})
    total = sum(src.values())
    lost = sum(missing.values())
    repeated = {para: n for para, n in Counter(paragraphs).items() if n > 1}
    in_source = _occurrences(src_words, list(repeated))
    twice = [{"text": para[:200], "on_page": n, "in_source": in_source[para]}
             for para, n in sorted(repeated.items()) if n > in_source[para]]
    return {
        "words": total, "missing_count": lost, "duplicated_count": sum(duplicated.values()),
        "kept": round(1 - lost / total, 6) if total else 1.0,
        "missing": [[w, n] for w, n in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]],
        "duplicated": [[w, n] for w, n in sorted(duplicated.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]],
        "paragraphs_twice": twice,
    }


# -- cache -----------------------------------------------------------------------------------------
class _Cache:
    """Page analyses by the hash of what they depend on, in <cache dir>/fidelity/ (JSON, atomic writes);
    entries not used by a run are removed at its end."""

    def __init__(self, cache_dir: Path | None):
        self.dir = Path(cache_dir) / "fidelity" if cache_dir is not None else None
        h = hashlib.sha256()
        for dep in (Path(__file__), ROOT / "mkdocs.yml", Path(__file__).parents[1] / "render" / "site_markdown.py"):
            try:
                h.update(dep.read_bytes())
            except OSError:
                h.update(b"-")
        self.version = h.hexdigest()
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, page_markdown: str) -> str:
        return hashlib.sha256((self.version + "\n" + page_markdown).encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, key: str):
        """The JSON stored under key (marked as used), or None."""
        if self.dir is None:
            return None
        self.used.add(key)
        try:
            return json.loads((self.dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def get(self, key: str):
        value = self.load(key)
        if isinstance(value, dict) and isinstance(value.get("words"), dict):
            self.hits += 1
            return value
        return None

    def put(self, key: str, value: dict) -> None:
        self.misses += 1
        if self.dir is None:
            return
        import os
        import tempfile

        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, self.dir / f"{key}.json")
        except OSError:
            pass

    def prune(self) -> None:
        if self.dir is None or not self.dir.is_dir():
            return
        for path in self.dir.iterdir():
            if path.suffix == ".json" and path.stem not in self.used or path.name.startswith(".tmp-"):
                try:
                    path.unlink()
                except OSError:
                    pass


# -- the check -------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def _words_list(pairs: list) -> str:
    return ", ".join(f"{w}×{n}" if n > 1 else w for w, n in pairs)


def source_key(cache: _Cache, doc: SourceDoc, docs_dir: Path) -> str | None:
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
    the conversion report (report.json "fidelity")."""
    renderer = Renderer(docs_dir)
    cache = _Cache(cache_dir)

    def analysed(path: Path) -> dict:
        """A page's words and paragraphs as the reader sees them (cached by the page's Markdown)."""
        md = path.read_text(encoding="utf-8")
        key = cache.key(md)
        analysis = cache.get(key)
        if analysis is None:
            analysis = page_analysis(renderer.html(md))
            cache.put(key, analysis)
        return analysis

    articles, sources = [], []
    for doc in docs:
        # a source whose kept lines, article spans and pages are those of the run before has the same
        # result: replayed from the cache with the report entries it made (a rebuild with nothing changed)
        key = source_key(cache, doc, docs_dir)
        mark = len(report.entries)
        done = cache.load(key) if key else None
        if isinstance(done, dict) and {"articles", "sources", "entries"} <= set(done):
            articles += done["articles"]
            sources += done["sources"]
            report.entries += done["entries"]
            continue
        n_articles, n_sources = len(articles), len(sources)
        sw = SourceWords(doc)
        all_src: list[str] = []
        all_page: Counter = Counter()
        all_paras: list[str] = []
        doc_removed = 0
        for art in doc.articles:
            path = docs_dir / art.url.replace(".html", ".md") if art.url else None
            if path is None or not path.exists():
                report.add(doc.name, "error", f"fidelity check: the page of article {art.ordinal} ({art.url or 'no URL'}) "
                           "was not written; its text is on no page", article=art.ordinal)
                continue
            analysis = analysed(path)
            src_words, removed = sw.span(art.first_line, art.last_line)
            page = Counter(analysis["words"])
            result = compare(src_words, page, analysis["paragraphs"])
            entry = {"source": doc.name, "ordinal": art.ordinal, "url": art.url, "kind": art.kind,
                     "lines": [art.first_line, art.last_line], "removed_lines": removed, **result}
            articles.append(entry)
            all_src += src_words
            all_page.update(page)
            all_paras += analysis["paragraphs"]
            doc_removed += removed
            _warn(report, doc.name, art.ordinal, entry)
        # the whole source over all its pages: what fell between articles (matter pages count too)
        for m in doc.matter:
            if m.published:
                jid, iid = doc.issue.journal_id, doc.issue.issue_id
                path = docs_dir / str(jid) / str(iid) / f"{m.what}.md"
                if path.exists():
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
                           f"article and journal-matter page; missing from the pages: {_words_list(whole['missing'][:10])}")
        if key:
            cache.put(key, {"articles": articles[n_articles:], "sources": sources[n_sources:],
                            "entries": report.entries[mark:]})
    cache.prune()
    kept = [a["kept"] for a in articles]
    summary = {"target": TARGET, "articles": len(articles),
               "min": min(kept) if kept else None, "mean": round(sum(kept) / len(kept), 6) if kept else None,
               "below_target": sum(1 for k in kept if k < TARGET),
               "paragraphs_twice": sum(len(a["paragraphs_twice"]) for a in articles)}
    return {"summary": summary, "articles": articles, "sources": sources}


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
                   f"({entry['url']}): {_words_list(entry['missing'][:10])}", line=entry["lines"][0], article=ordinal)
    for twice in entry["paragraphs_twice"]:
        report.add(source, "doubt", f"fidelity: a paragraph is {twice['on_page']} times on the page "
                   f"({entry['url']}), {twice['in_source']} time(s) in the source", line=entry["lines"][0],
                   article=ordinal, text=twice["text"])


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
