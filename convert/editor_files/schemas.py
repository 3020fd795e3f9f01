"""JSON Schemas of the editors' files: `catalog.yml`, `topics.yml`, `article-ids.yml`, the names of the
correction files (`sources/corrections/`) and the entries of the editor's BibTeX (`bibliography/`).

Every field has a `description` (what it is, which the README's editor section lists, tested by
tests/test_editor_files.py) and, where a wrong value needs one, an `x-fix` (what to do). The loader
(convert/editor_files/loader.py) validates with jsonschema and drops only the bad value.
"""
from __future__ import annotations

ARTICLE_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # an article id: its page URL's last part

LANG_TEXT = {"type": "object", "additionalProperties": False,
             "description": "texts by language", "x-fix": "give texts by language code: kk, ru, en",
             "properties": {lang: {"type": "string", "description": f"the {lang} text"} for lang in ("kk", "ru", "en")}}

TEXT_LINES = {"type": "array", "items": {"type": "string", "description": "a line's text as printed"},
              "x-fix": "give a list of the lines' texts, one `- \"text\"` per line"}

AUTHOR = {
    "anyOf": [
        {"type": "string", "description": "the author's name as printed"},
        {"type": "object", "additionalProperties": False,
         "properties": {
             "names": {**LANG_TEXT, "description": "the author's name by language (kk, ru, en)"},
             "name": {"type": "string", "description": "the author's name in the article's language"},
             "affiliation": {**LANG_TEXT, "description": "the affiliation by language (kk, ru, en)"},
             "email": {"type": "string", "description": "the author's e-mail"},
             "orcid": {"type": "string", "pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
                       "description": "the ORCID iD, 0000-0000-0000-0000",
                       "x-fix": "write the ORCID iD as 0000-0000-0000-0000"},
         }},
    ],
    "x-expected": "a name, or a mapping of the author's names, affiliation, email and orcid",
    "x-fix": "give an author as a name, or as {names: {kk: …, ru: …, en: …}, affiliation: …, email: …, orcid: …}",
}

RUBRIC = {
    "anyOf": [{"type": "string", "minLength": 1, "description": "the section's heading as printed"},
              {**LANG_TEXT, "minProperties": 1}],
    "description": "the issue's section (rubric) the article stands under, as printed: a text, or texts by "
                   "language (kk, ru, en)",
    "x-expected": "the section's heading, or a mapping of its headings by language",
    "x-fix": "write the section's heading, e.g. \"ЭКОНОМИКА\", or {kk: …, ru: …, en: …}",
}

OVERRIDE = {
    "type": "object", "additionalProperties": False, "required": ["match"],
    "x-fix": "an override is `- match: {ordinal: N}` followed by the fields it corrects",
    "properties": {
        "match": {"type": "object", "additionalProperties": False, "minProperties": 1,
                  "description": "which article: {ordinal: N}, {title: \"part of a title\"} or {text: \"words of its abstract\"}",
                  "x-fix": "match an article by {ordinal: N}, {title: \"part of a title\"} or {text: \"words of its abstract\"}",
                  "properties": {
                      "ordinal": {"type": "integer", "minimum": 1, "description": "the article's position in the source, from 1",
                                  "x-fix": "write the position as a whole number, e.g. 3"},
                      "title": {"type": "string", "description": "part of one of its titles"},
                      "text": {"type": "string", "description": "words from its abstract or first paragraphs"},
                  }},
        "titles": {**LANG_TEXT, "description": "the article's titles by language (kk, ru, en)"},
        "doi": {"type": "string", "pattern": r"^10\.\S+/\S+$", "description": "the article's DOI, 10.xxxx/yyyy",
                "x-fix": "write the DOI without https://doi.org/, e.g. 10.32523/2616-6887-2025-153-4-59-69"},
        "pages": {"type": ["string", "integer"], "pattern": r"^\s*\d+\s*(-\s*\d+\s*)?$",
                  "description": "first and last page, \"59-69\" (or one page)",
                  "x-fix": "write the pages as \"59-69\""},
        "id": {"type": "string", "pattern": ARTICLE_ID, "description": "the article's URL slug",
               "x-fix": "use letters, digits and hyphens only, e.g. p193"},
        "authors": {"type": "array", "items": AUTHOR, "description": "the article's authors, in order",
                    "x-fix": "give the authors as a list, one `- …` per author"},
        "licence": {"type": "string", "description": "the article's licence, e.g. CC BY-NC 4.0"},
        "kind": {"enum": ["article", "fragment"], "description": "article or fragment",
                 "x-fix": "write article or fragment"},
        "rubric": RUBRIC,
    },
}

