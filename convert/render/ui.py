"""Every word the edition itself prints on a page, in kk, ru and en — in this one place.

A page speaks one language: an article its body's; a listing page (home, journal, issue) is written in each
of kk/ru/en (convert/render/listings.py), the edition's own (`EDITION_LANG`, Material's `theme.language`)
shown until a reader chooses another. Source text is
never here; it keeps its own language (and its `lang` attribute where it differs from the page's).
`hooks/edition.py` reads `NAV_LABELS` to put the navigation's own labels into each page's language."""
from __future__ import annotations

EDITION_LANG = "ru"  # the language of pages that belong to no journal (mkdocs.yml theme.language)

TAB_LABELS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

WORDS: dict[str, dict[str, str]] = {
    "kk": {
        "site_name": "Қазақстанның әлеуметтік-саяси ғылымдар журналдары — цифрлық басылым",
        "home": "Басты бет", "home_title": "Қазақстанның әлеуметтік және саяси ғылымдар журналдары",
        "home_intro": "Журнал мақалаларының цифрлық басылымы: әр мақаланың атауы, аңдатпасы және түйін "
                      "сөздері қазақ, орыс және ағылшын тілдерінде.",
        "newest": "Соңғы шығарылым", "archive": "Мұрағат", "open_data": "Ашық деректер",
        "open_data_text": "әр мақаланың метадеректері.",
        "abstract": "Аңдатпа", "keywords": "Түйін сөздер", "authors": "Авторлар", "topics": "Тақырыптар",
        "fragment": "Үзінді: мақаланың атауы жоқ, мәтін толық емес болуы мүмкін.",
        "fragment_flag": "Үзінді", "fragment_title": "Үзінді {n}",
        "cite": "Мақалаға қалай сілтеме жасау керек", "copy": "Көшіру", "download": "Жүктеу",
        "para": "Осы абзацқа сілтеме", "permalink": "Тұрақты сілтеме", "received": "Түсті", "revised": "Түзетілді", "accepted": "Қабылданды",
        "online": "Жарияланды", "email": "Эл. пошта", "references": "Әдебиеттер тізімі",
        "references_bib": "Әдебиеттер (BibTeX)", "back": "мәтінге оралу",
        "references_editor": "Әдебиеттер тізімін редакция берді (BibTeX).",
        "no_list": "Мақаланың әдебиеттер тізімі дереккөз мәтінінде жоқ.",
        "no_reference": "тізімде мұндай дереккөз жоқ", "other_front": "Мақаланың басқа деректері",
        "table_editor": "Кестені редакция берді.",
        "table_missing": "Бұл кесте дереккөз мәтінінде жоқ (ол сурет ретінде басылған).",
        "table_unrebuilt": "Бұл кестені алынған мәтіннен қалпына келтіру мүмкін болмады; оның жолдары "
                           "алынған күйінде көрсетілген.",
        "figure_missing": "Сурет дереккөз мәтінінде жоқ",
        "journal_unknown": "Журналы анықталмаған", "year_unknown": "Жылы анықталмаған",
        "issue_unknown": "Нөмірі мен жылы анықталмаған шығарылым",
        "articles": "мақала", "articles_few": "мақала", "articles_many": "мақала",
        "issue_downloads": "Шығарылымның барлық мақалалары", "pages": "Б.", "contents": "Мазмұны",
        "matter": "Журнал материалы, мақала емес.",
        "interface_language": "Бет тілі",
    },
    "ru": {
        "site_name": "Казахстанские журналы социальных и политических наук — цифровое издание",
        "home": "Главная", "home_title": "Казахстанские журналы социальных и политических наук",
        "home_intro": "Цифровое издание журнальных статей: у каждой статьи заглавие, аннотация и ключевые "
                      "слова на казахском, русском и английском языках.",
        "newest": "Последний выпуск", "archive": "Архив", "open_data": "Открытые данные",
        "open_data_text": "метаданные всех статей.",
        "abstract": "Аннотация", "keywords": "Ключевые слова", "authors": "Авторы", "topics": "Темы",
        "fragment": "Фрагмент: у текста нет заглавия, он может быть неполным.",
        "fragment_flag": "Фрагмент", "fragment_title": "Фрагмент {n}",
        "cite": "Как цитировать статью", "copy": "Копировать", "download": "Скачать",
        "para": "Ссылка на этот абзац", "permalink": "Постоянная ссылка", "received": "Поступила", "revised": "Доработана",
        "accepted": "Принята", "online": "Опубликована", "email": "Эл. почта",
        "references": "Список литературы", "references_bib": "Список литературы (BibTeX)",
        "back": "к тексту", "references_editor": "Список литературы предоставлен редакцией (BibTeX).",
        "no_list": "Список литературы статьи в исходном тексте отсутствует.",
        "no_reference": "такого источника в списке нет", "other_front": "Другие сведения о статье",
        "table_editor": "Таблица предоставлена редакцией.",
        "table_missing": "Этой таблицы нет в исходном тексте (она напечатана как изображение).",
        "table_unrebuilt": "Таблицу не удалось восстановить из извлечённого текста; её строки показаны "
                           "так, как они были извлечены.",
        "figure_missing": "Рисунка нет в исходном тексте",
        "journal_unknown": "Журнал не установлен", "year_unknown": "Год не установлен",
        "issue_unknown": "Выпуск без установленных номера и года",
        "articles": "статья", "articles_few": "статьи", "articles_many": "статей",
        "issue_downloads": "Все статьи выпуска", "pages": "С.", "contents": "Содержание",
        "matter": "Материал журнала, не статья.",
        "interface_language": "Язык страницы",
    },
    "en": {
        "site_name": "Kazakhstan Social Science Journals — Digital Edition",
        "home": "Home", "home_title": "Kazakhstan social and political science journals",
        "home_intro": "Digital edition of journal articles, each with its title, abstract and keywords in "
                      "Kazakh, Russian and English.",
        "newest": "Latest issue", "archive": "Archive", "open_data": "Open data",
        "open_data_text": "every article's metadata.",
        "abstract": "Abstract", "keywords": "Keywords", "authors": "Authors", "topics": "Topics",
        "fragment": "Fragment: this text has no title and may be incomplete.",
        "fragment_flag": "Fragment", "fragment_title": "Fragment {n}",
        "cite": "Cite this article", "copy": "Copy", "download": "Download", "para": "Link to this paragraph",
        "permalink": "Permanent link",
        "received": "Received", "revised": "Revised", "accepted": "Accepted", "online": "Published online",
        "email": "E-mail", "references": "References", "references_bib": "References (BibTeX)",
        "back": "back to the text", "references_editor": "Reference list supplied by the editors (BibTeX).",
        "no_list": "The article's reference list is not available in the source text.",
        "no_reference": "no such reference in the list", "other_front": "Other front matter",
        "table_editor": "Table supplied by the editors.",
        "table_missing": "This table is not in the source text (it was printed as an image).",
        "table_unrebuilt": "This table could not be rebuilt from the extracted text; its lines are shown "
                           "as extracted.",
        "figure_missing": "Figure not available in the source text",
        "journal_unknown": "Unidentified journal", "year_unknown": "Year not identified",
        "issue_unknown": "Issue without number or year",
        "articles": "article", "articles_few": "articles", "articles_many": "articles",
        "issue_downloads": "All articles of this issue", "pages": "pp.", "contents": "Contents",
        "matter": "Journal matter, not an article.",
        "interface_language": "Page language",
    },
}


def word(key: str, lang: str | None) -> str:
    """The edition's word for `key` in `lang` (the edition's language for an unknown one)."""
    return WORDS.get(lang or EDITION_LANG, WORDS[EDITION_LANG])[key]


def count_words(n: int, lang: str) -> str:
    """"3 статьи", "5 статей", "1 article", "2 мақала": the count with its noun in the right form."""
    if lang == "ru":
        key = ("articles" if n % 10 == 1 and n % 100 != 11 else
               "articles_few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "articles_many")
    else:
        key = "articles" if n == 1 else "articles_few"
    return f"{n} {word(key, lang)}"


# the navigation's own labels (nav.yml is written in EDITION_LANG): hooks/edition.py shows each page its own
NAV_LABELS = ("home", "topics", "journal_unknown", "year_unknown", "issue_unknown")


def nav_label(title: str, lang: str) -> str:
    """A navigation title in the page's language: an own label (or one that starts with it) translated."""
    for key in NAV_LABELS:
        own = word(key, EDITION_LANG)
        if title == own or title.startswith(own + ": "):
            return word(key, lang) + title[len(own):]
    return title

