"""Reader for Word .docx files: one `Line` per paragraph, as Word's "Save as plain text" writes it.

It reads word/document.xml (body, table cells, text boxes, in document order; automatic list numbers
counted per numId/ilvl as the plain-text export writes them), word/styles.xml (bold/italic/size resolved
through the style chain down to w:docDefaults: convert/read/docx_styles.py) and word/footnotes.xml / endnotes.xml (after the body). The XML is parsed here with lxml and a locked-down parser (no entities, no network, no huge trees)
rather than by `docx.Document`: python-docx refuses .docm files and its parser is not ours to harden;
python-docx is used for what it knows best, Word's UI names of built-in styles ("heading 1" → "Heading 1").
Relationships are never followed outside the package: linked images and hyperlinks are not fetched.
"""
from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from convert.model import Layout, Line, ReadImage, ReadTable, TableCell
from convert.read.docx_styles import FALSE, W, Numbering, Styles, parse_part, run_properties
from convert.read.notes import SourceError

A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
WEB_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MB = 1024 * 1024
MAX_TOTAL, MAX_MEMBER, MAX_RATIO = 500 * _MB, 50 * _MB, 200


# the model's names for what this reader gives: Cell(text, rowspan, colspan, col), Table(first, last, rows)
Cell, Table = TableCell, ReadTable


class _NoNotes:
    def add(self, *args, **kwargs) -> None:
        pass


def _open_parts(path: Path) -> dict[str, bytes]:
    """The package's parts we read, after refusing what is not a sane .docx (checked before inflating)."""
    name = str(path.name)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE container: old .doc, or an encrypted .docx
            raise SourceError(name, "password-protected or old .doc format; save it in Word as .docx without a password")
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            bomb = [i for i in infos if i.file_size > MAX_MEMBER and i.file_size > MAX_RATIO * max(i.compress_size, 1)]
            if total > MAX_TOTAL or bomb:
                raise SourceError(name, f"refused: the Word package would expand to {total // _MB} MB "
                                        "(a damaged file or a zip bomb); save it again as .docx")
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise SourceError(name, "not a Word .docx file (no word/document.xml inside); save it again as .docx")
            wanted = ("word/document.xml", "word/styles.xml", "word/footnotes.xml", "word/endnotes.xml",
                      "word/numbering.xml", "word/_rels/document.xml.rels")
            parts = {n: z.read(n) for n in wanted if n in names}
            for n in sorted(names):  # embedded pictures a browser shows (EMF/WMF are Windows-only drawings)
                if n.startswith("word/media/") and n.lower().endswith(WEB_IMAGES):
                    parts[n] = z.read(n)
            parts["macros"] = b"1" if "word/vbaProject.bin" in names else b""
            return parts
    except zipfile.BadZipFile:
        raise SourceError(name, "not a Word .docx file (not a ZIP package, or a damaged one); "
                                "open it in Word and save it again as .docx") from None
    except (OSError, RuntimeError, NotImplementedError, ValueError) as e:  # unreadable, encrypted zip, odd method
        raise SourceError(name, f"cannot read the Word package ({e}); save it again as .docx") from None



def _layout(pieces: list[tuple[str, dict]], page: int, style: str, para: dict) -> Layout:
    """Bold/italic when most visible characters are; size the dominant one; superscript when all are."""
    total = bold = italic = sup = 0
    sizes: Counter = Counter()
    for text, pr in pieces:
        n = sum(1 for c in text if not c.isspace())
        total += n
        bold += n * bool(pr.get("b"))
        italic += n * bool(pr.get("i"))
        sup += n * bool(pr.get("sup"))
        if pr.get("sz"):
            sizes[pr["sz"]] += n
    size = sizes.most_common(1)[0][0] if total and sizes else para.get("sz")
    return Layout(page=page, size=size, bold=total > 0 and 2 * bold > total,
                  italic=total > 0 and 2 * italic > total, style=style, superscript=total > 0 and sup == total)


