"""The script-neutral key of convert/text/scriptfold.py (issue 21): spellings of one word in Cyrillic
(Kazakh, Russian), in the transliterations of reference lists and English abstracts, and in the 2021
Kazakh Latin alphabet fold to one key; different words keep different keys; a stem's key is a prefix
of its word forms' keys (what the index and the client's prefix matching rely on). That the browser
folds as Python does is checked in tests/test_search.py."""
from __future__ import annotations

import json
import os
import re

import pytest

from convert.text.scriptfold import RULES, TABLE, fold_key, spec
from convert.render.search_index import KEY_MARK, index_stem, key_of

# spellings of one word, as Kazakh/Russian Cyrillic, transliterations and 2021 Kazakh Latin write it
SAME = [
    ["Токаев", "Tokayev", "Tokaev", "Tokaiev", "Тоқаев", "Toqaev"],
    ["Назарбаев", "Nazarbayev", "Nazarbaev", "Nazarbaiev"],
    ["Қазақстан", "Qazaqstan", "QAZAQSTAN"],
    ["Казахстан", "Kazakhstan", "Kazahstan"],
    ["Қазақстанның", "Qazaqstannyñ"],
    ["шешім", "şeşım", "sheshim"],
    ["ғылым", "ğylym", "ghylym", "gylym"],
    ["Жомарт", "Jomart", "Zhomart"],
    ["Қасым", "Kassym", "Qasym", "Kasym"],
    ["Ерлан", "Yerlan", "Erlan"],
    ["Фёдор", "Федор", "Fyodor", "Fedor"],
    ["Алматы", "Almaty", "Almati"],
    ["Щучинск", "Shchuchinsk"],
    ["Юрий", "Yuriy", "Yury", "Iurii"],
    ["Маңғыстау", "Mañğystau", "Mangystau", "Мангистау"],
    ["Үкімет", "Ükımet", "Ukimet"],
    ["Ұлытау", "Ūlytau", "Ulytau"],
    ["Өскемен", "Öskemen", "Oskemen"],
    ["халық", "halyq", "khalyk"],
    ["Абай", "Abai", "Abay"],
    ["Чокан", "Çoqan", "Chokan"],
    ["Вашингтон", "Washington"],
    ["Александр", "Alexandr", "Aleksandr"],
    ["Кaзaхстaн", "Казахстан"],  # a Latin a among Cyrillic letters, as a PDF's text may have it
]
# words that must keep keys of their own
DIFFERENT = [("Токаев", "Токарев"), ("Қазақстан", "Казахстан"), ("шешім", "сезім"), ("Астана", "Алматы"),
             ("медиация", "mediation"), ("жан", "ян"), ("сын", "шын")]


@pytest.mark.parametrize("spellings", SAME, ids=[s[0] for s in SAME])
def test_spellings_of_one_word_share_a_key(spellings):
    keys = {w: fold_key(w) for w in spellings}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_words_keep_different_keys(a, b):
    assert fold_key(a) != fold_key(b)


def test_one_alphabet():
    """Every Cyrillic or Latin letter ends in the key alphabet (plain Latin letters, no y w x q j)."""
    words = ["".join(TABLE), "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", "abcdefghijklmnopqrstuvwxyz",
             "äğıñöşūüçéèêëàáâãåíìîïóòôõúùûýÿčšžćłńśźż"]
    for w in words:
        assert re.fullmatch(r"[a-vz]*", fold_key(w)), (w, fold_key(w))


STEM_CASES = [("токаевым", "ru"), ("назарбаева", "ru"), ("казахстанской", "ru"), ("алматы", "kk"),
              ("қазақстанның", "kk"), ("шешімдерінің", "kk"), ("ғылымдарының", "kk"), ("астанадағы", "kk"),
              ("kazakhstan", "en"), ("nazarbayev", "en"), ("almaty", "en"), ("universities", "en"),
              ("мәслихаттардағы", "kk"), ("ассамблеи", "ru"), ("учителей", "ru"), ("жаңғыру", "kk")]


@pytest.mark.parametrize("word,lang", STEM_CASES)
def test_a_stems_key_is_a_prefix_of_its_words_key(word, lang):
    """The index keys a word under its stem's key (the part of the stem the word begins with: the Kazakh
    stemmer puts back a voiceless final, астанадағы → астанадақ)."""
    stem = index_stem(word, lang)
    key = key_of(word, stem)
    assert key and key.startswith(KEY_MARK) and word.startswith(os.path.commonprefix([word, stem]))
    assert fold_key(word).startswith(key[len(KEY_MARK):]), (word, stem, fold_key(word), key)


def test_spec_is_the_rule_as_data():
    """The client's data: the rules in order and the table, JSON as the manifest carries it, and each
    rule a regular expression that needs nothing JavaScript lacks (no named groups, no variable look-behind)."""
    data = json.loads(json.dumps(spec(), ensure_ascii=False))
    assert data["rules"] == [list(r) for r in RULES] and data["table"] == TABLE
    for pattern, _ in RULES:
        assert "(?P" not in pattern and not re.search(r"\(\?<[=!][^)]*[*+?{]", pattern), pattern
    assert all(len(k) == 1 for k in TABLE)
