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
"""
from __future__ import annotations

import json
import math
import os
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from lxml import html as lxml_html

from convert.passes.topics import stem_word  # the same stems as the topic concordance
from convert.render.css import NOT_INDEXED
from convert.text import scriptfold

WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile("[\u0400-\u04ff]")
FIELD_WEIGHT = {"title": 8.0, "keywords": 6.0, "heading": 4.0, "abstract": 3.0, "body": 1.0}
SHARD_LIMIT = 200_000  # bytes of a shard before it is split by a longer key
TEXT_PART = 6_000  # characters of a document's text per t-<doc>-<part>.js: a result loads only its snippet's part
DOCS_PER_TABLE = 20  # documents (url, titles) per d-<n>.js
KINDS = ("article", "fragment")
KEY_MARK = "~"  # the script-neutral keys' postings: "~" + key (no stem has a "~": stems are \w+)
MIN_KEY = 3  # letters of a key worth indexing (the client matches keys of 3 letters and more)

_docs: dict[str, dict] = {}


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def lang_of_word(word: str, context: str | None = None) -> str:
    """The word's language: Kazakh by its own letters; Cyrillic without them is Kazakh in a Kazakh block
    (цифрландыру, экстремизммен), else Russian."""
    if re.search(r"[әғқңөұүһі]", word):
        return "kk"
    if re.fullmatch(r"[a-z0-9]+", word):
        return "en"
    return "kk" if context == "kk" else "ru"


def index_stem(word: str, lang: str) -> str:
    """stem_word, with Snowball's final y → i dropped (family → famili, families → famili: famil), so
    that the stem is a prefix of every form a reader may type, "family" included."""
    s = stem_word(word, lang)
    return s[:-1] if lang == "en" and len(s) > 3 and s.endswith("i") else s


@lru_cache(maxsize=None)
def _stem_in_context(word: str, context: str | None) -> str:
    """index_stem of a word met in a block of language `context`: once per distinct word and context
    (an edition has far fewer distinct words than occurrences)."""
    return index_stem(word, lang_of_word(word, context))


@lru_cache(maxsize=None)
def key_of(word: str, stem: str) -> str | None:
    """The script-neutral posting key of a word met under `stem`: "~" + fold_key of the part of the stem
    the word begins with (all of it, but for a Kazakh stem whose voiceless final the stemmer put back:
    астанадағы → астанадақ → астанада), so that it is a prefix of the word's own key; None for a key of
    fewer than MIN_KEY letters (numbers, two-letter stems: found in their own script already)."""
    key = scriptfold.fold_key(stem if word.startswith(stem) else os.path.commonprefix([word, stem]))
    return KEY_MARK + key if sum(c.isalpha() for c in key) >= MIN_KEY else None


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


def doc_terms(doc: dict) -> str:
    """One line per stem or "~" key of one document, in the order first met: the term, 1 if written in
    Latin, its weight and the text part where it first occurs, tab-separated — computed with each page (in
    parallel, and kept with the rendered page), as one string: a thousand articles' millions of terms as
    tuples would take a gigabyte until they are merged."""
    weights: dict[tuple[str, bool], float] = defaultdict(float)
    first: dict[tuple[str, bool], int] = {}
    fields = ([("title", t, lang, 0) for lang, t in doc["titles"].items()]
              + [(f, t, lang, part) for (f, t, lang), part in zip(doc["blocks"], _parts(doc["blocks"]))])
    for field, text, lang, part in fields:
        for word in WORD.findall(fold(text)):
            if len(word) < 2:
                continue
            stem = _stem_in_context(word, lang or doc["lang"])
            key = key_of(word, stem)
            for entry in ((stem, False), (key, not CYRILLIC.search(word)) if key else None):
                if entry:
                    weights[entry] += FIELD_WEIGHT[field]
                    first.setdefault(entry, part)
    return "\n".join(f"{stem}\t{int(latin)}\t{w!r}\t{first[stem, latin]}" for (stem, latin), w in weights.items())


def on_post_build(config, **kwargs):
    out = Path(config["site_dir"]) / "search"
    out.mkdir(parents=True, exist_ok=True)
    docs = [_docs[k] for k in sorted(_docs)]
    # (stem, False) or (key, written in Latin) → doc → weight; and → doc → the text part where it first occurs
    postings: dict[tuple[str, bool], dict[int, float]] = defaultdict(dict)
    first: dict[tuple[str, bool], dict[int, int]] = defaultdict(dict)
    parts = [_parts(doc["blocks"]) for doc in docs]
    for n, doc in enumerate(docs):
        for line in doc["terms"].split("\n") if doc["terms"] else ():
            stem, latin, weight, part = line.split("\t")
            postings[stem, latin == "1"][n] = float(weight)
            first[stem, latin == "1"][n] = int(part)
    total = len(docs)
    index: dict[str, list] = {}
    for (stem, latin), per_doc in sorted(postings.items()):
        idf = math.log(1 + total / len(per_doc))
        ranked = [[d, round((1 + math.log(w)) * idf, 3), first[stem, latin][d]] + ([1] if latin else [])
                  for d, w in per_doc.items()]
        index[stem] = sorted(index.get(stem, []) + ranked, key=lambda x: (-x[1], x[0], len(x)))
    shards = _shard(index)
    for key, stems in shards.items():
        _write_js(out / f"s-{_fname(key)}.js", "shard", key, {s: index[s] for s in sorted(stems)})
    for start in range(0, total, DOCS_PER_TABLE):
        rows = [[d["url"], d["titles"]] for d in docs[start:start + DOCS_PER_TABLE]]
        _write_js(out / f"d-{start // DOCS_PER_TABLE}.js", "docs", start // DOCS_PER_TABLE, rows)
    for n, doc in enumerate(docs):
        texts: dict[int, list[str]] = defaultdict(list)
        for (_, text, _), part in zip(doc["blocks"], parts[n]):
            texts[part].append(text)
        for part in texts or {0: []}:
            _write_js(out / f"t-{n}-{part}.js", "text", f"{n}-{part}", texts.get(part, []))
    _write_js(out / "manifest.js", "manifest", "", {"docs": total, "table": DOCS_PER_TABLE, "shards": sorted(shards),
                                                    "files": {k: _fname(k) for k in sorted(shards)},
                                                    "keyMark": KEY_MARK, "fold": scriptfold.spec()})


def _parts(blocks: list) -> list[int]:
    """The text part of each block: consecutive blocks of up to TEXT_PART characters (a longer block alone)."""
    out, part, size = [], 0, 0
    for _, text, _ in blocks:
        if size and size + len(text) > TEXT_PART:
            part, size = part + 1, 0
        out.append(part)
        size += len(text)
    return out


def _shard(index: dict[str, list]) -> dict[str, list[str]]:
    """Group stems by the shortest prefix (2–4 letters; "~" and 1–4 letters for the keys) that keeps a
    shard under the size limit."""
    def size(stems):
        return sum(len(s) + 15 * len(index[s]) for s in stems)

    def split(key: str, stems: list[str]) -> dict[str, list[str]]:
        if size(stems) <= SHARD_LIMIT or len(key) >= (5 if key.startswith(KEY_MARK) else 4):
            return {key: stems}
        groups: dict[str, list[str]] = defaultdict(list)
        here = []
        for s in stems:
            (groups[s[:len(key) + 1]] if len(s) > len(key) else here).append(s)
        result = {key: here} if here else {}
        for sub, sub_stems in groups.items():
            result.update(split(sub, sub_stems))
        return result

    base: dict[str, list[str]] = defaultdict(list)
    for s in index:
        base[s[:2]].append(s)
    shards: dict[str, list[str]] = {}
    for key, stems in base.items():
        shards.update(split(key, stems))
    return shards


def _fname(key: str) -> str:
    return key.encode("utf-8").hex()


def _write_js(path: Path, kind: str, key, data) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.__kzSearch&&__kzSearch.load({json.dumps(kind)},{json.dumps(key, ensure_ascii=False)},"
                    f"{payload});\n", encoding="utf-8")
