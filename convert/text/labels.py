"""Words and patterns that mark structure in kk/ru/en journal articles.

Everything here is vocabulary of the genre (labels, section names, author and
affiliation shapes), never text of a particular source.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
LO = "a-zа-яёәғқңөұүһі"
LETTER = UP + LO



class Vocabulary:
    """Words of the genre, matched with a misprint forgiven: one edit in a word of 7 letters or more, two
    from 14 ("abstact", "андатпа", "literature rewiev"), so that no source's misprint needs an entry."""

    def __init__(self, words) -> None:
        self.words = frozenset(words)
        self._choices = tuple(sorted(self.words))  # sorted: a tie resolves the same way in every run
        self._longest = max(map(len, self.words))
        self.find = lru_cache(maxsize=1 << 15)(self._find)

    def __contains__(self, key: str) -> bool:
        return self.find(key) is not None

    def _find(self, key: str) -> str | None:
        """The vocabulary word that `key` (normalised) is, or is a misprint of."""
        if key in self.words:
            return key
        edits = 2 if len(key) >= 14 else 1 if len(key) >= 7 else 0
        if not edits or len(key) > self._longest + edits:
            return None
        hits = process.extract(key, self._choices, scorer=Levenshtein.distance, score_cutoff=edits, limit=None)
        # a misprint keeps the word's length or its ending; another ending is another word form ("backgrounds")
        return next((w for w, _, _ in hits if len(w) == len(key) or w[-2:] == key[-2:]), None)


class LabelPattern:
    """A label at a line's start — its first words, a word of `vocabulary` (a misprint forgiven) — and the
    rest of the line after `tail`; `match` returns a match with the groups `label` and `rest`."""

    def __init__(self, vocabulary: Vocabulary, tail: str, words: tuple[int, ...] = (1,)) -> None:
        self.vocabulary = vocabulary
        self.patterns = [re.compile(rf"^(?P<label>[{LETTER}]{{2,}}(?:[ \t-]+[{LETTER}]{{2,}}){{{n - 1}}}){tail}")
                         for n in words]

    def match(self, text: str) -> re.Match | None:
        for pattern in self.patterns:
            m = pattern.match(text)
            if m and label_key(m.group("label")) in self.vocabulary:
                return m
        return None


def label_key(label: str) -> str:
    return re.sub(r"[\s-]+", " ", label).casefold()


ABSTRACT_LABEL_LANG = {"abstract": "en", "abstracts": "en", "summary": "en", "аннотация": "ru", "резюме": "ru",
                       "аңдатпа": "kk", "түйіндеме": "kk"}
ABSTRACT_LABELS = Vocabulary(ABSTRACT_LABEL_LANG)

# "Abstract. Text", "Аңдатпа", "Аннотация: Text" — label at the start of a line.
ABSTRACT_RE = LabelPattern(ABSTRACT_LABELS, rf"(?:\s*[.:—–-]\s*|\s+(?=[{UP}«\"“])|\s*$)(?P<rest>.*)$")

KEYWORDS_LABELS = Vocabulary({"keywords", "key words", "ключевые слова", "түйін сөздер", "түйінді сөздер",
                              "тірек сөздер", "кілт сөздер", "кілтті сөздер"})
# "Keywords: …", "Ключевые слова …", "Түйін сөздер." — with or without a colon
KEYWORDS_RE = LabelPattern(KEYWORDS_LABELS, rf"(?![{LO}])\s*[.:—–-]?\s*(?P<rest>.*)$", words=(2, 1))

# Body section headings of the genre, in the three languages (compared casefolded,
# numbering and trailing punctuation removed).
SECTION_HEADINGS = Vocabulary({
    # en
    "introduction", "main part", "main parts", "main body", "literature review",
    "review of literature", "methodology", "methods", "research methods", "materials and methods",
    "research methodology", "data and methods", "methods and materials", "results",
    "results and discussion", "result and discussion", "discussion", "conclusion", "conclusions",
    "background", "theoretical framework", "main provisions", "findings", "discussion and results",
    # ru
    "введение", "основная часть", "основные положения", "обзор литературы",
    "обзор научной литературы", "литературный обзор", "методология", "методология исследования",
    "методы", "методы исследования", "материалы и методы", "материалы и методы исследования",
    "описание материалов и методы", "описание материалов и методов", "результаты",
    "результаты исследования", "результаты и обсуждение", "результаты исследования и обсуждение",
    "обсуждение", "обсуждение результатов", "заключение", "выводы", "вывод", "заключение и выводы",
    # kk
    "кіріспе", "негізгі бөлім", "негізгі ережелер", "негізгі қағидалар", "әдебиетке шолу",
    "ғылыми әдебиеттерге шолу", "әдебиеттерге шолу", "әдістеме", "әдіснама", "зерттеу әдістемесі",
    "зерттеу әдіснамасы", "материалдар мен әдістер", "зерттеу әдістері", "нәтижелер",
    "зерттеу нәтижелері", "нәтижелер және талқылау", "нәтижелер мен талқылау", "талқылау",
    "қорытынды", "қорытындылар",
})

