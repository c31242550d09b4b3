"""``progress_for``, ``move_stage`` and ``stage_history``: access, audit, the move's rules and
the history kept."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.progress import services
from ccl_youth.progress.models import StageChange
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_instrument,
    make_org,
    make_program,
    make_staff,
    make_youth,
)
from tests.progress import helpers as h
from tests.progress.helpers import TODAY


@dataclass
class Setup:
    youth: User
    other: User  # same organization, another cohort
    staff: User
    admin: User
    family: User
    program_id: int


@pytest.fixture
def s(app) -> Setup:
    org = make_org()
    program = make_program(org)
    cohort, other_cohort = make_cohort(org, program), make_cohort(org, program)
    youth = make_youth(org, cohort, grade=7)
    other = make_youth(org, other_cohort, grade=7)
    return Setup(
        youth,
        other,
        make_staff(org, [cohort]),
        make_admin(org),
        make_family(org, [youth]),
        program.id,
    )


def _progress(actor: User, youth_id: int, **kw) -> services.Progress:
    return services.progress_for(
        db.session, actor, youth_id, h.real_recognition(), h.experiences(), TODAY, **kw
    )


def _views(youth_id: int) -> list[dict]:
    return [
        {"actor": e.actor_id, **e.detail}
        for e in db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.youth_id == youth_id, AuditEvent.action == "youth.view"
            )
        )
    ]


# --- reading ---------------------------------------------------------------------------------


def test_youth_reads_their_own_progress_without_an_audit_event(s):
    h.activity(s.youth, program_id=s.program_id)
    h.attempt(s.youth, make_instrument(kind="riasec"))
    db.session.commit()
    progress = _progress(s.youth, s.youth.id)
    assert (progress.youth_id, progress.display_name, progress.grade) == (
        s.youth.id,
        s.youth.display_name,
        7,
    )
    assert progress.report.stage == "exploration"
    assert progress.history == ()
    met = {m.milestone.id for m in progress.report.milestones if m.met}
    assert "exploration.broad_skills.interest_inventory" in met
    assert "awareness.family_community.community_helper" in met
    assert _views(s.youth.id) == []


def test_staff_admin_and_family_views_are_audited(s):
    for actor in (s.staff, s.admin, s.family):
        _progress(actor, s.youth.id)
    db.session.commit()
    assert _views(s.youth.id) == [
        {"actor": a.id, "section": "progress"} for a in (s.staff, s.admin, s.family)
    ]


@pytest.mark.parametrize("who", ["staff", "family", "youth"])
def test_out_of_scope_is_not_found(s, who):
    actor = {"staff": s.staff, "family": s.family, "youth": s.youth}[who]
    with pytest.raises(NotFound):
        _progress(actor, s.other.id)
    with pytest.raises(NotFound):
        _progress(actor, 999_999)
    with pytest.raises(NotFound):
        _progress(actor, make_youth(make_org()).id)


def test_reading_takes_the_same_statements_whatever_the_record(s):
    def count(youth_id: int) -> int:
        db.session.expire_all()
        with StatementCounter(db.engine) as counter:
            _progress(s.staff, youth_id, with_history=True)
        db.session.rollback()
        return counter.count

    empty = count(s.youth.id)
    for n in range(6):
        h.activity(s.youth, "field_trip" if n % 2 else "guest_speaker", program_id=s.program_id)
        h.placement(s.youth, status="completed")
    db.session.commit()
    for to_stage in ("awareness", "exploration", "preparedness", "awareness"):
        services.move_stage(db.session, s.staff, s.youth.id, to_stage, "Checking the count.")
    db.session.commit()
    assert count(s.youth.id) == empty


# --- moving ----------------------------------------------------------------------------------


def _profile_stage(youth: User) -> str:
    return db.session.scalar(select(YouthProfile.stage).where(YouthProfile.user_id == youth.id))


def test_staff_move_a_youth_with_a_reason_kept_in_the_history(s):
    change = services.move_stage(
        db.session, s.staff, s.youth.id, "awareness", "  Never had awareness experiences.  "
    )
    db.session.commit()
    assert (change.from_stage, change.to_stage, change.changed_by_id) == (
        "exploration",
        "awareness",
        s.staff.id,
    )
    assert change.reason == "Never had awareness experiences."
    assert _profile_stage(s.youth) == "awareness"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "progress.move_stage"))
    assert event is not None
    assert (event.actor_id, event.youth_id, event.target_type, event.target_id) == (
        s.staff.id,
        s.youth.id,
        "stage_change",
        change.id,
    )
    assert event.detail == {"from_stage": "exploration", "to_stage": "awareness"}  # no reason

    services.move_stage(db.session, s.admin, s.youth.id, "exploration", "Ready after a summer.")
    db.session.commit()
    history = services.stage_history(db.session, s.staff, s.youth.id)
    assert [(m.from_stage, m.to_stage, m.changed_by, m.reason) for m in history] == [
        ("awareness", "exploration", s.admin.display_name, "Ready after a summer."),
        ("exploration", "awareness", s.staff.display_name, "Never had awareness experiences."),
    ]
    assert _progress(s.staff, s.youth.id, with_history=True).history == tuple(history)
    db.session.commit()
    assert {"actor": s.staff.id, "section": "stage_history"} in _views(s.youth.id)


@pytest.mark.parametrize(
    ("to_stage", "reason", "field"),
    [
        ("exploration", "Already there.", "to_stage"),
        ("graduated", "Not a stage.", "to_stage"),
        ("awareness", "Shy", "reason"),
        ("awareness", "   a    ", "reason"),
        ("awareness", "x" * 501, "reason"),
    ],
)
def test_bad_moves_are_refused_naming_the_field(s, to_stage, reason, field):
    with pytest.raises(ValidationFailed) as caught:
        services.move_stage(db.session, s.staff, s.youth.id, to_stage, reason)
    assert set(caught.value.errors) == {field}
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(StageChange)) == 0
    assert _profile_stage(s.youth) == "exploration"


def test_reason_of_500_characters_is_fine(s):
    change = services.move_stage(db.session, s.staff, s.youth.id, "preparedness", "y" * 500)
    assert len(change.reason) == 500


def test_who_may_move(s):
    with pytest.raises(Forbidden):
        services.move_stage(db.session, s.youth, s.youth.id, "awareness", "I want to.")
    with pytest.raises(Forbidden):
        services.move_stage(db.session, s.family, s.youth.id, "awareness", "Family wish.")
    with pytest.raises(NotFound):
        services.move_stage(db.session, s.staff, s.other.id, "awareness", "Not my cohort.")
    with pytest.raises(NotFound):
        services.move_stage(
            db.session, make_admin(make_org()), s.youth.id, "awareness", "Other org."
        )
    assert db.session.scalar(select(func.count()).select_from(StageChange)) == 0


def test_a_form_sent_twice_moves_once(s):
    first = services.move_stage(
        db.session, s.staff, s.youth.id, "awareness", "Starting over.", expected_stage="exploration"
    )
    db.session.commit()
    again = services.move_stage(
        db.session, s.staff, s.youth.id, "awareness", "Starting over.", expected_stage="exploration"
    )
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(StageChange)) == 1
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "progress.move_stage")
        )
        == 1
    )


def test_a_move_made_by_someone_else_since_the_page_opened_is_refused(s):
    services.move_stage(db.session, s.admin, s.youth.id, "preparedness", "Skipped ahead.")
    db.session.commit()
    for to_stage in ("awareness", "preparedness"):
        with pytest.raises(ValidationFailed) as caught:
            services.move_stage(
                db.session, s.staff, s.youth.id, to_stage, "My own move.",
                expected_stage="exploration",
            )  # fmt: skip
        assert "after this page opened" in caught.value.errors["to_stage"][0]
    assert _profile_stage(s.youth) == "preparedness"


def test_history_keeps_moves_of_a_removed_account(s):
    services.move_stage(db.session, s.staff, s.youth.id, "awareness", "Before they left.")
    db.session.commit()
    db.session.delete(db.session.get(User, s.staff.id))
    db.session.commit()
    history = services.stage_history(db.session, s.admin, s.youth.id)
    assert [(m.to_stage, m.changed_by) for m in history] == [("awareness", None)]
