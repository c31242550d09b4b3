"""Attendance outside the form: the CSV import's row-by-row report (a snapshot) and the QR
check-in service."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import Forbidden, NotFound
from ccl_youth.core.policies import ROLE_ACTIONS, Action, can
from ccl_youth.core.roles import Role
from ccl_youth.experiences import attendance, services
from ccl_youth.experiences.attendance import Outcome, RowResult
from ccl_youth.experiences.attendance_import import parse_attendance_csv
from ccl_youth.experiences.models import Activity
from ccl_youth.experiences.services import ActivityInput
from ccl_youth.extensions import db
from tests.experiences.conftest import Club
from tests.experiences.test_services import participations
from tests.factories import make_admin, make_youth

SNAPSHOTS = Path(__file__).parent / "snapshots"

FILE = (
    "username,minutes,present\n"
    "aaliyah,,no\n"  # attended: removed
    "BEN,30,yes\n"  # attended for 45: minutes updated
    "camila,45,yes\n"  # attended for 45 already
    "diego,50,yes\n"  # added with 50
    "diego,,no\n"  # the same youth twice
    "fatima,,no\n"  # in the cohort, did not attend: nothing to do
    "ethan,,yes\n"  # another cohort of the organization
    "walter,,yes\n"  # another organization: unknown here
    "ghost,,no\n"
    "\n"
    ",20,yes\n"
    "hana,abc,yes\n"
)


def report_text(results: list[RowResult]) -> str:
    lines = [
        f"{r.row:>3}  {r.username or '-':<8} {r.outcome.value:<16}"
        f"{'' if r.minutes is None else r.minutes:>4}  {r.reason}".rstrip()
        for r in results
    ]
    return "\n".join(lines) + "\n"


def matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs"


def logged(club: Club, catalog: ExperienceCatalog, youth: list) -> Activity:  # type: ignore[type-arg]
    activity = services.log_activity(
        db.session,
        club.staff,
        catalog,
        ActivityInput(
            type_slug="guest_speaker",
            activity_date=date(2026, 11, 20),
            cohort_id=club.cohort.id,
            attendee_ids=tuple(y.id for y in youth),
        ),
    )
    db.session.commit()
    return activity


def test_the_import_report_says_what_happened_to_each_row(club: Club, catalog: ExperienceCatalog):
    fatima = make_youth(club.org, club.cohort, name="Fatima N.", username="fatima")
    y = club.youth
    activity = logged(club, catalog, y[:3])
    parsed = parse_attendance_csv(FILE.encode())
    assert parsed.error is None
    results = attendance.import_attendance(db.session, club.staff, activity, parsed.lines)
    db.session.commit()
    matches_snapshot("attendance_import_report.txt", report_text(results))
    assert participations(activity.id) == {
        y[1].id: (30, "roster"),
        y[2].id: (45, "roster"),
        y[3].id: (50, "import"),
    }
    assert fatima.id not in participations(activity.id)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "activity.attendance_import")
    )
    assert event is not None and event.target_id == activity.id
    assert event.detail == {
        "outcomes": {
            "added": 1,
            "already_present": 1,
            "updated": 1,
            "removed": 1,
            "not_on_list": 1,
            "refused": 6,
        }
    }


def test_an_admin_reaches_every_cohort_of_the_organization(club, catalog):
    activity = logged(club, catalog, club.youth[:1])
    parsed = parse_attendance_csv(b"username\nethan\nwalter\n")
    results = attendance.import_attendance(db.session, club.admin, activity, parsed.lines)
    assert [(r.username, r.outcome.value) for r in results] == [
        ("ethan", "added"),
        ("walter", "refused"),
    ]


def test_staff_of_another_cohort_cannot_import(club: Club, catalog: ExperienceCatalog):
    activity = logged(club, catalog, club.youth[:1])
    with pytest.raises(NotFound):
        attendance.import_attendance(db.session, club.other_staff, activity, ())


# --- QR check-in -----------------------------------------------------------------------------


def test_checking_in_marks_the_youth_present_once(club: Club, catalog: ExperienceCatalog):
    activity = logged(club, catalog, club.youth[:1])
    youth = club.youth[1]
    assert attendance.checkin_view(db.session, youth, activity.id).is_present is False
    assert attendance.check_in(db.session, youth, activity.id) is True
    db.session.commit()
    assert participations(activity.id)[youth.id] == (45, "checkin")
    assert attendance.checkin_view(db.session, youth, activity.id).is_present is True
    assert attendance.check_in(db.session, youth, activity.id) is False  # already present
    # Someone already on the list keeps their row as it was.
    assert attendance.check_in(db.session, club.youth[0], activity.id) is False
    db.session.commit()
    assert participations(activity.id)[club.youth[0].id] == (45, "roster")
    assert attendance.checkin_counts(db.session, club.staff, activity) == (2, 1)
    events = list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "activity.checkin"))
    )
    assert [(e.youth_id, e.target_id) for e in events] == [(youth.id, activity.id)]


def test_a_walk_in_from_another_cohort_may_check_in(club: Club, catalog: ExperienceCatalog):
    activity = logged(club, catalog, club.youth[:1])
    assert attendance.check_in(db.session, club.walk_in, activity.id) is True


def test_only_youth_of_the_activitys_organization_check_in(club, catalog):
    activity = logged(club, catalog, club.youth[:1])
    with pytest.raises(NotFound):
        attendance.check_in(db.session, club.outsider, activity.id)
    with pytest.raises(NotFound):
        attendance.checkin_view(db.session, club.outsider, activity.id)
    with pytest.raises(NotFound):
        attendance.check_in(db.session, club.youth[1], 999_999)
    with pytest.raises(Forbidden):
        attendance.check_in(db.session, club.staff, activity.id)
    club.youth[2].is_active = False
    db.session.commit()
    with pytest.raises(Forbidden):
        attendance.check_in(db.session, club.youth[2], activity.id)
    assert set(participations(activity.id)) == {club.youth[0].id}


def test_check_in_is_a_youth_action_of_the_policy(club: Club, catalog: ExperienceCatalog):
    activity = logged(club, catalog, club.youth[:1])
    assert can(db.session, club.youth[1], Action.CHECK_IN, activity) is True
    assert can(db.session, club.walk_in, Action.CHECK_IN, activity) is True
    for person in (club.staff, club.admin, club.outsider):
        assert can(db.session, person, Action.CHECK_IN, activity) is False
    assert Action.CHECK_IN not in ROLE_ACTIONS[Role.ADMIN]


def test_check_in_asks_the_policy(club: Club, catalog: ExperienceCatalog, monkeypatch):
    activity = logged(club, catalog, club.youth[:1])
    youth_actions = ROLE_ACTIONS[Role.YOUTH] - {Action.CHECK_IN}
    monkeypatch.setitem(ROLE_ACTIONS, Role.YOUTH, youth_actions)
    with pytest.raises(Forbidden):
        attendance.check_in(db.session, club.youth[1], activity.id)
    with pytest.raises(Forbidden):
        attendance.checkin_view(db.session, club.youth[1], activity.id)
    monkeypatch.setitem(ROLE_ACTIONS, Role.ADMIN, frozenset(Action))
    # Even a role the table allowed checks in only to its own organization's activities.
    with pytest.raises(NotFound):
        attendance.check_in(db.session, make_admin(club.outsider_org), activity.id)
    assert attendance.check_in(db.session, club.admin, activity.id) is True


def test_an_import_row_for_a_youth_checking_in_meanwhile_updates_their_row(
    club: Club, catalog: ExperienceCatalog, monkeypatch
):
    y = club.youth
    activity = logged(club, catalog, y[:1])
    real = attendance._apply_line

    def check_in_first(session, activity_, line, *args):  # noqa: ANN001, ANN202
        # Ben checks in by QR after the import read the attendance, before his row is added.
        if line.username == "ben":
            attendance.check_in(session, y[1], activity.id)
        return real(session, activity_, line, *args)

    monkeypatch.setattr(attendance, "_apply_line", check_in_first)
    parsed = parse_attendance_csv(b"username,minutes\nben,30\ncamila,\n")
    results = attendance.import_attendance(db.session, club.staff, activity, parsed.lines)
    db.session.commit()
    assert [(r.username, r.outcome, r.minutes) for r in results] == [
        ("ben", Outcome.UPDATED, 30),
        ("camila", Outcome.ADDED, 45),
    ]
    assert participations(activity.id) == {
        y[0].id: (45, "roster"),
        y[1].id: (30, "checkin"),
        y[2].id: (45, "import"),
    }