# Back matter: sections after the body that are not body text.
BACK_HEADINGS = {kind: Vocabulary(names) for kind, names in {
    "references": {"references", "list of references", "bibliography", "список литературы",
                   "литература", "список использованной литературы", "список использованных литератур",
                   "список источников", "использованная литература", "пайдаланылған әдебиеттер тізімі",
                   "пайдаланылған әдебиеттер", "әдебиеттер", "әдебиеттер тізімі", "әдебиет"},
    "contributions": {"вклад авторов", "authors' contributions", "author contributions",
                      "authors contributions", "contribution of the authors", "авторлардың үлесі",
                      "авторлардың қосқан үлесі"},
    "author_info": {"сведения об авторах", "информация об авторах", "information about authors",
                    "information about the authors", "about the authors", "авторлар туралы мәлімет",
                    "авторлар туралы мәліметтер", "авторлар туралы ақпарат"},
    "funding": {"финансирование", "funding", "қаржыландыру", "благодарности", "acknowledgements",
                "acknowledgments", "алғыс", "алғыс білдіру", "конфликт интересов",
                "conflict of interest", "conflicts of interest", "мүдделер қақтығысы"},
}.items()}

# Journal matter that is not an article.
GUIDELINES_RE = re.compile(
    r"^(мақалаға қойылатын талаптар|требования|требования к оформлению( статьи)?|"
    r"правила для авторов|правила оформления( статей)?|авторларға арналған ережелер|"
    r"author guidelines|guidelines for authors|information for authors|requirements for articles)\s*[:.]?$",
    re.IGNORECASE,
)
NOTES_RE = re.compile(r"^(для заметок|заметки|notes|for notes|ұсыныстар үшін|жазбалар үшін|жазбаларға арналған)$",
                      re.IGNORECASE)
CONTENTS_RE = re.compile(r"^(мазмұны|содержание|contents|table of contents)$", re.IGNORECASE)
# "МАЗМҰНЫ – СОДЕРЖАНИЕ – CONTENTS": one heading over a list in three languages
CONTENTS_LINE_RE = re.compile(r"^(?:мазмұны|содержание|contents|table of contents)(?:\s*[-–—/|·•]?\s*"
                              r"(?:мазмұны|содержание|contents|table of contents))*\s*$", re.IGNORECASE)
# the editorial board and its officers, in the three languages: journal matter, never an article
BOARD_RE = re.compile(r"^(?:редакциялық алқа|редакция алқасы|редакционная коллегия|editorial board|редакциялық кеңес|"
                      r"редакционный совет|editorial council|бас редактор|главный редактор|editor-in-chief|"
                      r"chief editor)\b", re.IGNORECASE)

IDS_RE = re.compile(
    r"^(?P<label>ГРНТИ|МРНТИ|IRSTI|SRSTI|ҒТАМР|ХҒТАР|МРНТИ|УДК|ӘОЖ|UDC|JEL)\s*[:.]?\s*(?P<value>[\d.;,:\s\-–]+\d)\s*$",
    re.IGNORECASE,
)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s<>\"»]+[^\s<>\"».,;)])")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORCID_RE = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
ARTICLE_TYPE_RE = re.compile(r"^(научная статья|обзорная статья|research article|review article|ғылыми мақала|"
                             r"шолу мақала)$", re.IGNORECASE)

DATE = r"(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})"
DATE_LABELS = {
    "received": r"поступила(?: в редакцию)?|получено|получена|received|түсті|келіп түсті|редакцияға түсті",
    "revised": r"после доработки|revised|пысықталды",
    "accepted": r"принята(?: к печати| к публикации)?|принято|accepted|қабылданды|басуға қабылданды",
    "online": r"доступна онлайн|опубликована(?: онлайн)?|available online|published online|published|"
              r"онлайн жарияланды|жарияланды",
}
DATE_ITEM_RE = re.compile(
    r"(?P<label>" + "|".join(DATE_LABELS.values()) + r")\s*[:\-–]?\s*" + DATE, re.IGNORECASE)

# A name: initials + surname or surname + initials, with affiliation marks.
_INIT = rf"(?:[{UP}][{LO}]?\.\s?-?){{1,3}}(?:[{UP}](?=\s))?"  # "А.А Шунекеева": a last initial's dot missing
_SUR = rf"[{UP}][{LO}]+(?:[-‑][{UP}]?[{LO}]+)?"
_MARK = r"[\s\d¹²³⁴⁵⁶⁷⁸⁹⁰*,]*"
NAME_RE = re.compile(rf"\*?\s*(?:{_INIT}\s?{_SUR}|{_SUR}\s+{_INIT})")
AUTHOR_LINE_RE = re.compile(rf"^{_MARK}(?:{NAME_RE.pattern}{_MARK})(?:(?:,|\s)\s*{_MARK}{NAME_RE.pattern}{_MARK})*$")

