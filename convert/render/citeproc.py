"""Bibliography entries from citeproc-js, the reference CSL processor (the one Zotero and Mendeley run).

One Node.js process per build, started on the first entry that the run's memo does not hold (so a
rebuild with nothing changed starts none), and reused: it keeps one engine per style and locale.
The styles and locales are the project's own copies in convert/csl/ (see its PROVENANCE.md).
"""
from __future__ import annotations

import atexit
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

CSL_DIR = Path(__file__).resolve().parent.parent / "csl"
SCRIPT = Path(__file__).resolve().with_suffix(".js")
ROOT = Path(__file__).resolve().parents[2]  # where package.json and node_modules/ are

# the markup citeproc-js's HTML format writes; the source's own text arrives escaped (&#60; …)
_TAG = re.compile(r"<[^>]*>")
_ALLOWED = {"<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "<sub>", "</sub>", "</span>",
            '<span style="font-variant:small-caps;">', '<span style="font-variant:normal;">',
            '<span style="font-style:normal;">', '<span style="font-weight:normal;">'}
_NUMBER = re.compile(r"^\s*1\.\s+")  # GOST numbers its (one-entry) bibliography


class CiteprocError(RuntimeError):
    pass


class _Process:
    """The Node process running citeproc.js; one request per line, one answer per line."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise CiteprocError("Node.js is not installed: `make venv` installs the CSL processor with npm")
        if not (ROOT / "node_modules" / "citeproc").is_dir():
            raise CiteprocError("citeproc-js is not installed: run `npm ci` (or `make venv`) in " + str(ROOT))
        self.pid = os.getpid()  # a forked worker starts its own: the pipes are this process's
        self.proc = subprocess.Popen([node, str(SCRIPT)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8", bufsize=1)
        atexit.register(self.close)

    def ask(self, request: dict) -> dict:
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise CiteprocError(f"the CSL processor stopped (exit code {self.proc.poll()})")
        return json.loads(answer)

    def close(self) -> None:
        if self.pid == os.getpid() and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


_process: _Process | None = None


def bibliography_entry(item: dict, style: str, locale: str) -> tuple[str, str]:
    """(HTML, plain text) of the item's entry in the style (a file name in convert/csl/) and locale.
    The HTML holds only citeproc-js's own formatting tags (italics, small capitals…); all text escaped."""
    global _process
    if _process is None or _process.pid != os.getpid():
        _process = _Process()
    answer = _process.ask({"style": str(CSL_DIR / style), "locale": locale, "dir": str(CSL_DIR), "item": item})
    if "error" in answer:
        raise CiteprocError(answer["error"].splitlines()[0])
    text = _NUMBER.sub("", " ".join(answer["text"].split()))
    return safe_html(answer["html"]), text


def safe_html(entry: str) -> str:
    """The entry without its <div class="csl-entry"> and number; any tag but the formatting ones escaped
    (a title that spells out markup stays text)."""
    entry = re.sub(r'^<div class="csl-entry">|</div>$', "", entry.strip())
    out, depth = [], []
    pos = 0
    for m in _TAG.finditer(entry):
        out.append(entry[pos:m.start()])
        tag = m.group()
        if tag in _ALLOWED and not tag.startswith("</"):
            depth.append(tag)
            out.append(tag)
        elif depth and tag == _closing(depth[-1]):
            depth.pop()
            out.append(tag)
        else:
            out.append(html.escape(tag))
        pos = m.end()
    out.append(entry[pos:])
    out += [_closing(t) for t in reversed(depth)]
    return _NUMBER.sub("", " ".join("".join(out).split()))


def _closing(tag: str) -> str:
    return "</span>" if tag.startswith("<span") else "</" + tag[1:]
