"""Mentions of tables and figures in the text ("Table 2", «таблице 1», «2-кестеде», «Рисунок 1»), for the
renderer to link them to the ids of `captions.element_id`."""
from __future__ import annotations

import re


_KK = "a-zа-яёәғқңөұүһі"
MENTION_RES = [
    (re.compile(r"\b(?P<w>tables?|tab\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(r"\b(?P<w>figures?|fig\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "figure"),
    (re.compile(r"(?<![\w])(?P<w>таблиц[аеуыияхм]*|табл\.)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(r"(?<![\w])(?P<w>рисун(?:ок|ке|ка|ку|ком|ки|ков)|рис\.)\s?(?P<n>\d+)\b", re.IGNORECASE),
     "figure"),
    (re.compile(rf"(?<![\w])(?P<w>кесте[{_KK}]*)\s?(?P<n>\d+)\b", re.IGNORECASE), "table"),
    (re.compile(rf"(?<![\w])(?P<w>сурет[{_KK}]*)\s?(?P<n>\d+)\b", re.IGNORECASE), "figure"),
    (re.compile(rf"(?<![\w.,])(?P<n>\d+)\s?-\s?(?P<w>кесте[{_KK}]*)", re.IGNORECASE), "table"),
    (re.compile(rf"(?<![\w.,])(?P<n>\d+)\s?-\s?(?P<w>сурет[{_KK}]*)", re.IGNORECASE), "figure"),
]


# a superset of MENTION_RES (each needs one of these words, as the same case-insensitive match, and a digit)
_MENTION_ANY_RE = re.compile(r"tab|fig|табл|рис|кесте|сурет", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


def find_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """Mentions of numbered tables and figures: (start, end, "table"|"figure", number), in text order.

    The span covers the word and the number as printed ("Table 2", "таблице 1", "2-кестеде",
    "Рисунок 1" inside "(см. Рисунок 1)"); spans never overlap."""
    found: list[tuple[int, int, str, str]] = []
    if not _MENTION_ANY_RE.search(text) or not _DIGIT_RE.search(text):
        return found  # every mention has one of these words and a number
    for regex, kind in MENTION_RES:
        for m in regex.finditer(text):
            s, e = m.start(), m.end()
            if any(s < fe and fs < e for fs, fe, _, _ in found):
                continue
            found.append((s, e, kind, m.group("n")))
    return sorted(found)
