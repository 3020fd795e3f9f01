"""The edition's search index, written from the documents the search hook (hooks/search.py) collected:
each document's terms (stems and script-neutral keys, weighted by field) found with its page, then the
index merged, ranked, sharded and written as <script> files. The files and their format are described in
hooks/search.py. A module of the package, so that forked workers find its functions: the index is built
in TERM_BUCKETS parts by the first two letters of its terms (the shards' own first split), a part per
worker, which gives the same files as one pass."""
from __future__ import annotations

import json
import math
import os
import re
import zlib
from collections import Counter, defaultdict
from operator import itemgetter
from pathlib import Path

from convert.passes.topics import stem_word  # the same stems as the topic concordance
from convert.text import scriptfold
from convert.workers import forked_map, worker_count

WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile("[\u0400-\u04ff]")
FIELD_WEIGHT = {"title": 8.0, "keywords": 6.0, "heading": 4.0, "abstract": 3.0, "body": 1.0}
SHARD_LIMIT = 200_000  # bytes of a shard before it is split by a longer key
TEXT_PART = 6_000  # characters of a document's text per t-<doc>-<part>.js: a result loads only its snippet's part
DOCS_PER_TABLE = 20  # documents (url, titles) per d-<n>.js
KEY_MARK = "~"  # the script-neutral keys' postings: "~" + key (no stem has a "~": stems are \w+)
TERM_BUCKETS = 8  # parts of the index built and written apart (any number gives the same files)
MIN_KEY = 3  # letters of a key worth indexing (the client matches keys of 3 letters and more)


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


def key_of(word: str, stem: str) -> str | None:
    """The script-neutral posting key of a word met under `stem`: "~" + fold_key of the part of the stem
    the word begins with (all of it, but for a Kazakh stem whose voiceless final the stemmer put back:
    астанадағы → астанадақ → астанада), so that it is a prefix of the word's own key; None for a key of
    fewer than MIN_KEY letters (numbers, two-letter stems: found in their own script already)."""
    key = scriptfold.fold_key(stem if word.startswith(stem) else os.path.commonprefix([word, stem]))
    return KEY_MARK + key if sum(c.isalpha() for c in key) >= MIN_KEY else None


_ENTRIES: dict[tuple[str, str | None], tuple[str, ...]] = {}


def _entries(word: str, context: str | None) -> tuple[str, ...]:
    """The postings a word met in a block of language `context` adds to, each as "term<TAB>0|1": its stem,
    and its key (1: written in Latin) when it has one; none for a one-letter word. Kept per distinct word
    and context (an edition has far fewer distinct words than occurrences); strings, whose hash Python
    keeps, because each is looked up for every occurrence."""
    found = _ENTRIES.get((word, context))
    if found is None:
        if len(word) < 2:
            found = ()
        else:
            stem = index_stem(word, lang_of_word(word, context))
            key = key_of(word, stem)
            found = (f"{stem}\t0", f"{key}\t{int(not CYRILLIC.search(word))}") if key else (f"{stem}\t0",)
        _ENTRIES[word, context] = found
    return found


def term_bucket(term: str) -> int:
    """The part of the index a stem or key belongs to, by its first two letters (the shards' own first
    split, _shard): the parts are built and written by separate workers."""
    return zlib.crc32(term[:2].encode("utf-8")) % TERM_BUCKETS


_BUCKET: dict[str, int] = {}  # an entry's term_bucket
_SCORE: dict[float, str] = {}  # a weight's 1 + log, as written (weights are few: sums of small numbers)


