"""Stable article URLs: `<journal>/<year>-<number>/<id>.html`, where an id, once handed out, is kept.

The rule for a new article's id: the catalog's `id`; else `p<first page>` when the pages are known;
else the first words of its English (or Russian, or Kazakh) title, transliterated; a piece without a
title is `fragment-<n>`. Every id handed out is recorded in `article-ids.yml` beside the sources with
the first words of the article's abstracts (its fingerprint, which a corrected title or an improved
converter does not change), so the article keeps its URL on every later conversion. When the catalog
gives an article a new `id`, the old one is kept as an alias and a redirect page is left behind.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from convert.context import Context
from convert.model import LANGS, Article, Edition, Report
from convert.text.slugs import slugify, unique

REGISTRY = "article-ids.yml"
HEADER = ("# Article ids handed out by the converter (see convert/ids.py). An article keeps its id, and so\n"
          "# its URL, for good: it is found again by the first words of its abstracts. Edit `id` only through\n"
          "# catalog.yml (`id:`), which keeps the old id as an alias with a redirect.\n")


def fingerprint(art: Article) -> dict[str, str]:
    """The first ten words of each abstract (or of the body, for a piece without one)."""
    keys = {}
    for lang in LANGS:
        words = re.findall(r"\w+", art.abstracts.get(lang, "").casefold())[:10]
        if len(words) >= 5:
            keys[lang] = " ".join(words)
    if not keys:
        body = " ".join(b.text for b in art.body if b.kind == "paragraph")
        words = re.findall(r"\w+", body.casefold())[:12]
        if words:
            keys["body"] = " ".join(words)
    return keys


def rule_id(art: Article) -> str:
    if art.pages:
        return f"p{art.pages[0]}"
    if art.titles:
        return slugify(art.titles.get("en") or art.titles.get("ru") or art.titles.get("kk") or "", 6)
    return f"fragment-{art.ordinal}"


def load(path: Path, report: Report) -> list[dict]:
    """article-ids.yml, validated against its schema (convert/editor_files/schemas.py): an entry the
    schema refuses is reported and dropped (its article gets an id afresh)."""
    from convert.editor_files import ARTICLE_IDS, load_editor_yaml

    if not path.exists():
        return []
    data, _ = load_editor_yaml(path, ARTICLE_IDS, report, unparsable_code="ids.registry_unparsable",
                               unparsable_message=f"{path.name} does not parse; ids are assigned afresh")
    return [e for e in data.get("articles") or [] if isinstance(e, dict) and e.get("id")]


def agreement(keys: dict[str, str], known: dict[str, str]) -> tuple[int, int]:
    """(languages whose abstract openings agree, languages present in both that disagree)."""
    shared = [k for k in keys if k in known]
    agree = sum(keys[k] == known[k] for k in shared)
    return agree, len(shared) - agree


def match_entries(fingerprints: list[dict], entries: list[dict], issue: str, used: set[int]) -> list[int | None]:
    """The registry entry of each article of an issue, or None for a new article.

    Two articles of an issue may open their abstracts alike in one language (a shared first sentence), so
    an entry is taken by the agreement of all languages, best first: the pair that agrees in most languages
    and disagrees in fewest is matched before the others, and an entry that disagrees in as many languages
    as it agrees in is never taken. Ties go to document order, so the result does not depend on chance."""
    pairs = []
    for i, keys in enumerate(fingerprints):
        for n, e in enumerate(entries):
            if n in used or e.get("issue") != issue:
                continue
            agree, disagree = agreement(keys, e.get("keys") or {})
            if agree > disagree:
                pairs.append((-(agree - disagree), -agree, i, n))
    matches: list[int | None] = [None] * len(fingerprints)
    for _, _, i, n in sorted(pairs):
        if matches[i] is None and n not in used:
            matches[i] = n
            used.add(n)
    return matches


def assign_ids(edition: Edition, ctx: Context) -> Edition:
    """Give every article its id and URL (kept in the sources' article-ids.yml); the aliases that old
    ids leave become `edition.redirects`: {issue, alias, id}."""
    docs, report = edition.docs, ctx.report
    registry_path = ctx.sources / REGISTRY if ctx.sources is not None else None
    entries = load(registry_path, report) if registry_path else []
    used: set[int] = set()
    taken: dict[str, set] = {}
    redirects = []
    for doc in docs:
        issue = f"{doc.issue.journal_id}/{doc.issue.issue_id}"
        issue_taken = taken.setdefault(issue, {e["id"] for e in entries if e.get("issue") == issue}
                                       | {a for e in entries if e.get("issue") == issue for a in e.get("aliases", [])})
        arts = doc.articles
        fingerprints = [fingerprint(art) for art in arts]
        matches = match_entries(fingerprints, entries, issue, used)
        for art, keys, match in zip(arts, fingerprints, matches):
            wanted = art.slug  # the catalog's id, if it gave one
            if match is not None:
                entry = entries[match]
                if wanted and wanted != entry["id"]:
                    entry.setdefault("aliases", []).append(entry["id"])
                    entry["id"] = wanted
                entry["keys"] = keys
                entry["source"] = doc.name
            else:
                new_id = wanted or unique(rule_id(art), issue_taken)
                issue_taken.add(new_id)
                entry = {"id": new_id, "issue": issue, "source": doc.name, "keys": keys}
                entries.append(entry)
                used.add(len(entries) - 1)
            art.slug = entry["id"]
            art.url = f"{issue}/{art.slug}.html"
            for alias in entry.get("aliases", []):
                redirects.append({"issue": issue, "alias": alias, "id": art.slug})
    if registry_path is not None:
        text = HEADER + yaml.safe_dump({"articles": sorted(entries, key=lambda e: (e["issue"], e["id"]))},
                                       allow_unicode=True, sort_keys=True, width=1000)
        if not registry_path.exists() or registry_path.read_text(encoding="utf-8") != text:
            registry_path.write_text(text, encoding="utf-8")
    edition.redirects = redirects
    return edition
