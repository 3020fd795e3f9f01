"""Tests for convert.textfix: real lines from sources/ plus property tests."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from convert.text.fixes import (
    fix_bullets,
    fix_dashes,
    fix_homoglyphs,
    fix_line,
    fix_spaces,
    to_nfc,
)

SOURCES = Path(__file__).resolve().parent.parent / "sources"
IZV = "izvestiya-kazumoiya-ru-article-peoples-diplomacy.txt"
UNK_RU = "unknown-journal-ru-fragments-interethnic-relations.txt"
KAZNPU = "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"
ENU = "vestnik-enu-polsci-2025-no4-153-article-mediation.md"


def source_line(name: str, number: int) -> str:
    """Line *number* (1-based, without its newline) of a source file."""
    with open(SOURCES / name, encoding="utf-8") as fh:
        return fh.read().split("\n")[number - 1]


# ---------------------------------------------------------------- to_nfc


def test_to_nfc_composes():
    assert to_nfc("е\u0308") == "ё"
    assert to_nfc("Ка\u0306") == "Кӑ"
    assert to_nfc("уже NFC") == "уже NFC"


# ---------------------------------------------------------------- fix_spaces


@pytest.mark.parametrize(
    "name, number, expected",
    [
        (IZV, 22, "и способствует международному сотрудничеству в обеих странах. В"),
        (IZV, 28, "Введение"),
        (IZV, 51, "рамках научной статьи решены следующие исследовательские задачи:"),
        (IZV, 98, "В качестве методов используются контент-анализ для изучения научных"),
        (IZV, 143, "Результаты и обсуждение"),
        (IZV, 53, "− Изучены основные понятия и теоретические основы народной"),
        (IZV, 570, "• Ассамблея народа Казахста-"),
        (KAZNPU, 1, "UNDERSTANDING CAREER CHOICE MOTIVES OF HIGH SCHOOL STUDENTS"),
    ],
)
def test_fix_spaces_real_lines(name, number, expected):
    assert fix_spaces(source_line(name, number)) == expected


def test_real_lines_have_the_characters_tested():
    assert "\u00a0" in source_line(IZV, 22)
    assert "\t" in source_line(IZV, 53)
    assert source_line(KAZNPU, 1).startswith(" ")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10\u202f000 тенге", "10 000 тенге"),
        ("1\u2007234", "1 234"),
        ("т.\u2009е.", "т. е."),
        ("со\u00adциальной", "социальной"),
        ("сло\u200bво\u200c и\u200d\u2060 \ufeffтекст", "слово и текст"),
        ("\t\t отступ  и   пробелы \t", "отступ и пробелы"),
        ("\u00a0", ""),
        ("", ""),
    ],
)
def test_fix_spaces_cases(raw, expected):
    assert fix_spaces(raw) == expected


# ---------------------------------------------------------------- fix_bullets


@pytest.mark.parametrize(
    "name, number, expected_start",
    [
        (IZV, 53, "– Изучены основные"),
        (IZV, 570, "• Ассамблея народа"),
        (IZV, 580, "• Программа Fulbright"),
        (KAZNPU, 2364, "• Index method, which"),  # U+F02D (symbol-font minus)
        (KAZNPU, 2686, "• USA - 74.44%;"),
        (KAZNPU, 6856, "• Көпвекторлы сыртқы"),  # U+F0B7
        (KAZNPU, 9868, "• Мақаланың басында"),  # U+25CF
    ],
)
def test_fix_bullets_real_lines(name, number, expected_start):
    assert fix_bullets(source_line(name, number)).startswith(expected_start)


def test_private_use_bullets_are_really_in_the_sources():
    assert source_line(KAZNPU, 2364).startswith("\uf02d ")
    assert source_line(KAZNPU, 6856).startswith("\uf0b7 ")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("▪ пункт", "• пункт"),
        ("◦пункт", "• пункт"),
        ("\uf0a7\tпункт", "• пункт"),
        ("\uf076 пункт", "• пункт"),
        ("  • с отступом", "• с отступом"),
        ("•", "•"),
        ("\uf0b7 ", "•"),
        ("\uf0b7 \uf0b7 двойной", "• двойной"),
        ("– пункт", "– пункт"),
        ("— пункт", "– пункт"),
        ("−\t пункт", "– пункт"),
        ("текст \uf0b7 внутри\uf02d", "текст  внутри"),
    ],
)
def test_fix_bullets_cases(raw, expected):
    assert fix_bullets(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        # A hyphen at the start is a continuation, not a bullet (KAZNPU 4611).
        "- Жиналысқа - 25-ке дейін». Бұдан шығатын қорытынды",
        "−5 % за год",
        "–5",
        "—это без пробела",
        "Обычная строка – с тире внутри",
    ],
)
def test_fix_bullets_leaves_non_markers(line):
    assert fix_bullets(line) == line


# ---------------------------------------------------------------- fix_dashes


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("социально\u2010экономический", "социально-экономический"),
        ("аты\u2011жөні", "аты-жөні"),
        ("5\u22123", "5\u22123"),
        ("температура \u22120,25", "температура \u22120,25"),
        ("A \u2212 B", "A – B"),
        ("слово\u2212", "слово–"),
        ("4 000–5 000 участников", "4 000–5 000 участников"),
        ("Последняя группа источников — это метод", "Последняя группа источников — это метод"),
        ("\u2012 \u2015", "– —"),
    ],
)
def test_fix_dashes(raw, expected):
    assert fix_dashes(raw) == expected


# ---------------------------------------------------------------- fix_homoglyphs


def test_homoglyphs_real_russian_line_with_latin_a():
    line = source_line(UNK_RU, 1)
    assert "дaнным" in line  # Latin a, as in the source
    fixed, n = fix_homoglyphs(line)
    assert fixed == " По данным исследования можно сделать вывод, что частичная мобилизация в "
    assert n == 5


def test_homoglyphs_real_russian_line_with_latin_preposition():
    fixed, n = fix_homoglyphs(source_line(UNK_RU, 3))
    assert "влияние на общественно-политические" in fixed
    assert all(not ("a" <= ch <= "z") for ch in fixed)
    assert n == 3


def test_homoglyphs_whole_real_paragraph_has_no_latin_left():
    # Lines 1-21 of the fragment are typed with Latin a throughout.
    lines = [source_line(UNK_RU, n) for n in range(1, 22)]
    assert sum(line.count("a") for line in lines) > 40
    fixed = [fix_homoglyphs(line)[0] for line in lines]
    assert not any("a" <= ch.lower() <= "z" for line in fixed for ch in line)
    assert "Западном регионе Казахстана" in fixed[14]


@pytest.mark.parametrize(
    "name, number, expected_part, count",
    [
        # Kazakh lines: Latin i inside Cyrillic words becomes Kazakh і.
        (KAZNPU, 4608, "санын тиісті Мәслихат", 1),
        (KAZNPU, 4610, "50-ге дейін, қалалық", 2),
        (KAZNPU, 4621, "«әкімшілік-аумақтық бөлініс халқының мөлшеріне", 4),
        # An English caption with a Cyrillic С.
        (KAZNPU, 8135, "Figure 1. Comparative data", 1),
        # A Roman numeral typed with Cyrillic Х.
        (KAZNPU, 9450, "На рубеже XX и XXI веков", 1),
    ],
)
def test_homoglyphs_real_lines(name, number, expected_part, count):
    fixed, n = fix_homoglyphs(source_line(name, number))
    assert expected_part in fixed
    assert n == count


def test_homoglyphs_latin_i_in_russian_is_left_alone():
    # Russian context: the a is fixed, the i is not (and not counted).
    assert fix_homoglyphs("результаты исследовaнiя показали") == (
        "результаты исследованiя показали",
        1,
    )
    assert fix_homoglyphs("слово Мiр в тексте") == ("слово Мiр в тексте", 0)


def test_homoglyphs_latin_i_in_kazakh_word_without_other_evidence_is_left():
    # No Kazakh-specific letter anywhere: no evident Kazakh context.
    assert fix_homoglyphs("белгiлейдi") == ("белгiлейдi", 0)


@pytest.mark.parametrize(
    "raw, expected, count",
    [
        ("и a также", "и а также", 1),
        ("вопросы o развитии", "вопросы о развитии", 1),
        ("встреча c коллегами", "встреча с коллегами", 1),
        ("y нас", "у нас", 1),
        ("Ha основе данных", "На основе данных", 1),
        ("данных. B связи с этим", "данных. В связи с этим", 1),
        ("По дaнным, a также", "По данным, а также", 2),
        ("Cтатья", "Статья", 1),
        ("ХХI ғасырда", "XXI ғасырда", 1),
    ],
)
def test_homoglyphs_cases(raw, expected, count):
    assert fix_homoglyphs(raw) == (expected, count)


@pytest.mark.parametrize(
    "line",
    [
        source_line(IZV, 580),  # Программа Fulbright
        source_line(IZV, 81),  # пандемия COVID-19
        source_line(IZV, 127),  # International Visitor Leadership Program (IVLP), и ...
        source_line(ENU, 205),  # PhD докторант
        source_line(ENU, 207),  # Russian line with an English title in quotes
        source_line(KAZNPU, 5954),  # Қазақстанда IT саласы
        source_line(KAZNPU, 5576),  # XXI ғасырда
        source_line(KAZNPU, 1506),  # (p<0,05)
        source_line(KAZNPU, 4572),  # Мұндағы А – ..., P – ...
        source_line(KAZNPU, 8331),  # ... Алматы, Қазақстан e
        "https://orcid.org/0000-0002-9926-916X",
        "ORCID: 0000-0002-6796-108X, e-mail: ayaganova_assel@bk.ru",
        "(E-mail: Aibek.kumsybekov@gmail.com, dronzina@gmail.com)",
        "Как пишет автор, a peace process is a long way to go, и это верно.",
        "точки A и B на графике",
        "где A – площадь, а P – периметр",
        "Программа Peace Corps в Казахстане",
    ],
)
def test_homoglyphs_leave_english_and_acronyms(line):
    assert fix_homoglyphs(line) == (line, 0)


def test_real_lines_for_untouched_cases_are_what_we_think():
    assert "Fulbright" in source_line(IZV, 580)
    assert "COVID-19" in source_line(IZV, 81)
    assert "(IVLP)" in source_line(IZV, 127)
    assert "«Political pathologies of the globalized world»" in source_line(ENU, 207)
    assert "p<0,05" in source_line(KAZNPU, 1506)


# ---------------------------------------------------------------- fix_line


def test_fix_line_real_bullet_line():
    assert fix_line(source_line(IZV, 53)) == (
        "– Изучены основные понятия и теоретические основы народной",
        {"bullets": 1, "spaces": 1},
    )


def test_fix_line_real_russian_line():
    fixed, counts = fix_line(source_line(UNK_RU, 1))
    assert fixed == "По данным исследования можно сделать вывод, что частичная мобилизация в"
    assert counts == {"spaces": 1, "homoglyphs": 5}


def test_fix_line_unchanged_line_reports_nothing():
    assert fix_line("Түйін сөздер: кәсіби таңдау") == ("Түйін сөздер: кәсіби таңдау", {})


def test_fix_line_everything():
    raw = "\uf0b7\tдaнные\u00a0 по\u00adказали \u2212 рост на \u22125 %"
    assert fix_line(raw) == (
        "• данные показали – рост на −5 %",
        {"bullets": 1, "spaces": 1, "dashes": 1, "homoglyphs": 1},
    )


def test_fix_line_whole_sources_idempotent():
    for name in (IZV, UNK_RU, KAZNPU, ENU):
        with open(SOURCES / name, encoding="utf-8") as fh:
            for line in fh.read().split("\n"):
                fixed, _ = fix_line(line)
                assert fix_line(fixed) == (fixed, {}), line


# ---------------------------------------------------------------- properties

# Characters that matter to the fixers, mixed with ordinary text.
INTERESTING = (
    "aeopcxyiAВBCEHKMOPTXYIhëk mnst"  # Latin look-alikes and others
    "аеорсхуіАВСЕНКМОРТХУІһёбвгдлпмнт"  # Cyrillic
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"  # Kazakh
    "0123456789"
    " \t\u00a0\u202f\u2007\u2009\u200b\u200c\u200d\u00ad\ufeff\n"
    "•▪●◦\uf0b7\uf02d\uf0a7\ue000\U000f0001"
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
    ".,;:!?«»\"'()[]/@…"
    "\u0301\u0306\u0308"  # combining marks
)
interesting_text = st.text(alphabet=INTERESTING, max_size=60)
any_text = st.text(max_size=60)
texts = st.one_of(interesting_text, any_text)

SKELETON = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
        "і": "i", "һ": "h", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M",
        "О": "O", "Р": "P", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
        "Ѕ": "S",
    }
)


def letters_and_digits(text: str) -> list[str]:
    """Letters and digits, decomposed, look-alikes identified."""
    decomposed = unicodedata.normalize("NFD", text).translate(SKELETON)
    return [ch for ch in decomposed if ch.isalnum()]


def homoglyph_fixer(text: str) -> str:
    return fix_homoglyphs(text)[0]


def line_fixer(text: str) -> str:
    return fix_line(text)[0]


FIXERS = [to_nfc, fix_spaces, fix_bullets, fix_dashes, homoglyph_fixer, line_fixer]


@pytest.mark.parametrize("fixer", FIXERS, ids=lambda f: f.__name__)
@settings(max_examples=400, deadline=None)
@given(text=texts)
@example(text="\U000f0001•0")  # a private-use character glued to a bullet
def test_idempotent(fixer, text):
    once = fixer(text)
    assert fixer(once) == once


@pytest.mark.parametrize("fixer", FIXERS, ids=lambda f: f.__name__)
@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_no_letter_or_digit_lost(fixer, text):
    assert letters_and_digits(fixer(text)) == letters_and_digits(text)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_fix_line_counts_only_real_changes(text):
    fixed, counts = fix_line(text)
    assert all(n > 0 for n in counts.values())
    assert set(counts) <= {"nfc", "bullets", "spaces", "dashes", "homoglyphs"}
    if not counts:
        assert fixed == to_nfc(text)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_homoglyph_count_bounded_by_words(text):
    fixed, n = fix_homoglyphs(text)
    assert (n == 0) == (fixed == text)
