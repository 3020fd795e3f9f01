"""Indexing and deposit exports (issue 18): JATS Journal Publishing 1.3 per article, Crossref 5.3.1 per
issue, the OAI-PMH Static Repository and its request handler — validated against the official schemas
in ../shared/schemas/ (each built once per session), compared field by field with articles.json, read back
by an independent reader (lxml XPath; Sickle harvests the OAI-PMH handler over HTTP)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import threading
from pathlib import Path

import pytest
import yaml
from lxml import etree

from convert.__main__ import convert_folder

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT.parent / "shared" / "schemas"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CR = {"c": "http://www.crossref.org/schema/5.3.1", "jats": "http://www.ncbi.nlm.nih.gov/JATS1"}
OAI = {"sr": "http://www.openarchives.org/OAI/2.0/static-repository", "oai": "http://www.openarchives.org/OAI/2.0/",
       "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/", "dc": "http://purl.org/dc/elements/1.1/"}
# deployment settings a test supplies (the repository's catalog has none: nobody has told it the site's address)
SETTINGS = {"base_url": "https://journals.example.org/edition/", "updated": "2026-12-07",
            "depositor": {"name": "Test Editor", "email": "editor@example.org"}, "registrant": "Test Registrant"}


@pytest.fixture(scope="session")
def schemas():
    files = {"jats": "jats/JATS-journalpublishing1-3-mathml3.xsd", "crossref": "crossref/crossref5.3.1.xsd",
             "static": "oai/static-repository-oai_dc.xsd", "pmh": "oai/OAI-PMH-oai_dc.xsd"}
    return {k: etree.XMLSchema(etree.parse(str(SCHEMAS / f))) for k, f in files.items()}


def kind_of(path: Path) -> str:
    return "jats" if path.name.endswith(".jats.xml") else "crossref" if path.name.endswith(".crossref.xml") \
        else "static"


def assert_valid(schemas, path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    schema = schemas[kind_of(path)]
    assert schema.validate(tree), f"{path.name}: {[str(e) for e in schema.error_log][:5]}"
    return tree


class Built:
    def __init__(self, docs: Path, report):
        self.docs, self.report = docs, report
        self.articles = json.loads((docs / "articles.json").read_text(encoding="utf-8"))
        self.xml = sorted(docs.rglob("*.xml"))

    def codes(self) -> list[str]:
        return [e["code"] for e in self.report.entries]


def build(sources: Path, docs: Path, settings: dict | None = SETTINGS) -> Built:
    if settings is not None:
        catalog = yaml.safe_load((sources / "catalog.yml").read_text(encoding="utf-8")) or {}
        catalog["edition"] = settings
        (sources / "catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
    report, _ = convert_folder(sources, docs)
    return Built(docs, report)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Built:
    tmp = tmp_path_factory.mktemp("corpus-indexed")
    shutil.copytree(ROOT / "sources", tmp / "sources")
    return build(tmp / "sources", tmp / "docs")


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> Built:
    """bench/generate.py's edition of 100 articles, its journal given an ISSN and most articles a DOI (the
    second of each issue has none: the missing-DOI variant)."""
    spec = importlib.util.spec_from_file_location("bench_generate_idx", ROOT / "bench" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    tmp = tmp_path_factory.mktemp("synthetic-indexed")
    gen.generate(100, 3, tmp / "sources")
    catalog = yaml.safe_load((tmp / "sources" / "catalog.yml").read_text(encoding="utf-8"))
    for journal in catalog["journals"].values():
        journal["issn"] = "0000-0000"
    for n, (name, entry) in enumerate(sorted(catalog["sources"].items())):
        entry["articles"] = [{"match": {"ordinal": k}, "doi": f"10.99999/synthetic.{n}.{k}"}
                             for k in range(1, 13) if k != 2]
    (tmp / "sources" / "catalog.yml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    return build(tmp / "sources", tmp / "docs")


# -- every file validates ----------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_every_export_validates_against_the_official_schemas(which, request, schemas):
    built = request.getfixturevalue(which)
    kinds = [kind_of(p) for p in built.xml]
    with_issn = [r for r in built.articles if r["issue"].get("issn")]
    assert kinds.count("jats") == len(with_issn) > 0
    assert kinds.count("static") == 1 and kinds.count("crossref") >= 1
    for path in built.xml:
        assert_valid(schemas, path)


def test_corpus_jats_only_where_the_journal_has_an_issn(corpus):
    """sources/catalog.yml gives an ISSN to vestnik-enu-polsci only: its article has JATS; each other
    source is named in the report (Journal Publishing requires an ISSN, none is invented)."""
    jats = [p.relative_to(corpus.docs).as_posix() for p in corpus.xml if p.name.endswith(".jats.xml")]
    assert jats == ["vestnik-enu-polsci/2025-4/p59.jats.xml"]
    noted = {e["source"] for e in corpus.report.entries if e["code"] == "jats.no_issn"}
    assert noted == {r["source"] for r in corpus.articles} - {"vestnik-enu-polsci-2025-no4-153-article-mediation.md"}


def test_synthetic_counts(synthetic):
    static = etree.parse(str(synthetic.docs / "oai-static-repository.xml"))
    assert len(static.findall(".//oai:record", OAI)) == 100
    deposits = [etree.parse(str(p)) for p in synthetic.xml if p.name.endswith(".crossref.xml")]
    assert len(deposits) == 9  # 8 issues of 12, one of 4
    dois = [d.findtext(".//c:journal_article/c:doi_data/c:doi", namespaces=CR) for d in deposits]
    assert all(dois)
    assert sum(len(d.findall(".//c:journal_article", CR)) for d in deposits) == 100 - 9  # no DOI: left out
    assert synthetic.codes().count("crossref.not_depositable") == 9


# -- agreement with articles.json, field by field --------------------------------------------------
def jats_titles(tree) -> dict:
    out = {t.get(XML_LANG): t.xpath("string()") for t in tree.findall(".//title-group/article-title")}
    for group in tree.findall(".//title-group/trans-title-group"):
        out[group.get(XML_LANG)] = group.findtext("trans-title")
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_jats_agrees_with_articles_json(which, request):
    built = request.getfixturevalue(which)
    for rec in (r for r in built.articles if r.get("jats")):
        tree = etree.parse(str(built.docs / rec["jats"]))
        meta = tree.find(".//article-meta")
        assert jats_titles(tree) == {lg: norm(t) for lg, t in rec["titles"].items()}
        assert meta.findtext("article-id[@pub-id-type='doi']") == rec["doi"]
        if rec.get("pages"):
            assert (meta.findtext("fpage"), meta.findtext("lpage")) == (str(rec["pages"]["first"]),
                                                                       str(rec["pages"]["last"]))
        kws = {g.get(XML_LANG): [k.text for k in g.findall("kwd")] for g in meta.findall("kwd-group")}
        assert kws == {lg: [norm(k) for k in v] for lg, v in rec["keywords"].items() if v}
        abstracts = {a.get(XML_LANG): norm(" ".join(p.xpath("string()") for p in a.findall("p")))
                     for a in meta.findall("abstract") + meta.findall("trans-abstract")}
        assert abstracts == {lg: norm(t) for lg, t in rec["abstracts"].items() if t.strip()}
        contribs = meta.findall("contrib-group/contrib")
        assert len(contribs) == len(rec["authors"])
        for contrib, author in zip(contribs, rec["authors"]):
            names = {n.get(XML_LANG): norm(" ".join(n.itertext())) for n in contrib.xpath(".//name | .//string-name")}
            assert set(names) == set(author["name"])
            for lang, printed in author["name"].items():  # every word of the printed name is in the JATS name
                assert set(printed.replace(".", ". ").split()) <= set(names[lang].replace(".", ". ").split()), printed
            assert contrib.findtext("email") == author.get("email")
        assert meta.findtext("volume") == (str(rec["issue"]["volume"]) if "volume" in rec["issue"] else None)
        assert meta.findtext("issue") == (str(rec["issue"]["number"]) if "number" in rec["issue"] else None)


@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_crossref_agrees_with_articles_json(which, request):
    built = request.getfixturevalue(which)
    by_doi = {r["doi"]: r for r in built.articles if r["doi"]}
    seen = set()
    for path in (p for p in built.xml if p.name.endswith(".crossref.xml")):
        tree = etree.parse(str(path))
        for art in tree.findall(".//c:journal_article", CR):
            doi = art.findtext("c:doi_data/c:doi", namespaces=CR)
            rec = by_doi[doi]
            seen.add(doi)
            assert art.findtext("c:doi_data/c:resource", namespaces=CR) == SETTINGS["base_url"] + rec["url"]
            titles = {norm(t) for t in rec["titles"].values()}
            assert norm(art.findtext("c:titles/c:title", namespaces=CR)) in titles
            original = art.find("c:titles/c:original_language_title", CR)
            if original is not None:
                assert norm(original.text) == norm(rec["titles"][original.get("language")])
            assert len(art.findall("c:contributors/*", CR)) == len(rec["authors"])
            if rec.get("pages"):
                assert art.findtext("c:pages/c:first_page", namespaces=CR) == str(rec["pages"]["first"])
            langs = [a.get(XML_LANG) for a in art.findall("jats:abstract", CR)]
            assert sorted(langs) == sorted(lg for lg, t in rec["abstracts"].items() if t.strip())
            assert art.findtext("c:publication_date/c:year", namespaces=CR) == str(rec["issue"]["year"])
    assert seen == {d for d, r in by_doi.items() if r["issue"].get("year")}


@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_oai_records_agree_with_articles_json(which, request):
    built = request.getfixturevalue(which)
    tree = etree.parse(str(built.docs / "oai-static-repository.xml"))
    records = tree.findall(".//oai:record", OAI)
    assert len(records) == len(built.articles)
    for record, rec in zip(records, built.articles):
        dc = record.find(".//oai_dc:dc", OAI)
        titles = {t.get(XML_LANG): t.text for t in dc.findall("dc:title", OAI)}
        assert titles == {lg: norm(t) for lg, t in rec["titles"].items()}
        assert len(dc.findall("dc:creator", OAI)) == len(rec["authors"])
        subjects = sorted((s.get(XML_LANG), s.text) for s in dc.findall("dc:subject", OAI))
        assert subjects == sorted((lg, norm(k)) for lg, kws in rec["keywords"].items() for k in kws)
        ids = [i.text for i in dc.findall("dc:identifier", OAI)]
        assert SETTINGS["base_url"] + rec["url"] in ids
        assert [i for i in ids if "doi.org" in i] == (["https://doi.org/" + rec["doi"]] if rec["doi"] else [])
        assert record.findtext("oai:header/oai:identifier", namespaces=OAI).endswith(rec["url"][:-5])


# -- the page and its JATS -----------------------------------------------------------------------------
def test_jats_holds_every_paragraph_of_its_page(edition, schemas):
    """The real build of the repository's edition: each paragraph of the page (its ¶ id) is in the JATS file
    under the same id, with the same text; the page links the file."""
    recs = [r for r in edition.articles if r.get("jats")]
    assert recs
    for rec in recs:
        page = edition.page(rec["url"])
        tree = assert_valid(schemas, edition.site / rec["jats"])
        jats = {p.get("id"): norm(p.xpath("string()")) for p in tree.iter("p") if p.get("id")}
        paras = page.xpath('//p[starts-with(@id, "para-")]')
        assert len(paras) == len(jats) > 5
        for p in paras:
            for a in p.xpath('.//a[@class="para-link"]'):
                a.getparent().remove(a)
            assert jats[p.get("id")] == norm(p.text_content()), p.get("id")
        link = page.xpath('//div[@class="cite-box"]//a[@class="jats-download"]/@href')
        assert link == [rec["jats"].rsplit("/", 1)[-1]]
    for rec in (r for r in edition.articles if not r.get("jats")):
        assert not edition.page(rec["url"]).xpath('//a[@class="jats-download"]')


def test_jats_citations_point_into_the_reference_list(corpus):
    tree = etree.parse(str(corpus.docs / "vestnik-enu-polsci/2025-4/p59.jats.xml"))
    refs = {r.get("id") for r in tree.iter("ref")}
    xrefs = tree.xpath("//body//xref[@ref-type='bibr']")
    assert refs and xrefs
    assert all(set(x.get("rid").split()) <= refs for x in xrefs)
    assert all(r.find(".//element-citation") is not None or r.find(".//mixed-citation") is not None
               for r in tree.iter("ref"))


def test_exports_are_rebuilt_byte_for_byte(corpus, tmp_path):
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    again = build(tmp_path / "sources", tmp_path / "docs")
    assert [p.relative_to(again.docs) for p in again.xml] == [p.relative_to(corpus.docs) for p in corpus.xml]
    for a, b in zip(corpus.xml, again.xml):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_without_settings_the_deposit_and_oai_file_are_skipped_with_a_report_line(edition):
    """The repository's catalog names no site address: no Crossref or OAI file, a note for each."""
    entries = {e["code"]: e for e in edition.report["entries"]}
    assert "base_url" in entries["crossref.settings_missing"]["missing"]
    assert "base_url" in entries["oai.settings_missing"]["missing"]
    assert not list(edition.docs.rglob("*.crossref.xml")) and not (edition.docs / "oai-static-repository.xml").exists()


@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_no_export_has_an_empty_element(which, request):
    """Missing data leaves an element out: none is written empty (pub-date-not-available and a cell's
    line break are empty by definition)."""
    built = request.getfixturevalue(which)
    for path in built.xml:
        empty = [el.tag for el in etree.parse(str(path)).iter()
                 if isinstance(el.tag, str) and not len(el) and not (el.text or "").strip() and not el.attrib
                 and etree.QName(el).localname not in ("pub-date-not-available", "break")]
        assert empty == [], path.name
