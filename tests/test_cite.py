""""Cite this article": citeproc-js on small CSL items, names and titles as a person reads them, and the
edition's boxes and exports. Expected strings were written by reading the sources and the styles' rules."""
from __future__ import annotations

import json
import re

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from convert.render.citation import FRAGMENT, formatted
from convert.text.case import Evidence, in_capitals, sentence_case
from convert.text.names import split_name


def item(**fields) -> dict:
    base = {"id": "x", "type": "article-journal", "container-title": "Вестник КазНПУ", "volume": "90",
            "issue": "2", "issued": {"date-parts": [[2025]]}, "language": "ru"}
    return {**base, **fields}


# -- the CSL processor -------------------------------------------------------------------------
def test_an_item_without_authors_prints_its_title_once():
    apa = formatted(item(title="Профессиональная идентичность учителей"), "apa")["text"]
    assert apa.count("Профессиональная идентичность учителей") == 1
    assert apa.startswith("Профессиональная идентичность учителей. (2025).")


def test_a_two_letter_initial_survives_in_both_styles():
    it = item(title="Тема", author=[{"family": "Бидахметова", "given": "Sh. B."}])
    assert "Бидахметова Sh. B." in formatted(it, "gost")["text"]
    assert "Бидахметова, Sh. B." in formatted(it, "apa")["text"]


def test_apa_italics_reach_the_box_and_the_text_stays_plain():
    entry = formatted(item(title="Тема", author=[{"family": "Иванов", "given": "А. Б."}]), "apa")
    assert "<i>Вестник КазНПУ</i>, <i>90</i>(2)" in entry["html"]
    assert "<" not in entry["text"] and "Вестник КазНПУ, 90(2)" in entry["text"]


def test_markup_in_a_title_stays_text():
    entry = formatted(item(title='Тема <script>alert(1)</script> <img src=x onerror=alert(2)> & «А»'), "apa")
    assert "<script" not in entry["html"] and "<img" not in entry["html"]
    assert "&#60;script&#62;" in entry["html"] or "&lt;script&gt;" in entry["html"]
    assert "<script>alert(1)</script>" in entry["text"]  # the plain text is escaped where it is placed


def test_russian_title_is_not_title_cased_with_an_english_locale():
    it = item(title="Социологические и политические науки", language="ru")
    assert "Социологические и политические науки" in formatted(it, "apa")["text"]


def test_a_fragment_with_a_title_cites_as_a_piece_of_its_issue():
    it = item(title="Межэтнические отношения", genre=FRAGMENT["ru"])
    text = formatted(it, "gost")["text"]
    assert text.startswith("Межэтнические отношения") and "Вестник КазНПУ" in text


# -- names -------------------------------------------------------------------------------------
@pytest.mark.parametrize("printed, others, family, given", [
    ("Саад Твайсси", (), "Твайсси", "Саад"),
    ("Saad Twaissi", (), "Twaissi", "Saad"),
    ("Твайсси Саад", ("Twaissi S.",), "Твайсси", "Саад"),  # the English form's initials tell the family name
    ("Ахмет Байтұрсынұлы", (), "Байтұрсынұлы", "Ахмет"),
    ("Байтұрсынұлы Ахмет", (), "Байтұрсынұлы", "Ахмет"),
    ("Бидахметова Шолпан Бекмұхамбетқызы", (), "Бидахметова", "Шолпан Бекмұхамбетқызы"),
    ("Иван Петрович Сидоров", (), "Сидоров", "Иван Петрович"),
    ("Сидоров Иван Петрович", (), "Сидоров", "Иван Петрович"),
    ("Bidakhmetova Sh.B.", (), "Bidakhmetova", "Sh. B."),
    ("А.К. Кумысбеков", (), "Кумысбеков", "А. К."),
    ("А.К.Кумысбеков", (), "Кумысбеков", "А. К."),
    ("Кумысбеков, Алмас", (), "Кумысбеков", "Алмас"),
    ("Əлихан Бөкейхан", (), "Бөкейхан", "Әлихан"),  # Latin schwa typed for Kazakh Ә
])
def test_person_names_split(printed, others, family, given):
    parts = split_name(printed, others)
    assert (parts.get("family"), parts.get("given")) == (family, given)


def test_particles_belong_to_the_family_name():
    for printed in ("de la Cruz J.", "J. de la Cruz", "Juan de la Cruz"):
        parts = split_name(printed)
        assert (parts["non-dropping-particle"], parts["family"]) == ("de la", "Cruz"), printed


