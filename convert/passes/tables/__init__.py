"""Tables and figures: captions, mentions, and the grid of a table rebuilt from its flattened lines.

PDF extraction printed every table as lines of words and numbers. The grid comes back by rules, each a
small function, and every rebuilt grid is checked before it is shown (validate.py): all rows as wide as
the header, numeric columns numeric, and not one word of the extracted lines lost or doubled. When the
text does not determine the grid (no rule decides, or two rules disagree), `rebuild.rebuild_grid`
raises `grid.NotDetermined` with the reason: the table is then shown as extracted and the report says
why.

Three shapes are rebuilt:

* numeric tables (numeric.py, with rows.py, numbers.py, header.py): each row is a label (wrapped over
  lines, perhaps split into a group and an item column, perhaps after a row number) followed by a run
  of numbers; the header has one or two rows;
* text tables (text.py): a one-line header and cells separated by blank lines (bullet lists inside
  cells); cells.py joins a cell's lines;
* tables with text columns between number columns (mixed.py): one line per row, the same kinds of
  cells in every row; the header split at capitals or read cell after cell (header.stream_readings),
  only when one reading gives as many cells as the rows have.

A header of two or more rows gets its spanning cells (colspan/rowspan) from its shape (spans.py).

Which lines after (or before) a caption are the table's is region.py's, for the paragraph builder.
Mentions of tables and figures in the text ("Table 2", «таблице 1», «2-кестеде», «Рисунок 1») are
found by `find_mentions` (mentions.py), for the renderer to link them to the ids of `element_id`.

The names other modules use are importable from the package itself.
"""
from convert.passes.tables.captions import caption_match, caption_number, element_id, full_caption, unique_element_ids
from convert.passes.tables.mentions import MENTION_RES, find_mentions
from convert.passes.tables.rebuild import TABLE_CODE, rebuild_tables, report_message
from convert.passes.tables.spans import header_spans, span_header_cells

__all__ = ["MENTION_RES", "TABLE_CODE", "caption_match", "caption_number", "element_id", "find_mentions",
           "full_caption", "header_spans", "rebuild_tables", "report_message", "span_header_cells",
           "unique_element_ids"]
