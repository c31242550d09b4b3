"""The placements list and the hours-to-review queue send the same statements for 10 youth
as for 200 (grouped totals, no query per row)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from ccl_youth.extensions import db
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import add_youth_bulk, login_as, make_cohort, make_org, make_staff, web_client
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