def test_only_an_institution_stays_literal():
    assert split_name("Astana IT University") == {"literal": "Astana IT University"}
    assert split_name("Министерство просвещения РК") == {"literal": "Министерство просвещения РК"}
    assert "literal" not in split_name("Saad Twaissi")


# -- titles ------------------------------------------------------------------------------------
def test_sentence_case_keeps_names_and_acronyms_the_text_writes():
    ev = Evidence(["Бұл мақалада Қазақстан мен АҚШ тәжірибесі салыстырылады.",
                   "Зерттеу Қазақстанның этносаясатына арналған."])
    assert sentence_case("ЭТНОСАЯСАТТАҒЫ ХАЛЫҚТЫҚ ДИПЛОМАТИЯ, ҚАЗАҚСТАН МЕН АҚШ МЫСАЛЫНДА", ev, "kk") == \
        "Этносаясаттағы халықтық дипломатия, Қазақстан мен АҚШ мысалында"


def test_sentence_case_of_words_the_text_never_writes():
    assert sentence_case("ПРОФЕССИОНАЛЬНАЯ ИДЕНТИЧНОСТЬ УЧИТЕЛЕЙ", Evidence([]), "ru") == \
        "Профессиональная идентичность учителей"
    assert sentence_case("РОЛЬ ҚР В XXI ВЕКЕ", Evidence([]), "ru") == "Роль ҚР в XXI веке"  # no vowel, Roman


def test_an_inflected_name_takes_the_case_of_its_stem_and_a_derived_adjective_does_not():
    ev = Evidence(["Опыт Казахстана показывает, что в Центральной Азии есть общие черты."])
    assert sentence_case("ШКОЛЫ КАЗАХСТАНА И КАЗАХСТАНСКИХ РЕГИОНОВ ЦЕНТРАЛЬНОЙ АЗИИ", ev, "ru") == \
        "Школы Казахстана и казахстанских регионов Центральной Азии"


def test_an_english_name_from_the_other_script():
    ev = Evidence(["Политика Соединенных Штатов Америки в регионе."])
    assert sentence_case("THE UNITED STATES OF AMERICA", ev, "en") == "The united states of America"


def test_a_title_not_in_capitals_is_kept():
    t = "The Potential of the Institution of Mediation"
    assert not in_capitals(t) and sentence_case(t, Evidence([]), "en") == t


# -- the edition -------------------------------------------------------------------------------
def _csl(edition, rec) -> dict:
    (it,) = json.loads((edition.site / rec["url"]).with_suffix(".csl.json").read_text(encoding="utf-8"))
    return it


def _box(edition, rec, style) -> str:
    found = edition.page(rec["url"]).xpath(f'//span[@id="cite-{style}"]')
    return found[0].text_content() if found else ""


def test_no_box_shows_a_title_in_capitals_or_repeats_it(edition):
    boxes = 0
    for rec in edition.articles:
        if not (rec["titles"] or rec["authors"]):
            continue
        it = _csl(edition, rec)
        if "title" not in it:
            continue
        boxes += 1
        assert not in_capitals(it["title"]), rec["url"]
        for style in ("gost", "apa"):
            box = _box(edition, rec, style)
            assert box.count(it["title"]) == 1, (rec["url"], style, box)
    assert boxes >= 15


def test_printed_capitals_are_kept_in_articles_json(edition):
    (rec,) = [r for r in edition.articles if "учителей" in r["titles"].get("ru", "")]
    assert rec["titles"]["ru"] == "Профессиональная идентичность учителей: результаты социологического исследования"
    assert rec["printed_titles"]["ru"] == "ПРОФЕССИОНАЛЬНАЯ ИДЕНТИЧНОСТЬ УЧИТЕЛЕЙ: РЕЗУЛЬТАТЫ СОЦИОЛОГИЧЕСКОГО ИССЛЕДОВАНИЯ"
    (rec,) = [r for r in edition.articles if "ЭТНОСАЯСАТТАҒЫ" in r.get("printed_titles", {}).get("kk", "")]
    assert rec["titles"]["kk"] == "Этносаясаттағы халықтық дипломатия, Қазақстан мен АҚШ мысалында"


def test_no_person_is_a_literal_name_and_twaissi_splits(edition):
    for rec in edition.articles:
        if rec["titles"] or rec["authors"]:
            for a in _csl(edition, rec).get("author", []):
                assert "family" in a, (rec["url"], a)
    (rec,) = [r for r in edition.articles if any("Твайсси" in a["name"].get("kk", "") for a in r["authors"])]
    assert {"family": "Твайсси", "given": "Саад"} in _csl(edition, rec)["author"]
    assert "Твайсси, С." in _box(edition, rec, "apa")


