"""Readable ASCII slugs from kk/ru/en text (URLs, ids), by a fixed transliteration table."""
from __future__ import annotations

import re
import unicodedata

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}


def transliterate(text: str) -> str:
    out = []
    for ch in text.casefold():
        out.append(_TABLE.get(ch, ch))
    ascii_text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    return ascii_text


def slugify(text: str, max_words: int = 8, max_len: int = 60) -> str:
    words = re.findall(r"[a-z0-9]+", transliterate(text))
    slug = "-".join(words[:max_words])[:max_len].strip("-")
    return slug or "untitled"


def unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
