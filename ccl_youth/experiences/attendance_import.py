"""Reading an attendance CSV: one row per youth, ``username`` and optionally ``minutes`` and
``present`` (yes/no). Pure: bytes in, parsed lines out; applying them is
``attendance.import_attendance``.

A file whose header is wrong is refused whole (``ParsedFile.error``); otherwise every row is
kept, the ones that cannot be read with the reason (``ImportLine.error``), so the report can
say what happened to each.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

COLUMNS = ("username", "minutes", "present")
REQUIRED = ("username",)
MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
MIN_MINUTES, MAX_MINUTES = 1, 1440
YES = frozenset({"yes", "y", "true", "1", "x", "present", "sí", "si"})
NO = frozenset({"no", "n", "false", "0", "absent"})

BAD_MINUTES = "Minutes must be a whole number from 1 to 1440."
BAD_PRESENT = "Present must be yes or no."
NO_USERNAME = "The username is empty."


@dataclass(frozen=True)
class ImportLine:
    """One data row: ``row`` is its number in the file (the header is row 1)."""

    row: int
    username: str
    minutes: int | None
    is_present: bool
    error: str | None = None


@dataclass(frozen=True)
class ParsedFile:
    lines: tuple[ImportLine, ...]
    error: str | None = None


def template_csv() -> str:
    """The downloadable template: the header and two example rows."""
    return "username,minutes,present\r\nexample.youth1,,yes\r\nexample.youth2,30,no\r\n"


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _header(names: list[str]) -> tuple[dict[str, int], str | None]:
    """Column positions by name, or the problem with the header row."""
    cleaned = [name.strip().lower() for name in names]
    positions: dict[str, int] = {}
    for index, name in enumerate(cleaned):
        if name in COLUMNS:
            if name in positions:
                return {}, f"The column {name} appears twice in the first row."
            positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        return {}, (
            f"The first row must name the columns; the {missing[0]} column is missing. "
            "Download the template to see the columns."
        )
    return positions, None


def _minutes(text: str) -> tuple[int | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    if not (text.isascii() and text.isdigit()) or len(text) > 5:
        return None, BAD_MINUTES
    value = int(text)
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        return None, BAD_MINUTES
    return value, None


def _present(text: str) -> tuple[bool, str | None]:
    value = text.strip().lower()
    if not value or value in YES:
        return True, None
    if value in NO:
        return False, None
    return True, BAD_PRESENT


def _line(row: int, cells: list[str], positions: dict[str, int]) -> ImportLine:
    def cell(name: str) -> str:
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    username = cell("username").strip().lower()
    minutes, minutes_error = _minutes(cell("minutes"))
    is_present, present_error = _present(cell("present"))
    error = (NO_USERNAME if not username else None) or minutes_error or present_error
    return ImportLine(row, username[:60], minutes, is_present, error)


def parse_attendance_csv(data: bytes) -> ParsedFile:
    """Read an uploaded file (UTF-8, with or without a byte order mark, at most 1 MB)."""
    if len(data) > MAX_BYTES:
        return ParsedFile((), "The file is larger than 1 MB. Split it into smaller files.")
    text = _decode(data)
    if text is None:
        return ParsedFile((), "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
    if "\x00" in text:
        return ParsedFile((), "The file is not a CSV text file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            return ParsedFile((), "The file is empty.")
        positions, problem = _header(header)
        if problem:
            return ParsedFile((), problem)
        lines: list[ImportLine] = []
        # Rows are numbered as a spreadsheet shows them: the header is row 1.
        for row, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(lines) == MAX_ROWS:
                return ParsedFile((), f"The file has more than {MAX_ROWS:,} rows. Split it up.")
            lines.append(_line(row, cells, positions))
    except csv.Error as error:
        return ParsedFile((), f"The file could not be read as CSV (row {reader.line_num}): {error}")
    if not lines:
        return ParsedFile((), "The file has a header row but no youth in it.")
    return ParsedFile(tuple(lines))
