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


# -- broken and hostile variants, built on the document model -------------------------------------------
def variant_doc(**changes):
    from convert.model import Article, Author, Block, IssueInfo, SourceDoc, TableInfo
    from convert.passes.citations import Citation
    from convert.passes.references import Reference

    para = "Как показано в [1], медиация & <script>alert(1)</script> ]]> работает\x01 (см. Таблица 1)."
    body = [Block("heading", "Введение", level=2), Block("paragraph", para, cites={-1: [
                Citation(para.index("[1]"), para.index("[1]") + 3, "[1]", "numeric", [1], targets=[1])]}),
            Block("list", items=["1. первый [2]", "2. второй"], ordered=True),
            Block("heading", "Методы", level=3), Block("paragraph", "Второй абзац."),
            Block("table", "Таблица 1 – Данные", label="1",
                  grid=TableInfo(header=[["Год", "Доля"]], rows=[["2020", "1,5"], ["2021", "• а\n• б"]],
                                 status="rebuilt")),
            Block("figure", "Рисунок 1 – Схема", label="1"), Block("heading", "Итоги", level=2)]
    art = Article("hostile.txt", ordinal=1, titles={"ru": "Заголовок </article-title><x/> & «кавычки»",
                                                    "en": "Title"},
                  abstracts={"ru": "Аннотация\n\nвторой абзац", "en": "Abstract"},
                  keywords={"ru": ["ключ", "  "], "en": ["key"]}, body_lang="ru", body=body,
                  authors=[Author({"ru": "Иванов И.И.", "en": "Ivanov I.I."}, affiliation={"ru": "КазНУ"},
                                  email="a@b.kz", orcid="0000-0002-1825-0097")],
                  references=[Reference(1, "Петров П. Статья // Журнал. 2020. № 1. С. 1-9.",
                                        fields={"authors": [{"family": "Петров", "given": "П."}], "title": "Статья",
                                                "container": "Журнал", "year": "2020", "pages": "1-9",
                                                "type": "article"},
                                        translit="Petrov P. Stat'ia. Zhurnal, 2020, no. 1, pp. 1-9.")],
                  doi="10.12345/hostile.1", pages=(5, 9), dates={"received": "10.07.2024", "accepted": "31.02.2024"},
                  licence="CC BY-NC 4.0", slug="hostile", url="j/2025-1/hostile.html")
    for key, value in changes.items():
        setattr(art, key, value)
    issue = IssueInfo("j", "2025-1", {"ru": "Вестник", "en": "Bulletin"}, 1, 2, 2025, "2616-6887")
    return SourceDoc("hostile.txt", articles=[art], issue=issue), art


VARIANTS = {"complete": {}, "missing DOI": {"doi": None}, "no authors": {"authors": []},
            "fragment": {"kind": "fragment", "titles": {}, "abstracts": {}, "keywords": {}, "references": [],
                         "pages": None, "dates": {}, "licence": None}}


@pytest.mark.parametrize("variant", VARIANTS)
def test_broken_and_hostile_variants_stay_valid(variant, schemas, tmp_path):
    from convert.render import crossref, oai
    from convert.render.jats import jats_article
    from convert.render.records import article_record

    doc, art = variant_doc(**VARIANTS[variant])
    rec = article_record(doc, art)
    files = {"a.jats.xml": jats_article(doc, art, rec), "oai.xml": oai.static_repository([rec], SETTINGS)}
    if crossref.depositable(rec):
        files["issue.crossref.xml"] = crossref.deposit_xml(rec["issue"], [(art, rec)], SETTINGS)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        tree = assert_valid(schemas, tmp_path / name)
        text = " ".join(tree.getroot().itertext())
        assert "\x01" not in text
        if art.titles:  # the hostile title is text, not markup
            assert "Заголовок </article-title><x/> & «кавычки»" in text
    assert ("issue.crossref.xml" in files) == (variant != "missing DOI")
    jats = etree.fromstring(files["a.jats.xml"])
    assert (jats.find(".//contrib-group") is None) == (variant == "no authors")
    assert (jats.find(".//article-id[@pub-id-type='doi']") is None) == (variant == "missing DOI")
    if variant == "complete":
        assert jats.xpath("//body/sec[1]/p[@id='para-1']/xref[@ref-type='bibr']/@rid") == ["ref-1"]
        assert [s.findtext("title") for s in jats.iter("sec")] == ["Введение", "Методы", "Итоги"]
        assert jats.xpath("//body/sec[1]/sec/title/text()") == ["Методы"]
        assert jats.xpath("//table-wrap/table/tbody/tr[2]/td[2]//text()") == ["• а", "• б"]
        assert jats.xpath("//history/date/@date-type") == ["received"]  # 31.02 is no date: left out
        assert jats.xpath("//license/@xlink:href", namespaces={"xlink": "http://www.w3.org/1999/xlink"}) == \
            ["https://creativecommons.org/licenses/by-nc/4.0/"]
        translit = jats.xpath("//ref/citation-alternatives/mixed-citation[@specific-use='transliteration']/text()")
        assert translit == ["Petrov P. Stat'ia. Zhurnal, 2020, no. 1, pp. 1-9."]


