"""The JATS body and back of an article: sections from its headings, paragraphs with the ids their page
gives them (para-N), lists, tables as JATS tables, figures with their captions, in-text citations as
`xref`s to the `ref-list`, whose entries carry the parsed fields as an `element-citation`, the entry as
printed and its transliterated form."""
from __future__ import annotations

import re

from lxml import etree

from convert.model import Article, Block
from convert.render.markdown import script_lang
from convert.render.xmltree import NOT_XML, XLINK, clean, sub

NOT_NCNAME = re.compile(r"[^\w.-]")


def xml_id(text: str) -> str:
    """An element id as an XML ID (an NCName): the page's id where it is one already."""
    ident = NOT_NCNAME.sub("-", text)
    return ident if re.match(r"[^\W\d]", ident) else "x-" + ident


class BodyWriter:
    """Appends blocks to the deepest open section, opening and closing sections at headings."""

    def __init__(self, root, art: Article):
        from convert.passes.tables import element_id

        self.root, self.stack = root, []  # (level, sec)
        self.paragraphs = 0
        self.refs = {r.number for r in art.references}
        self.anchors = {element_id(b) for b in art.body if b.kind in ("table", "figure")}
        self.kinds = {"table": "table", "figure": "fig"}

    def parent(self):
        return self.stack[-1][1] if self.stack else self.root

    def heading(self, b: Block) -> None:
        while self.stack and self.stack[-1][0] >= b.level:
            self.stack.pop()
        sec = sub(self.parent(), "sec")
        sub(sec, "title", b.text or "–")
        self.stack.append((b.level, sec))

    def spans(self, cites, mentions, shift: int = 0) -> list[tuple[int, int, str, str]]:
        """(start, end, rid, ref-type) of a text's citations that name listed references and of its
        mentions of the article's tables and figures."""
        out = []
        for c in cites or []:
            targets = [n for n in c.targets if n in self.refs]
            if targets:
                out.append((c.start - shift, c.end - shift, " ".join(f"ref-{n}" for n in targets), "bibr"))
        for s, e, kind, n in mentions or []:
            if f"{kind}-{n}" in self.anchors and not any(s - shift < oe and os < e - shift for os, oe, *_ in out):
                out.append((s - shift, e - shift, xml_id(f"{kind}-{n}"), self.kinds.get(kind, "table")))
        return sorted(sp for sp in out if sp[0] >= 0)

    def inline(self, el, text: str, spans) -> None:
        """`text` into `el`, the spans as xrefs (mixed content)."""
        pos, last = 0, None
        for start, end, rid, kind in spans:
            if start < pos:
                continue
            chunk = _xml_text(text[pos:start])
            if last is None:
                el.text = (el.text or "") + chunk
            else:
                last.tail = (last.tail or "") + chunk
            last = etree.SubElement(el, "xref", {"ref-type": kind, "rid": rid})
            last.text = _xml_text(text[start:end])
            pos = end
        rest = _xml_text(text[pos:])
        if last is None:
            el.text = (el.text or "") + rest
        else:
            last.tail = (last.tail or "") + rest

    def paragraph(self, b: Block, numbered: bool = True) -> None:
        if not clean(b.text):
            return
        attrs = {}
        if numbered:
            self.paragraphs += 1
            attrs["id"] = f"para-{self.paragraphs}"
        p = sub(self.parent(), "p", attrs=attrs)
        self.inline(p, b.text, self.spans(b.cites.get(-1), b.mentions.get(-1)))

    def listing(self, b: Block) -> None:
        items = [(n, item) for n, item in enumerate(b.items) if clean(item)]
        if not items:
            return
        lst = sub(self.parent(), "list", attrs={"list-type": "order" if b.ordered else "bullet"})
        for n, item in items:
            li = sub(lst, "list-item")
            text, shift = item, 0
            m = re.match(r"^(\d+)[.)]\s*", item) if b.ordered else None
            if m and item[m.end():].strip():
                sub(li, "label", m.group(1))
                text, shift = item[m.end():], m.end()
            p = sub(li, "p")
            self.inline(p, text, self.spans(b.cites.get(n), b.mentions.get(n), shift))

    def add(self, b: Block, numbered: bool = True) -> None:
        if b.kind == "heading":
            self.heading(b)
        elif b.kind == "paragraph":
            self.paragraph(b, numbered)
        elif b.kind == "list":
            self.listing(b)
        elif b.kind == "table":
            self.parent().append(table_wrap(b))
        elif b.kind == "figure":
            self.parent().append(figure(b))
        else:
            self.paragraph(b, numbered=False)


def _xml_text(text: str) -> str:
    """A piece of source text as XML can hold it (spacing kept: a citation's offsets are in it)."""
    return NOT_XML.sub("", text)


def jats_body(art: Article):
    body = etree.Element("body")
    writer = BodyWriter(body, art)
    for b in art.body:
        writer.add(b)
    return body


def caption(parent, b: Block) -> None:
    cap = sub(parent, "caption")
    if not (sub(cap, "p", b.text) is not None or b.note):
        parent.remove(cap)


