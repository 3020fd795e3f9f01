"""An article's page: front matter in language tabs, body, back matter, the cite box; a journal-matter page."""
from __future__ import annotations

import dataclasses
import html

from convert.model import LANGS, Article, Block, Matter, SourceDoc
from convert.render.blocks import CitationLinker, references_section, render_block
from convert.render.markdown import ABSTRACT_WORD, KEYWORDS_WORD, TAB_LABELS, UI, lang_attr, md_escape, script_lang, short
from convert.render.records import author_display, display, journal_name_in
from convert.render.yaml_front import yaml_front


# -- article page ----------------------------------------------------------------------------
def front_tabs(art: Article) -> list[str]:
    """Title, authors, affiliations, abstract and keywords per language, as content tabs kk/ru/en."""
    out = []
    for lang in tab_order(art):
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


def tab_order(art: Article) -> list[str]:
    """The body's language first (the tab a new reader sees; a reader's choice is restored by its label,
    content.tabs.link), then the others in kk, ru, en order."""
    return sorted(LANGS, key=lambda lg: (lg != art.body_lang, LANGS.index(lg)))


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


def cite_box(art: Article, rec: dict, cite: dict, lang: str) -> list[str]:
    """"Cite this article": GOST and APA strings with copy buttons, and the downloads."""
    ui = UI.get(lang, UI["en"])
    galley = rec.get("pdf", "").rsplit("/", 1)[-1]
    links = [f'<a href="{html.escape(galley, quote=True)}" type="application/pdf">PDF</a>'] if galley else []
    jats = rec.get("jats", "").rsplit("/", 1)[-1]
    if jats:  # JATS Journal Publishing 1.3 (render/jats.py)
        links.append(f'<a class="jats-download" href="{html.escape(jats, quote=True)}" type="application/xml" '
                     'download>JATS XML</a>')
    if not cite and not links and not art.references:
        return []  # nothing to cite and nothing to download
    out = ['<div class="cite-box">']
    if cite:
        out.append(f'<p class="cite-box-title"><strong>{html.escape(ui["cite"])}</strong></p>')
    for key, label in (("gost", "ГОСТ Р 7.0.5-2008"), ("apa", "APA 7")):
        if cite.get(key):  # citeproc-js's HTML, its text escaped (render/citeproc.py); a standard's name
            label_lang = f' lang="{script_lang(label)}"' if script_lang(label) not in (lang, "en") else ""
            out.append(f'<p class="cite-style"><span class="cite-label"{label_lang}>{label}:</span> '
                       f'<span class="cite-text" id="cite-{key}" lang="{cite["lang"]}">{cite[key]["html"]}</span> '
                       f'<button type="button" class="cite-copy md-button" data-copy="cite-{key}">'
                       f'{html.escape(ui["copy"])}</button></p>')
    if cite:
        links += [f'<a href="{art.slug}.bib" download>BibTeX</a>', f'<a href="{art.slug}.ris" download>RIS</a>',
                  f'<a href="{art.slug}.csl.json" download>CSL-JSON</a>']
    if art.references:
        links.append(f'<a href="{art.slug}.references.bib" download>{html.escape(ui["references_bib"])}</a>')
    out += [f'<p class="cite-downloads">{html.escape(ui["download"])}: ' + " · ".join(links) + "</p>", "</div>", ""]
    return out


def article_page(doc: SourceDoc, art: Article, rec: dict, topic_links: list[tuple[str, str, str]],
                 cite: dict | None = None, head: dict | None = None) -> str:
    cite = cite or {}
    lang = art.body_lang or "ru"
    title = display(art, lang)
    title_lang = next((lg for lg in (lang, "ru", "kk", "en") if art.titles.get(lg) == title), lang)
    out = [yaml_front(page_meta(doc, art, rec, head, lang, title)),
           f"# {md_escape(title)}" + (f' {{ lang="{title_lang}" }}' if title_lang != lang else ""), ""]
    if art.kind == "fragment":
        out += ['<p class="fragment-flag">' + html.escape(UI[lang]["fragment"]) + "</p>", ""]
    out += article_header(art, rec["authors"], lang)
    out += front_tabs(art)
    out += cite_box(art, rec, cite, lang)
    linker = CitationLinker(art, lang)
    top = min((b.level for b in art.body if b.kind == "heading"), default=2)
    for b in art.body:
        if b.kind == "heading":  # the body's top heading level is h2, under the page's h1
            b = Block(**{**b.__dict__, "level": b.level - top + 2})
        out += render_block(b, lang, linker)
    out += references_section(art, linker, lang)
    back = [line for b in art.back for line in render_block(b, lang)]
    other = unused_front(art)
    if other:
        back += [f"## {UI[lang]['other_front']}", "", *other]
    if back:
        out += ['<div class="article-back" markdown="1">', "", *back, "</div>", ""]
    out += article_end(art, rec, topic_links, lang)
    return "\n".join(out).rstrip() + "\n"


def page_meta(doc: SourceDoc, art: Article, rec: dict, head: dict | None, lang: str, title: str) -> dict:
    """The page's front matter: what the templates and hooks read (titles, authors, keywords, issue, head tags)."""
    meta = {
        "title": short(title, 200), "kind": art.kind, "lang": lang, "source": art.source,
        "titles": rec["titles"], "abstracts_short": {k: short(v, 300) for k, v in rec["abstracts"].items()},
        "authors": [{"display": author_display(a, lang), **a} for a in rec["authors"]],
        "keywords_flat": [k for lg in LANGS for k in rec["keywords"].get(lg, [])],
        "issue": {**{k: v for k, v in rec["issue"].items() if k in ("volume", "number", "year", "issn")},
                  **({"journal": journal_name_in(doc, lang)} if journal_name_in(doc, lang) else {})},
    }
    if rec.get("doi"):
        meta["doi"] = rec["doi"]
    if art.pages:
        meta["first_page"], meta["last_page"] = art.pages
    desc = rec["abstracts"].get(lang) or next(iter(rec["abstracts"].values()), "")
    if desc:
        meta["description"] = short(desc, 200)
    if head:
        meta["head"] = head
    return meta


def article_header(art: Article, authors: list[dict], lang: str) -> list[str]:
    """Authors, then DOI, classification, dates, e-mails and ORCIDs on one line."""
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
            facts.append(f"{html.escape(UI[lang][k])}: {html.escape(art.dates[k])}")
    if art.emails:
        facts.append(f"{html.escape(UI[lang]['email'])}: " + ", ".join(html.escape(e) for e in art.emails))
    if art.orcids:
        facts.append("ORCID: " + ", ".join(html.escape(o) for o in art.orcids))
    if facts:
        header.append('<p class="article-facts">' + " · ".join(facts) + "</p>")
    return ['<div class="article-header">', *header, "</div>", ""] if header else []


def article_end(art: Article, rec: dict, topic_links: list[tuple[str, str, str]], lang: str) -> list[str]:
    """Topic links and the licence (the source file and its lines are the report's, not the reader's)."""
    tail = []
    if topic_links:
        links = ", ".join(f"[{md_escape(label)}]({href})" + (lang_attr(lg) if lg != lang else "")
                          for label, href, lg in topic_links)
        tail += [f"**{UI[lang]['topics']}:** {links}", ""]
    licence = rec.get("licence")
    if licence:
        tail += [f'<p class="article-licence">{html.escape(licence)}</p>', ""]
    return ['<div class="article-end" markdown="1">', "", *tail, "</div>"] if tail else []


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
