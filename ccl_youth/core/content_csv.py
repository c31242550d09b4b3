"""Reading content CSV files: column parsers and a row reader that reports each bad field
against the file, the line, the entry and the column."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccl_youth.core.content_issues import Issues

RIASEC = "RIASEC"

# --- column parsers: each returns the value or raises ValueError with the problem -------------


Parser = Callable[[str], Any]


def text(max_length: int, required: bool = True) -> Parser:
    def parse(raw: str) -> str:
        if required and not raw:
            raise ValueError("is required")
        if len(raw) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return raw

    return parse


def pattern(regex: str, shape: str) -> Parser:
    compiled = re.compile(regex)

    def parse(raw: str) -> str:
        if not raw:
            raise ValueError("is required")
        if not compiled.fullmatch(raw):
            raise ValueError(f"must look like {shape}, got {raw!r}")
        return raw

    return parse


def whole(low: int, high: int | None = None, required: bool = False) -> Parser:
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"

    def parse(raw: str) -> int | None:
        if not raw:
            if required:
                raise ValueError("is required")
            return None
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number {span}, got {raw!r}") from None
        if value < low or (high is not None and value > high):
            raise ValueError(f"must be a whole number {span}, got {raw!r}")
        return value

    return parse


def decimal(low: float, high: float, required: bool = False) -> Parser:
    def parse(raw: str) -> float | None:
        if not raw:
            if required:
                raise ValueError("is required")
            return None
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"must be a number from {low:g} to {high:g}, got {raw!r}") from None
        if not low <= value <= high:
            raise ValueError(f"must be a number from {low:g} to {high:g}, got {raw!r}")
        return value

    return parse


def choice(*options: str) -> Parser:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(f"must be one of {', '.join(options)}, got {raw!r}")
        return raw

    return parse


def flag(raw: str) -> bool:
    if raw not in ("Y", "N"):
        raise ValueError(f"must be Y or N, got {raw!r}")
    return raw == "Y"


def holland(raw: str) -> str:
    if raw and (len(raw) > 3 or set(raw) - set(RIASEC) or len(set(raw)) != len(raw)):
        raise ValueError(f"must be one to three different letters of RIASEC, got {raw!r}")
    return raw


def optional_code(raw: str) -> str | None:
    return raw or None


@dataclass
class Row:
    line: int
    entry: str
    #: the fields that parsed; a row with a bad field lacks it (and is not ``ok``)
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True


def read_csv(
    root: Path,
    name: str,
    columns: dict[str, Parser],
    entry_columns: tuple[str, ...],
    issues: Issues,
) -> list[Row] | None:
    """Parse every row of one CSV file, reporting bad fields; a row with one comes back with
    ``ok`` false, so its key still counts for cross-references. A row's entry is named by
    ``entry_columns`` (e.g. the soc_code). None when the file is missing or its header is wrong
    (other files are then not checked against it)."""
    path = root / name
    if not path.is_file():
        issues.add(name, None, None, "file is missing")
        return None
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        for column in missing:
            issues.add(name, "header", column, "column is missing", line=1)
        for column in (c for c in header if c not in columns):
            issues.add(name, "header", column, "unknown column", line=1)
        if len(set(header)) != len(header):
            issues.add(name, "header", None, "a column is named twice", line=1)
        if missing or len(columns) != len(header):
            return None
        plan = [(column, header.index(column), parse) for column, parse in columns.items()]
        key_at = [header.index(c) for c in entry_columns]
        no_key = f"(no {entry_columns[-1]})"
        line = reader.line_num + 1
        rows = []
        for record in reader:
            start, line = line, reader.line_num + 1
            if not record:
                continue
            if len(record) != len(header):
                problem = f"has {len(record)} values, the header has {len(header)}"
                issues.add(name, "row", None, problem, line=start)
                continue
            row = Row(start, " ".join(v for i in key_at if (v := record[i].strip())) or no_key)
            for column, index, parse in plan:
                try:
                    row.values[column] = parse(record[index].strip())
                except ValueError as problem:
                    issues.add(name, row.entry, column, str(problem), line=start)
                    row.ok = False
            rows.append(row)
    return rows