class _Reader:
    def __init__(self, parts: dict[str, bytes], name: str, notes):
        self.name, self.notes = name, notes
        try:
            self.root = parse_part(parts["word/document.xml"])
        except etree.XMLSyntaxError as e:
            raise SourceError(name, f"word/document.xml is not well-formed XML ({e}); save it again in Word") from None
        self.styles = Styles(self._optional(parts, "word/styles.xml"))
        self.numbering = Numbering(self._optional(parts, "word/numbering.xml"))
        self.notes_xml = {k: self._optional(parts, f"word/{k}s.xml") for k in ("footnote", "endnote")}
        self.rels = self._optional(parts, "word/_rels/document.xml.rels")
        self.macros = bool(parts.get("macros"))
        self.counters: dict[str, list[int]] = {}  # list (numId) → items counted per level
        self.refs: dict[tuple[str, str], int] = {}  # (footnote|endnote, id) → number in order of reference
        self.page, self.lines, self.p_lines = 1, [], {}
        self.media = {n: d for n, d in parts.items() if n.startswith("word/media/")}
        self.targets = {r.get("Id"): r.get("Target") for r in (self.rels.iter() if self.rels is not None else ())
                        if r.get("TargetMode") != "External"}
        self.images: list[ReadImage] = []
        self._runs: dict = {}

    def _optional(self, parts, part: str):
        try:
            return parse_part(parts.get(part))
        except etree.XMLSyntaxError as e:
            self.notes.add("doubt", f"{part} is not well-formed XML ({e}); read without it", code="read.docx_part")
            return None

    def _run_props(self, r, para_sid) -> dict:
        key = (r, para_sid)
        if key not in self._runs:
            rpr = r.find(W + "rPr") if r is not None and r.tag == W + "r" else None
            rs = rpr.find(W + "rStyle") if rpr is not None else None
            out = {**self.styles.defaults, **self.styles.props(para_sid)}
            out.update(self.styles.props(rs.get(W + "val")) if rs is not None else {})
            out.update(run_properties(rpr))
            self._runs[key] = out
        return self._runs[key]

    def _number(self, p) -> str:
        """Word's automatic list number, as the plain-text export writes it ("1.\t", "а)\t", "•\t")."""
        num = p.find(f"{W}pPr/{W}numPr")
        if num is None:
            return ""
        nid, lvl = num.find(W + "numId"), num.find(W + "ilvl")
        nid = nid.get(W + "val") if nid is not None else ""
        level = int(lvl.get(W + "val") or 0) if lvl is not None else 0
        if nid == "0":
            return ""  # numbering switched off
        counts = self.counters.setdefault(nid, [0] * 9)
        counts[level] += 1
        counts[level + 1:] = [0] * (8 - level)  # a deeper level starts again under a new item
        return self.numbering.label(nid, level, counts) + "\t"

    def paragraph(self, p) -> None:
        sid = self.styles.para_style(p)
        para = {**self.styles.defaults, **self.styles.props(sid)}
        pbb = p.find(f"{W}pPr/{W}pageBreakBefore")
        if (pbb is not None and (pbb.get(W + "val") or "true").lower() not in FALSE
                or pbb is None and para.get("pbb")) and self.lines:
            self.page += 1
        style, first = self.styles.name(sid), len(self.lines) + 1
        pieces, start = [(self._number(p), para)], self.page
        for node in p.iter(W + "t", W + "br", W + "cr", W + "tab", W + "noBreakHyphen", W + "footnoteReference",
                           W + "endnoteReference"):
            tag, pr = node.tag, self._run_props(node.getparent(), sid)
            if tag == W + "t":
                pieces.append((node.text or "", pr))
            elif tag == W + "noBreakHyphen":
                pieces.append(("-", pr))
            elif tag == W + "tab":
                pieces.append(("\t", pr))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                key = (tag[len(W):-len("Reference")], node.get(W + "id") or "")
                pieces.append((str(self.refs.setdefault(key, len(self.refs) + 1)), pr))
            elif node.get(W + "type") == "page":
                self.page += 1
            elif tag == W + "cr" or node.get(W + "type") in (None, "textWrapping"):  # a line break: the line ends
                self._emit(pieces, start, style, para)
                pieces, start = [], self.page
        self._emit(pieces, start, style, para)
        self.p_lines[p] = (first, len(self.lines))
        self._pictures(p, first)

    def _pictures(self, p, line: int) -> None:
        """The first embedded picture of the paragraph (not of a fallback copy), onto its first Line."""
        for blip in p.iter(A_BLIP):
            if any(a.tag == MC_FALLBACK for a in blip.iterancestors()):
                continue
            target = self.targets.get(blip.get(R_EMBED) or "")
            name = f"word/{target}" if target and not target.startswith("/") else (target or "").lstrip("/")
            if name in self.media:
                self.lines[line - 1].image = len(self.images)
                self.images.append(ReadImage(name.removeprefix("word/"), self.media[name]))
                return

    def _emit(self, pieces, page, style, para) -> None:
        text = "".join(t for t, _ in pieces)
        self.lines.append(Line(len(self.lines) + 1, text, raw=text, layout=_layout(pieces, page, style, para)))

    def read(self) -> list[Line]:
        # Every w:p, nested ones too, as Word's export (and tests' docx_text) does: a text box's paragraphs
        # come out in place, after the paragraph that anchors it, whose text already includes theirs.
        for p in self.root.iter(W + "p"):
            self.paragraph(p)
        self._notes_after()
        self._report()
        return self.lines

    def _notes_after(self) -> None:
        """Footnotes and endnotes after the body, one Line each: "<n> <text>", in order of reference."""
        found = {}
        for kind, root in self.notes_xml.items():
            for fn in root.iter(W + kind) if root is not None else ():
                if fn.get(W + "type") in (None, "normal"):  # not the separator lines
                    found[(kind, fn.get(W + "id") or "")] = fn
        order = sorted((n, key) for key, n in self.refs.items() if key in found)
        if order:
            self._emit([], self.page, "Normal", {})
        for n, key in order:
            paras = found[key].findall(f".//{W}p")
            text = " ".join("".join(("\t" if e.tag == W + "tab" else e.text or "")
                                    for e in q.iter(W + "t", W + "tab")) for q in paras).strip()
            style = self.styles.name(self.styles.para_style(paras[0])) if paras else "Normal"
            self._emit([(f"{n} {text}", {})], self.page, style, {})

    def _report(self) -> None:
        pics = sum(1 for e in self.root.iter(W + "drawing", W + "pict")
                   if not any(a.tag == MC_FALLBACK for a in e.iterancestors()))  # a Fallback repeats its Choice
        if pics:
            self.notes.add("note", f"{pics} picture(s) in the Word file, {len(self.images)} taken as figures' "
                           "images (the others are charts, Windows drawings (EMF/WMF) or linked pictures)",
                           code="read.docx_pictures")
        if self.macros:
            self.notes.add("note", "macros present, not run (only the text is read)", code="read.docx_macros")
        ext = [r for r in (self.rels.iter() if self.rels is not None else ())
               if r.get("TargetMode") == "External" and (r.get("Type") or "").endswith("/image")]
        if ext:
            self.notes.add("note", f"{len(ext)} linked (not embedded) image(s) in the Word file, not fetched",
                           code="read.docx_external")

    def tables(self) -> list[Table]:
        out = []
        for tbl in self.root.iter(W + "tbl"):
            if any(a.tag == W + "tbl" for a in tbl.iterancestors()):
                continue  # nested: its text is in the outer cell
            spans = [self.p_lines[p] for p in tbl.iter(W + "p") if p in self.p_lines]
            if spans:
                out.append(Table(spans[0][0], spans[-1][1], self._rows(tbl)))
        return out

    def _rows(self, tbl) -> list[list[Cell]]:
        rows, open_at = [], {}  # grid column → the cell a vertical merge continues
        for tr in tbl.iterfind(f"{W}tr"):
            row, col = [], 0
            before = tr.find(f"{W}trPr/{W}gridBefore")
            col += int(before.get(W + "val") or 0) if before is not None else 0
            for tc in tr.iterfind(f"{W}tc"):
                span_el, vm = tc.find(f"{W}tcPr/{W}gridSpan"), tc.find(f"{W}tcPr/{W}vMerge")
                span = max(1, int(span_el.get(W + "val") or 1)) if span_el is not None else 1
                if vm is not None and (vm.get(W + "val") or "continue") == "continue" and col in open_at:
                    open_at[col].rowspan += 1
                else:
                    text = "\n".join(self.lines[i - 1].text for p in tc.iter(W + "p") if p in self.p_lines
                                     for i in range(self.p_lines[p][0], self.p_lines[p][1] + 1))
                    cell = Cell(text, 1, span, col)
                    row.append(cell)
                    open_at[col] = cell
                    if vm is None:
                        open_at.pop(col)
                col += span
            rows.append(row)
        return rows