AFFILIATION_WORDS = re.compile(
    r"университет|university|институт|institute|академи|academy|колледж|college|"
    r"орталығы|центр|center|centre|school|мектеп|министр|ministry|ғылыми-зерттеу|"
    r"research|лаборатор|laborator|факультет|faculty|кафедра|department|магистрант|"
    r"докторант|student|атындағы|имени|named after|\bим\.|\bЖШС\b|\bТОО\b|\bLLP\b|\bJSC\b|\bНИИ\b|\bҒЗИ\b",
    re.IGNORECASE,
)
PLACE_WORDS = re.compile(r"қазақстан|казахстан|kazakhstan|алматы|almaty|астана|astana|республика|republic",
                         re.IGNORECASE)

# Journal running headers: a line naming the journal (and usually its series/number/year).
JOURNAL_HEADER_RE = re.compile(
    r"(вестник|хабаршы|жаршы|известия|хабарлары|bulletin|herald|journal|журнал|"
    r"proceedings|series|серия|сериясы|трудов|еңбектері)",
    re.IGNORECASE,
)
ISSUE_NUMBER_RE = re.compile(r"№\s*(?P<number>\d+)\s*(?:\((?P<volume>\d+)\))?[\s,]*(?P<year>(?:19|20)\d{2})?")
PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\s*$")

CAPTION_TABLE_RE = re.compile(
    r"^(?:(?P<word>таблица|table|кесте)\s*(?P<n1>\d+)|(?P<n2>\d+)\s*-\s*кесте)(?![\d])\s*(?P<rest>.*)$",
    re.IGNORECASE)
CAPTION_FIGURE_RE = re.compile(
    r"^(?:(?P<word>рисунок|рис\.|figure|fig\.|сурет|диаграмма|diagram|график|схема)\s*(?P<n1>\d+)|"
    r"(?P<n2>\d+)\s*-\s*(?:сурет|диаграмма))(?![\d])\s*(?P<rest>.*)$",
    re.IGNORECASE)
NOTE_RE = re.compile(r"^(примечание|ескерту|ескертпе|note|notes|источник|source|дереккөз)\s*[:.–-]", re.IGNORECASE)

TERMINAL = ".!?…"
CLOSERS = "»”\")]’'"


_NUMBERING_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s*")
_TRAILING_PUNCT_RE = re.compile(r"[\s:.;–—-]+$")
_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # called for nearly every line, often for the same text
def norm_key(text: str) -> str:
    """Casefolded text without numbering, markup and trailing punctuation, for vocabulary lookup."""
    t = _NUMBERING_RE.sub("", text.strip())
    t = t.replace("*", "").replace("#", "")
    t = _TRAILING_PUNCT_RE.sub("", t)
    return _SPACES_RE.sub(" ", t).casefold().replace("ё", "е")


def section_heading(text: str) -> str | None:
    """The heading if the whole line is a section name of the genre."""
    return text.strip().rstrip(":.").strip() if norm_key(text) in SECTION_HEADINGS else None


def back_heading(text: str) -> str | None:
    """Which back-matter section a line opens (references, contributions, …), if any."""
    key = norm_key(text)
    for kind, names in BACK_HEADINGS.items():
        if key in names:
            return kind
    return None


def run_in_heading(text: str) -> tuple[str, str] | None:
    """Split "Введение. Текст…" into ("Введение", "Текст…") when it opens with a section name."""
    # printed with a capital (or a section number): a wrapped line "results. Removing…" is not a heading
    m = re.match(rf"^\s*((?:\d+(?:\.\d+)*\.?\s*)?(?=[{UP}])[{LETTER} ]{{4,45}}?)\s*[.:]\s+(?=[{UP}«\"“(\d])(.+)$", text)
    if m and norm_key(m.group(1)) in SECTION_HEADINGS:
        return m.group(1).strip(), m.group(2).strip()
    return None


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def starts_upper(text: str) -> bool:
    t = text.lstrip("«\"“(['‘ –—-•")
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def squeeze(text: str) -> str:
    """Whitespace runs as one space, none at the ends (an editor's line text matches however spaced)."""
    return " ".join(text.split())


def letters(text: str) -> str:
    return "".join(filter(str.isalpha, text))  # filter/map with str methods: no Python call per character


def is_upper_line(text: str) -> bool:
    """A line set in capitals (titles and headings in these journals)."""
    ls = letters(text)
    return len(ls) >= 3 and sum(map(str.isupper, ls)) >= 0.8 * len(ls)


