"""Inventory and self-check scoring, against answers worked out by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ccl_youth.assessments.scoring import (
    AnswerOutOfScaleError,
    AreaScore,
    InstrumentSpec,
    ScoreResult,
    ScoringError,
    Tie,
    UnknownItemError,
    normalised_score,
    score_attempt,
    score_self_check,
)

AREAS = ("R", "I", "A", "S", "E", "C")


def make_spec(min_answered: int = 3) -> InstrumentSpec:
    """A 1..5 scale and eight items per area, keyed R1..R8, I1..I8, …"""
    return InstrumentSpec(
        scale_values=(1, 2, 3, 4, 5),
        area_codes=AREAS,
        min_answered_per_area=min_answered,
        items={f"{area}{n}": area for area in AREAS for n in range(1, 9)},
    )


def answer(area: str, values: list[int]) -> dict[str, int]:
    return {f"{area}{n}": value for n, value in enumerate(values, start=1)}


def test_all_fives_on_r_and_ones_elsewhere():
    # R: 8 × 5 = 40, mean 5 → 100 × (5 − 1) / (5 − 1) = 100.0
    # others: 8 × 1 = 8, mean 1 → 100 × 0 / 4 = 0.0
    # Code: R first; I, A, S, E, C all at 0.0, so positions 2 and 3 go by instrument order → RIA.
    answers = answer("R", [5] * 8)
    for area in "IASEC":
        answers |= answer(area, [1] * 8)

    result = score_attempt(make_spec(), answers)

    assert result.raw_sums == {"R": 40, "I": 8, "A": 8, "S": 8, "E": 8, "C": 8}
    assert result.answered == dict.fromkeys(AREAS, 8)
    assert result.scores == {"R": 100.0, "I": 0.0, "A": 0.0, "S": 0.0, "E": 0.0, "C": 0.0}
    assert result.holland_code == "RIA"
    assert result.ties == (Tie(areas=("I", "A", "S", "E", "C"), score=0.0, positions=(2, 3)),)


def mixed_answers() -> dict[str, int]:
    # R: 5+4+3+1 = 13 over 4 answered, mean 3.25 → 100 × 2.25 / 4 = 56.25 → 56.3 (half up)
    # I: 5+5+5+5+4+4+4+4 = 36 over 8, mean 4.5 → 100 × 3.5 / 4 = 87.5
    # A: 7 × 2 + 3 = 17 over 8, mean 2.125 → 100 × 1.125 / 4 = 28.125 → 28.1
    # S: 4+4+3+3+3+3+3+3 = 26 over 8, mean 3.25 → 56.25 → 56.3, tied with R
    # E: 5+5 = 10 over 2 answered < 3 → not reported
    # C: 1+2+1 = 4 over 3, mean 4/3 → 100 × (1/3) / 4 = 8.333… → 8.3
    return (
        answer("R", [5, 4, 3, 1])
        | answer("I", [5, 5, 5, 5, 4, 4, 4, 4])
        | answer("A", [2, 2, 2, 2, 2, 2, 2, 3])
        | answer("S", [4, 4, 3, 3, 3, 3, 3, 3])
        | answer("E", [5, 5])
        | answer("C", [1, 2, 1])
    )


def test_mixed_pattern_sums_means_and_rounding():
    result = score_attempt(make_spec(), mixed_answers())

    assert result.raw_sums == {"R": 13, "I": 36, "A": 17, "S": 26, "E": 10, "C": 4}
    assert result.answered == {"R": 4, "I": 8, "A": 8, "S": 8, "E": 2, "C": 3}
    assert result.scores == {"R": 56.3, "I": 87.5, "A": 28.1, "S": 56.3, "E": None, "C": 8.3}
    assert result.area("E") == AreaScore("E", 10, 2, 8, None, is_reported=False)
    assert result.area("R").is_reported


def test_mixed_pattern_code_breaks_the_tie_by_instrument_order_and_flags_it():
    # Order by score: I 87.5, then R and S at 56.3 (R comes first in the instrument), A, C.
    result = score_attempt(make_spec(), mixed_answers())

    assert result.holland_code == "IRS"
    assert result.ties == (Tie(areas=("R", "S"), score=56.3, positions=(2, 3)),)


def test_a_tie_across_the_end_of_the_code_names_only_the_third_position():
    # I 87.5; R 56.3; A and S both 8 × 3 = 24, mean 3 → 50.0; C 0.0. Code IRA, S left out.
    answers = (
        answer("R", [5, 4, 3, 1])
        | answer("I", [5, 5, 5, 5, 4, 4, 4, 4])
        | answer("A", [3] * 8)
        | answer("S", [3] * 8)
        | answer("C", [1] * 8)
    )
    result = score_attempt(make_spec(), answers)

    assert result.holland_code == "IRA"
    assert result.ties == (Tie(areas=("A", "S"), score=50.0, positions=(3,)),)


def test_a_tie_for_first_place():
    # R and I both all 4s → 75.0; A all 3s → 50.0; the rest all 1s → 0.0.
    answers = answer("R", [4] * 8) | answer("I", [4] * 8) | answer("A", [3] * 8)
    answers |= answer("S", [1] * 8) | answer("E", [1] * 8) | answer("C", [2, 1, 1])
    # C: 2+1+1 = 4 over 3 → 8.3, so S and E tie at 0.0 below the code and are not flagged.
    result = score_attempt(make_spec(), answers)

    assert result.holland_code == "RIA"
    assert result.ties == (Tie(areas=("R", "I"), score=75.0, positions=(1, 2)),)


def test_no_ties_when_scores_differ():
    answers = answer("R", [5] * 8) | answer("I", [4] * 8) | answer("A", [3] * 8)
    answers |= answer("S", [2] * 8) | answer("E", [1, 1, 2]) | answer("C", [1] * 8)
    # E: 4 over 3 → 8.3; C 0.0.
    result = score_attempt(make_spec(), answers)

    assert result.scores == {"R": 100.0, "I": 75.0, "A": 50.0, "S": 25.0, "E": 8.3, "C": 0.0}
    assert result.holland_code == "RIA"
    assert result.ties == ()


def test_an_area_below_the_minimum_answered_is_not_reported():
    # R has 2 of 8 answered (both 5s) with a minimum of 3: a perfect mean, but not reported.
    answers = answer("R", [5, 5]) | answer("I", [3] * 8) | answer("A", [2] * 8)
    answers |= answer("S", [4] * 3) | answer("E", [1] * 8) | answer("C", [2] * 8)
    result = score_attempt(make_spec(min_answered=3), answers)

    assert result.area("R") == AreaScore("R", 10, 2, 8, None, is_reported=False)
    # S: 12 over 3 → mean 4 → 75.0; I 50.0; A and C 25.0; E 0.0.
    assert result.holland_code == "SIA"
    assert result.ties == (Tie(areas=("A", "C"), score=25.0, positions=(3,)),)


def test_fewer_than_three_reported_areas_give_a_shorter_code():
    result = score_attempt(make_spec(), answer("S", [5] * 3) | answer("A", [4] * 3))
    assert result.holland_code == "SA"
    assert result.ties == ()

    nothing = score_attempt(make_spec(), answer("R", [5, 5]))
    assert nothing.holland_code == ""
    assert all(score is None for score in nothing.scores.values())


def test_skipped_items_do_not_pull_the_score_down():
    # 4 answered 5s out of 8 items: mean 5 → 100.0, not 50.
    result = score_attempt(make_spec(), answer("R", [5] * 4))
    assert result.area("R") == AreaScore("R", 20, 4, 8, 100.0, is_reported=True)


@pytest.mark.parametrize(
    ("raw_sum", "answered", "expected"),
    [
        (13, 4, 56.3),  # 56.25 exactly; round() would give 56.2
        (17, 8, 28.1),  # 28.125
        (9, 8, 3.1),  # mean 1.125 → 3.125
        (5, 3, 16.7),  # mean 5/3 → 16.666…
        (7, 3, 33.3),  # mean 7/3 → 33.333…
        (3, 3, 0.0),
        (15, 3, 100.0),
    ],
)
def test_normalised_score_rounds_half_up(raw_sum: int, answered: int, expected: float):
    assert normalised_score(raw_sum, answered, 1, 5) == expected


def test_a_zero_based_scale():
    spec = InstrumentSpec((0, 1, 2), ("A", "B", "C"), 1, {"a1": "A", "b1": "B", "c1": "C"})
    # A: 2 → 100 × 2 / 2 = 100.0; B: 1 → 50.0; C: 0 → 0.0.
    result = score_attempt(spec, {"a1": 2, "b1": 1, "c1": 0})
    assert result.scores == {"A": 100.0, "B": 50.0, "C": 0.0}
    assert result.holland_code == "ABC"


def test_self_check_gives_the_same_scores_without_a_code():
    answers = mixed_answers()
    inventory = score_attempt(make_spec(), answers)
    self_check = score_self_check(make_spec(), answers)

    assert self_check.areas == inventory.areas
    assert self_check.holland_code == ""
    assert self_check.ties == ()
    assert not self_check.has_holland_code


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "3", True, None])
def test_an_answer_outside_the_scale_names_the_item(value: object):
    answers: dict[str, Any] = {"R1": 3, "I4": value}
    with pytest.raises(AnswerOutOfScaleError) as caught:
        score_attempt(make_spec(), answers)
    assert caught.value.item_key == "I4"
    assert "'I4'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_an_answer_missing_from_a_gappy_scale_is_outside_it():
    spec = InstrumentSpec((1, 3, 5), ("A",), 1, {"a1": "A"})
    with pytest.raises(AnswerOutOfScaleError, match="a1"):
        score_attempt(spec, {"a1": 2})


def test_an_unknown_item_names_the_item():
    with pytest.raises(UnknownItemError) as caught:
        score_attempt(make_spec(), {"R1": 3, "Z9": 3})
    assert caught.value.item_key == "Z9"
    assert "'Z9'" in str(caught.value)
    assert isinstance(caught.value, ScoringError)


def test_json_round_trip():
    result = score_attempt(make_spec(), mixed_answers())
    stored = json.loads(json.dumps(result.to_json()))

    assert stored["holland_code"] == "IRS"
    assert [a["code"] for a in stored["areas"]] == list(AREAS)
    assert stored["areas"][4] == {
        "code": "E",
        "raw_sum": 10,
        "answered": 2,
        "item_count": 8,
        "score": None,
        "is_reported": False,
    }
    assert stored["ties"] == [{"areas": ["R", "S"], "score": 56.3, "positions": [2, 3]}]
    back = ScoreResult.from_json(stored)
    assert back == result
    assert back.area("S").score == 56.3

    self_check = score_self_check(make_spec(), mixed_answers())
    assert ScoreResult.from_json(json.loads(json.dumps(self_check.to_json()))) == self_check


def test_from_json_rejects_other_shapes():
    with pytest.raises(ValueError, match="format"):
        ScoreResult.from_json({"format": 99})
    with pytest.raises(ValueError, match="malformed"):
        ScoreResult.from_json({"format": 1, "areas": [{"code": "R"}]})


def test_spec_from_instrument_definition():
    spec = InstrumentSpec.from_definition(
        scale=[{"value": v, "label": str(v)} for v in (1, 2, 3, 4, 5)],
        areas=[{"code": code, "name": code} for code in AREAS],
        min_answered_per_area=3,
        items={"R1": "R", "I1": "I"},
    )
    assert (spec.scale_min, spec.scale_max) == (1, 5)
    assert spec.area_codes == AREAS


def test_spec_rejects_items_of_unknown_areas():
    with pytest.raises(ValueError, match="unknown areas: X"):
        InstrumentSpec((1, 2), ("R",), 1, {"r1": "R", "x1": "X"})
