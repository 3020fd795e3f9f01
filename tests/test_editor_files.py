"""Editors' files never take an article down: every wrong editor file (catalog.yml, topics.yml,
article-ids.yml, a correction file's place and name, a BibTeX entry) is reported with its file, line and
key, the bad value ignored, the rest applied, every source published; `--strict` fails the run.
Then: the README lists every schema field, a corrupted cache entry is converted again, a failed or killed
build leaves the previous site, pages and zip whole, and two builds on one output do not run at once."""
from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "sources" / "unknown-journal-en-article-interethnic-mechanisms.txt"
SLUG = "ways-to-improve-institutional-interethnic-mechanisms"

CATALOG = """journals:
  j:
    name: {{en: Good Journal}}
    issn: "1234-5678"
{journal}sources:
  good.txt:
    journal: j
    number: 3
    year: 2024
{source}    articles:
      - match: {{ordinal: 1}}
        doi: 10.1234/good
{override}{top}"""


def catalog(journal="", source="", override="", top="", replace=()) -> str:
    text = CATALOG.format(journal=journal, source=source, override=override, top=top)
    for old, new in replace:
        assert old in text
        text = text.replace(old, new, 1)
    return text


ALL = {"year", "number", "doi", "journal"}
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
TIDY_TOPICS = "merge: []\nsplit: []\n"

