"""Badge pages through real HTTP: rules award on the experiences pages' commits, staff award
and revoke, youth and family see their badges."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges.models import BadgeAward
from ccl_youth.extensions import db
from ccl_youth.placements.models import HoursEntry, Placement
from tests.badges.support import PAST, add_activity
from tests.factories import field_errors, login_as, make_cohort, make_family, make_youth, web_client

NOTE = "Ran the welcome table at the open day."


def client_for(app: Flask, user):  # noqa: ANN001, ANN201
    return login_as(web_client(app), user)


def awards(youth_id: int) -> list[BadgeAward]:
    return list(
        db.session.scalars(
            select(BadgeAward).where(BadgeAward.youth_id == youth_id).order_by(BadgeAward.id)
        )
    )


def slugs(youth_id: int) -> list[str]:
    return [a.badge_slug for a in awards(youth_id)]


def log_form(club, attendees: list[int], key: str) -> dict[str, object]:
    return {
        "submission_key": key,
        "cohort_id": str(club.cohort.id),
        "type_slug": "guest_speaker",
        "title": "",
        "activity_date": date.today().isoformat(),
        "minutes": "",
        "attendees": [str(y) for y in attendees],
    }


# --- rules, through other features' pages ----------------------------------------------------


def test_logging_an_activity_on_its_page_awards_the_badge_it_completes(app: Flask, club):
    a, b = club.youth[0].id, club.youth[1].id
    add_activity(club.cohort, club.staff.id, [a])
    add_activity(club.cohort, club.staff.id, [a, b])
    assert slugs(a) == slugs(b) == []  # Job Spotter needs 3 visits
    staff = client_for(app, club.staff)
    response = staff.post("/activities/new", data=log_form(club, [a, b], "badge-log-0001"))
    assert response.status_code == 302
    (award,) = awards(a)
    assert (award.badge_slug, award.method, award.awarded_by_id) == ("job_spotter", "rule", None)
    assert slugs(b) == []
    # The same form again (a double click) and a fourth visit award nothing more.
    staff.post("/activities/new", data=log_form(club, [a, b], "badge-log-0001"))
    staff.post("/activities/new", data=log_form(club, [a, b], "badge-log-0002"))
    assert slugs(a) == ["job_spotter"]
    assert slugs(b) == ["job_spotter"]  # b's third visit
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "badge.award")
        )
        == 2
    )


def test_verifying_hours_on_the_review_page_awards_the_badge_it_completes(app: Flask, club):
    youth = club.youth[0]
    placement = Placement(
        organization_id=club.org.id, youth_id=youth.id, type_slug="internship",
        title="Intern", supervisor_name="Pat", start_date=PAST, status="active",
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    entry = HoursEntry(
        placement_id=placement.id, youth_id=youth.id, work_date=PAST, minutes=20 * 60,
        description="Built the test rig.", logged_by_id=youth.id,
    )  # fmt: skip
    db.session.add(entry)
    db.session.commit()
    assert slugs(youth.id) == []
    response = client_for(app, club.staff).post(
        "/hours/review", data={"hours_ids": str(entry.id), "action": "verify"}
    )
    assert response.status_code == 302
    assert slugs(youth.id) == ["work_based_learner"]  # 20 verified hours


# --- staff award one youth -------------------------------------------------------------------


def test_staff_award_a_badge_with_a_note(app: Flask, club):
    youth = club.youth[0]
    staff = client_for(app, club.staff)
    page = staff.get(f"/youth/{youth.id}/badges").get_data(as_text=True)
    assert '<option value="partner_star">Partner Star</option>' in page
    response = staff.post(
        f"/youth/{youth.id}/badges", data={"badge": "partner_star", "note": f"  {NOTE}  "}
    )
    assert response.headers["Location"] == f"/youth/{youth.id}/badges"
    (award,) = awards(youth.id)
    assert (award.method, award.awarded_by_id, award.evidence_note) == (
        "staff",
        club.staff.id,
        NOTE,
    )
    page = staff.get(f"/youth/{youth.id}/badges").get_data(as_text=True)
    assert "Badge awarded." in page and NOTE in page
    assert '<option value="partner_star">' not in page  # held: no longer offered
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "badge.award"))
    assert (event.actor_id, event.youth_id, event.target_id) == (club.staff.id, youth.id, award.id)
    assert event.detail == {"badge": "partner_star", "method": "staff"}
    views = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "youth.view")
    ).all()
    assert {"section": "badges"} in views


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"badge": "partner_star", "note": "ok"}, "note", "Write 3 to 1000 characters."),
        ({"badge": "partner_star", "note": "x" * 1001}, "note", "Write 3 to 1000 characters."),
        ({"badge": "partner_star", "note": ""}, "note", "Say what the youth did."),
        ({"badge": "no_such_badge", "note": NOTE}, "badge", "Choose a badge from the list."),
        ({"badge": "", "note": NOTE}, "badge", "This field is required."),
    ],
)
def test_a_bad_award_is_refused_naming_the_field(app: Flask, club, form, field, message):
    youth = club.youth[0]
    response = client_for(app, club.staff).post(f"/youth/{youth.id}/badges", data=form)
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True))[field] == message
    assert awards(youth.id) == []


def test_a_badge_held_or_revoked_is_not_awarded_again(app: Flask, club):
    youth = club.youth[0]
    staff = client_for(app, club.staff)
    data = {"badge": "partner_star", "note": NOTE}
    assert staff.post(f"/youth/{youth.id}/badges", data=data).status_code == 302
    again = staff.post(f"/youth/{youth.id}/badges", data=data)
    assert (
        field_errors(again.get_data(as_text=True))["badge"] == "This youth already has this badge."
    )
    (award,) = awards(youth.id)
    staff.post(f"/badges/awards/{award.id}/revoke", data={"reason": "Wrong youth."})
    after = staff.post(f"/youth/{youth.id}/badges", data=data)
    assert "was taken back from this youth" in field_errors(after.get_data(as_text=True))["badge"]
    assert len(awards(youth.id)) == 1


def test_who_may_award(app: Flask, club):
    youth = club.youth[0]
    other_cohort_youth = make_youth(club.org, make_cohort(club.org))
    family = make_family(club.org, [youth])
    data = {"badge": "partner_star", "note": NOTE}
    staff = client_for(app, club.staff)
    # Out of the staff member's scope: not found, whatever the form says.
    assert staff.post(f"/youth/{other_cohort_youth.id}/badges", data=data).status_code == 404
    assert staff.get(f"/youth/{other_cohort_youth.id}/badges").status_code == 404
    # The youth and their family may look but not award.
    assert client_for(app, youth).post(f"/youth/{youth.id}/badges", data=data).status_code == 403
    assert client_for(app, family).post(f"/youth/{youth.id}/badges", data=data).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0


# --- revoke ----------------------------------------------------------------------------------


def test_revoke_needs_a_reason_and_keeps_the_award_listed(app: Flask, club):
    youth = club.youth[0]
    staff = client_for(app, club.staff)
    staff.post(f"/youth/{youth.id}/badges", data={"badge": "partner_star", "note": NOTE})
    (award,) = awards(youth.id)
    form = staff.get(f"/badges/awards/{award.id}/revoke").get_data(as_text=True)
    assert "Take back the badge" in form
    missing = staff.post(f"/badges/awards/{award.id}/revoke", data={"reason": " "})
    assert field_errors(missing.get_data(as_text=True))["reason"]
    assert db.session.get(BadgeAward, award.id).revoked_dt is None
    done = staff.post(
        f"/badges/awards/{award.id}/revoke", data={"reason": "Given to the wrong youth."}
    )
    assert done.headers["Location"] == f"/youth/{youth.id}/badges"
    db.session.refresh(award)
    assert (award.revoked_by_id, award.revoke_reason) == (
        club.staff.id,
        "Given to the wrong youth.",
    )
    page = staff.get(f"/youth/{youth.id}/badges").get_data(as_text=True)
    assert "Taken back" in page and "Given to the wrong youth." in page and "Revoked" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "badge.revoke"))
    assert (event.target_id, event.detail) == (award.id, {"badge": "partner_star"})
    # Revoking again changes nothing.
    staff.post(f"/badges/awards/{award.id}/revoke", data={"reason": "Again."})
    db.session.refresh(award)
    assert award.revoke_reason == "Given to the wrong youth."
    # The youth sees it as taken back, not as earned.
    mine = client_for(app, youth).get("/my/badges").get_data(as_text=True)
    assert "Badges taken back" in mine and "You have no badges yet" in mine


# --- a cohort at once ------------------------------------------------------------------------


def test_award_a_cohort_with_a_note_for_each_youth(app: Flask, club):
    a, b, c = (y.id for y in club.youth)
    staff = client_for(app, club.staff)
    staff.post(f"/youth/{c}/badges", data={"badge": "partner_star", "note": NOTE})
    page = staff.get(f"/cohorts/{club.cohort.id}/badges/award?badge=partner_star")
    html = page.get_data(as_text=True)
    assert f'name="youth_ids" value="{a}"' in html and f'name="youth_ids" value="{b}"' in html
    assert f'name="youth_ids" value="{c}"' not in html and "Already has it" in html
    response = staff.post(
        f"/cohorts/{club.cohort.id}/badges/award",
        data={
            "badge": "partner_star",
            "youth_ids": [str(a), str(b), str(c)],
            f"note-{a}": "Greeted the visitors.",
            f"note-{b}": "",
            "note_all": "Helped at the partner open day.",
        },
    )
    assert response.status_code == 302
    notes = {x.youth_id: x.evidence_note for x in db.session.scalars(select(BadgeAward))}
    assert notes == {a: "Greeted the visitors.", b: "Helped at the partner open day.", c: NOTE}
    flashed = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Badge awarded to 2 youth." in flashed and "1 already had it" in flashed


def test_a_cohort_award_with_a_bad_note_saves_nothing(app: Flask, club):
    a, b = club.youth[0].id, club.youth[1].id
    response = client_for(app, club.staff).post(
        f"/cohorts/{club.cohort.id}/badges/award",
        data={"badge": "partner_star", "youth_ids": [str(a), str(b)], f"note-{a}": "Fine note.",
              f"note-{b}": "no"},
    )  # fmt: skip
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert errors == {f"note-{b}": "Write 3 to 1000 characters."}
    assert "Fine note.</textarea>" in response.get_data(as_text=True)  # kept for the retry
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"badge": "partner_star"}, "youth_ids"),
        ({"badge": "nope_badge", "youth_ids": "X", "note_all": NOTE}, "badge"),
    ],
)
def test_a_cohort_award_names_what_is_missing(app: Flask, club, data, field):
    data = {k: (str(club.youth[0].id) if v == "X" else v) for k, v in data.items()}
    response = client_for(app, club.staff).post(
        f"/cohorts/{club.cohort.id}/badges/award", data=data
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field in field_errors(html) or "Choose a badge from the list." in html
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0


def test_a_cohort_award_cannot_reach_youth_outside_the_cohort(app: Flask, club):
    stranger = make_youth(club.org, make_cohort(club.org))
    response = client_for(app, club.staff).post(
        f"/cohorts/{club.cohort.id}/badges/award",
        data={"badge": "partner_star", "youth_ids": [str(club.youth[0].id), str(stranger.id)],
              "note_all": NOTE},
    )  # fmt: skip
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0
    bad_id = client_for(app, club.staff).post(
        f"/cohorts/{club.cohort.id}/badges/award",
        data={"badge": "partner_star", "youth_ids": ["1x"], "note_all": NOTE},
    )
    assert bad_id.status_code == 404


# --- youth and family ------------------------------------------------------------------------


def test_youth_see_earned_badges_and_what_is_almost_there(app: Flask, club):
    youth = club.youth[0]
    add_activity(club.cohort, club.staff.id, [youth.id], "field_trip")
    add_activity(club.cohort, club.staff.id, [youth.id], "field_trip")  # Trip Explorer
    add_activity(club.cohort, club.staff.id, [youth.id])  # 1 of 3 for Job Spotter
    client = client_for(app, youth)
    page = client.get("/my/badges").get_data(as_text=True)
    (award,) = awards(youth.id)
    assert award.badge_slug == "trip_explorer"
    assert f'href="/my/badges/{award.id}">Trip Explorer</a>' in page
    assert "Go on 2 field trips or online visits." in page  # the criteria
    assert 'src="/badges/images/trip_explorer.svg"' in page
    almost = page[page.index("Almost there") :]
    assert "Job Spotter" in almost
    assert (
        "To do:</span> Go to 2 more activities: Guest speaker, Career fair or Online career visit"
        in almost
    )
    assert len(re.findall(r'<li class="card badge-card">', almost)) == 3
    detail = client.get(f"/my/badges/{award.id}").get_data(as_text=True)
    assert "Trip Explorer" in detail and "Take your badge with you" in detail


def test_a_youth_opens_only_their_own_awards(app: Flask, club):
    a, b = club.youth[0], club.youth[1]
    add_activity(club.cohort, club.staff.id, [b.id], "field_trip")
    add_activity(club.cohort, club.staff.id, [b.id], "field_trip")
    (theirs,) = awards(b.id)
    assert client_for(app, a).get(f"/my/badges/{theirs.id}").status_code == 404
    assert client_for(app, b).get(f"/my/badges/{theirs.id}").status_code == 200


def test_family_see_their_youth_badges_read_only(app: Flask, club):
    youth = club.youth[0]
    family = make_family(club.org, [youth])
    client_for(app, club.staff).post(
        f"/youth/{youth.id}/badges", data={"badge": "partner_star", "note": NOTE}
    )
    page = client_for(app, family).get(f"/youth/{youth.id}/badges").get_data(as_text=True)
    assert "Partner Star" in page and "Almost there" in page
    assert "<form" not in page.split("<main", 1)[1] and "Take back" not in page
    assert client_for(app, family).get(f"/youth/{club.youth[1].id}/badges").status_code == 404


def test_badge_images_come_from_the_content(app: Flask, club):
    client = client_for(app, club.youth[0])
    response = client.get("/badges/images/job_spotter.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg") or b"<svg" in response.data[:200]
    assert response.headers["Cache-Control"] == "private, max-age=86400"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    again = client.get(
        "/badges/images/job_spotter.svg", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    assert client.get("/badges/images/no_such_badge.svg").status_code == 404
    for bad in ("../secret.svg", "..%2Fsecret.svg", "Job_Spotter.svg", "job-spotter.svg"):
        assert client.get(f"/badges/images/{bad}").status_code == 404, bad
    assert web_client(app).get("/badges/images/job_spotter.svg").status_code == 302
