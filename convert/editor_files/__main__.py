"""`python -m convert.editor_files`: the README's table of the editors' files' fields, from the schemas."""
from __future__ import annotations

from convert.editor_files.schemas import SCHEMAS

NAMES = {"integer": "number", "string": "text", "object": "mapping", "array": "list", "null": "empty"}


def types(schema: dict) -> str:
    if "enum" in schema:  # a long list is given in the field's description
        return " or ".join(schema["enum"]) if len(schema["enum"]) <= 6 else "a name from a list"
    if "anyOf" in schema:
        return " or ".join(types(s) for s in schema["anyOf"])
    t = schema.get("type")
    return " or ".join(NAMES.get(x, x) for x in (t if isinstance(t, list) else [t]) if x != "null")


def fields(schema: dict, path: str = "") -> list[tuple[str, str, str]]:
    """(key path, type, description) of every field: `*` a mapping's free keys, `[]` a list's items."""
    out = []
    for key, sub in schema.get("properties", {}).items():
        out.append((path + key, types(sub), sub.get("description", "")))
        out += fields(sub, path + key + ".")
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        out += fields(extra, path + "*.")
    items = schema.get("items")
    if isinstance(items, dict):
        out += fields(items, path.rstrip(".") + "[].")
        for alt in items.get("anyOf", []):
            out += fields(alt, path.rstrip(".") + "[].")
    return out


def table() -> str:
    rows = ["| file | key | type | what it is |", "|---|---|---|---|"]
    for schema in SCHEMAS.values():
        for key, kind, what in fields(schema):
            rows.append(f"| `{schema['title']}` | `{key}` | {kind} | {what.replace('|', '/')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
