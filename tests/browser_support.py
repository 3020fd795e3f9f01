"""What the browser tests share: Chromium, a local server, the offline bundle, a request log.

* Chromium is Debian's (``/usr/bin/chromium``, installed by ``make test`` where missing), driven
  by the ``playwright`` package: Playwright's own browser downloads are never used.
* ``StaticServer`` serves a folder on 127.0.0.1 (a free port), quietly, one thread per request.
* ``offline_bundle()`` builds the offline bundle from a converted docs folder with the command
  ``make dist`` uses (``hooks/offline.py``), unzips it, and is cached per folder.
* ``Target`` is one way of reading the edition: the site served on 127.0.0.1 ("served") or the
  unzipped bundle opened from file:// ("offline").  It knows which URLs are its own.
* ``RequestLog`` records every request of a browser context (pages, frames, workers), aborts any
  that would leave the target, and lists what left, failed, or broke in a script.
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path(os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium"))
# As root, in a sandbox with no network: no sandbox, no GPU, and none of Chromium's own
# background traffic (updates, field trials, QUIC probes), which would only be refused.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-quic"]
OFFLINE_TOOL = ROOT / "hooks" / "offline.py"
BUNDLE_FOLDER = "kz-journals-edition-offline"
# Schemes a page may use without any request leaving the bundle or the server.
LOCAL_SCHEMES = ("data:", "blob:", "about:")

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


# -- Chromium ---------------------------------------------------------------------------------------
def launch_chromium(playwright):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
                    "(apt-get install -y chromium), or set EDITION_CHROMIUM to a Chromium binary")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


# -- a local server ---------------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # LinkChecker waits 0.1-0.6 s between requests to one host unless the server answers
        # with a "LinkChecker" header; this local server can take the link checker's full speed.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 -- the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a browser that moves on closes its connection mid-file: not worth a traceback
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class StaticServer:
    """``with StaticServer(folder) as srv: srv.url("index.html")`` -- 127.0.0.1 on a free port."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        handler = functools.partial(_QuietHandler, directory=str(self.directory))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, rel: str = "") -> str:
        return f"{self.origin}/{rel}"

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- the offline bundle -----------------------------------------------------------------------------
@dataclass
class Bundle:
    zip: Path
    root: Path        # the unzipped folder that holds index.html
    site: Path        # the offline site as built, before zipping
    seconds: float    # build + zip time
    output: str


_bundles: dict[Path, Bundle] = {}


def offline_bundle(docs: Path, tmp_path_factory) -> Bundle:
    """Build (once per docs folder) and unzip the offline bundle of a converted edition."""
    docs = Path(docs).resolve()
    if docs not in _bundles:
        out = tmp_path_factory.mktemp("offline-bundle")
        zip_path = out / "dist" / f"{BUNDLE_FOLDER}.zip"
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(OFFLINE_TOOL), "--docs-dir", str(docs),
                               "--site-dir", str(out / "offline-site"), "--zip", str(zip_path)],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - start
        assert proc.returncode == 0, proc.stdout + proc.stderr
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(out / "unzipped")
        _bundles[docs] = Bundle(zip_path, out / "unzipped" / BUNDLE_FOLDER, out / "offline-site",
                                seconds, proc.stdout + proc.stderr)
    return _bundles[docs]


# -- targets and their requests ---------------------------------------------------------------------
@dataclass
class Target:
    """The edition as a reader gets it: served on 127.0.0.1, or the unzipped bundle via file://."""
    kind: str          # "served" or "offline"
    root: Path         # the folder of the site's files
    base: str          # URL of the root, ending in "/"

    def url(self, rel: str) -> str:
        return self.base + rel

    def rel(self, url: str) -> str:
        """The site-relative path of one of our own URLs (no query, no fragment)."""
        path = unquote(urlsplit(url).path)
        base = unquote(urlsplit(self.base).path)
        assert path.startswith(base), (url, self.base)
        return path[len(base):]

    def is_own(self, url: str) -> bool:
        if url.startswith(LOCAL_SCHEMES):
            return True
        if not url.startswith(self.base):
            return False
        # a file URL must stay inside the bundle's folder, also after "..": resolve it
        if self.kind == "offline":
            path = Path(unquote(urlsplit(url).path)).resolve()
            return path == self.root.resolve() or self.root.resolve() in path.parents
        return True


