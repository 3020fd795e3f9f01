"""Front matter as journals other than the seeds print it: the rules that do not depend on one layout.

The texts are written here in the shape PDF text extraction gives (a classification line, the title in
capitals, affiliation marks on lines of their own, an abstract without a label, keywords), so that each
rule is tested alone; the realworld files test them together (tests/test_realworld.py)."""
from __future__ import annotations

from pathlib import Path

from convert.model import Report
from convert.pipeline import convert_source

BODY = ("Introduction. The study of fulvic acids has a long history in the chemistry of coal, and the methods "
        "of their purification differ in cost and yield. " * 6).strip()

ARTICLE_EN = """IRSTI 31.23.99
STUDY OF THE PROPERTIES OF FULVIC
ACID SOLUTIONS
1,2

M.K. Kazankapova , 1B.T. Yermagambet , 1,2A.B. Malgazhdarova
1
Zh.M. Kassenova ,2Zh.E. Jakupova
1

«Institute of Coal Chemistry and Technology» LLP, Astana, Kazakhstan,
2
L.N. Gumilyov Eurasian National University, Astana, Kazakhstan,
Correspondent-author: malgazhdarova.ab@mail.ru

The article examines the extraction and purification of fulvic acids derived from
oxidized brown coal. The purification includes adsorption, ion exchange and dialysis.
The reliability of the results is confirmed by repeated experiments.
Keywords: coal, fulvic acid, membrane purification, dialysis
"""

ARTICLE_RU = """ИЗУЧЕНИЕ СВОЙСТВ РАСТВОРОВ ФУЛЬВОВОЙ
КИСЛОТЫ
М.К. Казанкапова, 1Б.Т. Ермағамбет, 1,2А.Б. Малгаждарова,
1
Ж.М. Касенова, Ж.Е. Джакупова2
1
ТОО «Институт химии угля и технологии», Астана, Казахстан,
2
Евразийский национальный университет им. Л.Н. Гумилева, Астана, Казахстан,
е-mail: malgazhdarova.ab@mail.ru

В статье рассмотрены извлечение и очистка фульвовой кислоты из окисленных бурых углей.
Проведены стадии очистки: адсорбция, ионная очистка и диализ.
Ключевые слова: уголь, фульвокислота, мембранная очистка, диализ
"""


def convert_text(tmp_path: Path, text: str):
    path = tmp_path / "issue.txt"
    path.write_text(text, encoding="utf-8")
    report = Report()
    return convert_source(path, {}, report), report


def test_an_abstract_without_a_label_and_marks_on_lines_of_their_own(tmp_path):
    doc, _ = convert_text(tmp_path, ARTICLE_EN + ARTICLE_RU + BODY + "\n")
    (art,) = doc.articles
    assert art.kind == "article" and art.ids == {"IRSTI": "31.23.99"}
    assert art.printed_titles == {"en": "STUDY OF THE PROPERTIES OF FULVIC ACID SOLUTIONS",
                                  "ru": "ИЗУЧЕНИЕ СВОЙСТВ РАСТВОРОВ ФУЛЬВОВОЙ КИСЛОТЫ"}
    assert art.titles == {"en": "Study of the properties of fulvic acid solutions",
                          "ru": "Изучение свойств растворов фульвовой кислоты"}
    assert art.abstracts["en"].startswith("The article examines the extraction")
    assert art.abstracts["ru"].endswith("адсорбция, ионная очистка и диализ.")
    assert art.keywords["en"] == ["coal", "fulvic acid", "membrane purification", "dialysis"]
    assert [a.names["en"] for a in art.authors] == ["M.K. Kazankapova", "B.T. Yermagambet", "A.B. Malgazhdarova",
                                                    "Zh.M. Kassenova", "Zh.E. Jakupova"]
    assert art.authors[2].marks == ["1", "2"]  # "1,2A.B. Malgazhdarova": the marks of one name


def test_two_articles_each_opened_by_its_classification_line(tmp_path):
    second = ARTICLE_EN.replace("IRSTI 31.23.99", "МРНТИ 61.01.94").replace("FULVIC", "HUMIC")
    doc, _ = convert_text(tmp_path, ARTICLE_EN + BODY + "\n\nInformation about the authors\n"
                          "Kazankapova M.K. - candidate of chemical sciences, Astana, Kazakhstan, e-mail: a@b.kz\n\n"
                          + second + BODY + "\n")
    assert [a.ids for a in doc.articles] == [{"IRSTI": "31.23.99"}, {"МРНТИ": "61.01.94"}]
    assert doc.articles[1].printed_titles["en"] == "STUDY OF THE PROPERTIES OF HUMIC ACID SOLUTIONS"


def test_an_abstract_may_hold_a_conclusion_paragraph(tmp_path):
    text = ("SOCIAL GUARANTEES OF WORKERS IN HAZARDOUS INDUSTRIES\nA.R. Ensebayeva, 1A.M. Kurmanov\n"
            "Republican Research Institute for Labor Protection, Astana, Kazakhstan\n"
            "Abstract. The article analyses the social guarantees of workers in hazardous industries.\n"
            "Conclusion. A differentiated approach to the guarantees is recommended.\n"
            "Keywords social guarantees, working conditions, compensation.\n" + BODY + "\n")
    doc, _ = convert_text(tmp_path, text)
    (art,) = doc.articles
    assert art.abstracts["en"].endswith("A differentiated approach to the guarantees is recommended.")
    assert art.keywords["en"] == ["social guarantees", "working conditions", "compensation"]
