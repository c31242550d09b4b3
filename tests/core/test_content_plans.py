"""content/graduation_requirements.yaml: the real file loads with Washington's 24 credits, and
every kind of mistake is reported by file, entry and field (all of them, not just the first)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ccl_youth.core.content import load_content
from ccl_youth.core.content_issues import ContentError
from ccl_youth.core.content_plans import AID_ELEMENTS, ELEMENTS, GUIDANCE, load_plan_catalog
from tests.contentkit import CONTENT, copy_content, replace_once

FILE = "graduation_requirements.yaml"


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_plan_catalog(root)
    return caught.value.messages


def test_the_real_file_holds_washingtons_default() -> None:
    catalog = load_plan_catalog(CONTENT)
    assert catalog.state == "WA"
    assert catalog.total_credits == Decimal(24)
    credits = {area.slug: area.credits for area in catalog.areas}
    assert credits == {
        "english": 4, "math": 3, "science": 3, "social_studies": 3, "cte": 1,
        "health": Decimal("0.5"), "pe": Decimal("1.5"), "arts": 2, "world_languages": 2,
        "electives": 4,
    }  # fmt: skip
    assert sum(credits.values()) == 24
    assert len(catalog.pathways) == 9
    assert {item.element for item in catalog.aid_items} == set(AID_ELEMENTS)
    assert tuple(catalog.elements) == ELEMENTS
    assert set(catalog.guidance) == set(GUIDANCE)
    assert catalog.names("routes")["apprenticeship"] == "Apprenticeship"


def test_credits_that_do_not_add_up_are_named(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    replace_once(
        root / FILE, "    name: Health\n    credits: 0.5", "    name: Health\n    credits: 1"
    )
    assert _problems(root) == [
        f"{FILE}: total_credits: is 24 but the areas add up to 24.5",
    ]


def test_every_mistake_is_reported_with_its_entry_and_field(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    path = root / FILE
    replace_once(path, "    name: Arts\n    credits: 2", "    name: Arts\n    credits: 2.1")
    replace_once(path, "  - slug: sample_letter\n    element: d_v",
                 "  - slug: sample_letter\n    element: d_vi")  # fmt: skip
    replace_once(path, "  - slug: aid_calculator\n    element: d_v",
                 "  - slug: aid_calculator\n    element: d_iv")  # fmt: skip
    replace_once(path, "  - slug: asvab\n", "  - slug: dual_credit\n")
    replace_once(path, "  pathway: Graduation pathway\n", "  pathway: Graduation pathway\n  f: x\n")
    problems = _problems(root)
    assert problems == [
        f"{FILE}, area arts: credits: must be more than 0 and at most 99, in quarters, got 2.1",
        f"{FILE}, pathway dual_credit: slug: is used by 2 pathways",
        f"{FILE}, aid item sample_letter: element: 'd_vi' is not one of "
        "d_i, d_ii, d_iii, d_iv, d_v",
        f"{FILE}, element d_v: aid_items: has no item; the plan must show evidence for every "
        "part of (d)",
        f"{FILE}: elements: 'f' is not one of a, b, c, d, e, pathway",
    ]


def test_a_missing_file_stops_the_whole_content_check(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / FILE).unlink()
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert f"{FILE}: file is missing" in caught.value.messages


def test_aid_items_may_link_to_an_https_address() -> None:
    catalog = load_plan_catalog(CONTENT)
    urls = {item.slug: item.url for item in catalog.aid_items}
    assert urls["aid_calculator"] == "https://wsac.wa.gov/financial-aid-calculator"
    assert urls["sample_letter"] == "" and urls["college_bound"] == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://wsac.wa.gov/calc", "must be an https:// address, got 'http://wsac.wa.gov/calc'"),
        ("javascript:alert(1)", "must be an https:// address, got 'javascript:alert(1)'"),
        ("https://", "must be an https:// address, got 'https://'"),
        ('"https://a.example/x y"', "must be an https:// address, got 'https://a.example/x y'"),
        ("https://a.example/" + "x" * 300, "is longer than 300 characters"),
        ("42", "must be text (put it in quotes), got 42"),
    ],
)
def test_a_bad_aid_address_is_named(tmp_path: Path, url: str, problem: str) -> None:
    root = copy_content(tmp_path)
    replace_once(root / FILE, "    url: https://wsac.wa.gov/financial-aid-calculator\n",
                 f"    url: {url}\n")  # fmt: skip
    assert _problems(root) == [f"{FILE}, aid item aid_calculator: url: {problem}"]