def table_wrap(b: Block):
    """A rebuilt (or editor's) table as a JATS table; a table not rebuilt keeps its lines as extracted."""
    from convert.passes.tables import element_id

    wrap = etree.Element("table-wrap", {"id": xml_id(element_id(b))})
    sub(wrap, "label", b.label)
    caption(wrap, b)
    info = b.grid
    if info is not None and info.status in ("rebuilt", "editor") and (info.header or info.rows):
        grid(sub(wrap, "table"), info)
    elif b.items and clean("".join(b.items)):
        pre = sub(wrap, "preformat", attrs={"preformat-type": "extracted-lines"})
        pre.text = _xml_text("\n".join(b.items))
    if b.note and clean(b.note):
        sub(sub(wrap, "table-wrap-foot"), "p", b.note)
    return wrap


def grid(table, info) -> None:
    covered = {(r + i, c + j) for (r, c), (rs, cs) in info.spans.items()
               for i in range(rs) for j in range(cs) if i or j}
    parts = [("thead", "th", info.header, 0), ("tbody", "td", info.rows, len(info.header))]
    for group_tag, cell_tag, rows, offset in parts:
        if not rows:
            continue
        group = sub(table, group_tag)
        for r, row in enumerate(rows, offset):
            tr = sub(group, "tr")
            for c, text in enumerate(row):
                if (r, c) in covered:
                    continue
                rs, cs = info.spans.get((r, c), (1, 1))
                cell = sub(tr, cell_tag, attrs={"rowspan": str(rs) if rs > 1 else None,
                                                "colspan": str(cs) if cs > 1 else None})
                for k, line in enumerate(text.split("\n")):
                    if k:
                        etree.SubElement(cell, "break")
                    line = clean(line)
                    if k == 0:
                        cell.text = line
                    else:
                        cell[-1].tail = line


def figure(b: Block):
    from convert.passes.tables import element_id

    fig = etree.Element("fig", {"id": xml_id(element_id(b))})
    sub(fig, "label", b.label)
    caption(fig, b)
    if b.note and clean(b.note):
        cap = fig.find("caption")
        sub(cap if cap is not None else sub(fig, "caption"), "p", b.note)
    info = b.grid
    if info is not None and info.image_name:
        sub(fig, "graphic", attrs={f"{{{XLINK}}}href": info.image_name})
    return fig


def jats_back(art: Article):
    """`back`: the reference list and the back matter (contributions, author information) as notes."""
    if not art.references and not art.back:
        return None
    back = etree.Element("back")
    if art.references:
        heads = [rl.heading for rl in art.ref_lists] or ["References"]
        refs = sub(back, "ref-list")
        sub(refs, "title", " / ".join(dict.fromkeys(heads)))
        for ref in art.references:
            reference(refs, ref)
    notes = etree.Element("notes", {"notes-type": "back-matter"})
    writer = BodyWriter(notes, art)
    for b in art.back:
        writer.add(b, numbered=False)
    if len(notes):
        back.append(notes)
    return back


def reference(parent, ref) -> None:
    el = sub(parent, "ref", attrs={"id": f"ref-{ref.number}"})
    sub(el, "label", str(ref.number))
    alts = sub(el, "citation-alternatives")
    lang = script_lang(ref.text)
    cited = element_citation(ref.fields, lang)
    if cited is not None:
        alts.append(cited)
    sub(alts, "mixed-citation", ref.text, {"specific-use": "as-printed"}, lang=lang)
    if ref.translit and clean(ref.translit):
        if ref.translit_fields:
            tr = element_citation(ref.translit_fields, "en")
            if tr is not None:
                tr.set("specific-use", "transliteration")
                alts.append(tr)
        sub(alts, "mixed-citation", ref.translit, {"specific-use": "transliteration"}, lang="en")


def element_citation(fields: dict, lang: str | None):
    """The parsed fields of an entry as an element-citation; None when nothing was parsed."""
    kind = fields.get("type", "misc")
    pub = {"article": "journal", "book": "book", "online": "webpage"}.get(kind, "other")
    el = etree.Element("element-citation", {"publication-type": pub})
    people = [p for p in fields.get("authors") or [] if clean(p.get("family", ""))]
    if people:
        group = sub(el, "person-group", attrs={"person-group-type": "author"})
        for p in people:
            name = sub(group, "name")
            sub(name, "surname", p["family"])
            sub(name, "given-names", p.get("given"))
    if kind == "article":
        sub(el, "article-title", fields.get("title"))
        sub(el, "source", fields.get("container"))
    else:
        sub(el, "source", fields.get("title"))
    sub(el, "publisher-loc", fields.get("place"))
    sub(el, "publisher-name", fields.get("publisher"))
    sub(el, "year", fields.get("year"))
    sub(el, "volume", fields.get("volume"))
    first, _, last = str(fields.get("pages") or "").partition("-")
    sub(el, "fpage", first)
    sub(el, "lpage", last)
    sub(el, "pub-id", fields.get("doi"), {"pub-id-type": "doi"})
    sub(el, "uri", fields.get("url"))
    if not len(el):
        return None
    if lang:
        el.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return el
