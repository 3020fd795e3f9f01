"""The pages that list articles: each issue's contents, each journal's issues by year, the home page, the
navigation, and the redirects that old ids leave."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
import html

from convert.model import LANGS, SourceDoc
from convert.render import ui
from convert.render.markdown import lang_attr, md_escape, md_escape_inline, script_lang, short
from convert.render.citation import citable
from convert.render.records import author_display, author_records, display, display_lang, issue_title, journal_title, journal_title_lang, year_label
from convert.render.yaml_front import yaml_front
from convert.text.langs import pick_lang


def write_redirect(path: Path, target: str) -> None:
    """An old article URL left behind when its id changed: a static page that forwards to the new one."""
    t = html.escape(target, quote=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>\n'
                    f'<link rel="canonical" href="{t}">\n<meta http-equiv="refresh" content="0; url={t}">\n'
                    f'</head><body><p>This article moved to <a href="{t}">{t}</a>.</p></body></html>\n',
                    encoding="utf-8")


def variant_file(lang: str) -> str:
    """A listing page (home, journal, issue) in `lang`: index.md in the edition's language, which a reader
    without a choice (or without JavaScript) sees, index.<lang>.md in another."""
    return "index.md" if lang == ui.EDITION_LANG else f"index.{lang}.md"


def _html_name(md_name: str) -> str:
    return md_name.removesuffix(".md") + ".html"


def variants_front() -> dict:
    """Front matter the page's early script reads (overrides/main.html): the page in each language, by
    file name in its folder, to go to the reader's chosen one."""
    return {"variants": {lang: _html_name(variant_file(lang)) for lang in LANGS}}


def language_choice(lang: str) -> list[str]:
    """The reader's control of the page's language: a link to the page in each language, the current one
    marked; overrides/main.html keeps the choice (localStorage) for the other listing pages."""
    links = []
    for other in LANGS:
        current = ' aria-current="page"' if other == lang else ""
        links.append(f'<a href="{_html_name(variant_file(other))}" data-ui-lang="{other}" lang="{other}" '
                     f'hreflang="{other}"{current}>{html.escape(ui.TAB_LABELS[other])}</a>')
    label = html.escape(ui.word("interface_language", lang), quote=True)
    return [f'<nav class="ui-langs" aria-label="{label}">{" · ".join(links)}</nav>', ""]


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


def contents_entry(art, page_lang: str, pdfs: frozenset, level: str = "##") -> list[str]:
    """One article of an issue's contents: title, authors, its titles in the other languages, pages, links."""
    out = _title_line(art, f"{art.slug}.md", page_lang, level)
    out += _authors_line(art, page_lang)
    shown = display(art)
    for lang in LANGS:
        t = art.titles.get(lang)
        if t and t != shown:
            out += [f'<p lang="{lang}" class="toc-alt-title">{html.escape(t)}</p>', ""]
    if art.kind == "fragment":
        out += [f'<p class="fragment-flag">{html.escape(ui.word("fragment_flag", page_lang))}</p>', ""]
    return out + _links_line(art, page_lang, pdfs)


def rubric_heading(rubric: dict, page_lang: str) -> list[str]:
    """An issue's section heading (source text, as printed), in the page's language where the issue names it
    in that language; its language marked where it is another."""
    lang = pick_lang(rubric, page_lang, "ru", "kk", "en") or next(iter(rubric))
    attr = f' lang="{lang}"' if lang in LANGS and lang != page_lang else ""
    return [f"## {md_escape(rubric[lang])} {{ .toc-rubric{attr} }}", ""]


def issue_contents(group: list[SourceDoc], lang: str, pdfs: frozenset) -> list[str]:
    """The articles in issue order, under their section headings where the issue has them (a run of articles
    of one section under one heading); the journal matter it publishes."""
    level = "###" if any(art.rubric for doc in group for art in doc.articles) else "##"
    out, current = [], {}
    for doc in group:
        for art in doc.articles:
            if art.rubric and art.rubric != current:
                out += rubric_heading(art.rubric, lang)
            current = art.rubric
            out += contents_entry(art, lang, pdfs, level)
        for m in doc.matter:
            if m.published:
                out += [f"{level} [{md_escape(m.title)}]({m.what}.md)" + lang_attr_if(m.title, lang), ""]
    return out


def write_issue_page(docs_dir: Path, jid: str, iid: str, group: list[SourceDoc], pdfs: frozenset = frozenset()) -> None:
    """The issue's contents, as a journal prints them, in each language the reader may choose."""
    (docs_dir / jid / iid).mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        text = issue_page(group, lang, pdfs)
        (docs_dir / jid / iid / variant_file(lang)).write_text(text, encoding="utf-8")


def issue_page(group: list[SourceDoc], lang: str, pdfs: frozenset) -> str:
    """The issue's contents in `lang`: title, sections, authors, pages, and links to HTML and PDF."""
    first = group[0]
    name = journal_title(first, lang)
    known = first.issue.year or first.issue.number  # else the title ends in the edition's words
    out = [yaml_front({"title": f"{name} — {issue_title(first, lang)}", "kind": "issue", "lang": lang,
                       **_title_lang(first, lang, bool(known)), **variants_front()}), *language_choice(lang),
           f"# {md_escape(name)}" + _name_attr(first, lang), "",
           f"**{md_escape(issue_title(first, lang))}**", "{ .issue-number }", "",
           '<div class="issue-contents" markdown="1">', ""]
    out += issue_contents(group, lang, pdfs)
    out += ["</div>", ""]
    if any(citable(art) for doc in group for art in doc.articles):  # edition.py writes the issue's exports
        out += [f'<p class="cite-downloads">{html.escape(ui.word("issue_downloads", lang))}: '
                '<a href="issue.bib" download>BibTeX</a> · <a href="issue.ris" download>RIS</a> · '
                '<a href="issue.csl.json" download>CSL-JSON</a></p>', ""]
    return "\n".join(out).rstrip() + "\n"


