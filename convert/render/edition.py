"""Renderers: the document model becomes docs/ Markdown pages, nav.yml, articles.json and the report.

Source text is data: every string from a source goes through `md_escape` (Markdown) or `html.escape` (raw HTML
blocks) so it can never become markup, script or template. Output is deterministic: sorted iteration, no
timestamps, no absolute paths."""
from __future__ import annotations

from collections import defaultdict
import json
from pathlib import Path

from convert.model import Article, Edition, SourceDoc
from convert.render.bibtex import references_bibtex
from convert.render.galley import write_galley
from convert.render.jats import jats_possible
from convert.render.article import article_page, matter_page
from convert.render.listings import build_nav, journals_of, nav_langs, write_home, write_issue_page, write_journal_page, write_redirect
from convert.render.records import article_record, display_lang, issue_key
from convert.render.topics import topic_label, topic_label_lang, write_topics
from convert.render.yaml_front import safe_dump
from convert.workers import Background, forked_map, worker_count


def write_edition(docs_dir: Path, edition: Edition, memo=None) -> list[dict]:
    """Write every generated page under docs_dir (which the caller emptied) and return the articles.json
    records; `memo` (convert/cache.py `Memo`) keeps formatted citations and BibTeX across runs."""
    docs, concepts = edition.docs, edition.concepts
    docs_dir.mkdir(parents=True, exist_ok=True)
    records: list[dict] = []
    issues: dict[tuple[str, str], list[SourceDoc]] = defaultdict(list)
    for doc in docs:
        issues[issue_key(doc)].append(doc)
    topics_of: dict[str, list[dict]] = defaultdict(list)
    for c in concepts:
        for url in c["articles"]:
            topics_of[url].append(c)
    items_by_issue: dict[tuple[str, str], list[dict]] = defaultdict(list)
    jobs = []
    for doc in docs:
        for art in doc.articles:
            rec = article_record(doc, art)
            rec["topics"] = sorted(c["slug"] for c in topics_of[art.url])
            jobs.append((doc, art, rec, topics_of[art.url]))
    # the pages that need nothing of the articles' writing are written meanwhile, by a process of their own
    listings = Background(write_listings, docs_dir, edition, issues)
    try:
        for (doc, _, _, _), (rec, item) in zip(jobs, write_articles(docs_dir, jobs, memo)):
            records.append(rec)
            if item:
                items_by_issue[issue_key(doc)].append(item)
        pdfs = frozenset(rec["url"] for rec in records if rec.get("pdf"))  # the articles with a galley
        for (jid, iid), group in sorted(issues.items()):
            write_issue_page(docs_dir, jid, iid, group, pdfs)
            if items_by_issue[(jid, iid)]:
                write_exports(docs_dir / jid / iid / "issue", items_by_issue[(jid, iid)], memo)
        (docs_dir / "articles.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    except BaseException:
        listings.close()
        raise
    listings.result()
    return records


def write_listings(docs_dir: Path, edition: Edition, issues: dict[tuple[str, str], list[SourceDoc]]) -> None:
    """The pages and files made of the sources alone, not of the articles' records: journal matter, the
    journals' pages, redirects of changed ids, the home page, the topics and the navigation."""
    docs = edition.docs
    for doc in docs:
        for m in doc.matter:
            if m.published:
                folder = docs_dir.joinpath(*issue_key(doc))  # perhaps before any of its articles
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{m.what}.md").write_text(matter_page(doc, m), encoding="utf-8")
    for jid, items in journals_of(issues):
        write_journal_page(docs_dir, jid, items)
    for r in edition.redirects:
        write_redirect(docs_dir / r["issue"] / f"{r['alias']}.html", f"{r['id']}.html")
    write_home(docs_dir, issues)
    write_topics(docs_dir, edition.concepts, {a.url: display_lang(a) for d in docs for a in d.articles})
    (docs_dir / "nav.yml").write_text(safe_dump(build_nav(issues)), encoding="utf-8")
    (docs_dir / "nav-langs.yml").write_text(safe_dump(nav_langs(issues)), encoding="utf-8")


# the articles' pages are independent of each other: forked workers write them, one per core
ARTICLES_A_MESSAGE = 8
ARTICLES_PER_WORKER = 50  # fewer are not worth a fork
_articles: tuple | None = None  # (docs_dir, jobs, memo) as the workers find them after the fork


def write_articles(docs_dir: Path, jobs: list[tuple], memo) -> list[tuple[dict, dict | None]]:
    """write_article for each (doc, art, rec, topics) of `jobs`, in order: (its record, its CSL item).
    The citations and BibTeX a worker formatted come back into `memo`, so the next run finds them."""
    global _articles
    _articles = (docs_dir, jobs, memo)
    try:
        done = []
        workers = worker_count(len(jobs) // ARTICLES_PER_WORKER)
        for rec, item, fresh in forked_map(_write_nth, list(range(len(jobs))), workers, ARTICLES_A_MESSAGE):
            if memo is not None:
                memo.take(fresh)
            done.append((rec, item))
        return done
    finally:
        _articles = None


def _write_nth(n: int) -> tuple[dict, dict | None, dict]:
    docs_dir, jobs, memo = _articles
    doc, art, rec, topics = jobs[n]
    mark = memo.mark() if memo is not None else 0
    item = write_article(docs_dir, doc, art, rec, topics, memo)
    return rec, item, memo.since(mark) if memo is not None else {}


def write_article(docs_dir: Path, doc: SourceDoc, art: Article, rec: dict, topics: list[dict],
                  memo) -> dict | None:
    """The article's page, its figure images and its exports; returns its CSL item (None for a piece
    with neither title nor author, which cannot be cited)."""
    from convert.passes.corrections import copy_images
    from convert.render.citation import STYLES, citable, csl_item, formatted
    from convert.render.metadata import dublin_core, highwire, json_ld

    lang = art.body_lang or "ru"
    links = [(topic_label(c, lang), "../../topics/" + c["slug"] + ".md", topic_label_lang(c, lang))
             for c in sorted(topics, key=lambda c: topic_label(c, lang).casefold())]
    path = docs_dir / art.url.replace(".html", ".md")
    path.parent.mkdir(parents=True, exist_ok=True)
    item = csl_item(doc, art) if citable(art) else None
    cite = {style: formatted(item, style, memo) for style in STYLES} if item else {}
    if item:
        cite["lang"] = item["language"]
    if write_galley(art, path.with_suffix(".pdf")):
        rec["pdf"] = art.url.removesuffix(".html") + ".pdf"  # from the edition's root, as "url" is
    if jats_possible(doc):  # written with the other indexing exports (render/indexing.py)
        rec["jats"] = art.url.removesuffix(".html") + ".jats.xml"
    head = {"highwire": highwire(doc, art, rec, None), "dc": dublin_core(doc, art, rec, None),
            "jsonld": json_ld(doc, art, rec, None)}
    path.write_text(article_page(doc, art, rec, links, cite, head), encoding="utf-8")
    copy_images(art, path.parent, doc)  # the figures' images, next to the page
    stem = path.with_suffix("")
    if item:
        write_exports(stem, [item], memo)
    if art.references:
        stem.with_suffix(".references.bib").write_text(references_bibtex(art, memo), encoding="utf-8")
    return item


def write_exports(stem: Path, items: list[dict], memo) -> None:
    """<stem>.bib, .ris and .csl.json of the CSL items (an article's, or an issue's)."""
    from convert.render.citation import bibtex_text, ris_text

    stem.with_name(stem.name + ".bib").write_text(bibtex_text(items, memo), encoding="utf-8")
    stem.with_name(stem.name + ".ris").write_text(ris_text(items), encoding="utf-8")
    stem.with_name(stem.name + ".csl.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
