"""Topic concordance: the kk/ru/en keywords of every article aligned into concepts, merged across
articles by their stems, with the editor's merges and splits (sources/topics.yml) applied last.

1. Keywords are keyed by their stems: Russian and English by Snowball, Kazakh by `kkstem`, after
   case- and ё/е-folding and dropping quotes — «Бір белдеу, бір жол» and «бір белдеу бір жолы» meet.
2. Within an article the lists are aligned by position when they have the same length; otherwise
   each keyword is matched by what other articles (or the article's other, parallel languages)
   aligned it with, then by shared numbers and transliteration; what stays unmatched is a concept of
   its own language.
3. Concepts that share a keyed form in any language are one concept (union-find); the report lists
   concepts that unite different forms of one language, the merges worth a look.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from convert.text.kkstem import stem as kk_stem
from convert.context import Context
from convert.model import LANGS, Edition, Report, SourceDoc
from convert.text.slugs import slugify, transliterate, unique

EDITOR_FILE = "topics.yml"


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    return snowballstemmer.stemmer({"ru": "russian", "en": "english"}[lang])


def fold(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub(r"[«»“”„\"'’‘()]", " ", text)).strip(" .,;:")


@lru_cache(maxsize=1 << 18)  # the search hook stems every word occurrence of the site: each distinct word once
def stem_word(word: str, lang: str) -> str:
    if lang == "kk" or re.search(r"[әғқңөұүһі]", word):
        return kk_stem(word)
    if re.fullmatch(r"[a-z]+", word):
        return _stemmer("en").stemWord(word)
    if re.fullmatch(r"[а-я]+", word):
        return _stemmer("ru").stemWord(word)
    return word


@lru_cache(maxsize=None)
def key(keyword: str, lang: str) -> str:
    """The keyword's form for matching: folded words, each stemmed in its language."""
    return " ".join(stem_word(w, lang) for w in re.findall(r"\w+", fold(keyword)))


class UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # deterministic root


@lru_cache(maxsize=None)
def _spelled(text: str) -> str:
    return transliterate(fold(text))


CUE_SIMILAR = 0.75  # transliterated likeness a cue match needs
CUE_MARGIN = 0.15  # ... and its lead over the next candidate


def _cue_match(kw: str, candidates: list[str]) -> tuple[str | None, str]:
    """The candidate that shares numbers, or looks the same when transliterated; with the reason."""
    numbers = set(re.findall(r"\d+", kw))
    if numbers:
        hits = [c for c in candidates if set(re.findall(r"\d+", c)) == numbers]
        if len(hits) == 1:
            return hits[0], "shared numbers"
    # a candidate below CUE_SIMILAR - CUE_MARGIN can neither match nor stand within the margin of one that
    # does: the cheap upper bounds of its likeness leave it out before the exact one is computed
    floor = CUE_SIMILAR - CUE_MARGIN
    scored = []
    for c in candidates:
        likeness = difflib.SequenceMatcher(None, _spelled(kw), _spelled(c))
        if likeness.real_quick_ratio() >= floor and likeness.quick_ratio() >= floor:
            scored.append((likeness.ratio(), c))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= CUE_SIMILAR and (len(scored) == 1 or scored[0][0] - scored[1][0] >= CUE_MARGIN):
        return scored[0][1], "transliteration"
    return None, ""


def load_editor_file(sources: Path, report: Report) -> dict:
    """topics.yml, validated against its schema (convert/editor_files/schemas.py)."""
    from convert.editor_files import TOPICS, load_editor_yaml

    path = sources / EDITOR_FILE
    if not path.exists():
        return {}
    data, _ = load_editor_yaml(path, TOPICS, report, unparsable_code="topics.editor_file_unparsable",
                               unparsable_message=f"{EDITOR_FILE} does not parse")
    return data


def build_concepts(docs: list[SourceDoc], report: Report, editor: dict | None = None) -> list[dict]:
    """Concepts: {slug, labels {lang: label}, forms {lang: [keywords]}, articles [urls]}, sorted by slug."""
    uf = UnionFind()  # the alignments so far, consulted while aligning
    edges: list[tuple] = []  # every alignment, replayed at the end without the editor's splits
    surface: dict[tuple[str, str], Counter] = defaultdict(Counter)  # node → keyword forms
    node_articles: dict[tuple[str, str], list[str]] = defaultdict(list)
    pending = _align_parallel_lists(docs, uf, edges, surface, node_articles)
    _align_by_cues(pending, uf, edges, report)
    uf = _apply_editor(edges, surface, editor or {}, report)
    groups: dict = defaultdict(list)
    for node in sorted(surface):
        groups[uf.find(node)].append(node)
    concepts = [_concept(nodes, surface, node_articles, report) for nodes in groups.values()]
    taken: set[str] = set()
    for c in sorted(concepts, key=lambda c: (c["labels"].get("en") or c["labels"].get("ru") or
                                             c["labels"].get("kk") or "").casefold()):
        base = c["labels"].get("en") or c["labels"].get("ru") or c["labels"]["kk"]
        c["slug"] = unique(slugify(base, 8, 60), taken)
    return sorted(concepts, key=lambda c: c["slug"])


