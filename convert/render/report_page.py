"""The conversion report as the editors' own page, outside the public site: `report/` beside `site/`.

The report (docs/report/index.md and report.json, written by render/report.py) is material for the
editorial office — doubts, removed lines, the editors' mistakes — not for readers, so MkDocs leaves it out
of the site (`exclude_docs` in mkdocs.yml) and the offline bundle, and this module prints it as one
standalone HTML page with Python-Markdown (the same extensions the site uses for it). Its links to
articles point into the built site, relative to the report's folder, so it opens from file:// too."""
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
STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.2rem .4rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}details{margin:.6rem 0}summary{cursor:pointer;
font-weight:600}.admonition-title{font-weight:600}"""


def default_report_dir(site_dir: Path) -> Path:
    """`report/` beside the site folder."""
    return site_dir.resolve().parent / REPORT_FOLDER


def write_report_page(docs_dir: Path, report_dir: Path, site_dir: Path | None) -> Path:
    """report_dir/index.html and report.json from docs_dir/report/; returns the page's path."""
    import markdown

    source = docs_dir / REPORT_FOLDER
    text = _FRONT.sub("", (source / "index.md").read_text(encoding="utf-8"), count=1)
    from pymdownx.slugs import slugify

    body = markdown.markdown(text, extensions=[*EXTENSIONS, "toc"], output_format="html",
                             extension_configs={"toc": {"slugify": slugify(case="lower")}})
    if site_dir is not None:  # an article's link: into the site, from where the report is
        to_site = Path(os.path.relpath(site_dir.resolve(), report_dir.resolve())).as_posix()
        body = _PAGE_LINK.sub(lambda m: f'href="{html.escape(to_site, quote=True)}/{m.group(1)}.html"', body)
    report_dir.mkdir(parents=True, exist_ok=True)
    page = report_dir / "index.html"
    page.write_text('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
                    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                    f"<title>Conversion report</title>\n<style>{STYLE}</style></head>\n"
                    f"<body><main>\n{body}\n</main></body></html>\n", encoding="utf-8")
    shutil.copyfile(source / "report.json", report_dir / "report.json")
    return page
