"""Helpers for content tests: the real content loaded once, and broken copies of it."""

from __future__ import annotations

import csv
import io
import shutil
from functools import cache
from pathlib import Path

from ccl_youth.core.content import Content, load_content

CONTENT = Path(__file__).resolve().parent.parent / "content"


@cache
def real_content() -> Content:
    """The project's content/, loaded and checked once per test run."""
    return load_content(CONTENT)


def copy_content(tmp_path: Path) -> Path:
    """A private copy of content/ to break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_csv_field(path: Path, column: str, value: str, row: int = 0) -> dict[str, str]:
    """Set one field of one data row (0 = the row on line 2); returns the row as it was."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    before = dict(rows[row])
    rows[row][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return before
