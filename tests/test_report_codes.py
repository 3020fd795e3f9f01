"""Every entry of the conversion report names what happened with a code (concern.event), so that a later
pass replaces an entry by its code and an editor's tool can filter the report."""
from __future__ import annotations

import json
import re
from pathlib import Path

from convert.context import Context
from convert.model import Line, Report, SourceDoc
from convert.passes.furniture import remove_running_headers

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"^[a-z]+(\.[a-z_]+)+$")


def test_every_entry_of_the_edition_report_has_a_code():
    entries = json.loads((ROOT / "docs" / "report" / "report.json").read_text(encoding="utf-8"))["entries"]
    assert entries
    assert [e for e in entries if not CODE.match(e.get("code", ""))] == []
    removed = {e["code"] for e in entries if e["kind"] == "removed"}
    assert {"furniture.running_header", "furniture.page_number"} <= removed


def test_a_removal_is_reported_with_its_kind_and_the_line_keeps_it():
    text = ["Текст абзаца продолжается и не заканчивается на этой строке, потому что", "",
            "Вестник КазНПУ имени Абая, серия «Социологические и политические науки», №2(90), 2025", "",
            "12", "", "страница продолжается здесь."]
    doc = SourceDoc("s.txt", [Line(i + 1, t) for i, t in enumerate(text)])
    report = Report()
    remove_running_headers(doc, Context(report))
    assert [(e["code"], e["line"]) for e in report.entries] == [("furniture.running_header", 3),
                                                                 ("furniture.page_number", 5)]
    assert doc.lines[2].removed.name == "RUNNING_HEADER"


def test_editor_file_problems_have_codes(tmp_path):
    """Each mistake in an editor's file has its stable code (convert/editor_files/loader.py)."""
    from convert.editor_files import CATALOG, load_editor_yaml

    path = tmp_path / "catalog.yml"
    path.write_bytes("sources:\n  a.txt: {year: x, yaer: 1}\n  a.txt: {}\n  b.txt: {licence: caf\xe9}\n"
                     .encode("latin-1"))
    report = Report()
    load_editor_yaml(path, CATALOG, report)
    codes = [e["code"] for e in report.entries]
    assert sorted(set(codes)) == ["editor.duplicate_key", "editor.encoding", "editor.schema", "editor.unknown_key"]
    assert all(CODE.match(c) for c in codes)
    assert all(e["file"] == "catalog.yml" and e["line"] for e in report.entries)
