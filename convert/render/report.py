"""The editors' conversion report: what the converter removed, doubted or could not do, per source."""
from __future__ import annotations

from collections import defaultdict
import json
import re
from pathlib import Path

from convert.model import Report, SourceDoc
from convert.render.markdown import lang_span, md_escape, short
from convert.render.yaml_front import yaml_front


def write_report(docs_dir: Path, docs: list[SourceDoc], report: Report, records: list[dict],
                 fidelity: dict | None = None) -> None:
    """docs/report/index.md for the editors and report.json with the same data."""
    rdir = docs_dir / "report"
    rdir.mkdir(parents=True, exist_ok=True)
    data = {"sources": [], "entries": report.entries}
    out = [yaml_front({"title": "Conversion report", "kind": "report", "lang": "en"}), "# Conversion report", "",
           "What the converter removed, doubted or could not do, per source. "
           "[report.json](report.json) has the same data. A line removed as page furniture that is "
           "text is put back by listing its text under the source's `not_furniture` in `sources/catalog.yml`; "
           "furniture the rules missed goes under `furniture`.", ""]
    out += editor_section(report.entries)
    fid_of: dict[str, list[dict]] = defaultdict(list)
    if fidelity is not None:
        data["fidelity"] = fidelity
        out += fidelity_section(fidelity, fid_of)
    pages = {d.name: {ln.no: ln.layout.page for ln in d.lines if ln.layout and ln.layout.page}
             for d in docs if d.format in ("pdf", "docx")}
    pages = {name: of for name, of in pages.items() if len(set(of.values())) > 1}  # one page says nothing
    for e in report.entries:  # a PDF's or Word file's lines are the reader's: the editor looks for the page
        page = pages.get(e["source"], {}).get(e.get("line"))
        if page is not None:
            e["page"] = page
    for name in sorted({e["source"] for e in report.entries} | {d.name for d in docs}):
        doc = next((d for d in docs if d.name == name), None)
        summary, lines = source_section(name, doc, report.for_source(name), fid_of.get(name, []))
        data["sources"].append(summary)
        out += lines
    (rdir / "index.md").write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    (rdir / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# the report codes of a mistake in an editor's file (catalog.yml, topics.yml, article-ids.yml,
# sources/corrections/, bibliography/*.bib): shown first, with what to do
EDITOR_CODES = ("editor.", "catalog.unparsable", "catalog.unknown_source", "catalog.override_unmatched",
                "topics.editor", "ids.registry", "correction.", "bibliography.unparsable",
                "bibliography.unreadable", "bibliography.unmatched_file", "bibliography.empty")


def is_editor_mistake(entry: dict) -> bool:
    return entry["kind"] == "error" and entry.get("code", "").startswith(EDITOR_CODES)


def editor_section(entries: list[dict]) -> list[str]:
    """The mistakes in the editors' files, first on the page: file, line, key and what to do."""
    rows = [e for e in entries if is_editor_mistake(e)]
    if not rows:
        return []
    out = ["## Mistakes in the editors' files", "",
           md_escape(f"{len(rows)} value(s) in the editors' files could not be used: each was ignored, everything "
                     "else applied and every source converted. Correct them and rebuild."), "",
           "| file | line | key | what to do |", "|---|---|---|---|"]
    for e in rows:
        own_line = "key" in e or not e.get("code", "").startswith("correction.")  # else a line of the source
        out.append(f"| {md_escape(e.get('file') or e['source'])} | {e.get('line', '') if own_line else ''} | "
                   f"{md_escape(e.get('key', ''))} | {md_escape(e['message'])} |")
    return out + [""]


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.2f} %"


def _listed(pairs) -> str:
    return md_escape(", ".join(f"{w} ×{n}" if n > 1 else str(w) for w, n in pairs[:10]))


def fidelity_section(fidelity: dict, fid_of: dict[str, list[dict]]) -> list[str]:
    """Per article, its source's words on its page (convert/check/); fills fid_of by source."""
    fs = fidelity["summary"]
    out = ["## Fidelity", "",
           md_escape(f"Per article, the share of its source's words (less the lines removed as page furniture, "
                     f"listed per source below) that are on its page: min {_pct(fs['min'])}, mean "
                     f"{_pct(fs['mean'])}, target {_pct(fs['target'])}; {fs['below_target']} of "
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
                       f"| {a['words']} | {_pct(a['kept'])} | {_listed(a['missing'])} | {_listed(a['duplicated'])} "
                       f"| {len(a['paragraphs_twice'])} |")
        out.append("")
    return out


def source_section(name: str, doc: SourceDoc | None, entries: list[dict], fidelity: list[dict]) -> tuple[dict, list[str]]:
    """One source's summary (for report.json) and its section of the page: entries grouped by kind."""
    summary = {"source": name, "articles": len(doc.articles) if doc else 0,
               "matter": [m.what for m in doc.matter] if doc else [],
               "removed": sum(1 for e in entries if e["kind"] == "removed"),
               "doubts": sum(1 for e in entries if e["kind"] == "doubt"),
               "errors": sum(1 for e in entries if e["kind"] == "error")}
    kept = [a["kept"] for a in fidelity]
    if kept:
        summary["fidelity_min"] = min(kept)
    out = [f"## {md_escape(name)}", "",
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
            where = f"p. {e['page']} (line {e['line']})" if "page" in e else e.get("line", "")
            if "key" in e and e.get("file") and e["file"] != name and "line" in e:  # a line of an editor's file
                where = f"{e['file']}:{e['line']}"
            if doc is not None and doc.format == "docx" and "line" in e:  # Word's lines are its paragraphs
                where = (f"p. {e['page']}, " if "page" in e else "") + f"paragraph {e['line']}"
            out.append(f"    | {where} | {e.get('article', '')} | {md_escape(e['message'])} | "
                       f"{lang_span(md_escape(text), text, 'en')} |")
        out.append("")
    return summary, out
