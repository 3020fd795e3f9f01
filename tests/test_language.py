"""Tests for convert.language.detect_language on real lines from sources/.

The expected languages were judged by reading the lines, not taken from
the detector's output.
"""

import re
import time
import unicodedata
from pathlib import Path

import pytest

from convert.text import language
from convert.text.language import KAZAKH_LETTERS, detect_language

SOURCES = Path(__file__).resolve().parent.parent / "sources"
ISSUE = SOURCES / "vestnik-kaznpu-abai-socpol-2025-no2-90-issue.txt"


def all_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.iterdir()))


# (text exactly as it occurs in a source, expected language)
REAL = [
    # Section labels
    ("Аңдатпа", "kk"),
    ("Аннотация", "ru"),
    ("Abstract", "en"),
    ("Кіріспе", "kk"),
    ("КІРІСПЕ", "kk"),
    ("Введение", "ru"),
    ("Заключение", "ru"),
    ("Пайдаланылған әдебиеттер тізімі. References.", "kk"),
    ("Список использованных литератур, References.", "ru"),
    ("Научная статья", "ru"),
    # Keyword lines
    ("Түйін сөздер: кәсіби таңдау, мамандық, жоғары сынып оқушылары, мамандықты таңдау,", "kk"),
    ("Ключевые слова: профессиональный выбор, профессия, старшеклассники, выбор", "ru"),
    ("Keywords: professional choice, career, high school students, choice of profession, social-", "en"),
    ("Тірек сөздер: халықтық дипломатия, Қазақстан, этносаясат, АҚШ,", "kk"),
    ("маргинализация; жаһандану.", "kk"),  # last line of a Kazakh keyword list
    # Running heads, affiliations, author notes
    ("Абай атындағы ҚазҰПУ-нің ХАБАРШЫСЫ, «Әлеуметтік және саяси ғылымдар» сериясы, №2(90) 2025 ж.", "kk"),
    ("1 Әл-Фараби атындағы Қазақ ұлттық университеті, Алматы, Қазақстан", "kk"),
    ("2 Қоғамдық пікірді зерттеу орталығы, Қазақстан, Алматы, Қазақстан", "kk"),
    ("Астана, Қазақстан", "kk"),
    ("Қазақстан, Алматы қ.", "kk"),
    ("<sup>1</sup>Евразийский национальный университет имени Л.Н. Гумилева, Астана, Казахстан", "ru"),
    ("<sup>2</sup>Софийский университет имени Климента Охридского, София, Болгария", "ru"),
    ("<sup>2</sup>Климент Охридский атындағы София университеті, София, Болгария", "kk"),
    ("**Кумысбеков А.К.** – PhD докторант, Евразийский национальный университет имени Л.Н. Гумилева, Астана, Казахстан.", "ru"),
    ("**Күмісбеков А.К.** – PhD докторант, Л.Н. Гумилев атындағы Еуразия ұлттық университеті, Астана, Қазақстан.", "kk"),
    ("**Kumysbekov A.K.** – PhD doctoral student, L.N. Gumilyov Eurasian National University, Astana, Kazakhstan.", "en"),
    ("**Дронзина Т.А.** – директор магистерской программы «Political pathologies of the globalized world», "
     "Софийский университет имени Климента Охридского, София, Болгария.", "ru"),
    ("Поступила: 10.07.2024; Принята: 25.11.2025; Доступна онлайн: 30.12.2025", "ru"),
    # Titles
    ("ҚАЗАҚСТАНДАҒЫ АЙМАҚТЫҚ БІРЕГЕЙЛІК ЖӘНЕ ҰЛТТЫҚ ТҰТАСТЫҚ:", "kk"),
    ("ПЕРСПЕКТИВАЛАРЫ", "kk"),  # no Kazakh-specific letter: lingua decides
    ("ПОНИМАНИЕ МОТИВАЦИЙ ПРОФЕССИОНАЛЬНОГО ВЫБОРА", "ru"),
    ("СТАРШЕКЛАССНИКОВ КАЗАХСТАНСКИХ ШКОЛ", "ru"),
    ("UNDERSTANDING CAREER CHOICE MOTIVES OF HIGH SCHOOL STUDENTS", "en"),
    ("COVID-19 пандемиясы тұсындағы цифрлану", "kk"),
    ("Интеграция и ассимиляция", "ru"),  # lingua alone says kk
    # Body lines
    ("Аннотация. Народная дипломатия неотъемлемая часть", "ru"),
    ("Аңдатпа. Халықтық дипломатия этносаясаттың құрамдас бөлігі болып", "kk"),
    ("Программа «Болашақ», запущенная в 1993 году, является одним из важных", "ru"),
    ("•\t Проект «Рухани жаңғыру»", "ru"),  # Russian list item, lingua alone says kk
    ("•\t Программа Fulbright", "ru"),
    ("Программа “Болашак”", "ru"),
    ("Мұндағы А – заң шығарушы билік құрамы, P – сол аумақтағы халық саны және 1/3 оның", "kk"),
    ("Қазақстанда IT саласы бойынша маманданған қызметкерлер мен арнайы", "kk"),
    ("Figure 1. Сomparative data before and after the test.", "en"),
    ("На рубеже XX и ХХI веков сформировался солидный массив публикаций по актуальным", "ru"),
    ("По дaнным исследовaния можно сделaть вывод, что чaстичнaя мобилизaция в", "ru"),
    ("многодетных семей г. Алматы (N=10). Исследование проводилось", "ru"),
    ("1994 ж. 2023 ж. 1989 ж. 2023 ж.", "kk"),  # table header (ж. = жыл)
    ("Сайлаушы", "kk"),
    ("болады.", "kk"),
    # Nothing to say
    ("40", None),
    ("[14, 405 б.].", None),
]


