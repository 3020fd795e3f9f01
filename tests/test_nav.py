"""The navigation (convert/render.py build_nav) and the journal page: journal → year → issue, so a page of
a long archive carries the years and its own year's issues, not every issue (issue 9)."""
from __future__ import annotations

import yaml

from convert.model import Article, IssueInfo, SourceDoc
from convert.render.listings import build_nav, write_journal_page
from convert.render.records import issue_key


def issue(jid: str, year, number: int) -> SourceDoc:
    iid = f"{year}-{number}" if year else f"issue-{number}"
    info = IssueInfo(journal_id=jid, issue_id=iid, number=number, year=year or None,
                     journal_names={"ru": f"Журнал {jid}", "en": f"Journal {jid}"})
    art = Article(source=f"{iid}.txt", ordinal=1, titles={"ru": f"Статья {iid}"}, body_lang="ru")
    art.url = f"{jid}/{iid}/a{number}.html"
    return SourceDoc(name=f"{iid}.txt", articles=[art], issue=info)


def issues_of(*docs: SourceDoc) -> dict:
    return {issue_key(d): [d] for d in docs}


def test_issues_of_several_years_are_grouped_by_year():
    nav = build_nav(issues_of(issue("j", 2020, 1), issue("j", 2020, 2), issue("j", 2021, 1), issue("j", None, 9)))
    (journal,) = [item for item in nav if "Журнал j" in item]
    first, *years = journal["Журнал j"]
    assert first == "j/index.md"  # the journal page is the section's own link
    # nav.yml speaks the edition's language (ru); hooks/edition.py puts each page's own labels in its language
    assert [next(iter(y)) for y in years] == ["2020", "2021", "Год не установлен"]
    (y2020,) = [y["2020"] for y in years if "2020" in y]
    assert [next(iter(i)) for i in y2020] == ["2020, №1", "2020, №2"]
    assert y2020[0]["2020, №1"] == ["j/2020-1/index.md", {"Статья 2020-1": "j/2020-1/a1.md"}]
    # the conversion report is the editors', outside the site: not in its navigation
    assert nav[0] == {"Главная": "index.md"} and nav[-1] == {"Темы": "topics/index.md"}
    assert "report/index.md" not in yaml.safe_dump(nav, allow_unicode=True)
    yaml.safe_dump(nav, allow_unicode=True)  # what write_edition writes as nav.yml


def test_a_journal_of_one_year_has_no_year_level():
    nav = build_nav(issues_of(issue("k", 2025, 2)))
    (journal,) = [item for item in nav if "Журнал k" in item]
    assert journal["Журнал k"] == ["k/index.md", {"2025, №2": ["k/2025-2/index.md", {"Статья 2025-2": "k/2025-2/a2.md"}]}]


def test_journal_page_lists_every_issue_by_year(tmp_path):
    docs = [issue("j", 2021, 1), issue("j", 2020, 1), issue("j", 2020, 2)]
    write_journal_page(tmp_path, "j", sorted(((d.issue.issue_id, [d]) for d in docs)))
    text = (tmp_path / "j" / "index.md").read_text(encoding="utf-8")
    assert "kind: journal" in text
    assert text.index("## 2020") < text.index("(2020-1/index.md)") < text.index("(2020-2/index.md)") \
        < text.index("## 2021") < text.index("(2021-1/index.md)")
    assert '<p lang="en">Journal j</p>' in text
