"""Body blocks as Markdown and HTML: paragraphs with their citations linked, lists, tables, figures, the
reference list."""
from __future__ import annotations

from collections import defaultdict
import html
import re

from convert.model import Article, Block
from convert.render.markdown import NO_LIST, UI, linkify, md_escape, md_escape_inline
from convert.render.ui import word as UI_WORD
from convert.text import labels


class CitationLinker:
    """Turns citations into links to the reference list, numbering each occurrence for back-links."""

    def __init__(self, art: Article, lang: str | None = None):
        from convert.passes.tables import element_id

        self.lang = lang or art.body_lang  # the page's: the hints are the edition's words
        self.paragraphs = 0
        self.refs = {r.number: r for r in art.references}
        self.anchors = {element_id(b) for b in art.body if b.kind in ("table", "figure")}
        self.seen: dict[int, int] = {}
        self.backlinks: dict[int, list[str]] = defaultdict(list)

    def anchor(self, n: int) -> str:
        self.seen[n] = self.seen.get(n, 0) + 1
        cid = f"cite-{n}-{self.seen[n]}"
        self.backlinks[n].append(cid)
        return cid

    def preview(self, n: int) -> str:
        ref = self.refs[n]
        return f"[{n}] {ref.text}"

    def title_attr(self, n: int) -> str:
        """The hover preview, on the first citation of a reference only: cite.js gives the later ones the
        same title when they are pointed at (a long article would otherwise repeat its references)."""
        if self.seen.get(n, 0) > 1:
            return ""
        return f' title="{html.escape(self.preview(n), quote=True)}"'

    def link(self, c) -> str:
        if not c.targets:
            hint = UI_WORD("no_list" if not self.refs else "no_reference", self.lang)
            return f'<span class="citation citation-unlinked" title="{html.escape(hint, quote=True)}">' \
                   f"{html.escape(c.text)}</span>"
        if c.kind == "numeric":
            # each number that names a reference becomes its own link; the locator stays as printed
            out, pos = [], 0
            for m in re.finditer(r"\d+", c.text):
                n = int(m.group())
                if n in c.targets and m.start() < len(c.text) - len(c.locator) - 1:
                    out.append(html.escape(c.text[pos:m.start()]))
                    cid = self.anchor(n)
                    out.append(f'<a class="citation" id="{cid}" href="#ref-{n}"{self.title_attr(n)}>{n}</a>')
                    pos = m.end()
            out.append(html.escape(c.text[pos:]))
            return "".join(out)
        n = c.targets[0]
        cid = self.anchor(n)
        return f'<a class="citation" id="{cid}" href="#ref-{n}"{self.title_attr(n)}>{html.escape(c.text)}</a>'

    def text(self, text: str, cites, mentions) -> str:
        """Markdown for a paragraph: escaped text with citation links and links of the mentions of the
        article's tables and figures ("Table 2" → #table-2) in it (raw inline HTML)."""
        spans = [(c.start, c.end, c) for c in cites or []]
        spans += [(s, e, f"{kind}-{n}") for s, e, kind, n in mentions or [] if f"{kind}-{n}" in self.anchors
                  and not any(s < ce and cs < e for cs, ce, _ in spans)]
        if not spans:
            return md_escape(text)
        out, pos = [], 0
        for start, end, what in sorted(spans, key=lambda sp: sp[0]):
            out.append(md_escape(text[pos:start]) if pos == 0 else md_escape_inline(text[pos:start]))
            out.append(f'<a class="xref" href="#{what}">{html.escape(text[start:end])}</a>' if isinstance(what, str)
                       else self.link(what))
            pos = end
        out.append(md_escape_inline(text[pos:]))
        return "".join(out)


def references_section(art: Article, linker: CitationLinker, lang: str) -> list[str]:
    """The reference list at the end, in source order, with anchors, back-links, URLs and DOIs as links."""
    if not art.references:
        if any(b.cites for b in art.body):
            return ['<p class="references-missing">' + html.escape(NO_LIST.get(lang, NO_LIST["en"])) + "</p>", ""]
        return []
    heads = [rl.heading for rl in art.ref_lists] or [UI_WORD("references", lang)]
    out = ['<div class="article-references" markdown="1">', "",
           f"## {md_escape(' / '.join(dict.fromkeys(heads)))}", "", '<ol class="reference-list">']
    for ref in art.references:
        back = " ".join(f'<a class="backlink" href="#{cid}" title="{html.escape(UI_WORD("back", lang))}">↩</a>'
                        for cid in linker.backlinks.get(ref.number, []))
        translit = (f'<br><span class="reference-translit" lang="en">{linkify(ref.translit)}</span>'
                    if ref.translit else "")
        out.append(f'<li id="ref-{ref.number}" value="{ref.number}"><span class="reference-text">'
                   f"{linkify(ref.text)}</span>{translit} {back}</li>")
    out += ["</ol>", ""]
    if art.references_from == "editor":
        out += [f'<p class="references-note">{html.escape(UI_WORD("references_editor", lang))}</p>', ""]
    return out + ["</div>", ""]


