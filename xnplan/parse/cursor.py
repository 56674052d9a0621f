"""A cursor over the cells of one flattened table of the plan text.

The copied page prints every table one cell per line, so a table is read cell by cell: each read
says what it expects, and when the text does not have that shape the PlanParseError names the
table, what was expected and what was found, with the line and the lines around it.
"""

from __future__ import annotations

from xnplan.errors import PlanParseError
from xnplan.parse.source import Cell, Source, is_number, parse_number


class Cursor:
    """Walks ``cells`` from position ``at``; ``what`` names the table in every error."""

    def __init__(self, source: Source, cells: list[Cell], what: str, at: int = 0) -> None:
        self.source, self.cells, self.what, self.at = source, cells, what, at

    def __bool__(self) -> bool:
        """Cells remain to be read."""
        return self.at < len(self.cells)

    def peek(self) -> Cell | None:
        """The next cell, not taken; None at the end of the table."""
        return self.cells[self.at] if self else None

    def take(self, expected: str) -> Cell:
        """The next cell, whatever it holds; an error naming ``expected`` at the end of the table."""
        if not self:
            last = self.cells[-1].line if self.cells else 1
            raise self.error(f"table ends early; expected {expected} after line {last}", last)
        cell = self.cells[self.at]
        self.at += 1
        return cell

    def text(self, expected: str) -> Cell:
        """The next cell, which must not be a number."""
        cell = self.take(expected)
        if is_number(cell.text):
            raise self.error(f"expected {expected}, found the number {cell.text!r}", cell.line)
        return cell

    def number(self, expected: str) -> float:
        """The next cell as a non-negative number (a count, an amount)."""
        cell = self.take(expected)
        value = parse_number(self.source, cell, what=f"{self.what} {expected}")
        if value < 0:
            raise self.error(f"expected a non-negative {expected}, found {cell.text!r}", cell.line)
        return value

    def integer(self, expected: str) -> int:
        """The next cell as a non-negative whole number."""
        value = self.number(expected)
        if not value.is_integer():
            cell = self.cells[self.at - 1]
            raise self.error(f"expected whole-number {expected}, found {cell.text!r}", cell.line)
        return int(value)

    def numbers(self, expected: str) -> list[tuple[Cell, float]]:
        """The run of number cells from here (possibly none), each with its value."""
        out = []
        while (cell := self.peek()) is not None and is_number(cell.text):
            out.append((cell, parse_number(self.source, self.take(expected), what=expected)))
        return out

    def seq(self, expected: int) -> Cell:
        """The next cell, which must be the row number ``expected``."""
        cell = self.take(f"row number {expected}")
        if cell.text != str(expected):
            raise self.error(f"expected row number {expected}, found {cell.text!r}", cell.line)
        return cell

    def error(self, message: str, line: int) -> PlanParseError:
        return self.source.error(f"{self.what}: {message}", line)
