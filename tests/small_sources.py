"""Three small sources of the corpus, copied where a test needs a folder of its own, and a folder's files
as bytes (for byte-for-byte comparisons of two builds)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SOURCES = Path(__file__).resolve().parent.parent / "sources"
# a raw English article, a Markdown article with catalog overrides, Russian fragments
SMALL = ["unknown-journal-en-article-interethnic-mechanisms.txt",
         "vestnik-enu-polsci-2025-no4-153-article-mediation.md",
         "unknown-journal-ru-fragments-interethnic-relations.txt"]


def copy_small(folder: Path, with_catalog: bool = False) -> Path:
    """folder/ holding the small sources (and, with_catalog, their part of catalog.yml)."""
    folder.mkdir(parents=True)
    for name in SMALL:
        shutil.copyfile(SOURCES / name, folder / name)
    if with_catalog:
        catalog = yaml.safe_load((SOURCES / "catalog.yml").read_text(encoding="utf-8"))
        catalog["sources"] = {k: v for k, v in catalog["sources"].items() if k in SMALL}
        (folder / "catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    return folder


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
