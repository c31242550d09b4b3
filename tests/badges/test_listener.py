"""The listener: a commit that changes a record a rule reads re-evaluates that youth's badges in
the same transaction, whether the change went through the ORM or a statement; a rollback
forgets what it touched; a staff award counts for rules naming that badge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select, update

from ccl_youth.badges import services
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers import services as careers
from ccl_youth.core.content_recognition import Badge
from ccl_youth.core.rules import Known
from ccl_youth.db import utcnow
from ccl_youth.experiences.attendance import insert_participations
from ccl_youth.experiences.models import ActivityCluster, Participation, Reflection
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation, EvaluationRating, HoursEntry, Placement
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.badges.support import PAST, add_activity, badge, rules_in, small_catalog
from tests.factories import (
    WORLD_ANSWERS,
    add_attempt,
    add_instrument,
    make_cluster,
    make_occupation,
)

KNOWN = Known(
    skills=frozenset({"collaboration"}),
    types=frozenset({"guest_speaker", "internship"}),
    badges=frozenset({"by_hand", "after_hand"}),
    instrument_kinds=frozenset({"riasec"}),
)


def ruled(slug: str, data: object) -> Badge:
    return badge(slug, data, known=KNOWN)


CATALOG = small_catalog(
    (
        badge("first_talk", {"experiences": {"types": ["guest_speaker"]}}),
        ruled("worker", {"verified_hours": {"min": 1}}),
        ruled("explorer", {"clusters": {"min": 1}}),
        ruled("teammate", {"skill": {"skill": "collaboration", "level": 2}}),
        ruled("fan", {"favorites": {"min": 1}}),
        ruled("thinker", {"reflections": {"min": 1}}),
        ruled("sharer", {"shared_reflections": {"min": 1}}),
        ruled("quizzer", {"assessment": {"kind": "riasec"}}),
        badge("by_hand", None),
        ruled("after_hand", {"badge": {"badge": "by_hand"}}),
    )
)


@pytest.fixture
def rules(app: Flask):
    with rules_in(app, CATALOG):
        yield


def held(youth_id: int) -> list[str]:
    return sorted(
        db.session.scalars(select(BadgeAward.badge_slug).where(BadgeAward.youth_id == youth_id))
    )


@pytest.mark.usefixtures("rules")
def test_attendance_saved_through_the_orm_awards_in_the_same_commit(club):
    a = club.youth[0].id
    add_activity(club.cohort, club.staff.id, [a])
    assert held(a) == ["first_talk"]


@pytest.mark.usefixtures("rules")
def test_attendance_inserted_by_a_statement_awards_too(club):
    activity = add_activity(club.cohort, club.staff.id, [])
    insert_participations(db.session, activity.id, {y.id: 60 for y in club.youth[:2]}, "roster")
    db.session.commit()
    assert [held(y.id) for y in club.youth] == [["first_talk"], ["first_talk"], []]


@pytest.mark.usefixtures("rules")
def test_a_rollback_forgets_what_it_touched(club):
    a = club.youth[0].id
    add_activity(club.cohort, club.staff.id, [], commit=False)
    activity = add_activity(club.cohort, club.staff.id, [])
    db.session.add(Participation(activity_id=activity.id, youth_id=a, minutes=60))
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert held(a) == []
    assert db.session.info.get("badges.touched") is None


@pytest.mark.usefixtures("rules")
def test_verifying_hours_awards(club):
    a = club.youth[0].id
    placement = Placement(
        organization_id=club.org.id, youth_id=a, type_slug="internship", title="Intern",
        supervisor_name="Pat", start_date=PAST, status="active",
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    entry = HoursEntry(
        placement_id=placement.id, youth_id=a, work_date=PAST + timedelta(days=1), minutes=60,
        description="Tested boards.",
    )  # fmt: skip
    db.session.add(entry)
    db.session.commit()
    assert held(a) == []  # submitted hours do not count
    entry.status = "verified"
    db.session.commit()
    assert held(a) == ["worker"]


@pytest.mark.usefixtures("rules")
def test_a_cluster_added_to_an_activity_awards_its_attendees(club):
    a, b = club.youth[0].id, club.youth[1].id
    activity = add_activity(club.cohort, club.staff.id, [a, b], "field_trip")
    assert held(a) == held(b) == []
    db.session.add(ActivityCluster(activity_id=activity.id, cluster_id=make_cluster().id))
    db.session.commit()
    assert held(a) == held(b) == ["explorer"]


@pytest.mark.usefixtures("rules")
def test_an_evaluation_submitted_by_an_update_statement_awards(club):
    a = club.youth[0].id
    placement = Placement(
        organization_id=club.org.id, youth_id=a, type_slug="internship", title="Intern",
        supervisor_name="Pat", start_date=PAST, status="active",
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    evaluation = Evaluation(
        placement_id=placement.id, youth_id=a, token_hash="f" * 64,
        expires_dt=utcnow() + timedelta(days=3),
    )  # fmt: skip
    db.session.add(evaluation)
    db.session.flush()
    db.session.add(
        EvaluationRating(evaluation_id=evaluation.id, skill_slug="collaboration", level=3)
    )
    db.session.commit()
    assert held(a) == []  # not submitted yet
    db.session.execute(
        update(Evaluation)
        .where(Evaluation.id == evaluation.id, Evaluation.status == "sent")
        .values(status="submitted", submitted_dt=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    assert held(a) == ["teammate"]


@pytest.mark.usefixtures("rules")
def test_saving_a_favorite_awards(club):
    youth = club.youth[0]
    careers.save_favorite(db.session, youth, make_occupation().id)
    db.session.commit()
    assert held(youth.id) == ["fan"]


@pytest.mark.usefixtures("rules")
def test_a_staff_award_counts_for_rules_that_name_it(club):
    a = club.youth[0].id
    services.award_badge(db.session, club.staff, a, CATALOG, "by_hand", "Helped set up.")
    db.session.commit()
    assert held(a) == ["after_hand", "by_hand"]
    methods = dict(db.session.execute(select(BadgeAward.badge_slug, BadgeAward.method)).all())
    assert methods == {"by_hand": "staff", "after_hand": "rule"}


@pytest.mark.usefixtures("rules")
def test_reflections_and_sharing_them_award(club):
    a = club.youth[0].id
    reflection = Reflection(
        youth_id=a, prompt_id="p.1", prompt_text="What did you learn?", when="post",
        answer="Bridges bend.",
    )  # fmt: skip
    db.session.add(reflection)
    db.session.commit()
    assert held(a) == ["thinker"]
    reflection.is_shared_with_family = True
    db.session.commit()
    assert held(a) == ["sharer", "thinker"]


@pytest.mark.usefixtures("rules")
def test_finishing_an_inventory_awards(club):
    youth = club.youth[0]
    instrument = add_instrument(db.session, "badge-interests", "riasec", 6, 12)
    attempt = add_attempt(db.session, youth, instrument, WORLD_ANSWERS)
    db.session.commit()
    assert held(youth.id) == []  # started, not finished
    add_attempt(db.session, youth, instrument, WORLD_ANSWERS, completed=True)
    db.session.commit()
    assert attempt.status == "in_progress"
    assert held(youth.id) == ["quizzer"]


@pytest.mark.usefixtures("rules")
def test_verified_evidence_awards_at_its_level(club):
    a = club.youth[0].id
    evidence = Evidence(
        organization_id=club.org.id, youth_id=a, kind="text", title="Team build",
        body="We built a bridge together.", created_by_id=a,
    )  # fmt: skip
    db.session.add(evidence)
    db.session.flush()
    tag = EvidenceSkill(evidence_id=evidence.id, skill_slug="collaboration")
    db.session.add(tag)
    db.session.commit()
    assert held(a) == []
    evidence.status, tag.level = "verified", 1
    db.session.commit()
    assert held(a) == []  # Emerging: below the rule's level 2
    tag.level = 3
    db.session.commit()
    assert held(a) == ["teammate"]
