"""One loader for the editors' YAML files: read safely and bounded, with line numbers, then validated.

`load_editor_yaml(path, schema, report)` returns the file's data with every value the schema refuses
dropped (and reported as `file:line key.path: expected X, got Y — what to do`), so that everything
else in the file still applies. Before anything is built:

* a file larger than MAX_BYTES is refused unread (`editor.too_big`);
* bytes that are not UTF-8 are replaced and reported with their line (`editor.encoding`);
* the YAML is composed with PyYAML's SafeLoader (no tags that build objects); more than MAX_ALIASES
  aliases, or more than MAX_NODES nodes, refuse the file before anything is expanded (`editor.yaml_bomb`);
  one scalar longer than MAX_SCALAR is refused (`editor.too_big`);
* a key given twice in one mapping is reported, the first value kept (`editor.duplicate_key`);
* a file that does not parse is reported with its line (the caller's code, e.g. `catalog.unparsable`).
"""
from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

MAX_BYTES = 4_000_000
MAX_SCALAR = 200_000
MAX_ALIASES = 64
MAX_NODES = 200_000


class EditorFileError(Exception):
    def __init__(self, message: str, line: int | None = None, code: str = "editor.unparsable"):
        super().__init__(message)
        self.message, self.line, self.code = message, line, code


def _too_many_aliases(line: int) -> EditorFileError:
    return EditorFileError(f"more than {MAX_ALIASES} YAML aliases (*name): refused unexpanded, as a YAML bomb "
                           "could be; write the values out", line, "editor.yaml_bomb")


