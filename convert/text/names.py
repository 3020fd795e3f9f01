"""A person's name as printed, split into CSL's family and given parts.

Bylines of these journals write "А.К. Кумысбеков", "Ualtayeva A.S.", "Саад Твайсси", "Бидахметова
Шолпан Бекмұхамбетқызы", "Ахмет Байтұрсынұлы", "de la Cruz J.". Which word is the family name:
- initials are given names: every other word is the family name;
- a comma ends the family name ("Cruz, Juan");
- Russian and Kazakh family names and patronymics have endings (-ов/-ова, -ин, -ский, -енко, -ұлы/-қызы
  of a family name, -ович/-овна of a patronymic): a patronymic follows the given name, and the word with a
  family ending is the family name, wherever it stands;
- the same author's name in another language, when it has initials, names the family word: its
  script-neutral key (text/scriptfold.py) is the same ("Twaissi S." → «Саад Твайсси» is Твайсси);
- otherwise the byline order is "Given Family".
Particles (de, la, van, von, ibn, …) belong to the family name, as CSL's non-dropping particle. Only
what reads as an institution (a university, a ministry…) stays a literal name.
"""
from __future__ import annotations

import re

from convert.text.fixes import fix_homoglyphs
from convert.text.scriptfold import fold_key

UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÀ-ÖØ-Þ"
LO = "a-zа-яёәғқңөұүһіß-öø-ÿ"
INITIALS = re.compile(rf"(?:[{UP}][{LO}]{{0,2}}\.\s?-?)+")  # "А.", "Sh.B.", "Zh.", "А.-К."
WORD = re.compile(rf"[{UP}][{LO}'’]*(?:[-‑][{UP}]?[{LO}'’]+)*")
PARTICLES = {"de", "da", "das", "del", "della", "der", "den", "di", "do", "dos", "du", "la", "le", "van",
             "von", "ter", "ten", "bin", "ibn", "al", "el", "ван", "фон", "де", "ибн", "аль", "эль"}
FAMILY_ENDINGS = ("ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "цкий", "цкая",
                  "енко", "ук", "юк", "ян", "дзе", "швили", "ұлы", "улы", "қызы", "кызы",
                  "ov", "ova", "ev", "eva", "yev", "yeva", "in", "ina", "yn", "yna", "sky", "skiy", "skaya",
                  "enko", "uly", "kyzy", "qyzy")
PATRONYMIC_ENDINGS = ("ович", "евич", "ьич", "ична", "овна", "евна", "ovich", "evich", "ovna", "evna")
KAZAKH_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы", "uly", "kyzy", "qyzy")
INSTITUTION = re.compile(
    r"(?i)universit|университет|институт|institut|academ|академ|ministr|министр|министерств|committee|комитет|"
    r"агентств|agency|centre|center|центр|орталығ|associat|ассоциац|қауымдаст|council|совет|кеңес|foundation|"
    r"фонд|department|кафедр|office|bureau|бюро|редакц|editor|company|компани|corporation|корпорац|group|"
    r"\bLLP\b|\bТОО\b|\bАО\b|\bJSC\b|\d")


def split_name(name: str, others: list[str] | tuple = ()) -> dict:
    """CSL name parts of a printed name; `others` are the same person's name in other languages."""
    text = " ".join(re.sub(r"[*¹²³⁴⁵⁶⁷⁸⁹⁰†]+", " ", fix_homoglyphs(name)[0]).split()).strip(" ,;")
    if not text:
        return {"literal": name.strip()}
    if INSTITUTION.search(text):
        return {"literal": text}
    text = re.sub(rf"\.(?=[{UP}][{LO}]{{2,}})", ". ", text)  # "А.К.Кумысбеков" → "А.К. Кумысбеков"
    if "," in text:
        family, _, given = text.partition(",")
        return _parts(family.split(), given.strip())
    words = text.split()
    initials = [w for w in words if INITIALS.fullmatch(w)]
    if initials:
        family = [w for w in words if not INITIALS.fullmatch(w)]
        if not family:
            return {"literal": text}
        return _parts(family, _spaced(" ".join(initials)))
    if len(words) > 5 or not all(WORD.fullmatch(w) or w.lower() in PARTICLES for w in words):
        return {"literal": text}
    return _by_words(words, others)


def _by_words(words: list[str], others) -> dict:
    """A name of whole words: find the family name among them."""
    # particles join the word after them
    groups: list[list[str]] = []
    for w in words:
        if groups and groups[-1][-1].lower() in PARTICLES:
            groups[-1].append(w)
        else:
            groups.append([w])
    if len(groups) == 1:
        return _parts(groups[0], "")
    heads = [g[-1] for g in groups]
    i = _family_index(heads, others)
    family = groups[i]
    given = " ".join(w for j, g in enumerate(groups) if j != i for w in g)
    return _parts(family, given)


def _family_index(heads: list[str], others) -> int:
    keys = _other_families(others)
    for i, h in enumerate(heads):
        if fold_key(h.lower()) in keys:
            return i
    low = [h.lower() for h in heads]
    patronymic = [i for i, h in enumerate(low) if h.endswith(PATRONYMIC_ENDINGS)]
    if len(heads) == 3 and patronymic:
        # "Иванов Иван Иванович" or "Иван Иванович Иванов"
        return 0 if patronymic[-1] == 2 else 2
    family_like = [i for i, h in enumerate(low) if h.endswith(FAMILY_ENDINGS) and len(h) > 4]
    if len(heads) == 3 and low[2].endswith(KAZAKH_PATRONYMIC) and 0 in family_like:
        return 0  # "Бидахметова Шолпан Бекмұхамбетқызы": the patronymic follows the given name
    if len(family_like) == 1:
        return family_like[0]
    return len(heads) - 1  # "Given Family", the byline's order


def _other_families(others) -> set[str]:
    """Script-neutral keys of the family names that the other-language forms give with initials."""
    keys = set()
    for other in others:
        words = other.replace(",", " ").split()
        if any(INITIALS.fullmatch(w) for w in words):
            keys |= {fold_key(w.lower()) for w in words if not INITIALS.fullmatch(w)}
    return keys


def _parts(family_words: list[str], given: str) -> dict:
    particles = []
    while len(family_words) > 1 and family_words[0].lower() in PARTICLES:
        particles.append(family_words.pop(0))
    out = {"family": " ".join(family_words), "given": given}
    if particles:
        out["non-dropping-particle"] = " ".join(particles)
    if not given:
        del out["given"]
    return out


def _spaced(initials: str) -> str:
    """"А.К." → "А. К." (CSL's form of initials), "А.-К." kept."""
    return re.sub(r"\.(?=[^\s-])", ". ", initials.replace(" ", "")).strip()


def display_name(parts: dict) -> str:
    """"Family, Given" (with its particle), or the literal name."""
    if "literal" in parts:
        return parts["literal"]
    family = " ".join(p for p in (parts.get("non-dropping-particle"), parts["family"]) if p)
    return f"{family}, {parts['given']}" if parts.get("given") else family
