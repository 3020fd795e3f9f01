"""Build output that is never half-written, and one build at a time per output.

* `staged_folder(target)`: the build writes into a new folder beside `target` (`.<name>.tmp-<pid>`);
  `swap_in(new, target)` then puts it in place in one rename — on Linux `renameat2(RENAME_EXCHANGE)`
  swaps the two folders atomically, elsewhere two renames (`target` → `.<name>.old-<pid>`, new →
  `target`) with `recover(target)` putting the old folder back if a build was killed between them.
  A build that fails or is killed leaves the previous `target` whole; its staging folder is removed
  by the next build.
* `build_lock(paths)`: an exclusive `fcntl.flock` per output folder (lock files in the checkout's
  `.cache/locks/`); a second build on the same folders says so and waits for the first to finish.
"""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK_DIR = ROOT / ".cache" / "locks"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _staging(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.{kind}-*")) if target.parent.is_dir() else []


def recover(target: Path) -> list[str]:
    """Undo what a killed build left beside target: its old folder put back when target is missing, then
    every staging folder removed. Returns what was done (for the caller to say)."""
    done = []
    olds = _staging(target, "old")
    if not target.exists() and olds:
        os.rename(olds[-1], target)
        done.append(f"restored the previous {target.name}/ that an interrupted build had moved aside")
        olds = olds[:-1]
    for stale in olds + _staging(target, "tmp"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        done.append(f"removed {stale.name}, left by an interrupted build")
    return done


def staged_folder(target: Path) -> Path:
    """A new, empty folder beside target for the build to write into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    new = target.parent / f".{target.name}.tmp-{os.getpid()}"
    if new.exists():
        shutil.rmtree(new)
    new.mkdir()
    return new


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(new: Path, target: Path) -> None:
    """Put the finished folder `new` in place of `target`; the old one is removed after."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now names the old folder
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def replace_file(new: Path, target: Path) -> None:
    os.replace(new, target)


@contextlib.contextmanager
def build_lock(paths: list[Path], lock_dir: Path = LOCK_DIR):
    """Hold an exclusive lock per path (in sorted order, so two builds never deadlock); wait, saying so,
    while another build holds one."""
    import fcntl

    lock_dir.mkdir(parents=True, exist_ok=True)
    handles = []
    try:
        for path in sorted({str(Path(p).resolve()) for p in paths}):
            lock = lock_dir / (hashlib.sha256(path.encode()).hexdigest()[:20] + ".lock")
            fh = open(lock, "a+")
            handles.append(fh)
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"another build is writing {path}: waiting for it to finish", file=sys.stderr, flush=True)
                fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        for fh in reversed(handles):
            fh.close()  # closing releases the lock
