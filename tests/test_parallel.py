"""Sources converted in parallel (convert/sources.py): the same bytes as one by one, a failing source
reported while the others convert, and progress shown on a terminal only."""
from __future__ import annotations

import os
import threading
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from convert import sources as sources_mod
from convert.__main__ import convert_folder
from convert.model import Report
from convert.sources import convert_sources
from convert.workers import Background, forked_map, worker_count
from small_sources import SMALL, copy_small, tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_small(tmp_path / "sources")


def test_parallel_and_serial_conversions_give_the_same_bytes(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_JOBS", "1")
    assert worker_count(len(SMALL)) == 1
    serial_report, serial = convert_folder(folder, tmp_path / "serial")
    monkeypatch.setenv("EDITION_JOBS", "3")
    assert worker_count(len(SMALL)) == 3
    parallel_report, parallel = convert_folder(folder, tmp_path / "parallel")
    assert parallel == serial and len(serial) >= 3
    assert parallel_report.entries == serial_report.entries
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")


def test_a_source_the_converter_fails_on_is_reported_and_the_others_convert(folder, monkeypatch):
    monkeypatch.setenv("EDITION_JOBS", "2")
    real = sources_mod.convert_source

    def failing_on_one(path, catalog, report):
        if path.name == SMALL[1]:
            raise ValueError("a bug met in one source")
        return real(path, catalog, report)

    monkeypatch.setattr(sources_mod, "convert_source", failing_on_one)  # forked workers inherit it
    report = Report()
    docs = convert_sources([folder / n for n in SMALL], {}, report, None)
    assert [d.name for d in docs] == [SMALL[0], SMALL[2]]
    failed = [e for e in report.entries if e["code"] == "source.converter_failed"]
    assert len(failed) == 1 and failed[0]["source"] == SMALL[1]
    assert "ValueError: a bug met in one source" in failed[0]["message"]


def _build(folder: Path, out: Path, terminal: bool) -> str:
    """The build's standard error, read through a pseudo-terminal or a pipe."""
    cmd = [sys.executable, "-m", "convert", "build", "--sources", str(folder), "--docs-dir", str(out / "docs"),
           "--site-dir", str(out / "site"), "--no-cache"]
    env = dict(os.environ, EDITION_JOBS="2")
    if not terminal:
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=600) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_is_shown_on_a_terminal_and_not_in_a_log(folder, tmp_path):
    shown = _build(folder, tmp_path / "a", terminal=True)
    assert "converted sources: 1/3" in shown and "converted sources: 3/3" in shown
    docs = tmp_path / "a" / "docs"  # every page but the editors' report (mkdocs.yml exclude_docs)
    pages = len([p for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] != "report"])
    assert "rendered pages: 1/" in shown and f"rendered pages: {pages}/{pages}" in shown
    logged = _build(folder, tmp_path / "b", terminal=False)
    assert "converted sources:" not in logged and "rendered pages:" not in logged and "\r" not in logged
    assert tree(tmp_path / "a") == tree(tmp_path / "b")  # the pages and the site do not depend on it


def test_articles_written_by_forked_workers_give_the_same_bytes_and_their_citations_are_kept(folder, tmp_path,
                                                                                              monkeypatch):
    """The pages of the articles are written by forked workers (convert/render/edition.py): the same docs as
    one process writes, and the citations the workers formatted reach the run's memo, so that the next run
    finds every one of them and starts no CSL processor."""
    import pickle

    from convert.render import citeproc, edition

    monkeypatch.setenv("EDITION_JOBS", "1")
    _, serial = convert_folder(folder, tmp_path / "serial", tmp_path / "cache-serial")
    monkeypatch.setenv("EDITION_JOBS", "3")
    monkeypatch.setattr(edition, "ARTICLES_PER_WORKER", 1)
    _, parallel = convert_folder(folder, tmp_path / "parallel", tmp_path / "cache-parallel")
    assert parallel == serial and len(serial) >= 3
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")

    def memo(cache: Path) -> dict:
        (path,) = cache.rglob("memo-render.pickle")
        return pickle.loads(path.read_bytes())
    kept = memo(tmp_path / "cache-parallel")
    assert kept == memo(tmp_path / "cache-serial")
    assert any(key.startswith("csl:") for key in kept) and any(key.startswith("bib:") for key in kept)
    monkeypatch.setattr(citeproc, "_process", None)
    _, again = convert_folder(folder, tmp_path / "again", tmp_path / "cache-parallel")
    assert again == serial and citeproc._process is None  # every entry came from the memo
    assert tree(tmp_path / "again") == tree(tmp_path / "serial")


def test_fidelity_checked_by_forked_workers_gives_the_same_report_and_keeps_its_cache(folder, tmp_path, monkeypatch):
    """Sources are checked for fidelity by forked workers (convert/check/fidelity.py): the same report as
    one process, and the page analyses the workers made stay in the cache, so the next run replays every
    source and renders no page."""
    from convert.check import fidelity

    monkeypatch.setenv("EDITION_JOBS", "1")
    serial_report, _ = convert_folder(folder, tmp_path / "serial", tmp_path / "cache-serial")
    monkeypatch.setenv("EDITION_JOBS", "3")
    monkeypatch.setattr(fidelity, "SOURCES_PER_WORKER", 1)
    parallel_report, _ = convert_folder(folder, tmp_path / "parallel", tmp_path / "cache-parallel")
    assert parallel_report.fidelity == serial_report.fidelity and parallel_report.fidelity["articles"]
    assert parallel_report.entries == serial_report.entries
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")

    def no_page_rendered(html):
        raise AssertionError("a page analysed again")
    monkeypatch.setattr(fidelity, "page_analysis", no_page_rendered)
    again_report, _ = convert_folder(folder, tmp_path / "again", tmp_path / "cache-parallel")
    assert again_report.fidelity == serial_report.fidelity  # the check would have failed (and said so) otherwise
    assert tree(tmp_path / "again") == tree(tmp_path / "serial")


def _pid_and(value):
    return os.getpid(), value


def _fails():
    raise ValueError("from the background")


def test_forked_workers_inherit_their_function_unpickled_and_give_results_in_order():
    lock = threading.Lock()  # neither it nor the closure can be pickled: the workers inherit them at the fork
    done = list(forked_map(lambda n: (os.getpid(), n * n, lock.locked()), list(range(40)), 2, batch=3))
    assert [square for _, square, _ in done] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for pid, _, _ in done} and not any(locked for _, _, locked in done)


def _locked(lock) -> bool:
    return lock.locked()


def test_background_work_runs_in_another_process_and_in_this_one_with_one_core(monkeypatch):
    monkeypatch.setenv("EDITION_JOBS", "2")
    pid, value = Background(_pid_and, [1, "ж"]).result()
    assert pid != os.getpid() and value == [1, "ж"]
    with pytest.raises(ValueError, match="from the background"):
        Background(_fails).result()  # its error reaches the caller
    Background(_pid_and, 0).close()  # given up without its result: no error, no process left
    lock = threading.Lock()  # cannot be pickled: the process inherits its arguments at the fork
    assert Background(_locked, lock).result() is False
    monkeypatch.setenv("EDITION_JOBS", "1")
    assert Background(_pid_and, 2).result() == (os.getpid(), 2)
