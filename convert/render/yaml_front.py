"""The YAML front matter of a page: `yaml.safe_dump` output, with libyaml where it gives the same bytes."""
from __future__ import annotations

import re

import yaml


# libyaml's emitter (C) writes the same bytes as PyYAML's pure-Python one for these dumps except for
# characters the two treat differently (controls, tab, CR, C1, U+2028/9, BOM, U+FFFE/F, beyond the BMP),
# double-quoted strings that need folding (a space next to a line break makes a string double-quoted)
# and keys too long for a simple key (PyYAML counts characters, libyaml bytes); data with any of these
# takes the Python emitter (fuzzed, see tests/test_passes.py)
_CDumper = getattr(yaml, "CSafeDumper", None) if getattr(yaml, "__with_libyaml__", False) else None


_NOT_C_SAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]| \n|\n ")


def _simple_key_agrees(key: str) -> bool:
    """PyYAML writes a string key as a simple key up to 122 characters (it counts the 5 of the implicit
    tag "!!str" with them, below 128), libyaml up to 128 bytes: both agree when the key has at most
    122 bytes or at least 129 characters."""
    return len(key) >= 129 or len(key.encode("utf-8")) <= 122


def _c_safe(obj) -> bool:
    if isinstance(obj, str):
        return not _NOT_C_SAFE.search(obj)
    if isinstance(obj, dict):
        return all((not isinstance(k, str) or (_simple_key_agrees(k) and "\n" not in k and _c_safe(k)))
                   and _c_safe(v) for k, v in obj.items())
    if isinstance(obj, list):
        return all(_c_safe(v) for v in obj)
    return obj is None or isinstance(obj, (bool, int, float))


def safe_dump(data) -> str:
    """`yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)`, with libyaml when the
    bytes are the same."""
    if _CDumper is not None and _c_safe(data):
        return yaml.dump(data, Dumper=_CDumper, allow_unicode=True, sort_keys=False, width=1000)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def yaml_front(meta: dict) -> str:
    return "---\n" + safe_dump(meta) + "---\n"
