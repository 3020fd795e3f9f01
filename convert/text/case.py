"""Sentence case for titles printed in capitals, decided word by word from the article's own text.

A journal prints titles in capitals; a citation, a page heading and a reference manager want them as
a sentence: the first word capitalised, names and acronyms as the language writes them. Which words
are names is read from evidence, not from a dictionary: a word that the article's text (its body,
abstracts, keywords, and titles not set in capitals) writes inside a sentence with a capital is a
name, written in capitals an acronym (АҚШ, ЕАЭС, IT), otherwise an ordinary word. A word the text
never writes falls back on its stem's evidence, then on its longest shared beginning (Kazakh and
Russian inflect: «ҚАЗАҚСТАНДАҒЫ» takes the case of «Қазақстан»); a word without any evidence is an
ordinary word, unless it has no vowel (an acronym: «ҚР»).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from convert.text.scriptfold import fold_key

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_ENDS = frozenset(".!?…:;")  # the mark before a word (spaces between) that ends a sentence
_ROMAN = re.compile(r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
VOWELS = set("aeiouyаәеёиіоөуұүыэюяAEIOUYАӘЕЁИІОӨУҰҮЫЭЮЯ")
SHARED_BEGINNING = 5  # letters a word and its evidence share, at least, to stand for each other


def in_capitals(title: str) -> bool:
    """Set in capitals: at least two words, nearly every letter upper case."""
    lower, limit = 0, 0.1 * len(title)
    for ch in title:  # a running text is told at its first words: more small letters than a tenth of it
        if ch.islower() and ch.isalpha():
            lower += 1
            if lower > limit:
                return False
    letters = [ch for ch in title if ch.isalpha()]
    return len(WORD.findall(title)) >= 2 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _shape(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "upper"
    if word[0].isupper():
        return "name"
    return "lower"


class Evidence:
    """How the text writes each word inside sentences (the first word of a sentence tells nothing)."""

    def __init__(self, texts, stem=None) -> None:
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.stem = stem
        self.stems: dict[str, Counter] = defaultdict(Counter)
        self.keys: dict[str, Counter] | None = None  # forms by their script-neutral key, when first asked
        self._groups: dict | None = None  # the forms by their beginning (_by_beginning), when first asked
        self._key_groups: dict = {}  # the same of the keys
        for text in texts:
            self.add(text)

    @classmethod
    def merged(cls, evidences: list[Evidence]) -> Evidence:
        """The evidence of all their texts (each text tells apart from the others: the sums of their counts)."""
        out = cls([], stem=evidences[0].stem if evidences else None)
        for e in evidences:
            for table, other in ((out.forms, e.forms), (out.stems, e.stems)):
                for word, counts in other.items():
                    table[word].update(counts)
        return out

    def add(self, text: str) -> None:
        if in_capitals(text):  # a text in capitals tells nothing of its words
            return
        self.keys = self._groups = None
        forms, stems, stem = self.forms, self.stems, self.stem
        previous_end = 0
        for i, m in enumerate(WORD.finditer(text)):
            before = text[previous_end:m.start()]
            previous_end = m.end()
            if i == 0 or before.rstrip()[-1:] in _SENTENCE_ENDS:  # the first word of a sentence
                continue
            word = m.group()
            shape = _shape(word)
            key = word.casefold()
            forms[key][shape] += 1
            if stem:
                stems[stem(key)][shape] += 1

    def shape_of(self, word: str) -> str | None:
        """The word's shape in the text: its own form, else its stem's, else the form sharing the longest
        beginning with it, else the same in the other script (America: «Америки»); None without evidence."""
        key = word.casefold()
        if key in self.forms:
            return _majority(self.forms[key])
        if self.stem and (stem := self.stem(key)) in self.stems and len(stem) >= SHARED_BEGINNING:
            return _majority(self.stems[stem])
        if self._groups is None:
            self._groups = _by_beginning(self.forms)
        shapes = _nearest(key, self.forms, self._groups)
        if shapes is None:
            if self.keys is None:
                self.keys = defaultdict(Counter)
                for form, counts in self.forms.items():
                    self.keys[fold_key(form)].update(counts)
                self._key_groups = _by_beginning(self.keys)
            shapes = _nearest(fold_key(key), self.keys, self._key_groups)
        return _majority(shapes) if shapes else None


def _by_beginning(forms) -> dict[str, list[str]]:
    """The forms by their first SHARED_BEGINNING letters: only a form of the key's own group can share as
    many with it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        if len(form) >= SHARED_BEGINNING:
            groups[form[:SHARED_BEGINNING]].append(form)
    return groups


def _nearest(key: str, forms: dict[str, Counter], groups: dict[str, list[str]]) -> Counter | None:
    """The evidence of the forms that share the longest beginning with `key`, all but 3 letters of both
    (`groups`: the forms by their beginning)."""
    if key in forms:
        return forms[key]
    best, shapes = 0, Counter()
    for form in groups.get(key[:SHARED_BEGINNING], ()):
        counts = forms[form]
        shared = _shared(form, key)
        if shared >= SHARED_BEGINNING and shared >= max(len(form), len(key)) - 3:
            if shared > best:
                best, shapes = shared, Counter()
            if shared == best:
                shapes.update(counts)
    return shapes or None


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _majority(counts: Counter) -> str:
    # ties go to the ordinary word: a name written once in lower case is rarer than a word capitalised once
    return max(("lower", "name", "upper"), key=lambda s: (counts[s], s == "lower"))


def sentence_case(title: str, evidence: Evidence | list[Evidence], lang: str | None = None) -> str:
    """The title in sentence case; a title not set in capitals is returned as it is. Several evidences
    are asked in turn (the article's own text, then its source's).

    >>> sentence_case("ҚАЗАҚСТАН МЕН АҚШ МЫСАЛЫНДА", Evidence(["Бұл Қазақстан мен АҚШ арасында."]))
    'Қазақстан мен АҚШ мысалында'
    """
    if not in_capitals(title):
        return title
    evidences = evidence if isinstance(evidence, list) else [evidence]
    out, pos, first, after_colon = [], 0, True, False
    for m in WORD.finditer(title):
        gap = title[pos:m.start()]
        out.append(gap)
        pos = m.end()
        if ":" in gap and lang == "en":
            after_colon = True  # APA capitalises a subtitle's first word
        word = m.group()
        shape = _decide(word, evidences, gap)
        if first or after_colon:
            shape = "upper" if shape == "upper" else "name"
            first = after_colon = False
        out.append(word if shape == "upper" else word[0].upper() + word[1:].lower() if shape == "name"
                   else word.lower())
    out.append(title[pos:])
    return "".join(out)


def _decide(word: str, evidences: list[Evidence], gap: str) -> str:
    if len(word) == 1 and gap.endswith(("-", "‑")):
        return "upper"  # "COVID-19", "Web-2"
    if _ROMAN.fullmatch(word) and (len(word) > 1 or word in "VX"):
        return "upper"  # XXI, II
    for evidence in evidences:
        shape = evidence.shape_of(word)
        if shape is not None:
            return shape
    if len(word) > 1 and not VOWELS.intersection(word):
        return "upper"  # ҚР, США's kin without vowels
    return "lower"
