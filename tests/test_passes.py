"""Each pass alone, on a few lines of text shaped like the corpus (but written here)."""
from __future__ import annotations

from convert.passes.assemble import cut_matter, fingerprint_splits, split_back
from convert.passes.frontmatter import parse_affiliations, parse_author_line, split_keywords
from convert.text.labels import is_author_line, run_in_heading, section_heading
from convert.context import Context
from convert.model import Line, Report, SourceDoc
from convert.passes.furniture import (carry_page_starts, dates_of, remove_dates_lines, remove_link_annotations,
                               remove_running_headers)
from convert.passes.paragraphs import join_text, rebuild_blocks
from convert.read.lines import looks_like_markdown, markdown_lines, raw_lines
from convert.passes.segment import find_labels, split_pieces


def doc_of(text: str) -> SourceDoc:
    return SourceDoc(name="t.txt", lines=raw_lines(text))


def live_text(doc: SourceDoc) -> list[str]:
    return [ln.text.strip() for ln in doc.lines if not ln.removed and not ln.blank]


# -- furniture --------------------------------------------------------------------------------
PAGE_BREAK = """Казахстан активно сотрудничает с зарубежными образовательными и культурными
Народная дипломатия в этнополитике
ИЗВЕСТИЯ Университета имени Абылай хана


17

организациями и фондами. Это помогает.
"""


def test_running_header_page_number_and_running_title_removed():
    doc = doc_of(PAGE_BREAK)
    report = Report()
    remove_running_headers(doc, Context(report))
    assert live_text(doc) == ["Казахстан активно сотрудничает с зарубежными образовательными и культурными",
                              "организациями и фондами. Это помогает."]
    reasons = [e["message"] for e in report.entries]
    assert reasons == ["running header (journal name)", "page number", "running title (page header)"]
    assert doc.page_numbers == [(6, 17)]


def test_line_that_continues_a_sentence_is_not_a_running_title():
    text = ("В США этот процесс начался в 2008-\nжылдардан бастап, и мы отстали \n\n"
            "ВЕСТНИК университета, серия «Политика», №2(90), 2025 г. \n\n127 \n\nна шесть лет.\n")
    doc = doc_of(text)
    remove_running_headers(doc, Context(Report()))
    assert "жылдардан бастап, и мы отстали" in live_text(doc)
    assert "127" not in live_text(doc)


def test_header_number_year_parsed_and_table_rows_kept():
    text = "Показатель 2020 2021\nДоля 12% 14%\nДоля 12% 15%\nДоля 13% 16%\nТекст продолжается.\n"
    doc = doc_of(text)
    remove_running_headers(doc, Context(Report()))
    assert len(live_text(doc)) == 5  # repeated table rows are not running headers


def test_dates_line_removed_and_read():
    doc = doc_of("гражданский сектор\n\nПоступила: 10.07.2024; Принята: 25.11.2025; Доступна онлайн: 30.12.2025\n\n"
                 "в достаточной мере.\n")
    remove_dates_lines(doc, Context(Report()))
    assert live_text(doc) == ["гражданский сектор", "в достаточной мере."]
    assert dates_of("Received: 01.02.2024; Accepted: 03.04.2024") == {"received": "01.02.2024",
                                                                     "accepted": "03.04.2024"}


def test_link_annotations_removed_and_page_start_carried():
    doc = doc_of("конец страницы\nmailto:a@b.kz\nhttps://orcid.org/0000-0002-1825-0097\nначало следующей\n")
    remove_link_annotations(doc, Context(Report()))
    carry_page_starts(doc, Context(Report()))
    assert live_text(doc) == ["конец страницы", "начало следующей"]
    assert doc.lines[3].page_start


# -- paragraphs -------------------------------------------------------------------------------
WIDE = "x" * 90


def blocks_of(text: str, width: int = 90):
    return rebuild_blocks(raw_lines(text), width)


def test_compound_hyphen_kept_when_joining():
    assert join_text("АҚШ-та 2008-", "жылдардан бастап") == "АҚШ-та 2008-жылдардан бастап"
    assert join_text("мир –", "это") == "мир – это"


def test_spurious_blank_line_after_first_line_does_not_split():
    text = ("To fully understand the career choice motivations of high school students, it is important to study \n\n"
            "them by combining economic and sociological approaches. Within the framework of economic \n"
            "approaches, rationality is prioritized.\n\nA new paragraph starts here and is short.\n")
    paras = [b.text for b in blocks_of(text, 100) if b.kind == "paragraph"]
    assert len(paras) == 2
    assert "it is important to study them by combining" in paras[0]


