"""The script-neutral key of a word: Cyrillic (Kazakh, Russian) and Latin folded to one skeleton.

The search (hooks/search.py, overrides/assets/kzsearch.js) indexes this key beside each word's stem, and
folds the typed word the same way, so that «Токаев» finds "Tokayev", "Qazaqstan" finds «Қазақстан»,
"ğylym" finds «ғылым». The rule is defined here once: the index applies `fold_key`, and the client gets
`spec()` (the same rules and table, as data, in the search manifest) and applies it step by step in the
same order, so the two cannot drift; tests/test_scriptfold.py checks the rule, tests/test_search.py that
Python and the browser fold a list of words identically.

The steps, on a word already lower-cased:

1. RULES, regular expressions on Latin spellings (before any Cyrillic is mapped, so they only see what
   the text wrote in Latin): the BGN/PCGN-like transliterations of reference lists and English abstracts
   (kh = х, gh = ғ, ye/ie after a vowel or at the start = е as in Tokayev/Tokaiev/Токаев, yo after a
   consonant = ё as in Fyodor).
2. TABLE, letter by letter: the Latin letters whose value differs between systems (x = ks, w = v,
   q = k as Kazakh Latin q = қ, j = ж as in Kazakh Latin and "Jomart", y = i as Kazakh Latin y = ы and
   English y = й/ы); Russian and Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і too) to BGN/PCGN-like Latin
   with the vowels reduced (и й ы і → i, ю → iu, я → ia, ё → e, ъ ь → nothing), the 2021 Kazakh Latin
   alphabet (ä ğ ı ñ ö ş ū ü, and ç) to the same, and other Latin letters with diacritics to their base
   letter (é → e). A letter not in the table is kept.
3. Doubled letters collapse (Kassym = Касым, Қазақстанның = Qazaqstannyñ).

So both scripts end in one alphabet (a b ch d e f g h i k l m n ng o p r s sh t ts u v z zh and c for an
English c). The key is a skeleton, not a transliteration: it only has to be equal for spellings of one
word and a prefix of the key of a longer form of it. The first holds for the systems above; the second
holds letter by letter (steps 2 and 3 look at no later letter) and for step 1's rules except where a
word is cut inside a Latin digraph (kh, gh, ye, yo), which the stems the index keys never are.

What it does not fold, on purpose: Kazakh қ and Russian х (Қазақстан and Казахстан are two keys,
"kazakstan" and "kazahstan": folding k with h would merge sh/ch/zh with ск/сх), and translations
(медиация is not mediation).

No transliteration library fits (measured for issue 21): cyrtranslit, transliterate and iuliia have no
Kazakh (Қ, ғ, ұ pass through unchanged) and no 2021 Kazakh Latin; anyascii covers the Kazakh letters but
folds the 2021 alphabet differently (ş → s where ш → sh, ğ → g where ғ → gh); and the client needs the
same rule in JavaScript anyway.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

# step 1: (pattern, replacement), in order; written so that Python's re and JavaScript's RegExp (flag "u")
# read them alike: letters, classes, ^ and fixed-width look-behind only
RULES: list[tuple[str, str]] = [
    ("kh", "h"),  # Khan, Kazakhstan: х
    ("gh", "g"),  # Ghalym: ғ
    ("(?<=[aeiouy])[yi](?=e)", ""),  # Tokayev, Tokaiev: Токаев (е after a vowel)
    ("^[yi](?=e)", ""),  # Yerlan: Ерлан (е at the start)
    ("(?<=[bcdfgklmnprstvz])yo", "e"),  # Fyodor, Pyotr, Semyon: ё after a consonant
]

# step 2, Latin letters whose value differs between the systems
_PLAIN = {
    "j": "zh",  # Kazakh Latin and English: Jomart, Janar: ж
    "q": "k",  # Kazakh Latin: Qazaqstan
    "w": "v",
    "x": "ks",
    "y": "i",  # Kazakh Latin y = ы; English y = й, ы
}

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Ukrainian and Belarusian letters met in names and references
    "є": "e", "ї": "i", "ґ": "g", "ў": "u",
}
# the 2021 Kazakh Latin alphabet's own letters (ä ğ ı ñ ö ş ū ü; ç of the drafts), and what NFD does not
# split into a base letter
_LATIN = {
    "ä": "a", "ğ": "g", "ı": "i", "ñ": "ng", "ö": "o", "ş": "sh", "ū": "u", "ü": "u", "ç": "ch",
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0307": "",
}


def _latin_bases() -> dict[str, str]:
    """Lower-case Latin letters with diacritics (Latin-1, Extended-A/B, Extended Additional) → the base
    letter NFD gives, written out here so that the browser needs no Unicode data of its own."""
    out = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        if not ch.isalpha() or ch != ch.lower():
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base.isalpha():
            out[ch] = "".join(_PLAIN.get(c, c) for c in base)
    return out


TABLE: dict[str, str] = {**_latin_bases(), **_PLAIN, **_LATIN, **_CYRILLIC}
TABLE = {k: TABLE[k] for k in sorted(TABLE)}
_RULES = [(re.compile(p), r) for p, r in RULES]
_DOUBLE = re.compile(r"(.)\1+")
_TRANSLATION = {ord(c): v for c, v in TABLE.items()}  # str.translate: each letter its TABLE value


@lru_cache(maxsize=1 << 16)  # a text repeats its words: the search terms and sentence case ask again and again
def fold_key(word: str) -> str:
    """The word's script-neutral key (see the module's docstring)."""
    s = word.lower()
    for pattern, repl in _RULES:
        s = pattern.sub(repl, s)
    return _DOUBLE.sub(r"\1", s.translate(_TRANSLATION))


def spec() -> dict:
    """The rule as data for the client (the search manifest): rules, table; then doubles collapse."""
    return {"rules": [list(r) for r in RULES], "table": TABLE}
