"""Badge pages send the same statements whatever the number of youth in the cohort or of
badges a youth holds. Run with ``-s`` to see the numbers."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ccl_youth.badges.awarding import STAFF, NewAward, insert_awards
from ccl_youth.badges.models import BadgeAward
from ccl_youth.db import StatementCounter
from ccl_youth.experiences.attendance import insert_participations
from ccl_youth.extensions import db
from tests.badges.support import PAST
from tests.factories import add_youth_bulk, bearer, login_as, make_family, make_token, web_client

STAFF_ONLY = ("helping_hand", "youth_voice", "partner_star")


def count(client: FlaskClient, url: str, headers: dict[str, str] | None = None) -> int:
    """Statements of one GET, after a warm-up request."""
    assert client.get(url, headers=headers).status_code == 200
    db.session.remove()
    with StatementCounter(db.engine) as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return counter.count


def give(org_id: int, youth_ids: list[int], slugs: tuple[str, ...]) -> None:
    insert_awards(
        db.session,
        [NewAward(org_id, y, s, STAFF, "Earned it.") for y in youth_ids for s in slugs],
    )
    db.session.commit()


def test_the_cohort_award_page_does_not_grow_with_the_cohort(app: Flask, club):
    org_id, cohort_id = club.org.id, club.cohort.id
    client = login_as(web_client(app), club.staff)
    url = f"/cohorts/{cohort_id}/badges/award?badge=partner_star"
    give(org_id, [club.youth[0].id], ("partner_star",))
    small = count(client, url)
    more = add_youth_bulk(org_id, 197, cohort_id=cohort_id)
    give(org_id, more[:100], ("partner_star",))
    large = count(client, url)
    print(f"statements for the cohort award page: 3 youth -> {small}, 200 youth -> {large}")
    assert small == large


def test_a_youth_badge_pages_do_not_grow_with_the_badges(app: Flask, club):
    youth = club.youth[0]
    org_id, youth_id = club.org.id, youth.id
    family = make_family(club.org, [youth])
    _token_id, secret = make_token(club.staff)
    pages = [
        (login_as(web_client(app), youth), "/my/badges", None),
        (login_as(web_client(app), club.staff), f"/youth/{youth_id}/badges", None),
        (login_as(web_client(app), family), f"/youth/{youth_id}/badges", None),
        (web_client(app), f"/api/v1/youth/{youth_id}/badges", bearer(secret)),
    ]
    give(org_id, [youth_id], STAFF_ONLY[:1])
    small = [count(c, url, h) for c, url, h in pages]
    give(org_id, [youth_id], STAFF_ONLY[1:])
    large = [count(c, url, h) for c, url, h in pages]
    for (_c, url, _h), one, three in zip(pages, small, large, strict=True):
        print(f"statements for {url}: 1 badge -> {one}, 3 badges -> {three}")
    assert small == large


def test_a_bulk_activity_reevaluates_the_cohort_in_constant_statements(app: Flask, club):
    """Logging one activity for a whole cohort re-evaluates everyone present in the same commit:
    the same statements for 10 youth as for 500 (and the time it takes, with ``-s``)."""

    def commit_bulk(count: int) -> tuple[int, float, int]:
        ids = add_youth_bulk(club.org.id, count, cohort_id=club.cohort.id)
        for _ in range(2):  # two visits each before: the third completes Job Spotter
            activity = _activity(club, PAST)
            insert_participations(db.session, activity.id, dict.fromkeys(ids, 60), "roster")
            db.session.commit()
        activity = _activity(club, PAST)
        insert_participations(db.session, activity.id, dict.fromkeys(ids, 60), "roster")
        with StatementCounter(db.engine) as counter:
            started = time.perf_counter()
            db.session.commit()
            took = time.perf_counter() - started
        awarded = db.session.scalar(
            select(func.count())
            .select_from(BadgeAward)
            .where(BadgeAward.youth_id.in_(ids), BadgeAward.badge_slug == "job_spotter")
        )
        return counter.count, took, awarded or 0

    small, small_time, small_awarded = commit_bulk(10)
    large, large_time, large_awarded = commit_bulk(500)
    print(
        f"commit of a bulk activity: 10 youth -> {small} statements ({small_time * 1000:.0f} ms), "
        f"500 youth -> {large} statements ({large_time * 1000:.0f} ms)"
    )
    assert (small_awarded, large_awarded) == (10, 500)
    assert small == large


def _activity(club, day):  # noqa: ANN001, ANN202
    from ccl_youth.experiences.models import Activity

    activity = Activity(
        organization_id=club.org.id, program_id=club.cohort.program_id, cohort_id=club.cohort.id,
        type_slug="guest_speaker", title="Talk", activity_date=day, minutes=60,
        created_by_id=club.staff.id,
    )  # fmt: skip
    db.session.add(activity)
    db.session.flush()
    return activity