def test_list_only_after_a_colon_and_numbered_line_mid_sentence_stays_text():
    text = ("Решены следующие задачи исследования в рамках этой статьи, поставленные во введении:\n\n"
            "– Изучены основные понятия;\n\n– Проведен сравнительный анализ.\n\n"
            "Мотивы были объединены в группы: 1) «интерес», 2) «карьера», 4) «семья» и\n"
            "5) «доступность». Это важно.\n")
    blocks = blocks_of(text)
    lists = [b for b in blocks if b.kind == "list"]
    assert len(lists) == 1 and lists[0].items == ["Изучены основные понятия;", "Проведен сравнительный анализ."]
    assert any("4) «семья» и 5) «доступность»" in b.text for b in blocks if b.kind == "paragraph")


def test_headings_section_names_capitals_and_run_in():
    text = ("ВВЕДЕНИЕ\nТекст введения, достаточно длинный, чтобы быть абзацем, и закончившийся точкой здесь.\n"
            "Результаты. Опрос показал, что большинство респондентов довольны своей работой в школе.\n")
    blocks = blocks_of(text)
    assert [(b.kind, b.text) for b in blocks if b.kind == "heading"] == [("heading", "ВВЕДЕНИЕ"),
                                                                        ("heading", "Результаты")]
    assert section_heading("3. Materials and methods") == "3. Materials and methods"
    assert run_in_heading("Introduction. The problem of the development") == ("Introduction",
                                                                              "The problem of the development")
    assert run_in_heading("Результаты показали, что") is None


def test_figure_and_table_captions_with_notes():
    text = ("Сравнение стран приведено ниже.\nРисунок 2. Схема направлений и институтов народной дипломатии \n"
            "Казахстана и США.\nПримечание: составлено авторами\nДалее текст идет обычным абзацем и заканчивается.\n")
    blocks = blocks_of(text, 70)
    fig = next(b for b in blocks if b.kind == "figure")
    assert fig.label == "2" and fig.text.endswith("Казахстана и США.") and fig.note.startswith("Примечание")


# -- front matter -----------------------------------------------------------------------------
def test_keywords_comma_inside_quotes_does_not_split():
    assert split_keywords("Қытай, «Бір белдеу, бір жол», “Central Asia + China” forum, Оңтүстік.") == [
        "Қытай", "«Бір белдеу, бір жол»", "“Central Asia + China” forum", "Оңтүстік"]
    assert split_keywords("identity; inequality; core-periphery model;") == ["identity", "inequality",
                                                                              "core-periphery model"]


def test_author_lines_and_affiliation_marks():
    assert is_author_line("А.Қ. Құрманғали 1 , Саад Твайсси 2")
    assert is_author_line("*Қамытбекова А.1, Қаратай Н.2")
    assert not is_author_line("Казахстан и США представляют собой два различных подхода.")
    authors = parse_author_line("Ualtayeva A.S.¹, Bidakhmetova Sh.B.²*")
    assert [(a.names["_"], a.marks, a.corresponding) for a in authors] == [
        ("Ualtayeva A.S.", ["1"], False), ("Bidakhmetova Sh.B.", ["2"], True)]
    affs = parse_affiliations(["¹Институт истории,", "Алматы", "2 Университет, Астана"])
    assert affs == {"1": "Институт истории, Алматы", "2": "Университет, Астана"}


def test_labels_quoted_in_author_guidelines_are_not_labels():
    lines = raw_lines("Ключевые слова: власть, общество и т.д. Шрифт: обычный Выравнивание: по ширине.\n"
                      "Ключевые слова: медиация, превентивность.\n")
    assert [lab.kind for lab in find_labels(lines)] == ["K"]


def test_front_matter_after_body_is_a_second_cluster_and_text_before_is_orphan():
    text = ("Орфанный текст без заглавия, который начинается где-то в середине статьи и продолжается.\n\n"
            "ЗАГЛАВИЕ СТАТЬИ\nАннотация. Текст аннотации.\nКлючевые слова: один, два.\n"
            "Введение\nТело статьи продолжается достаточно долго и подробно, чтобы быть телом статьи.\n")
    pieces = split_pieces(doc_of(text), Context(Report())).pieces
    assert [p.orphan for p in pieces] == [True, False]
    assert [ln.text for ln in pieces[1].preamble[0] if ln.text] == ["ЗАГЛАВИЕ СТАТЬИ"]


def test_guidelines_and_back_matter_cut():
    lines = raw_lines("Последний абзац статьи.\nТребования:\nШрифт Times New Roman.\nДЛЯ ЗАМЕТОК\n")
    body, matter = cut_matter(lines)
    assert [ln.text for ln in body] == ["Последний абзац статьи."]
    assert [kind for kind, _ in matter] == ["guidelines", "notes"]
    body, back = split_back(raw_lines("Текст.\nСписок литературы\n1. Иванов И.И. Книга. 2020.\n"))
    assert [kind for kind, _, _ in back] == ["references"]


