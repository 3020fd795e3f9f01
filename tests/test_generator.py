"""The benchmark's synthetic edition (bench/generate.py): deterministic, and shaped so the converter reads it."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from convert.__main__ import convert_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.MATERIAL = module.Material.from_corpus()  # read the corpus once for the module's tests
    return module


def test_generated_edition_converts_to_its_article_count(gen, tmp_path):
    summary = gen.generate(24, 1, tmp_path / "src", material=gen.MATERIAL)
    assert summary["issues"] == 2 and [f["articles"] for f in summary["files"]] == [12, 12]
    _, records = convert_folder(tmp_path / "src", tmp_path / "docs")
    assert len(records) == 24
    assert all(r["kind"] == "article" for r in records)
    for f in summary["files"]:
        recs = [r for r in records if r["source"] == f["name"]]
        assert len(recs) == f["articles"]
        assert [r["body_lang"] for r in recs] == f["body_langs"]
        assert all(set(r["titles"]) == {"kk", "ru", "en"} for r in recs)
    issues = {(r["issue"]["year"], r["issue"]["number"], r["issue"]["volume"]) for r in records}
    assert issues == {(2006, 1, 1), (2006, 2, 2)}  # from catalog.yml


def test_generator_is_deterministic_for_a_seed(gen, tmp_path):
    a = gen.generate(13, 7, tmp_path / "a", material=gen.MATERIAL)
    b = gen.generate(13, 7, tmp_path / "b", material=gen.MATERIAL)
    c = gen.generate(13, 8, tmp_path / "c", material=gen.MATERIAL)
    d = gen.generate(12, 7, tmp_path / "d", material=gen.MATERIAL)
    names = [f["name"] for f in a["files"]]
    assert names == [f["name"] for f in b["files"]] and len(names) == 2
    for name in names + ["catalog.yml"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / names[0]).read_bytes() != (tmp_path / "c" / names[0]).read_bytes()
    # an issue's text does not depend on how many issues follow it
    assert (tmp_path / "a" / names[0]).read_bytes() == (tmp_path / "d" / names[0]).read_bytes()