def served_target(server: StaticServer) -> Target:
    return Target("served", server.directory, server.url())


def offline_target(bundle: Bundle) -> Target:
    return Target("offline", bundle.root, bundle.root.resolve().as_uri() + "/")


@dataclass
class RequestLog:
    """Every request a browser context makes, checked against its target."""
    target: Target
    requests: list[tuple[str, str]] = field(default_factory=list)   # (resource type, url)
    left: list[str] = field(default_factory=list)                    # requests that would leave
    failed: list[str] = field(default_factory=list)                  # own requests that failed
    errors: list[str] = field(default_factory=list)                  # uncaught script errors

    def attach(self, context) -> RequestLog:
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)
        context.on("weberror", lambda err: self.errors.append(str(err.error)))
        # Nothing may leave: whatever is not ours is aborted before it reaches the network.
        context.route("**/*", self._route)
        return self

    def _route(self, route):
        if self.target.is_own(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _on_request(self, request):
        self.requests.append((request.resource_type, request.url))
        if not self.target.is_own(request.url):
            self.left.append(f"{request.resource_type} {request.url}")

    def _on_failed(self, request):
        # ERR_ABORTED is a cancellation (the page moved on before a file arrived), not a fault
        if (self.target.is_own(request.url) and not request.url.startswith(LOCAL_SCHEMES)
                and "ERR_ABORTED" not in (request.failure or "")):
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and self.target.is_own(response.url):
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def mark(self) -> tuple[int, int, int, int]:
        return len(self.requests), len(self.left), len(self.failed), len(self.errors)

    def problems_since(self, mark: tuple[int, int, int, int]) -> list[str]:
        _, left, failed, errors = mark
        return ([f"left the {self.target.kind} edition: {u}" for u in self.left[left:]]
                + [f"failed: {u}" for u in self.failed[failed:]]
                + [f"script error: {e}" for e in self.errors[errors:]])


# -- choosing pages from the test edition ------------------------------------------------------------
@dataclass
class Reader:
    """One browser context reading one target, with its page and request log."""
    target: Target
    context: object
    page: object
    log: RequestLog

    def goto(self, rel: str):
        response = self.page.goto(self.target.url(rel))
        self.page.wait_for_load_state("load")
        return response

    def here(self) -> str:
        return self.target.rel(self.page.url)


def open_reader(request, browser, edition, tmp_path_factory, **context_options) -> Reader:
    """A Reader of the edition for a module fixture parametrized "served" / "offline": the site served
    on 127.0.0.1, or its offline bundle (`make dist`) unzipped and opened from file://."""
    if request.param == "served":
        server = StaticServer(edition.site).__enter__()
        request.addfinalizer(server.__exit__)
        target = served_target(server)
    else:
        target = offline_target(offline_bundle(edition.docs, tmp_path_factory))
    context = browser.new_context(**DESKTOP, **context_options)
    context.set_default_timeout(15_000)
    log = RequestLog(target).attach(context)
    return Reader(target, context, context.new_page(), log)


def close_reader(reader: Reader, name: str) -> None:
    """Write the reader's requests to tests/screenshots/<name>.txt and close its context."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.txt").write_text(
        "".join(f"{kind}\t{url}\n" for kind, url in reader.log.requests), encoding="utf-8")
    reader.context.close()


def trilingual(edition) -> list[dict]:
    """Articles with titles (and so front-matter tabs) in Kazakh, Russian and English."""
    return [r for r in edition.articles if r["kind"] == "article" and set(r["titles"]) >= {"kk", "ru", "en"}]


def issue_page(rec: dict) -> str:
    return str(PurePosixPath(rec["url"]).parent / "index.html")


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
