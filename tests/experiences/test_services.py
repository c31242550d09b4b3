"""Logging, editing and deleting activities through the services, with hand-computed
expectations (guest speaker: 45 minutes and five suggested tactics in content/)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.experiences import attendance, services
from ccl_youth.experiences.models import (
    Activity,
    ActivityCluster,
    ActivityTactic,
    Participation,
    Reflection,
)
from ccl_youth.experiences.services import ActivityInput, one_year_after
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner, RoleModel
from tests.experiences.conftest import Club
from tests.factories import make_cohort, make_family, make_program

TODAY = date(2026, 11, 22)
GUEST_SPEAKER_TACTICS = {
    "awareness.career_stem.guest_speakers",
    "awareness.family_community.stem_professionals",
    "exploration.career_stem.guest_speakers",
    "exploration.family_community.role_models",
    "preparedness.career_stem.guest_speakers",
}


def talk(club: Club, **changes: object) -> ActivityInput:
    base = ActivityInput(
        type_slug="guest_speaker",
        activity_date=date(2026, 11, 20),
        cohort_id=club.cohort.id,
        attendee_ids=tuple(y.id for y in club.youth),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def log(club: Club, catalog: ExperienceCatalog, actor=None, **changes: object) -> Activity:  # noqa: ANN001
    activity = services.log_activity(
        db.session, actor or club.staff, catalog, talk(club, **changes), today=TODAY
    )
    db.session.commit()
    return activity


def participations(activity_id: int) -> dict[int, tuple[int, str]]:
    rows = db.session.execute(
        select(Participation.youth_id, Participation.minutes, Participation.source).where(
            Participation.activity_id == activity_id
        )
    )
    return {youth_id: (minutes, source) for youth_id, minutes, source in rows}


def tactics_of(activity_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(ActivityTactic.tactic_id).where(ActivityTactic.activity_id == activity_id)
        )
    )


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def errors_of(club: Club, catalog: ExperienceCatalog, actor=None, **changes: object) -> dict:  # noqa: ANN001
    before = (count(Activity), count(Participation))
    with pytest.raises(ValidationFailed) as failure:
        services.log_activity(
            db.session, actor or club.staff, catalog, talk(club, **changes), today=TODAY
        )
    db.session.rollback()
    assert (count(Activity), count(Participation)) == before  # nothing half-saved
    return failure.value.errors


# --- logging ---------------------------------------------------------------------------------


def test_the_type_fills_in_title_minutes_and_tactics(club: Club, catalog: ExperienceCatalog):
    activity = log(club, catalog, partner_id=club.partner.id, role_model_id=club.speaker.id)
    assert (activity.title, activity.minutes) == ("Guest speaker", 45)
    assert activity.program_id == club.cohort.program_id
    assert activity.organization_id == club.org.id
    assert activity.created_by_id == club.staff.id
    assert tactics_of(activity.id) == GUEST_SPEAKER_TACTICS
    assert participations(activity.id) == {y.id: (45, "roster") for y in club.youth}
    (event,) = events("activity.create")
    assert (event.target_type, event.target_id) == ("activity", activity.id)
    assert event.detail == {"attendees": 4}


def test_what_staff_enter_is_kept(club: Club, catalog: ExperienceCatalog):
    activity = log(
        club,
        catalog,
        title="  Robot   talk ",
        minutes=30,
        tactic_ids=("exploration.career_stem.guest_speakers",),
        cluster_ids=(club.cluster.id, club.second_cluster.id),
        notes="Bring the arm.",
        attendee_ids=(club.youth[0].id, club.youth[2].id, club.youth[0].id),
    )
    assert (activity.title, activity.minutes, activity.notes) == (
        "Robot talk",
        30,
        "Bring the arm.",
    )
    assert tactics_of(activity.id) == {"exploration.career_stem.guest_speakers"}
    clusters = db.session.scalars(
        select(ActivityCluster.cluster_id).where(ActivityCluster.activity_id == activity.id)
    )
    assert set(clusters) == {club.cluster.id, club.second_cluster.id}
    assert participations(activity.id) == {
        club.youth[0].id: (30, "roster"),
        club.youth[2].id: (30, "roster"),
    }


def test_admins_may_add_youth_from_any_cohort_of_their_organization(club, catalog):
    everyone = (*[y.id for y in club.youth], club.walk_in.id)
    activity = log(club, catalog, actor=club.admin, attendee_ids=everyone)
    assert set(participations(activity.id)) == set(everyone)


@pytest.mark.parametrize("minutes", [0, -5, 1441, 100_000])
def test_absurd_lengths_are_refused(club: Club, catalog: ExperienceCatalog, minutes: int):
    assert errors_of(club, catalog, minutes=minutes) == {
        "minutes": ["Enter the length in minutes, from 1 to 1440 (24 hours)."]
    }


@pytest.mark.parametrize("minutes", [1, 1440])
def test_one_minute_to_a_whole_day_is_fine(club: Club, catalog: ExperienceCatalog, minutes: int):
    assert log(club, catalog, minutes=minutes).minutes == minutes


def test_dates_more_than_a_year_ahead_are_refused(club: Club, catalog: ExperienceCatalog):
    assert log(club, catalog, activity_date=date(2027, 11, 22)).activity_date == date(2027, 11, 22)
    assert errors_of(club, catalog, activity_date=date(2027, 11, 23)) == {
        "activity_date": ["The date can be at most a year from today."]
    }
    assert "activity_date" in errors_of(club, catalog, activity_date=date(1999, 12, 31))
    assert one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


def test_attendees_outside_the_staff_members_reach_are_refused(club, catalog):
    # The walk-in is in another cohort of the organization; the outsider in another one.
    errors = errors_of(club, catalog, attendee_ids=(club.youth[0].id, club.walk_in.id))
    assert errors == {
        "attendees": [
            "1 of the youth chosen are not in your cohorts. "
            "Only youth you work with can be marked present."
        ]
    }
    errors = errors_of(
        club, catalog, actor=club.admin, attendee_ids=(club.outsider.id, club.staff.id)
    )
    assert errors["attendees"][0].startswith("2 of the youth chosen")


def test_every_wrong_field_is_named_at_once(club: Club, catalog: ExperienceCatalog):
    errors = errors_of(
        club,
        catalog,
        type_slug="juggling",
        cohort_id=club.other_cohort.id,
        partner_id=club.outsider_partner.id,
        role_model_id=99_999,
        cluster_ids=(club.cluster.id, club.pathway.id),
        tactic_ids=("no.such.tactic",),
        title="x" * 201,
    )
    assert set(errors) == {
        "type_slug",
        "cohort_id",
        "partner_id",
        "role_model_id",
        "cluster_ids",
        "tactic_ids",
        "title",
    }


def test_a_double_submit_logs_once(club: Club, catalog: ExperienceCatalog):
    first = log(club, catalog, submission_key="key-0001")
    again = log(club, catalog, submission_key="key-0001", title="Changed on the way")
    assert again.id == first.id and again.title == "Guest speaker"
    assert count(Activity) == 1 and count(Participation) == 4
    # Keys belong to the person who logged: someone else's same key is a new activity.
    other = log(club, catalog, actor=club.admin, submission_key="key-0001")
    assert other.id != first.id and count(Activity) == 2
    assert "submission_key" in errors_of_key(club, catalog)


def errors_of_key(club: Club, catalog: ExperienceCatalog) -> dict:
    with pytest.raises(ValidationFailed) as failure:
        services.log_activity(db.session, club.staff, catalog, talk(club, submission_key="k" * 65))
    return failure.value.errors


def test_youth_and_families_cannot_log(club: Club, catalog: ExperienceCatalog):
    family = make_family(club.org, [club.youth[0]])
    for person in (club.youth[0], family):
        with pytest.raises(Forbidden):
            services.log_activity(db.session, person, catalog, talk(club), today=TODAY)


# --- editing ---------------------------------------------------------------------------------


def update(club, catalog, activity, actor=None, **changes):  # noqa: ANN001, ANN201
    services.update_activity(
        db.session, actor or club.staff, catalog, activity, talk(club, **changes), today=TODAY
    )
    db.session.commit()


def test_an_edit_adds_and_removes_attendance_and_is_audited(club: Club, catalog: ExperienceCatalog):
    y = club.youth
    activity = log(club, catalog, attendee_ids=(y[0].id, y[1].id, y[2].id))
    # A row imported with its own minutes keeps them when the activity's length changes.
    db.session.execute(
        Participation.__table__.update()
        .where(Participation.activity_id == activity.id, Participation.youth_id == y[1].id)
        .values(minutes=20, source="import")
    )
    db.session.commit()
    update(
        club,
        catalog,
        activity,
        minutes=60,
        title="Robot talk",
        attendee_ids=(y[1].id, y[2].id, y[3].id),
        cluster_ids=(club.cluster.id,),
    )
    assert participations(activity.id) == {
        y[1].id: (20, "import"),
        y[2].id: (60, "roster"),
        y[3].id: (60, "roster"),
    }
    (event,) = events("activity.update")
    assert event.detail == {
        "fields": ["title", "minutes", "cluster_ids"],
        "attendance_added": 1,
        "attendance_removed": 1,
    }
    assert event.target_id == activity.id and event.actor_id == club.staff.id


def test_check_ins_stay_unless_unticked_and_out_of_reach_youth_stay(club, catalog):
    y = club.youth
    activity = log(club, catalog, attendee_ids=(y[0].id, y[1].id))
    assert attendance.check_in(db.session, club.walk_in, activity.id) is True
    assert attendance.check_in(db.session, y[2], activity.id) is True
    db.session.commit()
    # Ms. Rivera cannot see the walk-in: her list leaves them alone. She unticks y[2].
    update(club, catalog, activity, attendee_ids=(y[0].id, y[1].id))
    assert participations(activity.id) == {
        y[0].id: (45, "roster"),
        y[1].id: (45, "roster"),
        club.walk_in.id: (45, "checkin"),
    }
    # She may not add the walk-in either; an admin sees everyone and may remove them.
    with pytest.raises(ValidationFailed):
        services.update_activity(
            db.session, club.staff, catalog, activity, talk(club, attendee_ids=(club.outsider.id,))
        )
    db.session.rollback()
    update(club, catalog, activity, actor=club.admin, attendee_ids=(y[0].id,))
    assert set(participations(activity.id)) == {y[0].id}


def test_the_program_follows_the_cohort(club: Club, catalog: ExperienceCatalog):
    camp = make_cohort(club.org, make_program(club.org, name="Summer Camp"), name="Camp Week 1")
    activity = log(club, catalog, actor=club.admin)
    update(club, catalog, activity, actor=club.admin, cohort_id=camp.id)
    assert (activity.cohort_id, activity.program_id) == (camp.id, camp.program_id)


def test_staff_of_another_cohort_cannot_edit_or_delete(club: Club, catalog: ExperienceCatalog):
    activity = log(club, catalog)
    for person in (club.other_staff, club.outsider_staff):
        with pytest.raises(NotFound):
            services.update_activity(db.session, person, catalog, activity, talk(club))
        with pytest.raises(NotFound):
            services.delete_activity(db.session, person, activity)


def test_deleting_takes_attendance_and_links_and_leaves_the_reflections(club, catalog):
    activity = log(club, catalog, cluster_ids=(club.cluster.id,))
    reflection = Reflection(
        youth_id=club.youth[0].id,
        activity_id=activity.id,
        prompt_id="p",
        prompt_text="What did you learn?",
        when="post",
        answer="A lot.",
    )
    db.session.add(reflection)
    db.session.commit()
    activity_id, reflection_id = activity.id, reflection.id
    assert services.reflection_count(db.session, activity_id) == 1
    services.delete_activity(db.session, club.staff, activity)
    db.session.commit()
    assert [count(m) for m in (Activity, Participation, ActivityCluster, ActivityTactic)] == [0] * 4
    # The youth's words stay with them, as a reflection of no activity.
    kept = db.session.execute(
        select(Reflection.id, Reflection.youth_id, Reflection.activity_id, Reflection.answer)
    ).all()
    assert [tuple(row) for row in kept] == [(reflection_id, club.youth[0].id, None, "A lot.")]
    (event,) = events("activity.delete")
    assert (event.target_type, event.target_id) == ("activity", activity_id)
    assert event.detail == {"attendance_removed": 4, "reflections_kept": 1}


# --- tactics: not given (the type's suggestions) or chosen (none included) --------------------


def test_no_tactics_given_means_the_suggestions_and_an_empty_choice_means_none(club, catalog):
    suggested = log(club, catalog, tactic_ids=None)
    assert tactics_of(suggested.id) == GUEST_SPEAKER_TACTICS
    bare = log(club, catalog, tactic_ids=(), submission_key="no-tactics-1")
    assert tactics_of(bare.id) == set()


def test_an_edit_can_untick_every_tactic(club: Club, catalog: ExperienceCatalog):
    activity = log(club, catalog)
    update(club, catalog, activity, tactic_ids=())
    assert tactics_of(activity.id) == set()
    (event,) = events("activity.update")
    assert event.detail["fields"] == ["tactic_ids"]


# --- archived partners -----------------------------------------------------------------------


def archive_partner(club: Club) -> None:
    club.partner.is_archived = True
    db.session.commit()


def test_an_archived_partner_and_its_speakers_are_refused_for_a_new_activity(club, catalog):
    archive_partner(club)
    errors = errors_of(club, catalog, partner_id=club.partner.id, role_model_id=club.speaker.id)
    assert errors == {
        "partner_id": ["This partner is archived. Choose another one."],
        "role_model_id": ["This guest speaker’s partner is archived. Choose another speaker."],
    }
    # A speaker with no partner is fine.
    loner = RoleModel(organization_id=club.org.id, display_name="Sam T.")
    db.session.add(loner)
    db.session.commit()
    assert log(club, catalog, role_model_id=loner.id).role_model_id == loner.id


def test_an_activity_keeps_its_archived_partner_on_edit(club: Club, catalog: ExperienceCatalog):
    activity = log(club, catalog, partner_id=club.partner.id, role_model_id=club.speaker.id)
    archive_partner(club)
    update(
        club,
        catalog,
        activity,
        partner_id=club.partner.id,
        role_model_id=club.speaker.id,
        title="Robot talk",
    )
    assert (activity.partner_id, activity.role_model_id, activity.title) == (
        club.partner.id,
        club.speaker.id,
        "Robot talk",
    )
    # Another archived partner is refused on an edit too.
    museum = Partner(organization_id=club.org.id, name="Old Museum", is_archived=True)
    db.session.add(museum)
    db.session.commit()
    with pytest.raises(ValidationFailed) as failure:
        services.update_activity(
            db.session, club.staff, catalog, activity, talk(club, partner_id=museum.id)
        )
    assert failure.value.errors == {"partner_id": ["This partner is archived. Choose another one."]}
    db.session.rollback()


# --- a submission key used again -------------------------------------------------------------


def test_a_reused_key_returns_the_first_activity_and_says_it_is_not_new(club, catalog):
    first = services.log_or_find_activity(
        db.session, club.staff, catalog, talk(club, submission_key="key-0002"), today=TODAY
    )
    db.session.commit()
    again = services.log_or_find_activity(
        db.session,
        club.staff,
        catalog,
        talk(club, submission_key="key-0002", title="Other", attendee_ids=()),
        today=TODAY,
    )
    assert (first.is_new, again.is_new) == (True, False)
    assert again.activity.id == first.activity.id and again.activity.title == "Guest speaker"
    assert count(Activity) == 1 and count(Participation) == 4


def test_a_key_saved_by_a_request_at_the_same_moment_is_not_new(club, catalog, monkeypatch):
    first = log(club, catalog, submission_key="key-0003")
    real = services.find_by_submission_key
    calls: list[str] = []

    def missed_at_first(session, actor, key):  # noqa: ANN001, ANN202
        # The other request had not committed when this one looked, but had by its INSERT.
        calls.append(key)
        return None if len(calls) == 1 else real(session, actor, key)

    monkeypatch.setattr(services, "find_by_submission_key", missed_at_first)
    again = services.log_or_find_activity(
        db.session, club.staff, catalog, talk(club, submission_key="key-0003"), today=TODAY
    )
    assert (again.activity.id, again.is_new) == (first.id, False)
    assert len(calls) == 2 and count(Activity) == 1


# --- attendance on an edit: only what the form showed ----------------------------------------


def test_an_edit_removes_only_youth_the_form_showed_as_present(club, catalog):
    y = club.youth
    activity = log(club, catalog, attendee_ids=(y[0].id, y[1].id))
    # The form opens showing y0 and y1 present; then y2 checks in by QR.
    assert attendance.check_in(db.session, y[2], activity.id) is True
    db.session.commit()
    update(club, catalog, activity, attendee_ids=(y[0].id,), shown_ids=(y[0].id, y[1].id))
    assert participations(activity.id) == {y[0].id: (45, "roster"), y[2].id: (45, "checkin")}
    (event,) = events("activity.update")
    assert (event.detail["attendance_added"], event.detail["attendance_removed"]) == (0, 1)


def test_a_youth_ticked_while_they_check_in_is_one_row(club, catalog, monkeypatch):
    y = club.youth
    activity = log(club, catalog, attendee_ids=(y[0].id,))
    real = attendance._visible

    def check_in_meanwhile(session, actor, youth_ids):  # noqa: ANN001, ANN202
        # Between reading the attendance and adding the ticked youth, y1 checks in.
        attendance.check_in(session, y[1], activity.id)
        return real(session, actor, youth_ids)

    monkeypatch.setattr(attendance, "_visible", check_in_meanwhile)
    update(club, catalog, activity, attendee_ids=(y[0].id, y[1].id, y[2].id))
    assert participations(activity.id) == {
        y[0].id: (45, "roster"),
        y[1].id: (45, "checkin"),
        y[2].id: (45, "roster"),
    }
    (event,) = events("activity.update")
    assert event.detail["attendance_added"] == 1
