"""The conversion report as the editors' own page, outside the public site: `report/` beside `site/`.

The report (docs/report/index.md and report.json, written by render/report.py) is material for the
editorial office — doubts, removed lines, the editors' mistakes — not for readers, so MkDocs leaves it out
of the site (`exclude_docs` in mkdocs.yml) and the offline bundle, and this module prints it as one
standalone HTML page with Python-Markdown (the same extensions the site uses for it). Its links to
articles point into the built site, relative to the report's folder, so it opens from file:// too. It has the
site's look: the built site's own stylesheets (Material's and the edition's) are copied into `report/assets/`
and the page uses Material's layout classes, so it is styled opened from disk, wherever the site is."""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

REPORT_FOLDER = "report"
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences"]
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_PAGE_LINK = re.compile(r'href="\.\./([A-Za-z0-9._/-]+)\.md"')
# the site's stylesheets (from the built site's assets/), in the order its pages link them
SITE_STYLES = ("stylesheets/main.*.min.css", "edition.css", "a11y.css")
STYLE = """.md-grid{max-width:80rem}.md-typeset table:not([class]){font-size:.7rem}
.md-typeset td{vertical-align:top}"""  # the report's long tables: wider and smaller than an article's


def default_report_dir(site_dir: Path) -> Path:
    """`report/` beside the site folder."""
    return site_dir.resolve().parent / REPORT_FOLDER


def copy_site_styles(site_dir: Path | None, report_dir: Path) -> list[str]:
    """The built site's stylesheets copied into report_dir/assets/; their addresses from the report's page."""
    assets = (site_dir / "assets") if site_dir is not None else None
    out = report_dir / "assets"
    shutil.rmtree(out, ignore_errors=True)
    hrefs = []
    for pattern in SITE_STYLES if assets is not None and assets.is_dir() else ():
        for path in sorted(assets.glob(pattern)):
            (out / path.parent.relative_to(assets)).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out / path.relative_to(assets))
            hrefs.append("assets/" + path.relative_to(assets).as_posix())
    return hrefs


def report_body(docs_dir: Path, report_dir: Path, site_dir: Path | None) -> str:
    """The report's HTML body from docs_dir/report/index.md, its article links into site_dir (which need
    not be built yet: only its place counts)."""
    import markdown
    from pymdownx.slugs import slugify

    text = _FRONT.sub("", (docs_dir / REPORT_FOLDER / "index.md").read_text(encoding="utf-8"), count=1)
    body = markdown.markdown(text, extensions=[*EXTENSIONS, "toc"], output_format="html",
                             extension_configs={"toc": {"slugify": slugify(case="lower")}})
    if site_dir is not None:  # an article's link: into the site, from where the report is
        to_site = Path(os.path.relpath(site_dir.resolve(), report_dir.resolve())).as_posix()
        body = _PAGE_LINK.sub(lambda m: f'href="{html.escape(to_site, quote=True)}/{m.group(1)}.html"', body)
    return body


def write_report_page(docs_dir: Path, report_dir: Path, site_dir: Path | None, body: str) -> Path:
    """report_dir/index.html (`body`: the report's `report_body`) and report.json from docs_dir/report/;
    returns the page's path. The page takes the built site's stylesheets."""
    report_dir.mkdir(parents=True, exist_ok=True)
    links = "".join(f'<link rel="stylesheet" href="{html.escape(href, quote=True)}">\n'
                    for href in copy_site_styles(site_dir, report_dir))
    page = report_dir / "index.html"
    page.write_text('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                    f"<title>Conversion report</title>\n{links}<style>{STYLE}</style></head>\n"
                    '<body dir="ltr"><div class="md-container"><main class="md-main"><div class="md-main__inner '
                    'md-grid"><div class="md-content"><article class="md-content__inner md-typeset">\n'
                    f"{body}\n</article></div></div></main></div></body></html>\n", encoding="utf-8")
    shutil.copyfile(docs_dir / REPORT_FOLDER / "report.json", report_dir / "report.json")
    return page