# -- OAI-PMH: the request handler, harvested by an independent client ---------------------------------
@pytest.fixture(scope="module")
def oai_url(synthetic):
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from convert.oai_server import make_app

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = make_server("127.0.0.1", 0, make_app(synthetic.docs / "oai-static-repository.xml", batch_size=7),
                        handler_class=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/oai"
    httpd.shutdown()


def test_sickle_harvests_every_record(oai_url, synthetic):
    from sickle import Sickle

    harvester = Sickle(oai_url, max_retries=0)
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))  # 15 pages of 7: resumption tokens
    assert len(records) == 100
    by_url = {r["url"]: r for r in synthetic.articles}
    for record in records:
        rec = by_url[record.header.identifier.split(":", 2)[2] + ".html"]
        assert sorted(record.metadata["title"]) == sorted(norm(t) for t in rec["titles"].values())
    assert len(list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2026-12-07"}))) == 100
    assert harvester.Identify().repositoryName
    assert [f.metadataPrefix for f in harvester.ListMetadataFormats()] == ["oai_dc"]
    one = records[5].header.identifier
    assert harvester.GetRecord(identifier=one, metadataPrefix="oai_dc").header.identifier == one


def test_handler_answers_the_six_verbs_and_errors_validly(oai_url, schemas):
    import requests

    first = etree.fromstring(requests.get(oai_url, params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
                                          timeout=30).content)
    ident = first.findtext(".//oai:identifier", namespaces=OAI)
    asks = {"Identify": {}, "ListMetadataFormats": {}, "ListSets": {"error": "noSetHierarchy"},
            "ListIdentifiers": {"metadataPrefix": "oai_dc"}, "ListRecords": {"metadataPrefix": "oai_dc"},
            "GetRecord": {"metadataPrefix": "oai_dc", "identifier": ident}}
    bad = [({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:none"}, "idDoesNotExist"),
           ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
           ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2027-01-01"}, "noRecordsMatch"),
           ({"verb": "Harvest"}, "badVerb"), ({"verb": "GetRecord"}, "badArgument")]
    for verb, params in asks.items():
        code = params.pop("error", None)
        bad.append(({"verb": verb, **params}, code))
    for params, code in bad:
        tree = etree.fromstring(requests.get(oai_url, params=params, timeout=30).content)
        assert schemas["pmh"].validate(tree), (params, [str(e) for e in schemas["pmh"].error_log][:3])
        assert tree.xpath("string(//oai:error/@code)", namespaces=OAI) == (code or ""), params
    post = requests.post(oai_url, data={"verb": "Identify"}, timeout=30)
    assert etree.fromstring(post.content).find("oai:Identify", OAI) is not None


@pytest.mark.parametrize("which", ["corpus", "synthetic"])
def test_an_independent_jats_reader_reads_every_file(which, request):
    """PyPI `jats` (a JATS-to-Markdown reader) finds the title, the authors in the article's language,
    the abstract and every paragraph."""
    import jats

    built = request.getfixturevalue(which)
    for rec in (r for r in built.articles if r.get("jats")):
        path = built.docs / rec["jats"]
        article = jats.parse_jats_xml(path)
        tree = etree.parse(str(path))
        lang = tree.find(".//title-group/article-title").get(XML_LANG)
        assert norm(article.title) == norm(rec["titles"][lang])
        assert len(article.authors) == len(rec["authors"])
        for read, author in zip(article.authors, rec["authors"]):
            printed = author["name"].get(lang) or next(iter(author["name"].values()))
            assert read.surname in printed
        abstract_lang = tree.find(".//article-meta/abstract").get(XML_LANG)
        assert norm(article.abstract) == norm(rec["abstracts"][abstract_lang])
        paragraphs = {norm(i.text or "") for s in article.body for i in s.content_items if i.item_type == "paragraph"}
        ours = [norm(p.xpath("string()")) for p in tree.iter("p") if p.get("id")]
        assert ours and all(p in paragraphs for p in ours)
        assert len(jats.convert_to_markdown(article)) > sum(map(len, ours))
