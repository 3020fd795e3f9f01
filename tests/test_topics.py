"""Topic concordance: the Kazakh stemmer on real word forms of the corpus, keyword keys, concepts that
unite the kk/ru/en forms, and the editor's merges and splits."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import SOURCES
from convert.text.kkstem import stem
from convert.model import Article, Report, SourceDoc
from convert.passes.topics import build_concepts, key

# Word forms that occur in the corpus, grouped by the stem a reader expects them to share.
KAZAKH_FORMS = {
    "ғылым": ["ғылыми", "ғылымның", "ғылымы", "ғылымға", "ғылымдардың", "ғылымында"],
    "саясат": ["саясат", "саясатты", "саясаттың", "саясатын", "саясатына"],
    "қазақстан": ["Қазақстан", "Қазақстанның", "Қазақстанда", "Қазақстандағы", "Қазақстаннан"],
    "бірегейлік": ["бірегейлік", "бірегейлікті", "бірегейліктің"],
    "мәслихат": ["мәслихат", "мәслихаттың", "мәслихаттардың"],
    "мұғалім": ["мұғалім", "мұғалімдер", "мұғалімдердің"],
    "технология": ["технология", "технологиялар", "технологиялардың"],
    "зерттеу": ["зерттеу", "зерттеудің", "зерттеуде"],
    "қоғам": ["қоғам", "қоғамның", "қоғамда", "қоғамдағы"],
    "астана": ["Астана", "Астанада", "Астананы"],
    "ассамблея": ["Ассамблеясы", "Ассамблеясының"],
}


@pytest.mark.parametrize("expected", sorted(KAZAKH_FORMS))
def test_kazakh_forms_share_a_stem(expected):
    assert {stem(w) for w in KAZAKH_FORMS[expected]} == {expected}


def test_kazakh_test_forms_are_real_corpus_words():
    text = " ".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")).casefold()
    words = set(re.findall(r"\w+", text))
    missing = [w for forms in KAZAKH_FORMS.values() for w in forms if w.casefold() not in words]
    assert len(missing) <= 8, missing  # nearly all taken from the texts, a few completed by hand


def test_toponym_and_vowel_harmony_are_respected():
    assert stem("Өзбекстан") == "өзбекстан"  # -стан is not an ablative
    assert stem("Алматы") == stem("Алматыда")
    assert stem("жаһанданудың") == stem("жаһандануға") == "жаһандану"


def test_keys_fold_case_yo_quotes_and_inflection():
    assert key("Учёный", "ru") == key("ученого", "ru")
    assert key("терминологией", "ru") == key("терминологии", "ru")
    assert key("«Бір белдеу, бір жол»", "kk") == key("бір белдеу бір жол", "kk")
    assert key("Identities", "en") == key("identity", "en")


def article(url: str, **keywords) -> Article:
    art = Article(source="t.txt", ordinal=1)
    art.url, art.keywords = url, keywords
    return art


def test_concepts_unite_languages_and_articles():
    doc = SourceDoc(name="t.txt")
    doc.articles = [
        article("a.html", kk=["Қазақстан", "ұлттық бірегейлік"], ru=["Казахстан", "национальная идентичность"],
                en=["Kazakhstan", "national identity"]),
        article("b.html", kk=["Қазақстанның", "этнос"], ru=["Казахстана"], en=["Kazakhstan", "ethnos"]),
    ]
    report = Report()
    concepts = build_concepts([doc], report)
    by_en = {c["labels"].get("en"): c for c in concepts}
    kz = by_en["Kazakhstan"]
    assert kz["labels"] == {"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}
    assert kz["articles"] == ["a.html", "b.html"]
    assert by_en["ethnos"]["labels"].get("kk") == "этнос"
    # lists of different lengths: the article's own parallel pair (kk/en) aligns; ru by what others aligned
    assert set(kz["forms"]["ru"]) == {"Казахстан", "Казахстана"}


def test_editor_split_and_merge():
    doc = SourceDoc(name="t.txt")
    doc.articles = [article("a.html", ru=["национальное единство"], en=["national identity"]),
                    article("b.html", ru=["национальная идентичность"], en=["national identity"]),
                    article("c.html", ru=["этничность"], en=["ethnicity"])]
    merged = build_concepts([doc], Report())
    assert len([c for c in merged if c["labels"].get("en") == "national identity"]) == 1
    editor = {"split": [["национальное единство", "национальная идентичность"]],
              "merge": [["этничность", "национальная идентичность"]]}
    concepts = build_concepts([doc], Report(), editor)
    forms = sorted(tuple(sorted(c["forms"].get("ru", []))) for c in concepts)
    assert ("национальное единство",) in forms
    assert ("национальная идентичность", "этничность") in forms


def test_topic_pages_in_the_edition(edition):
    topics = edition.site / "topics"
    index = edition.page("topics/index.html")
    sections = [" ".join(h.itertext()).strip(" ¶") for h in index.xpath("//article//h2")]
    assert sections == ["Қазақша", "Русский", "English"]
    for lang in ("kk", "ru", "en"):
        labels = [a.text_content() for a in index.xpath(f'//div[@lang="{lang}"]//li/a')]
        assert labels == sorted(labels, key=str.casefold)  # alphabetical per language
    pages = Counter(p.name for p in topics.glob("*.html"))
    assert len(pages) > 50
    kz = edition.page("topics/kazakhstan.html")
    assert {p.get("lang") for p in kz.xpath('//p[contains(@class,"topic-label")]')} == {"kk", "ru", "en"}
    assert len(kz.xpath("//article//li/a")) >= 4
    # every article page links to its topics, and every topic links back
    for rec in edition.articles:
        for slug in rec["topics"]:
            assert (topics / f"{slug}.html").exists()


def test_cue_matching_leaves_out_only_candidates_that_could_not_decide():
    """The cheap upper bounds skip a candidate before its exact likeness is computed; the match must be the
    one a comparison with every candidate gives (keywords of one edition's lists, and near-spellings)."""
    import difflib
    import random

    from convert.passes.topics import CUE_MARGIN, CUE_SIMILAR, _cue_match, fold
    from convert.text.slugs import transliterate

    def every_candidate(kw, candidates):
        numbers = set(re.findall(r"\d+", kw))
        if numbers:
            hits = [c for c in candidates if set(re.findall(r"\d+", c)) == numbers]
            if len(hits) == 1:
                return hits[0], "shared numbers"
        scored = sorted(((difflib.SequenceMatcher(None, transliterate(fold(kw)), transliterate(fold(c))).ratio(), c)
                         for c in candidates), reverse=True)
        if scored and scored[0][0] >= CUE_SIMILAR and (len(scored) == 1 or scored[0][0] - scored[1][0] >= CUE_MARGIN):
            return scored[0][1], "transliteration"
        return None, ""

    words = ["цифрландыру", "цифровизация", "digitalization", "экстремизм", "extremism", "идентичность",
             "identity", "Орталық Азия", "Центральная Азия", "Central Asia", "мемлекет", "государство", "state",
             "COVID-19", "ковид-19", "2030 стратегиясы", "Стратегия 2030", "народная дипломатия", "public diplomacy"]
    rng = random.Random(7)

    def misspelt(word: str, changes: int) -> str:
        chars = list(word)
        for _ in range(changes):
            chars[rng.randrange(len(chars))] = rng.choice("аеоиыуabcz")
        return "".join(chars)

    matched = 0
    for _ in range(600):
        kw = rng.choice(words)
        # the other list: other keywords, and spellings of this one near and far, so that the best and the
        # next best fall on both sides of the likeness asked and of the margin
        candidates = rng.sample(words, rng.randint(0, 3)) + [misspelt(kw, rng.randint(0, 6))
                                                           for _ in range(rng.randint(1, 3))]
        assert _cue_match(kw, candidates) == every_candidate(kw, candidates), (kw, candidates)
        matched += _cue_match(kw, candidates)[0] is not None
    assert 60 < matched < 540  # both outcomes were tried
