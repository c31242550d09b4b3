"""Re-evaluating youth against the database: awards from the record, once, in dependency order,
with credential ids and status-list indexes, audited; constant statements."""

from __future__ import annotations

import re
import threading
import time
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges import awarding
from ccl_youth.badges.awarding import NewAward, insert_awards
from ccl_youth.badges.evaluation import reevaluate
from ccl_youth.badges.models import BadgeAward
from ccl_youth.db import StatementCounter, utcnow
from ccl_youth.extensions import db
from tests.badges.support import add_activity, small_catalog
from tests.factories import add_youth_bulk, make_cohort, make_org, make_staff, make_youth

TODAY = date(2026, 11, 1)
URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def awards_of(youth_id: int) -> list[str]:
    return sorted(
        db.session.scalars(select(BadgeAward.badge_slug).where(BadgeAward.youth_id == youth_id))
    )


@pytest.mark.usefixtures("quiet")
def test_awards_follow_the_record_in_dependency_order(club, exp):
    a, b, c = (y.id for y in club.youth)
    for _ in range(3):
        add_activity(club.cohort, club.staff.id, [a])
    add_activity(club.cohort, club.staff.id, [a, b], "field_trip")
    add_activity(club.cohort, club.staff.id, [a, b], "field_trip")
    add_activity(club.cohort, club.staff.id, [b, c], "guest_speaker", day=date(2026, 12, 24))

    made = reevaluate(db.session, [a, b, c], small_catalog(), exp, TODAY)
    db.session.commit()

    # a: 3 talks, 2 trips → first_talk, three_talks, tripper, then double (needs two of them)
    # and collector (3+ badges) in the same pass. b: 2 trips → tripper (the talk is after
    # TODAY, so it has not happened yet). c: nothing.
    assert [(m.youth_id, m.badge_slug) for m in made] == [
        (a, "first_talk"), (a, "three_talks"), (a, "tripper"), (a, "double"), (a, "collector"),
        (b, "tripper"),
    ]  # fmt: skip
    assert all(m.method == "rule" and m.awarded_by_id is None for m in made)
    assert all(m.organization_id == club.org.id and m.revoked_dt is None for m in made)
    assert all(URN.match(m.credential_id) for m in made)
    assert len({m.credential_id for m in made}) == 6
    assert sorted(m.status_index for m in made) == [0, 1, 2, 3, 4, 5]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "badge.award").order_by(AuditEvent.id)
    ).all()
    assert [(e.youth_id, e.target_id, e.actor_id) for e in events] == [
        (m.youth_id, m.id, None) for m in made
    ]
    assert events[0].detail == {"badge": "first_talk", "method": "rule"}


@pytest.mark.usefixtures("quiet")
def test_nothing_is_awarded_twice(club, exp):
    a = club.youth[0].id
    add_activity(club.cohort, club.staff.id, [a])
    assert len(reevaluate(db.session, [a], small_catalog(), exp, TODAY)) == 1
    db.session.commit()
    assert reevaluate(db.session, [a, a], small_catalog(), exp, TODAY) == []
    add_activity(club.cohort, club.staff.id, [a])
    assert reevaluate(db.session, [a], small_catalog(), exp, TODAY) == []
    assert awards_of(a) == ["first_talk"]


@pytest.mark.usefixtures("quiet")
def test_a_revoked_award_is_not_awarded_again(club, exp):
    a = club.youth[0].id
    add_activity(club.cohort, club.staff.id, [a])
    (award,) = reevaluate(db.session, [a], small_catalog(), exp, TODAY)
    award.revoked_dt, award.revoke_reason = utcnow(), "Logged by mistake."
    db.session.commit()
    for _ in range(2):
        add_activity(club.cohort, club.staff.id, [a])
    made = reevaluate(db.session, [a], small_catalog(), exp, TODAY)
    # 3 talks now: three_talks, but first_talk stays revoked (and is not counted as held).
    assert [m.badge_slug for m in made] == ["three_talks"]
    assert db.session.get(BadgeAward, award.id).revoked_dt is not None


@pytest.mark.usefixtures("quiet")
def test_status_indexes_are_per_organization_and_never_reused(app: Flask, club, exp):
    other = make_org()
    cohort = make_cohort(other)
    staff = make_staff(other, [cohort])
    theirs = [make_youth(other, cohort).id for _ in range(2)]
    ours = [y.id for y in club.youth]
    add_activity(club.cohort, club.staff.id, ours)
    add_activity(cohort, staff.id, theirs)
    reevaluate(db.session, ours + theirs, small_catalog(), exp, TODAY)
    db.session.commit()
    rows = db.session.execute(select(BadgeAward.organization_id, BadgeAward.status_index)).all()
    assert sorted(i for o, i in rows if o == club.org.id) == [0, 1, 2]
    assert sorted(i for o, i in rows if o == other.id) == [0, 1]
    # A revoked award keeps its index; the next award takes the next one.
    first = db.session.scalar(select(BadgeAward).where(BadgeAward.organization_id == club.org.id))
    first.revoked_dt = utcnow()
    db.session.commit()
    for _ in range(2):
        add_activity(club.cohort, club.staff.id, [ours[0]])
    (made,) = reevaluate(db.session, [ours[0]], small_catalog(), exp, TODAY)
    assert made.status_index == 3


