"""Work shared among forked processes, one per core: the conversion of sources (convert/sources.py) and the
rendering of pages (convert/render/page_pool.py, template_pool.py). Forked, because the workers need the
parent's state as it is (a catalog, MkDocs' files and navigation) and a spawned one would import
everything again; results come back in the order of the items, whatever finished first."""
from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator


def worker_count(jobs: int) -> int:
    """Processes for `jobs` pieces of work: the cores this process may use (EDITION_JOBS overrides), at
    most one per job; 1 where fork is missing."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = int(os.environ.get("EDITION_JOBS", "0")) or len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


@contextlib.contextmanager
def _forking():
    """Around the forks of a pool: what the parent printed is out first, and its objects are frozen out of
    the workers' collections (not walked again, and their memory pages stay shared)."""
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_inherited: dict[int, Callable] = {}  # the work of the processes being forked, as they find it
_keys = itertools.count()


@contextlib.contextmanager
def _inheriting(fn: Callable) -> Iterator[int]:
    """`fn` under a key for the processes forked meanwhile: they inherit it at the fork, so it is never
    pickled (a closure will do, and its arguments may be the whole edition)."""
    key = next(_keys)
    _inherited[key] = fn
    try:
        yield key
    finally:
        del _inherited[key]


def _call_inherited(key: int):
    return _inherited[key]()


def _batch(key: int, items: list) -> list:
    fn = _inherited[key]
    return [fn(item) for item in items]


def forked_map(fn: Callable, items: list, workers: int, batch: int = 1) -> Iterator:
    """fn(item) for each item, in order, computed by `workers` forked processes, `batch` items a message
    (so that results come back as they are done, never as one huge message per worker). The workers
    inherit `fn` at the fork; only the items and the results are pickled. With fewer than two workers,
    computed here, with no fork."""
    if workers < 2:
        yield from map(fn, items)
        return
    batches = [items[i:i + batch] for i in range(0, len(items), batch)]
    with _inheriting(fn) as key, _forking(), \
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for results in pool.map(functools.partial(_batch, key), batches):  # the workers fork at its first item
            yield from results


class Background:
    """fn(*args) computed in one forked process while this one goes on (work that would leave a core idle);
    `result()` waits for it. The process inherits fn and its arguments at the fork (they are never
    pickled: the whole edition may be one of them); only the result comes back pickled. Where fork is
    missing or one core is all there is, computed at `result()`, here."""

    def __init__(self, fn: Callable, *args) -> None:
        self._call = functools.partial(fn, *args)
        self._pool = None
        if worker_count(2) >= 2:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            with _inheriting(self._call) as key, _forking():
                self._future = self._pool.submit(_call_inherited, key)  # forks here

    def result(self):
        if self._pool is None:
            return self._call()
        try:
            return self._future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Done with it, result or not (a forked process still working is let finish, its result dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
