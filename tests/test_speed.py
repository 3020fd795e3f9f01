"""Speed-ups that must not change output (issue 9): each fast path against the plain one."""
from __future__ import annotations

import random

import yaml

from convert.render import citation as export
from convert.cache import Memo
from convert.render.yaml_front import safe_dump
from convert.passes.tables.cells import _NON_WORD_RE, vocabulary
from convert.passes.tables.mentions import MENTION_RES, find_mentions


def _plain_dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def test_safe_dump_same_bytes_as_pyyaml():
    rnd = random.Random(1)
    pool = (list("abcXYZ 019,.:;-#?!'\"\\|>&*%@`[]{}()«»“”„’—–…№°") + list("ҚқӘәҒғҢңӨөҰұҮүІіҺһабвгдеЖЗЁё")
            + ["\n", "\n\n", " \n", "\n ", "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00", "\x7f", "\U0001F600",
               "\xa0", "\u200b", "yes", "null", "~", "1.5", "2024-01-01", "слово " * 40, "x" * 300])
    keys = ["title", "kk", "Ж" * 61, "Ж" * 62, "x" * 122, "x" * 123, "x" * 128, "x" * 129, "Ж" * 130, "a: b", "- x"]

    def text() -> str:
        return "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 60)))

    def value(depth: int = 0):
        r = rnd.random()
        if depth < 3 and r < 0.2:
            return {rnd.choice(keys + [text() or "k"]): value(depth + 1) for _ in range(rnd.randint(0, 3))}
        if depth < 3 and r < 0.4:
            return [value(depth + 1) for _ in range(rnd.randint(0, 3))]
        if r < 0.45:
            return rnd.choice([None, True, False, 7, -3, 1.5])
        return text()

    for _ in range(3000):
        data = {rnd.choice(keys): value() for _ in range(rnd.randint(1, 4))}
        assert safe_dump(data) == _plain_dump(data), data
    for ch in ("x", "Ж", "€"):
        for n in range(110, 140):
            for data in ({ch * n: 1}, [{ch * n: [{"y": "z.md"}]}]):
                assert safe_dump(data) == _plain_dump(data)


def _vocabulary_word_by_word(texts: list[str]) -> set[str]:
    vocab: set[str] = set()
    prev_hyphen = False
    for text in texts:
        words = text.split()
        for n, w in enumerate(words):
            if (n == 0 and prev_hyphen) or (n == len(words) - 1 and w.endswith("-")):
                continue
            for part in _NON_WORD_RE.split(w.casefold()):
                part = part.strip("-_")
                if part:
                    vocab.add(part)
        prev_hyphen = bool(words) and words[-1].endswith("-")
    return vocab


def test_vocabulary_same_as_word_by_word():
    rnd = random.Random(2)
    pool = list("ab-_ .,ß‐Σς́²٣\t\xa0") + ["слово-", "-", "a-", "--", "x_y", "Шығыс-", "Қазақстан"]
    for _ in range(2000):
        texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12))) for _ in range(rnd.randint(0, 6))]
        assert vocabulary(texts) == _vocabulary_word_by_word(texts), texts


def test_find_mentions_prefilter_keeps_every_mention():
    samples = ["см. Таблица 1 и рис. 2", "Table 3, Fig. 4; figures 5", "2-кестеде, 3-суретте", "кестеде 4",
               "TABLE 2", "табл.7", "рисунке 1", "no mention 12", "Таблица без номера", ""]
    for text in samples:
        plain = []
        for regex, kind in MENTION_RES:
            for m in regex.finditer(text):
                if not any(m.start() < fe and fs < m.end() for fs, fe, _, _ in plain):
                    plain.append((m.start(), m.end(), kind, m.group("n")))
        assert find_mentions(text) == sorted(plain)


def test_memo_reuses_and_saves_only_what_was_used(tmp_path):
    path = tmp_path / "memo.pickle"
    calls = []
    memo = Memo(path)
    assert memo.get("a", lambda: calls.append("a") or 1) == 1
    assert memo.get("b", lambda: calls.append("b") or 2) == 2
    memo.save()
    memo = Memo(path)
    assert memo.get("a", lambda: calls.append("a2") or 9) == 1  # from disk
    memo.save()  # only "a" used: "b" is dropped
    assert Memo(path).loaded == {"a": 1}
    assert calls == ["a", "b"]
    path.write_bytes(b"not a pickle")
    assert Memo(path).loaded == {}


def test_memo_entries_since_a_mark_are_the_newer_ones_and_can_be_taken_by_another_memo(tmp_path):
    worker = Memo(tmp_path / "memo.pickle")
    worker.get("old", lambda: 0)
    mark = worker.mark()
    assert worker.since(mark) == {}
    worker.get("old", lambda: 9)  # used again: not new
    worker.get("x", lambda: 1)
    worker.get("y", lambda: 2)
    assert list(worker.since(mark).items()) == [("x", 1), ("y", 2)]
    parent = Memo(tmp_path / "memo.pickle")
    parent.take(worker.since(mark))
    parent.save()
    assert Memo(tmp_path / "memo.pickle").loaded == {"x": 1, "y": 2}


def test_memoized_citation_is_the_formatted_one(tmp_path):
    item = {"id": "x", "type": "article-journal", "title": "Заголовок статьи", "container-title": "Вестник",
            "author": [{"family": "Иванов", "given": "А. Б."}], "issued": {"date-parts": [[2024]]}}
    plain = export.formatted(item, "gost")
    memo = Memo(tmp_path / "m.pickle")
    assert export.formatted(item, "gost", memo) == plain
    memo.save()
    memo = Memo(tmp_path / "m.pickle")
    assert export.formatted(item, "gost", memo) == plain
    assert memo.loaded  # read back from the file
    assert plain["text"].startswith("Иванов А. Б. Заголовок статьи")


def test_a_memoized_citation_starts_no_node_process(tmp_path, monkeypatch):
    """A rebuild with nothing changed formats every entry from the memo: citeproc-js is never started."""
    from convert.render import citeproc

    item = {"id": "y", "type": "article-journal", "title": "Title of the article", "language": "en"}
    memo = Memo(tmp_path / "m.pickle")
    first = export.formatted(item, "apa", memo)
    memo.save()

    def no_node():
        raise AssertionError("Node was started for an entry the memo holds")
    monkeypatch.setattr(citeproc, "_process", None)
    monkeypatch.setattr(citeproc, "_Process", no_node)
    assert export.formatted(item, "apa", Memo(tmp_path / "m.pickle")) == first
