"""The experience timeline pages and loader: what each audience sees, newest first by month,
who is audited, and a constant number of SQL statements however many activities."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.careers.models import CareerCluster, Occupation
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.reflections import records
from ccl_youth.reflections import timeline as tl
from tests.factories import bearer, login_as, make_admin, make_family, make_token, web_client
from tests.reflections.helpers import (
    Setup,
    add_activity,
    add_partner,
    add_placement,
    add_reflection,
    add_role_model,
    hand_catalog,
    make_setup,
)

JAN, FEB, MAR = date(2026, 1, 12), date(2026, 2, 3), date(2026, 3, 20)


def as_user(app: Flask, user: User) -> FlaskClient:
    return login_as(web_client(app), user)


def story(s: Setup) -> dict[str, int]:
    """A guest speaker in March (with a role model, two clusters and two reflections, one
    shared), a field trip in January, an internship from February with hours, a reflection
    on the internship, and one left from an activity the youth was later taken off."""
    clusters = [
        CareerCluster(framework="ncc_2024", code=code, name=name, kind="cluster")
        for code, name in (("T1", "Manufacturing"), ("T2", "Health Science"))
    ]
    occupation = Occupation(
        soc_code="99-0100.00", title="Robot Testers", riasec_r=5, riasec_i=4, riasec_a=1,
        riasec_s=2, riasec_e=2, riasec_c=3,
    )  # fmt: skip
    db.session.add_all([*clusters, occupation])
    db.session.commit()
    partner = add_partner(s.org.id, "Harbor Robotics")
    card = add_role_model(partner, occupation, "Maria G.", "I fixed bikes as a kid.")
    talk = add_activity(
        s.cohort, s.staff, [s.youth], MAR, "guest_speaker", "Robot talk", 45, partner, card,
        clusters,
    )  # fmt: skip
    trip = add_activity(s.cohort, s.staff, [s.youth], JAN, "field_trip", "Science museum", 120)
    dropped = add_activity(s.cohort, s.staff, [], FEB, "field_trip", "Dropped trip")
    job = add_placement(
        s.youth, partner, FEB + timedelta(days=2), end=MAR, status="active",
        hours=[(120, "verified"), (60, "submitted"), (30, "returned")],
    )  # fmt: skip
    add_reflection(s.youth, talk, "t.pre", "Private plans.", when="pre")
    add_reflection(s.youth, talk, "t.post", "Shared thoughts.", shared=True)
    add_reflection(s.youth, None, "job.post", "Job words.", placement=job, shared=True)
    loose = add_reflection(s.youth, dropped, "d.post", "Words kept.")
    return {"talk": talk.id, "trip": trip.id, "job": job.id, "loose": loose.id}


def test_the_loader_puts_every_kind_in_order(app: Flask) -> None:
    s = make_setup()
    ids = story(s)
    view = records.youth_timeline(db.session, s.youth, s.youth.id, hand_catalog())
    timeline = view.timeline
    assert (
        [(e.kind, e.id) for e in timeline.entries]
        == [
            ("activity", ids["talk"]),
            ("placement", ids["job"]),
            # Written today, so the newest of all? No: dated when written, which is today.
        ][:0]
        or [(e.kind, e.id) for e in timeline.entries]
    )
    kinds = [(e.kind, e.id, e.day) for e in timeline.entries]
    today = date.today()
    assert kinds == [
        ("reflection", ids["loose"], today),
        ("activity", ids["talk"], MAR),
        ("placement", ids["job"], FEB + timedelta(days=2)),
        ("activity", ids["trip"], JAN),
    ]
    assert [(g.year, g.month) for g in timeline.groups] == [
        (today.year, today.month), (2026, 3), (2026, 2), (2026, 1),
    ]  # fmt: skip
    talk = timeline.entries[1]
    assert (talk.title, talk.type_name, talk.minutes) == ("Robot talk", "Guest speaker", 45)
    assert talk.partner is not None and talk.partner.startswith("Harbor Robotics")
    assert talk.role_model == tl.RoleModelCard(
        "Maria G.", "Robot Testers", "I fixed bikes as a kid."
    )
    assert talk.clusters == ("Health Science", "Manufacturing")
    assert [r.answer for r in talk.reflections] == ["Private plans.", "Shared thoughts."]
    job = timeline.entries[2]
    assert (job.status, job.end_date, job.verified_minutes, job.submitted_minutes) == (
        "active", MAR, 120, 180,
    )  # fmt: skip
    assert [r.answer for r in job.reflections] == ["Job words."]
    assert timeline.entries[3].role_model is None and timeline.entries[3].clusters == ()
    # The youth looking at their own timeline is not an audited view of someone's record.
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")).all() == []
    )


def test_family_see_only_shared_reflections_and_staff_see_all(app: Flask) -> None:
    s = make_setup()
    story(s)
    admin = make_admin(s.org)
    family_view = records.youth_timeline(db.session, s.family, s.youth.id, hand_catalog())
    answers = [r.answer for e in family_view.timeline.entries for r in e.reflections]
    assert family_view.shared_only and answers == ["Shared thoughts.", "Job words."]
    for reader in (s.staff, admin):
        view = records.youth_timeline(db.session, reader, s.youth.id, hand_catalog())
        assert sorted(r.answer for e in view.timeline.entries for r in e.reflections) == [
            "Job words.", "Private plans.", "Shared thoughts.", "Words kept.",
        ]  # fmt: skip
    db.session.commit()
    audited = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "youth.view").order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.youth_id, e.target_type, e.detail) for e in audited] == [
        (who.id, s.youth.id, "user", {"section": "experiences", "page": 1})
        for who in (s.family, s.staff, admin)
    ]


def test_pages_show_the_timeline_to_each_audience(app: Flask) -> None:
    s = make_setup()
    ids = story(s)
    mine = as_user(app, s.youth).get("/my/experiences")
    assert mine.status_code == 200
    body = mine.get_data(as_text=True)
    for text in ("My experiences", "Robot talk", "Maria G.", "Robot Testers", "I fixed bikes",
                 "Health Science", "Private plans.", "Words kept.", "Going on now", "March 2026",
                 "Hours checked: 2 hours of 3 hours logged"):  # fmt: skip
        assert text in body, text
    assert body.index("March 2026") < body.index("February 2026") < body.index("January 2026")
    assert f'action="/reflections/{ids["loose"]}/share"' in body

    family = as_user(app, s.family).get(f"/youth/{s.youth.id}/experiences")
    assert family.status_code == 200
    body = family.get_data(as_text=True)
    assert "Shared thoughts." in body and "Job words." in body
    assert "Private plans." not in body and "Words kept." not in body
    assert "/share" not in body and "/edit" not in body

    staff = as_user(app, s.staff).get(f"/youth/{s.youth.id}/experiences")
    body = staff.get_data(as_text=True)
    assert "Private plans." in body and "Experiences: Robin Reflector" in body
    assert "/share" not in body
    # Another family, staff of another organization: not found. A youth uses /my/experiences.
    stranger = make_family(s.org)
    assert as_user(app, stranger).get(f"/youth/{s.youth.id}/experiences").status_code == 404
    assert as_user(app, s.outsider_staff).get(f"/youth/{s.youth.id}/experiences").status_code == 404
    assert as_user(app, s.youth).get(f"/youth/{s.youth.id}/experiences").status_code == 403
    audited = db.session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.action == "youth.view")
    ).all()
    assert audited == [s.family.id, s.staff.id]


def test_pages_of_fifty_with_a_pager(app: Flask) -> None:
    s = make_setup()
    for n in range(55):
        add_activity(s.cohort, s.staff, [s.youth], JAN + timedelta(days=n), title=f"Visit {n:02d}")
    client = as_user(app, s.youth)
    first = client.get("/my/experiences").get_data(as_text=True)
    assert len(re.findall(r"<h3>Visit \d\d</h3>", first)) == 50
    assert "Visit 54" in first and "Visit 04" not in first and "Page 1 of 2" in first
    second = client.get("/my/experiences?page=2").get_data(as_text=True)
    assert re.findall(r"<h3>(Visit \d\d)</h3>", second) == [
        f"Visit {n:02d}" for n in range(4, -1, -1)
    ]
    for bad in ("abc", "0", "-1", "\u00b2", "9" * 30, "999"):
        assert client.get(f"/my/experiences?page={bad}").status_code == 200


def grow(s: Setup, count: int) -> None:
    """More activities for the youth, each with a cluster, a role model and a reflection."""
    cluster = db.session.scalar(select(CareerCluster).limit(1))
    partner = add_partner(s.org.id)
    card = add_role_model(partner, None, "Sam P.", "A story.")
    existing = len(
        records.youth_timeline(db.session, s.youth, s.youth.id, hand_catalog()).timeline.entries
    )
    for n in range(existing, count):
        activity = add_activity(
            s.cohort, s.staff, [s.youth], JAN + timedelta(days=n), partner=partner,
            role_model=card, clusters=[cluster] if cluster else [],
        )  # fmt: skip
        add_reflection(s.youth, activity, "p.post", f"Answer {n}.")


def measure(client: FlaskClient, url: str, headers: dict[str, str] | None = None) -> int:
    assert client.get(url, headers=headers).status_code == 200  # warm-up
    db.session.commit()  # each request has a session of its own; the test's holds nothing
    with StatementCounter(db.engine) as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


def test_the_timeline_takes_the_same_statements_for_5_or_60_activities(app: Flask) -> None:
    s = make_setup()
    db.session.add(CareerCluster(framework="ncc_2024", code="Q1", name="Quality", kind="cluster"))
    db.session.commit()
    add_placement(s.youth, None, JAN, hours=[(60, "verified")])
    _token_id, secret = make_token(s.staff)
    youth, staff, family = (as_user(app, who) for who in (s.youth, s.staff, s.family))
    pages = {
        "youth page": (youth, "/my/experiences", None),
        "staff page": (staff, f"/youth/{s.youth.id}/experiences", None),
        "family page": (family, f"/youth/{s.youth.id}/experiences", None),
        "API": (web_client(app), f"/api/v1/youth/{s.youth.id}/experiences", bearer(secret)),
    }
    counts: dict[str, list[int]] = {name: [] for name in pages}
    for size in (5, 60):
        grow(s, size)
        for name, (client, url, headers) in pages.items():
            counts[name].append(measure(client, url, headers))
    print("timeline statements at 5 and 60 activities:", counts)
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} statements for 5 activities, {large} for 60"
