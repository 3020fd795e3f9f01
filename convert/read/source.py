"""Readers: a source file becomes `Line`s — raw PDF text line by line, Markdown block by block.

Every source is read defensively: whatever an editor's PDF tool produced, reading either
gives text, with what was repaired or doubted written to the report, or raises `SourceError` with the
file, the line where it applies, what is wrong and what to do — and the rest of the edition builds.

* bytes → text: a byte-order mark (UTF-8, UTF-16, UTF-32) first; files that are not text at all
  (PDF, Word, ZIP, images, random bytes) are recognised and refused with a message saying what they
  are; UTF-16 without a byte-order mark; UTF-8; UTF-8 with a few bytes that are not (kept as U+FFFD,
  their lines reported); else the encoding is *detected* from the content, never guessed from the file
  name: among the encodings Kazakh, Russian and English texts are found in (Windows-1251, KZ-1048,
  KOI8-R, DOS 866, Mac Cyrillic, ISO-8859-5, Windows-1252), the one whose text has the fewest
  characters, case flips and script mixes no such text has (charset-normalizer's language model tells
  a Latin Windows-1252 text from the rest).
* control characters (NUL, escape, Python-Markdown's own placeholder marks STX/ETX …) are removed and
  reported; CRLF and CR line ends become LF; line numbers are physical lines, as an editor's text
  editor counts them.
* a very long line (a text extracted without line breaks) is read and reported, never refused.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from convert.model import Layout, Line, Report, SourceDoc

MARKDOWN_HINTS = re.compile(r"^(#{1,6} \S|\*\*[^*]+\*\*|\d+\. \S|- \S|> )|<sup>|<https?://|\]\(https?://")

MAX_BYTES = 200_000_000  # a whole volume of a journal is ~50 MB of text
MAX_LINES = 3_000_000  # ~200 MB of extracted text; each line costs ~200 bytes of memory, and more later
LONG_LINE = 20_000  # characters: a line this long is a text extracted without its line breaks

# Encodings a text of these journals can come in, when it is not UTF-8/16/32 (charset-normalizer names).
CANDIDATES = ("cp1251", "kz1048", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "cp1252")
ENCODING_NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with a byte-order mark)", "utf-16": "UTF-16 (byte-order mark)",
    "utf-16-le": "UTF-16 little-endian (no byte-order mark)", "utf-16-be": "UTF-16 big-endian (no byte-order mark)",
    "utf-32": "UTF-32 (byte-order mark)", "cp1251": "Windows-1251", "kz1048": "KZ-1048 (Windows Kazakh)",
    "koi8_r": "KOI8-R", "cp866": "DOS 866", "mac_cyrillic": "Mac Cyrillic", "iso8859_5": "ISO-8859-5",
    "cp1252": "Windows-1252",
}

# What a file that is not text is, by its first bytes, and what to do about it.
SIGNATURES = (
    (b"%PDF-", "a PDF file named as text; name it .pdf and it is read as a PDF"),
    (b"PK\x03\x04", "a ZIP archive (a .docx/.odt document or a .zip), not plain text; name a Word document "
                    ".docx, save other documents as .docx or plain text (UTF-8), unpack an archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word/Excel 97-2003 document or a password-protected Word file; "
                                          "save it as .docx (Word 2007 or later) without a password"),
    (b"{\\rtf", "an RTF document, not plain text; save it as plain text (UTF-8)"),
    (b"\x89PNG", "a PNG image, not text; the text must be extracted (OCR) first"),
    (b"\xff\xd8\xff", "a JPEG image, not text; the text must be extracted (OCR) first"),
    (b"GIF8", "a GIF image, not text; the text must be extracted (OCR) first"),
    (b"II*\x00", "a TIFF image, not text; the text must be extracted (OCR) first"),
    (b"MM\x00*", "a TIFF image, not text; the text must be extracted (OCR) first"),
    (b"\x1f\x8b", "a gzip archive, not text; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not text; unpack it first"),
    (b"Rar!", "a RAR archive, not text; unpack it first"),
    (b"\x7fELF", "a program, not text"),
)

# Control bytes no text has (NUL … BS, SO … ESC, DEL); tab, LF, VT, FF, CR and the separators
# \x1c-\x1f (which the character pass makes spaces) are text.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1b\x7f]")
# The same as characters, with the C1 controls (except NEL) and the non-characters U+FFFE/U+FFFF.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffe\uffff]")
BINARY_SHARE = 0.01  # more control bytes than this and a file is binary


class SourceError(Exception):
    """A source that cannot be read; carries the file and line for the report."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(message)
        self.path, self.message, self.line = path, message, line


