"""The pages that list articles: each issue's contents, each journal's issues by year, the home page, the
navigation, and the redirects that old ids leave."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
import html

from convert.model import LANGS, SourceDoc
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


def write_issue_page(docs_dir: Path, jid: str, iid: str, group: list[SourceDoc]) -> None:
    first = group[0]
    out = [yaml_front({"title": f"{journal_title(first)} — {issue_title(first)}", "kind": "issue", "lang": "en"}),
           f"# {md_escape(journal_title(first))}{lang_attr(journal_title_lang(first)[0])}", "",
           f"**{md_escape(issue_title(first))}**", ""]
    for doc in group:
        for art in doc.articles:
            authors = ", ".join(author_display(a, art.body_lang) for a in author_records(art))
            shown_lang, shown = display_lang(art)
            out += [f"## [{md_escape(shown)}]({art.slug}.md)" + (lang_attr(shown_lang) if art.titles else ""), ""]
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
    if any(citable(art) for doc in group for art in doc.articles):  # edition.py writes the issue's exports
        out += ['<p class="cite-downloads">All articles of this issue: <a href="issue.bib" download>BibTeX</a> · '
                '<a href="issue.ris" download>RIS</a> · <a href="issue.csl.json" download>CSL-JSON</a></p>', ""]
    (docs_dir / jid / iid).mkdir(parents=True, exist_ok=True)
    (docs_dir / jid / iid / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")


def write_home(docs_dir: Path, issues) -> None:
    out = [yaml_front({"title": "Home", "lang": "en"}), "# Kazakhstan social and political science journals", "",
           "Digital edition of journal articles, each with its title, abstract and keywords in Kazakh, "
           "Russian and English.", ""]
    by_journal = defaultdict(list)
    for (jid, iid), group in sorted(issues.items()):
        by_journal[jid].append((iid, group))
    for jid, items in sorted(by_journal.items()):
        first = items[0][1][0]
        names = first.issue.journal_names
        out += [f"## [{md_escape(journal_title(first))}]({jid}/index.md){lang_attr(journal_title_lang(first)[0])}", ""]
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


def journals_of(issues) -> list[tuple[str, list]]:
    """[(journal id, [(issue id, its sources), …]), …] in URL order."""
    by_journal = defaultdict(list)
    for (jid, iid), group in sorted(issues.items()):
        by_journal[jid].append((iid, group))
    return sorted(by_journal.items())


def by_year(items: list) -> list[tuple[str, list]]:
    """A journal's issues grouped by year, years in order (an issue without a year last)."""
    years: dict[str, list] = defaultdict(list)
    for iid, group in items:
        years[year_label(group)].append((iid, group))
    return sorted(years.items(), key=lambda kv: (not kv[0].isdigit(), kv[0]))


def write_journal_page(docs_dir: Path, jid: str, items: list) -> None:
    """The journal's page (its section's own link in the navigation): names, ISSN, every issue by year."""
    first = items[0][1][0]
    names = first.issue.journal_names
    out = [yaml_front({"title": journal_title(first), "kind": "journal", "lang": "en"}),
           f"# {md_escape(journal_title(first))}{lang_attr(journal_title_lang(first)[0])}", ""]
    for lang in LANGS:
        if names.get(lang) and names[lang] != journal_title(first):
            out += [f'<p lang="{lang}">{html.escape(names[lang])}</p>', ""]
    if first.issue.issn:
        out += [f"ISSN {md_escape(str(first.issue.issn))}", ""]
    for year, issues_of_year in by_year(items):
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
    nav += [{"Topics": "topics/index.md"}, {"Conversion report": "report/index.md"}]
    return nav
