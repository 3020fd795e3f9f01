"""The edition's own CSS classes that other parts of the edition read back: the fidelity check leaves the
edition's own words out of a page, the search index leaves out what is not the article's text."""
from __future__ import annotations

# elements that hold the edition's words, not the source's: the cite box, the page end (topics, source line),
# flags and notes the renderer prints, Material's own (heading links, tab labels), back-links of references
OWN_WORDS = ("cite-box", "article-end", "fragment-flag", "figure-missing", "table-warning", "references-missing",
             "references-note", "matter-note", "para-link", "headerlink", "tabbed-labels", "backlink",
             "table-reason", "table-editor-note")

# not indexed for search: the edition's words, and the reference list (its names would match every query)
NOT_INDEXED = ("cite-box", "article-end", "article-references", "headerlink")
