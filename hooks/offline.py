"""The offline bundle: a MkDocs hook, and the command that builds the bundle.

As a hook (registered in mkdocs.yml under ``hooks:``) it does two things in ``on_post_page``:

* in every build, online or offline: a page that makes the browser load anything from another host
  (a script, stylesheet, font, image, frame ...) is a warning, which fails ``--strict``.  Links a
  reader clicks (``<a href>``) and metadata links are not loads.
* in the offline build (environment ``EDITION_OFFLINE=true``, set by the command below): each
  download link carries its file as a ``data:`` URL (Chromium ignores ``<a download>`` from file://).

Nothing else is needed for file://: links are plain ``.html`` files (``use_directory_urls: false``) and
the edition's search loads its index as ``<script>`` files (hooks/search.py). Material's search and
offline plugins are not used, so no search worker and no iframe-worker shim.

As a command it builds the bundle from a folder of converted pages::

    python hooks/offline.py --docs-dir docs --zip dist/kz-journals-edition-offline.zip

(``make dist`` runs it after ``make site``; the tests run it on their own build of the edition.)
The zip holds one folder, ``kz-journals-edition-offline/``; open its ``index.html``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import time
import zipfile
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.offline")

ROOT = Path(__file__).resolve().parent.parent
EDITION = "kz-journals-edition"
BUNDLE_FOLDER = f"{EDITION}-offline"
ENV_SWITCH = "EDITION_OFFLINE"


# -- hook -----------------------------------------------------------------------------------------
def offline_enabled(config=None) -> bool:
    """Whether this build is the offline bundle's (``EDITION_OFFLINE=true``)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() in ("1", "true", "yes")


# Elements whose URL attributes the browser loads by itself, without a click.
_LOADING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "input": ("src",),
    # an HTML parser keeps SVG's xlink:href as an attribute of that name
    "image": ("href", "xlink:href", "{http://www.w3.org/1999/xlink}href"), "use": ("href", "xlink:href"),
}
_LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                      "dns-prefetch", "prerender", "icon", "shortcut", "apple-touch-icon",
                      "manifest", "mask-icon"}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""",
                      re.IGNORECASE)


_MAY_LOAD = "|".join([f"//{tag}" for tag in sorted(_LOADING)] + ["//link", "//style", "//*[@style]"])


def remote_loads(html: str) -> list[str]:
    """Everything in a page that makes the browser fetch from another host, as ``tag attr=url``."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except Exception:  # noqa: BLE001 -- an unparsable page is reported by the checks of its own
        return []
    found: list[str] = []
    for el in tree.xpath(_MAY_LOAD):  # in document order, found by libxml2 (a Python walk of every element costs more)
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        attrs: tuple[str, ...] = _LOADING.get(tag, ())
        if tag == "link":
            rels = set((el.get("rel") or "").lower().split())
            attrs = ("href",) if rels & _LOADING_LINK_RELS else ()
        for attr in attrs:
            value = el.get(attr) or ""
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()] if attr == "srcset" else [value]
            found += [f"<{tag} {attr.rsplit('}', 1)[-1]}={u}>" for u in urls if _REMOTE.match(u)]
        style = el.get("style") or ""
        if tag == "style":
            style += el.text or ""
        found += [f"<{tag}> css url({m.group(1)})" for m in _CSS_URL.finditer(style)]
    return found


def on_post_page(output, page, config, **kwargs):
    for item in remote_loads(output):
        log.warning("%s: the page loads %s from another host: the edition (and its offline "
                    "bundle) must load only its own files", page.file.src_uri, item)
    if offline_enabled(config):
        output = inline_downloads(output, page, config)
    return output


# -- downloads from file:// -----------------------------------------------------------------------
# From a file:// page Chromium ignores the download attribute of a link to another file (each
# file:// URL is its own origin) and shows the file instead; a data: URL with a download
# attribute is saved as a file in every browser.  So in the offline build each
# <a download href="local file"> carries the file itself.
INLINE_LIMIT = 2_000_000  # bytes; a larger file stays a plain link
MIME_TYPES = {".bib": "application/x-bibtex", ".ris": "application/x-research-info-systems",
              ".json": "application/json", ".txt": "text/plain", ".xml": "application/xml",
              ".csv": "text/csv"}
