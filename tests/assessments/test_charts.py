"""``assessments/charts.py``: the same values give the same bytes, compared with snapshot files.

After a deliberate change to a chart (or a matplotlib upgrade that moves a pixel), look at the
new pictures and rewrite the snapshots with ``UPDATE_SNAPSHOTS=1 pytest tests/assessments``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ccl_youth.assessments import charts
from ccl_youth.assessments.charts import Bar, Series
from tests.test_architecture import flask_imports_reached

SNAPSHOTS = Path(__file__).parent / "snapshots"

BARS = [
    Bar("Realistic", 0.0),
    Bar("Investigative", 100.0, is_top=True),
    Bar("Artistic", 75.0, is_top=True),
    Bar("Social", 75.0, is_top=True),
    Bar("Enterprising", 35.7),
    Bar("Conventional", None),
]
HISTORY_LABELS = ["Jan 12, 2026", "Apr 3, 2026", "Sep 30, 2026"]
HISTORY = [
    Series("Realistic", (10.0, 0.0, 25.0)),
    Series("Investigative", (80.0, 100.0, 90.0)),
    Series("Artistic", (60.0, 75.0, 75.0)),
    Series("Social", (55.0, 75.0, 62.5)),
    Series("Enterprising", (30.0, 35.7, None)),
    Series("Conventional", (None, None, 40.0)),
]


def scores_svg() -> bytes:
    return charts.scores_chart(
        BARS, axis_label="Score (0 to 100)", missing_label="not enough answers"
    )


def history_svg() -> bytes:
    return charts.history_chart(HISTORY_LABELS, HISTORY, axis_label="Score (0 to 100)")


def matches_snapshot(name: str, data: bytes) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(data)
    assert path.exists(), f"no snapshot {path}; write it with UPDATE_SNAPSHOTS=1"
    assert data == path.read_bytes(), f"{name} differs from its snapshot"


def test_the_scores_chart_matches_its_snapshot() -> None:
    matches_snapshot("scores_chart.svg", scores_svg())


def test_the_history_chart_matches_its_snapshot() -> None:
    matches_snapshot("history_chart.svg", history_svg())


def test_charts_are_deterministic_and_carry_no_date_or_version() -> None:
    first, second = scores_svg(), scores_svg()
    assert first == second
    assert history_svg() == history_svg()
    text = first.decode()
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert re.search(r"\d{4}-\d\d-\d\dT", text) is None


def test_the_scores_chart_draws_every_label_and_number_as_text() -> None:
    text = scores_svg().decode()
    for label in ("Realistic", "Investigative", "Enterprising", "Conventional"):
        assert f">{label}<" in text
    for number in (">100<", ">75<", ">35.7<", ">not enough answers<", ">0<"):
        assert number in text
    assert text.count("fill: #0b5cad") == 3  # the three top areas stand out
    history = history_svg().decode()
    assert all(f">{series.label}<" in history for series in HISTORY)
    assert all(f">{label}<" in history for label in HISTORY_LABELS)


def test_png_is_available_too() -> None:
    png = charts.scores_chart(BARS, axis_label="Score", missing_label="—", fmt="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == charts.scores_chart(BARS, axis_label="Score", missing_label="—", fmt="png")
    many = [f"Jan {n}, 2026" for n in range(1, 9)]
    series = [Series("Realistic", tuple(float(n * 10) for n in range(8)))]
    assert charts.history_chart(many, series, axis_label="Score", fmt="png").startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: charts.scores_chart([], axis_label="", missing_label=""), "at least one bar"),
        (
            lambda: charts.scores_chart([Bar("R", 101.0)], axis_label="", missing_label=""),
            "outside 0–100",
        ),
        (
            lambda: charts.scores_chart(
                [Bar("R", 1.0)], axis_label="", missing_label="", fmt="gif"
            ),
            "unknown chart format",
        ),
        (lambda: charts.history_chart(["a"], [Series("R", (1.0, 2.0))], axis_label=""), "values"),
        (lambda: charts.history_chart([], [], axis_label=""), "at least one"),
        (
            lambda: charts.history_chart(
                ["a"], [Series(str(n), (1.0,)) for n in range(7)], axis_label=""
            ),
            "at most 6",
        ),
    ],
)
def test_bad_input_is_refused(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_charts_and_matching_never_reach_flask() -> None:
    assert flask_imports_reached("ccl_youth.assessments.charts") == []
    assert flask_imports_reached("ccl_youth.careers.matches") == []