# (id, {file: text or bytes}, the file named, the key named (None: the file as a whole), code, values applied)
# The wrong line carries a `#!` marker: the message must name that line.
CASES = [
    ("year-text", {"catalog.yml": catalog(replace=[("year: 2024", 'year: "twenty"  #!')])},
     "catalog.yml", "sources.good.txt.year", "editor.schema", ALL - {"year"}),
    ("number-list", {"catalog.yml": catalog(replace=[("number: 3", "number: [1]  #!")])},
     "catalog.yml", "sources.good.txt.number", "editor.schema", ALL - {"number"}),
    ("volume-mapping", {"catalog.yml": catalog(source="    volume: {a: 1}  #!\n")},
     "catalog.yml", "sources.good.txt.volume", "editor.schema", ALL),
    ("licence-number", {"catalog.yml": catalog(source="    licence: 5  #!\n")},
     "catalog.yml", "sources.good.txt.licence", "editor.schema", ALL),
    ("source-doi-not-a-doi", {"catalog.yml": catalog(source="    doi: https://example.org  #!\n")},
     "catalog.yml", "sources.good.txt.doi", "editor.schema", ALL),
    ("issue-id-list", {"catalog.yml": catalog(source="    issue_id: [x]  #!\n")},
     "catalog.yml", "sources.good.txt.issue_id", "editor.schema", ALL),
    ("journal-list", {"catalog.yml": catalog(replace=[("journal: j", "journal: [a, b]  #!")])},
     "catalog.yml", "sources.good.txt.journal", "editor.schema", ALL - {"journal"}),
    ("journal-unknown", {"catalog.yml": catalog(replace=[("journal: j", "journal: nope  #!")])},
     "catalog.yml", "sources.good.txt.journal", "editor.unknown_journal", ALL - {"journal"}),
    ("sources-a-list", {"catalog.yml": "journals: {}\nsources: [1, 2, 3]  #!\n"},
     "catalog.yml", "sources", "editor.schema", set()),
    ("journal-name-number", {"catalog.yml": catalog(replace=[("name: {en: Good Journal}", "name: 5  #!")])},
     "catalog.yml", "journals.j.name", "editor.schema", ALL - {"journal"}),
    ("journal-name-en-list", {"catalog.yml": catalog(journal="  k:\n    name: {en: [x]}  #!\n")},
     "catalog.yml", "journals.k.name.en", "editor.schema", ALL),
    ("issn-number", {"catalog.yml": catalog(journal="  k:\n    issn: 12345  #!\n")},
     "catalog.yml", "journals.k.issn", "editor.schema", ALL),
    ("unknown-top-key", {"catalog.yml": catalog(top="sourcse: {}  #!\n")},
     "catalog.yml", "sourcse", "editor.unknown_key", ALL),
    ("unknown-source-key", {"catalog.yml": catalog(source="    yaer: 2020  #!\n")},
     "catalog.yml", "sources.good.txt.yaer", "editor.unknown_key", ALL),
    ("unknown-override-key", {"catalog.yml": catalog(override="        tittles: {en: x}  #!\n")},
     "catalog.yml", "sources.good.txt.articles[0].tittles", "editor.unknown_key", ALL),
    ("override-without-match", {"catalog.yml": catalog(override="      - titles: {en: Other}  #!\n")},
     "catalog.yml", "sources.good.txt.articles[1]", "editor.schema", ALL),
    ("match-ordinal-text", {"catalog.yml": catalog(override="      - match: {ordinal: first}  #!\n        id: x1\n")},
     "catalog.yml", "sources.good.txt.articles[1].match.ordinal", "editor.schema", ALL),
    ("pages-words", {"catalog.yml": catalog(override='        pages: "first to last"  #!\n')},
     "catalog.yml", "sources.good.txt.articles[0].pages", "editor.schema", ALL),
    ("titles-not-nested", {"catalog.yml": catalog(override='        titles: "A title"  #!\n')},
     "catalog.yml", "sources.good.txt.articles[0].titles", "editor.schema", ALL),
    ("authors-mapping", {"catalog.yml": catalog(override="        authors: {names: {en: A. B.}}  #!\n")},
     "catalog.yml", "sources.good.txt.articles[0].authors", "editor.schema", ALL),
    ("orcid-malformed", {"catalog.yml": catalog(override="        authors:\n          - {name: A. B., orcid: 12}  #!\n")},
     "catalog.yml", "sources.good.txt.articles[0].authors[0].orcid", "editor.schema", ALL),
    ("kind-unknown", {"catalog.yml": catalog(override="        kind: review  #!\n")},
     "catalog.yml", "sources.good.txt.articles[0].kind", "editor.schema", ALL),
    ("id-with-slash", {"catalog.yml": catalog(override='        id: "a/b c"  #!\n')},
     "catalog.yml", "sources.good.txt.articles[0].id", "editor.schema", ALL),
    ("furniture-a-string", {"catalog.yml": catalog(source='    furniture: "Page 1"  #!\n')},
     "catalog.yml", "sources.good.txt.furniture", "editor.schema", ALL),
    ("duplicate-source", {"catalog.yml": catalog(top="  good.txt: {year: 1999}  #!\n")},
     "catalog.yml", "sources.good.txt", "editor.duplicate_key", ALL),
    ("duplicate-field", {"catalog.yml": catalog(source="    year: 1999  #!\n")},
     "catalog.yml", "sources.good.txt.year", "editor.duplicate_key", ALL),
    ("tab-indent", {"catalog.yml": catalog(source="\tvolume: 2  #!\n")},
     "catalog.yml", None, "catalog.unparsable", set()),
    ("invalid-utf8", {"catalog.yml": catalog(source="    licence: CC BY  #!\n").encode().replace(b"CC BY", b"CC \xff BY")},
     "catalog.yml", None, "editor.encoding", ALL),
    ("empty-catalog", {"catalog.yml": ""}, "catalog.yml", None, "editor.empty", set()),
    ("catalog-a-list", {"catalog.yml": "- good.txt  #!\n- year: 2024\n"}, "catalog.yml", None, "editor.schema", set()),
    ("huge-value", {"catalog.yml": catalog(source=f'    licence: "{"x" * 300_000}"  #!\n')},
     "catalog.yml", "sources.good.txt.licence", "editor.too_big", ALL),
    ("yaml-bomb", {"topics.yml": BOMB}, "topics.yml", None, "editor.yaml_bomb", ALL),
    ("huge-file", {"topics.yml": "merge: []\n# " + "x" * 5_000_000 + "\n"}, "topics.yml", None, "editor.too_big", ALL),
    ("topics-merge-string", {"topics.yml": 'merge: "a, b"  #!\n'}, "topics.yml", "merge", "editor.schema", ALL),
    ("topics-split-one", {"topics.yml": "split:\n  - [alone]  #!\n"}, "topics.yml", "split[0]", "editor.schema", ALL),
    ("topics-unknown-key", {"topics.yml": "merge: []\nmerges: []  #!\n"}, "topics.yml", "merges", "editor.unknown_key", ALL),
    ("topics-duplicate", {"topics.yml": "merge: []\nmerge: []  #!\n"}, "topics.yml", "merge", "editor.duplicate_key", ALL),
    ("topics-empty", {"topics.yml": "# nothing\n"}, "topics.yml", None, "editor.empty", ALL),
    ("ids-entry-wrong", {"article-ids.yml": "articles:\n  - id: 5  #!\n    issue: j/2024-3\n"},
     "article-ids.yml", "articles[0].id", "editor.schema", ALL),
    ("ids-tabs", {"article-ids.yml": "articles:\n\t- id: a  #!\n"}, "article-ids.yml", None, "ids.registry_unparsable", ALL),
    ("correction-missing-table", {f"corrections/good/{SLUG}/table-9.csv": "a,b\n1,2\n"},
     f"corrections/good/{SLUG}/table-9.csv", None, "correction.unmatched", ALL),
    ("correction-bad-name", {f"corrections/good/{SLUG}/tabel-1.csv": "a,b\n1,2\n"},
     f"corrections/good/{SLUG}/tabel-1.csv", "file", "editor.schema", ALL),
    ("correction-bad-article-folder", {"corrections/good/Table One!/table-1.csv": "a,b\n1,2\n"},
     "corrections/good/Table One!/table-1.csv", "article", "editor.schema", ALL),
    ("correction-too-deep", {f"corrections/good/{SLUG}/old/table-1.csv": "a,b\n1,2\n"},
     f"corrections/good/{SLUG}/old/table-1.csv", "file", "editor.schema", ALL),
    ("correction-loose-file", {"corrections/table-1.csv": "a,b\n1,2\n"},
     "corrections/table-1.csv", "file", "editor.schema", ALL),
    ("bibtex-year-words", {f"bibliography/{SLUG}.bib": "@book{ok, title = {Fine}, year = {twenty}} %!\n"},
     f"{SLUG}.bib", "ok.year", "editor.schema", ALL),
    ("bibtex-unknown-type", {f"bibliography/{SLUG}.bib": "@paper{p1, title = {Fine}, year = {2001}} %!\n"},
     f"{SLUG}.bib", "p1.ENTRYTYPE", "editor.schema", ALL),
    ("bibtex-no-title", {f"bibliography/{SLUG}.bib": "@book{ok, title = {Fine}}\n\n"
                         "@misc{bare, author = {Doe, Jane}, year = {2001}} %!\n"},
     f"{SLUG}.bib", "bare", "editor.schema", ALL),
    ("bibtex-broken-entry", {f"bibliography/{SLUG}.bib": "@book{ok, title = {Fine}, author = {Doe, Jane}, year = {2001}}\n\n"
                             "@article{broken,  %!\n  title = {Unclosed\n  year = 2020\n"},
     f"{SLUG}.bib", None, "bibliography.unparsable", ALL),
]