class _Notes:
    """What reading found, for the report: (kind, message, line, code); `garbled` says why a U+FFFD is there."""

    def __init__(self):
        self.items: list[tuple[str, str, int | None, str]] = []
        self.garbled = ""

    def add(self, kind: str, message: str, line: int | None = None, *, code: str) -> None:
        self.items.append((kind, message, line, code))


def _lines_at(text: str, pattern: re.Pattern, limit: int = 10_000) -> tuple[int, list[int]]:
    """How often `pattern` occurs in an LF-only text, and the distinct lines of its first `limit` hits."""
    hits = [m.start() for _, m in zip(range(limit), pattern.finditer(text))]
    if not hits:
        return 0, []
    count = len(hits) if len(hits) < limit else len(pattern.findall(text))
    lines, line, pos = [], 1, 0
    for hit in hits:  # hits are in order: count line ends between them, never from the start again
        line += text.count("\n", pos, hit)
        pos = hit
        if not lines or lines[-1] != line:
            lines.append(line)
    return count, lines


def _lines_list(lines: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


def _signature(data: bytes) -> str | None:
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for UTF-16 text without a byte-order mark, else None.

    In UTF-16 text of Latin and Cyrillic letters, every other byte is the high byte of a character:
    0x00 (ASCII: spaces, digits, punctuation, line ends), 0x04 (Cyrillic), 0x20 (dashes, quotes) —
    a handful of values, zeros among them. No 8-bit text has NUL bytes at every other position.
    """
    sample = data[: 1 << 16]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    for enc, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) < 0.05 * len(high):
            continue
        counts = sorted((high.count(b) for b in set(high)), reverse=True)
        if sum(counts[:4]) >= 0.95 * len(high):
            return enc
    return None


def _decode_lossy(data: bytes, enc: str, notes: _Notes, why: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        notes.garbled = why
        return data.decode(enc, errors="replace")


def _mostly_utf8(data: bytes, notes: _Notes) -> str | None:
    """UTF-8 with a few stray bytes of another encoding: the text, the stray bytes as U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad <= 0 or multibyte < 20 * bad:
        return None
    notes.garbled = ("byte sequences that are not UTF-8 although the rest of the file is; retype those "
                     "characters in the source, saved as UTF-8")
    return text


# Characters a text of these journals is made of: ASCII, Kazakh/Russian Cyrillic and the punctuation of
# Cyrillic typography. A wrong single-byte encoding shows as other characters (Serbian letters, Latin-1
# letters, box drawing, math symbols …), as small letters followed by capitals inside words (KOI8-R read
# as Windows-1251 swaps the case) and as Latin and Cyrillic letters in one word.
_IMPLAUSIBLE = re.compile("[^\t\n\r\x0c\x20-\x7eА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі\u00a0-\u00bf×÷«»—–“”„‘’‚…№•"
                          "€™†‡‰\u2212]")
_CASE_FLIP = re.compile("[а-яёәғқңөұүһі][А-ЯЁӘҒҚҢӨҰҮҺІ]")
_SCRIPT_MIX = re.compile("[A-Za-z\u00c0-\u00ff][А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]|[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі][A-Za-z\u00c0-\u00ff]")


_CYR_UPPER = re.compile("[А-ЯЁӘҒҚҢӨҰҮҺІ]")
_CYR_LOWER = re.compile("[а-яёәғқңөұүһі]")


def _oddity(text: str) -> int:
    """How many characters, case flips and script mixes no text of these journals has; and capitals
    beyond the small letters (a text is mostly small letters; KOI8-R read as Windows-1251 is not)."""
    capitals = len(_CYR_UPPER.findall(text)) - len(_CYR_LOWER.findall(text))
    return (len(_IMPLAUSIBLE.findall(text)) + len(_CASE_FLIP.findall(text)) + len(_SCRIPT_MIX.findall(text))
            + max(capitals, 0))


def _detect(data: bytes, path: str, notes: _Notes) -> tuple[str, str]:
    """The encoding among CANDIDATES (most common first) whose text has the fewest characters, case flips
    and script mixes no such text has."""
    from charset_normalizer import from_bytes

    sample = data[: 1 << 20]  # a megabyte tells the encoding as well as fifty
    best = from_bytes(sample, cp_isolation=list(CANDIDATES)).best()
    odd = {enc: _oddity(sample.decode(enc, errors="replace")) for enc in CANDIDATES}
    fewest = min(odd.values())
    equals = [enc for enc in CANDIDATES if odd[enc] == fewest]
    # among equals the most common encoding, unless the language model says Windows-1252 (a Latin text)
    enc = "cp1252" if best is not None and best.encoding == "cp1252" and "cp1252" in equals else equals[0]
    high = max(len(re.findall(rb"[\x80-\xff]", sample)), 1)  # the bytes an encoding decides
    garbled = len(_IMPLAUSIBLE.findall(sample.decode(enc, errors="replace")))
    if best is None and garbled > 0.3 * high:
        raise SourceError(path, "not a text file in any encoding these journals use (UTF-8, UTF-16, "
                                "Windows-1251, KZ-1048, KOI8-R …); save it as UTF-8 text")
    name = ENCODING_NAMES.get(enc, enc)
    text = _decode_lossy(data, enc, notes, f"bytes that are no character in {name}; check those lines "
                                           "against the PDF")
    if garbled > 0.02 * high:
        notes.add("doubt", f"the encoding was detected as {name}, but {garbled:,} characters of its first MB still "
                  "look garbled; check the pages against the PDF and save the source as UTF-8", code="read.encoding_doubtful")
    else:
        notes.add("note", f"read as {name} (detected from the content, not UTF-8); saving the source as "
                  "UTF-8 makes this certain", code="read.encoding_detected")
    return text, enc


def decode(data: bytes, path: str, notes: _Notes | None = None) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then UTF-16 without one, UTF-8, then charset detection.

    Raises SourceError for what is not text (with what it is, when its first bytes tell)."""
    notes = notes if notes is not None else _Notes()
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            if enc != "utf-8-sig":
                notes.add("note", f"read as {ENCODING_NAMES[enc]}; saving the source as UTF-8 is safer", code="read.encoding_legacy")
            name = ENCODING_NAMES[enc].split(" (")[0]
            return _decode_lossy(data, enc, notes, f"bytes that are not {name}, although the file starts "
                                                   f"with a {name} byte-order mark; save it again as UTF-8"), enc
    what = _signature(data)
    if what:
        raise SourceError(path, f"this is {what}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        notes.add("note", f"read as {ENCODING_NAMES[utf16]}; saving the source as UTF-8 makes this certain", code="read.encoding_utf16")
        return _decode_lossy(data, utf16, notes, f"bytes that are not {ENCODING_NAMES[utf16]}; save the "
                                                 "source again as UTF-8"), utf16
    head = data[: 1 << 20]
    controls = len(_CONTROL_BYTES.findall(head))
    if controls > max(8, BINARY_SHARE * len(head)):
        raise SourceError(path, f"not a text file: {controls:,} control bytes (NUL, escape …) in its first "
                                f"{len(head):,} bytes — a binary file; export the article as plain text (UTF-8)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data, notes)
    if text is not None:
        return text, "utf-8"
    return _detect(data, path, notes)


_REPLACEMENT = re.compile("\ufffd")


def remove_controls(text: str, notes: _Notes) -> str:
    """Control characters are no text: removed (a NUL inside a word joins it again), and reported."""
    if _CONTROL_CHARS.search(text) is None:
        return text
    count, lines = _lines_at(text, _CONTROL_CHARS)
    names = sorted({f"U+{ord(ch):04X}" for ch in set(_CONTROL_CHARS.findall(text))})
    notes.add("doubt", f"{count:,} control character(s) ({', '.join(names[:6])}) removed (line {_lines_list(lines)}); "
              "the extraction may have damaged the text around them — check those lines against the PDF",
              lines[0], code="read.controls_removed")
    return _CONTROL_CHARS.sub("", text)


def looks_like_markdown(text: str, path: str) -> bool:
    """Markdown by extension or by content (headings, bold labels, <sup>, autolinks)."""
    if path.endswith((".md", ".markdown")):
        return True
    lines = [ln for ln in text.split("\n") if ln.strip()]
    hits = sum(1 for ln in lines if MARKDOWN_HINTS.search(ln))
    headings = sum(1 for ln in lines if re.match(r"^#{1,6} \S", ln))
    return headings >= 2 and hits >= max(5, len(lines) // 20)


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


_ESCAPABLE = "\\`*_{}[]()#+-.!<>|"


def strip_inline_markdown(text: str) -> str:
    """Markdown inline syntax of the source becomes plain text (the renderer escapes it again)."""
    # escaped characters are literal: park them where no rule below can see them
    parked: list[str] = []

    def park(m: re.Match) -> str:
        parked.append(m.group(1))
        return f"\x00{len(parked) - 1}\x00"

    text = re.sub(r"\\([" + re.escape(_ESCAPABLE) + r"])", park, text)
    text = re.sub(r"<sup>\s*([^<]*?)\s*</sup>", lambda m: m.group(1).translate(_SUP), text)
    text = re.sub(r"<(https?://[^>\s]+|mailto:[^>\s]+)>", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("****", "")
    return re.sub(r"\x00(\d+)\x00", lambda m: parked[int(m.group(1))], text)


def markdown_lines(text: str) -> list[Line]:
    """One `Line` per Markdown block (heading, paragraph, list item), numbered by its first line."""
    out: list[Line] = []
    buf: list[str] = []
    start = 0

    def flush():
        if buf:
            out.append(Line(start, strip_inline_markdown(" ".join(s.strip() for s in buf)), para=True))
            buf.clear()

    # physical lines, as an editor counts them (str.splitlines would also split at form feeds,
    # U+2028 … and shift every line number after them)
    for no, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        if not s:
            flush()
            out.append(Line(no, ""))
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", s)
        if m:
            flush()
            out.append(Line(no, strip_inline_markdown(m.group(2)).strip(), heading_level=len(m.group(1)), para=True))
            continue
        if re.match(r"^(\d+[.)]|[-*+])\s+\S", s):
            flush()
            start = no
            buf.append(s if re.match(r"^\d", s) else "• " + s[1:].strip())
            out_item = True
        else:
            out_item = False
            if not buf:
                start = no
            buf.append(s)
        if out_item:
            flush()
            out[-1].list_item = True
    flush()
    return out


def raw_lines(text: str) -> list[Line]:
    """Physical lines, each also kept as read in `Line.raw` (the character fixes collapse the spacing
    that places a table's values in their columns); a leading space or a form feed marks where the PDF
    extractor started a page. Where the text has form feeds (pdftotext's page breaks), every line knows
    its page (`layout.page`)."""
    lines = []
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        lines.append(Line(no, raw, raw=raw, page_start=raw.startswith((" ", "\f")) and bool(raw.strip())))
    if "\f" in text:
        page = 1
        for ln in lines:
            page += ln.text.count("\f")
            ln.layout = Layout(page=page)
    return lines


def _long_lines(text: str, notes: _Notes) -> None:
    if len(text) <= LONG_LINE:
        return
    long = [(no, len(ln)) for no, ln in enumerate(text.split("\n"), 1) if len(ln) > LONG_LINE]
    if long:
        what = (f"line {long[0][0]} is {long[0][1]:,} characters long" if len(long) == 1 else
                f"{len(long)} lines are longer than {LONG_LINE:,} characters (line {_lines_list([n for n, _ in long])})")
        notes.add("doubt", f"{what}: the text was extracted without its line breaks, so its paragraphs are "
                  "rebuilt from sentences alone — check them against the PDF", long[0][0], code="read.no_line_breaks")


def read_text(data: bytes, name: str, notes: _Notes | None = None) -> tuple[str, str]:
    """The text of a source's bytes (LF line ends, no control characters) and its encoding."""
    notes = notes if notes is not None else _Notes()
    if len(data) > MAX_BYTES:
        raise SourceError(name, f"the file is {len(data) / 1e6:,.0f} MB, more than the {MAX_BYTES / 1e6:,.0f} MB "
                                "a source may have; split it (one file per issue)")
    if not data:
        raise SourceError(name, "the file is empty; put the extracted text in it or remove it")
    if not data.strip():
        raise SourceError(name, "the file holds only blank lines; put the extracted text in it or remove it")
    text, encoding = decode(data, name, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise SourceError(name, f"the file has {lines:,} lines, more than the {MAX_LINES:,} a source may have; "
                                "split it (one file per issue)")
    text = remove_controls(text, notes)
    if "\ufffd" in text:
        count, lines = _lines_at(text, _REPLACEMENT)
        why = notes.garbled or ("replacement characters already in the file: an earlier conversion lost "
                                "these characters; retype them from the PDF")
        notes.add("doubt", f"{count:,} character(s) shown as � (line {_lines_list(lines)}): {why}", lines[0], code="read.replacement_characters")
    if not text.strip() or not re.search(r"\w", text):
        raise SourceError(name, "the file has no letters or digits (only spaces, punctuation or control "
                                "characters); put the extracted text in it or remove it")
    _long_lines(text, notes)
    return text, encoding


def read_source(path: Path, report: Report | None = None) -> SourceDoc:
    """A source file as a `SourceDoc` of lines; what reading repaired or doubts goes to `report`."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(str(path), "this is a folder, not a file; sources are files (subfolders are not read)")
    except OSError as err:
        raise SourceError(str(path), f"the file cannot be read ({err.strerror or err}); check that it exists "
                                     "and that its permissions let the build read it")
    notes = _Notes()
    kind = source_kind(path, data)
    if kind in ("pdf", "docx"):
        lines, tables, images = read_document(path, kind, notes)
        _to_report(notes, path.name, report)
        return SourceDoc(name=path.name, lines=lines, format=kind, encoding="", tables=tables, images=images)
    text, encoding = read_text(data, path.name, notes)
    _to_report(notes, path.name, report)
    md = looks_like_markdown(text, path.name)
    lines = markdown_lines(text) if md else raw_lines(text)
    return SourceDoc(name=path.name, lines=lines, markdown=md, format="markdown" if md else "text", encoding=encoding)


def source_kind(path: Path, data: bytes) -> str:
    """pdf | docx | text: by what the bytes are, the file's extension deciding only between a Word
    document and another ZIP package."""
    if data.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        return "pdf"  # the PDF reader says what it is when it is not a PDF
    if path.suffix.lower() == ".docx":
        return "docx"  # the Word reader says what it is when it is not a Word document
    return "text"


def read_document(path: Path, kind: str, notes: _Notes) -> tuple[list[Line], list, list]:
    """Lines of a PDF or Word source with their layout, the tables read cell by cell and the pictures;
    SourceError when nothing can be read."""
    if kind == "pdf":
        from convert.read.pdf import PdfUnreadable, read_pdf_document

        try:
            return (*read_pdf_document(path, notes), [])
        except PdfUnreadable as err:
            named = "" if path.suffix.lower() == ".pdf" else f"this is a PDF file named {path.suffix or 'without .pdf'}: "
            raise SourceError(path.name, named + str(err))
    from convert.read.docx import read_docx_document

    return read_docx_document(path, notes)


def _to_report(notes: _Notes, name: str, report: Report | None) -> None:
    if report is not None:
        for kind, message, line, code in notes.items:
            report.add(name, kind, message, line=line, code=code)