@pytest.mark.usefixtures("quiet")
def test_a_race_for_the_same_badge_makes_one_award(club, exp):
    """Another request awarded the badge between this one's reading and its insert: the
    insert skips it (ON CONFLICT DO NOTHING), no error, no second row."""
    a, b = club.youth[0].id, club.youth[1].id
    add_activity(club.cohort, club.staff.id, [a, b])
    insert_awards(db.session, [NewAward(club.org.id, a, "first_talk")])  # "the other request"
    db.session.commit()
    made = insert_awards(
        db.session,
        [NewAward(club.org.id, a, "first_talk"), NewAward(club.org.id, b, "first_talk")],
    )
    assert len(made) == 1
    assert db.session.get(BadgeAward, made[0]).youth_id == b
    assert awards_of(a) == ["first_talk"]


@pytest.mark.usefixtures("quiet")
def test_a_race_for_the_same_index_retries_with_a_fresh_one(club, exp, monkeypatch):
    """Another transaction took the index this one computed: the unique constraint skips the
    row and the award is tried again with the next free index."""
    a, b = club.youth[0].id, club.youth[1].id
    insert_awards(db.session, [NewAward(club.org.id, a, "by_hand", "staff", "Helped out.")])
    db.session.commit()
    real = awarding._next_indexes
    calls = []

    def stale_then_real(session, organization_ids):
        calls.append(1)
        if len(calls) == 1:
            return dict.fromkeys(organization_ids, 0)  # as read before the other commit
        return real(session, organization_ids)

    monkeypatch.setattr(awarding, "_next_indexes", stale_then_real)
    made = insert_awards(db.session, [NewAward(club.org.id, b, "first_talk")])
    assert len(calls) == 2
    assert db.session.get(BadgeAward, made[0]).status_index == 1
    assert awards_of(b) == ["first_talk"]


@pytest.mark.usefixtures("quiet")
def test_statements_do_not_grow_with_the_number_of_youth(club, exp):
    def measure(count: int) -> int:
        ids = add_youth_bulk(club.org.id, count, cohort_id=club.cohort.id)
        add_activity(club.cohort, club.staff.id, ids)
        add_activity(club.cohort, club.staff.id, ids, "field_trip")
        add_activity(club.cohort, club.staff.id, ids, "field_trip")
        with StatementCounter(db.engine) as counter:
            made = reevaluate(db.session, ids, small_catalog(), exp, TODAY)
            db.session.flush()
        assert len(made) == 4 * count  # first_talk, tripper, then double and collector
        return counter.count

    small, large = measure(5), measure(200)
    print(f"reevaluate: 5 youth -> {small} statements, 200 youth -> {large}")
    assert small == large
    # Past 1,000 awards the INSERT goes in batches of 1,000 rows: one statement more each.
    assert measure(400) == small + 1  # 1,600 awards


def test_concurrent_awards_on_postgresql_wait_and_take_the_next_index(club):
    """Two transactions award at once (PostgreSQL: SQLite lets one writer in at a time). The
    second computes the same index, waits on the unique index until the first commits, is
    skipped, and retries with the next one; the same badge for the same youth goes in once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs concurrent writers")
    a, b = club.youth[0].id, club.youth[1].id
    first, second = Session(db.engine), Session(db.engine)
    try:
        insert_awards(first, [NewAward(club.org.id, a, "by_hand", "staff", "First.")])
        done: dict[str, list[int]] = {}

        def award_too() -> None:
            done["ids"] = insert_awards(
                second,
                [
                    NewAward(club.org.id, b, "by_hand", "staff", "Second."),
                    NewAward(club.org.id, a, "by_hand", "staff", "Again."),
                ],
            )
            second.commit()

        thread = threading.Thread(target=award_too)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive()  # waiting on the first transaction's index
        first.commit()
        thread.join(timeout=10)
        assert not thread.is_alive()
    finally:
        first.close()
        second.close()
    rows = db.session.execute(
        select(BadgeAward.youth_id, BadgeAward.status_index, BadgeAward.evidence_note)
    ).all()
    assert sorted(rows) == [(a, 0, "First."), (b, 1, "Second.")]
    assert len(done["ids"]) == 1
