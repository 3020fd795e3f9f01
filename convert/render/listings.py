"""The pages that list articles: each issue's contents, each journal's issues by year, the home page, the
navigation, and the redirects that old ids leave."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
import html

from convert.model import LANGS, SourceDoc
from convert.render import ui
from convert.render.markdown import lang_attr, md_escape, script_lang, short
from convert.render.citation import citable
from convert.render.records import author_display, author_records, display, display_lang, issue_title, journal_title, journal_title_lang, year_label
from convert.render.yaml_front import yaml_front


def write_redirect(path: Path, target: str) -> None:
    """An old article URL left behind when its id changed: a static page that forwards to the new one."""
    t = html.escape(target, quote=True)
    path.write_text(f'<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>\n'
                    f'<link rel="canonical" href="{t}">\n<meta http-equiv="refresh" content="0; url={t}">\n'
                    f'</head><body><p>This article moved to <a href="{t}">{t}</a>.</p></body></html>\n',
                    encoding="utf-8")


def listing_lang(doc: SourceDoc) -> str:
    """The language of a journal's pages (its page, its issues'): the language it is named in, else the
    edition's."""
    lang, _ = journal_title_lang(doc)
    return lang if doc.issue.journal_names else ui.EDITION_LANG


def _title_line(art, href: str, page_lang: str, level: str = "##") -> list[str]:
    """An article's title (as shown: sentence case) as a heading linked to its page; its language marked."""
    shown_lang, shown = display_lang(art)
    return [f"{level} [{md_escape(shown)}]({href})" + (lang_attr(shown_lang) if shown_lang != page_lang else ""), ""]


def _authors_line(art, page_lang: str) -> list[str]:
    authors = ", ".join(author_display(a, art.body_lang) for a in author_records(art))
    if not authors:
        return []
    lang = script_lang(authors)
    attr = f' lang="{lang}"' if lang and lang != page_lang else ""
    return [f'<p class="toc-authors"{attr}>{html.escape(authors)}</p>', ""]


def _links_line(art, page_lang: str, pdfs: frozenset) -> list[str]:
    """Pages as printed, then the article's HTML and, where it has a galley, its PDF."""
    parts = []
    if art.pages:
        first, last = art.pages
        parts.append(f'<span class="toc-pages">{html.escape(ui.word("pages", page_lang))} '
                     f'{first}{"–" + str(last) if last != first else ""}</span>')
    parts.append(f'<a class="toc-html" href="{html.escape(art.slug, quote=True)}.html">HTML</a>')
    if art.url in pdfs:
        parts.append(f'<a class="toc-pdf" href="{html.escape(art.slug, quote=True)}.pdf" type="application/pdf">'
                     "PDF</a>")
    return [f'<p class="toc-links">{" · ".join(parts)}</p>', ""]


def contents_entry(art, page_lang: str, pdfs: frozenset) -> list[str]:
    """One article of an issue's contents: title, authors, its titles in the other languages, pages, links."""
    out = _title_line(art, f"{art.slug}.md", page_lang)
    out += _authors_line(art, page_lang)
    shown = display(art)
    for lang in LANGS:
        t = art.titles.get(lang)
        if t and t != shown:
            out += [f'<p lang="{lang}" class="toc-alt-title">{html.escape(t)}</p>', ""]
    if art.kind == "fragment":
        out += [f'<p class="fragment-flag">{html.escape(ui.word("fragment_flag", page_lang))}</p>', ""]
    return out + _links_line(art, page_lang, pdfs)


