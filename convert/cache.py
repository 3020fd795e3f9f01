"""Content-hash cache of converted sources: a second conversion with nothing changed re-uses them.

One entry per source, keyed by the SHA-256 of

* the converter's code version: every `convert/**/*.py` file (path and bytes), the Python version,
  the cache format and the versions of the packages whose behaviour the conversion depends on
  (lingua, charset-normalizer, PyYAML) — any edit of the converter invalidates every entry;
* the source's file name and bytes;
* its catalog entry (`source_entry`: the source's own fields and its journal) and any catalog
  setting outside `sources:`/`journals:`.

An entry holds what `pipeline.convert_source` returned (the `SourceDoc` model, or None for an
unreadable source) and the report entries it added, pickled right after conversion, before the
renderers assign slugs and URLs. The edition-wide pages (articles, issues, home, topics, nav,
articles.json, report) are always rendered from all sources, so cached and uncached runs write
byte-identical output.

Entries live in `<cache dir>/<code version>/<key>.pickle` (default `.cache/convert/`, gitignored);
a run removes the folders of other code versions. Writes are atomic (temporary file + rename) and
a cache that cannot be read or written is skipped, never an error. The cache is local build state:
pickles are loaded from it, so it must not be a folder others can write to.
"""
from __future__ import annotations

import copy
import gc
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from convert.passes.catalog import source_entry
from convert.model import Report, SourceDoc
from convert.pipeline import convert_source

FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent
# Packages whose version can change what the conversion produces.
DEPENDENCIES = ("lingua-language-detector", "charset-normalizer", "PyYAML")
# Files besides the Python code whose content can change what is produced: the CSL styles and locales,
# the script that runs citeproc-js, and the npm lock file that pins it.
DATA_FILES = ("*.py", "*.js", "*.csl", "*.xml")
NPM_LOCK = PACKAGE_DIR.parent / "package-lock.json"
_VERSION_DIR_RE = re.compile(r"^[0-9a-f]{16}$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def dependency_versions() -> list[str]:
    """The installed `<name>-<version>.dist-info` of DEPENDENCIES on sys.path (a directory listing:
    importlib.metadata would cost a no-op run ~25 ms)."""
    wanted = {_norm(d) for d in DEPENDENCIES}
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and _norm(name[:-10].rsplit("-", 1)[0]) in wanted:
                found.add(name[:-10])
    return sorted(found)


@lru_cache(maxsize=8)
def code_version(package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of the converter's own code and data (DATA_FILES in the package), Python, key dependencies and
    the npm lock file."""
    h = hashlib.sha256()
    h.update(f"format={FORMAT};python={sys.version_info[:3]};pickle={pickle.HIGHEST_PROTOCOL}\n".encode())
    h.update(("deps=" + ";".join(dependency_versions()) + "\n").encode())
    if NPM_LOCK.is_file():
        h.update(b"npm-lock:" + NPM_LOCK.read_bytes())
    files = {path for pattern in DATA_FILES for path in Path(package_dir).rglob(pattern)}
    for path in sorted(files, key=lambda p: p.relative_to(package_dir).as_posix()):
        data = path.read_bytes()
        h.update(f"{path.relative_to(package_dir).as_posix()}:{len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def source_key(path: Path, catalog: dict, version: str) -> str:
    """The cache key of one source: code version, file name and bytes, catalog entry."""
    entry = source_entry(catalog, path.name)
    rest = {k: v for k, v in catalog.items() if k not in ("sources", "journals")}
    meta = json.dumps({"name": path.name, "entry": entry, "catalog": rest}, sort_keys=True,
                      ensure_ascii=False, default=repr)
    h = hashlib.sha256()
    h.update(version.encode() + b"\n")
    h.update(meta.encode("utf-8") + b"\n")
    h.update(path.read_bytes())
    return h.hexdigest()


def load_pickle(fh):
    """pickle.load with the cyclic collector paused: what a cache holds is kept for the run, and walking
    the heap as it grows by a whole source's model finds nothing to free (~25 % of the load's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class ConvertCache:
    """`convert(path, catalog, report)`: `convert_source` with a content-hash cache in `root`."""

    root: Path
    package_dir: Path = PACKAGE_DIR
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.version = code_version(Path(self.package_dir))
        self.dir = self.root / self.version[:16]

    def convert(self, path: Path, catalog: dict, report: Report) -> SourceDoc | None:
        key, found = self.lookup(path, catalog, report)
        if found:
            return found[0]
        start = len(report.entries)
        doc = convert_source(path, catalog, report)
        self.store(path, key, doc, report.entries[start:])
        return doc

    def lookup(self, path: Path, catalog: dict, report: Report) -> tuple[str | None, tuple | None]:
        """(key, (doc,) when the cache holds this source's conversion): a hit's report entries are added
        to `report`. The key is None for a file that cannot be read (the converter will report it)."""
        try:
            key = source_key(path, catalog, self.version)
        except OSError:
            return None, None
        cached = self._load(key, path.name, report)
        if cached is None:
            return key, None
        doc, entries = cached
        report.entries.extend(entries)
        self.hits.append(path.name)
        return key, (doc,)

    def store(self, path: Path, key: str | None, doc: SourceDoc | None, entries: list) -> None:
        """Keep a conversion (and what it reported) under its key."""
        self.misses.append(path.name)
        if key is not None:
            self._store(key, (doc, entries))

    def _load(self, key: str, name: str = "", report: Report | None = None):
        """The entry of key, or None: a truncated or unreadable entry is removed, said once, and the source
        converted again — never an error."""
        entry = self.dir / f"{key}.pickle"
        try:
            with open(entry, "rb") as fh:
                value = load_pickle(fh)
        except FileNotFoundError:
            return None
        except Exception as err:  # a truncated or incompatible entry is a miss, never an error
            self._corrupt(entry, name, report, f"{type(err).__name__}")
            return None
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list)
                and (value[0] is None or isinstance(value[0], SourceDoc))):
            self._corrupt(entry, name, report, "not a cache entry")
            return None
        return value

    def _corrupt(self, entry: Path, name: str, report: Report | None, why: str) -> None:
        """Said once, on the console (not in the report: the output does not depend on the cache's state)."""
        self.corrupt.append(name)
        try:
            entry.unlink()
        except OSError:
            pass
        print(f"note: the cache entry of {name} was unreadable ({why}): converted again", file=sys.stderr)

    def _store(self, key: str, value) -> None:
        try:
            atomic_write(self.dir / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # no cache entry: the next run converts this source again

    def prune(self) -> None:
        """Remove the entries of other code versions (they can never be hit again)."""
        try:
            for sub in self.root.iterdir():
                if sub.is_dir() and _VERSION_DIR_RE.match(sub.name) and sub != self.dir:
                    shutil.rmtree(sub, ignore_errors=True)
        except OSError:
            pass

    def memo(self, name: str) -> "Memo":
        """An on-disk memo of a pure function's results for this code version (see `Memo`)."""
        return Memo(self.dir / f"memo-{name}.pickle")

    def summary(self) -> str:
        bad = f", {len(self.corrupt)} unreadable entries converted again" if self.corrupt else ""
        return f"cache: {len(self.hits)} sources reused, {len(self.misses)} converted{bad} ({self.dir})"


class Memo:
    """`get(key, fn)`: fn() once per key, kept in one pickle per code version across runs (e.g. the
    citeproc-rendered citations of `export.formatted`, keyed by a hash of the CSL item and style).
    `save()` writes the results used in this run (so the memo never grows beyond one edition), and
    only when they changed. A memo that cannot be read or written is empty, never an error."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as fh:
                loaded = load_pickle(fh)
            self.loaded = loaded if isinstance(loaded, dict) else {}
        except Exception:
            self.loaded = {}
        self.used: dict = {}

    def get(self, key: str, fn):
        if key in self.used:
            return self.used[key]
        value = self.loaded[key] if key in self.loaded else fn()
        self.used[key] = value
        return value

    def mark(self) -> int:
        """Where this run's entries stand now, for `since`."""
        return len(self.used)

    def since(self, mark: int) -> dict:
        """The entries first used after `mark`, in the order they came (what a forked worker sends back)."""
        newest = islice(reversed(self.used.items()), len(self.used) - mark)  # dicts keep insertion order
        return dict(reversed(list(newest)))

    def take(self, entries: dict) -> None:
        """Entries used in another process (a forked worker) count as used in this run."""
        self.used.update(entries)

    def save(self) -> None:
        if self.used == self.loaded:
            return
        try:
            atomic_write(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass


class PageStore:
    """JSON values by the hash of what they depend on (a page's Markdown and `dependencies`), one file each
    in `folder`; entries a run did not use are removed at its end (`prune`). No folder: nothing is kept."""

    def __init__(self, folder: Path | None, dependencies: list[Path]):
        self.dir = Path(folder) if folder is not None else None
        h = hashlib.sha256()
        for dep in dependencies:
            try:
                h.update(dep.read_bytes())
            except OSError:
                h.update(b"-")
        self.version = h.hexdigest()
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def apart(self) -> PageStore:
        """The same store with its use (keys, hits, misses) counted on its own, from nothing: what one piece
        of work (in a forked worker) used, for `take`."""
        other = copy.copy(self)
        other.used, other.hits, other.misses = set(), 0, 0
        return other

    def take(self, other: PageStore) -> None:
        """What `other` (an `apart` of this store, perhaps in another process) used counts as used here."""
        self.used |= other.used
        self.hits += other.hits
        self.misses += other.misses

    def key(self, text: str) -> str:
        return hashlib.sha256((self.version + "\n" + text).encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, key: str):
        """The JSON stored under key (marked as used), or None."""
        if self.dir is None:
            return None
        self.used.add(key)
        try:
            return json.loads((self.dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def get(self, key: str):
        """A page analysis stored under key, or None."""
        value = self.load(key)
        if isinstance(value, dict) and isinstance(value.get("words"), dict):
            self.hits += 1
            return value
        return None

    def put(self, key: str, value: dict) -> None:
        self.misses += 1
        if self.dir is None:
            return
        try:
            atomic_write(self.dir / f"{key}.json", json.dumps(value, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass

    def prune(self) -> None:
        if self.dir is None or not self.dir.is_dir():
            return
        for path in self.dir.iterdir():
            if path.suffix == ".json" and path.stem not in self.used or path.name.startswith(".tmp-"):
                try:
                    path.unlink()
                except OSError:
                    pass

