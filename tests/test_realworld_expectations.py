"""The hand-read realworld expectations are well-formed and the scorer behaves.

Does not run the converter and does not need the realworld files themselves.
"""
import copy
import re

import pytest

import realworld_expectations as rw

STEMS = rw.stems()
LANGS = set(rw.LANGS)


def _notes(article):
    return " ".join(str(n) for n in (article.get("notes") or []) + (article.get("docx_notes") or []))


def test_enough_material():
    assert len(STEMS) >= 4
    formats = {s.rsplit(".", 1)[1] for s in STEMS}
    assert {"pdf", "docx"} <= formats
    total = sum(len(rw.load(s)) for s in STEMS)
    assert total >= 15
    distinct = {rw.norm(a["titles"]["en"]) for s in STEMS for a in rw.load(s)}
    assert len(distinct) >= 15


@pytest.mark.parametrize("stem", STEMS)
def test_file_header(stem):
    doc = rw.load_file(stem)
    assert doc["file"] == stem
    assert doc["format"] == stem.rsplit(".", 1)[1]
    arts = doc["articles"]
    assert arts
    assert doc["article_count"] >= len(arts)
    if doc["article_count"] != len(arts):
        assert doc.get("articles_written") == len(arts)


@pytest.mark.parametrize("stem", STEMS)
def test_articles_consistent(stem):
    doc = rw.load_file(stem)
    arts = rw.load(stem)
    for n, a in enumerate(arts, 1):
        where = f"{stem} article {n}"
        assert a["start"]["snippet"].strip(), where
        if doc["format"] == "pdf":
            assert isinstance(a["start"].get("page"), int) and a["start"]["page"] >= 1, where
        else:
            assert "page" not in a["start"], where
        titles = a["titles"]
        if set(titles) != LANGS:
            assert re.search(r"title", _notes(a), re.I), f"{where}: titles {set(titles)}"
        assert all(isinstance(t, str) and t.strip() and "\n" not in t for t in titles.values()), where
        assert set(a["language_order"]) <= LANGS and len(set(a["language_order"])) == len(a["language_order"])
        assert a["body_lang"] in LANGS, where
        authors = a["authors"]
        for lang, names in authors.items():
            assert lang in LANGS, where
            assert len(names) == a["author_count"], f"{where}: {lang} has {len(names)} names"
            assert all(n.strip() and not re.match(r"^[\d*,]", n) for n in names), where
        for lang, kws in a["keywords"].items():
            assert lang in LANGS and kws, where
            assert all(k.strip() and not k.endswith(".") for k in kws), where
        for lang, s in a["abstract_start"].items():
            assert lang in LANGS and len(s.split()) >= 5, where
        assert a["abstract_label"], where
        assert a["emails"] and all("@" in e for e in a["emails"]), where
        refs = a["references"]
        assert isinstance(refs["count"], int) and refs["count"] > 0, where
        if "second_list_count" in refs:
            assert isinstance(refs["second_list_count"], int), where
        assert a["classification"] and all(c["scheme"] and re.match(r"^\d{2}\.\d{2}", c["code"])
                                           for c in a["classification"]), where


@pytest.mark.parametrize("stem", [s for s in STEMS if s.endswith(".pdf")])
def test_pdf_pages_increase(stem):
    pages = [a["start"]["page"] for a in rw.load(stem)]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


def test_same_as_resolves_to_pdf_article():
    for stem in STEMS:
        for raw, art in zip(rw.load_file(stem)["articles"], rw.load(stem)):
            if "same_as" in raw:
                target, _, num = raw["same_as"].partition("#")
                src = rw.load(target)[int(num) - 1]
                assert art["titles"] == src["titles"]
                assert art["start"]["snippet"] == src["start"]["snippet"]


@pytest.mark.parametrize("stem", STEMS)
def test_score_self_is_full_marks(stem):
    exp = rw.load(stem)
    res = rw.score(exp, copy.deepcopy(exp))
    assert rw.full_marks(res), res
    assert res["mismatches"] == []


def _as_converter_output(articles):
    """Shape expectations like converter output: authors as a list of {lang: name}."""
    out = []
    for a in articles:
        langs = list(a["authors"])
        out.append({
            "titles": dict(a["titles"]),
            "keywords": {k: list(v) for k, v in a["keywords"].items()},
            "authors": [{l: a["authors"][l][i] for l in langs} for i in range(a["author_count"])],
            "references": a["references"]["count"],
            "classification": " ".join(f'{c["scheme"]} {c["code"]}' for c in a["classification"]),
        })
    return out


def test_score_accepts_converter_shapes_and_normalises():
    exp = rw.load("vestnik-kazutb-2025-no1-26-chemistry-manuscripts.pdf")
    got = _as_converter_output(exp)
    got[0]["titles"]["en"] = "  Study of the physicochemical\nproperties of fulvic acid solutions "
    got[0]["keywords"]["en"][-1] += "."
    got[1]["references"] = 14  # within 10 % of 15
    got.reverse()  # order does not matter for matching
    assert rw.full_marks(rw.score(exp, got))


def test_score_damaged_copy_scores_less():
    exp = rw.load("vestnik-kazutb-2025-no1-26-mining-manuscripts.pdf")
    full = rw.score(exp, copy.deepcopy(exp))
    bad = copy.deepcopy(exp)
    t = bad[2]["titles"]["en"]
    bad[2]["titles"]["en"] = t[: len(t) * 2 // 3]  # title cut
    bad[3]["keywords"]["ru"].pop()  # keyword dropped
    bad[4]["author_count"] += 1
    bad[4]["authors"] = {k: v + ["X. Extra"] for k, v in bad[4]["authors"].items()}
    bad[5]["references"] = {"count": bad[5]["references"]["count"] * 2}
    del bad[0]  # an article lost
    res = rw.score(exp, bad)
    assert not rw.full_marks(res)
    assert res["matched"] == full["matched"] - 1
    assert res["titles_exact"] < res["titles_total"]
    assert res["keywords_exact"] < res["keywords_total"]
    assert res["author_count_ok"] < res["authors_total"]
    assert res["references_ok"] < res["references_total"]
    assert res["unmatched_expected"] == [0]


def test_homoglyphs_and_private_use_are_folded():
    assert rw.norm("M.A.Елубай") == rw.norm("М.А.Елубай")
    assert rw.norm("НАН\ue000ОКОМПОЗИТОВ") == rw.norm("нанокомпозитов")
    assert rw.norm("Latin word") != rw.norm("Latin wordy")
