"""Choosing among a value's versions in kk/ru/en: the first language of an order that has one."""
from __future__ import annotations

from convert.model import LANGS


def pick_lang(values: dict, *order: str | None) -> str | None:
    """The first language of `order` (then kk, ru, en) for which `values` has a non-empty value."""
    return next((lg for lg in (*order, *LANGS) if lg and values.get(lg)), None)


def pick(values: dict, *order: str | None) -> str:
    """That language's value, or ""."""
    lang = pick_lang(values, *order)
    return values[lang] if lang else ""