def test_real_cases_occur_in_the_sources():
    text = all_sources()
    missing = [phrase for phrase, _ in REAL if phrase not in text]
    assert not missing
    assert len(REAL) >= 30


@pytest.mark.parametrize("text, expected", REAL)
def test_real_lines(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # The examples of the brief.
        ("Алматы, Қазақстан", "kk"),
        ("Астана, Казахстан", "ru"),
        ("Абай атындағы ҚазҰПУ-нің ХАБАРШЫСЫ", "kk"),
        ("В рамках программы «Рухани жаңғыру» были реализованы проекты "
         "по модернизации общественного сознания.", "ru"),
        ("Түйін сөздер", "kk"),
        ("Ключевые слова", "ru"),
        ("Әдебиеттер", "kk"),
        ("Литература", "ru"),
        ("References", "en"),
        ("Мазмұны", "kk"),
        ("Содержание", "ru"),
    ],
)
def test_short_labels(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12 345", "—", "§ 5, [3]", "а", "№2(90)"])
def test_nothing_to_say(text):
    assert detect_language(text) is None


def _lines(path: Path, first: int, last: int) -> str:
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[first - 1:last])


@pytest.mark.parametrize(
    "first, last, expected",
    [(7, 22, "en"), (36, 47, "kk"), (74, 80, "ru"), (49, 55, "kk"), (3698, 3712, "ru")],
)
def test_real_paragraphs(first, last, expected):
    assert detect_language(_lines(ISSUE, first, last)) == expected


def test_normalisation_does_not_change_the_answer():
    for text in ["Аннотация", "Түйін сөздер", "Абай атындағы ҚазҰПУ-нің ХАБАРШЫСЫ"]:
        variants = [
            text.upper(),
            text.lower(),
            f"  {text}\n",
            text.replace(" ", " \u00a0\t "),
            unicodedata.normalize("NFD", text),
        ]
        assert {detect_language(v) for v in variants} == {detect_language(text)}


def test_kazakh_letters_constant():
    assert KAZAKH_LETTERS == "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
    assert all("\u0400" <= ch <= "\u04ff" for ch in KAZAKH_LETTERS)


def test_detector_built_once_and_results_cached():
    detect_language("Қорытынды")
    detect_language("Заключение бла бла")
    assert language._detector.cache_info().currsize == 1
    before = language.detect_language.cache_info().hits
    detect_language("Заключение бла бла")
    assert language.detect_language.cache_info().hits == before + 1


def test_whole_issue_is_fast():
    paragraphs = re.split(r"\n\s*\n", ISSUE.read_text(encoding="utf-8"))
    for cached in (language.detect_language, language._detect_normalised, language._lingua_kk_or_ru):
        cached.cache_clear()
    language._detector()  # building the detector is a one-off cost
    start = time.perf_counter()
    results = [detect_language(p) for p in paragraphs]
    elapsed = time.perf_counter() - start
    assert elapsed < 5
    assert {"kk", "ru", "en"} <= set(results)
