"""The editors' files: their schemas (schemas.py) and one safe, bounded, line-numbered loader (loader.py)."""
from convert.editor_files.loader import EditorFileError, load_editor_yaml, read_yaml, validate  # noqa: F401
from convert.editor_files.schemas import (ARTICLE_IDS, BIBTEX, CATALOG, CORRECTION_FILE, SCHEMAS,  # noqa: F401
                                          TOPICS)
