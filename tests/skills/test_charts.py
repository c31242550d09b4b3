"""``skills/charts.py``: the same values give the same bytes, compared with snapshot files.

After a deliberate change to the chart (or a matplotlib upgrade that moves a pixel), look at
the new pictures and rewrite the snapshots with ``UPDATE_SNAPSHOTS=1 pytest tests/skills``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ccl_youth.skills import charts
from ccl_youth.skills.charts import Mark
from tests.test_architecture import flask_imports_reached

SNAPSHOTS = Path(__file__).parent / "snapshots"
LEVEL_NAMES = ("Emerging", "Developing", "Proficient", "Advanced")
SOURCES = ("Evidence", "Supervisor evaluation")
GROWTH = [
    Mark("Oct 6, 2026", 1),
    Mark("Nov 2, 2026", 2, is_evaluation=True),
    Mark("Jan 12, 2027", 2),
    Mark("Mar 3, 2027", 4),
]


def growth_svg(marks: list[Mark] = GROWTH, fmt: str = "svg") -> bytes:
    return charts.level_chart(marks, level_names=LEVEL_NAMES, source_names=SOURCES, fmt=fmt)


def matches_snapshot(name: str, data: bytes) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(data)
    assert path.exists(), f"no snapshot {path}; write it with UPDATE_SNAPSHOTS=1"
    assert data == path.read_bytes(), f"{name} differs from its snapshot"


def test_the_level_chart_matches_its_snapshot() -> None:
    matches_snapshot("level_chart.svg", growth_svg())


def test_one_level_matches_its_snapshot() -> None:
    matches_snapshot("level_chart_one.svg", growth_svg([Mark("Oct 6, 2026", 3)]))


def test_the_chart_is_deterministic_and_carries_no_date_or_version() -> None:
    first = growth_svg()
    assert first == growth_svg()
    text = first.decode()
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert re.search(r"\d{4}-\d\d-\d\dT", text) is None


def test_every_label_is_text_and_the_kinds_differ_by_shape_and_colour() -> None:
    text = growth_svg().decode()
    for label in (*LEVEL_NAMES, *SOURCES, *(mark.label for mark in GROWTH)):
        assert f">{label}<" in text, label
    # Three evidence marks in blue, one evaluation in red (and each kind its own marker).
    assert text.count("fill: #0b5cad") >= 3
    assert text.count("fill: #b3261e") >= 1
    only_evidence = growth_svg([Mark("Oct 6, 2026", 3)]).decode()
    assert ">Evidence<" in only_evidence and ">Supervisor evaluation<" not in only_evidence


def test_png_is_available_too() -> None:
    png = growth_svg(fmt="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == growth_svg(fmt="png")


@pytest.mark.parametrize(
    ("marks", "names", "fmt", "message"),
    [
        ([], LEVEL_NAMES, "svg", "at least one"),
        ([Mark(str(n), 1) for n in range(11)], LEVEL_NAMES, "svg", "at most 10"),
        ([Mark("a", 5)], LEVEL_NAMES, "svg", "outside 1–4"),
        ([Mark("a", 0)], LEVEL_NAMES, "svg", "outside 1–4"),
        ([Mark("a", 1)], LEVEL_NAMES[:3], "svg", "four levels"),
        ([Mark("a", 1)], LEVEL_NAMES, "gif", "unknown chart format"),
    ],
)
def test_bad_input_is_refused(
    marks: list[Mark], names: tuple[str, ...], fmt: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        charts.level_chart(marks, level_names=names, source_names=SOURCES, fmt=fmt)


def test_the_chart_and_the_levels_never_reach_flask() -> None:
    assert flask_imports_reached("ccl_youth.skills.charts") == []
    assert flask_imports_reached("ccl_youth.skills.levels") == []
    assert flask_imports_reached("ccl_youth.skills.services") == []
    assert flask_imports_reached("ccl_youth.skills.review") == []
    assert flask_imports_reached("ccl_youth.skills.queries") == []