def test_fragment_boundary_where_lookalike_letters_stop():
    lines = [Line(1, "Это текст с подмененными буквами и он идет долго. " * 3, fixes=12),
             Line(2, "Конец первого фрагмента здесь. " * 3, fixes=9),
             Line(3, "Новый фрагмент начинается с большой буквы и без подмен. " * 3),
             Line(4, "Он продолжается без подмен тоже. " * 3)]
    assert fingerprint_splits(lines) == [2]


# -- readers ----------------------------------------------------------------------------------
def test_markdown_detected_by_content_and_read_as_blocks():
    text = ("ГРНТИ 11.01.67\n\n## Заглавие\n\n**Аннотация:** Текст<sup>1</sup> \\*важно\\*.\n\n"
            "### Введение\n\nАбзац один,\nпродолжение.\n\n1. Пункт\n2. Пункт\n")
    assert looks_like_markdown(text, "source.txt")
    lines = [ln for ln in markdown_lines(text) if not ln.blank]
    assert [(ln.text, ln.heading_level, ln.list_item) for ln in lines] == [
        ("ГРНТИ 11.01.67", None, False), ("Заглавие", 2, False), ("Аннотация: Текст¹ *важно*.", None, False),
        ("Введение", 3, False), ("Абзац один, продолжение.", None, False), ("1. Пункт", None, True),
        ("2. Пункт", None, True)]
    assert not looks_like_markdown("Обычный текст\nиз PDF\n", "source.txt")


# -- findings of the synthetic edition (bench/RESULTS.md): each a rule, tested on a few lines ------
FULL_WIDTH_PAGE_END = """Бұл зерттеуде аймақтық саясаттың әлеуметтік салдары мен тұрғындардың көзқарасы
Халықаралық ынтымақтастық пен мәдени алмасу бағдарламалары жүйелі түрде талданып
ИЗВЕСТИЯ Университета имени Абылай хана


18

отырып, негізгі үрдістер анықталды.
"""


def test_a_full_width_last_line_of_a_page_is_text_not_a_running_title():
    doc = doc_of(FULL_WIDTH_PAGE_END)
    report = Report()
    remove_running_headers(doc, Context(report))
    assert "Халықаралық ынтымақтастық пен мәдени алмасу бағдарламалары жүйелі түрде талданып" in live_text(doc)
    assert [e["message"] for e in report.entries] == ["running header (journal name)", "page number"]


def test_a_running_title_in_its_own_block_is_removed_whatever_its_length():
    doc = doc_of(FULL_WIDTH_PAGE_END.replace("көзқарасы\n", "көзқарасы\n\n"))
    remove_running_headers(doc, Context(Report()))
    assert "Халықаралық ынтымақтастық пен мәдени алмасу бағдарламалары жүйелі түрде талданып" not in live_text(doc)


def test_a_reference_entry_naming_a_journal_is_not_a_running_header():
    entries = ["12. Иванов А.А. Медиация в Казахстане // Вестник КазНУ. Серия политическая. 2019. № 3. С. 45–50.",
               "Smith J. Mediation and trust. Вестник ЕНУ, серия Политология, № 4, 12(4), 45-60.",
               "Вестник ЕНУ, серия Политология, № 4. URL: https://example.org/a (дата обращения: 10.01.2024)."]
    doc = doc_of("\n".join(entries + entries[1:2]) + "\n")  # the second printed twice, as in paired lists
    remove_running_headers(doc, Context(Report()))
    assert live_text(doc) == entries + entries[1:2]
    header = doc_of("ВЕСТНИК КазНПУ им. Абая, серия «Социологические и политические науки», №2(90), 2025 г.\n")
    remove_running_headers(header, Context(Report()))
    assert live_text(header) == []


def test_a_wrapped_line_opening_with_a_section_word_in_lower_case_is_no_heading():
    assert run_in_heading("results. Removing the barriers took three years of negotiation.") is None
    assert run_in_heading("Results. Removing the barriers took three years of negotiation.")[0] == "Results"


def test_keywords_with_formatting_words_keep_their_label():
    lines = raw_lines("Keywords: strategic alignment, mediation, trust, font of law.\n\nINTRODUCTION\n")
    assert [lab.kind for lab in find_labels(lines)] == ["K"]
    quoted = raw_lines("Ключевые слова: власть, общество и т.д. Шрифт: обычный Выравнивание: по ширине.\n")
    assert find_labels(quoted) == []


def test_a_lone_abstract_label_before_a_page_break_finds_its_text():
    lines = raw_lines("Аннотация\n\n\n\n\n\n\n Статья посвящена медиации в Казахстане.\n")
    assert [(lab.kind, lab.index) for lab in find_labels(lines)] == [("A", 0)]