def _title_lang(doc: SourceDoc, page_lang: str, named: bool) -> dict:
    """Front matter for the header's page title (overrides/partials/header.html): the journal name's
    language, where the title is that name (and digits) in another language than the page's."""
    name_lang = journal_title_lang(doc, page_lang)[0]
    return {"title_lang": name_lang} if named and doc.issue.journal_names and name_lang != page_lang else {}


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
    """The edition's front page in each language the reader may choose."""
    for lang in LANGS:
        (docs_dir / variant_file(lang)).write_text(home_page(issues, lang), encoding="utf-8")


def home_page(issues, lang: str) -> str:
    """The front page in `lang`: the newest issue's contents first, then each journal's archive by year."""
    page = variant_file(lang)
    out = [yaml_front({"title": ui.word("home", lang), "lang": lang, **variants_front()}), *language_choice(lang),
           f"# {md_escape(ui.word('home_title', lang))}", "", md_escape(ui.word("home_intro", lang)), ""]
    journals = sorted(journals_of(issues), key=lambda j: min(issue_order(g) for _, g in j[1]) + (j[0],))
    newest = min(((issue_order(g), jid, iid, g) for jid, items in journals for iid, g in items), default=None)
    if newest:
        _, jid, iid, group = newest
        out += [f"## {md_escape(ui.word('newest', lang))}", "",
                f'<p class="newest-issue" markdown="span"><a href="{jid}/{iid}/{_html_name(page)}">'
                f"{_journal_name(group[0], lang)} — {md_escape_inline(issue_title(group[0], lang))}</a></p>", ""]
        for doc in group:
            for art in doc.articles:
                out += _title_line(art, art.url.replace(".html", ".md"), lang, "###")
                out += _authors_line(art, lang)
    out += [f"## {md_escape(ui.word('archive', lang))}", ""]
    for jid, items in journals:
        first = items[0][1][0]
        out += [f"### [{md_escape(journal_title(first, lang))}]({jid}/{page})" + _name_attr(first, lang), ""]
        for year, of_year in reversed(by_year(items, lang)):
            links = [f"[{md_escape(issue_title(g[0], lang))}]({jid}/{iid}/{page}) "
                     f"({ui.count_words(sum(len(d.articles) for d in g), lang)})"
                     for iid, g in sorted(of_year, key=lambda kv: issue_order(kv[1]))]
            out += [f"- **{md_escape(year)}**: " + " · ".join(links)]
        out.append("")
    out += [f"## {md_escape(ui.word('open_data', lang))}", "",
            f"[articles.json](articles.json): {md_escape(ui.word('open_data_text', lang))} "
            f"[{md_escape(ui.word('topics', lang))}](topics/index.md)", ""]
    return "\n".join(out).rstrip() + "\n"


def _journal_name(doc: SourceDoc, page_lang: str) -> str:
    """A journal's name inside a line of the page's words: in a span of its language where that differs."""
    name_lang, name = journal_title_lang(doc, page_lang)
    if doc.issue.journal_names and name_lang != page_lang:
        return f'<span lang="{name_lang}">{md_escape_inline(name)}</span>'
    return md_escape_inline(name)


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
    """The journal's page (its section's own link in the navigation) in each language the reader may choose."""
    (docs_dir / jid).mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        (docs_dir / jid / variant_file(lang)).write_text(journal_page(items, lang), encoding="utf-8")


def journal_page(items: list, lang: str) -> str:
    """The journal's page in `lang`: names, ISSN, every issue by year."""
    first = items[0][1][0]
    names = first.issue.journal_names
    shown = journal_title(first, lang)
    out = [yaml_front({"title": shown, "kind": "journal", "lang": lang, **_title_lang(first, lang, True),
                       **variants_front()}), *language_choice(lang),
           f"# {md_escape(shown)}" + _name_attr(first, lang), ""]
    for name_lang in LANGS:
        if names.get(name_lang) and names[name_lang] != shown:
            out += [f'<p lang="{name_lang}">{html.escape(names[name_lang])}</p>', ""]
    if first.issue.issn:
        out += [f"ISSN {md_escape(str(first.issue.issn))}", ""]
    for year, issues_of_year in by_year(items, lang):
        out += [f"## {md_escape(year)}", ""]
        for iid, group in issues_of_year:
            n = sum(len(d.articles) for d in group)
            out.append(f"- [{md_escape(issue_title(group[0], lang))}]({iid}/{variant_file(lang)}) — "
                       f"{ui.count_words(n, lang)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


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


def nav_langs(issues) -> dict[str, str]:
    """The language of each title the navigation shows that is source text — an article's, a journal's name —
    by its page (hooks/edition.py marks a title whose language is not the page's)."""
    out = {}
    for jid, items in journals_of(issues):
        first = items[0][1][0]
        if first.issue.journal_names:
            out[f"{jid}/index.md"] = journal_title_lang(first)[0]
        for _, group in items:
            for doc in group:
                for art in doc.articles:
                    out[art.url.replace(".html", ".md")] = display_lang(art)[0]
    return dict(sorted(out.items()))