FULL_NAME_RE = re.compile(rf"^[{UP}][{LO}]+\s+[{UP}][{LO}]+(?:[-‑][{UP}][{LO}]+)?$")


_BARE_INITIAL_NAME_RE = re.compile(rf"[{UP}]\s{_SUR}")


def is_author_line(text: str) -> bool:
    """Names with initials ("А.А. Бақытжанова¹, Г.Т. Алимбекова²"); a full name may stand among them."""
    t = text.strip().rstrip(",").strip()
    if not t or len(t) > 250:
        return False
    parts = [re.sub(r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰*]", "", p).strip() for p in t.split(",")]
    named = [p for p in parts if p]
    if named and re.fullmatch(rf"{_INIT}", named[-1] + " "):
        named = named[:-1]  # "…, Ж.Т." : the last name's surname wrapped to the next line
    if len(named) >= 2 and sum(bool(NAME_RE.fullmatch(p.rstrip("."))) for p in named) >= 2 \
            and (len(parts) >= 3 or len(named) < len([p for p in parts if p])) \
            and all(NAME_RE.fullmatch(p.rstrip(".")) or _BARE_INITIAL_NAME_RE.fullmatch(p) for p in named):
        return True  # names with initials, a stray full stop after one ("Даулетжанова.,"), "A Saduakas"
    if ends_sentence(t) and not re.search(r"[\dA-ZА-Я]\.$", t):
        return False
    if AUTHOR_LINE_RE.match(t):
        return True
    with_initials = [p for p in parts if NAME_RE.fullmatch(p)]
    return (len(parts) >= 2 and bool(with_initials) and bool(re.search(r"[\d¹²³⁴⁵⁶⁷⁸⁹*]", t))
            and all(NAME_RE.fullmatch(p) or FULL_NAME_RE.match(p) for p in parts))


def is_affiliation_line(text: str) -> bool:
    """An affiliation: a marked line naming an institution or place, or a short line naming an institution."""
    t = text.strip()
    if len(t) > 300:
        return False
    if re.match(r"^[\d¹²³⁴⁵⁶⁷⁸⁹*]", t) and (AFFILIATION_WORDS.search(t) or PLACE_WORDS.search(t)
                                           or (PLACE_AT_END_RE.search(t) and len(t) < 160)):
        return True  # marked: an institution, or whatever ends with a city and country
    # unmarked: an institution named with its place ("…университет, Астана, Казахстан"); a title may
    # name an institution too, but not with a comma-separated place
    return (bool(AFFILIATION_WORDS.search(t)) and len(t) < 160
            and ("," in t and bool(PLACE_WORDS.search(t) or PLACE_AT_END_RE.search(t))
                 or bool(re.search(r"\(.*@|e-?mail", t, re.IGNORECASE))))


# "…, Saratov, Russia": an affiliation ends with its city and country, capitalised words after commas
PLACE_AT_END_RE = re.compile(rf",\s*(?:[{LO}]{{1,3}}\.\s?)?[{UP}][{LO}]+(?:[ -][{LETTER}]+\.?)?\s*,\s*[{UP}][{LO}]+(?:[ -][{UP}][{LO}]+)?\s*[,.;]?$")

LICENCE_RE = re.compile(r"\b(CC[ -]BY(?:[ -](?:NC|SA|ND))*(?:[ -]\d\.\d)?)\b", re.IGNORECASE)
LICENCE_STATEMENT_RE = re.compile(r"copyright|©|licen[cs]e|лицензи|creative commons", re.IGNORECASE)


def licence_of(text: str) -> str | None:
    """"CC BY-NC" from a copyright/licence statement, as it names the licence."""
    if not LICENCE_STATEMENT_RE.search(text):
        return None
    m = LICENCE_RE.search(text)
    if m:
        parts = re.split(r"[ -]+", m.group(1).upper())
        version = [p for p in parts if p[:1].isdigit()]
        return "CC " + "-".join(p for p in parts[1:] if not p[:1].isdigit()) + (" " + version[0] if version else "")
    return "Creative Commons" if re.search(r"creative commons", text, re.IGNORECASE) else None


# What a reference entry carries and front matter or a running header does not: " //" before the
# container (not the "//" of a link), a page range, volume(issue) and pages, "et al.". (Links and DOIs are in front matter too.)
REFERENCE_MARKS_RE = re.compile(
    r"(?:^|\s)//|\b(?:[CСcсPpБбSs]|pp|стр|бб)\.\s*\d+\s*[-–—]\s*\d+|\b\d+\s*\(\d+\)\s*[,:.]?\s*\d+\s*[-–—]\s*\d+"
    r"|\bet al\b", re.IGNORECASE)


def looks_like_reference_entry(text: str) -> bool:
    return bool(REFERENCE_MARKS_RE.search(text))
