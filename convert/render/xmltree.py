"""Small helpers for the XML exports (JATS, Crossref, OAI-PMH): elements built with lxml, so every source
string is escaped by the serialiser; an element whose text is missing is left out, never written empty."""
from __future__ import annotations

import re

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK = "http://www.w3.org/1999/xlink"
# characters XML 1.0 cannot hold at all (C0 controls other than tab and line ends, lone surrogates, U+FFFE/F)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text) -> str:
    """A source string as XML text: characters XML cannot carry dropped, spacing collapsed."""
    return " ".join(NOT_XML.sub("", str(text)).split())


CONTAINER = object()  # `sub` without text: an element that holds others


def sub(parent, tag: str, text=CONTAINER, attrs: dict | None = None, lang: str | None = None):
    """A child element with `text` (cleaned); None, and no element, when the text is None or blank."""
    if text is not CONTAINER and (text is None or not clean(text)):
        return None
    el = etree.SubElement(parent, tag)
    for key, value in (attrs or {}).items():
        if value not in (None, ""):
            el.set(key, clean(value))
    if lang:
        el.set(XML_LANG, lang)
    if text is not CONTAINER:
        el.text = clean(text)
    return el


def xml_bytes(root) -> bytes:
    """The document as deterministic UTF-8 bytes with an XML declaration."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


CC_LICENCE = re.compile(r"^\s*CC[\s-]+((?:BY|NC|ND|SA)(?:[\s-]+(?:BY|NC|ND|SA))*)[\s-]+(\d\.\d)\s*$", re.I)


def licence_url(licence: str) -> str | None:
    """The Creative Commons deed of a licence named as printed ("CC BY-NC 4.0"); None for any other."""
    m = CC_LICENCE.match(licence or "")
    if not m:
        return None
    parts = re.split(r"[\s-]+", m.group(1).lower())
    return f"https://creativecommons.org/licenses/{'-'.join(parts)}/{m.group(2)}/"
