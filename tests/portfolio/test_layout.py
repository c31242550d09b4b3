"""The portfolio's layout rules, by hand: section order with and without rows, the default of
a section the youth never picked (done or checked records, newest first, capped), picks in
their order with notes, picks of records that are gone, and share links' section lists."""

from __future__ import annotations

from datetime import date

from ccl_youth.portfolio.layout import (
    DEFAULT_CAP,
    SECTION_KINDS,
    Choice,
    Entry,
    assemble,
    join_sections,
    parse_sections,
    section_entries,
    section_order,
)


def _entry(kind: str, ref_id: int, day: date, is_default: bool = True) -> Entry:
    return Entry(kind, ref_id, f"{kind} {ref_id}", day, is_default=is_default)


def test_no_rows_is_the_default_order_all_shown() -> None:
    assert section_order({}) == [(kind, True) for kind in SECTION_KINDS]


def test_rows_come_first_by_position_then_the_rest_in_default_order() -> None:
    rows = {"goals": (1, True), "about": (2, False), "nonsense": (0, True)}
    assert section_order(rows) == [
        ("goals", True),
        ("about", False),
        ("interests", True),
        ("careers", True),
        ("experiences", True),
        ("evidence", True),
        ("badges", True),
        ("skills", True),
    ]


def test_nothing_picked_shows_the_newest_default_records_up_to_the_cap() -> None:
    entries = [_entry("activity", n, date(2026, 1, n)) for n in range(1, 13)]
    entries.append(_entry("placement", 50, date(2026, 1, 7)))
    entries.append(_entry("activity", 99, date(2026, 2, 1), is_default=False))
    shown, chosen = section_entries(
        "experiences", {"activity": entries[:12] + entries[13:], "placement": [entries[12]]}, []
    )
    assert not chosen
    assert len(shown) == DEFAULT_CAP == 10
    # Newest first; 99 is not a default record; placement 50 (7 Jan) sorts after activity 7.
    assert [(e.kind, e.ref_id) for e in shown] == [
        ("activity", 12),
        ("activity", 11),
        ("activity", 10),
        ("activity", 9),
        ("activity", 8),
        ("placement", 50),
        ("activity", 7),
        ("activity", 6),
        ("activity", 5),
        ("activity", 4),
    ]


def test_picks_show_in_their_order_with_notes_and_skip_what_is_gone() -> None:
    found = {"goal": [_entry("goal", 1, date(2026, 1, 1)), _entry("goal", 2, date(2026, 1, 2))]}
    choices = [
        Choice("goal", 2, 2, "second"),
        Choice("goal", 1, 1, "first"),
        Choice("goal", 3, 3, "gone"),
        Choice("activity", 1, 1),
    ]
    shown, chosen = section_entries("goals", found, choices)
    assert chosen
    assert [(e.ref_id, e.note) for e in shown] == [(1, "first"), (2, "second")]


def test_sections_without_records_have_no_entries() -> None:
    assert section_entries("about", {"goal": [_entry("goal", 1, date(2026, 1, 1))]}, []) == (
        (),
        False,
    )


def test_assemble_keeps_hidden_sections_and_lists_shown_badges() -> None:
    awards = [
        _entry("badge_award", 7, date(2026, 1, 1)),
        _entry("badge_award", 8, date(2026, 2, 1)),
    ]
    portfolio = assemble(
        1,
        "Robin Lee",
        "",
        "",
        {"badges": (1, True), "about": (2, False)},
        [],
        {"badge_award": awards},
        None,
        [],
    )
    assert [s.kind for s in portfolio.sections][:2] == ["badges", "about"]
    assert "about" not in [s.kind for s in portfolio.shown()]
    assert portfolio.shown_badge_ids() == (8, 7)
    assert portfolio.first_name == "Robin"
    hidden = assemble(
        1, "Robin", "", "", {"badges": (1, False)}, [], {"badge_award": awards}, None, []
    )
    assert hidden.shown_badge_ids() == ()


def test_section_lists_are_stored_in_default_order_without_unknown_kinds() -> None:
    assert join_sections(["goals", "about", "bogus"]) == "about,goals"
    assert parse_sections("goals, about,bogus,,") == ("about", "goals")
    assert parse_sections("") == ()