def test_reference_numbers_printed_twice_become_unique():
    from convert.passes.references import ReferenceList, pair_lists

    main = ReferenceList("Список литературы", 1, [(1, "Абаев А. Книга. – Алматы, 2001.", 2),
                                                   (2, "Бекова Б. Статья // Журнал. 2002. № 1. С. 1–9.", 3),
                                                   (2, "Ветров В. Книга. – Астана, 2003.", 4)])
    extra = ReferenceList("Дополнительно", 5, [(1, "Smith J. A book. London, 2004.", 6)])
    refs = pair_lists([main, extra])
    assert [r.number for r in refs] == [1, 2, 3, 4]  # the extra list after the highest number printed
    assert next(r for r in refs if r.text.startswith("Ветров")).renumbered_from == 2


def test_articles_whose_abstracts_open_alike_in_one_language_keep_their_ids():
    from convert.passes.ids import match_entries

    same_kk = "бұл мақалада қазақстандағы этносаралық қатынастар мәселесі қарастырылады және талданады"
    a = {"kk": same_kk, "ru": "в статье рассматривается медиация как способ урегулирования споров в обществе"}
    b = {"kk": same_kk, "ru": "в статье анализируется роль молодежи в общественной жизни казахстана сегодня"}
    entries = [{"id": "p10", "issue": "j/1", "keys": dict(a)}, {"id": "p20", "issue": "j/1", "keys": dict(b)}]
    assert match_entries([b, a], entries, "j/1", set()) == [1, 0]  # whatever the order they come in
    c = {"kk": same_kk, "ru": "совсем другая статья о другом предмете исследования в этом выпуске журнала"}
    assert match_entries([c], entries, "j/1", set()) == [None]  # one agreeing, one disagreeing: a new article


def test_a_reference_entry_with_place_names_is_not_front_matter():
    from convert.passes.segment import classify_preamble

    line = raw_lines("Seitkali A. Research University networks in Almaty and Astana // Eurasia. 2020. P. 10–22.")[0]
    assert classify_preamble(line, 90) == "prose"


def test_the_editor_decides_page_furniture_the_rules_cannot():
    """A blank-separated line above a running header may be a running title or the page's last text line:
    catalog.yml's `not_furniture` keeps it, `furniture` removes a line no rule finds."""
    text = "Оқу құралы, 2025\n" + FULL_WIDTH_PAGE_END.replace("көзқарасы\n", "көзқарасы\n\n")
    line = "Халықаралық ынтымақтастық пен мәдени алмасу бағдарламалары жүйелі түрде талданып"
    doc = doc_of(text)
    doc.not_furniture = frozenset({" ".join(line.split())})
    doc.furniture = frozenset({"Оқу құралы, 2025"})
    report = Report()
    from convert.passes.furniture import remove_editor_furniture

    ctx = Context(report)
    remove_running_headers(remove_editor_furniture(doc, ctx), ctx)
    assert live_text(doc) == ["Бұл зерттеуде аймақтық саясаттың әлеуметтік салдары мен тұрғындардың көзқарасы",
                              line, "отырып, негізгі үрдістер анықталды."]
    assert [e["kind"] for e in report.entries] == ["removed", "removed", "removed", "fixed"]


def test_furniture_lists_of_the_wrong_type_are_reported_and_ignored():
    from convert.passes.furniture import take_editor_furniture

    report = Report()
    doc = take_editor_furniture(doc_of("x"), Context(report, {"furniture": "Оқу құралы"}))
    assert doc.furniture == frozenset()
    assert report.entries[0]["kind"] == "error" and "furniture" in report.entries[0]["message"]
    assert take_editor_furniture(doc_of("x"), Context(report, {"not_furniture": ["  a   b "]})).not_furniture == {"a b"}


def test_a_line_with_a_sentence_end_inside_is_text_not_a_running_title():
    doc = doc_of(FULL_WIDTH_PAGE_END.replace("көзқарасы\n", "көзқарасы\n\n").replace(
        "мәдени алмасу бағдарламалары", "мәдени алмасу. Бағдарламалары"))
    remove_running_headers(doc, Context(Report()))
    assert any(t.startswith("Халықаралық ынтымақтастық") for t in live_text(doc))


def test_label_and_heading_vocabulary_forgives_a_misprint_not_another_word_form():
    from convert.text import labels

    assert labels.ABSTRACT_RE.match("Abstact. The study examines").group("rest") == "The study examines"
    assert labels.ABSTRACT_RE.match("Андатпа. Мақалада қарастырылады")  # ң printed as н
    assert labels.ABSTRACT_LABELS.find("abstact") == "abstract"
    assert labels.section_heading("2. Literature rewiev") == "2. Literature rewiev"
    assert labels.section_heading("backgrounds.") is None  # the end of a wrapped sentence, not "Background"
    assert labels.ABSTRACT_RE.match("Abstraction is a method") is None
    assert labels.back_heading("Список литературы:") == "references"