def marker_line(files: dict, name: str) -> int | None:
    data = files.get(name)
    if data is None:
        return None
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for n, line in enumerate(text.splitlines(), 1):
        if "#!" in line or "%!" in line:
            return n
    return None


def make_folder(folder: Path, files: dict) -> None:
    folder.mkdir(parents=True)
    shutil.copy(GOOD, folder / "good.txt")
    files = {"catalog.yml": catalog(), "topics.yml": TIDY_TOPICS, **files}
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def convert(folder: Path, docs: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", "convert", "--sources", str(folder), "--docs-dir",
                           str(docs), "--no-cache", *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_there_are_enough_wrong_files():
    assert len(CASES) >= 25
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_wrong_editor_file_is_reported_and_loses_nothing(tmp_path, case):
    name, files, file, key, code, applied = case
    make_folder(tmp_path / "src", files)
    proc = convert(tmp_path / "src", tmp_path / "docs")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    report = json.loads((tmp_path / "docs" / "report" / "report.json").read_text(encoding="utf-8"))
    hits = [e for e in report["entries"] if e["code"] == code and e.get("file") == file]
    assert hits, (code, [(e["code"], e.get("file"), e["message"]) for e in report["entries"] if e["kind"] == "error"])
    hit = hits[0]
    line = marker_line(files, Path(file).name) or marker_line(files, file)
    if line is not None:
        assert hit.get("line") == line, hit
    if key is not None:
        assert hit.get("key") == key and hit["message"].split(": ", 1)[0].endswith(key), hit
    assert hit["kind"] == "error"
    # said where the editors look: on the console with file and line, and at the top of the report
    where = file + (f":{hit['line']}" if hit.get("line") else "")
    assert f"error: {where}: " in proc.stderr, proc.stderr
    page = (tmp_path / "docs" / "report" / "index.md").read_text(encoding="utf-8")
    first_source = page.index("\n## good.txt")
    assert page.index("## Mistakes in the editors' files") < first_source
    assert "Traceback" not in page
    # every good article is published, with the good values applied
    records = json.loads((tmp_path / "docs" / "articles.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["good.txt"]
    rec = records[0]
    issue = rec["issue"]
    assert ("year" in applied) == (issue.get("year") == 2024), issue
    assert ("number" in applied) == (issue.get("number") == 3), issue
    assert ("doi" in applied) == (rec["doi"] == "10.1234/good"), rec["doi"]
    assert ("journal" in applied) == (issue.get("journal_names") == {"en": "Good Journal"}), issue
    assert (tmp_path / "docs" / rec["url"].replace(".html", ".md")).is_file()
    assert rec["titles"] and rec["abstracts"]
    # --strict makes the mistake a non-zero exit, and builds the same edition
    make_folder(tmp_path / "src-strict", files)  # the build rewrites article-ids.yml: the same mistake again
    strict = convert(tmp_path / "src-strict", tmp_path / "docs-strict", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr, strict.stderr
    strict_records = json.loads((tmp_path / "docs-strict" / "articles.json").read_text(encoding="utf-8"))
    assert [{**r, "source": r["source"]} for r in strict_records] == records


def test_the_good_files_make_no_error(tmp_path):
    make_folder(tmp_path / "src", {})
    proc = convert(tmp_path / "src", tmp_path / "docs", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "error:" not in proc.stderr
    assert "Mistakes in the editors' files" not in (tmp_path / "docs" / "report" / "index.md").read_text(encoding="utf-8")


def test_the_repository_editor_files_are_valid():
    from convert.editor_files import SCHEMAS, load_editor_yaml
    from convert.model import Report

    for name, schema in (("catalog.yml", SCHEMAS["catalog"]), ("topics.yml", SCHEMAS["topics"]),
                         ("article-ids.yml", SCHEMAS["article-ids"])):
        report = Report()
        data, _ = load_editor_yaml(ROOT / "sources" / name, schema, report)
        assert data and report.entries == [], (name, report.entries)


# -- every field of the YAML files, given a value of the wrong kind -------------------------------------
WRONG_VALUES = ["WRONG text", 12345, ["WRONG"], {"WRONG": "x"}]
EXAMPLES = {"match": {"ordinal": 1}, "id": "good-id", "issue": "j/2024-3"}  # required beside the field


def yaml_fields():
    from convert.editor_files import SCHEMAS
    from convert.editor_files.__main__ import fields

    for name in ("catalog", "topics", "article-ids"):
        for key, _kind, _what in fields(SCHEMAS[name]):
            yield name, key


def subschema(schema: dict, tokens: list[str]) -> list[dict]:
    """The schemas along tokens (`*` a free key, `[]` an item), the field's own last."""
    chain, here = [schema], [schema]
    for t in tokens:
        nxt = []
        for s in here:
            for alt in [s] + s.get("anyOf", []):
                if t == "[]" and isinstance(alt.get("items"), dict):
                    nxt += [alt["items"]] + alt["items"].get("anyOf", [])
                elif t == "*" and isinstance(alt.get("additionalProperties"), dict):
                    nxt.append(alt["additionalProperties"])
                elif t in alt.get("properties", {}):
                    nxt.append(alt["properties"][t])
        here = [s for s in nxt if t != "[]" or "properties" in s or s is nxt[0]]
        chain.append(here[0] if len(here) == 1 else {"anyOf": here})
    return chain


def document_with(tokens: list[str], chain: list[dict], value) -> object:
    """The smallest document that holds value at tokens, with what its objects require beside it."""
    if not tokens:
        return value
    t, inner = tokens[0], document_with(tokens[1:], chain[1:], value)
    if t == "[]":
        return [inner]
    doc = {"good.txt" if t == "*" else t: inner}
    for req in chain[0].get("required", []):
        doc.setdefault(req, EXAMPLES[req])
    return doc


@pytest.mark.parametrize("schema_name,field", list(yaml_fields()), ids=[f"{n}:{k}" for n, k in yaml_fields()])
def test_every_field_given_a_wrong_value_is_reported_at_its_key_and_line(tmp_path, schema_name, field):
    import jsonschema
    import yaml

    from convert.editor_files import SCHEMAS, load_editor_yaml
    from convert.model import Report

    schema = SCHEMAS[schema_name]
    tokens = re.findall(r"\[\]|[^.\[\]]+", field)
    chain = subschema(schema, tokens)
    own = jsonschema.Draft202012Validator(chain[-1])
    wrong = next(v for v in WRONG_VALUES if any(not e.path for e in own.iter_errors(v)))
    path = tmp_path / f"{schema_name}.yml"
    text = yaml.safe_dump(document_with(tokens, chain, wrong), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    report = Report()
    load_editor_yaml(path, schema, report)
    key = field.replace(".*", ".good.txt").replace("*", "good.txt").replace("[]", "[0]")
    hits = [e for e in report.entries if e.get("key") == key]
    assert hits, (text, [(e.get("key"), e["message"]) for e in report.entries])
    assert hits[0]["code"] == "editor.schema" and hits[0]["file"] == path.name
    printed = text.splitlines()[hits[0]["line"] - 1]
    last = [t for t in tokens if t not in ("*", "[]")][-1] if tokens[-1] not in ("*", "[]") else None
    assert (last and f"{last}:" in printed) or "WRONG" in printed or "12345" in printed or printed.lstrip().startswith("-"), (text, hits[0])


def test_a_yaml_bomb_is_refused_before_it_is_expanded(tmp_path):
    from convert.editor_files import EditorFileError, read_yaml

    path = tmp_path / "bomb.yml"
    path.write_text(BOMB, encoding="utf-8")  # 9**21 items if expanded
    with pytest.raises(EditorFileError) as err:
        read_yaml(path)
    assert err.value.code == "editor.yaml_bomb"


def test_no_yaml_tag_builds_an_object(tmp_path):
    make_folder(tmp_path / "src", {"topics.yml": "merge: !!python/object/apply:os.system ['touch pwned']\n"})
    proc = convert(tmp_path / "src", tmp_path / "docs")
    assert proc.returncode == 0 and not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()
    assert "topics.yml" in proc.stderr


# -- the README lists every field of the schemas ------------------------------------------------------
def test_the_readme_lists_every_field_of_the_editor_files_with_its_type():
    from convert.editor_files import SCHEMAS
    from convert.editor_files.__main__ import fields

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {s["title"] for s in SCHEMAS.values()} >= {"catalog.yml", "topics.yml", "article-ids.yml",
                                                       "corrections/<source>/<article id>/<file>",
                                                       "bibliography/<article id>.bib"}
    for schema in SCHEMAS.values():
        name = schema["title"]
        for key, types, _ in fields(schema):
            row = re.search(rf"^\| `{re.escape(name)}` \| `{re.escape(key)}` \| ([^|]+) \|", readme, re.M)
            assert row, f"README.md lists no `{key}` of {name} (| `{name}` | `{key}` | {types} | … |)"
            assert row.group(1).strip() == types, (key, row.group(1), types)


# -- the cache survives corruption ----------------------------------------------------------------------
def test_a_corrupted_cache_entry_is_converted_again_and_said_once(tmp_path):
    make_folder(tmp_path / "src", {})
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "convert", "convert", "--sources", str(tmp_path / "src"), "--cache-dir", str(cache)]
    first = subprocess.run(cmd + ["--docs-dir", str(tmp_path / "d1")], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    entries = sorted(cache.rglob("*.pickle"))
    entries = [e for e in entries if not e.name.startswith("memo-")]
    assert entries
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if n % 2 == 0 else b"\x80\x05garbage")
    second = subprocess.run(cmd + ["--docs-dir", str(tmp_path / "d2")], cwd=ROOT, capture_output=True, text=True)
    assert second.returncode == 0 and "Traceback" not in second.stderr, second.stderr
    assert second.stderr.count("the cache entry of good.txt was unreadable") == 1, second.stderr
    assert "0 sources reused, 1 converted" in second.stderr
    assert tree(tmp_path / "d2") == tree(tmp_path / "d1")
    third = subprocess.run(cmd + ["--docs-dir", str(tmp_path / "d3")], cwd=ROOT, capture_output=True, text=True)
    assert "1 sources reused" in third.stderr and "unreadable" not in third.stderr


# -- atomic output ----------------------------------------------------------------------------------------
def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def build_cmd(src: Path, site: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "convert", "build", "--sources", str(src), "--site-dir", str(site),
            "--cache-dir", str(cache)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("atomic")
    make_folder(base / "src", {})
    proc = subprocess.run(build_cmd(base / "src", base / "site", base / "cache"), cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return base


def run_and_kill(cmd: list[str], progress, reached: int | None, delay: float) -> int:
    """Run cmd and SIGKILL its process group once progress() reaches `reached` (None: at once), `delay`
    seconds later. The exit code: negative when it was killed, else what it returned."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    if reached is not None:
        while proc.poll() is None and progress() < reached:
            threading.Event().wait(0.005)
    threading.Event().wait(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait()


def staged_files(base: Path, pattern: str) -> int:
    """Files written so far into the staging folder(s) matching pattern (os.walk ignores a folder that
    vanishes under it when the build renames it)."""
    return sum(len(f) for staged in base.glob(pattern) for _, _, f in os.walk(staged))


def put_back(path: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(path)
    for p, data in files.items():
        (path / p).parent.mkdir(parents=True, exist_ok=True)
        (path / p).write_bytes(data)


def moments(rng: random.Random, count: int) -> list[tuple[str, int | None, float]]:
    """When to kill: during the work, as the new output appears, and when k of its count files are written."""
    return [("during the work", None, rng.uniform(0.05, 0.5)), ("as the new output appears", 0, 0.0)] + \
           [(f"after {k} files of the new output", k, 0.0) for k in sorted(rng.sample(range(1, count), 5))]


def kill_repeatedly(cmd: list[str], target: Path, base: Path, pattern: str, rng: random.Random) -> list[dict]:
    """Kill cmd at several moments; after each, target (a folder) is the previous one byte for byte, or
    — killed after the swap, while cleaning up — the new one whole. Returns the new ones seen, for the
    caller to compare with a finished build's."""
    from convert.output import recover

    before = tree(target)
    killed, new = 0, []
    for what, reached, delay in moments(rng, len(before)):
        code = run_and_kill(cmd, lambda: staged_files(base, pattern), reached, delay)
        if not target.exists():  # killed between two renames (no atomic exchange here): the next build's start
            assert recover(target), what
        now = tree(target)
        killed += code != 0
        if now != before:  # finished, or killed after the swap: the new output; start again from the old
            new.append(now)
            put_back(target, before)
    assert killed >= 5, killed
    return new


def test_a_killed_build_leaves_the_previous_site_whole(built):
    site = built / "site"
    assert "index.html" in tree(site)
    before = tree(site)
    # the next build would change the site: a new licence for the article
    (built / "src" / "catalog.yml").write_text(catalog(source="    licence: CC BY 4.0\n"), encoding="utf-8")
    cmd = build_cmd(built / "src", site, built / "cache")
    new = kill_repeatedly(cmd, site, built, ".site.tmp-*", random.Random(19))
    # the next build clears what the killed ones left and puts the new site in place
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not list(built.glob(".site.*-*"))
    after = tree(site)
    assert after != before and "index.html" in after
    assert all(seen == after for seen in new)


def test_a_killed_conversion_leaves_the_previous_pages_whole(tmp_path):
    make_folder(tmp_path / "src", {})
    docs = tmp_path / "docs"
    assert convert(tmp_path / "src", docs).returncode == 0
    before = tree(docs)
    assert any(p.endswith(f"{SLUG}.md") for p in before)
    (tmp_path / "src" / "catalog.yml").write_text(catalog(source="    licence: CC BY 4.0\n"), encoding="utf-8")
    cmd = [sys.executable, "-m", "convert", "convert", "--sources", str(tmp_path / "src"), "--docs-dir", str(docs),
           "--no-cache"]
    new = kill_repeatedly(cmd, docs, tmp_path, ".docs.tmp-*", random.Random(7))
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not list(tmp_path.glob(".docs.*-*"))
    after = tree(docs)
    assert all(seen == after for seen in new)
    assert after != before and "CC BY 4.0" in "".join(d.decode() for p, d in after.items() if p.endswith(f"{SLUG}.md"))


def test_a_killed_bundle_build_leaves_the_previous_zip_whole(tmp_path):
    make_folder(tmp_path / "src", {})
    docs, bundle = tmp_path / "docs", tmp_path / "dist" / "bundle.zip"
    offline = [sys.executable, "hooks/offline.py", "--docs-dir", str(docs), "--site-dir", str(tmp_path / "offline"),
               "--zip", str(bundle)]
    assert convert(tmp_path / "src", docs).returncode == 0
    proc = subprocess.run(offline, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    before = bundle.read_bytes()
    (tmp_path / "src" / "catalog.yml").write_text(catalog(source="    licence: CC BY 4.0\n"), encoding="utf-8")
    assert convert(tmp_path / "src", docs).returncode == 0

    def zipped() -> int:  # bytes of the new zip written so far (the offline site is built first)
        size = 0
        for part in bundle.parent.glob(".bundle.zip.part-*"):
            with contextlib.suppress(FileNotFoundError):  # renamed into place meanwhile
                size += part.stat().st_size
        return size
    rng = random.Random(23)
    killed = mid_zip = 0
    new = []
    # during the offline site's build, then while the new zip is written: at its first bytes, at 10, 40, 80 %
    for reached, delay in [(None, rng.uniform(0.5, 3.0)), (1, 0.0)] + [(int(len(before) * f), 0.0) for f in (0.1, 0.4, 0.8)]:
        code = run_and_kill(offline, zipped, reached, delay)
        killed += code != 0
        mid_zip += code != 0 and zipped() > 0  # killed while the new zip was half-written (the next build removes it)
        if bundle.read_bytes() != before:  # finished, or killed just after the rename: the new zip, whole
            new.append(bundle.read_bytes())
            bundle.write_bytes(before)
    assert killed >= 3 and mid_zip >= 2, (killed, mid_zip)
    proc = subprocess.run(offline, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert bundle.read_bytes() != before
    assert all(seen == bundle.read_bytes() for seen in new)
    assert [p.name for p in bundle.parent.iterdir()] == ["bundle.zip"]


def test_a_failed_site_build_keeps_the_previous_site(built, monkeypatch, capsys):
    import convert.__main__ as cli
    from mkdocs.exceptions import Abort

    site = built / "site"
    before = tree(site)

    def failing(docs_dir, site_dir):
        (site_dir / "index.html").write_text("half", encoding="utf-8")
        raise Abort("a page failed")

    monkeypatch.setattr(cli, "build_site", failing)
    monkeypatch.setattr(cli, "_in_child", cli.convert_folder)
    rc = cli.main(["build", "--sources", str(built / "src"), "--site-dir", str(site), "--no-cache"])
    assert rc == 2
    assert "the previous site" in capsys.readouterr().err
    assert tree(site) == before
    assert not list(built.glob(".site.tmp-*"))


def test_an_interrupted_swap_is_undone(tmp_path):
    from convert.output import recover, staged_folder, swap_in

    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("old")
    # killed between the two renames of the fallback swap: site/ moved aside, the new one not yet in place
    os.rename(site, tmp_path / ".site.old-123")
    (tmp_path / ".site.tmp-124").mkdir()
    done = recover(site)
    assert (site / "a.html").read_text() == "old" and len(done) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    new = staged_folder(site)
    (new / "b.html").write_text("new")
    swap_in(new, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["b.html"]


def test_a_second_build_on_the_same_output_waits_for_the_first(built):
    from convert.output import build_lock

    site = built / "site"
    with build_lock([site]):
        proc = subprocess.Popen(build_cmd(built / "src", site, built / "cache"), cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()
        assert "another build is writing" in line and str(site.resolve()) in line, line
        assert proc.poll() is None  # still waiting while the lock is held
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err


READ_ALIKE = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "# only comments\n",
    "",
    "\ufeffkey: value with ж and 🙂\n",
    "a: 1\na: 2\nb:\n  - c: 3\n    c: 4\n",
    "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",
    "a: &a [1, 2]\nb: *a\nc: *a\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "a: 1\n\tb: 2\n",
    "a: [1, 2\n",
    "a: 1\n---\nb: 2\n",
    "a: *missing\n",
    "? [complex, key]\n: value\n",
    "when: 2024-01-02\nyes: no\nn: 0x1F\nf: 1.5e3\nnull_: ~\n",
    BOMB,
    "- " + "\n- ".join(str(i) for i in range(60)) + "\n",
]


@pytest.mark.parametrize("text", READ_ALIKE)
def test_libyaml_and_pythons_composer_read_an_editors_file_alike(tmp_path, monkeypatch, text):
    """The editors' files are composed by libyaml (fast) where PyYAML has it: the same values, lines and
    problems as PyYAML's own composer, the same refusal (message, line, code) of a file that cannot be read."""
    from convert.editor_files import EditorFileError, loader

    monkeypatch.setattr(loader, "MAX_NODES", 50)  # the last text has more values than this
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")

    def outcome():
        try:
            return loader.read_yaml(path)
        except EditorFileError as err:
            return ("refused", err.message, err.line, err.code)

    assert loader._CLoader is not None  # libyaml is there: the fast path is the one tested
    fast = outcome()
    monkeypatch.setattr(loader, "_CLoader", None)
    assert fast == outcome()
