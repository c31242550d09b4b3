from datetime import date

import pytest

from ccl_youth.core.roles import Stage, age_in_years, is_under_13, parse_grade, stage_for_grade


@pytest.mark.parametrize(
    ("grade", "stage"),
    [
        (0, Stage.AWARENESS),
        (5, Stage.AWARENESS),
        (6, Stage.EXPLORATION),
        (8, Stage.EXPLORATION),
        (9, Stage.PREPAREDNESS),
        (12, Stage.PREPAREDNESS),
    ],
)
def test_stage_follows_grade_bands(grade, stage):
    assert stage_for_grade(grade) is stage


@pytest.mark.parametrize(("text", "grade"), [("K", 0), ("k", 0), ("0", 0), (" 7 ", 7), ("12", 12)])
def test_parse_grade_reads_k_and_numbers(text, grade):
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text", ["13", "-1", "seven", ""])
def test_parse_grade_refuses_others(text):
    with pytest.raises(ValueError):
        parse_grade(text)


def test_age_counts_the_birthday_month_as_reached():
    # Born March 2013: on 2026-02-28 still 12, on 2026-03-01 13.
    assert age_in_years(2013, 3, date(2026, 2, 28)) == 12
    assert age_in_years(2013, 3, date(2026, 3, 1)) == 13


def test_under_13_rules():
    today = date(2026, 11, 22)
    assert is_under_13(2014, 1, today) is True  # 12
    assert is_under_13(2013, 11, today) is False  # 13 this month
    assert is_under_13(2013, 12, today) is True  # 13 next month
    assert is_under_13(None, None, today) is True  # unknown counts as under 13
