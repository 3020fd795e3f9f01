"""Per-line fixers for text extracted from PDFs of the journals.

In the style of ftfy's fixers: each function takes one line (a ``str``)
and returns the fixed line; every fixer is idempotent (``f(f(x)) == f(x)``)
and keeps every letter and digit, except for the documented removals of
invisible characters (soft hyphens, zero-width characters, private-use
glyphs from symbol fonts).  ``fix_homoglyphs`` *replaces* letters by their
look-alikes in the other script, it never drops one.

``fix_line`` applies them all in this order:

1. ``to_nfc``         -- canonical composition, so later steps see one form;
2. ``fix_bullets``    -- list markers at the start of the line, private-use
                         glyphs elsewhere (before ``fix_spaces`` because
                         removing them can leave double spaces);
3. ``fix_spaces``     -- tabs, exotic and zero-width spaces, soft hyphens;
4. ``fix_dashes``     -- hyphen and minus look-alikes (after ``fix_bullets``,
                         which owns the minus used as a list marker);
5. ``fix_homoglyphs`` -- Latin letters in Cyrillic words and vice versa;
6. ``to_nfc`` again   -- a Cyrillic letter put in place of a Latin one may
                         now compose with a following combining mark.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "to_nfc",
    "fix_spaces",
    "fix_bullets",
    "fix_dashes",
    "fix_homoglyphs",
    "fix_line",
]


# --------------------------------------------------------------------------
# Unicode normalisation


def to_nfc(text: str) -> str:
    """Return *text* in Unicode Normalization Form C.

    >>> to_nfc("e\\u0301") == "\\u00e9"
    True
    """
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------
# Spaces

#: Invisible characters that are deleted: soft hyphen, zero-width space,
#: non-joiner, joiner, word joiner, Mongolian vowel separator and the
#: zero-width no-break space (BOM).
REMOVED_INVISIBLES = "\u00ad\u200b\u200c\u200d\u2060\u180e\ufeff"

#: Every character for which ``str.isspace`` is true, except " " itself.
OTHER_SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACES_TABLE = {ord(ch): None for ch in REMOVED_INVISIBLES}
_SPACES_TABLE.update({ord(ch): " " for ch in OTHER_SPACES})
_MULTISPACE_RE = re.compile(" {2,}")


def fix_spaces(text: str) -> str:
    """Normalise whitespace in one line.

    Tabs, no-break spaces (U+00A0, U+202F, U+2007, U+2009 and every other
    character that ``str.isspace`` accepts, including a stray line break)
    become an ordinary space; soft hyphens and zero-width characters
    (``REMOVED_INVISIBLES``) are deleted; runs of spaces collapse to one;
    leading and trailing spaces are stripped (a PDF page start often has a
    meaningless leading space).

    >>> fix_spaces(" Введение\\u00a0")
    'Введение'
    >>> fix_spaces("в\\u00a0 обеих\\u00a0 странах\\tи со\\u00adциальной")
    'в обеих странах и социальной'
    """
    text = text.translate(_SPACES_TABLE)
    return _MULTISPACE_RE.sub(" ", text).strip(" ")


# --------------------------------------------------------------------------
# Bullets

#: Characters used as list markers (private-use symbol-font glyphs such as
#: U+F0B7 or U+F02D are recognised separately).
BULLET_CHARS = "•▪●◦■□○◾◼◆◇►▸‣⁃∙⦁➢➤✓✔"
#: Dashes that, followed by whitespace at the start of a line, may be list
#: markers: minus sign, en dash, em dash (and the figure dash, horizontal
#: bar and small em dash that ``fix_dashes`` turns into en/em dashes).
BULLET_DASHES = "−–—‒―﹘"

_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_PRIVATE_USE_RE = re.compile(f"[{_PRIVATE_USE}]")
# Whitespace around a marker, including the invisibles fix_spaces removes.
_BLANK = rf"[\s{REMOVED_INVISIBLES}]"
# a private-use character is a bullet when it is a symbol font's glyph (U+F000–U+F0FF, Symbol and Wingdings
# as Word maps them) or stands apart; one glued to a word is an invisible of the editor's tools ("\ue000Д.Б.")
_BULLET_RE = re.compile(rf"{_BLANK}*(?:[{BULLET_CHARS}]|[\uf000-\uf0ff]|[{_PRIVATE_USE}](?={_BLANK}|$)){_BLANK}*")
_LEADING_BLANKS_RE = re.compile(f"^{_BLANK}+")
_DASH_BULLET_RE = re.compile(rf"{_BLANK}*[{BULLET_DASHES}]{_BLANK}*\s{_BLANK}*")


def fix_bullets(text: str) -> str:
    """Normalise list markers at the start of a line.

    A line starting (after optional whitespace or zero-width characters)
    with a bullet character (``BULLET_CHARS``) or a private-use character
    (symbol-font bullets such as U+F0B7 or U+F02D) becomes
    ``"• " + rest``.  A line starting with a minus sign, en dash or em dash
    (``BULLET_DASHES``) *followed by whitespace* becomes ``"– " + rest`` --
    whether it really is a list item is decided later.  A marker with
    nothing after it stays alone ("•", "–").  Private-use characters
    elsewhere in the line are removed.

    >>> fix_bullets("\\uf0b7 Аймақтық интеграцияны күшейту.")
    '• Аймақтық интеграцияны күшейту.'
    >>> fix_bullets("−\\t Изучены основные понятия")
    '– Изучены основные понятия'
    >>> fix_bullets("−5 %")
    '−5 %'
    """
    match = _BULLET_RE.match(text)
    if not match:
        # a private-use character glued to the marker hides it
        text = _PRIVATE_USE_RE.sub("", text)
        match = _BULLET_RE.match(text)
    if match:
        rest = _PRIVATE_USE_RE.sub("", text[match.end():])
        rest = _LEADING_BLANKS_RE.sub("", rest)
        return f"• {rest}" if rest else "•"
    match = _DASH_BULLET_RE.match(text)
    if match:
        rest = text[match.end():]
        return f"– {rest}" if rest else "–"
    return text


# --------------------------------------------------------------------------
# Dashes

_DASH_TABLE = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # fullwidth hyphen-minus
        "\u2012": "–",  # figure dash
        "\u2015": "—",  # horizontal bar
        "\ufe58": "—",  # small em dash
    }
)
_MINUS_NOT_NUMBER_RE = re.compile(r"\u2212(?!\d)")


def fix_dashes(text: str) -> str:
    """Normalise hyphen and dash look-alikes.

    U+2010 and U+2011 (and the small/fullwidth hyphen-minus) become "-";
    the figure dash becomes "–", the horizontal bar "—".  The minus sign
    U+2212 stays where it is followed by a digit ("5−3", "−0,25"); anywhere
    else it is a dash typed with the wrong key and becomes "–".  "–" and
    "—" are kept as they are.

    >>> fix_dashes("социально\\u2010экономический, 5\\u22123, A \\u2212 B")
    'социально-экономический, 5−3, A – B'
    """
    return _MINUS_NOT_NUMBER_RE.sub("–", text.translate(_DASH_TABLE))


# --------------------------------------------------------------------------
# Homoglyphs

# Latin letters that look like Cyrillic ones, and their Cyrillic twins.
_LATIN_TO_CYRILLIC = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у",
    "ë": "ё", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К",
    "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "Ë": "Ё",
}
# Only where the line is evidently Kazakh: Kazakh і/һ look like Latin i/h.
_LATIN_TO_KAZAKH = {**_LATIN_TO_CYRILLIC, "i": "і", "I": "І", "h": "һ"}
# The schwa typed from a Latin keyboard layout (Azerbaijani Ə/ə) for Kazakh Ә/ә: in a Cyrillic word it
# can only be Kazakh, so it is repaired wherever it stands.
_LATIN_SCHWA = {"Ə": "Ә", "ə": "ә"}
_LATIN_TO_CYRILLIC.update(_LATIN_SCHWA)
_LATIN_TO_KAZAKH.update(_LATIN_SCHWA)
# Cyrillic letters that look like Latin ones (for English words with a
# stray Cyrillic letter, e.g. "Сomparative", and Roman numerals "ХХI").
_CYRILLIC_TO_LATIN = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
    "ё": "ë", "і": "i", "һ": "h", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Т": "T", "Х": "X", "У": "Y", "І": "I",
    "Ј": "J", "Ѕ": "S", "Ё": "Ë",
}
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_KAZAKH = str.maketrans(_LATIN_TO_KAZAKH)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)

# Letters whose presence anywhere in a line shows a Kazakh context.
_KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІіƏə"

# Short Russian/Kazakh words spelled entirely with Latin look-alikes, as
# found between Cyrillic words ("и a также").  Lower-case ones may stand
# anywhere; capitalised ones only at the start of a sentence.
_LONE_LOWER = {"a": "а", "o": "о", "c": "с", "y": "у"}
_LONE_CAPITAL = {
    "A": "А", "O": "О", "C": "С", "Y": "У", "B": "В", "K": "К",
    "Ha": "На", "He": "Не", "Ho": "Но", "Bo": "Во", "Ko": "Ко", "Co": "Со",
}

_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A word: letters, with any combining marks attached to them.
_WORD_RE = re.compile(rf"(?:[^\W\d_]|[{_MARKS}])+")
_CHUNK_RE = re.compile(r"\S+")
_ROMAN_RE = re.compile(r"(?=.*[IVX])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_SENTENCE_END = ".!?…:"


_LATIN_ANY_RE = re.compile("[A-Za-z\u00c0-\u024f\u0259\u1e00-\u1eff]")
_CYRILLIC_ANY_RE = re.compile("[\u0400-\u052f]")


def _is_latin(ch: str) -> bool:
    """True for a Latin letter (ASCII, Latin-1, Extended-A/B, Additional)."""
    return ch.isalpha() and (
        ch < "\u0250" and (ch.isascii() or ch >= "\u00c0") or ch == "\u0259" or "\u1e00" <= ch <= "\u1eff"
    )


def _is_cyrillic(ch: str) -> bool:
    """True for a Cyrillic letter (Cyrillic block and Supplement)."""
    return ch.isalpha() and "\u0400" <= ch <= "\u052f"


def _repair_word(word: str, kazakh: bool, cyrillic_line: bool) -> str:
    """Make a word that mixes Latin and Cyrillic letters single-script.

    The word goes to Latin if that makes a Roman numeral ("ХХI" -> "XXI").
    Otherwise it goes to the script into which all its foreign letters can
    be turned; if both are possible, to the script of most of its letters
    (ties: the script of most of the line).  Latin is chosen only for
    words that are at least half Latin ("Мiр" does not become "Mip").
    If no script is possible but most letters are Cyrillic, the Latin
    look-alikes are still replaced and the rest (e.g. "i" in a Russian
    line) is left alone.
    """
    latin = [ch for ch in word if _is_latin(ch)]
    cyrillic = [ch for ch in word if _is_cyrillic(ch)]
    if not latin or not cyrillic:
        return word
    to_cyr = _LATIN_TO_KAZAKH if kazakh else _LATIN_TO_CYRILLIC
    cyr_ok = all(ch in to_cyr for ch in latin)
    lat_ok = all(ch in _CYRILLIC_TO_LATIN for ch in cyrillic)
    table = _TO_KAZAKH if kazakh else _TO_CYRILLIC
    as_latin = word.translate(_TO_LATIN) if lat_ok else word
    if lat_ok and _ROMAN_RE.fullmatch(as_latin):
        return as_latin
    if cyr_ok and lat_ok:
        more_latin = len(latin) > len(cyrillic) or (
            len(latin) == len(cyrillic) and not cyrillic_line
        )
        return as_latin if more_latin else word.translate(table)
    if cyr_ok:
        return word.translate(table)
    if lat_ok and len(latin) >= len(cyrillic):
        return as_latin
    if len(cyrillic) > len(latin):
        return word.translate(table)
    return word


def _script_of_chunk(chunk: str) -> str | None:
    """'cyr' if a whitespace-separated chunk has Cyrillic letters and no
    Latin ones, 'lat' if it has Latin letters, None if it has no letters."""
    if any(_is_latin(ch) for ch in chunk):
        return "lat"
    if any(_is_cyrillic(ch) for ch in chunk):
        return "cyr"
    return None


def _lone_replacement(chunks: list[str], i: int) -> str | None:
    """The Cyrillic word a Latin-only chunk stands for, or None.

    "a"/"o"/"c"/"y" need Cyrillic neighbours (at least one, and no
    non-Cyrillic one); capitalised "A", "B", "Ha", ... must also open a
    sentence and be followed by a lower-case Cyrillic word.
    """
    chunk = chunks[i]
    prev = chunks[i - 1] if i > 0 else None
    nxt = chunks[i + 1] if i + 1 < len(chunks) else None
    if prev is None and nxt is None:
        return None
    if chunk in _LONE_LOWER:
        if all(c is None or _script_of_chunk(c) == "cyr" for c in (prev, nxt)):
            return _LONE_LOWER[chunk]
        return None
    if chunk in _LONE_CAPITAL:
        opens = prev is None or prev[-1] in _SENTENCE_END
        lower_next = nxt is not None and _script_of_chunk(nxt) == "cyr" and nxt[0].islower()
        if opens and lower_next:
            return _LONE_CAPITAL[chunk]
    return None


def _repair_lone_words(text: str) -> tuple[str, int]:
    """Replace short Latin-only words between Cyrillic words ("и a также")
    in a mostly Cyrillic line (more than twice as many Cyrillic letters)."""
    latin = sum(1 for ch in text if _is_latin(ch))
    cyrillic = sum(1 for ch in text if _is_cyrillic(ch))
    if cyrillic <= 2 * latin:
        return text, 0
    spans = [(m.start(), m.end()) for m in _CHUNK_RE.finditer(text)]
    chunks = [text[a:b] for a, b in spans]
    fixes = [(i, _lone_replacement(chunks, i)) for i in range(len(chunks))]
    fixes = [(i, new) for i, new in fixes if new is not None]
    for i, new in reversed(fixes):
        a, b = spans[i]
        text = text[:a] + new + text[b:]
    return text, len(fixes)


def fix_homoglyphs(text: str) -> tuple[str, int]:
    """Repair Latin/Cyrillic look-alike letters; return (text, words fixed).

    * A word (run of letters) mixing Latin and Cyrillic letters is made single-script
      (``_repair_word``): "дaнным" -> "данным", "Сomparative" ->
      "Comparative", "ХХI" -> "XXI".  Latin "i"/"I"/"h" become Kazakh
      "і"/"І"/"һ" only if the line contains a Kazakh-specific letter;
      otherwise they are left alone (and not counted).
    * In a mostly Cyrillic line, a short Latin-only word that is a Russian
      word in disguise ("a", "o", "c", "y"; sentence-initial "B", "Ha" ...)
      standing between Cyrillic words is replaced.

    Words without Cyrillic letters -- English words, acronyms ("IVLP",
    "XXI", "IT"), URLs, e-mails, single-letter variables ("p<0,05") -- are
    never changed.

    >>> fix_homoglyphs("По дaнным исследовaния, a также")
    ('По данным исследования, а также', 3)
    """
    # the regexes match a superset of _is_latin / _is_cyrillic: most lines are rejected without a
    # Python call per character
    if not _LATIN_ANY_RE.search(text) or not _CYRILLIC_ANY_RE.search(text):
        return text, 0
    if not any(_is_latin(ch) for ch in text) or not any(_is_cyrillic(ch) for ch in text):
        return text, 0
    kazakh = any(ch in _KAZAKH_LETTERS for ch in text)
    latin = sum(1 for ch in text if _is_latin(ch))
    cyrillic_line = sum(1 for ch in text if _is_cyrillic(ch)) >= latin
    count = 0

    def repair(match: re.Match) -> str:
        nonlocal count
        word = match.group()
        new = _repair_word(word, kazakh, cyrillic_line)
        count += new != word
        return new

    text = _WORD_RE.sub(repair, text)
    text, lone = _repair_lone_words(text)
    return text, count + lone


# --------------------------------------------------------------------------
# All together


def fix_line(text: str) -> tuple[str, dict[str, int]]:
    """Apply all fixers in the order given in the module docstring.

    Returns the fixed line and a dict of counts for the fixers that changed
    something: ``"homoglyphs"`` counts repaired words, the others
    (``"nfc"``, ``"bullets"``, ``"spaces"``, ``"dashes"``) count 1 when
    they changed the line.

    >>> fix_line("\\uf0b7\\tдaнные\\u00a0 − 5")
    ('• данные – 5', {'bullets': 1, 'spaces': 1, 'dashes': 1, 'homoglyphs': 1})
    """
    counts: dict[str, int] = {}
    for name, fixer in (
        ("nfc", to_nfc),
        ("bullets", fix_bullets),
        ("spaces", fix_spaces),
        ("dashes", fix_dashes),
    ):
        fixed = fixer(text)
        if fixed != text:
            counts[name] = 1
        text = fixed
    text, repaired = fix_homoglyphs(text)
    if repaired:
        counts["homoglyphs"] = repaired
    return to_nfc(text), counts