def write_issue_page(docs_dir: Path, jid: str, iid: str, group: list[SourceDoc], pdfs: frozenset = frozenset()) -> None:
    """The issue's contents, as a journal prints them: title, authors, pages, and links to HTML and PDF."""
    first = group[0]
    lang = listing_lang(first)
    out = [yaml_front({"title": f"{journal_title(first)} — {issue_title(first, lang)}", "kind": "issue",
                       "lang": lang}),
           f"# {md_escape(journal_title(first))}" + _name_attr(first, lang), "",
           f"**{md_escape(issue_title(first, lang))}**", "{ .issue-number }", "",
           '<div class="issue-contents" markdown="1">', ""]
    for doc in group:
        for art in doc.articles:
            out += contents_entry(art, lang, pdfs)
        for m in doc.matter:
            if m.published:
                out += [f"## [{md_escape(m.title)}]({m.what}.md)" + lang_attr_if(m.title, lang), ""]
    out += ["</div>", ""]
    if any(citable(art) for doc in group for art in doc.articles):  # edition.py writes the issue's exports
        out += [f'<p class="cite-downloads">{html.escape(ui.word("issue_downloads", lang))}: '
                '<a href="issue.bib" download>BibTeX</a> · <a href="issue.ris" download>RIS</a> · '
                '<a href="issue.csl.json" download>CSL-JSON</a></p>', ""]
    (docs_dir / jid / iid).mkdir(parents=True, exist_ok=True)
    (docs_dir / jid / iid / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def _name_attr(doc: SourceDoc, page_lang: str) -> str:
    """The journal name's language, on a heading, where it is not the page's."""
    name_lang = journal_title_lang(doc)[0] if doc.issue.journal_names else page_lang
    return lang_attr(name_lang) if name_lang != page_lang else ""


def lang_attr_if(text: str, page_lang: str) -> str:
    lang = script_lang(text)
    return lang_attr(lang) if lang and lang != page_lang else ""


def issue_order(group: list[SourceDoc]) -> tuple:
    """Newest first: by year, then number (an issue without them last)."""
    info = group[0].issue
    return (-_as_int(info.year), -_as_int(info.number))


def _as_int(value) -> int:
    try:
        return int(str(value).split("-")[0])
    except (TypeError, ValueError):
        return -10**6  # not known: after every known one


def write_home(docs_dir: Path, issues) -> None:
    """The edition's front page: the newest issue's contents first, then each journal's archive by year."""
    lang = ui.EDITION_LANG
    out = [yaml_front({"title": ui.word("home", lang), "lang": lang}), f"# {md_escape(ui.word('home_title', lang))}",
           "", md_escape(ui.word("home_intro", lang)), ""]
    journals = sorted(journals_of(issues), key=lambda j: min(issue_order(g) for _, g in j[1]) + (j[0],))
    newest = min(((issue_order(g), jid, iid, g) for jid, items in journals for iid, g in items), default=None)
    if newest:
        _, jid, iid, group = newest
        out += [f"## {md_escape(ui.word('newest', lang))}: [{md_escape(journal_title(group[0]))} — "
                f"{md_escape(issue_title(group[0], lang))}]({jid}/{iid}/index.md)" + _name_attr(group[0], lang), ""]
        for doc in group:
            for art in doc.articles:
                out += _title_line(art, art.url.replace(".html", ".md"), lang, "###")
                out += _authors_line(art, lang)
    out += [f"## {md_escape(ui.word('archive', lang))}", ""]
    for jid, items in journals:
        first = items[0][1][0]
        out += [f"### [{md_escape(journal_title(first))}]({jid}/index.md)" + _name_attr(first, lang), ""]
        for year, of_year in reversed(by_year(items, lang)):
            links = [f"[{md_escape(issue_title(g[0], lang))}]({jid}/{iid}/index.md) "
                     f"({ui.count_words(sum(len(d.articles) for d in g), lang)})"
                     for iid, g in sorted(of_year, key=lambda kv: issue_order(kv[1]))]
            out += [f"- **{md_escape(year)}**: " + " · ".join(links)]
        out.append("")
    out += [f"## {md_escape(ui.word('open_data', lang))}", "",
            f"[articles.json](articles.json): {md_escape(ui.word('open_data_text', lang))} "
            f"[{md_escape(ui.word('topics', lang))}](topics/index.md)", ""]
    (docs_dir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def journals_of(issues) -> list[tuple[str, list]]:
    """[(journal id, [(issue id, its sources), …]), …] in URL order."""
    by_journal = defaultdict(list)
    for (jid, iid), group in sorted(issues.items()):
        by_journal[jid].append((iid, group))
    return sorted(by_journal.items())


def by_year(items: list, lang: str = ui.EDITION_LANG) -> list[tuple[str, list]]:
    """A journal's issues grouped by year, years in order (an issue without a year last)."""
    years: dict[str, list] = defaultdict(list)
    for iid, group in items:
        years[year_label(group, lang)].append((iid, group))
    return sorted(years.items(), key=lambda kv: (not kv[0].isdigit(), kv[0]))


def write_journal_page(docs_dir: Path, jid: str, items: list) -> None:
    """The journal's page (its section's own link in the navigation): names, ISSN, every issue by year."""
    first = items[0][1][0]
    lang = listing_lang(first)
    names = first.issue.journal_names
    out = [yaml_front({"title": journal_title(first), "kind": "journal", "lang": lang}),
           f"# {md_escape(journal_title(first))}" + _name_attr(first, lang), ""]
    for name_lang in LANGS:
        if names.get(name_lang) and names[name_lang] != journal_title(first):
            out += [f'<p lang="{name_lang}">{html.escape(names[name_lang])}</p>', ""]
    if first.issue.issn:
        out += [f"ISSN {md_escape(str(first.issue.issn))}", ""]
    for year, issues_of_year in by_year(items, lang):
        out += [f"## {md_escape(year)}", ""]
        for iid, group in issues_of_year:
            n = sum(len(d.articles) for d in group)
            out.append(f"- [{md_escape(issue_title(group[0], lang))}]({iid}/index.md) — {ui.count_words(n, lang)}")
        out.append("")
    (docs_dir / jid).mkdir(parents=True, exist_ok=True)
    (docs_dir / jid / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def build_nav(issues) -> list:
    """Home, then per journal (its page first, the section's own link with navigation.indexes) its
    issues — grouped by year when they span more than one year — each issue with its table of
    contents and articles; then the topic index (the report is the editors', not the site's). Material renders, with
    navigation.prune, only the journal sections, the years and the active path, so a page carries
    the years and the issues of its own year, not every issue of the archive."""
    nav: list = [{ui.word("home", ui.EDITION_LANG): "index.md"}]  # hooks/edition.py: in each page's language
    for jid, items in journals_of(issues):
        def issue_nav(iid: str, group: list) -> dict:
            inav: list = [f"{jid}/{iid}/index.md"]
            for doc in group:
                for art in doc.articles:
                    inav.append({short(display(art), 60): art.url.replace(".html", ".md")})
                for m in doc.matter:
                    if m.published:
                        inav.append({m.title: f"{jid}/{iid}/{m.what}.md"})
            return {issue_title(group[0]): inav}

        years = by_year(items)
        jnav: list = [f"{jid}/index.md"]
        if len(years) > 1:
            jnav += [{year: [issue_nav(iid, group) for iid, group in of_year]} for year, of_year in years]
        else:
            jnav += [issue_nav(iid, group) for iid, group in items]
        nav.append({journal_title(items[0][1][0]): jnav})
    nav += [{ui.word("topics", ui.EDITION_LANG): "topics/index.md"}]
    return nav
