"""The timeline's pure assembly: order, paging, month groups, reflections under their entries,
hours totals. Hand-made rows, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ccl_youth.reflections import timeline as tl

NAMES = {"guest_speaker": "Guest speaker", "internship": "Internship"}


def act(id_: int, day: date, title: str = "", minutes: int = 60) -> tl.ActivityRow:
    return tl.ActivityRow(id_, "guest_speaker", title or f"A{id_}", day, minutes, None, None)


def placement(id_: int, start: date, status: str = "active") -> tl.PlacementRow:
    return tl.PlacementRow(id_, "internship", f"P{id_}", "Harbor", status, start, None)


def reflection(
    id_: int,
    activity_id: int | None = None,
    placement_id: int | None = None,
    when: str = "post",
    written: datetime = datetime(2026, 3, 1, tzinfo=UTC),
) -> tl.ReflectionRow:
    return tl.ReflectionRow(
        id_, activity_id, placement_id, f"p{id_}", f"Prompt {id_}", when, f"Answer {id_}", False,
        written, written,
    )  # fmt: skip


def keys_of(activities, placements=(), loose=()):  # noqa: ANN001, ANN201
    keys = [tl.EntryKey(tl.ACTIVITY, a.activity_date, a.id) for a in activities]
    keys += [tl.EntryKey(tl.PLACEMENT, p.start_date, p.id) for p in placements]
    keys += [tl.EntryKey(tl.REFLECTION, r.created_dt.date(), r.id) for r in loose]
    return keys


def build(activities, placements=(), reflections=(), loose=(), hours=None, page=1, size=50):  # noqa: ANN001, ANN201
    chosen, total = tl.choose_page(keys_of(activities, placements, loose), page, size)
    return tl.assemble(
        chosen, total, page, size,
        activities={a.id: a for a in activities},
        clusters={activities[0].id: ["Health Science", "Manufacturing"]} if activities else {},
        placements={p.id: p for p in placements},
        hours=hours or {},
        reflections=[*reflections, *loose],
        type_names=NAMES,
    )  # fmt: skip


def test_newest_first_grouped_by_month() -> None:
    a1 = act(1, date(2026, 1, 5))
    a2 = act(2, date(2026, 3, 9))
    a3 = act(3, date(2026, 3, 9))  # same day as a2: the higher id (logged later) first
    a4 = act(4, date(2025, 12, 31))
    p1 = placement(7, date(2026, 3, 9))  # same day: activities before placements
    loose = reflection(9, activity_id=99, written=datetime(2026, 2, 14, 23, 0, tzinfo=UTC))
    result = build([a1, a2, a3, a4], [p1], loose=[loose])
    assert [(e.kind, e.id) for e in result.entries] == [
        ("activity", 3), ("activity", 2), ("placement", 7), ("reflection", 9), ("activity", 1),
        ("activity", 4),
    ]  # fmt: skip
    assert [(g.year, g.month, len(g.entries)) for g in result.groups] == [
        (2026, 3, 3), (2026, 2, 1), (2026, 1, 1), (2025, 12, 1),
    ]  # fmt: skip
    assert result.groups[0].first_day == date(2026, 3, 1)
    assert (result.total, result.pages) == (6, 1)
    loose_entry = result.groups[1].entries[0]
    assert (loose_entry.title, loose_entry.day) == ("Prompt 9", date(2026, 2, 14))
    assert [r.id for r in loose_entry.reflections] == [9]


def test_entries_carry_their_details_and_reflections() -> None:
    card = tl.RoleModelCard("Maria G.", "Software Developers", "I fixed bikes.")
    talk = tl.ActivityRow(1, "guest_speaker", "Robot talk", date(2026, 3, 2), 45, "Harbor", card)
    job = placement(5, date(2026, 2, 1))
    before = reflection(11, activity_id=1, when="pre", written=datetime(2026, 3, 3, tzinfo=UTC))
    after = reflection(10, activity_id=1, when="post", written=datetime(2026, 3, 1, tzinfo=UTC))
    on_job = reflection(12, placement_id=5)
    result = build(
        [talk], [job], [after, before, on_job],
        hours={5: {"verified": 120, "submitted": 90, "returned": 30}},
    )  # fmt: skip
    first, second = result.entries
    assert (first.title, first.type_name, first.minutes, first.partner) == (
        "Robot talk", "Guest speaker", 45, "Harbor",
    )  # fmt: skip
    assert first.role_model == card
    assert first.clusters == ("Health Science", "Manufacturing")
    # Before-answers first, whatever the order they were written in.
    assert [r.id for r in first.reflections] == [11, 10]
    assert (second.status, second.type_name, second.partner) == ("active", "Internship", "Harbor")
    # Returned hours wait for the youth: not counted as submitted.
    assert (second.verified_minutes, second.submitted_minutes) == (120, 210)
    assert [r.id for r in second.reflections] == [12]


def test_pages_of_fifty() -> None:
    activities = [act(i, date(2026, 1, 1) + timedelta(days=i)) for i in range(1, 121)]
    first = build(activities)
    third = build(activities, page=3)
    beyond = build(activities, page=4)
    assert (first.total, first.pages, len(first.entries)) == (120, 3, 50)
    assert [e.id for e in first.entries][:2] == [120, 119]
    assert [e.id for e in third.entries] == list(range(20, 0, -1))
    assert beyond.entries == [] and beyond.total == 120


def test_unknown_types_get_a_readable_name_and_missing_rows_are_left_out() -> None:
    odd = tl.ActivityRow(1, "robot_rodeo", "Rodeo", date(2026, 1, 1), 30, None, None)
    chosen = [
        tl.EntryKey(tl.ACTIVITY, date(2026, 1, 1), 1),
        tl.EntryKey(tl.PLACEMENT, date(2026, 1, 1), 2),
    ]
    result = tl.assemble(
        chosen, 2, 1, 50, activities={1: odd}, clusters={}, placements={}, hours={},
        reflections=[], type_names=NAMES,
    )  # fmt: skip
    assert [(e.kind, e.type_name) for e in result.entries] == [("activity", "Robot rodeo")]
    assert tl.hours_totals({}) == (0, 0)
