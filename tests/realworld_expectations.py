"""Hand-read expectations for the real-world journal files in ../shared/realworld/.

The YAML files in tests/expected/realworld/ were written by reading the files (see the
README there); nothing in them comes from the converter.  This module only loads them and
scores a converter's output against them.

    load(stem) -> list[dict]          articles of one file, `same_as` references resolved
    score(expected, got) -> dict      per-field counts

`stem` is the realworld file name with its extension (the .docx and the .pdf of one section
share a bare stem), e.g. "vestnik-kazutb-2025-no1-26-mining-manuscripts.pdf"; the bare
".yaml" file name or a path to it is accepted too.
"""
from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from pathlib import Path

import yaml

DIR = Path(__file__).resolve().parent / "expected" / "realworld"
LANGS = ("kk", "ru", "en")

# Latin letters that look like Cyrillic ones; the files mix them inside one name
# ("M.A.Елубай", "Ж.M.Касенова").  Folded to Cyrillic when a string has Cyrillic in it.
_LAT2CYR = str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху")
_PUA = re.compile(r"[\ue000-\uf8ff]")
_CYR = re.compile(r"[\u0400-\u04ff]")


def stems() -> list[str]:
    """File names (with extension) that have an expectation file."""
    return sorted(p.name[: -len(".yaml")] for p in DIR.glob("*.yaml"))


def _path(stem: str) -> Path:
    p = Path(stem)
    if p.suffix == ".yaml":
        return p if p.is_absolute() or p.exists() else DIR / p.name
    return DIR / f"{p.name}.yaml"


