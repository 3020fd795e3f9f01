"""Rebuilding paragraphs, headings, lists, captions from lines.

PDF extraction keeps line breaks and loses paragraph breaks; blank lines are
unreliable (one after every line in some files, one after a paragraph's first
line in others). A break between two lines is decided by what they say: a
sentence that did not end continues; a short line that ends a sentence ends
its paragraph; headings, labels and list items always start a new block.
"""
from __future__ import annotations

import re

from convert.text import labels as L
from convert.passes.tables.captions import caption_match, caption_number, full_caption
from convert.passes.tables.region import Body, placed_row, table_above, table_below
from convert.model import Block, Line, TableInfo

ITEM_RE = re.compile(r"^(?:(?P<bullet>[•–])|(?P<num>\d{1,2}[.)]))\s+(?P<rest>\S.*)$")


_HYPHEN_END_RE = re.compile(rf"[{L.LETTER}\d]-$")


def join_text(left: str, right: str) -> str:
    """Join a wrapped line to the next: a line-end hyphen is kept as a compound hyphen, without space."""
    left, right = left.rstrip(), right.strip()
    if not left:
        return right
    if _HYPHEN_END_RE.search(left):
        return left + right
    return left + " " + right


def blanks_are_noise(lines: list[Line]) -> bool:
    """True when a blank line follows (nearly) every text line, so blanks say nothing."""
    text_lines = [i for i, ln in enumerate(lines) if not ln.blank]
    if len(text_lines) < 6:
        return False
    followed = sum(1 for i in text_lines if i + 1 < len(lines) and lines[i + 1].blank)
    return followed >= 0.8 * len(text_lines)


def is_generic_heading(t: str, prev_ended: bool, next_text: str | None, width: int) -> bool:
    """A short unpunctuated line between a finished paragraph and a new one: a section heading."""
    if not prev_ended or next_text is None or not L.starts_upper(next_text):
        return False
    words = t.split()
    if "," in t or (words and len(words[-1]) <= 3 and words[-1].islower()):
        return False  # "…, такие как", "… Дж. Наем и": a sentence going on, not a heading
    # a first line of a paragraph is nearly full width; a heading is short, unless it has the
    # "Topic: subtitle" or Title Case shape of a heading
    capitalised = sum(w[:1].isupper() for w in words) / max(len(words), 1)
    latin = sum("a" <= ch.lower() <= "z" for ch in t) > len(L.letters(t)) / 2  # Title Case is English usage
    limit = 0.9 if (re.search(r"\w: \w", t) or (latin and capitalised >= 0.6)) else 0.7
    return (2 <= len(words) <= 12 and len(t) < min(limit * width, 100) and L.starts_upper(t)
            and not re.search(r"[.,;:\[\]%]$|\[\d", t) and len(next_text) >= 0.6 * width
            and sum(ch.isdigit() for ch in t) <= 4)