def _reader(path: Path, notes) -> _Reader:
    reader = _Reader(_open_parts(path), str(path.name), notes)
    try:
        reader.read()
    except (ValueError, TypeError, AttributeError, KeyError) as e:  # an odd file must not end in a traceback
        raise SourceError(str(path.name), f"cannot read the Word file ({type(e).__name__}: {e}); "
                                          "save it again as .docx") from None
    return reader


def read_docx(path: Path, notes) -> list[Line]:
    """The Word file's paragraphs (body, tables, text boxes), then its footnotes, one Line each."""
    return _reader(Path(path), notes).lines


def read_docx_document(path: Path, notes) -> tuple[list[Line], list[Table], list[ReadImage]]:
    """The Word file's Lines, its top-level tables and its pictures; each Line of a table's cells knows its
    table, a Line with a picture its picture."""
    reader = _reader(Path(path), notes)
    try:
        tables = reader.tables()
    except (ValueError, TypeError) as e:
        notes.add("doubt", f"the Word file's tables could not be read cell by cell ({e}); they are read as "
                  "text", code="read.docx_tables")
        return reader.lines, [], reader.images
    for k, t in enumerate(tables):
        for ln in reader.lines[t.first_line - 1:t.last_line]:
            ln.table = k
    return reader.lines, tables, reader.images


def read_docx_tables(path: Path) -> list[Table]:
    """The top-level tables, with merged cells kept once (spans) and line numbers as read_docx gives."""
    reader = _reader(Path(path), _NoNotes())
    try:
        return reader.tables()
    except (ValueError, TypeError) as e:
        raise SourceError(str(path.name), f"cannot read a table in the Word file ({e})") from None
