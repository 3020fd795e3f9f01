"""Renderers: the document model becomes docs/ Markdown pages, nav.yml, articles.json and the report.

Source text is data: every string from a source goes through `md_escape` (Markdown)
or `html.escape` (raw HTML blocks) so it can never become markup, script or template.
Output is deterministic: sorted iteration, no timestamps, no absolute paths.
"""
from __future__ import annotations

import dataclasses
import html
import json
import re
from collections import defaultdict
from pathlib import Path

import yaml

from convert.text import labels as L
from convert.text.language import KAZAKH_LETTERS
from convert.model import LANGS, Article, Block, Matter, Report, SourceDoc

TAB_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
ABSTRACT_WORD = {"kk": "Аңдатпа", "ru": "Аннотация", "en": "Abstract"}
KEYWORDS_WORD = {"kk": "Түйін сөздер", "ru": "Ключевые слова", "en": "Keywords"}
UI = {  # the site's own words, in the page's language
    "kk": {"authors": "Авторлар", "topics": "Тақырыптар", "source": "Дереккөз", "fragment":
           "Үзінді: мақаланың атауы жоқ, мәтін толық емес болуы мүмкін.", "cite": "Мақаланы қалай сілтеме жасау",
           "copy": "Көшіру", "download": "Жүктеу", "para": "Осы абзацқа сілтеме"},
    "ru": {"authors": "Авторы", "topics": "Темы", "source": "Источник", "fragment":
           "Фрагмент: у текста нет заглавия, он может быть неполным.", "cite": "Как цитировать статью",
           "copy": "Копировать", "download": "Скачать", "para": "Ссылка на этот абзац"},
    "en": {"authors": "Authors", "topics": "Topics", "source": "Source", "fragment":
           "Fragment: this text has no title and may be incomplete.", "cite": "Cite this article",
           "copy": "Copy", "download": "Download", "para": "Link to this paragraph"},
}

NO_LIST = {"kk": "Мақаланың әдебиеттер тізімі дереккөз мәтінінде жоқ.",
           "ru": "Список литературы статьи в исходном тексте отсутствует.",
           "en": "The article's reference list is not available in the source text."}


# -- escaping --------------------------------------------------------------------------------
def md_escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text (no links, HTML, emphasis, attrs)."""
    # a line break would start a block, four leading spaces a code block
    t = html.escape(re.sub(r"[\r\n]+", " ", text).lstrip(" \t"), quote=False)
    t = re.sub(r"([\\`*_{}\[\]|])", r"\\\1", t)

    def lead(m: re.Match) -> str:  # "=?:~" cannot be backslash-escaped (the backslash would show)
        mark = m.group(2)
        if mark[0].isdigit():
            return m.group(1) + mark[:-1] + "\\" + mark[-1]
        return m.group(1) + (f"&#{ord(mark)};" if mark in "=?:~" else "\\" + mark)

    t = re.sub(r"^(\s*)([#+\-=!?:~>]|\d+[.)])", lead, t)
    return t


# libyaml's emitter (C) writes the same bytes as PyYAML's pure-Python one for these dumps except for
# characters the two treat differently (controls, tab, CR, C1, U+2028/9, BOM, U+FFFE/F, beyond the BMP),
# double-quoted strings that need folding (a space next to a line break makes a string double-quoted)
# and keys too long for a simple key (PyYAML counts characters, libyaml bytes); data with any of these
# takes the Python emitter (fuzzed, see tests/test_passes.py)
_CDumper = getattr(yaml, "CSafeDumper", None) if getattr(yaml, "__with_libyaml__", False) else None
_NOT_C_SAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]| \n|\n ")


def _simple_key_agrees(key: str) -> bool:
    """PyYAML writes a string key as a simple key up to 122 characters (it counts the 5 of the implicit
    tag "!!str" with them, below 128), libyaml up to 128 bytes: both agree when the key has at most
    122 bytes or at least 129 characters."""
    return len(key) >= 129 or len(key.encode("utf-8")) <= 122


def _c_safe(obj) -> bool:
    if isinstance(obj, str):
        return not _NOT_C_SAFE.search(obj)
    if isinstance(obj, dict):
        return all((not isinstance(k, str) or (_simple_key_agrees(k) and "\n" not in k and _c_safe(k)))
                   and _c_safe(v) for k, v in obj.items())
    if isinstance(obj, list):
        return all(_c_safe(v) for v in obj)
    return obj is None or isinstance(obj, (bool, int, float))


def safe_dump(data) -> str:
    """`yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)`, with libyaml when the
    bytes are the same."""
    if _CDumper is not None and _c_safe(data):
        return yaml.dump(data, Dumper=_CDumper, allow_unicode=True, sort_keys=False, width=1000)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def yaml_front(meta: dict) -> str:
    return "---\n" + safe_dump(meta) + "---\n"


# -- identities and URLs ---------------------------------------------------------------------
def issue_key(doc: SourceDoc) -> tuple[str, str]:
    info = doc.issue
    return info.journal_id, info.issue_id


def display(art: Article, lang: str | None = None) -> str:
    return display_lang(art, lang)[1]


def display_lang(art: Article, lang: str | None = None) -> tuple[str, str]:
    """(language, title) an article is listed by: the language asked for, else its body's."""
    for lg in (lang, art.body_lang, "ru", "kk", "en"):
        if lg and art.titles.get(lg):
            return lg, art.titles[lg]
    return "en", f"Fragment {art.ordinal}"