class _Builder:
    def __init__(self, lines: list[Line], width: int, prewrapped: bool):
        self.lines = [ln for ln in lines if not ln.removed]
        self.width = width
        self.prewrapped = prewrapped
        self.body = Body(self.lines, width, prewrapped)  # what the table regions are looked for in
        self.noise = blanks_are_noise(self.lines)
        self.blocks: list[Block] = []
        self.cur: Block | None = None
        self.cur_last = ""  # last physical line of the current paragraph/item

    # -- helpers -------------------------------------------------------------------------
    def flush(self):
        if self.cur is not None:
            if self.cur.kind == "list" and self.blocks and self.blocks[-1].kind == "list" \
                    and self.blocks[-1].ordered == self.cur.ordered and self.blocks[-1].last >= self.cur.first - 2:
                self.blocks[-1].items += self.cur.items
                self.blocks[-1].last = self.cur.last
            else:
                self.blocks.append(self.cur)
        self.cur = None
        self.cur_last = ""

    def prev_ended(self) -> bool:
        if self.cur is None:
            return True
        # a bare number (a page or section number left on its own line) ends nothing, but no sentence
        # runs on from it into a run-in heading either
        return (L.ends_sentence(self.cur_last) or self.cur_last.rstrip().endswith((":", ";"))
                or bool(re.fullmatch(r"\d{1,4}", self.cur_last.strip())))

    def next_text(self, i: int) -> str | None:
        return self.body.next_text(i)

    def continues(self, ln: Line, blank_before: bool) -> bool:
        """Does this text line continue the current paragraph or list item?"""
        prev, t = self.cur_last.rstrip(), ln.text.strip()
        if self.prewrapped:
            # Markdown paragraphs are whole; only a page break can have split one mid-sentence
            return not L.ends_sentence(prev) and not prev.endswith(":") and t[:1].islower()
        if not L.ends_sentence(prev) and not prev.endswith((":", ";")):
            return True
        if t[:1].islower():
            return True
        if len(prev) < 0.8 * self.width:
            return False
        return not (blank_before and not self.noise)

    # -- passes ---------------------------------------------------------------------------
    def run(self) -> list[Block]:
        blank_before = False
        i = 0
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank:
                blank_before = True
                i += 1
                continue
            i = self.take(i, ln, blank_before)
            blank_before = False
        self.flush()
        return self.blocks

    def take(self, i: int, ln: Line, blank_before: bool) -> int:
        t = ln.text.strip()
        if ln.heading_level or L.section_heading(t) or (
                not self.prewrapped and L.is_upper_line(t) and len(L.letters(t)) >= 4 and len(t) < 120
                and self.prev_ended() and not re.search(r"\d", t)):
            # a capitals line that continues a capitals heading is the heading's second line
            if (self.blocks and self.cur is None and self.blocks[-1].kind == "heading"
                    and self.blocks[-1].last >= ln.no - 2 and L.is_upper_line(self.blocks[-1].text)
                    and not L.section_heading(t) and not ln.heading_level):
                self.blocks[-1].text = join_text(self.blocks[-1].text, t)
                self.blocks[-1].last = ln.no
                return i + 1
            self.flush()
            self.blocks.append(Block("heading", t.rstrip(":").strip() if not ln.heading_level else t,
                                     ln.no, ln.no, level=self._level(ln)))
            return i + 1
        if caption_match(t, "table") and (self.prev_ended() or full_caption(t, "table")):
            self.flush()
            return self.take_table(i)
        if caption_match(t, "figure") and (self.prev_ended() or full_caption(t, "figure")):
            self.flush()
            return self.take_figure(i)
        runin = L.run_in_heading(t) if self.prev_ended() else None
        if runin:
            self.flush()
            self.blocks.append(Block("heading", runin[0], ln.no, ln.no, level=2))
            self.cur = Block("paragraph", runin[1], ln.no, ln.no)
            self.cur_last = runin[1]
            return i + 1
        m = ITEM_RE.match(t)
        if m and (ln.list_item or (self.prev_ended() and (m.group("bullet") or self._numbering_fits(m)))):
            self.flush()
            self.cur = Block("list", "", ln.no, ln.no, ordered=bool(m.group("num")))
            self.cur.items.append(t if m.group("num") else m.group("rest"))
            self.cur_last = t
            return i + 1
        if (not self.prewrapped and self.prev_ended()
                and is_generic_heading(t, self.cur is None or L.ends_sentence(self.cur_last),
                                       self.next_text(i), self.width)):
            self.flush()
            self.blocks.append(Block("heading", t, ln.no, ln.no, level=3))
            return i + 1
        if self.cur is not None and self.continues(ln, blank_before):
            if self.cur.kind == "list":
                self.cur.items[-1] = join_text(self.cur.items[-1], t)
            else:
                self.cur.text = join_text(self.cur.text, t)
            self.cur.last = ln.no
            self.cur_last = t
            return i + 1
        self.flush()
        self.cur = Block("paragraph", t, ln.no, ln.no)
        self.cur_last = t
        return i + 1

    def _level(self, ln: Line) -> int:
        if ln.heading_level:
            return max(2, min(ln.heading_level, 4))
        return 2

    def _numbering_fits(self, m: re.Match) -> bool:
        """"2." continues a list that had "1."; a list starts at 1 after a colon."""
        n = int(re.match(r"\d+", m.group("num")).group())
        if self.cur is not None and self.cur.kind == "list" and self.cur.ordered:
            return True
        return n == 1 and self.cur_last.rstrip().endswith(":") or n == 1 and self.cur is None

    def take_table(self, i: int) -> int:
        """A table caption and the flattened lines of its table: below the caption, or above it when the
        caption is printed under the table; a caption with no table in the text is kept alone."""
        ln = self.lines[i]
        m = caption_match(ln.text)
        caption, j = self._caption(i)
        block = Block("table", caption, ln.no, self.lines[j].no, label=caption_number(m))
        body, k = table_below(self.body, j + 1)
        position = "above"
        if not body:
            above = self._table_above(i)
            if above:
                body, position = above, "below"
                block.first = above[0].no
        else:
            block.last = max(block.last, body[-1].no)
        # a note under the table (or under a caption printed below it)
        n = next((n for n in range(k, min(k + 3, len(self.lines))) if not self.lines[n].blank), None)
        if n is not None and L.NOTE_RE.match(self.lines[n].text.strip()):
            block.note = self.lines[n].text.strip()
            block.last = self.lines[n].no
            k = n + 1
        block.items = [b.text.strip() for b in body if not b.blank]
        block.grid = TableInfo(lines=[(b.no, "" if b.blank else b.text) for b in body],
                               position=position if body else "none")
        self.blocks.append(block)
        return k

    def _table_above(self, i: int) -> list[Line]:
        """The lines of a table printed above its caption (tables/region.py), whose blocks already
        built are taken back; none when that would split a block or take a table or figure."""
        region = table_above(self.body, i)
        if not region:
            return []
        first = self.lines[region[0]].no
        keep = [b for b in self.blocks if b.last < first]
        inside = [b for b in self.blocks if b.last >= first]
        if any(b.first < first or b.kind in ("table", "figure") for b in inside):
            return []
        self.blocks = keep
        return self.lines[region[0]:region[-1] + 1]

    def _caption(self, i: int) -> tuple[str, int]:
        """Caption text and the index of its last line (a caption may wrap once or twice)."""
        caption, j = self.lines[i].text.strip(), i
        for _ in range(2):
            nxt_i = next((k for k in range(j + 1, min(j + 3, len(self.lines))) if not self.lines[k].blank), None)
            if nxt_i is None or L.ends_sentence(caption):
                break
            nxt = self.lines[nxt_i].text.strip()
            if placed_row(self.lines[nxt_i]):
                break  # a table's row (its pieces a cell's gap apart), not the caption's wrap
            if nxt[:1].islower() or (len(nxt) < 0.6 * self.width and L.ends_sentence(nxt)
                                     and not L.NOTE_RE.match(nxt)):
                caption, j = join_text(caption, nxt), nxt_i
            else:
                break
        return caption, j

    def take_figure(self, i: int) -> int:
        """A figure caption (the figure itself is not in the text) and the note under it."""
        ln = self.lines[i]
        m = caption_match(ln.text, "figure")
        caption, j = self._caption(i)
        block = Block("figure", caption, ln.no, self.lines[j].no, label=caption_number(m))
        k = next((k for k in range(j + 1, min(j + 3, len(self.lines))) if not self.lines[k].blank), None)
        if k is not None and L.NOTE_RE.match(self.lines[k].text.strip()):
            block.note = self.lines[k].text.strip()
            block.last = self.lines[k].no
            j = k
        block.grid = TableInfo(position="none", picture=self._picture_near(i, j))
        self.blocks.append(block)
        return j + 1

    def _picture_near(self, i: int, j: int) -> int | None:
        """The source's picture of a figure whose caption is lines i..j: set just above the caption (as
        figures are), else just below it; only lines without text between."""
        for step, start in ((-1, i - 1), (1, j + 1)):
            k = start
            while 0 <= k < len(self.lines) and abs(k - start) < 4:
                if self.lines[k].image is not None:
                    return self.lines[k].image
                if not self.lines[k].blank:
                    break
                k += step
        return None


def rebuild_blocks(lines: list[Line], width: int, prewrapped: bool = False) -> list[Block]:
    """Body lines → headings, paragraphs, lists, figures and (raw) tables, in source order."""
    return _Builder(lines, width, prewrapped).run()


def rebuild_text(lines: list[Line], width: int, prewrapped: bool = False) -> str:
    """Lines of an abstract → its paragraphs, separated by blank lines (no headings, no lists)."""
    paras: list[str] = []
    last = ""
    noise = blanks_are_noise(lines)
    blank_before = False
    for ln in lines:
        if ln.removed:
            continue
        if ln.blank:
            blank_before = True
            continue
        t = ln.text.strip()
        if not paras:
            paras.append(t)
        else:
            if prewrapped:
                cont = not L.ends_sentence(last) and t[:1].islower()
            elif not L.ends_sentence(last) or t[:1].islower():
                cont = True
            elif len(last) < 0.8 * width:
                cont = False
            else:
                cont = not (blank_before and not noise)
            if cont:
                paras[-1] = join_text(paras[-1], t)
            else:
                paras.append(t)
        last = t
        blank_before = False
    return "\n\n".join(p for p in paras if p)