def _align_parallel_lists(docs, uf: UnionFind, edges: list, surface: dict, node_articles: dict) -> list[tuple]:
    """Every keyword a node; keyword lists of equal length in two languages aligned by position. Returns
    the pairs of lists of different lengths, to be aligned by cues."""
    pending = []
    for doc in docs:
        for art in doc.articles:
            lists = {lang: art.keywords.get(lang, []) for lang in LANGS if art.keywords.get(lang)}
            for lang, kws in lists.items():
                for kw in kws:
                    node = (lang, key(kw, lang))
                    uf.find(node)
                    surface[node][kw] += 1
                    if art.url not in node_articles[node]:
                        node_articles[node].append(art.url)
            langs = list(lists)
            for i, a in enumerate(langs):
                for b in langs[i + 1:]:
                    if len(lists[a]) == len(lists[b]):  # parallel lists: by position
                        for ka, kb in zip(lists[a], lists[b]):
                            na, nb = (a, key(ka, a)), (b, key(kb, b))
                            uf.union(na, nb)
                            edges.append((na, nb))
                    else:
                        pending.append((doc.name, art, a, lists[a], b, lists[b]))
    return pending


def _align_by_cues(pending: list[tuple], uf: UnionFind, edges: list, report: Report) -> None:
    """Lists of different lengths: what other articles aligned, then cues (numbers, transliteration)."""
    for source, art, lang, kws, other, others in pending:
        candidates = list(others)
        for kw in kws:
            node = (lang, key(kw, lang))
            by_dictionary = [c for c in candidates if uf.find((other, key(c, other))) == uf.find(node)]
            if by_dictionary:
                candidates.remove(by_dictionary[0])
                continue
            match, reason = _cue_match(kw, candidates)
            if match:
                uf.union(node, (other, key(match, other)))
                edges.append((node, (other, key(match, other))))
                candidates.remove(match)
                report.add(source, "doubt", f"topics: «{kw}» ({lang}) aligned with «{match}» ({other}) "
                           f"by {reason}; the lists are not parallel", article=art.ordinal, code="topics.aligned")


def _concept(nodes: list, surface: dict, node_articles: dict, report: Report) -> dict:
    """One topic: per language its most frequent keyword form as the label, and every form."""
    labels, forms = {}, {}
    for lang in LANGS:
        counter: Counter = Counter()
        for node in nodes:
            if node[0] == lang:
                counter.update(surface[node])
        if counter:
            labels[lang] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            forms[lang] = sorted(counter)
            distinct = {node for node in nodes if node[0] == lang}
            if len(distinct) > 1:
                report.add("topics", "doubt", f"topic «{labels[lang]}» unites different {lang} keywords: "
                           + "; ".join(sorted(counter)) + f" (`split: [[…, …]]` in {EDITOR_FILE} if wrong)",
                           code="topics.mixed_forms")
    articles = sorted({url for node in nodes for url in node_articles[node]})
    return {"labels": labels, "forms": forms, "articles": articles}


def _apply_editor(edges: list[tuple], surface: dict, editor: dict, report: Report) -> UnionFind:
    """The final grouping: every alignment replayed, except one that would put keywords the editor
    split apart into one topic (`split: [[kw, kw, …], …]`: each keyword in a topic of its own), and
    the editor's merges (`merge: [[kw, kw, …], …]`, any languages)."""
    by_form: dict[str, list] = defaultdict(list)
    for node, forms in surface.items():
        for form in forms:
            by_form[fold(form)].append(node)

    def nodes_of(names, what):
        missing = [name for name in names if not by_form.get(fold(str(name)))]
        if missing:
            report.add(EDITOR_FILE, "error", f"{what}: no keyword {missing} in the edition", file=EDITOR_FILE, code="topics.editor_unknown_keyword")
        return [(name, n) for name in names for n in by_form.get(fold(str(name)), [])]

    uf = UnionFind()
    tags: dict = defaultdict(set)  # root → {(split group, member)}
    for g, group in enumerate(editor.get("split") or []):
        for m, (_, node) in enumerate(nodes_of(group if isinstance(group, list) else [group], "split")):
            tags[uf.find(node)].add((g, str(m)))
    for node in surface:
        uf.find(node)

    def clash(ra, rb) -> bool:
        return any(ga == gb and ma != mb for ga, ma in tags[ra] for gb, mb in tags[rb])

    for a, b in edges + [(x[1], y[1]) for group in editor.get("merge") or []
                         for x, y in zip(nodes_of(group, "merge"), nodes_of(group, "merge")[1:])]:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or clash(ra, rb):
            continue
        uf.union(ra, rb)
        root = uf.find(ra)
        tags[root] = tags[ra] | tags[rb]
    return uf


def build_topics(edition: Edition, ctx: Context) -> Edition:
    """The edition's topics: keywords of kk/ru/en united, with the editor's topics.yml applied."""
    editor = load_editor_file(ctx.sources, ctx.report) if ctx.sources is not None else {}
    edition.concepts = build_concepts(edition.docs, ctx.report, editor)
    return edition
