"""Progress of a long site build on a terminal (a MkDocs hook, registered in mkdocs.yml): `rendered pages
1200/5012` on one line, rewritten as pages are written. Nothing when standard error is not a terminal
(CI, logs), and nothing in the pages: the site's bytes do not depend on it."""
from __future__ import annotations

from convert.render.template_pool import in_parent
from convert.sources import Progress

_progress: Progress | None = None


def on_files(files, config):
    global _progress
    _progress = Progress("rendered pages:", len(files.documentation_pages()))
    return files


@in_parent  # the pages MkDocs' loop has written, in the build's own process
def on_post_page(output, page, config):
    if _progress is not None:
        _progress.step()
    return output


def on_post_build(config):
    if _progress is not None:
        _progress.close()