def render_block(b: Block, page_lang: str | None, linker: CitationLinker | None = None) -> list[str]:
    lang_attr = (f'{{ lang="{b.lang}" }}' if b.lang and page_lang and b.lang != page_lang
                 and len(labels.letters(b.text + "".join(b.items))) >= 25 else "")
    if b.kind == "heading":
        hashes = "#" * max(2, min(b.level, 4))
        return [f"{hashes} {md_escape(b.text)}" + (" " + lang_attr if lang_attr else ""), ""]
    if b.kind == "paragraph":
        if linker is None:
            return [md_escape(b.text)] + ([lang_attr] if lang_attr else []) + [""]
        linker.paragraphs += 1
        pid = f"para-{linker.paragraphs}"
        attrs = f'{{ #{pid}' + (f' lang="{b.lang}"' if lang_attr else "") + " }"
        link = (f' <a class="para-link" href="#{pid}" title="{html.escape(UI.get(page_lang or "en", UI["en"])["para"])}"'
                ' aria-label="¶">¶</a>')
        return [linker.text(b.text, b.cites.get(-1), b.mentions.get(-1)) + link, attrs, ""]
    if b.kind == "list":
        lines = []
        for n, item in enumerate(b.items, 1):
            cites = b.cites.get(n - 1) if linker else None
            if b.ordered:
                m = re.match(r"^(\d+)[.)]\s*(.*)$", item)
                num, rest = (m.group(1), m.group(2)) if m else (str(n), item)
                if cites:  # positions are in the item as printed, number included
                    lines.append(f"{num}. " + linker.text(item, cites, b.mentions.get(n - 1))[len(md_escape(item[:len(item) - len(rest)])):])
                else:
                    lines.append(f"{num}. {md_escape(rest)}")
            else:
                lines.append("- " + (linker.text(item, cites, b.mentions.get(n - 1)) if cites else md_escape(item)))
        return lines + [""]
    if b.kind == "figure":
        return render_figure(b, page_lang)
    if b.kind == "table":
        return render_table(b, page_lang)
    return [md_escape(b.text), ""]


def _cell_html(text: str) -> str:
    """A cell's text, escaped; the lines of a bullet list inside it kept apart."""
    return "<br>\n".join(html.escape(line) for line in text.split("\n"))


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """The columns whose body cells are all numbers (a dash or a bare "%" for a missing value), at least
    one a number: set right-aligned, in tabular figures, as a journal prints them."""
    from convert.passes.tables.numbers import is_cell_number, number_class

    width = max((len(r) for r in rows), default=0)
    out = set()
    for c in range(width):
        cells = [re.sub(r"\s", "", r[c]) for r in rows if c < len(r) and r[c].strip()]
        if cells and all(is_cell_number(x) for x in cells) and any(number_class(x) for x in cells):
            out.add(c)
    return out


def _grid_rows(info) -> list[str]:
    """The <tr>s of a grid, header rows first; a merged cell once, with its rowspan/colspan, and the
    positions it covers left out; the body cells of number columns marked `num`."""
    covered = {(r + i, c + j) for (r, c), (rs, cs) in info.spans.items()
               for i in range(rs) for j in range(cs) if i or j}
    numbers = numeric_columns(info.rows)
    out = []
    for r, row in enumerate(info.header + info.rows):
        tag = "th" if r < len(info.header) else "td"
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = info.spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            if tag == "td" and c in numbers and cs == 1:
                attrs += ' class="num"'
            cells.append(f"<{tag}{attrs}>{_cell_html(text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


def render_table(b: Block, lang: str | None = None) -> list[str]:
    """A rebuilt (or editor-supplied) table as an HTML table with its caption and id; a table that could
    not be rebuilt as its caption, a note and its lines as extracted, in a marked block (the reason is the
    report's); the edition's words in the page's language `lang`."""
    from convert.passes.tables import element_id

    tid = element_id(b)
    info = b.grid  # None for a block built without the paragraph builder
    note = f'<p class="table-note">{html.escape(b.note)}</p>' if b.note else ""
    if info is not None and info.status in ("rebuilt", "editor"):
        out = ['<div class="table-block">', f'<table class="edition-table" id="{tid}">',
               f"<caption>{html.escape(b.text)}</caption>"]
        rows = _grid_rows(info)
        if info.header:
            out.append("<thead>")
            out += rows[:len(info.header)]
            out.append("</thead>")
        out.append("<tbody>")
        out += rows[len(info.header):]
        out += ["</tbody>", "</table>"]
        if note:
            out.append(note)
        if info.status == "editor":
            out.append(f'<p class="table-editor-note">{html.escape(UI_WORD("table_editor", lang))}</p>')
        return out + ["</div>", ""]
    if (info is not None and info.status == "missing") or not b.items:
        return [f'<div class="table-unrebuilt table-missing" id="{tid}">',
                f'<p class="table-caption">{html.escape(b.text)}</p>',
                f'<p class="table-warning">{html.escape(UI_WORD("table_missing", lang))}</p>' + note, "</div>", ""]
    return [f'<div class="table-unrebuilt" id="{tid}">',
            f'<p class="table-caption">{html.escape(b.text)}</p>',
            f'<p class="table-warning">{html.escape(UI_WORD("table_unrebuilt", lang))}</p>',
            f"<pre>{html.escape(chr(10).join(b.items))}</pre>{note}", "</div>", ""]


def render_figure(b: Block, lang: str | None = None) -> list[str]:
    """A figure: the editor's image when there is one, else a placeholder; caption and note."""
    from convert.passes.tables import element_id

    fid = element_id(b)
    info = b.grid  # None for a block built without the paragraph builder
    note = f'<p class="figure-note">{html.escape(b.note)}</p>' if b.note else ""
    if info is not None and info.image_name:
        body = (f'<img src="{html.escape(info.image_name, quote=True)}" alt="{html.escape(b.text, quote=True)}" '
                'loading="lazy">')
        return [f'<figure class="figure-image" id="{fid}">', body,
                f"<figcaption>{html.escape(b.text)}</figcaption>{note}", "</figure>", ""]
    return [f'<figure class="figure-placeholder" id="{fid}">',
            f'<div class="figure-missing">{html.escape(UI_WORD("figure_missing", lang))}</div>',
            f"<figcaption>{html.escape(b.text)}</figcaption>{note}", "</figure>", ""]