_A_DOWNLOAD = re.compile(r"<a\s(?=[^>]*\sdownload(?:[\s=>]|$))[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_DOWNLOAD_ATTR = re.compile(r"""\sdownload(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.IGNORECASE)


def _data_url(path: Path) -> str:
    import base64
    import mimetypes

    mime = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mime.startswith("text/") or mime.endswith(("json", "bibtex", "research-info-systems", "xml")):
        mime += ";charset=utf-8"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_downloads(output: str, page, config) -> str:
    """Turn ``<a download href="x.bib">`` into ``<a download="x.bib" href="data:...">``."""
    from html import escape, unescape
    from posixpath import dirname, normpath
    from urllib.parse import unquote, urlsplit

    site = Path(config.site_dir)
    docs = Path(config.docs_dir)

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None:
            return tag
        value = unescape(href.group(2) if href.group(2) is not None else href.group(3))
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//") or not parts.path:
            return tag
        rel = normpath(f"{dirname(page.file.dest_uri)}/{unquote(parts.path)}").lstrip("/")
        path = next((p for p in (site / rel, docs / rel) if p.is_file()), None)
        if path is None:
            log.warning("%s: the download %s is not in the site", page.file.src_uri, value)
            return tag
        if path.stat().st_size > INLINE_LIMIT:
            log.info("%s: %s is too large to inline; offline it opens instead of downloading",
                     page.file.src_uri, value)
            return tag
        if _DOWNLOAD_ATTR.search(tag).group(0).strip().lower() == "download":  # no file name given
            name = escape(Path(unquote(parts.path)).name, quote=True)
            tag = _DOWNLOAD_ATTR.sub(f' download="{name}"', tag, count=1)
        return _HREF.sub(lambda m: f'{m.group(1)}"{_data_url(path)}" data-file="{escape(value, quote=True)}"',
                         tag, count=1)

    return _A_DOWNLOAD.sub(replace, output)


# -- command --------------------------------------------------------------------------------------
def build_offline_site(docs_dir: Path, site_dir: Path, config_file: Path = ROOT / "mkdocs.yml") -> None:
    """The real MkDocs build, strict, as the offline bundle (``EDITION_OFFLINE=true``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.INFO)
    os.environ[ENV_SWITCH] = "true"
    cfg = load_config(config_file=str(config_file), docs_dir=str(docs_dir.resolve()),
                      site_dir=str(site_dir.resolve()), strict=True)
    build(cfg)


def zip_site(site_dir: Path, zip_path: Path, folder: str = BUNDLE_FOLDER) -> int:
    """Zip *site_dir* as ``folder/...``; returns the number of files."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    # written beside it and renamed over it only when complete: a failed or killed build keeps the old zip
    tmp = zip_path.with_name(f".{zip_path.name}.part-{os.getpid()}")
    for stale in zip_path.parent.glob(f".{zip_path.name}.part-*"):
        stale.unlink(missing_ok=True)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    try:
        _write_zip(tmp, site_dir, files, folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(zip_path)
    return len(files)


def _zip_time() -> tuple[int, int, int, int, int, int]:
    """One time stamp for every entry, so the same site gives the same zip bytes: SOURCE_DATE_EPOCH
    where the caller sets it (reproducible-builds.org), else the zip format's earliest date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot hold a date before 1980
        return stamp[:6]
    return (1980, 1, 1, 0, 0, 0)


def _write_zip(tmp: Path, site_dir: Path, files: list[Path], folder: str) -> None:
    stamp = _zip_time()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--, whatever the umask was
            with open(path, "rb") as fh:
                zf.writestr(info, fh.read(), compresslevel=9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python hooks/offline.py",
        description="Build the offline bundle: the edition's site for file:// in one zip.")
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs",
                        help="converted pages (`make site` writes docs/)")
    parser.add_argument("--site-dir", type=Path, default=ROOT / ".cache" / "offline-site",
                        help="where to build the offline site (emptied first)")
    parser.add_argument("--zip", type=Path, default=ROOT / "dist" / f"{BUNDLE_FOLDER}.zip",
                        help="the bundle to write")
    args = parser.parse_args(argv)
    if not (args.docs_dir / "index.md").is_file():
        parser.error(f"{args.docs_dir} has no index.md: run `make site` (or `python -m convert build`) first")
    if args.site_dir.exists():
        shutil.rmtree(args.site_dir)
    from mkdocs.exceptions import Abort

    try:
        build_offline_site(args.docs_dir, args.site_dir)
    except Abort as exc:
        print(f"error: {exc}; the previous bundle {args.zip} is kept", file=sys.stderr)
        return 1
    count = zip_site(args.site_dir, args.zip)
    size = args.zip.stat().st_size
    print(f"{args.zip}: {count} files, {size / 1e6:.1f} MB; unzip it and open {BUNDLE_FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