SOURCE = {
    "type": ["object", "null"], "additionalProperties": False,
    "x-fix": "a source's entry is a mapping of its fields (journal, number, volume, year, …)",
    "properties": {
        "journal": {"type": "string", "description": "an id under `journals:`",
                    "x-fix": "name one journal by its id under `journals:`"},
        "number": {"type": ["integer", "string"], "minLength": 1, "description": "the issue's number, e.g. 1",
                   "x-fix": "write the number as a number, e.g. 1"},
        "volume": {"type": ["integer", "string"], "minLength": 1, "description": "the volume, e.g. 91",
                   "x-fix": "write the volume as a number, e.g. 91"},
        "year": {"type": "integer", "minimum": 1800, "maximum": 2999, "description": "the year, e.g. 2026",
                 "x-fix": "write the year in digits, e.g. 2026"},
        "licence": {"type": "string", "description": "the licence of the source's articles, e.g. CC BY-NC 4.0"},
        "doi": {"type": "string", "pattern": r"^10\.\S+/\S+$", "description": "the DOI of a one-article source",
                "x-fix": "write the DOI without https://doi.org/, e.g. 10.xxxx/yyyy"},
        "issue_id": {"type": ["string", "integer"], "description": "the issue's URL part (default: year-number)"},
        "articles": {"type": "array", "items": OVERRIDE, "description": "per-article overrides (see below)",
                     "x-fix": "give the overrides as a list: `- match: {…}` per article"},
        "rubric": {**RUBRIC, "description": "the section (rubric) of every article of the source (a file that "
                                            "holds one section of an issue), unless an article's own says otherwise"},
        "furniture": {**TEXT_LINES, "description": "lines that are page furniture, by their text: removed"},
        "not_furniture": {**TEXT_LINES, "description": "lines removed by the rules that are text: kept"},
    },
}

JOURNAL = {
    "type": "object", "additionalProperties": False,
    "x-fix": "a journal is {name: {kk: …, ru: …, en: …}, issn: …}",
    "properties": {
        "name": {**LANG_TEXT, "description": "the journal's name by language (kk, ru, en)"},
        "issn": {"type": "string", "pattern": r"^\d{4}-\d{3}[\dXx]$", "description": "the ISSN, 0000-0000",
                 "x-fix": "write the ISSN as 0000-0000 (quoted)"},
    },
}

