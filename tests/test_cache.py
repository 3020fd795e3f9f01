"""The content-hash conversion cache (convert/cache.py): same output, and re-conversion exactly when needed."""
from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import convert.cache as cache_mod
from convert.__main__ import convert_folder
from convert import sources as sources_mod
from convert.cache import ConvertCache, code_version
from convert.passes.catalog import load_catalog
from convert.model import Report
from small_sources import SMALL, copy_small, tree

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of three small sources with their part of the catalog."""
    return copy_small(tmp_path / "sources", with_catalog=True)


class Conversions:
    """The names of the sources really converted, written to a file: conversions run in worker processes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def names(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").split("\n")[:-1] if self.path.exists() else []

    def __iter__(self):
        return iter(self.names())

    def __eq__(self, other) -> bool:
        return self.names() == other

    def __repr__(self) -> str:
        return repr(self.names())

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


@pytest.fixture
def conversions(monkeypatch, tmp_path) -> Conversions:
    """The names of the sources the converter really converts (cache misses)."""
    calls = Conversions(tmp_path / "conversions.txt")
    real = cache_mod.convert_source

    def counting(path, catalog, report):
        with open(calls.path, "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
        return real(path, catalog, report)

    monkeypatch.setattr(cache_mod, "convert_source", counting)
    monkeypatch.setattr(sources_mod, "convert_source", counting)
    return calls


def test_cached_and_uncached_output_are_byte_identical(folder, tmp_path, conversions):
    cache = tmp_path / "cache"
    rep_plain, rec_plain = convert_folder(folder, tmp_path / "plain")  # no cache at all
    conversions.clear()
    rep_fill, rec_fill = convert_folder(folder, tmp_path / "fill", cache)  # fills the cache
    assert sorted(conversions) == sorted(SMALL)
    rep_hit, rec_hit = convert_folder(folder, tmp_path / "hit", cache)  # everything from the cache
    assert sorted(conversions) == sorted(SMALL), "nothing changed, yet a source was converted again"
    plain = tree(tmp_path / "plain")
    assert plain and tree(tmp_path / "fill") == plain and tree(tmp_path / "hit") == plain
    assert rec_hit == rec_fill == rec_plain
    assert rep_hit.entries == rep_fill.entries == rep_plain.entries


def test_changed_source_is_converted_again_and_only_it(folder, tmp_path, conversions):
    cache = tmp_path / "cache"
    convert_folder(folder, tmp_path / "first", cache)
    conversions.clear()
    changed = folder / SMALL[0]
    changed.write_bytes(changed.read_bytes().replace(b"Kazakhstan", b"Qazaqstan", 1))
    _, records = convert_folder(folder, tmp_path / "second", cache)
    assert conversions == [SMALL[0]]
    _, fresh = convert_folder(folder, tmp_path / "fresh")  # uncached conversion of the changed folder
    assert tree(tmp_path / "second") == tree(tmp_path / "fresh")
    assert records == fresh
    assert tree(tmp_path / "second") != tree(tmp_path / "first")


def test_changed_catalog_entry_is_converted_again(folder, tmp_path, conversions):
    cache = tmp_path / "cache"
    convert_folder(folder, tmp_path / "first", cache)
    conversions.clear()
    catalog = yaml.safe_load((folder / "catalog.yml").read_text(encoding="utf-8"))
    catalog["sources"][SMALL[2]] = {"licence": "CC BY 4.0"}
    (folder / "catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    _, records = convert_folder(folder, tmp_path / "second", cache)
    assert conversions == [SMALL[2]]
    assert {r["licence"] for r in records if r["source"] == SMALL[2]} == {"CC BY 4.0"}


def test_changed_converter_file_invalidates(tmp_path, conversions):
    """The key holds a hash of the converter's own code: editing any convert/*.py file is a miss."""
    package = tmp_path / "convert"
    shutil.copytree(cache_mod.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    code_version.cache_clear()
    assert code_version(package) == code_version(cache_mod.PACKAGE_DIR)  # content, not location
    path = SOURCES / SMALL[0]
    catalog = load_catalog(SOURCES, Report())

    def run() -> None:
        ConvertCache(tmp_path / "cache", package_dir=package).convert(path, catalog, Report())

    run()
    run()
    assert conversions == [SMALL[0]]  # the second run was a hit
    with open(package / "textfix.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an edit of the converter\n")
    code_version.cache_clear()  # a new process computes the version afresh
    run()
    assert conversions == [SMALL[0], SMALL[0]]
    run()
    assert conversions == [SMALL[0], SMALL[0]]
    # the entries of the old code version are pruned
    cache = ConvertCache(tmp_path / "cache", package_dir=package)
    assert len([d for d in (tmp_path / "cache").iterdir() if d.is_dir()]) == 2
    cache.prune()
    assert [d.name for d in (tmp_path / "cache").iterdir() if d.is_dir()] == [cache.dir.name]
    code_version.cache_clear()


def test_unreadable_cache_entry_is_a_miss(folder, tmp_path, conversions):
    cache = tmp_path / "cache"
    convert_folder(folder, tmp_path / "first", cache)
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:100])  # truncated
    conversions.clear()
    convert_folder(folder, tmp_path / "second", cache)
    assert sorted(conversions) == sorted(SMALL)
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    # and the entries were written again, whole
    for entry in cache.rglob("*.pickle"):
        pickle.loads(entry.read_bytes())


def test_command_line_reuses_the_cache(folder, tmp_path):
    cmd = [sys.executable, "-m", "convert", "convert", "--sources", str(folder), "--cache-dir", str(tmp_path / "c")]
    first = subprocess.run(cmd + ["--docs-dir", str(tmp_path / "a")], cwd=ROOT, capture_output=True, text=True)
    second = subprocess.run(cmd + ["--docs-dir", str(tmp_path / "b")], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert f"0 sources reused, {len(SMALL)} converted" in first.stderr
    assert f"{len(SMALL)} sources reused, 0 converted" in second.stderr
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_fidelity_of_an_unchanged_source_is_replayed_and_a_changed_page_checked_again(folder, tmp_path):
    """The fidelity check's result per source is kept (cache/fidelity/source-*.json) and replayed when
    nothing it depends on changed; an article page edited by hand is checked afresh."""
    cache = tmp_path / "cache"
    first, _ = convert_folder(folder, tmp_path / "a", cache)
    memos = sorted((cache / "fidelity").glob("source-*.json"))
    assert len(memos) == len(SMALL)
    again, _ = convert_folder(folder, tmp_path / "a", cache)
    assert again.fidelity == first.fidelity and again.entries == first.entries
    assert sorted((cache / "fidelity").glob("source-*.json")) == memos
    # words lost from one page: its source's memo no longer applies, the check finds the loss
    from convert.check.fidelity import check_edition
    from convert.context import Context
    from convert.model import Edition
    from convert.pipeline import finish_edition

    url = first.fidelity["articles"][0]["url"]
    page = tmp_path / "a" / url.replace(".html", ".md")
    text = page.read_text(encoding="utf-8")
    body = [b for b in text.split("\n\n") if b[:1].isalpha()]  # paragraphs (not front matter, tabs, tables)
    longest = max(body, key=lambda block: len(block.split()))
    page.write_text(text.replace(longest, ""), encoding="utf-8")
    report = Report()
    catalog = load_catalog(folder, report)
    docs = [ConvertCache(cache).convert(folder / name, catalog, report) for name in sorted(SMALL)]
    finish_edition(Edition(docs), Context(report, sources=folder))
    changed = check_edition(tmp_path / "a", docs, report, cache)
    kept = {a["url"]: a["kept"] for a in changed["articles"]}
    assert kept[url] < first.fidelity["articles"][0]["kept"] - 0.01, (kept[url], longest[:200])
