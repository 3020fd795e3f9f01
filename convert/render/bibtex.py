"""BibTeX of the reference lists: beside each article's page, and bibliography/<slug>.bib for the editor to
correct (a file that begins with the GENERATED marker is the converter's and is rewritten on every build)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry, Field

from convert.model import Article, SourceDoc
from convert.passes.bibliography import GENERATED, bib_path, is_generated
from convert.passes.references import Reference

BIBTEX_TYPES = {"article": "article", "book": "book", "online": "online", "misc": "misc"}
LANGUAGE_NAMES = {"russian": "russian", "kazakh": "kazakh", "english": "english"}


def memoized(kind: str, data, fn, memo=None):
    """fn(), a pure function of `data` (JSON-able), through the run's memo when there is one."""
    if memo is None:
        return fn()
    key = kind + ":" + hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                                 default=repr).encode("utf-8")).hexdigest()
    return memo.get(key, fn)


def ref_key(art: Article, ref: Reference) -> str:
    """Stable: the article's slug and the reference's number, whatever the parser finds in it."""
    return f"{art.slug}-ref{ref.number}"


def _names(people: list[dict]) -> str:
    return " and ".join(f"{p['family']}, {p['given']}".strip(", ") for p in people)


def _brace_safe(value: str) -> str:
    """Unbalanced braces would break the BibTeX value: drop them (they never occur in these texts)."""
    if "{" not in value and "}" not in value:
        return value
    depth, out = 0, []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    text = "".join(out)
    return text + "}" * depth


def bibtex_entry(entry_type: str, key: str, fields: list[tuple[str, object]]) -> Entry:
    """A bibtexparser Entry of the (name, value) pairs that have a value, each value brace-safe.
    One writer for the reference lists (here) and the article exports (citation.py)."""
    return Entry(entry_type, key, [Field(name, _brace_safe(str(value))) for name, value in fields if value])


def entry_of(art: Article, ref: Reference) -> Entry:
    f = ref.fields
    kind = f.get("type", "misc")
    lang = f.get("language") or ref.translit_fields.get("language")
    container = "journal" if kind == "article" else "howpublished" if kind in ("online", "misc") else "series"
    return bibtex_entry(BIBTEX_TYPES.get(kind, "misc"), ref_key(art, ref), [
        ("author", _names(f["authors"]) if f.get("authors") else None),
        ("title", f.get("title")),
        (container, f.get("container")),
        ("year", f.get("year")),
        ("volume", f.get("volume")),
        ("number", f.get("number")),
        ("pages", (f.get("pages") or "").replace("-", "--")),
        ("publisher", f.get("publisher")),
        ("address", f.get("place")),
        ("url", f.get("url")),
        ("doi", f.get("doi")),
        ("urldate", f.get("urldate")),
        ("language", LANGUAGE_NAMES.get(lang or "", lang)),
        ("refnum", ref.number),
        ("note", ref.text),  # the entry as printed, so nothing the rules missed is lost
        ("transliteration", ref.translit),
        ("translittitle", ref.translit_fields.get("title") if ref.translit else None),
    ])


def references_bibtex(art: Article, memo=None) -> str:
    """The article's reference list as BibTeX."""
    entries = [entry_of(art, ref) for ref in art.references]
    data = [[e.entry_type, e.key, [[f.key, f.value] for f in e.fields]] for e in entries]
    return memoized("refs-bib", data, lambda: bibtexparser.write_string(bibtexparser.Library(entries)), memo)


def write_generated(docs: list[SourceDoc], bib_dir: Path | None, memo=None) -> None:
    """bibliography/<slug>.bib for every article whose list was parsed from the text."""
    if bib_dir is None:
        return
    for doc in docs:
        for art in doc.articles:
            path = bib_path(bib_dir, art)
            if art.references_from != "text":
                continue
            bib_dir.mkdir(parents=True, exist_ok=True)
            if path.exists() and not is_generated(path):
                continue  # never overwrite an editor's file
            path.write_text(GENERATED + references_bibtex(art, memo), encoding="utf-8")
