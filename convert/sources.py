"""Every source of a folder converted: cached ones taken from the cache, the others converted in parallel
over the machine's cores (convert/workers.py; sources convert independently), their documents and report entries kept in
source order, so the result does not depend on how many processes ran or which finished first."""
from __future__ import annotations

import sys
from pathlib import Path

from convert.cache import ConvertCache
from convert.model import Report, SourceDoc
from convert.pipeline import convert_source
from convert.workers import forked_map, worker_count


def convert_one(job: tuple[Path, dict]) -> tuple[SourceDoc | None, list, str | None]:
    """(document, its report entries, a converter failure or None) of one source and its catalog: a failure
    of the converter on one source is returned, never raised, so the other sources still convert."""
    path, catalog = job
    report = Report()
    try:
        return convert_source(path, catalog, report), report.entries, None
    except Exception as err:  # one bad source never takes the edition down
        return None, report.entries, failure(err)


def failure(err: BaseException) -> str:
    """`ValueError: message, at convert/file.py:123` — the innermost frame of the converter."""
    import traceback

    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/convert/" in f.filename.replace("\\", "/")]
    where = f", at convert/{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(err).__name__}: {str(err)[:300]}{where}"


class Progress:
    """`converted 12/84 sources` on one terminal line, rewritten as sources finish; nothing when standard
    error is not a terminal (CI, logs)."""

    def __init__(self, what: str, total: int) -> None:
        self.what, self.total, self.done = what, total, 0
        self.shown = total > 1 and sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.shown:
            print(f"\r{self.what} {self.done}/{self.total}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.shown and self.done:
            print(file=sys.stderr, flush=True)


def convert_sources(paths: list[Path], catalog: dict, report: Report,
                    cache: ConvertCache | None) -> list[SourceDoc]:
    """The documents of `paths` in their order (an unreadable or failed source leaves a report entry and
    no document); their report entries go to `report` in the same order."""
    results: list = [None] * len(paths)  # per source: (doc, entries, failure)
    keys: dict[int, str | None] = {}
    todo = []
    for n, path in enumerate(paths):
        if cache is None:
            todo.append(n)
            continue
        hit = Report()
        keys[n], found = cache.lookup(path, catalog, hit)
        if found:
            results[n] = (found[0], hit.entries, None)
        else:
            todo.append(n)
    progress = Progress("converted sources:", len(todo))
    workers = worker_count(len(todo))
    if workers > 1:
        from convert.text.language import detect_language

        detect_language("Қазақстан Республикасы тілдері")  # lingua's models load once, before the fork
        for n, result in zip(todo, forked_map(convert_one, [(paths[n], catalog) for n in todo], workers)):
            results[n] = result
            progress.step()
    else:
        for n in todo:
            results[n] = convert_one((paths[n], catalog))
            progress.step()
    progress.close()
    docs = []
    for n, (doc, entries, failed) in enumerate(results):
        report.entries.extend(entries)
        if failed is not None:
            report.add(paths[n].name, "error", f"the converter failed on this source ({failed}); the source "
                       "was skipped, the rest of the edition built — please report it with the source file",
                       code="source.converter_failed")
        elif cache is not None and n in todo:
            cache.store(paths[n], keys[n], doc, entries)
        if doc is not None:
            docs.append(doc)
    return docs
