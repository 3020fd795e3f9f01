"""Topic pages: one per concept, its keywords in kk/ru/en and its articles; a topic index per language."""
from __future__ import annotations

from pathlib import Path
import html

from convert.text.langs import pick_lang
from convert.model import LANGS
from convert.render import ui
from convert.render.markdown import TAB_LABELS, md_escape, short
from convert.render.yaml_front import yaml_front


def topic_label(concept: dict, lang: str) -> str:
    return concept["labels"][topic_label_lang(concept, lang)]


def topic_label_lang(concept: dict, lang: str) -> str:
    """The language a topic is named in on a page of language `lang`: that one, else the first it has."""
    return pick_lang(concept["labels"], lang)


def write_topics(docs_dir: Path, concepts: list[dict], titles: dict[str, tuple[str, str]]) -> None:
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
    # the index belongs to no journal: it speaks the edition's language (its topics keep their own)
    name = ui.word("topics", ui.EDITION_LANG)
    out = [yaml_front({"title": name, "kind": "topics", "lang": ui.EDITION_LANG}), f"# {md_escape(name)}", ""]
    for lang in LANGS:
        items = sorted((c for c in concepts if c["labels"].get(lang)), key=lambda c: c["labels"][lang].casefold())
        if not items:
            continue
        out += [f"## {TAB_LABELS[lang]}", "", f'<div lang="{lang}" markdown>', ""]
        out += [f"- [{md_escape(c['labels'][lang])}]({c['slug']}.md) ({len(c['articles'])})" for c in items]
        out += ["", "</div>", ""]
    (tdir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