EDITION = {
    "type": ["object", "null"], "additionalProperties": False,
    "x-fix": "`edition:` is a mapping: base_url, updated, name, admin_email, depositor, registrant",
    "properties": {
        "base_url": {"type": "string", "pattern": r"^https?://[^\s/]+(/\S*)?$",
                     "description": "the site's public address, e.g. https://journals.example.kz/ (else mkdocs.yml `site_url`)",
                     "x-fix": "write the address with https://, e.g. https://journals.example.kz/"},
        "updated": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                    "description": "the date of this release, \"2026-12-07\" (quoted): OAI-PMH datestamps, Crossref timestamp",
                    "x-fix": "write the date quoted, as \"2026-12-07\""},
        "name": {"type": "string", "minLength": 1, "description": "the repository's name for OAI-PMH harvesters"},
        "admin_email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+$",
                        "description": "the OAI-PMH administrator's e-mail (default: the depositor's)",
                        "x-fix": "write one e-mail address"},
        "oai_base_url": {"type": "string", "pattern": r"^https?://\S+$",
                         "description": "the OAI-PMH address harvesters use (default: base_url + oai)",
                         "x-fix": "write the address with https://"},
        "depositor": {"type": "object", "additionalProperties": False,
                      "description": "who deposits the Crossref XML: {name: …, email: …}",
                      "x-fix": "give the depositor as {name: …, email: …}",
                      "properties": {
                          "name": {"type": "string", "minLength": 1, "maxLength": 130,
                                   "description": "the depositor's name (Crossref `depositor_name`)"},
                          "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+$", "minLength": 6,
                                    "description": "the depositor's e-mail (Crossref sends its reports there)",
                                    "x-fix": "write one e-mail address"}}},
        "registrant": {"type": "string", "minLength": 1, "maxLength": 255,
                       "description": "the organisation that owns the DOIs (Crossref `registrant`)"},
    },
}

CATALOG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "catalog.yml", "type": "object", "additionalProperties": False,
    "x-fix": "catalog.yml holds the mappings `journals:`, `sources:` and `edition:`",
    "properties": {
        "journals": {"type": ["object", "null"], "additionalProperties": JOURNAL,
                     "description": "journal id → its names and ISSN",
                     "x-fix": "give journals as a mapping, `<id>: {name: …, issn: …}`"},
        "edition": {**EDITION, "description": "the edition's address and the Crossref/OAI-PMH settings (see below)"},
        "sources": {"type": ["object", "null"], "additionalProperties": SOURCE,
                    "description": "source file name → its fields",
                    "x-fix": "give sources as a mapping, `<file name>: {journal: …, number: …, year: …}`"},
    },
}

KEYWORD_GROUPS = {
    "type": ["array", "null"],
    "items": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1, "description": "a keyword as printed"},
              "x-fix": "give each group as a list of two or more keywords, [kw, kw, …]"},
    "x-fix": "give a list of keyword groups, [[kw, kw, …], …]",
}

TOPICS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "topics.yml", "type": "object", "additionalProperties": False,
    "x-fix": "topics.yml holds `merge:` and `split:`",
    "properties": {
        "merge": {**KEYWORD_GROUPS, "description": "groups of keywords (any languages) united into one topic"},
        "split": {**KEYWORD_GROUPS, "description": "groups of keywords kept in topics of their own"},
    },
}

ARTICLE_IDS = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "article-ids.yml", "type": "object", "additionalProperties": False,
    "x-fix": "article-ids.yml holds one list, `articles:`; the converter writes it",
    "properties": {
        "articles": {
            "type": ["array", "null"], "description": "every id handed out",
            "x-fix": "give the ids as a list, one `- id: …` per article",
            "items": {
                "type": "object", "additionalProperties": False, "required": ["id", "issue"],
                "x-fix": "an entry needs `id` and `issue`",
                "properties": {
                    "id": {"type": "string", "pattern": ARTICLE_ID, "description": "the article's id",
                           "x-fix": "use letters, digits and hyphens only"},
                    "issue": {"type": "string", "minLength": 1, "description": "journal/issue of the article"},
                    "source": {"type": "string", "description": "the source file it was read from"},
                    "keys": {"type": "object", "additionalProperties": {"type": "string"},
                             "description": "the first words of its abstracts (its fingerprint)"},
                    "aliases": {"type": "array", "items": {"type": "string"},
                                "description": "its former ids, redirected"},
                },
            },
        },
    },
}

