"""Bytes → text, defensively: whatever an editor's PDF tool produced, reading either gives text, with
what was repaired or doubted in the notes, or raises `SourceError` with the file, the line where it
applies, what is wrong and what to do.

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

from convert.read.notes import ReadNotes, SourceError, lines_at, lines_list

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


def _decode_lossy(data: bytes, enc: str, notes: ReadNotes, why: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        notes.garbled = why
        return data.decode(enc, errors="replace")


def _mostly_utf8(data: bytes, notes: ReadNotes) -> str | None:
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


def _detect(data: bytes, path: str, notes: ReadNotes) -> tuple[str, str]:
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


def decode(data: bytes, path: str, notes: ReadNotes | None = None) -> tuple[str, str]:
    """Text and encoding name: BOMs first, then UTF-16 without one, UTF-8, then charset detection.

    Raises SourceError for what is not text (with what it is, when its first bytes tell)."""
    notes = notes if notes is not None else ReadNotes()
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


def remove_controls(text: str, notes: ReadNotes) -> str:
    """Control characters are no text: removed (a NUL inside a word joins it again), and reported."""
    if _CONTROL_CHARS.search(text) is None:
        return text
    count, lines = lines_at(text, _CONTROL_CHARS)
    names = sorted({f"U+{ord(ch):04X}" for ch in set(_CONTROL_CHARS.findall(text))})
    notes.add("doubt", f"{count:,} control character(s) ({', '.join(names[:6])}) removed (line {lines_list(lines)}); "
              "the extraction may have damaged the text around them — check those lines against the PDF",
              lines[0], code="read.controls_removed")
    return _CONTROL_CHARS.sub("", text)



def _long_lines(text: str, notes: ReadNotes) -> None:
    if len(text) <= LONG_LINE:
        return
    long = [(no, len(ln)) for no, ln in enumerate(text.split("\n"), 1) if len(ln) > LONG_LINE]
    if long:
        what = (f"line {long[0][0]} is {long[0][1]:,} characters long" if len(long) == 1 else
                f"{len(long)} lines are longer than {LONG_LINE:,} characters (line {lines_list([n for n, _ in long])})")
        notes.add("doubt", f"{what}: the text was extracted without its line breaks, so its paragraphs are "
                  "rebuilt from sentences alone — check them against the PDF", long[0][0], code="read.no_line_breaks")


def read_text(data: bytes, name: str, notes: ReadNotes | None = None) -> tuple[str, str]:
    """The text of a source's bytes (LF line ends, no control characters) and its encoding."""
    notes = notes if notes is not None else ReadNotes()
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
        count, lines = lines_at(text, _REPLACEMENT)
        why = notes.garbled or ("replacement characters already in the file: an earlier conversion lost "
                                "these characters; retype them from the PDF")
        notes.add("doubt", f"{count:,} character(s) shown as � (line {lines_list(lines)}): {why}", lines[0], code="read.replacement_characters")
    if not text.strip() or not re.search(r"\w", text):
        raise SourceError(name, "the file has no letters or digits (only spaces, punctuation or control "
                                "characters); put the extracted text in it or remove it")
    _long_lines(text, notes)
    return text, encoding
