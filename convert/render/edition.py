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
    for doc in docs:
        for art in doc.articles:
            rec = article_record(doc, art)
            rec["topics"] = sorted(c["slug"] for c in topics_of[art.url])
            records.append(rec)
            item = write_article(docs_dir, doc, art, rec, topics_of[art.url], memo)
            if item:
                items_by_issue[issue_key(doc)].append(item)
        for m in doc.matter:
            if m.published:
                jid, iid = issue_key(doc)
                (docs_dir / jid / iid / f"{m.what}.md").write_text(matter_page(doc, m), encoding="utf-8")
    for jid, items in journals_of(issues):
        write_journal_page(docs_dir, jid, items)
    pdfs = frozenset(rec["url"] for rec in records if rec.get("pdf"))  # the articles with a galley
    for (jid, iid), group in sorted(issues.items()):
        write_issue_page(docs_dir, jid, iid, group, pdfs)
        if items_by_issue[(jid, iid)]:
            write_exports(docs_dir / jid / iid / "issue", items_by_issue[(jid, iid)], memo)
    for r in edition.redirects:
        write_redirect(docs_dir / r["issue"] / f"{r['alias']}.html", f"{r['id']}.html")
    write_home(docs_dir, issues)
    write_topics(docs_dir, concepts, {a.url: display_lang(a) for d in docs for a in d.articles})
    (docs_dir / "articles.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    (docs_dir / "nav.yml").write_text(safe_dump(build_nav(issues)), encoding="utf-8")
    (docs_dir / "nav-langs.yml").write_text(safe_dump(nav_langs(issues)), encoding="utf-8")
    return records


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
