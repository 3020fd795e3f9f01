"""The converter on real files of another journal (../shared/realworld/, not edition content), held
against expectations a person read from the files (tests/expected/realworld/): every article found as one
article, with its titles, keywords, authors, classification and reference count.

The files go in twice: as themselves, read by the converter's PDF and Word readers ("reader"), and as the
text an editor's tools give (tests/realworld_text.py: pdftotext for the PDFs, Word's plain text for the Word
files; "text"), each as a source the editor drops into sources/."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

import realworld_expectations as expected
from convert.model import Report
from convert.pipeline import convert_source
from realworld_text import REALWORLD, text_of

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not beside the clone")

# files whose articles were only counted (tests/expected/realworld/README.md), not written out
COUNTED = {"vestnik-kazutb-2024-no4-25-chemistry-manuscripts.docx": 8,
           "vestnik-kazutb-2024-no4-25-food-manuscripts.docx": 5,
           "vestnik-kazutb-2025-no1-26-food-manuscripts.pdf": 15}


@lru_cache(maxsize=None)
def converted(name: str, tmp: str, text: str | None = None, via: str = "text"):
    report = Report()
    if via == "reader":
        return convert_source(REALWORLD / name, {}, report), report
    path = Path(tmp) / (Path(name).stem + ".txt")
    path.write_text(text if text is not None else text_of(REALWORLD / name), encoding="utf-8")
    return convert_source(path, {}, report), report


def records(doc) -> list[dict]:
    return [{"titles": a.titles, "keywords": a.keywords, "authors": [x.names for x in a.authors],
             "references": len(a.references),
             "classification": [{"code": v} for k, v in a.ids.items() if k != "article_type"]}
            for a in doc.articles]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("realworld"))


@pytest.fixture(scope="module", params=["reader", "text"])
def scores(workdir, request):
    out = {}
    for name in expected.stems():
        doc, _ = converted(name, workdir, via=request.param)
        out[name] = (expected.load(name), expected.score(expected.load(name), records(doc)), doc)
    return out


@pytest.mark.parametrize("via", ["reader", "text"])
@pytest.mark.parametrize("name", expected.stems() + sorted(COUNTED))
def test_every_article_of_a_file_is_one_article(name, via, workdir):
    doc, _ = converted(name, workdir, via=via)
    count = expected.load_file(name)["article_count"] if name in expected.stems() else COUNTED[name]
    assert [a.kind for a in doc.articles] == ["article"] * count
    assert all(len(a.titles) == 3 for a in doc.articles), [a.titles for a in doc.articles if len(a.titles) < 3]


def test_titles_keywords_authors_references_classification(scores):
    total: dict[str, int] = {}
    for name, (_, result, _) in scores.items():
        assert result["unmatched_expected"] == [], name
        for key, value in result.items():
            if isinstance(value, int):
                total[key] = total.get(key, 0) + value
    assert total["titles_exact"] >= 0.95 * total["titles_total"]
    assert total["keywords_exact"] >= 0.9 * total["keywords_total"]
    assert total["author_count_ok"] >= total["authors_total"] - 1
    assert total["references_ok"] >= 0.9 * total["references_total"]
    assert total["classification_ok"] == total["classification_total"]
    assert total["matched"] >= 15


@pytest.mark.parametrize("section", ["chemistry", "mining"])
def test_the_same_article_from_its_pdf_and_its_word_file(section, workdir):
    """№1(26): the PDF and the Word file of a section, read by the converter's readers, give the same
    metadata for the articles they share (all 5 of chemistry; mining's Word file swaps one article for
    another, so 5 of its 6): titles, abstracts (their words: a PDF's line ends decide its paragraphs),
    keywords, classification, authors with their affiliations, reference counts."""
    pdf, _ = converted(f"vestnik-kazutb-2025-no1-26-{section}-manuscripts.pdf", workdir, via="reader")
    docx, _ = converted(f"vestnik-kazutb-2025-no1-26-{section}-manuscripts.docx", workdir, via="reader")

    def facts(doc):
        return {a.titles["en"]: (a.titles, {k: " ".join(v.split()) for k, v in a.abstracts.items()}, a.keywords,
                                 a.ids, [(x.names, x.affiliation) for x in a.authors], len(a.references))
                for a in doc.articles}

    from_pdf, from_docx = facts(pdf), facts(docx)
    shared = sorted(set(from_pdf) & set(from_docx))
    assert len(shared) == 5
    for title in shared:
        assert from_pdf[title] == from_docx[title], title


def test_articles_in_another_order_give_the_same_articles(workdir):
    """A manuscript bundle cut at each article's classification line (the starts a person read) and put
    together in reverse order converts to the same articles."""
    name = "vestnik-kazutb-2025-no1-26-chemistry-manuscripts.pdf"
    text = text_of(REALWORLD / name)
    starts = [text.index(e["start"]["snippet"]) for e in expected.load(name)]
    assert starts == sorted(starts) and starts[0] == 0
    pieces = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    reordered = "".join(p if p.endswith("\n") else p + "\n" for p in reversed(pieces))
    original, _ = converted(name, workdir)
    (Path(workdir) / "reversed").mkdir(exist_ok=True)
    again, _ = converted(name, str(Path(workdir) / "reversed"), reordered)

    def facts(doc):
        return sorted((tuple(sorted(a.titles.items())), tuple((k, tuple(v)) for k, v in sorted(a.keywords.items())),
                       tuple(sorted(a.ids.items())), len(a.authors), len(a.references)) for a in doc.articles)

    assert facts(again) == facts(original)


def pieces_of(name: str) -> tuple[str, list[str]]:
    """The file's text and its articles' texts, cut at the starts a person read."""
    text = text_of(REALWORLD / name)
    starts = sorted(text.index(e["start"]["snippet"]) for e in expected.load(name))
    return text, [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


@pytest.mark.parametrize("name", ["vestnik-kazutb-2025-no1-26-chemistry-manuscripts.pdf",
                                  "vestnik-kazutb-2025-no1-26-mining-manuscripts.docx"])
def test_an_article_alone_in_its_file_is_one_article(name, tmp_path):
    _, pieces = pieces_of(name)
    for n, piece in enumerate(pieces):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(piece, encoding="utf-8")
        doc = convert_source(path, {}, Report())
        assert [a.kind for a in doc.articles] == ["article"], (name, n)


@pytest.mark.parametrize("name", ["vestnik-kazutb-2025-no1-26-mining-manuscripts.pdf"])
def test_articles_are_found_without_their_classification_lines(name, tmp_path):
    """The classification line is one cue of an article's start, not the only one."""
    text, pieces = pieces_of(name)
    path = tmp_path / "bundle.txt"
    path.write_text(re.sub(r"(?m)^\f?[ \t]*(?:IRSTI|МРНТИ|ҒТАМР|УДК|ӘОЖ)\b[^\n]*\n", "", text), encoding="utf-8")
    doc = convert_source(path, {}, Report())
    assert len(doc.articles) == len(pieces)
    assert all(len(a.titles) == 3 for a in doc.articles)


@pytest.mark.parametrize("via", ["reader", "text"])
@pytest.mark.parametrize("name", expected.stems() + sorted(COUNTED))
def test_manuscripts_have_no_running_headers(name, via, workdir):
    """The manuscripts print no running heads (README of realworld/): no line of theirs — a reference
    naming its journal "//Arabian Journal of Chemistry.- 2017. - Vol. 10", printed in both lists — is
    removed as one, nor taken for the journal's name."""
    doc, report = converted(name, workdir, via=via)
    heads = [e["text"] for e in report.entries if e["code"] in
             ("furniture.running_header", "furniture.running_title", "furniture.margin_repeat")]
    assert heads == [] and doc.issue.journal_names == {}
