"""MkDocs hook: the edition's own full-text search index, small per query, loadable from file://.

Why not Material's search: at 1,000 articles its one index is >100 MB and every query downloads it all.
Here the index is split so that a query loads only what it needs, as <script> files (which load from
file:// where fetch() cannot):

- `search/manifest.js`   shard keys, document count, documents per title table, the script-neutral
                         fold (convert/text/scriptfold.py: its rules and table, which the client applies);
- `search/s-<key>.js`    postings of the stems that start with <key> (2–4 letters, chosen so that no
                         shard grows past ~200 KB): stem → [[doc, score, part], …] best first, `part`
                         the text part where the stem first occurs in the document; and, in shards of
                         their own (key "~" + 1–4 letters), the same for the stems' script-neutral
                         keys, "~" + fold_key(stem): «Токаев», "Tokayev" and "Toqaev" share "~tokaev",
                         each document once per script it writes the word in: [doc, score, part] for
                         a word in Cyrillic, [doc, score, part, 1] for one in Latin;
- `search/d-<n>.js`      20 documents' url and titles per language (DOCS_PER_TABLE);
- `search/t-<doc>-<part>.js`  one part (~6,000 characters, TEXT_PART) of a document's text blocks: a
                         result loads only the part with its snippet.

Words are case-folded, ё→е, and stemmed in the language of their block (Snowball for Russian and
English, the edition's Kazakh stemmer); the client matches a typed word to the longest indexed stem it begins with,
so «терминологией» finds the stem of «терминологии» without a stemmer in the browser. Across scripts
(issue 21), each stem is also indexed under its script-neutral key, which the client computes for the
typed word with the same rule: a match through the key alone (another script, or another spelling)
ranks below a match of the stem itself.

This hook collects each page's text blocks; convert/render/search_index.py finds the terms (with the
page, in the page workers) and writes the index (after the build, in workers of its own).
"""
from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from convert.render.css import NOT_INDEXED
from convert.render.search_index import doc_terms, write_index

KINDS = ("article", "fragment")

_docs: dict[str, dict] = {}


def on_config(config, **kwargs):
    _docs.clear()
    return config


def _blocks(content_html: str, keywords: str) -> list[tuple[str, str, str | None]]:
    """(field, text, lang) for the page's readable blocks: tabs (front matter), headings, paragraphs,
    items, tables (also those shown as extracted text); lang from the nearest lang attribute. A tab's
    paragraph that lists the page's keywords (its metadata) after a label is the keywords field."""
    tree = lxml_html.fromstring(f"<div>{content_html}</div>")
    out = []
    for el in tree.iter("h1", "h2", "h3", "h4", "p", "li", "td", "th", "figcaption", "pre"):
        if el.tag == "li" and el.find(".//p") is not None:
            continue
        classes = el.get("class", "") + " " + " ".join(a.get("class", "") for a in el.iterancestors())
        if any(c in classes for c in NOT_INDEXED):
            continue
        text = " ".join(el.text_content().replace("¶", " ").split())
        if not text:
            continue
        if el.tag in ("h2", "h3", "h4"):
            field = "heading"
        elif "tabbed-block" in classes:
            listed = text.partition(": ")[2]
            field = "keywords" if listed and listed in keywords else "abstract"
        else:
            field = "body"
        lang = next((a.get("lang") for a in [el, *el.iterancestors()] if a.get("lang")), None)
        out.append((field, text, lang))
    return out


def on_page_content(html, page, config, files, **kwargs):
    meta = page.meta or {}
    if meta.get("kind") not in KINDS:
        return html
    if not getattr(page, "edition_rendered", False):  # else hooks/render_pool.py brings what a worker found
        titles = {k: v for k, v in (meta.get("titles") or {}).items() if v}
        page.edition_search = {
            "url": page.file.dest_uri, "titles": titles or {"und": meta.get("title", "")}, "lang": meta.get("lang"),
            "blocks": _blocks(html, " ".join(", ".join(meta.get("keywords_flat") or []).split()))}
        page.edition_search["terms"] = doc_terms(page.edition_search)
    _docs[page.file.dest_uri] = page.edition_search
    return html


def on_post_build(config, **kwargs):
    write_index([_docs[k] for k in sorted(_docs)], Path(config["site_dir"]) / "search")