def load_file(stem: str) -> dict:
    """The raw YAML document of one file (no references resolved)."""
    with open(_path(stem), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _resolve(entry: dict, seen: tuple = ()) -> dict:
    ref = entry.get("same_as")
    if not ref:
        return copy.deepcopy(entry)
    target, _, num = ref.partition("#")
    if target in seen:
        raise ValueError(f"same_as cycle: {seen + (target,)}")
    base = _resolve(load_file(target)["articles"][int(num) - 1], seen + (target,))
    base.get("start", {}).pop("page", None)  # a page number belongs to the PDF only
    for key, value in entry.items():
        if key == "same_as":
            continue
        if key == "start" and isinstance(value, dict):
            base.setdefault("start", {}).update(value)
        else:
            base[key] = copy.deepcopy(value)
    base["resolved_from"] = ref
    return base


def load(stem: str) -> list[dict]:
    """Articles of one realworld file, in file order, with `same_as` resolved."""
    return [_resolve(a) for a in load_file(stem)["articles"]]


# ---------------------------------------------------------------- normalisation

def norm(text) -> str:
    """Whitespace- and case-insensitive form used for every comparison."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    s = _PUA.sub("", s).replace("\u00ad", "").replace("\u00a0", " ")
    s = s.replace("ё", "е").replace("Ё", "Е")
    if _CYR.search(s):
        s = s.translate(_LAT2CYR)
    return re.sub(r"\s+", " ", s).strip().casefold()


def norm_keyword(k) -> str:
    return norm(k).strip(" .;,")


def _titles(article: dict) -> dict:
    t = article.get("titles") or {}
    return {k: v for k, v in t.items() if v} if isinstance(t, dict) else {}


def _keywords(article: dict) -> dict:
    kw = article.get("keywords") or {}
    return kw if isinstance(kw, dict) else {}


def author_count(article: dict) -> int | None:
    """Number of authors of an article dict (expected or converter output)."""
    if isinstance(article.get("author_count"), int):
        return article["author_count"]
    a = article.get("authors")
    if a is None:
        return None
    if isinstance(a, dict):  # {lang: [names]}
        lens = [len(v) for v in a.values() if isinstance(v, list)]
        return max(lens) if lens else 0
    return len(a)  # list of names or list of {lang: name}


def reference_count(article: dict) -> int | None:
    r = article.get("references")
    if isinstance(r, dict):
        return r.get("count")
    if isinstance(r, list):
        return len(r)
    return r


def classification_codes(article: dict) -> set[str]:
    c = article.get("classification")
    if not c:
        return set()
    if isinstance(c, (str, dict)):
        c = [c]
    codes = set()
    for item in c:
        code = item.get("code") if isinstance(item, dict) else item
        codes.update(re.findall(r"\d{2}\.\d{2}(?:\.\d{2})?", str(code)))
    return codes


def title_similarity(a: dict, b: dict) -> float:
    """Best ratio over the languages both articles have titles in."""
    ta, tb = _titles(a), _titles(b)
    best = 0.0
    for lang in set(ta) & set(tb):
        best = max(best, difflib.SequenceMatcher(None, norm(ta[lang]), norm(tb[lang])).ratio())
    if not best and ta and tb:  # languages labelled differently: compare across
        for x in ta.values():
            for y in tb.values():
                best = max(best, difflib.SequenceMatcher(None, norm(x), norm(y)).ratio())
    return best


def match(expected: list[dict], got: list[dict], threshold: float = 0.6) -> list[tuple[int, int]]:
    """1:1 pairs (i_expected, j_got), greedy by descending title similarity."""
    scored = sorted(((title_similarity(e, g), i, j) for i, e in enumerate(expected)
                     for j, g in enumerate(got)), reverse=True)
    used_e, used_g, pairs = set(), set(), []
    for sim, i, j in scored:
        if sim < threshold:
            break
        if i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def score(expected: list[dict], got: list[dict]) -> dict:
    """Per-field counts of `got` (converter articles) against `expected` (hand-read)."""
    pairs = match(expected, got)
    out = {
        "expected": len(expected), "got": len(got), "matched": len(pairs),
        "titles_total": 0, "titles_exact": 0,
        "keywords_total": 0, "keywords_exact": 0,
        "authors_total": 0, "author_count_ok": 0,
        "references_total": 0, "references_ok": 0,
        "classification_total": 0, "classification_ok": 0,
        "mismatches": [],
    }
    for i, j in pairs:
        e, g = expected[i], got[j]
        et, gt = _titles(e), _titles(g)
        for lang, title in et.items():
            out["titles_total"] += 1
            if norm(title) == norm(gt.get(lang)):
                out["titles_exact"] += 1
            else:
                out["mismatches"].append((i, "title", lang))
        ek, gk = _keywords(e), _keywords(g)
        for lang, kws in ek.items():
            out["keywords_total"] += 1
            if [norm_keyword(k) for k in kws] == [norm_keyword(k) for k in gk.get(lang) or []]:
                out["keywords_exact"] += 1
            else:
                out["mismatches"].append((i, "keywords", lang))
        n = author_count(e)
        if n is not None:
            out["authors_total"] += 1
            if author_count(g) == n:
                out["author_count_ok"] += 1
            else:
                out["mismatches"].append((i, "author_count", None))
        r = reference_count(e)
        if r is not None:
            out["references_total"] += 1
            rg = reference_count(g)
            if rg is not None and abs(rg - r) <= 0.1 * r:
                out["references_ok"] += 1
            else:
                out["mismatches"].append((i, "references", None))
        codes = classification_codes(e)
        if codes:
            out["classification_total"] += 1
            if codes == classification_codes(g):
                out["classification_ok"] += 1
            else:
                out["mismatches"].append((i, "classification", None))
    out["unmatched_expected"] = sorted(set(range(len(expected))) - {i for i, _ in pairs})
    return out


def full_marks(result: dict) -> bool:
    """True when every expected article matched and every field is right."""
    return (result["matched"] == result["expected"] == result["got"]
            and all(result[f"{k}_total"] == result[v] for k, v in (
                ("titles", "titles_exact"), ("keywords", "keywords_exact"),
                ("authors", "author_count_ok"), ("references", "references_ok"),
                ("classification", "classification_ok"))))