def _too_many_nodes(line: int) -> EditorFileError:
    return EditorFileError(f"more than {MAX_NODES} YAML values: refused", line, "editor.too_big")


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and nodes while composing, before anything is expanded."""

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _too_many_aliases(self.peek_event().start_mark.line + 1)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _too_many_nodes(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)


# libyaml (C) composes a long file ~6x faster than PyYAML's Python composer (the ids of a thousand articles:
# 0.66 s); the same nodes, the same marks
_CLoader = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
_NODE_EVENTS = (yaml.AliasEvent, yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _compose(text: str):
    """The one document's node tree, its aliases and nodes counted before anything is expanded, as
    _BoundedLoader counts them: by libyaml where PyYAML has it (its events counted, then composed); a text
    libyaml refuses is composed again by _BoundedLoader, whose error (message, line) is the one reported."""
    if _CLoader is not None:
        try:
            aliases = nodes = 0
            for event in yaml.parse(text, Loader=_CLoader):
                if not isinstance(event, _NODE_EVENTS):
                    continue
                if isinstance(event, yaml.AliasEvent):
                    aliases += 1
                    if aliases > MAX_ALIASES:
                        raise _too_many_aliases(event.start_mark.line + 1)
                nodes += 1
                if nodes > MAX_NODES:
                    raise _too_many_nodes(event.start_mark.line + 1)
            loader = _CLoader(text)
            try:
                return loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _describe(value) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list",
             dict: "a mapping", type(None): "nothing (empty)"}
    what = kinds.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float, bool)):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "…"
        return f"{what} {shown}"
    return what


def _key_path(path) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[") or "(top level)"


class _Reader:
    """YAML nodes → plain Python values, with the line of every value by its key path."""

    def __init__(self, name: str, problems: list):
        self.name = name
        self.problems = problems
        self.lines: dict[tuple, int] = {}
        self.constructor = yaml.SafeLoader("")
        self.seen: dict[int, object] = {}

    def value(self, node, path: tuple):
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR:
                self.problems.append(("editor.too_big", node.start_mark.line + 1, path,
                                      f"a value of {len(node.value):,} characters (more than {MAX_SCALAR:,}): "
                                      "ignored; shorten it"))
                return None
            try:
                return self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as err:
                self.problems.append(("editor.schema", node.start_mark.line + 1, path,
                                      f"unreadable value ({' '.join(str(err).split())[:120]}): ignored"))
                return None
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            merged = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merged.append(value_node)
                    continue
                key = self.value(key_node, path + ("<key>",)) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key_node, yaml.ScalarNode) or key is None:
                    self.problems.append(("editor.schema", key_node.start_mark.line + 1, path,
                                          "a key that is not a plain name: its entry is ignored"))
                    continue
                key = str(key)
                if key in out:
                    self.problems.append(("editor.duplicate_key", key_node.start_mark.line + 1, path + (key,),
                                          f"`{key}` is given twice (first on line {self.lines.get(path + (key,))}): "
                                          "the first is used, this one ignored; keep one"))
                    continue
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.value(value_node, path + (key,))
            for m in merged:  # `<<: *base` — the merge key, its values under the keys not given
                base = self.value(m, path)
                for b in base if isinstance(base, list) else [base]:
                    if isinstance(b, dict):
                        for k, v in b.items():
                            out.setdefault(k, v)
            return out
        return None


def _drop(data, path: tuple) -> bool:
    """Remove the value at path (its key, or its list item); False when it is no longer there."""
    if not path:
        return False
    parent = data
    for p in path[:-1]:
        try:
            parent = parent[p]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]
        return True
    return False


def _expected(error) -> str:
    s = error.schema
    v = error.validator
    if v == "type":
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        names = {"integer": "a whole number", "string": "text", "object": "a mapping", "array": "a list",
                 "null": "nothing", "number": "a number", "boolean": "true or false"}
        return " or ".join(names.get(t, t) for t in types if t != "null") or "nothing"
    if v == "pattern":
        return f"text of the form {s.get('description', s['pattern'])}"
    if v == "enum":
        return "one of " + ", ".join(map(str, s["enum"]))
    if v in ("minimum", "maximum"):
        return f"a number {'≥' if v == 'minimum' else '≤'} {s[v]}"
    if v == "required":
        return "the fields " + ", ".join(s["required"])
    if v in ("minItems", "minProperties", "minLength"):
        return {"minItems": f"at least {s[v]} items", "minProperties": "at least one field",
                "minLength": "a value that is not empty"}[v]
    if v == "anyOf":
        return s.get("x-expected", "another kind of value")
    return error.message


def _pinpointed(errors):
    """Errors where the editor can fix them: a mapping that fails every alternative of an `anyOf` (an
    author given as a mapping) is reported at its wrong fields, from the alternative that takes mappings."""
    for error in errors:
        if error.validator == "anyOf" and isinstance(error.instance, dict):
            alternatives = error.schema["anyOf"]
            mapping = next((n for n, alt in enumerate(alternatives) if alt.get("type") == "object"), None)
            inner = [e for e in error.context if mapping is not None and e.schema_path[0] == mapping]
            if inner:
                yield from _pinpointed(inner)
                continue
        yield error


def validate(data, schema: dict, lines: dict[tuple, int]) -> tuple[object, list]:
    """(data without the values the schema refuses, [(code, line, path, message)])."""
    validator = jsonschema.Draft202012Validator(schema)
    found = []
    for error in _pinpointed(validator.iter_errors(data)):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            for key in error.instance:
                if key not in known:
                    hint = ", ".join(known) if known else ""
                    found.append(("editor.unknown_key", path + (key,),
                                  f"unknown key `{key}`: ignored" + (f"; the keys here are {hint}" if hint else "")))
            continue
        fix = error.schema.get("x-fix") or ""
        msg = f"expected {_expected(error)}, got {_describe(error.instance)}: ignored" + (f" — {fix}" if fix else "")
        found.append(("editor.schema", path, msg))
    problems, dropped = [], []
    for code, path, msg in found:
        if any(path[:len(d)] == d for d in dropped):
            continue  # inside a value already dropped
        dropped.append(path)
        problems.append((code, line_of(lines, path), path, msg))
    if () in dropped:
        return (None, problems)
    # deepest and last first, so that list indices stay valid
    for path in sorted(dropped, key=lambda p: [(0, x) if isinstance(x, int) else (1, 0) for x in p]
                       + [(2, len(p))], reverse=True):
        _drop(data, path)
    return data, problems


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


def read_yaml(path: Path) -> tuple[object, dict, list]:
    """(data, lines by key path, problems) of one YAML file; EditorFileError when it is refused whole."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise EditorFileError(f"{size:,} bytes (more than {MAX_BYTES:,}): refused unread; an editor's file "
                              "is a few kilobytes", None, "editor.too_big")
    raw = path.read_bytes()
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        problems.append(("editor.encoding", line, (), "bytes that are not UTF-8 (shown as �): save the file "
                         "as UTF-8"))
        text = raw.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    try:
        node = _compose(text)
    except EditorFileError:
        raise
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        detail = " ".join(str(getattr(err, "problem", "") or err).split())
        hint = "; indent with spaces, not tabs" if "\t" in text and "tab" in str(err).lower() or "\t" in text else ""
        raise EditorFileError(f"does not parse ({detail}){hint}", mark.line + 1 if mark else None) from None
    if node is None:
        problems.append(("editor.empty", None, (), "the file is empty (or only comments): nothing in it applies; "
                         "fill it in, or delete it"))
        return None, {}, problems
    reader = _Reader(path.name, problems)
    data = reader.value(node, ())
    return data, reader.lines, problems


def load_editor_yaml(path: Path, schema: dict, report, *, source_of=None, unparsable_code: str = "editor.unparsable",
                     unparsable_message: str = "does not parse") -> tuple[dict, dict]:
    """(the file's valid data, the line of each key path: empty when it could not be read). Problems go to `report` with file, line and
    key path; `source_of(path)` names the source a problem concerns (default: the file itself)."""
    name = path.name
    try:
        data, lines, problems = read_yaml(path)
    except EditorFileError as err:
        code = unparsable_code if err.code == "editor.unparsable" else err.code
        message = err.message.replace("does not parse", unparsable_message, 1)
        report.add(name, "error", f"{message}; built without it", line=err.line, file=name, code=code)
        return {}, {}
    except OSError as err:
        report.add(name, "error", f"{name} cannot be read ({err}); built without it", file=name, code="editor.unreadable")
        return {}, {}
    if data is None:
        data = {}
    data, more = validate(data, schema, lines)
    for code, line, key_path, message in sorted(problems + more, key=lambda p: (p[1] or 0, _key_path(p[2]))):
        source = (source_of(key_path) if source_of else None) or name
        prefix = f"{name} " if source != name else ""  # shown in the source's section: say which file
        report.add(source, "error", f"{prefix}{_key_path(key_path)}: {message}", line=line, file=name,
                   key=_key_path(key_path), code=code)
    if not isinstance(data, dict):
        return {}, lines
    return data, lines