def test_the_item_language_is_the_cited_titles(edition):
    """An English-bodied article whose front matter has only Kazakh and Russian titles cites in Russian,
    with the Russian journal name, and no English title case touches it."""
    (rec,) = [r for r in edition.articles if r["titles"].get("ru", "").startswith("Преодоление неравенства")]
    assert rec["body_lang"] == "en"
    it = _csl(edition, rec)
    assert it["language"] == "ru" and it["title"] == "Преодоление неравенства доходов и перспективы на будущее"
    apa = _box(edition, rec, "apa")
    assert "«Социологические и политические науки»" in apa and "Социологические И" not in apa


def test_pieces_without_title_or_author_have_no_box(edition):
    blank = [r for r in edition.articles if not (r["titles"] or r["authors"])]
    assert blank
    for rec in blank:
        page = edition.page(rec["url"])
        assert not page.xpath('//span[starts-with(@id,"cite-")]')
        text = page.text_content()
        assert "[Manuscript]" not in text and "б. д." not in text


def test_zotero_reads_the_box_title_and_authors(edition):
    """Zotero's generic importer takes citation_title and citation_author ("Family, Given"): the same title
    and the same family names, in order, as the APA box."""
    for rec in edition.articles:
        if not (rec["titles"] or rec["authors"]):
            continue
        tags: dict[str, list[str]] = {}
        for m in edition.page(rec["url"]).xpath("//head/meta[@name]"):
            tags.setdefault(m.get("name"), []).append(m.get("content"))
        apa = _box(edition, rec, "apa")
        if rec["titles"]:
            assert tags["citation_title"][0] in apa
        families = [a.split(",")[0] for a in tags.get("citation_author", [])]
        positions = [apa.find(f) for f in families]
        assert -1 not in positions and positions == sorted(positions), (rec["url"], families, apa)


def test_bibtex_names_split_as_the_csl_item(edition):
    for rec in edition.articles:
        if not rec["authors"]:
            continue
        bib = (edition.site / rec["url"]).with_suffix(".bib")
        lib = bibtexparser.parse_file(str(bib), append_middleware=[SeparateCoAuthors(), SplitNameParts()])
        (entry,) = lib.entries
        lasts = [" ".join(n.last) for n in entry.fields_dict["author"].value]
        want = [a["family"] for a in _csl(edition, rec)["author"]]
        assert [re.sub(r"[{}]", "", x) for x in lasts] == want, rec["url"]


def test_the_evidence_of_texts_summed_is_the_evidence_of_them_all():
    from convert.passes.topics import stem_word

    stem = lambda w: stem_word(w, "")  # noqa: E731 -- as convert/passes/titles.py asks
    texts = ["Опыт Казахстана показывает, что в Центральной Азии есть общие черты.",
             "Бұл мақалада Қазақстан мен АҚШ тәжірибесі салыстырылады. Содан кейін ЕАЭС туралы.",
             "The policy of the United States in Central Asia, and the IT sector of Kazakhstan."]
    whole = Evidence(texts, stem=stem)
    summed = Evidence.merged([Evidence(texts[:1], stem=stem), Evidence(texts[1:], stem=stem)])
    assert summed.forms == whole.forms and summed.stems == whole.stems
    for word in ("КАЗАХСТАНУ", "КАЗАХСТАНСКИХ", "ҚАЗАҚСТАНДАҒЫ", "ЕАЭС", "Азиатский", "STATES", "KAZAKHSTANI", "Qazaqstan", "черт"):
        assert summed.shape_of(word) == whole.shape_of(word), word
    assert whole.shape_of("КАЗАХСТАНУ") == "name" and whole.shape_of("ЕАЭС") == "upper"


def test_the_nearest_form_is_found_among_those_of_the_same_beginning_as_among_all():
    import random
    from collections import Counter

    from convert.text import case

    def nearest_among_all(key, forms):  # every form compared, as the rule says
        if key in forms:
            return forms[key]
        best, shapes = 0, Counter()
        for form, counts in forms.items():
            shared = case._shared(form, key)
            if shared >= case.SHARED_BEGINNING and shared >= max(len(form), len(key)) - 3:
                if shared > best:
                    best, shapes = shared, Counter()
                if shared == best:
                    shapes.update(counts)
        return shapes or None

    rnd = random.Random(7)
    words = ["".join(rnd.choice("қазастн") for _ in range(rnd.randint(2, 11))) for _ in range(400)]
    forms = {w: Counter({rnd.choice(["lower", "name", "upper"]): rnd.randint(1, 3)}) for w in words[:200]}
    groups = case._by_beginning(forms)
    for key in words:
        assert case._nearest(key, forms, groups) == nearest_among_all(key, forms), key
