"""What every rule of the grid shares: what the source tells about its lines, and the way a rule says no."""
from __future__ import annotations

from dataclasses import dataclass, field


class NotDetermined(Exception):
    """The text does not determine the grid; the message says why."""


class HeaderNotDetermined(NotDetermined):
    """The body's rows are clear, the header's cells are not."""


@dataclass
class GridContext:
    """What the rules of a grid know of the whole source besides the table's own lines."""

    vocab: set[str] = field(default_factory=set)  # the source's words (cells.vocabulary)
    raw: dict[int, str] = field(default_factory=dict)  # line no → raw text (spaces as extracted)
    normal_trailing: int = 0  # spaces a raw line of this source normally ends with
    width: int = 80  # the source's typical full line length
    placed: dict = field(default_factory=dict)  # line no → Line, for lines a PDF reader placed (Layout.runs)
