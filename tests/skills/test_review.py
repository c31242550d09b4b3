"""Reviewing evidence: verify at a level per tagged skill or return with a comment; nobody
reviews what they added; changed evidence is not reviewed; the queue of what is waiting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.skills import review
from ccl_youth.skills.levels import skill_levels
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.factories import World, add_youth_bulk
from tests.skills.support import add_evidence_row


def waiting(w: World, youth: str = "youth1", by: str | None = None, **levels: None) -> int:
    skills = levels or {"collaboration": None, "communication": None}
    by_id = getattr(w, by) if by else None
    return add_evidence_row(getattr(w, youth), w.org_a if youth != "youth_b" else w.org_b,
                            skills, status="submitted", created_by_id=by_id)  # fmt: skip


def levels_of(evidence_id: int) -> dict[str, int | None]:
    rows = db.session.execute(
        select(EvidenceSkill.skill_slug, EvidenceSkill.level).where(
            EvidenceSkill.evidence_id == evidence_id
        )
    )
    return {slug: level for slug, level in rows}


def test_staff_verify_at_a_level_per_skill(world: World) -> None:
    evidence_id = waiting(world)
    evidence = review.review_evidence(
        db.session, world.user("staff1"), evidence_id, "verify",
        {"collaboration": 3, "communication": 2, "leadership": 4}, " Great teamwork. ",
    )  # fmt: skip
    db.session.commit()
    assert evidence.status == "verified" and evidence.reviewer_id == world.staff1
    assert evidence.reviewed_dt is not None and evidence.review_comment == "Great teamwork."
    # Only the tagged skills get a level; the extra one is ignored.
    assert levels_of(evidence_id) == {"collaboration": 3, "communication": 2}
    assert skill_levels(db.session, [world.youth1]) == {
        world.youth1: {"collaboration": 3, "communication": 2}
    }
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.verify"))
    assert event is not None and event.target_id == evidence_id and event.actor_id == world.staff1
    assert "teamwork" not in str(event.detail)


@pytest.mark.parametrize(
    ("levels", "fields"),
    [
        ({}, ["level_collaboration", "level_communication"]),
        ({"collaboration": 3}, ["level_communication"]),
        ({"collaboration": 0, "communication": 5}, ["level_collaboration", "level_communication"]),
        ({"collaboration": None, "communication": 2}, ["level_collaboration"]),
    ],
)
def test_every_tagged_skill_needs_a_level(
    world: World, levels: dict[str, int | None], fields: list[str]
) -> None:
    evidence_id = waiting(world)
    with pytest.raises(ValidationFailed) as error:
        review.review_evidence(db.session, world.user("staff1"), evidence_id, "verify", levels)
    assert sorted(error.value.errors) == fields
    db.session.rollback()
    assert db.session.get_one(Evidence, evidence_id).status == "submitted"
    assert levels_of(evidence_id) == {"collaboration": None, "communication": None}


def test_returning_needs_a_comment_and_sets_no_level(world: World) -> None:
    evidence_id = waiting(world)
    with pytest.raises(ValidationFailed) as error:
        review.review_evidence(db.session, world.user("admin_a"), evidence_id, "return", {}, " ")
    assert list(error.value.errors) == ["comment"]
    with pytest.raises(ValidationFailed) as error:
        review.review_evidence(db.session, world.user("admin_a"), evidence_id, "return", {},
                               "x" * 1001)  # fmt: skip
    assert list(error.value.errors) == ["comment"]
    evidence = review.review_evidence(
        db.session, world.user("admin_a"), evidence_id, "return", {"collaboration": 4},
        "Add a photo of the bridge.",
    )  # fmt: skip
    assert evidence.status == "returned" and evidence.review_comment == "Add a photo of the bridge."
    assert levels_of(evidence_id) == {"collaboration": None, "communication": None}
    assert skill_levels(db.session, [world.youth1]) == {}
    with pytest.raises(ValidationFailed) as error:
        review.review_evidence(db.session, world.user("staff1"), evidence_id, "approve", {})
    assert list(error.value.errors) == ["action"]


def test_nobody_reviews_evidence_they_added(world: World) -> None:
    evidence_id = waiting(world, by="staff1", collaboration=None)
    for action in ("verify", "return"):
        with pytest.raises(ValidationFailed) as error:
            review.review_evidence(db.session, world.user("staff1"), evidence_id, action,
                                   {"collaboration": 2}, "Comment")  # fmt: skip
        assert list(error.value.errors) == ["review"]
        assert "someone else" in error.value.errors["review"][0]
    # Someone else may.
    review.review_evidence(db.session, world.user("admin_a"), evidence_id, "verify",
                           {"collaboration": 2})  # fmt: skip
    assert levels_of(evidence_id) == {"collaboration": 2}


def test_only_evidence_waiting_and_unchanged_is_reviewed(world: World) -> None:
    evidence_id = waiting(world, collaboration=None)
    evidence = db.session.get_one(Evidence, evidence_id)
    seen = evidence.updated_dt
    evidence.updated_dt = seen + timedelta(seconds=1)  # the youth changed it meanwhile
    db.session.commit()
    for stale in (seen, review.seen_value(seen), "yesterday", "9" * 100):
        with pytest.raises(ValidationFailed) as error:
            review.review_evidence(db.session, world.user("staff1"), evidence_id, "verify",
                                   {"collaboration": 2}, seen=stale)  # fmt: skip
        assert list(error.value.errors) == ["review"]
    fresh = db.session.get_one(Evidence, evidence_id).updated_dt
    review.review_evidence(db.session, world.user("staff1"), evidence_id, "verify",
                           {"collaboration": 2}, seen=review.seen_value(fresh))  # fmt: skip
    with pytest.raises(ValidationFailed) as error:
        review.review_evidence(db.session, world.user("admin_a"), evidence_id, "return", {}, "No")
    assert "not waiting" in error.value.errors["review"][0]


def test_only_reviewers_in_scope_review(world: World) -> None:
    evidence_id = waiting(world)
    for who, error_type in (
        ("youth1", Forbidden), ("family1", Forbidden), ("classmate", NotFound),
        ("staff2", NotFound), ("admin_b", NotFound),
    ):  # fmt: skip
        with pytest.raises(error_type):
            review.review_evidence(db.session, world.user(who), evidence_id, "verify",
                                   {"collaboration": 1, "communication": 1})  # fmt: skip


def test_the_queue_lists_what_is_waiting_in_scope_oldest_first(world: World) -> None:
    first = waiting(world, collaboration=None)
    second = waiting(world, youth="classmate", by="staff1", leadership=None)
    other_cohort = waiting(world, youth="youth2", creativity=None)
    waiting(world, youth="youth_b", creativity=None)
    add_evidence_row(world.youth1, world.org_a, {"collaboration": 2})  # verified
    add_evidence_row(world.youth1, world.org_a, {"collaboration": None}, status="returned")
    rows = review.review_queue(db.session, world.user("staff1"))
    assert [(r.id, r.skills) for r in rows] == [(first, ("collaboration",)),
                                                (second, ("leadership",))]  # fmt: skip
    assert rows[0].youth_name == "Zelda Quartzfield" and rows[1].created_by_id == world.staff1
    assert [r.id for r in review.review_queue(db.session, world.user("admin_a"))] == [
        first, second, other_cohort,
    ]  # fmt: skip
    assert [r.id for r in review.review_queue(db.session, world.user("staff2"))] == [other_cohort]
    assert len(review.review_queue(db.session, world.user("admin_a"), limit=1)) == 1
    for who in ("youth1", "family1"):
        with pytest.raises(Forbidden):
            review.review_queue(db.session, world.user(who))


def test_the_queue_takes_two_statements_however_long(world: World) -> None:
    staff = world.user("staff1")
    with StatementCounter(db.engine) as empty:
        assert review.review_queue(db.session, staff) == []
    for youth_id in add_youth_bulk(world.org_a, 15, cohort_id=world.cohort1):
        add_evidence_row(youth_id, world.org_a, {"collaboration": None, "tool_use": None},
                         status="submitted")  # fmt: skip
    staff = world.user("staff1")  # loaded again after the commits
    with StatementCounter(db.engine) as full:
        rows = review.review_queue(db.session, staff)
    assert len(rows) == 15 and empty.count == full.count == 2
