"""Synthetic edition for benchmarks: N articles shaped like the corpus, deterministic for a seed.

    .venv/bin/python bench/generate.py --articles 1000 --seed 1 --out /tmp/synthetic

writes issue files of 12 articles each (the last one holds the rest) and a `catalog.yml`, in the
shape of the raw PDF text in `sources/` (the KazNPU issue): per article a classification line,
author line with affiliation marks, marked affiliation lines, the title in capitals, the abstract
label and wrapped abstract, the keywords line — in the body language first, then the other two
languages — then the body with section headings in capitals, wrapped paragraphs (~95 characters a
line, trailing spaces, a blank line after some paragraphs' first line as PDF extraction leaves
them), numeric citations ([3], [5, с. 12]), a flattened table with its caption, sometimes a
figure caption, then the reference list (and its transliterated "References" for kk/ru bodies);
running headers with page numbers at every page break and a leading space on the first line of
each page; the issue ends with the journal's author guidelines and notes page, as the corpus does.

The language is real: sentences, keywords and the guidelines are taken from the corpus texts and
recombined (`Material`). Names, institutions and reference shapes come from small tables below.
Everything is deterministic: one `random.Random` per issue seeded from (seed, issue number), pools
built in sorted order, so article k of an edition of N is the same text for every N > k's issue.

Importable: `generate(n, seed, out_dir) -> dict` (returns the summary also printed by the command).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "sources"
ARTICLES_PER_ISSUE = 12
ISSUES_PER_YEAR = 4
FIRST_YEAR = 2006
WIDTH = 95
PAGE_LINES = 46  # physical lines per page of the extracted text (blank lines included)
JOURNAL_ID = "synthetic-vestnik"
JOURNAL_NAMES = {
    "kk": "Абай атындағы ҚазҰПУ-нің ХАБАРШЫСЫ, «Әлеуметтік және саяси ғылымдар» сериясы (синтетикалық мұрағат)",
    "ru": "Вестник КазНПУ им. Абая, серия «Социологические и политические науки» (синтетический архив)",
    "en": "Bulletin of Abai KazNPU, Series of Sociological and Political Sciences (synthetic archive)",
}
HEADERS = {  # running headers as the corpus prints them, even pages kk, odd pages ru
    "kk": "Абай атындағы ҚазҰПУ-нің ХАБАРШЫСЫ, «Әлеуметтік және саяси ғылымдар» сериясы, №{n}({v}) {y} ж.",
    "ru": "ВЕСТНИК КазНПУ им. Абая, серия «Социологические и политические науки», №{n}({v}), {y} г.",
}
LANGS = ("kk", "ru", "en")

# -- vocabulary of the genre --------------------------------------------------------------------
ABSTRACT_LABEL = {"kk": "Аңдатпа", "ru": "Аннотация", "en": "Abstract"}
KEYWORDS_LABEL = {"kk": "Түйін сөздер:", "ru": "Ключевые слова:", "en": "Keywords:"}
IDS = {"kk": "ҒТАМР", "ru": "МРНТИ", "en": "IRSTI"}
SECTIONS = {
    "kk": ["КІРІСПЕ", "ӘДЕБИЕТТЕРГЕ ШОЛУ", "МАТЕРИАЛДАР МЕН ӘДІСТЕР", "НӘТИЖЕЛЕР МЕН ТАЛҚЫЛАУ", "ҚОРЫТЫНДЫ"],
    "ru": ["ВВЕДЕНИЕ", "ОБЗОР ЛИТЕРАТУРЫ", "МАТЕРИАЛЫ И МЕТОДЫ", "РЕЗУЛЬТАТЫ И ОБСУЖДЕНИЕ", "ЗАКЛЮЧЕНИЕ"],
    "en": ["INTRODUCTION", "LITERATURE REVIEW", "MATERIALS AND METHODS", "RESULTS AND DISCUSSION", "CONCLUSION"],
}
REFERENCES_HEADING = {"kk": "Әдебиеттер тізімі", "ru": "Список литературы", "en": "References"}
TABLE_CAPTION = {"kk": "Кесте {n} – {t}", "ru": "Таблица {n} – {t}", "en": "Table {n} – {t}"}
FIGURE_CAPTION = {"kk": "Сурет {n} – {t}", "ru": "Рисунок {n} – {t}", "en": "Figure {n} – {t}"}
PAGE_CITE = {"kk": "{n}, {p} б.", "ru": "{n}, с. {p}", "en": "{n}, p. {p}"}
TABLE_COLUMNS = {
    "kk": ["Көрсеткіш", "Ерлер", "Әйелдер", "Қала", "Ауыл", "Барлығы"],
    "ru": ["Показатель", "Мужчины", "Женщины", "Город", "Село", "Всего"],
    "en": ["Indicator", "Men", "Women", "Urban", "Rural", "Total"],
}
# Surnames as printed in kk, ru and en blocks.
SURNAMES = [
    ("Бақытжанова", "Бакытжанова", "Bakytzhanova"), ("Алимбекова", "Алимбекова", "Alimbekova"),
    ("Құрманғали", "Курмангали", "Kurmangali"), ("Жұмабаев", "Жумабаев", "Zhumabayev"),
    ("Сәрсенбаева", "Сарсенбаева", "Sarsenbayeva"), ("Төлеуов", "Тулеуов", "Tuleuov"),
    ("Нұрланова", "Нурланова", "Nurlanova"), ("Есенов", "Есенов", "Yessenov"),
    ("Қасымова", "Касымова", "Kassymova"), ("Омаров", "Омаров", "Omarov"),
    ("Ахметова", "Ахметова", "Akhmetova"), ("Сейітқали", "Сейиткали", "Seitkali"),
    ("Мұратбекова", "Муратбекова", "Muratbekova"), ("Дүйсенов", "Дуйсенов", "Duissenov"),
    ("Әбдірахманова", "Абдрахманова", "Abdrakhmanova"), ("Ибраев", "Ибраев", "Ibrayev"),
    ("Тәжібаева", "Тажибаева", "Tazhibayeva"), ("Серікбаев", "Серикбаев", "Serikbayev"),
    ("Оспанова", "Оспанова", "Ospanova"), ("Байтұрсынов", "Байтурсынов", "Baitursynov"),
    ("Жақсылықова", "Жаксыликова", "Zhaksylykova"), ("Смағұлов", "Смагулов", "Smagulov"),
    ("Рахымжанова", "Рахимжанова", "Rakhimzhanova"), ("Мамыров", "Мамыров", "Mamyrov"),
    ("Кенжебаева", "Кенжебаева", "Kenzhebayeva"), ("Ержанов", "Ержанов", "Yerzhanov"),
    ("Әлібекова", "Алибекова", "Alibekova"), ("Сұлтанов", "Султанов", "Sultanov"),
    ("Иванова", "Иванова", "Ivanova"), ("Петров", "Петров", "Petrov"),
]
INITIALS = [("А", "А", "A"), ("Б", "Б", "B"), ("Г", "Г", "G"), ("Д", "Д", "D"), ("Е", "Е", "Ye"),
            ("Ж", "Ж", "Zh"), ("К", "К", "K"), ("М", "М", "M"), ("Н", "Н", "N"), ("С", "С", "S"),
            ("Т", "Т", "T"), ("Р", "Р", "R"), ("Ә", "А", "A"), ("Ұ", "У", "U"), ("Л", "Л", "L")]
INSTITUTIONS = [
    ("Абай атындағы Қазақ ұлттық педагогикалық университеті, Алматы, Қазақстан",
     "Казахский национальный педагогический университет имени Абая, Алматы, Казахстан",
     "Abai Kazakh National Pedagogical University, Almaty, Kazakhstan"),
    ("Әл-Фараби атындағы Қазақ ұлттық университеті, Алматы, Қазақстан",
     "Казахский национальный университет имени аль-Фараби, Алматы, Казахстан",
     "Al-Farabi Kazakh National University, Almaty, Kazakhstan"),
    ("Л.Н. Гумилев атындағы Еуразия ұлттық университеті, Астана, Қазақстан",
     "Евразийский национальный университет имени Л.Н. Гумилева, Астана, Казахстан",
     "L.N. Gumilyov Eurasian National University, Astana, Kazakhstan"),
    ("Қоғамдық пікірді зерттеу орталығы, Алматы, Қазақстан",
     "Центр изучения общественного мнения, Алматы, Казахстан",
     "Public Opinion Research Center, Almaty, Kazakhstan"),
    ("Философия, саясаттану және дінтану институты, Алматы, Қазақстан",
     "Институт философии, политологии и религиоведения, Алматы, Казахстан",
     "Institute of Philosophy, Political Science and Religious Studies, Almaty, Kazakhstan"),
    ("Қорқыт Ата атындағы Қызылорда университеті, Қызылорда, Қазақстан",
     "Кызылординский университет имени Коркыт Ата, Кызылорда, Казахстан",
     "Korkyt Ata Kyzylorda University, Kyzylorda, Kazakhstan"),
    ("Абылай хан атындағы Қазақ халықаралық қатынастар және әлем тілдері университеті, Алматы, Қазақстан",
     "Казахский университет международных отношений и мировых языков имени Абылай хана, Алматы, Казахстан",
     "Ablai Khan Kazakh University of International Relations and World Languages, Almaty, Kazakhstan"),
    ("Е.А. Бөкетов атындағы Қарағанды университеті, Қарағанды, Қазақстан",
     "Карагандинский университет имени Е.А. Букетова, Караганда, Казахстан",
     "Karaganda University named after E.A. Buketov, Karaganda, Kazakhstan"),
]
CITIES = {"kk": ["Алматы", "Астана", "Қарағанды"], "ru": ["Алматы", "Астана", "Москва", "Караганда"],
          "en": ["London", "New York", "Oxford", "Cambridge"]}
PUBLISHERS = {"kk": ["Қазақ университеті", "Ғылым", "Мектеп"], "ru": ["Наука", "Казак университети", "Аспект Пресс"],
              "en": ["Routledge", "Springer", "Oxford University Press", "Palgrave Macmillan"]}
# Container titles as the corpus cites them, running-header words (Вестник, Хабаршысы, серия, journal)
# and "№" included: the converter must tell a reference entry from a running header.
JOURNALS = {"kk": ["Саясат және қоғам", "ҚазҰУ Хабаршысы. Саясаттану сериясы", "Әлеуметтану мәселелері"],
            "ru": ["Социологические исследования", "Вестник КазНУ. Серия политологическая",
                   "Общественные науки и современность"],
            "en": ["Central Asian Survey", "Journal of Eurasian Studies", "Nationalities Papers", "Post-Soviet Affairs"]}
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia", "a", "g", "q", "n",
                      "o", "u", "u", "h", "i"]))

# -- what must not reach a line start in generated prose (it would be structure to the converter) -
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_DANGER = re.compile(
    r"abstr?act|аннотаци|аңдатпа|андатпа|түйіндеме|резюме|summary|key\s*-?\s*words|ключевые\s+слова|"
    r"түйін(ді)?\s+сөз|тірек\s+сөз|кілт(ті)?\s+сөз|"  # labels
    r"вестник|хабаршы|жаршы|известия|хабарлары|bulletin|herald|journal|журнал|proceedings|series|серия|"
    r"сериясы|трудов|еңбектері|"  # running-header words
    r"таблиц|table|кесте|рисун|рис\.|figure|fig\.|сурет|диаграмм|diagram|график|схема|"  # captions
    r"примечание|ескерту|ескертпе|источник|дереккөз|\bnotes?\b|\bsource\b|"  # table notes
    r"требовани|талаптар|содержание|мазмұны|contents|guidelines|заметок|"  # journal matter
    r"received|accepted|published|поступил|принят|түсті|қабылданды|жарияланды|"  # dates lines
    r"https?:|www\.|@|doi|orcid|©|\bcc\b|licen[cs]|лицензи|copyright|creative commons|"
    r"шрифт|қаріп|font|кегль|times new roman|alignment|выравнивани|туралау")  # searched in casefolded text (IGNORECASE is slow)
_BAD_LINE_START = re.compile(
    r"^(?:[•–—\-−]+|\d{1,2}[.)]|[*#>]|(?i:results?|discussion|conclusions?|methods|methodology|introduction|"
    r"background|findings|результаты|обсуждение|заключение|выводы|введение|методы|методология|қорытынды|"
    r"нәтижелер|талқылау|кіріспе|әдістеме|әдіснама)[.:])$")  # list items, run-in section headings
_AFFILIATION_OR_PLACE = re.compile(
    r"университет|university|институт|institute|академи|academy|колледж|college|орталығы|центр|center|centre|"
    r"school|мектеп|министр|ministry|research|лаборатор|laborator|факультет|faculty|кафедра|department|"
    r"магистрант|докторант|student|қазақстан|казахстан|kazakhstan|алматы|almaty|астана|astana|республика|republic",
    re.IGNORECASE)


def lang_of(text: str) -> str | None:
    """en / ru / kk for a sentence of the corpus (letters only), None when unclear."""
    latin = sum(1 for c in text if "a" <= c.lower() <= "z")
    cyr = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    if latin >= 30 and cyr == 0:
        return "en"
    if cyr < 30 or latin > 0.03 * cyr:
        return None
    kk = sum(1 for c in text if c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі")
    share = kk / cyr
    return "kk" if share >= 0.03 else "ru" if share <= 0.004 else None


def _furniture(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return (not letters or re.fullmatch(r"\s*\d{1,4}\s*", t) is not None
            or sum(c.isupper() for c in letters) >= 0.6 * len(letters)
            or re.search(r"https?://|mailto:|@|№\s*\d", t) is not None
            or len(re.findall(r"\d+[,.]?\d*\s*%", t)) >= 2)


@dataclass
class Material:
    """Sentences, keywords, title words and the journal-matter tail, taken from the corpus."""

    sentences: dict[str, list[str]] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    tail: list[str] = field(default_factory=list)  # author guidelines + notes page, as printed
    corpus_bytes: int = 0
    corpus_files: int = 0

    @classmethod
    def from_corpus(cls, folder: Path = CORPUS) -> "Material":
        m = cls(sentences={lg: [] for lg in LANGS}, keywords={lg: [] for lg in LANGS},
                words={lg: [] for lg in LANGS})
        sentences: dict[str, set] = {lg: set() for lg in LANGS}
        keywords: dict[str, set] = {lg: set() for lg in LANGS}
        for path in sorted(folder.glob("*.txt")):
            data = path.read_bytes()
            m.corpus_bytes += len(data)
            m.corpus_files += 1
            lines = data.decode("utf-8", errors="replace").replace("\r", "").split("\n")
            cut = next((i for i, ln in enumerate(lines) if re.match(r"^\s*Мақалаға қойылатын талаптар", ln)), None)
            if cut is not None and not m.tail:
                m.tail = [ln.rstrip() for ln in lines[cut:]
                          if not re.search(r"ХАБАРШЫСЫ|ВЕСТНИК", ln) and not re.fullmatch(r"\s*\d{1,4}\s*", ln)]
                lines = lines[:cut]
            _harvest_keywords(lines, keywords)
            stream: list[str] = []
            for ln in lines:
                t = ln.strip()
                if not t or _furniture(t):
                    continue
                if stream and stream[-1].endswith("-") and t[:1].islower():
                    stream[-1] += t
                else:
                    stream.append(t)
            text = re.sub(r"\s+", " ", " ".join(stream))
            for s in re.split(rf"(?<=[.!?])\s+(?=[«\"“(]?[{_UPPER}])", text):
                s = s.strip()
                if _good_sentence(s):
                    lang = lang_of(s)
                    if lang:
                        sentences[lang].add(s)
        for lg in LANGS:
            m.sentences[lg] = sorted(sentences[lg])
            m.keywords[lg] = sorted(keywords[lg])
            words = {w.casefold() for s in m.sentences[lg] for w in re.findall(r"[^\W\d_]{5,}", s)}
            m.words[lg] = sorted(w for w in words if not _DANGER.search(w))
        return m


def _good_sentence(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    if not (60 <= len(s) <= 420) or not s.endswith(".") or s.endswith(("..", " г.", " ж.", " с.", " б.")):
        return False
    if re.search(rf"\b[{_UPPER}]\.$", s) or not re.match(rf"[{_UPPER}]", s):
        return False  # cut at initials, or not a sentence start
    if sum(map(str.isupper, letters)) > 0.15 * len(letters) or _DANGER.search(s.casefold()):
        return False
    if re.match(r"^[^\s.:]+(?:\s[^\s.:]+){0,4}[.:]\s", s):
        return False  # a run-in heading or abbreviation at the start
    if re.search(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|[{}<>|#*_`\\]|\s[–-]\s*$", s) or "�" in s:
        return False
    return sum(c.isdigit() for c in s) <= 0.08 * len(s)


def _harvest_keywords(lines: list[str], out: dict[str, set]) -> None:
    label = re.compile(r"^\s*(key\s*-?\s*words|ключевые\s+слова|түйін\s+сөздер|тірек\s+сөздер)\s*[.:]?\s*(.*)$",
                       re.IGNORECASE)
    for i, ln in enumerate(lines):
        m = label.match(ln)
        if not m:
            continue
        lang = "en" if m.group(1).casefold().startswith("key") else "ru" if m.group(1).casefold().startswith("кл") \
            else "kk"
        text = m.group(2).strip()
        j = i + 1
        while not text.endswith(".") and j < len(lines) and j <= i + 3 and lines[j].strip():
            text += " " + lines[j].strip()
            j += 1
        for kw in re.split(r"[,;]", text):
            kw = re.sub(r"\s+", " ", kw).strip(" .«»\"")
            if 3 <= len(kw) <= 60 and not re.search(r"\d", kw) and not _DANGER.search(kw.casefold()):
                out[lang].add(kw[:1].lower() + kw[1:] if not kw[1:2].isupper() else kw)


# -- text shaping ---------------------------------------------------------------------------------
def wrap(text: str, width: int = WIDTH) -> list[str]:
    """Greedy wrap; no line starts with a list/bullet token; a last line of < 3 words joins the one before."""
    lines: list[str] = []
    cur: list[str] = []
    n = 0
    for w in text.split():
        if cur and n + 1 + len(w) > width and not _BAD_LINE_START.match(w):
            lines.append(" ".join(cur))
            cur, n = [w], len(w)
        else:
            n += len(w) + (1 if cur else 0)
            cur.append(w)
    if cur:
        lines.append(" ".join(cur))
    if len(lines) > 1 and (len(lines[-1]) < 25 or len(lines[-1].split()) < 3):
        last = lines.pop()
        lines[-1] += " " + last
    return lines


def translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TRANSLIT:
            t = _TRANSLIT[low]
            out.append(t.capitalize() if ch != low else t)
        else:
            out.append(ch)
    return "".join(out)


class Pool:
    """Sentences of one language in an issue-specific order; drawn without repetition until used up."""

    def __init__(self, items: list[str], rng: random.Random):
        self.items, self.rng, self.order, self.pos = items, rng, [], 0

    def take(self) -> str:
        if self.pos >= len(self.order):
            self.order = list(self.items)
            self.rng.shuffle(self.order)
            self.pos = 0
        self.pos += 1
        return self.order[self.pos - 1]


@dataclass
class Person:
    names: dict[str, str]
    inst: int


class IssueWriter:
    """One issue file: lines with page furniture inserted every PAGE_LINES lines."""

    def __init__(self, number: int, volume: int, year: int, first_page: int):
        self.lines: list[str] = []
        self.number, self.volume, self.year = number, volume, year
        self.page = first_page
        self.on_page = 0
        self.keep = False

    def emit(self, text: str = "", keep: bool = False) -> None:
        """One line; a page break comes before it when the page is full, but never right after a line
        that must stay with the next (a label, heading, title or caption: the typesetter keeps them)."""
        if self.on_page >= PAGE_LINES and text and not self.keep:
            self.page += 1
            header = HEADERS["kk" if self.page % 2 == 0 else "ru"].format(n=self.number, v=self.volume, y=self.year)
            self.lines += ["", "", "", header + " ", "", f"{self.page} ", ""]
            self.on_page = 0
            text = " " + text  # the extractor marks a new page with a leading space
        self.lines.append(text + (" " if text else ""))
        self.on_page += 1
        if text:
            self.keep = keep

    def block(self, lines: list[str], blank_after_first: bool = False) -> None:
        """A paragraph; its first line never ends a page (orphan control, as typesetters do)."""
        for i, ln in enumerate(lines):
            self.emit(ln, keep=(i == 0 and len(lines) > 1))
            if i == 0 and blank_after_first and len(lines) > 1:
                self.emit("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class ArticleMaker:
    def __init__(self, material: Material, rng: random.Random):
        self.m, self.r = material, rng
        self.pools = {lg: Pool(material.sentences[lg], rng) for lg in LANGS}
        self.openings: set[str] = set()  # first sentences of this issue's abstracts: never twice in an issue

    # -- pieces ------------------------------------------------------------------------------
    def sentence(self, lang: str, cite: int = 0) -> str:
        s = self.pools[lang].take()
        if cite and self.r.random() < 0.25:
            n = self.r.randint(1, cite)
            mark = PAGE_CITE[lang].format(n=n, p=self.r.randint(5, 240)) if self.r.random() < 0.3 else str(n)
            s = s[:-1].rstrip() + f" [{mark}]."
        return s

    def paragraph(self, lang: str, k: int, cite: int = 0) -> str:
        return " ".join(self.sentence(lang, cite) for _ in range(k))

    def opening(self, lang: str) -> str:
        """An abstract's first sentence, not used by another abstract of the issue (the pools are small
        and an issue draws from them more than once; two abstracts that begin alike are not realistic)."""
        for _ in range(200):
            s = self.pools[lang].take()
            if s not in self.openings:
                break
        self.openings.add(s)
        return s

    def title(self, lang: str, target: int) -> str:
        for _ in range(50):
            words = self.pools[lang].take().rstrip(".").split()
            words = words[self.r.randrange(max(1, len(words) - 8)):]  # from anywhere in the sentence
            out: list[str] = []
            for w in words:
                if re.search(r"[\d\[\]()/«»\"“”]", w) or len(" ".join(out + [w])) > target:
                    break
                out.append(w.strip(",;:"))
            while out and (len(out[-1]) <= 3 or out[-1].lower() in {"and", "the", "of", "және", "мен", "для"}):
                out.pop()
            if len(out) >= 4:
                return " ".join(out).upper()
        return " ".join(self.r.sample(self.m.words[lang], 6)).upper()

    def phrase(self, lang: str, words: int) -> str:
        return " ".join(self.r.choice(self.m.words[lang]) for _ in range(words))

    def keywords(self, lang: str) -> list[str]:
        out: list[str] = []
        while len(out) < self.r.randint(4, 7):
            kw = (self.r.choice(self.m.keywords[lang]) if self.m.keywords[lang] and self.r.random() < 0.5
                  else self.phrase(lang, self.r.randint(1, 2)))
            if kw not in out:
                out.append(kw)
        return out

    def people(self) -> list[Person]:
        n = self.r.choice([1, 1, 2, 2, 2, 3, 3, 4])
        out = []
        for sur in self.r.sample(SURNAMES, n):
            i1, i2 = self.r.choice(INITIALS), self.r.choice(INITIALS)
            names = {lg: f"{i1[k]}.{i2[k]}. {sur[k]}" for k, lg in enumerate(LANGS)}
            out.append(Person(names, self.r.randrange(len(INSTITUTIONS))))
        return out

    def reference(self, n: int, lang: str) -> str:
        k = LANGS.index(lang)
        sur, ini, ini2 = self.r.choice(SURNAMES)[k], self.r.choice(INITIALS)[k], self.r.choice(INITIALS)[k]
        pages_word = {"kk": "б.", "ru": "с."}.get(lang, "p.")
        pages = self.r.randint(1, 240)
        title = self.title(lang, self.r.randint(40, 110)).capitalize()
        year = self.r.randint(1995, 2024)
        kind = self.r.random()
        if lang == "en":
            if kind < 0.5:
                return (f"{n}. {sur}, {ini}. ({year}). {title}. {self.r.choice(JOURNALS['en'])}, "
                        f"{self.r.randint(1, 60)}({self.r.randint(1, 6)}), {pages}–{pages + self.r.randint(5, 25)}.")
            return f"{n}. {sur}, {ini}. ({year}). {title}. {self.r.choice(CITIES['en'])}: {self.r.choice(PUBLISHERS['en'])}."
        if kind < 0.5:
            return (f"{n}. {sur} {ini}.{ini2}. {title} // {self.r.choice(JOURNALS[lang])}. – "
                    f"{year}. – № {self.r.randint(1, 4)}. – {pages_word.upper()[0]}. {pages}–{pages + self.r.randint(5, 20)}.")
        return (f"{n}. {sur} {ini}.{ini2}. {title}. – {self.r.choice(CITIES[lang])}: "
                f"{self.r.choice(PUBLISHERS[lang])}, {year}. – {self.r.randint(120, 480)} {pages_word}")

    # -- one article ---------------------------------------------------------------------------
    def article(self, w: IssueWriter) -> dict:
        r = self.r
        body_lang = r.choice(LANGS)
        others = [lg for lg in LANGS if lg != body_lang]
        r.shuffle(others)
        order = [body_lang] + others
        people = self.people()
        title_len = r.randint(50, 130)
        marks_sup = r.random() < 0.5
        n_refs = r.randint(8, 20)
        # front matter, one block per language
        for k, lang in enumerate(order):
            if k == 0:
                w.emit(f"{IDS[lang]} {r.randint(2, 15):02d}.{r.randint(11, 91)}.{r.randint(11, 99)}")
                first_line = len(w.lines)
                w.emit("")
            insts = sorted({p.inst for p in people}, key=[p.inst for p in people].index)
            mark = (lambda i: SUPERSCRIPTS[i]) if marks_sup else (lambda i: str(i + 1))
            names = ", ".join(p.names[lang] + (mark(insts.index(p.inst)) if len(insts) > 1 else "")
                              + ("*" if j == 0 and len(people) > 1 else "") for j, p in enumerate(people))
            w.emit(names)
            for i, inst in enumerate(insts):
                w.emit((mark(i) if len(insts) > 1 else "") + INSTITUTIONS[inst][LANGS.index(lang)])
            if k == 0 and r.random() < 0.7:
                w.emit(f"*E-mail: {translit(people[0].names['kk'].split()[-1]).lower()}@mail.kz")
            w.emit("")
            for ln in wrap(self.title(lang, title_len), 70):
                w.emit(ln, keep=True)
            w.emit("")
            w.emit(ABSTRACT_LABEL[lang], keep=True)
            for p in range(r.choice([1, 1, 2])):
                if p:
                    w.emit("")
                text = self.paragraph(lang, r.randint(4, 7))
                w.block(wrap(self.opening(lang) + " " + text if p == 0 else text))
            w.emit("")
            w.block(wrap(KEYWORDS_LABEL[lang] + " " + ", ".join(self.keywords(lang)) + "."))
            w.emit("")
        # body
        w.emit("")
        tables = figures = 0
        for s, heading in enumerate(SECTIONS[body_lang]):
            w.emit(heading, keep=True)
            paragraphs = {0: r.randint(4, 7), 1: r.randint(4, 8), 2: r.randint(3, 5), 3: r.randint(8, 14),
                          4: r.randint(3, 5)}[s]
            for p in range(paragraphs):
                w.block(wrap(self.paragraph(body_lang, r.randint(4, 8), cite=n_refs), r.randint(90, 98)),
                        blank_after_first=r.random() < 0.3)
                w.emit("")
                if s == 3 and p == 1:
                    tables += 1
                    self.table(w, body_lang, tables)
                if s == 3 and p == 3 and r.random() < 0.5:
                    figures += 1
                    w.emit(FIGURE_CAPTION[body_lang].format(n=figures, t=self.phrase(body_lang, 4).capitalize()),
                           keep=True)
                    w.emit("")
        # reference list, transliterated for kk/ru bodies
        w.emit(REFERENCES_HEADING[body_lang], keep=True)
        refs = [self.reference(n, body_lang if r.random() < 0.6 else "en") for n in range(1, n_refs + 1)]
        for ref in refs:
            w.block(wrap(ref))
        if body_lang != "en":
            w.emit("")
            w.emit("References", keep=True)
            for ref in refs:
                w.block(wrap(translit(ref)))
        # the converter takes title-like lines just above an article's front matter for that front
        # matter; real issues end an article with prose, so the last line is a full one
        w.emit("")
        w.emit("")
        return {"body_lang": body_lang, "first_line": first_line, "tables": tables, "figures": figures,
                "references": n_refs}

    def table(self, w: IssueWriter, lang: str, n: int) -> None:
        r = self.r
        cols = r.randint(3, 5)
        w.emit(TABLE_CAPTION[lang].format(n=n, t=self.phrase(lang, r.randint(3, 6)).capitalize()), keep=True)
        w.emit("")
        w.emit(" ".join(TABLE_COLUMNS[lang][:1] + TABLE_COLUMNS[lang][1:][:cols]))
        for _ in range(r.randint(3, 8)):
            label = self.phrase(lang, r.randint(1, 3)).capitalize()
            values = " ".join(f"{r.randint(0, 99)},{r.randint(0, 9)}%" for _ in range(cols))
            w.emit(f"{label} {values}")
        w.emit("")


def issue_of(index: int) -> dict:
    year = FIRST_YEAR + index // ISSUES_PER_YEAR
    number = index % ISSUES_PER_YEAR + 1
    volume = index + 1
    return {"year": year, "number": number, "volume": volume,
            "name": f"{JOURNAL_ID}-{year}-no{number}-{volume}-issue.txt"}


def generate(n: int, seed: int, out_dir: Path, material: Material | None = None) -> dict:
    """Write N articles as issue files + catalog.yml into out_dir (emptied of earlier issue files)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{JOURNAL_ID}-*-issue.txt"):
        old.unlink()
    material = material or Material.from_corpus()
    catalog = {"journals": {JOURNAL_ID: {"name": dict(JOURNAL_NAMES)}}, "sources": {}}
    issues = []
    total_bytes = 0
    left, index = n, 0
    while left > 0:
        count = min(ARTICLES_PER_ISSUE, left)
        info = issue_of(index)
        rng = random.Random(f"{seed}:{index}")
        maker = ArticleMaker(material, rng)
        w = IssueWriter(info["number"], info["volume"], info["year"], first_page=rng.randint(3, 9))
        arts = [maker.article(w) for _ in range(count)]
        w.block(material.tail)
        data = w.text().encode("utf-8")
        (out_dir / info["name"]).write_bytes(data)
        total_bytes += len(data)
        catalog["sources"][info["name"]] = {"journal": JOURNAL_ID, "number": info["number"],
                                            "volume": info["volume"], "year": info["year"]}
        issues.append({"name": info["name"], "articles": count, "bytes": len(data),
                       "body_langs": [a["body_lang"] for a in arts],
                       "first_lines": [a["first_line"] for a in arts]})
        left -= count
        index += 1
    (out_dir / "catalog.yml").write_text(
        "# Synthetic edition written by bench/generate.py (recombined corpus text); do not edit.\n"
        + yaml.safe_dump(catalog, allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")
    return {"articles": n, "issues": len(issues), "bytes": total_bytes, "seed": seed, "files": issues,
            "pool": {lg: len(material.sentences[lg]) for lg in LANGS}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    summary = generate(args.articles, args.seed, args.out)
    print(f"{summary['articles']} articles in {summary['issues']} issues, {summary['bytes'] / 1e6:.1f} MB "
          f"-> {args.out} (sentence pools: {summary['pool']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