def doc_terms(doc: dict) -> list[str]:
    """Per term bucket, one line per stem or "~" key of one document: the term, 1 if written in Latin,
    1 + log of its weight (the document's share of the score) and the text part where it first occurs,
    tab-separated — computed with each page (in parallel, and kept with the rendered page), as strings: a
    thousand articles' millions of terms as tuples would take a gigabyte until they are merged."""
    # the texts of one weight, language and part are counted together: a word is looked up once per group,
    # not once per paragraph; parts only grow along the document, so a term's first group has its first part
    groups: dict[tuple[float, str, int], list[str]] = defaultdict(list)
    for lang, text in doc["titles"].items():
        groups[FIELD_WEIGHT["title"], lang or doc["lang"], 0].append(text)
    for (field, text, lang), part in zip(doc["blocks"], _parts(doc["blocks"])):
        groups[FIELD_WEIGHT[field], lang or doc["lang"], part].append(text)
    weights: dict[str, float] = {}  # sums of exact binary fractions, in a fixed order
    first: dict[str, int] = {}
    entries, known, weight_of = _entries, _ENTRIES.get, weights.get
    for (weight, lang, part), texts in groups.items():
        for word, count in Counter(WORD.findall(fold(" ".join(texts)))).items():
            found = known((word, lang))
            for entry in entries(word, lang) if found is None else found:
                w = weight_of(entry)
                if w is None:
                    weights[entry] = weight * count
                    first[entry] = part
                else:
                    weights[entry] = w + weight * count
    lines: list[list[str]] = [[] for _ in range(TERM_BUCKETS)]
    bucket, score = _BUCKET.get, _SCORE.get
    for entry, w in weights.items():
        b = bucket(entry)
        if b is None:
            b = _BUCKET[entry] = term_bucket(entry.rpartition("\t")[0])
        s = score(w)
        if s is None:
            s = _SCORE[w] = repr(1 + math.log(w))
        lines[b].append(f"{entry}\t{s}\t{first[entry]}")
    return ["\n".join(bucket) for bucket in lines]


_build: tuple = ()  # (documents in index order, site's search folder) of this build, shared with the workers


def write_index(docs: list[dict], out: Path) -> None:
    """The index of `docs` (in their order: a document's number is its place) written into `out` by forked
    workers, one term bucket (and a share of the documents' text parts) at a time; the manifest lists
    the shards they wrote."""
    global _build
    out.mkdir(parents=True, exist_ok=True)
    _build = (docs, out)
    try:
        workers = worker_count(TERM_BUCKETS if len(docs) >= 50 else 1)  # a small site is not worth a fork
        shards = {}
        for written in forked_map(_write_bucket, list(range(TERM_BUCKETS)), workers):
            shards.update(written)
    finally:
        _build = ()
    total = len(docs)
    for start in range(0, total, DOCS_PER_TABLE):
        rows = [[d["url"], d["titles"]] for d in docs[start:start + DOCS_PER_TABLE]]
        _write_js(out / f"d-{start // DOCS_PER_TABLE}.js", "docs", start // DOCS_PER_TABLE, rows)
    _write_js(out / "manifest.js", "manifest", "", {"docs": total, "table": DOCS_PER_TABLE, "shards": sorted(shards),
                                                    "files": {k: _fname(k) for k in sorted(shards)},
                                                    "keyMark": KEY_MARK, "fold": scriptfold.spec()})


def _write_bucket(bucket: int) -> dict[str, list[str]]:
    """The shards of one term bucket, ranked and written; and the text parts of every TERM_BUCKETS-th
    document. Returns the shards written (key → stems)."""
    docs, out = _build
    # "stem\t0", or "key\t1" written in Latin and "key\t0" not → (doc, 1 + log weight, text part where first met),
    # in the documents' order
    postings: dict[str, list[tuple[int, float, int]]] = defaultdict(list)
    for n, doc in enumerate(docs):
        terms = doc["terms"][bucket]
        for line in terms.split("\n") if terms else ():
            term, log_weight, part = line.rsplit("\t", 2)
            postings[term].append((n, float(log_weight), int(part)))
    total = len(docs)
    index: dict[str, list] = {}
    for term, per_doc in sorted(postings.items()):  # "x\t0" before "x\t1" and before "xy\t…"
        stem, latin = term.split("\t")
        idf = math.log(1 + total / len(per_doc))
        if latin == "1":
            ranked = [[d, round(lw * idf, 3), part, 1] for d, lw, part in per_doc]
        else:
            ranked = [[d, round(lw * idf, 3), part] for d, lw, part in per_doc]
        if stem in index:  # a key written in both scripts: by document, the Cyrillic one first (stable sorts)
            ranked = index[stem] + ranked
            ranked.sort(key=itemgetter(0))
        ranked.sort(key=itemgetter(1), reverse=True)  # best first; ties by document as they are
        index[stem] = ranked
    del postings
    shards = _shard(index)
    for key, stems in shards.items():
        _write_js(out / f"s-{_fname(key)}.js", "shard", key, {s: index[s] for s in sorted(stems)})
    for n in range(bucket, total, TERM_BUCKETS):
        doc = docs[n]
        texts: dict[int, list[str]] = defaultdict(list)
        for (_, text, _), part in zip(doc["blocks"], _parts(doc["blocks"])):
            texts[part].append(text)
        for part in texts or {0: []}:
            _write_js(out / f"t-{n}-{part}.js", "text", f"{n}-{part}", texts.get(part, []))
    return shards


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
