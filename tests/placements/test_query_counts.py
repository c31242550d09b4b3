"""The placements list and the hours-to-review queue send the same statements for 10 youth
as for 200 (grouped totals, no query per row), and their totals do work in proportion to the
page, not to every organization's hours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import event, insert

from ccl_youth.extensions import db
from ccl_youth.placements import hours, queries
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import (
    World,
    add_youth_bulk,
    login_as,
    make_cohort,
    make_org,
    make_staff,
    web_client,
)
from tests.test_query_counts import LARGE, SMALL, compare, statements


def _placements_with_hours(org_id: int, youth_ids: list[int]) -> None:
    start = date(2026, 9, 1)
    placements = [
        Placement(
            organization_id=org_id,
            youth_id=youth_id,
            type_slug="internship",
            title=f"Intern {youth_id}",
            supervisor_name="Sam Boss",
            start_date=start,
            status="active",
            planned_minutes=6000,
        )
        for youth_id in youth_ids
    ]
    db.session.add_all(placements)
    db.session.flush()
    db.session.add_all(
        HoursEntry(
            placement_id=p.id,
            youth_id=p.youth_id,
            work_date=start + timedelta(days=day),
            minutes=60 * (day + 1),
            description="Worked.",
            status=status,
        )
        for p in placements
        for day, status in ((1, "submitted"), (2, "verified"))
    )
    db.session.commit()


def test_placement_list_and_review_queue_statements_do_not_grow(app: Flask) -> None:
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    org_id, cohort_id = org.id, cohort.id
    client = login_as(web_client(app), staff)
    pages = {"/placements": "/placements", "/hours/review": "/hours/review"}

    _placements_with_hours(org_id, add_youth_bulk(org_id, SMALL, cohort_id=cohort_id))
    small = {label: statements(client, url) for label, url in pages.items()}
    _placements_with_hours(org_id, add_youth_bulk(org_id, LARGE - SMALL, cohort_id=cohort_id))
    large = {label: statements(client, url) for label, url in pages.items()}

    for label in pages:
        compare(f"staff {label}", small[label], large[label], paged=label == "/placements")
    listing = client.get("/placements").get_data(as_text=True)
    # 2 h waiting + 3 h verified = 5 h submitted, 3 h verified; a page of 50.
    assert listing.count('<td>5 h <span class="tag">1 to review</span></td>') == 50
    assert listing.count("<td>3 h</td>") == 50
    queue = client.get("/hours/review").get_data(as_text=True)
    assert queue.count('name="hours_ids"') == LARGE


def _hours_rows_read(run: Callable[[], object]) -> int:
    """How many hours_entry rows PostgreSQL reads for ``run``: each statement it sends is
    explained with ANALYZE and the rows every scan of hours_entry returned or filtered out are
    added up."""
    captured: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ANN202
        captured.append((statement, parameters))

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    cursor = db.session.connection().connection.driver_connection.cursor()
    total = 0
    for statement, parameters in captured:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters)
        plans = [cursor.fetchone()[0][0]["Plan"]]
        while plans:
            node = plans.pop()
            if node.get("Relation Name") == "hours_entry":
                read = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
                total += int(read * node["Actual Loops"])
            plans.extend(node.get("Plans", []))
    return total


def _work(run: Callable[[], object]) -> int:
    """Work done for ``run``: SQLite's VM steps, or hours rows PostgreSQL reads."""
    return _vm_steps(run) if db.engine.dialect.name == "sqlite" else _hours_rows_read(run)


def _vm_steps(run: Callable[[], object]) -> int:
    """How much work SQLite does for ``run``: its virtual machine's steps, counted in
    tens through the progress handler (the same for every run of the same plan)."""
    connection = db.session.connection().connection.driver_connection
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    connection.set_progress_handler(tick, 10)
    try:
        run()
    finally:
        connection.set_progress_handler(None, 10)
    return steps[0]


def test_totals_work_grows_with_the_page_not_the_table(app: Flask, world: World) -> None:
    """Org B logs 6000 more entries: org A's lists, totals and review queue do the same work
    as before. (Totals grouped over the whole hours table made every list scan every
    organization's hours.)"""
    staff, youth = world.user("staff1"), world.user("youth1")
    work: dict[str, Callable[[], object]] = {
        "placement page": lambda: queries.placement_page(db.session, staff),
        "youth's placements": lambda: queries.youth_placements(db.session, staff, world.youth1),
        "placement totals": lambda: queries.placement_totals(db.session, world.exp.placement1),
        "youth totals": lambda: queries.totals_for_youth(db.session, [world.youth1]),
        "my placements": lambda: hours.my_placements(db.session, youth),
        "review queue": lambda: queries.review_queue(db.session, staff),
    }
    before = {label: _work(run) for label, run in work.items()}
    db.session.rollback()
    db.session.execute(
        insert(HoursEntry),
        [
            {
                "placement_id": world.exp.placement_b,
                "youth_id": world.youth_b,
                "work_date": date(2026, 10, 7) + timedelta(days=n % 40),
                "minutes": 30,
                "description": "Org B's hours.",
                "status": ("submitted", "verified", "returned")[n % 3],
            }
            for n in range(6000)
        ],
    )
    db.session.commit()
    after = {label: _work(run) for label, run in work.items()}
    db.session.rollback()
    print("work before and after org B's 6000 entries:", before, after)
    grew = {k: (before[k], after[k]) for k in work if after[k] > before[k] * 1.2 + 5}
    assert not grew, f"work that grew with another organization's hours: {grew}"
