"""Access matrix rows and IDOR probes for activities: the list and its export, logging,
editing and deleting, the attendance import, the QR check-in and the activities API.

``activity_id`` is activity1 (cohort 1, logged by staff1; youth1 and the classmate attended).
``token`` is a check-in code for activity1 open for an hour. A youth of the same organization
may check in to any of its activities (walk-ins), so a code for cohort 2's activity is not "out
of scope" for youth1: only another organization's activity and codes that are not genuine are.

The matrix walks each actor through every row in one world, and the reflections rows after
these use activity1 too: the rows here therefore never delete it (the delete POST is sent
without the confirmation box, which leaves the activity alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from ccl_youth.db import utcnow
from ccl_youth.experiences.checkin import make_checkin_token
from ccl_youth.experiences.models import Participation
from ccl_youth.extensions import db
from tests.conftest import TEST_CONFIG
from tests.factories import World
from tests.idor import MISSING_ID, STAFF_AND_ADMIN, IdRoute, Ids
from tests.matrix import (
    ALLOW,
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    SAVED,
    UNAUTH_401,
    Key,
    Outcome,
    Row,
)
from tests.world_experiences import WORLD_DAY

INVALID_422 = Outcome("422", lambda r: r.status_code == 422)


def checkin_token(activity_id: int, minutes: int = 60) -> str:
    """A genuine check-in code for the activity, signed with the test app's secret."""
    expires = utcnow() + timedelta(minutes=minutes)
    return make_checkin_token(current_app.config["SECRET_KEY"], activity_id, expires)


def tampered(token: str) -> str:
    """The same code with the first character of its signature changed. (Not the last: in
    base64 it may carry only padding bits, so changing it can leave the signature intact.)"""
    body, signature = token.rsplit(".", 1)
    first = "A" if signature[0] != "A" else "B"
    return f"{body}.{first}{signature[1:]}"


def _youth1_not_yet_present(w: World) -> None:
    """So that checking in to activity1 adds a row (the control's change)."""
    db.session.execute(
        delete(Participation).where(
            Participation.activity_id == w.exp.activity1, Participation.youth_id == w.youth1
        )
    )
    db.session.commit()


def _edit_form(w: World) -> dict[str, str]:
    """A complete edit of activity1: a new type, title and length; only youth1 came."""
    return {
        "cohort_id": str(w.cohort1),
        "type_slug": "field_trip",
        "title": "Renamed by the probes",
        "activity_date": WORLD_DAY.isoformat(),
        "minutes": "90",
        "attendees": str(w.youth1),
    }


def _api_activity(w: World) -> dict[str, object]:
    return {
        "type": "guest_speaker",
        "date": date.today().isoformat(),
        "minutes": 45,
        "cohort_id": w.cohort1,
        "attendee_ids": [w.youth1, w.classmate],
        "submission_key": "matrix-activity-0001",
    }


#: Codes for no activity at all: made with the test app's secret, open for years (an expired
#: code is 410, not the 404 these probes expect).
_FAR = datetime(2100, 1, 1, tzinfo=UTC)
NO_ACTIVITY_TOKEN = make_checkin_token(TEST_CONFIG["SECRET_KEY"], MISSING_ID, _FAR)

URL_IDS: dict[str, Callable[[World], int | str]] = {
    "activity_id": lambda w: w.exp.activity1,
    "token": lambda w: checkin_token(w.exp.activity1),
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "activity_id": lambda w, actor: w.exp.activity1,
    "token": lambda w, actor: checkin_token(w.exp.activity1),
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "activity_id": lambda w: [("org B's activity", w.exp.activity_b)],
    "token": lambda w: [("a code for org B's activity", checkin_token(w.exp.activity_b))],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("activity_id", "staff"): lambda w: [("cohort 2's activity, by staff2", w.exp.activity2)],
}
NONEXISTENT_BY_PARAM: dict[str, Ids] = {
    "token": [
        ("a code for no activity", NO_ACTIVITY_TOKEN),
        ("a code with a changed signature", tampered(NO_ACTIVITY_TOKEN)),
    ],
}
MISSING_BY_PARAM: dict[str, int | str] = {"token": NO_ACTIVITY_TOKEN}

ACTIVITY = "/activities/<int:activity_id>"

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- activities: staff and admins log, read and change the ones in their scope -------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("experiences.activities", "GET", "/activities"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("experiences.export", "GET", "/activities.csv"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("experiences.attendance_template", "GET", "/activities/attendance-template.csv"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    # Staff with one cohort get its form; admins (two cohorts) choose one first.
    ("experiences.new_activity", "GET", "/activities/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("experiences.new_activity", "POST", "/activities/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    ALLOW),
    ("experiences.activity", "GET", ACTIVITY):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("experiences.edit_activity", "GET", ACTIVITY + "/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("experiences.edit_activity", "POST", ACTIVITY + "/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    ("experiences.import_attendance", "GET", ACTIVITY + "/attendance/import"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("experiences.import_attendance", "POST", ACTIVITY + "/attendance/import"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    ("experiences.checkin_screen", "GET", ACTIVITY + "/checkin"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("experiences.checkin_count", "GET", ACTIVITY + "/checkin/count"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("experiences.delete_activity", "GET", ACTIVITY + "/delete"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    # Without the confirmation box nothing is deleted: the page asks again.
    ("experiences.delete_activity", "POST", ACTIVITY + "/delete"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    # --- QR check-in: youth of the activity's organization, signed in -----------------
    ("experiences.checkin", "GET", "/checkin/<checkin:token>"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("experiences.checkin", "POST", "/checkin/<checkin:token>"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    # --- API: org B's admin cannot log for org A's cohort, nor staff2 for cohort 1 ------
    #                                   token_staff token_staff2 token_admin token_admin2
    ("api.ActivityList", "GET", "/api/v1/activities"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      OK,          OK,         OK)),
    ("api.ActivityList", "POST", "/api/v1/activities"):
        Row(*[UNAUTH_401] * 8, tokens=(SAVED,   INVALID_422, SAVED,      INVALID_422),
            json=_api_activity),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    ("experiences.activity", "GET", ACTIVITY): IdRoute(STAFF_AND_ADMIN),
    ("experiences.edit_activity", "GET", ACTIVITY + "/edit"): IdRoute(STAFF_AND_ADMIN),
    ("experiences.edit_activity", "POST", ACTIVITY + "/edit"): IdRoute(
        STAFF_AND_ADMIN, form=_edit_form
    ),
    ("experiences.import_attendance", "GET", ACTIVITY + "/attendance/import"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("experiences.import_attendance", "POST", ACTIVITY + "/attendance/import"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"rows": "username,present\r\nxslate,no\r\n"}
    ),
    ("experiences.checkin_screen", "GET", ACTIVITY + "/checkin"): IdRoute(STAFF_AND_ADMIN),
    ("experiences.checkin_count", "GET", ACTIVITY + "/checkin/count"): IdRoute(STAFF_AND_ADMIN),
    ("experiences.delete_activity", "GET", ACTIVITY + "/delete"): IdRoute(STAFF_AND_ADMIN),
    ("experiences.delete_activity", "POST", ACTIVITY + "/delete"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"confirm": "y"}
    ),
    ("experiences.checkin", "GET", "/checkin/<checkin:token>"): IdRoute(("youth",)),
    ("experiences.checkin", "POST", "/checkin/<checkin:token>"): IdRoute(
        ("youth",), setup=_youth1_not_yet_present
    ),
}