def short(text: str, n: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def sections_of(art: Article) -> list[str]:
    return [b.text for b in art.body if b.kind == "heading"]


def counts_of(art: Article) -> dict:
    from convert.passes.citations import count_citations

    return {
        "tables": sum(1 for b in art.body if b.kind == "table"),
        "figures": sum(1 for b in art.body if b.kind == "figure"),
        "references": len(art.references),
        "citations": count_citations(art),
    }


def author_records(art: Article) -> list[dict]:
    out = []
    for a in art.authors:
        rec = {"name": {k: v for k, v in sorted(a.names.items(), key=lambda kv: _lang_order(kv[0]))}}
        if a.affiliation:
            rec["affiliation"] = {k: v for k, v in sorted(a.affiliation.items(), key=lambda kv: _lang_order(kv[0]))
                                  if v}
        if a.email:
            rec["email"] = a.email
        if a.orcid:
            rec["orcid"] = a.orcid
        if a.corresponding:
            rec["corresponding"] = True
        out.append(rec)
    return out


def _lang_order(lang: str) -> int:
    return LANGS.index(lang) if lang in LANGS else 9


def author_display(rec: dict, lang: str | None) -> str:
    names = rec["name"]
    return names.get(lang) or next(iter(names.values()), "")


def issue_record(doc: SourceDoc) -> dict:
    info = doc.issue
    rec = {"journal_id": info.journal_id}
    for key in ("journal_names", "issn", "volume", "number", "year"):
        if getattr(info, key) not in (None, "", {}):
            rec[key] = getattr(info, key)
    return rec


def article_record(doc: SourceDoc, art: Article) -> dict:
    rec = {
        "url": art.url, "kind": art.kind, "source": art.source, "ordinal": art.ordinal,
        "lines": [art.first_line, art.last_line], "body_lang": art.body_lang,
        "titles": _ordered(art.titles), "abstracts": _ordered(art.abstracts),
        "keywords": _ordered(art.keywords), "authors": author_records(art), "doi": art.doi,
        "issue": issue_record(doc),
    }
    if art.pages:
        rec["pages"] = {"first": art.pages[0], "last": art.pages[1]}
    for key, value in (("dates", art.dates), ("ids", art.ids), ("licence", art.licence)):
        if value:
            rec[key] = value
    rec["sections"] = sections_of(art)
    rec["counts"] = counts_of(art)
    return rec


def _ordered(d: dict) -> dict:
    return {k: d[k] for k in sorted(d, key=_lang_order)}


# -- article page ----------------------------------------------------------------------------
def front_tabs(art: Article) -> list[str]:
    """Title, authors, affiliations, abstract and keywords per language, as content tabs kk/ru/en."""
    out = []
    for lang in LANGS:
        title, abstract, kws = art.titles.get(lang), art.abstracts.get(lang), art.keywords.get(lang)
        if not (title or abstract or kws):
            continue
        blocks = [fb for fb in art.front if fb.lang == lang]
        out += [f'=== "{TAB_LABELS[lang]}"', "", f'    <div lang="{lang}">', ""]
        if title:
            out += ["    **" + md_escape(title) + "**", ""]
        for fb in blocks[:1]:
            for t in fb.author_lines:
                out += ["    " + md_escape(t), "    { .article-authors }", ""]
            for t in fb.affiliation_lines:
                out += ["    " + md_escape(t), "    { .article-affiliation }", ""]
        if abstract:
            for n, para in enumerate(abstract.split("\n\n")):
                lead = f"**{ABSTRACT_WORD[lang]}.** " if n == 0 else ""
                out += ["    " + lead + md_escape(para), ""]
        if kws:
            out += [f"    **{KEYWORDS_WORD[lang]}:** " + md_escape(", ".join(kws)), ""]
        out += ["    </div>", ""]
    return out


def unused_front(art: Article) -> list[str]:
    """Front-matter text that no tab shows (a second block in one language, lines not understood)."""
    out = []
    seen: set[str] = set()
    for fb in art.front:
        used = fb.lang in LANGS and fb.lang not in seen
        seen.add(fb.lang or "")
        if not used:
            for text in [fb.title, *fb.author_lines, *fb.affiliation_lines, fb.abstract, ", ".join(fb.keywords)]:
                for para in (text or "").split("\n\n"):
                    if para.strip():
                        out += [md_escape(para), ""]
        out += [md_escape(ln.text.strip()) for ln in fb.other_lines for _ in (0,)]
        if fb.other_lines:
            out.append("")
    return out


URL_IN_TEXT = re.compile(r"(https?://[^\s<>]+[^\s<>.,;)\]])|\b(10\.\d{4,9}/[^\s<>\"»,;]+[^\s<>\"».,;)])")


def linkify(text: str) -> str:
    """Plain text → HTML with URLs and DOIs as links (everything else escaped)."""
    out, pos = [], 0
    for m in URL_IN_TEXT.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        href = m.group(1) or f"https://doi.org/{m.group(2)}"
        out.append(f'<a href="{html.escape(href, quote=True)}">{html.escape(m.group(0))}</a>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


class CitationLinker:
    """Turns citations into links to the reference list, numbering each occurrence for back-links."""

    def __init__(self, art: Article):
        from convert.passes.tables import element_id

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
            hint = "the reference list is not available" if not self.refs else "no such reference in the list"
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

    def text(self, text: str, cites) -> str:
        """Markdown for a paragraph: escaped text with citation links and links of the mentions of the
        article's tables and figures ("Table 2" → #table-2) in it (raw inline HTML)."""
        from convert.passes.tables import find_mentions

        spans = [(c.start, c.end, c) for c in cites or []]
        spans += [(s, e, f"{kind}-{n}") for s, e, kind, n in find_mentions(text) if f"{kind}-{n}" in self.anchors
                  and not any(s < ce and cs < e for cs, ce, _ in spans)]
        if not spans:
            return md_escape(text)
        out, pos = [], 0
        for start, end, what in sorted(spans, key=lambda sp: sp[0]):
            out.append(md_escape(text[pos:start]) if pos == 0 else _md_escape_inline(text[pos:start]))
            out.append(f'<a class="xref" href="#{what}">{html.escape(text[start:end])}</a>' if isinstance(what, str)
                       else self.link(what))
            pos = end
        out.append(_md_escape_inline(text[pos:]))
        return "".join(out)


def _md_escape_inline(text: str) -> str:
    """Like md_escape, for text that does not start a line."""
    t = html.escape(re.sub(r"[\r\n]+", " ", text), quote=False)  # a line break would start a block
    return re.sub(r"([\\`*_{}\[\]|])", r"\\\1", t)


def references_section(art: Article, linker: CitationLinker, lang: str) -> list[str]:
    """The reference list at the end, in source order, with anchors, back-links, URLs and DOIs as links."""
    if not art.references:
        if any(b.cites for b in art.body):
            return ['<p class="references-missing">' + html.escape(NO_LIST.get(lang, NO_LIST["en"])) + "</p>", ""]
        return []
    heads = [rl.heading for rl in art.ref_lists] or ["References"]
    out = ['<div class="article-references" markdown="1">', "",
           f"## {md_escape(' / '.join(dict.fromkeys(heads)))}", "", '<ol class="reference-list">']
    for ref in art.references:
        back = " ".join(f'<a class="backlink" href="#{cid}" title="back to the text">↩</a>'
                        for cid in linker.backlinks.get(ref.number, []))
        translit = (f'<br><span class="reference-translit" lang="en">{linkify(ref.translit)}</span>'
                    if ref.translit else "")
        out.append(f'<li id="ref-{ref.number}" value="{ref.number}"><span class="reference-text">'
                   f"{linkify(ref.text)}</span>{translit} {back}</li>")
    out += ["</ol>", ""]
    if art.references_from == "editor":
        out += ['<p class="references-note">Reference list supplied by the editors (BibTeX).</p>', ""]
    return out + ["</div>", ""]


def render_block(b: Block, page_lang: str | None, linker: CitationLinker | None = None) -> list[str]:
    lang_attr = (f'{{ lang="{b.lang}" }}' if b.lang and page_lang and b.lang != page_lang
                 and len(L.letters(b.text + "".join(b.items))) >= 25 else "")
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
        return [linker.text(b.text, b.cites.get(-1)) + link, attrs, ""]
    if b.kind == "list":
        lines = []
        for n, item in enumerate(b.items, 1):
            cites = b.cites.get(n - 1) if linker else None
            if b.ordered:
                m = re.match(r"^(\d+)[.)]\s*(.*)$", item)
                num, rest = (m.group(1), m.group(2)) if m else (str(n), item)
                if cites:  # positions are in the item as printed, number included
                    lines.append(f"{num}. " + linker.text(item, cites)[len(md_escape(item[:len(item) - len(rest)])):])
                else:
                    lines.append(f"{num}. {md_escape(rest)}")
            else:
                lines.append("- " + (linker.text(item, cites) if cites else md_escape(item)))
        return lines + [""]
    if b.kind == "figure":
        return render_figure(b)
    if b.kind == "table":
        return render_table(b)
    return [md_escape(b.text), ""]


def _cell_html(text: str) -> str:
    """A cell's text, escaped; the lines of a bullet list inside it kept apart."""
    return "<br>\n".join(html.escape(line) for line in text.split("\n"))


def render_table(b: Block) -> list[str]:
    """A rebuilt (or editor-supplied) table as an HTML table with its caption and id; a table that could
    not be rebuilt as its caption, the reason and its lines as extracted, in a marked block."""
    from convert.model import TableInfo
    from convert.passes.tables import element_id

    tid = element_id(b)
    info = b.grid if isinstance(b.grid, TableInfo) else None
    note = f'<p class="table-note">{html.escape(b.note)}</p>' if b.note else ""
    if info is not None and info.status in ("rebuilt", "editor"):
        out = ['<div class="table-block">', f'<table class="edition-table" id="{tid}">',
               f"<caption>{html.escape(b.text)}</caption>"]
        if info.header:
            out.append("<thead>")
            out += ["<tr>" + "".join(f"<th>{_cell_html(c)}</th>" for c in row) + "</tr>" for row in info.header]
            out.append("</thead>")
        out.append("<tbody>")
        out += ["<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>" for row in info.rows]
        out += ["</tbody>", "</table>"]
        if note:
            out.append(note)
        if info.status == "editor":
            out.append('<p class="table-editor-note">Table supplied by the editors.</p>')
        return out + ["</div>", ""]
    if (info is not None and info.status == "missing") or not b.items:
        return [f'<div class="table-unrebuilt table-missing" id="{tid}">',
                f'<p class="table-caption">{html.escape(b.text)}</p>',
                '<p class="table-warning" lang="en">This table is not in the source text (it was printed as an '
                "image).</p>" + note, "</div>", ""]
    reason = f" ({html.escape(info.reason)})" if info is not None and info.reason else ""
    return [f'<div class="table-unrebuilt" id="{tid}">',
            f'<p class="table-caption">{html.escape(b.text)}</p>',
            f'<p class="table-warning" lang="en">This table could not be rebuilt from the extracted text{reason}; '
            "its lines are shown as extracted.</p>",
            f"<pre>{html.escape(chr(10).join(b.items))}</pre>{note}", "</div>", ""]


def render_figure(b: Block) -> list[str]:
    """A figure: the editor's image when there is one, else a placeholder; caption and note."""
    from convert.model import TableInfo
    from convert.passes.tables import element_id

    fid = element_id(b)
    info = b.grid if isinstance(b.grid, TableInfo) else None
    note = f'<p class="figure-note">{html.escape(b.note)}</p>' if b.note else ""
    if info is not None and info.image_name:
        body = (f'<img src="{html.escape(info.image_name, quote=True)}" alt="{html.escape(b.text, quote=True)}" '
                'loading="lazy">')
        return [f'<figure class="figure-image" id="{fid}">', body,
                f"<figcaption>{html.escape(b.text)}</figcaption>{note}", "</figure>", ""]
    return [f'<figure class="figure-placeholder" id="{fid}">',
            '<div class="figure-missing">Figure not available in the source text</div>',
            f"<figcaption>{html.escape(b.text)}</figcaption>{note}", "</figure>", ""]


def cite_box(art: Article, cite: dict, lang: str) -> list[str]:
    """"Cite this article": GOST and APA strings with copy buttons, and the downloads."""
    ui = UI.get(lang, UI["en"])
    out = ['<div class="cite-box">', f'<p class="cite-box-title"><strong>{html.escape(ui["cite"])}</strong></p>']
    for key, label in (("gost", "ГОСТ Р 7.0.5-2008"), ("apa", "APA 7")):
        if cite.get(key):
            out.append(f'<p class="cite-style"><span class="cite-label">{label}:</span> '
                       f'<span class="cite-text" id="cite-{key}" lang="{cite.get("lang", lang)}">{html.escape(cite[key])}</span> '
                       f'<button type="button" class="cite-copy md-button" data-copy="cite-{key}">'
                       f'{html.escape(ui["copy"])}</button></p>')
    links = [f'<a href="{art.slug}.bib" download>BibTeX</a>', f'<a href="{art.slug}.ris" download>RIS</a>',
             f'<a href="{art.slug}.csl.json" download>CSL-JSON</a>']
    if art.references:
        links.append(f'<a href="{art.slug}.references.bib" download>References (BibTeX)</a>')
    out += [f'<p class="cite-downloads">{html.escape(ui["download"])}: ' + " · ".join(links) + "</p>", "</div>", ""]
    return out


def article_page(doc: SourceDoc, art: Article, rec: dict, topic_links: list[tuple[str, str, str]],
                 cite: dict | None = None, head: dict | None = None) -> str:
    cite = cite or {}
    lang = art.body_lang or "ru"
    title = display(art, lang)
    authors = rec["authors"]
    meta = {
        "title": short(title, 200), "kind": art.kind, "lang": lang, "source": art.source,
        "titles": rec["titles"], "abstracts_short": {k: short(v, 300) for k, v in rec["abstracts"].items()},
        "authors": [{"display": author_display(a, lang), **a} for a in authors],
        "keywords_flat": [k for lg in LANGS for k in rec["keywords"].get(lg, [])],
        "issue": {**{k: v for k, v in rec["issue"].items() if k in ("volume", "number", "year", "issn")},
                  **({"journal": _journal_name(doc, lang)} if _journal_name(doc, lang) else {})},
    }
    for key in ("doi",):
        if rec.get(key):
            meta[key] = rec[key]
    if art.pages:
        meta["first_page"], meta["last_page"] = art.pages
    desc = rec["abstracts"].get(lang) or next(iter(rec["abstracts"].values()), "")
    if desc:
        meta["description"] = short(desc, 200)
    if head:
        meta["head"] = head
    title_lang = next((lg for lg in (lang, "ru", "kk", "en") if art.titles.get(lg) == title), lang)
    out = [yaml_front(meta), f"# {md_escape(title)}" + (f' {{ lang="{title_lang}" }}' if title_lang != lang else ""), ""]
    if art.kind == "fragment":
        out += ['<p class="fragment-flag">' + html.escape(UI[lang]["fragment"]) + "</p>", ""]
    header = []
    if authors:
        shown = ", ".join(author_display(a, lang) for a in authors)
        names_lang = script_lang(shown)
        attr = f' lang="{names_lang}"' if names_lang and names_lang != lang else ""
        header.append(f'<p class="article-authors"{attr}>{html.escape(shown)}</p>')
    facts = []
    if art.doi:
        doi = html.escape(art.doi, quote=True)
        facts.append(f'DOI: <a href="https://doi.org/{doi}">{doi}</a>')
    for k, v in sorted(art.ids.items()):
        facts.append(html.escape(v) if k == "article_type" else f"{html.escape(k)}: {html.escape(v)}")
    for k in ("received", "revised", "accepted", "online"):
        if art.dates.get(k):
            facts.append(f"{k}: {html.escape(art.dates[k])}")
    if art.emails:
        facts.append("E-mail: " + ", ".join(html.escape(e) for e in art.emails))
    if art.orcids:
        facts.append("ORCID: " + ", ".join(html.escape(o) for o in art.orcids))
    if facts:
        header.append('<p class="article-facts">' + " · ".join(facts) + "</p>")
    if header:
        out += ['<div class="article-header">', *header, "</div>", ""]
    out += front_tabs(art)
    out += cite_box(art, cite, lang)
    linker = CitationLinker(art)
    top = min((b.level for b in art.body if b.kind == "heading"), default=2)
    for b in art.body:
        if b.kind == "heading":  # the body's top heading level is h2, under the page's h1
            b = Block(**{**b.__dict__, "level": b.level - top + 2})
        out += render_block(b, lang, linker)
    out += references_section(art, linker, lang)
    back = [line for b in art.back for line in render_block(b, lang)]
    other = unused_front(art)
    if other:
        back += ["## Other front matter", "", *other]
    if back:
        out += ['<div class="article-back" markdown="1">', "", *back, "</div>", ""]
    tail = []
    if topic_links:
        links = ", ".join(f"[{md_escape(label)}]({href})" + (_lang_attr(lg) if lg != lang else "")
                          for label, href, lg in topic_links)
        tail += [f"**{UI[lang]['topics']}:** {links}", ""]
    licence = rec.get("licence")
    src = f"{UI[lang]['source']}: {art.source}, lines {art.first_line}–{art.last_line}"
    tail += [f'<p class="article-source">{html.escape(src)}' + (f" · {html.escape(licence)}" if licence else "")
             + "</p>", ""]
    out += ['<div class="article-end" markdown="1">', "", *tail, "</div>"]
    return "\n".join(out).rstrip() + "\n"


def _journal_name(doc: SourceDoc, lang: str) -> str:
    names = doc.issue.journal_names
    return names.get(lang) or next((names[k] for k in LANGS if names.get(k)), "")


def matter_page(doc: SourceDoc, m: Matter) -> str:
    # the page speaks the edition's English; each block of the journal's text is marked with its language
    meta = {"title": m.title, "kind": "matter", "source": doc.name, "lang": "en"}
    out = [yaml_front(meta), f"# {md_escape(m.title)}", "",
           '<p class="matter-note">Journal matter, not an article.</p>', ""]
    for b in m.blocks:
        lang = script_lang(b.text + " ".join(b.items)) or "en"
        rendered = render_block(dataclasses.replace(b, lang=None), "en")
        out += ([f'<div lang="{lang}" markdown="1">', "", *rendered, "</div>", ""] if lang != "en" else rendered)
    return "\n".join(out).rstrip() + "\n"


# -- edition-wide pages ----------------------------------------------------------------------
def write_edition(docs_dir: Path, docs: list[SourceDoc], report: Report, redirects=(),
                  concepts: list[dict] | None = None) -> list[dict]:
    """Write every generated page under docs_dir (which the caller emptied) and return the records."""
    from convert.passes.bibliography import bibtex_text as references_bibtex
    from convert.passes.corrections import copy_images
    from convert.render.citation import bibtex_text, citation_lang, csl_item, formatted, ris_text
    from convert.render.metadata import dublin_core, highwire, json_ld

    docs_dir.mkdir(parents=True, exist_ok=True)
    records: list[dict] = []
    issues: dict[tuple[str, str], list[SourceDoc]] = defaultdict(list)
    for doc in docs:
        issues[issue_key(doc)].append(doc)
    concepts = concepts if concepts is not None else []
    topics_of: dict[str, list[dict]] = defaultdict(list)
    for c in concepts:
        for url in c["articles"]:
            topics_of[url].append(c)
    items_by_issue: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for doc in docs:
        for art in doc.articles:
            rec = article_record(doc, art)
            rec["topics"] = sorted(c["slug"] for c in topics_of[art.url])
            records.append(rec)
            lang = art.body_lang or "ru"
            links = [(topic_label(c, lang), "../../topics/" + c["slug"] + ".md", topic_label_lang(c, lang))
                     for c in sorted(topics_of[art.url], key=lambda c: topic_label(c, lang).casefold())]
            path = docs_dir / art.url.replace(".html", ".md")
            path.parent.mkdir(parents=True, exist_ok=True)
            item = csl_item(doc, art)
            items_by_issue[issue_key(doc)].append(item)
            cite = {style: formatted(item, style, citation_lang(art)) for style in ("gost", "apa")}
            cite["lang"] = citation_lang(art)
            head = {"highwire": highwire(doc, art, rec, None), "dc": dublin_core(doc, art, rec, None),
                    "jsonld": json_ld(doc, art, rec, None)}
            path.write_text(article_page(doc, art, rec, links, cite, head), encoding="utf-8")
            copy_images(art, path.parent)  # the editor's figure images, next to the page
            stem = path.with_suffix("")
            stem.with_suffix(".bib").write_text(bibtex_text([item]), encoding="utf-8")
            stem.with_suffix(".ris").write_text(ris_text([item]), encoding="utf-8")
            stem.with_suffix(".csl.json").write_text(json.dumps([item], ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
            if art.references:
                stem.with_suffix(".references.bib").write_text(references_bibtex(art), encoding="utf-8")
        for m in doc.matter:
            if m.published:
                jid, iid = issue_key(doc)
                path = docs_dir / jid / iid / f"{m.what}.md"
                path.write_text(matter_page(doc, m), encoding="utf-8")
    for jid, items in _journals(issues):
        _write_journal_page(docs_dir, jid, items)
    for (jid, iid), group in sorted(issues.items()):
        _write_issue_page(docs_dir, jid, iid, group)
        items = items_by_issue[(jid, iid)]
        (docs_dir / jid / iid / "issue.bib").write_text(bibtex_text(items), encoding="utf-8")
        (docs_dir / jid / iid / "issue.ris").write_text(ris_text(items), encoding="utf-8")
        (docs_dir / jid / iid / "issue.csl.json").write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n",
                                                          encoding="utf-8")
    for r in redirects:
        _write_redirect(docs_dir / r["issue"] / f"{r['alias']}.html", f"{r['id']}.html")
    _write_home(docs_dir, issues)
    _write_topics(docs_dir, concepts, {a.url: display_lang(a) for d in docs for a in d.articles})
    _write_report(docs_dir, docs, report, records)
    (docs_dir / "articles.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    nav = build_nav(issues)
    (docs_dir / "nav.yml").write_text(safe_dump(nav),
                                      encoding="utf-8")
    return records


def _write_redirect(path: Path, target: str) -> None:
    """An old article URL left behind when its id changed: a static page that forwards to the new one."""
    t = html.escape(target, quote=True)
    path.write_text(f'<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>\n'
                    f'<link rel="canonical" href="{t}">\n<meta http-equiv="refresh" content="0; url={t}">\n'
                    f'</head><body><p>This article moved to <a href="{t}">{t}</a>.</p></body></html>\n',
                    encoding="utf-8")


def issue_title(doc: SourceDoc) -> str:
    info = doc.issue
    parts = []
    if info.year:
        parts.append(str(info.year))
    if info.number:
        parts.append(f"№{info.number}" + (f"({info.volume})" if info.volume else ""))
    return ", ".join(parts) if parts else f"Issue not identified ({Path(doc.name).stem})"


def journal_title(doc: SourceDoc) -> str:
    return journal_title_lang(doc)[1]


def journal_title_lang(doc: SourceDoc) -> tuple[str, str]:
    """(language, name) a journal is shown by: Russian, else Kazakh, else English."""
    names = doc.issue.journal_names
    for lang in ("ru", "kk", "en"):
        if names.get(lang):
            return lang, names[lang]
    return "en", "Unidentified journal"


def script_lang(text: str) -> str | None:
    """kk / ru / en by the letters of a short text (names, labels), None without letters."""
    if re.search(f"[{KAZAKH_LETTERS}]", text):
        return "kk"
    if re.search(r"[а-яёА-ЯЁ]", text):
        return "ru"
    return "en" if re.search(r"[A-Za-z]", text) else None


def lang_span(text_html: str, text: str, page_lang: str | None) -> str:
    """Escaped text wrapped in a span with its language when that differs from the page's."""
    lang = script_lang(text)
    return f'<span lang="{lang}">{text_html}</span>' if lang and lang != page_lang else text_html


def _lang_attr(lang: str) -> str:
    """attr_list for a heading: its language (validated: it comes from data)."""
    return f' {{ lang="{lang}" }}' if lang in LANGS else ""


def _write_issue_page(docs_dir: Path, jid: str, iid: str, group: list[SourceDoc]) -> None:
    first = group[0]
    out = [yaml_front({"title": f"{journal_title(first)} — {issue_title(first)}", "kind": "issue", "lang": "en"}),
           f"# {md_escape(journal_title(first))}{_lang_attr(journal_title_lang(first)[0])}", "",
           f"**{md_escape(issue_title(first))}**", ""]
    for doc in group:
        for art in doc.articles:
            authors = ", ".join(author_display(a, art.body_lang) for a in author_records(art))
            shown_lang, shown = display_lang(art)
            out += [f"## [{md_escape(shown)}]({art.slug}.md)" + (_lang_attr(shown_lang) if art.titles else ""), ""]
            if authors:
                attr = f' lang="{script_lang(authors)}"' if script_lang(authors) not in (None, "en") else ""
                out += [f'<p class="toc-authors"{attr}><em>{html.escape(authors)}</em></p>', ""]
            for lang in LANGS:
                t = art.titles.get(lang)
                if t and t != shown:
                    out += [f'<p lang="{lang}" class="toc-alt-title">{html.escape(t)}</p>', ""]
            if art.kind == "fragment":
                out += ['<p class="fragment-flag">Fragment</p>', ""]
        for m in doc.matter:
            if m.published:
                out += [f"## [{md_escape(m.title)}]({m.what}.md)", ""]
    out += ['<p class="cite-downloads">All articles of this issue: <a href="issue.bib" download>BibTeX</a> · '
            '<a href="issue.ris" download>RIS</a> · <a href="issue.csl.json" download>CSL-JSON</a></p>', ""]
    (docs_dir / jid / iid).mkdir(parents=True, exist_ok=True)
    (docs_dir / jid / iid / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def _write_home(docs_dir: Path, issues) -> None:
    out = [yaml_front({"title": "Home", "lang": "en"}), "# Kazakhstan social and political science journals", "",
           "Digital edition of journal articles, each with its title, abstract and keywords in Kazakh, "
           "Russian and English.", ""]
    by_journal = defaultdict(list)
    for (jid, iid), group in sorted(issues.items()):
        by_journal[jid].append((iid, group))
    for jid, items in sorted(by_journal.items()):
        first = items[0][1][0]
        names = first.issue.journal_names
        out += [f"## [{md_escape(journal_title(first))}]({jid}/index.md){_lang_attr(journal_title_lang(first)[0])}", ""]
        for lang in LANGS:
            if names.get(lang) and names[lang] != journal_title(first):
                out += [f'<p lang="{lang}">{html.escape(names[lang])}</p>', ""]
        for iid, group in items:
            n = sum(len(d.articles) for d in group)
            out += [f"- [{md_escape(issue_title(group[0]))}]({jid}/{iid}/index.md) — {n} "
                    + ("article" if n == 1 else "articles"), ""]
    out += ["## Open data", "", "[articles.json](articles.json): every article's metadata. "
            "[Topics](topics/index.md) · [Conversion report](report/index.md)", ""]
    (docs_dir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def topic_label(concept: dict, lang: str) -> str:
    return concept["labels"][topic_label_lang(concept, lang)]


def topic_label_lang(concept: dict, lang: str) -> str:
    """The language a topic is named in on a page of language `lang`: that one, else the first it has."""
    labels = concept["labels"]
    return lang if labels.get(lang) else next(lg for lg in LANGS if labels.get(lg))


def _write_topics(docs_dir: Path, concepts: list[dict], titles: dict[str, tuple[str, str]]) -> None:
    """One page per concept (its label in each language, its articles) and an index per language."""
    tdir = docs_dir / "topics"
    tdir.mkdir(parents=True, exist_ok=True)
    for c in concepts:
        first = next(lg for lg in LANGS if c["labels"].get(lg))
        out = [yaml_front({"title": " / ".join(c["labels"][lg] for lg in LANGS if c["labels"].get(lg)),
                           "kind": "topic", "lang": first,
                           # most pages of a large edition are topic pages: without the site navigation
                           # (reached from the topic index and from articles) they stay a few KB
                           "hide": ["navigation"]}),
               f"# {md_escape(topic_label(c, first))}", ""]
        for lang in LANGS:
            if c["labels"].get(lang):
                forms = [f for f in c["forms"][lang] if f != c["labels"][lang]]
                also = (" (" + ", ".join(html.escape(f) for f in forms) + ")") if forms else ""
                out.append(f'<p class="topic-label" lang="{lang}"><strong>{TAB_LABELS[lang]}:</strong> '
                           f"{html.escape(c['labels'][lang])}{also}</p>")
        out.append("")
        # each title in its own language (a list in raw HTML: Markdown cannot put lang on a list item)
        out.append('<ul class="topic-articles">')
        for url in c["articles"]:
            lang, title = titles[url]
            out.append(f'<li lang="{lang}"><a href="../{html.escape(url, quote=True)}">'
                       f"{html.escape(short(title, 120))}</a></li>")
        out.append("</ul>")
        (tdir / f"{c['slug']}.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    out = [yaml_front({"title": "Topics", "kind": "topics", "lang": "en"}), "# Topics", ""]
    for lang in LANGS:
        items = sorted((c for c in concepts if c["labels"].get(lang)), key=lambda c: c["labels"][lang].casefold())
        if not items:
            continue
        out += [f"## {TAB_LABELS[lang]}", "", f'<div lang="{lang}" markdown>', ""]
        out += [f"- [{md_escape(c['labels'][lang])}]({c['slug']}.md) ({len(c['articles'])})" for c in items]
        out += ["", "</div>", ""]
    (tdir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def _write_report(docs_dir: Path, docs: list[SourceDoc], report: Report, records: list[dict],
                  fidelity: dict | None = None) -> None:
    rdir = docs_dir / "report"
    rdir.mkdir(parents=True, exist_ok=True)
    data = {"sources": [], "entries": report.entries}
    out = [yaml_front({"title": "Conversion report", "kind": "report", "lang": "en"}), "# Conversion report", "",
           "What the converter removed, doubted or could not do, per source. "
           "[report.json](report.json) has the same data. A line removed as page furniture that is "
           "text is put back by listing its text under the source's `not_furniture` in `sources/catalog.yml`; "
           "furniture the rules missed goes under `furniture`.", ""]
    # issue 8: the fidelity check (convert/fidelity.py): per article, its source's words on its page
    fid_of: dict[str, list[dict]] = defaultdict(list)
    if fidelity is not None:
        data["fidelity"] = fidelity
        fs = fidelity["summary"]

        def pct(x) -> str:
            return "–" if x is None else f"{100 * x:.2f} %"

        def listed(pairs) -> str:
            return md_escape(", ".join(f"{w} ×{n}" if n > 1 else str(w) for w, n in pairs[:10]))

        out += ["## Fidelity", "",
                md_escape(f"Per article, the share of its source's words (less the lines removed as page furniture, "
                          f"listed per source below) that are on its page: min {pct(fs['min'])}, mean "
                          f"{pct(fs['mean'])}, target {pct(fs['target'])}; {fs['below_target']} of "
                          f"{fs['articles']} below the target, {fs['paragraphs_twice']} paragraphs twice."), ""]
        rows = fidelity["articles"]
        bad = [a for a in rows if a["kept"] < fs["target"] or a["paragraphs_twice"]]
        if rows:
            out += [f'???{"+" if bad else ""} note "Fidelity per article ({len(rows)})"', "",
                    "    | source | # | page | lines | words | on the page | missing | duplicated | paragraphs twice |",
                    "    |---|---|---|---|---|---|---|---|---|"]
            for a in rows:
                fid_of[a["source"]].append(a)
                url = a["url"] or ""
                slug = md_escape(url.rsplit("/", 1)[-1][:-5] if url.endswith(".html") else url)
                link = f"[{slug}](../{url[:-5]}.md)" if re.fullmatch(r"[A-Za-z0-9._/-]+\.html", url) else slug
                flag = " ⚠" if a in bad else ""
                out.append(f"    | {md_escape(a['source'])} | {a['ordinal']} | {link}{flag} | {a['lines'][0]}–{a['lines'][1]} "
                           f"| {a['words']} | {pct(a['kept'])} | {listed(a['missing'])} | {listed(a['duplicated'])} "
                           f"| {len(a['paragraphs_twice'])} |")
            out.append("")
    names = sorted({e["source"] for e in report.entries} | {d.name for d in docs})
    for name in names:
        doc = next((d for d in docs if d.name == name), None)
        entries = report.for_source(name)
        summary = {"source": name, "articles": len(doc.articles) if doc else 0,
                   "matter": [m.what for m in doc.matter] if doc else [],
                   "removed": sum(1 for e in entries if e["kind"] == "removed"),
                   "doubts": sum(1 for e in entries if e["kind"] == "doubt"),
                   "errors": sum(1 for e in entries if e["kind"] == "error")}
        data["sources"].append(summary)
        kept = [a["kept"] for a in fid_of.get(name, [])]
        if kept:
            summary["fidelity_min"] = min(kept)
        out += [f"## {md_escape(name)}", "",
                f"{summary['articles']} articles/fragments · {summary['removed']} lines removed · "
                f"{summary['doubts']} doubts · {summary['errors']} errors"
                + (f" · fidelity ≥ {100 * min(kept):.2f} %" if kept else ""), ""]
        for kind, heading in (("error", "Errors"), ("doubt", "Doubts"), ("note", "Notes"), ("fixed", "Repairs"),
                              ("removed", "Removed")):
            rows = [e for e in entries if e["kind"] == kind]
            if not rows:
                continue
            out += [f'??? note "{heading} ({len(rows)})"', ""]
            out += ["    | line | article | what | text |", "    |---|---|---|---|"]
            for e in rows:
                text = short(e.get("text", ""), 160)
                out.append(f"    | {e.get('line', '')} | {e.get('article', '')} | {md_escape(e['message'])} | "
                           f"{lang_span(md_escape(text), text, 'en')} |")
            out.append("")
    (rdir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    (rdir / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _journals(issues) -> list[tuple[str, list]]:
    """[(journal id, [(issue id, its sources), …]), …] in URL order."""
    by_journal = defaultdict(list)
    for (jid, iid), group in sorted(issues.items()):
        by_journal[jid].append((iid, group))
    return sorted(by_journal.items())


def year_label(group: list[SourceDoc]) -> str:
    year = group[0].issue.year
    return str(year) if year else "Year not identified"


def _by_year(items: list) -> list[tuple[str, list]]:
    """A journal's issues grouped by year, years in order (an issue without a year last)."""
    years: dict[str, list] = defaultdict(list)
    for iid, group in items:
        years[year_label(group)].append((iid, group))
    return sorted(years.items(), key=lambda kv: (not kv[0].isdigit(), kv[0]))


def _write_journal_page(docs_dir: Path, jid: str, items: list) -> None:
    """The journal's page (its section's own link in the navigation): names, ISSN, every issue by year."""
    first = items[0][1][0]
    names = first.issue.journal_names
    out = [yaml_front({"title": journal_title(first), "kind": "journal", "lang": "en"}),
           f"# {md_escape(journal_title(first))}{_lang_attr(journal_title_lang(first)[0])}", ""]
    for lang in LANGS:
        if names.get(lang) and names[lang] != journal_title(first):
            out += [f'<p lang="{lang}">{html.escape(names[lang])}</p>', ""]
    if first.issue.issn:
        out += [f"ISSN {md_escape(str(first.issue.issn))}", ""]
    for year, issues_of_year in _by_year(items):
        out += [f"## {md_escape(year)}", ""]
        for iid, group in issues_of_year:
            n = sum(len(d.articles) for d in group)
            out.append(f"- [{md_escape(issue_title(group[0]))}]({iid}/index.md) — {n} "
                       + ("article" if n == 1 else "articles"))
        out.append("")
    (docs_dir / jid).mkdir(parents=True, exist_ok=True)
    (docs_dir / jid / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def build_nav(issues) -> list:
    """Home, then per journal (its page first, the section's own link with navigation.indexes) its
    issues — grouped by year when they span more than one year — each issue with its table of
    contents and articles; then the topic index and the report. Material renders, with
    navigation.prune, only the journal sections, the years and the active path, so a page carries
    the years and the issues of its own year, not every issue of the archive."""
    nav: list = [{"Home": "index.md"}]
    for jid, items in _journals(issues):
        def issue_nav(iid: str, group: list) -> dict:
            inav: list = [f"{jid}/{iid}/index.md"]
            for doc in group:
                for art in doc.articles:
                    inav.append({short(display(art), 60): art.url.replace(".html", ".md")})
                for m in doc.matter:
                    if m.published:
                        inav.append({m.title: f"{jid}/{iid}/{m.what}.md"})
            return {issue_title(group[0]): inav}

        years = _by_year(items)
        jnav: list = [f"{jid}/index.md"]
        if len(years) > 1:
            jnav += [{year: [issue_nav(iid, group) for iid, group in of_year]} for year, of_year in years]
        else:
            jnav += [issue_nav(iid, group) for iid, group in items]
        nav.append({journal_title(items[0][1][0]): jnav})
    nav += [{"Topics": "topics/index.md"}, {"Conversion report": "report/index.md"}]
    return nav
