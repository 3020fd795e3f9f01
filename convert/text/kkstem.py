"""A suffix-stripping stemmer for Kazakh (no Kazakh morphological analyser installs here).

Kazakh is agglutinative: a noun takes plural, possessive and case suffixes in that order, each in a
back- or front-vowel and voiced/voiceless variant (ғылым-дар-ы-ның). The stemmer strips them from the
end, longest first, in the reverse order, and keeps a stem of at least three letters; it also folds
the relational adjective in -ғы/-гі/-дағы/-дегі and the adjective in -и/-ы (ғылыми → ғылым), so that
word forms a reader types find each other. It does not touch derivation that changes the meaning
(-лық/-лік "…ness", -шы/-ші "…er").
"""
from __future__ import annotations

import re

VOWELS = set("аәеёиоөуұүыіэюя")

# suffix groups, applied from the end of the word inwards
CASE = ["ның", "нің", "дың", "дің", "тың", "тің",  # genitive
        "нан", "нен", "дан", "ден", "тан", "тен",  # ablative
        "нда", "нде", "да", "де", "та", "те",  # locative
        "ға", "ге", "қа", "ке", "на", "не",  # dative
        "мен", "бен", "пен",  # instrumental
        "ны", "ні", "ды", "ді", "ты", "ті", "н",  # accusative
        "ша", "ше"]  # equative
RELATIONAL = ["ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ғы", "гі", "қы", "кі"]
POSSESSIVE = ["ымыз", "іміз", "ыңыз", "іңіз", "сы", "сі", "ы", "і"]
PLURAL = ["лар", "лер", "дар", "дер", "тар", "тер"]
ADJECTIVE = ["и"]
MIN_STEM = 3
AFTER_POSSESSIVE = {"ндағы", "ндегі", "нда", "нде", "на", "не", "н"}  # these n-forms follow the possessive -ы/-і
AFTER_VOWEL = {"ны", "ні"}
AFTER_VOWEL_OR_NASAL = {"ның", "нің", "нан", "нен"}
VOICELESS = set("кқпстфхцчшщ")
AFTER_VOICELESS = {"ты", "ті", "та", "те", "тан", "тен", "тың", "тің", "қа", "ке", "тағы", "тегі", "қы", "кі"}
AFTER_VOICED = {"ды", "ді", "да", "де", "дан", "ден", "дың", "дің", "ға", "ге", "дағы", "дегі", "ғы", "гі"}


def _fits(stem: str, suffix: str) -> bool:
    """Kazakh suffixes agree with the sound before them: -ты after a voiceless consonant, -ды after a
    voiced one, -ны after a vowel, and so on; a suffix that does not agree is part of the stem."""
    last = stem[-1]
    if suffix in ("ғы", "гі", "қы", "кі") and last in VOWELS:
        return False  # not the relational -ғы: a final қ/к voiced before the possessive (еңбег-і, жүрег-і)
    if suffix in AFTER_POSSESSIVE:
        return last in "ыі"
    if suffix in AFTER_VOWEL:
        return last in VOWELS
    if suffix in AFTER_VOWEL_OR_NASAL:
        return last in VOWELS or last in "мнң"
    if suffix in AFTER_VOICELESS:
        return last in VOICELESS and not (suffix in ("тан", "тен") and last == "с")  # -стан: a toponym
    if suffix in AFTER_VOICED:
        # after a vowel only -да/-дан/-ға; «у» ends a syllable like a consonant (зерттеу-дің)
        return last not in VOICELESS and (last not in VOWELS or last == "у" or suffix[0] != "д"
                                          or suffix in ("да", "де", "дан", "ден"))
    return True


def _strip(word: str, suffixes: list[str]) -> str:
    for suffix in sorted(suffixes, key=len, reverse=True):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM and _fits(word[: -len(suffix)], suffix):
            return word[: -len(suffix)]
    return word


def stem(word: str) -> str:
    """The stem of one Kazakh word (lower-cased)."""
    w = word.casefold().replace("ё", "е")
    if len(w) <= MIN_STEM + 1 or not re.fullmatch(r"[а-яәғқңөұүһі-]+", w):
        return w
    w = _strip(w, CASE)
    w = _strip(w, RELATIONAL)
    w = _strip(w, POSSESSIVE)
    w = _strip(w, PLURAL)
    w = _strip(w, POSSESSIVE)
    w = _strip(w, ADJECTIVE)
    return _devoice(w, word.casefold().replace("ё", "е"))


VOICED = {"ғ": "қ", "г": "к", "б": "п"}


def _devoice(stem: str, word: str) -> str:
    """A native stem ends in қ/к/п, voiced to ғ/г/б before a vowel (бірегейлік → бірегейлігі, кітап →
    кітабы): put the voiceless one back so that all forms share a stem. Loans keep theirs (диалог-ы,
    педагог-ы, клуб-ы)."""
    if (len(stem) < len(word) and stem[-1] in VOICED and word[len(stem)] in VOWELS
            and stem[-2:] not in ("ог", "уб")):
        return stem[:-1] + VOICED[stem[-1]]
    return stem
