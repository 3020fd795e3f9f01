"""The Markdown the site renders, as MkDocs renders it: one rewrite the hook applies to every page (and the
fidelity check to the pages it reads), kept here so that the converter never loads a hook."""
from __future__ import annotations

import re

# Raw HTML with a markdown attribute inside indented blocks (content tabs).
#
# md_in_html only sees raw HTML that starts at column 0: Python-Markdown stashes raw
# HTML blocks before any block parsing, so inside a ``=== "Tab"`` body (indented by 4)
#
#     <div lang="kk" markdown>
#     **Title**
#     </div>
#
# comes out as ``<p><div lang="kk" markdown><strong>Title</strong></p> ... </div></p>``.
# With blank lines around the inner content (and no markdown attribute) the opening and
# closing tags become paragraphs of their own, which Python-Markdown emits as raw block
# HTML, and the content between them is ordinary Markdown:
#
#     <div lang="kk">
#
#     **Title**
#
#     </div>
#
# fix_indented_md_html() performs exactly that rewrite; Markdown that is already in
# this form passes through unchanged.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_MD_OPEN = re.compile(
    r"^(?P<indent>[ \t]+)<(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s[^<>]*)?)>\s*$"
)
_MD_ATTR = re.compile(r"""\s+markdown(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?(?=\s|/?$)""")


def fix_indented_md_html(markdown: str) -> str:
    """Rewrite indented ``<tag markdown>`` blocks into the blank-line form (see above)."""
    lines = markdown.split("\n")
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (indent, tag) of rewritten open tags
    fence: str | None = None
    blank_next = False  # a blank line must separate the next non-blank line

    def emit(line: str) -> None:
        nonlocal blank_next
        if blank_next and line.strip() and out and out[-1].strip():
            out.append("")
        blank_next = False
        out.append(line)

    def emit_own_paragraph(line: str) -> None:
        nonlocal blank_next
        if out and out[-1].strip():
            out.append("")
        out.append(line)
        blank_next = True

    for line in lines:
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            emit(line)
            continue
        if m:
            fence = m.group(1)
            emit(line)
            continue
        if stack:
            indent, tag = stack[-1]
            if re.fullmatch(rf"{re.escape(indent)}</{re.escape(tag)}>\s*", line, re.IGNORECASE):
                emit_own_paragraph(line.rstrip())
                stack.pop()
                continue
        m = _MD_OPEN.match(line)
        if m and _MD_ATTR.search(m.group("attrs")):
            attrs = _MD_ATTR.sub("", m.group("attrs"))
            emit_own_paragraph(f"{m.group('indent')}<{m.group('tag')}{attrs}>")
            stack.append((m.group("indent"), m.group("tag")))
            continue
        emit(line)
    return "\n".join(out)
