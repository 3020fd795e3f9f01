"""Language identification for paragraphs of Kazakh, Russian and English text.

The journals mix three languages: English (Latin script) and Kazakh and
Russian (both Cyrillic).  Telling the scripts apart is trivial; telling
Kazakh from Russian is where the work is.  The decision, per text:

1. Normalise (NFC, collapse whitespace), set quoted spans aside (a
   Russian sentence may quote a Kazakh or English title) and count letters.
   Fewer than two Latin/Cyrillic letters -> ``None`` (nothing to say).
2. More Latin than Cyrillic letters -> ``"en"``.
3. Cyrillic, long text (>= ``LONG_TEXT`` letters): the share of
   Kazakh-specific letters (``KAZAKH_LETTERS``) decides when it is clear
   (Kazakh prose has 3-10 % of them, Russian prose with Kazakh names well
   under 2 %); in the grey zone lingua decides.
4. Cyrillic, short text: count *word* evidence -- words containing a
   Kazakh-specific letter or Kazakh function words written without one
   (``мен``, ``деп``, ``бойынша`` ...) against Russian-only function words
   (``и``, ``в``, ``на``, ``что`` ...); initials ("А.К.") are ignored,
   "г." counts as Russian and "ж." as Kazakh.  Evidence on only one side
   decides; otherwise lingua decides between Kazakh and Russian.

lingua's detector is built once per process, lazily, restricted to Kazakh,
Russian and English; results are cached per normalised string.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["KAZAKH_LETTERS", "detect_language"]

#: Letters of the Kazakh Cyrillic alphabet that Russian does not use.
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

#: From this many Cyrillic letters on, the share of Kazakh letters is
#: trusted on its own when it is clearly high or clearly low.
LONG_TEXT = 150
#: Share of Kazakh-specific letters (among Cyrillic letters) above which a
#: long text is Kazakh, and below which it is Russian.
KK_SHARE_HIGH = 0.025
KK_SHARE_LOW = 0.006

# Russian function words that are not Kazakh words.  ("не", "а", "да" are
# left out: they are Kazakh words too.)
_RU_WORDS = frozenset(
    "и в во на с со по что для от к ко из или как это при также который "
    "которые которая которых был была были его их между об о б без под "
    "над только уже ещё еще чем же ли".split()
)
# Kazakh function words / very frequent words spelled without any
# Kazakh-specific letter, so they would otherwise give no evidence.
_KK_WORDS = frozenset(
    "мен бен пен деп осы ол сол ал немесе сияқты бойынша туралы ретінде "
    "жылы бар еді екен және бұл".split()
)

_WS_RE = re.compile(r"\s+")
_QUOTED_RE = re.compile(r'«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|"[^"]*"')
# Letters only: Latin (basic, Latin-1, Extended-A/B, Additional) and
# Cyrillic (basic block and Supplement, without signs and combining marks).
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_CYRILLIC_RE = re.compile("[\u0400-\u0481\u048a-\u052f]")
_KAZAKH_RE = re.compile(f"[{KAZAKH_LETTERS}]")
_CYR_WORD_RE = re.compile(r"([а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]+)(\.?)")


def _normalise(text: str) -> str:
    """NFC and collapse whitespace: the key results are cached on.

    Case is kept (initials "А." must be told from the abbreviation "г."),
    the counting below is case-insensitive and so is lingua.
    """
    return _WS_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@functools.lru_cache(maxsize=1)
def _detector():
    """Build lingua's detector once (takes ~0.5 s incl. model loading)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH
    ).build()


@functools.lru_cache(maxsize=65536)
def _lingua_kk_or_ru(norm: str) -> str:
    """Ask lingua whether a Cyrillic text is Kazakh or Russian.

    Only Kazakh and Russian confidences are compared, so a Cyrillic text is
    never classified as English.
    """
    from lingua import Language

    values = {
        cv.language: cv.value
        for cv in _detector().compute_language_confidence_values(norm)
    }
    return "kk" if values.get(Language.KAZAKH, 0) > values.get(Language.RUSSIAN, 0) else "ru"


def _word_evidence(norm: str) -> tuple[int, int]:
    """Count (Kazakh, Russian) evidence words in a normalised text.

    A one-letter word followed by a full stop is an initial ("А.К.
    Кумысбеков") and says nothing -- except the lower-case abbreviations
    "г." (Russian год/город) and "ж." (Kazakh жыл).
    """
    kk = ru = 0
    for match in _CYR_WORD_RE.finditer(norm):
        word, dot = match.group(1), match.group(2)
        if dot and len(word) == 1:
            ru += word == "г"
            kk += word == "ж"
            continue
        word = word.casefold()
        if word in _RU_WORDS:
            ru += 1
        elif word in _KK_WORDS or any(ch in KAZAKH_LETTERS for ch in word):
            kk += 1
    return kk, ru


def _unquoted(norm: str) -> str:
    """Drop quoted spans («…», “…”, „…“, "…"): titles and names quoted in
    another language ("Проект «Рухани жаңғыру»") say little about the
    language of the text around them.  Falls back to the whole text when
    fewer than two letters would be left.
    """
    rest = _QUOTED_RE.sub(" ", norm)
    return rest if sum(map(str.isalpha, rest)) >= 2 else norm


@functools.lru_cache(maxsize=65536)
def _detect_normalised(norm: str) -> str | None:
    """Decide the language of an already normalised text (see module doc)."""
    norm = _unquoted(norm)
    latin = len(_LATIN_RE.findall(norm))
    cyrillic = len(_CYRILLIC_RE.findall(norm))
    kazakh = len(_KAZAKH_RE.findall(norm))
    if latin + cyrillic < 2:
        return None
    if latin > cyrillic:
        return "en"
    if cyrillic >= LONG_TEXT:
        share = kazakh / cyrillic
        if share >= KK_SHARE_HIGH:
            return "kk"
        if share < KK_SHARE_LOW:
            return "ru"
        return _lingua_kk_or_ru(norm)
    kk_words, ru_words = _word_evidence(norm)
    if kk_words and not ru_words:
        return "kk"
    if ru_words and not kk_words:
        return "ru"
    return _lingua_kk_or_ru(norm)


@functools.lru_cache(maxsize=65536)
def detect_language(text: str) -> str | None:
    """Return ``"kk"``, ``"ru"``, ``"en"`` or ``None`` for *text*.

    ``None`` means there are fewer than two Latin or Cyrillic letters.
    Mostly-Latin text is English; Cyrillic text is Kazakh or Russian,
    decided from Kazakh-specific letters, function words and lingua.

    >>> detect_language("Түйін сөздер")
    'kk'
    >>> detect_language("Ключевые слова")
    'ru'
    >>> detect_language("Keywords") , detect_language("12 345")
    ('en', None)
    """
    return _detect_normalised(_normalise(text))
