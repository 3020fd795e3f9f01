"""Word's styles and list numbering, read from styles.xml and numbering.xml: run properties resolved
through the basedOn chain down to w:docDefaults, automatic list labels as the plain-text export
writes them. The XML is parsed with a locked-down parser (no entities, no network, no huge trees)."""
from __future__ import annotations

import re

from docx.styles import BabelFish
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
FALSE = ("0", "false", "off", "none")


def parse_part(data: bytes | None):
    return None if data is None else etree.fromstring(data, _PARSER)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "russianLower":
        return "абвгдежзиклмнопрстуфхцчшщэюя"[(n - 1) % 28]
    if fmt == "russianUpper":
        return "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"[(n - 1) % 28]
    return "" if fmt == "none" else str(n)


class Numbering:
    """word/numbering.xml: each list's levels (format, text such as "%1." or "%1.%2)", start); a list
    Word does not describe is numbered "1." as the plain-text export of a bare list is."""

    def __init__(self, root):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        if root is None:
            return
        abstract = {}
        for a in root.iterfind(W + "abstractNum"):
            lv = {}
            for el in a.iterfind(W + "lvl"):
                fmt, text, start = el.find(W + "numFmt"), el.find(W + "lvlText"), el.find(W + "start")
                lv[int(el.get(W + "ilvl") or 0)] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else f"%{int(el.get(W + 'ilvl') or 0) + 1}.",
                    int(start.get(W + "val") or 1) if start is not None else 1)
            abstract[a.get(W + "abstractNumId")] = lv
        for n in root.iterfind(W + "num"):
            ref = n.find(W + "abstractNumId")
            if ref is not None and ref.get(W + "val") in abstract:
                self.levels[n.get(W + "numId")] = abstract[ref.get(W + "val")]

    def label(self, nid: str, level: int, counts: list[int]) -> str:
        levels = self.levels.get(nid)
        if not levels or level not in levels:
            return f"{counts[level]}."
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "•"

        def number(m) -> str:
            k = int(m.group(1)) - 1
            f, _, start = levels.get(k, ("decimal", "", 1))
            return _format(counts[k] + start - 1, f)
        return re.sub(r"%([1-9])", number, text)



def run_properties(rpr) -> dict:
    """Run properties set at this level only (unset ones are inherited from the level below)."""
    out: dict = {}
    if rpr is None:
        return out
    for key in ("b", "i"):
        el = rpr.find(W + key)
        if el is not None:
            out[key] = (el.get(W + "val") or "true").lower() not in FALSE
    sz = rpr.find(W + "sz")
    if sz is not None:
        try:
            out["sz"] = float(sz.get(W + "val")) / 2  # half-points
        except (TypeError, ValueError):
            pass
    va = rpr.find(W + "vertAlign")
    if va is not None:
        out["sup"] = va.get(W + "val") == "superscript"
    return out


class Styles:
    """styles.xml: names, the default paragraph style and resolved (basedOn chain) run properties."""

    def __init__(self, root):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para, self.defaults, self._cache = None, {}, {}
        if root is None:
            return
        self.defaults = run_properties(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for s in root.iter(W + "style"):
            sid = s.get(W + "styleId")
            self.by_id.setdefault(sid, s)
            if s.get(W + "type") == "paragraph" and (s.get(W + "default") or "").lower() in ("1", "true", "on"):
                self.default_para = self.default_para or sid

    def props(self, sid: str | None) -> dict:
        if sid in self._cache:
            return self._cache[sid]
        chain, seen, cur = [], set(), sid
        while cur in self.by_id and cur not in seen:  # basedOn loops exist in the wild
            seen.add(cur)
            chain.append(self.by_id[cur])
            based = chain[-1].find(W + "basedOn")
            cur = based.get(W + "val") if based is not None else None
        out: dict = {}
        for s in reversed(chain):
            out.update(run_properties(s.find(W + "rPr")))
            pbb = s.find(f"{W}pPr/{W}pageBreakBefore")
            if pbb is not None:
                out["pbb"] = (pbb.get(W + "val") or "true").lower() not in FALSE
        self._cache[sid] = out
        return out

    def para_style(self, p) -> str | None:
        ps = p.find(f"{W}pPr/{W}pStyle")
        sid = ps.get(W + "val") if ps is not None else None
        return sid if sid in self.by_id else self.default_para

    def name(self, sid: str | None) -> str:
        el = self.by_id.get(sid)
        n = el.find(W + "name") if el is not None else None
        return BabelFish.internal2ui(n.get(W + "val")) if n is not None and n.get(W + "val") else "Normal"

