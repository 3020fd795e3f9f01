"""Compare the converter's output with hand-read expectations.

Every file in tests/expected/<source file name>.yaml was written by reading the
source text by eye; it is ground truth, not a snapshot of converter output.

The session fixture ``edition`` (defined in tests/conftest.py) exposes
``edition.articles``: the records of the built site's articles.json.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

EXPECTED_DIR = Path(__file__).parent / "expected"


# --------------------------------------------------------------------- loading

def _load_expected():
    out = []
    for path in sorted(EXPECTED_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            out.append(yaml.safe_load(fh))
    return out


EXPECTED = _load_expected()
SOURCES = [(d["source"], d) for d in EXPECTED]
ARTICLES = [
    (d["source"], i, art)
    for d in EXPECTED
    for i, art in enumerate(d["articles"])
]


def _article_id(source, index):
    return f"{Path(source).stem}#{index + 1}"


source_params = pytest.mark.parametrize(
    "source,expected", SOURCES, ids=[s for s, _ in SOURCES]
)
article_params = pytest.mark.parametrize(
    "source,index,exp",
    ARTICLES,
    ids=[_article_id(s, i) for s, i, _ in ARTICLES],
)


# --------------------------------------------------------------------- helpers

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def norm(text):
    """Unicode-normalise, unify apostrophes, collapse whitespace, casefold."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\u00ad", "")
    text = text.translate(_APOSTROPHES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def norm_keyword(text):
    return norm(text).rstrip(".;,").strip()


def norm_heading(text):
    # markdown emphasis / heading marks and a trailing ':' or '.' are not part of the heading
    return norm(re.sub(r"[*#_]", "", str(text or ""))).rstrip(":.").strip()


def records_for(edition, source):
    return [r for r in edition.articles if r.get("source") == source]


def find_record(edition, source, index, exp):
    """The record whose body contains the expected body_start; else the one at `index`."""
    records = records_for(edition, source)
    start = norm(exp["body_start"])
    for rec in records:
        if start in norm(rec.get("body_text")):
            return rec
    if index < len(records):
        return records[index]
    pytest.fail(f"{source}: no record for expected article #{index + 1}")


def author_names(record):
    names = []
    for author in record.get("authors") or []:
        name = author.get("name") or {}
        names.extend(name.values() if isinstance(name, dict) else [name])
    return [norm(n) for n in names if n]


def is_subsequence(wanted, actual):
    it = iter(actual)
    return all(any(w == a for a in it) for w in wanted)


# ----------------------------------------------------------------- per source

@source_params
def test_article_count(edition, source, expected):
    records = records_for(edition, source)
    assert len(records) == expected["article_count"], [
        (r.get("kind"), (r.get("titles") or {})) for r in records
    ]


@source_params
def test_articles_in_source_order(edition, source, expected):
    records = records_for(edition, source)
    positions = []
    for exp in expected["articles"]:
        start = norm(exp["body_start"])
        hits = [i for i, r in enumerate(records) if start in norm(r.get("body_text"))]
        if hits:
            positions.append(hits[0])
    assert positions == sorted(positions)


@source_params
def test_not_articles_are_not_published(edition, source, expected):
    for entry in expected.get("not_articles") or []:
        words = norm(entry["first_words"])
        for rec in records_for(edition, source):
            titles = [norm(t) for t in (rec.get("titles") or {}).values()]
            assert not any(words in t for t in titles), (entry["what"], rec.get("url"))
            assert words not in norm(rec.get("body_text"))[:300], (entry["what"], rec.get("url"))


# ---------------------------------------------------------------- per article

@article_params
def test_kind_and_body_lang(edition, source, index, exp):
    rec = find_record(edition, source, index, exp)
    assert rec.get("kind") == exp["kind"]
    assert rec.get("body_lang") == exp["body_lang"]


@article_params
def test_titles(edition, source, index, exp):
    rec = find_record(edition, source, index, exp)
    actual = rec.get("titles") or {}
    for lang, title in (exp.get("titles") or {}).items():
        assert norm(actual.get(lang)) == norm(title), lang


@article_params
def test_abstracts(edition, source, index, exp):
    rec = find_record(edition, source, index, exp)
    abstracts = {k: norm(v) for k, v in (rec.get("abstracts") or {}).items()}
    for key in ("abstract_start", "abstract_end"):
        for lang, snippet in (exp.get(key) or {}).items():
            assert norm(snippet) in abstracts.get(lang, ""), f"{key}.{lang}"
    for lang, snippets in (exp.get("abstract_contains") or {}).items():
        for snippet in snippets:
            assert norm(snippet) in abstracts.get(lang, ""), f"abstract_contains.{lang}"
    for lang, snippets in (exp.get("abstract_excludes") or {}).items():
        for snippet in snippets:
            assert norm(snippet) not in abstracts.get(lang, ""), f"abstract_excludes.{lang}"


@article_params
def test_keywords(edition, source, index, exp):
    rec = find_record(edition, source, index, exp)
    actual = rec.get("keywords") or {}
    for lang, words in (exp.get("keywords") or {}).items():
        got = [norm_keyword(w) for w in actual.get(lang) or []]
        assert got == [norm_keyword(w) for w in words], lang


@article_params
def test_body(edition, source, index, exp):
    rec = find_record(edition, source, index, exp)
    body = norm(rec.get("body_text"))
    assert norm(exp["body_start"]) in body, "body_start"
    assert norm(exp["body_end"]) in body, "body_end"
    for snippet in exp.get("body_contains") or []:
        assert norm(snippet) in body, "body_contains"
    for snippet in exp.get("body_excludes") or []:
        assert norm(snippet) not in body, "body_excludes"


@article_params
def test_authors(edition, source, index, exp):
    expected = exp.get("authors") or []
    if isinstance(expected, dict):  # names given per language
        expected = [n for names in expected.values() for n in names]
    if not expected:
        pytest.skip("no author line printed")
    names = author_names(find_record(edition, source, index, exp))
    for family in expected:
        assert any(norm(family) in n for n in names), family


@article_params
def test_headings(edition, source, index, exp):
    wanted = [norm_heading(h) for h in exp.get("headings") or []]
    if not wanted:
        pytest.skip("no headings expected")
    rec = find_record(edition, source, index, exp)
    sections = [norm_heading(s) for s in rec.get("sections") or []]
    assert is_subsequence(wanted, sections), (wanted, sections)
