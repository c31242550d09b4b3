"""The activity CSV export as text: compared with a snapshot file. Rewrite the snapshot with
``UPDATE_SNAPSHOTS=1 pytest tests/experiences`` after a deliberate change, and read the diff."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from ccl_youth.experiences.export import HEADER, activities_csv, safe_cell
from ccl_youth.experiences.queries import ActivityRow, ExportRow

SNAPSHOTS = Path(__file__).parent / "snapshots"


def matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_bytes(text.encode("utf-8"))
    # Line ends are compared apart, so a checkout that rewrites them does not fail the test.
    stored = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text.replace("\r\n", "\n") == stored, f"{name} differs"


def _rows() -> list[ExportRow]:
    talk = ActivityRow(
        12, date(2026, 10, 6), "Robot talk", "guest_speaker", 45, 1, "After School", 3,
        "Maker Space", 5, "Cascade Robotics, Inc.", 27,
    )  # fmt: skip
    trip = ActivityRow(
        9, date(2026, 9, 30), '=HYPERLINK("http://x")', "field_trip", 180, 1, "After School",
        None, None, None, None, 0,
    )  # fmt: skip
    old = ActivityRow(
        4, date(2026, 9, 1), "Retired type", "no_longer_in_content", 60, 2, "Summer; Camp", 4,
        "Pathways Lab", None, None, 3,
    )  # fmt: skip
    return [
        ExportRow(
            talk,
            ["Engineering", "Health Science"],
            ["exploration.career_stem.guest_speakers", "exploration.family_community.role_models"],
        ),
        ExportRow(trip, [], ["exploration.pathways_partnerships.exposure_trips"]),
        ExportRow(old, ["Manufacturing"], []),
    ]


def test_the_export_matches_its_snapshot() -> None:
    names = {"guest_speaker": "Guest speaker", "field_trip": "Field trip"}
    text = activities_csv(_rows(), names)
    matches_snapshot("activities.csv", text)
    assert text.count("\r\n") == 4 and "\n" not in text.replace("\r\n", "")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(parsed[0]) == HEADER
    assert len(parsed) == 4
    assert parsed[1][8] == "Engineering; Health Science"
    assert parsed[2][3] == '\'=HYPERLINK("http://x")'  # stays text in a spreadsheet
    assert parsed[3][2] == "no_longer_in_content"  # a type content dropped keeps its slug


def test_formula_like_cells_get_an_apostrophe() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@a", "\tx", "plain", "")] == [
        "'=1+1", "'+1", "'-1", "'@a", "'\tx", "plain", "",
    ]  # fmt: skip