# A correction file's place, as the parts of its path under sources/corrections/ (suffix in lower case).
CORRECTION_FILE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "corrections/<source>/<article id>/<file>", "type": "object", "additionalProperties": False,
    "properties": {
        "source": {"type": "string", "minLength": 1,
                   "description": "the source file's name without its extension (a folder)"},
        "article": {"type": "string", "pattern": ARTICLE_ID,
                    "description": "the article's id, the last part of its page's URL (a folder)",
                    "x-fix": "name the folder after the article's id (letters, digits and hyphens)"},
        "file": {"type": "string",
                 "pattern": r"^(table-[0-9]+\.(csv|md)|figure-[0-9]+\.(png|jpg|jpeg|gif|svg|webp))$",
                 "description": "table-<N>.csv or table-<N>.md (a table's grid), figure-<N>.png, .jpg, .jpeg, .gif, "
                                ".svg or .webp (a figure's image); N the number printed in the caption",
                 "x-fix": "name it table-<N>.csv, table-<N>.md or figure-<N>.png (.jpg …), N the caption's number"},
    },
}

BIBTEX_TYPES = ("article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual",
                "mastersthesis", "phdthesis", "thesis", "proceedings", "collection", "techreport", "report",
                "unpublished", "misc", "online", "dataset", "software", "patent", "periodical")
BIB_TEXT = {"type": "string"}

# The editor's BibTeX, read by bibtexparser into {citation key: {ENTRYTYPE, field: value}}.
BIBTEX = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "bibliography/<article id>.bib", "type": "object",
    "additionalProperties": {
        "type": "object", "description": "an entry, by its citation key",
        "anyOf": [{"required": ["title"]}, {"required": ["note"]}], "x-expected": "an entry with a `title` or a `note`",
        "x-fix": "give the entry a `title` (or a `note` with the whole reference as printed)",
        "additionalProperties": {**BIB_TEXT, "description": "any other BibTeX field"},
        "properties": {
            "ENTRYTYPE": {"enum": list(BIBTEX_TYPES), "description": "the entry's type: @" + ", @".join(BIBTEX_TYPES),
                          "x-fix": "use a BibTeX entry type: @article, @book, @incollection, @inproceedings, "
                                   "@thesis, @report, @online or @misc"},
            "title": {**BIB_TEXT, "minLength": 1, "description": "the cited work's title"},
            "author": {**BIB_TEXT, "description": "its authors, `Family, Given and Family, Given`"},
            "year": {**BIB_TEXT, "pattern": r"^[0-9]{4}[a-z]?$", "description": "its year, four digits",
                     "x-fix": "write the year in digits, e.g. 2019"},
            "refnum": {**BIB_TEXT, "pattern": r"^[1-9][0-9]*$",
                       "description": "its number in the article's reference list (else the file's order)",
                       "x-fix": "write the number the article cites it by, e.g. 12"},
            "pages": {**BIB_TEXT, "pattern": r"^\S+(\s*(-{1,2}|–)\s*\S+)?$", "description": "pages, e.g. 15--23",
                      "x-fix": "write the pages as first--last, e.g. 15--23"},
            "doi": {**BIB_TEXT, "pattern": r"^10\.[0-9]{4,9}/\S+$", "description": "its DOI, 10.xxxx/…",
                    "x-fix": "write the DOI without https://doi.org/, e.g. 10.1234/abc"},
            "url": {**BIB_TEXT, "pattern": r"^https?://\S+$", "description": "its web address, http(s)://…",
                    "x-fix": "write the whole address, starting with https://"},
            "journal": {**BIB_TEXT, "description": "the journal it appeared in"},
            "booktitle": {**BIB_TEXT, "description": "the book or proceedings it appeared in"},
            "volume": {**BIB_TEXT, "description": "volume"},
            "number": {**BIB_TEXT, "description": "issue number"},
            "publisher": {**BIB_TEXT, "description": "publisher"},
            "address": {**BIB_TEXT, "description": "place of publication"},
            "note": {**BIB_TEXT, "description": "the reference as printed (shown as it is)"},
        },
    },
}

SCHEMAS = {"catalog": CATALOG, "topics": TOPICS, "article-ids": ARTICLE_IDS, "corrections": CORRECTION_FILE,
           "bibliography": BIBTEX}
