"""Supervisor evaluations by link: staff make a one-time link (only its hash is kept), the
supervisor answers without an account, the answer is locked and attributed; expired,
cancelled, used and tampered links say so; the page shows no more than a first name."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.placements import evaluations
from ccl_youth.placements.models import Evaluation, EvaluationRating
from ccl_youth.placements.rubric import SKILL_SLUGS, SKILLS
from tests.factories import World, field_errors, input_value, login_as, web_client
from tests.placements.support import evaluation_b, evaluation_form, tampered


def _evaluation(world: World) -> Evaluation:
    db.session.expire_all()
    return db.session.get_one(Evaluation, world.exp.evaluation1)


def test_the_rubric_has_eight_skills_with_four_levels() -> None:
    assert SKILL_SLUGS == (
        "critical_thinking", "collaboration", "communication", "creativity",
        "growth_mindset", "goal_setting", "leadership", "problem_solving",
    )  # fmt: skip
    assert all(len(set(skill.descriptors)) == 4 for skill in SKILLS)


def test_staff_make_a_link_and_see_the_answer(app: Flask, world: World) -> None:
    staff = login_as(web_client(app), world.user("staff1"))
    response = staff.post(f"/placements/{world.exp.placement1}/evaluations", data={"days": "3"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    link = re.search(r'id="evaluation-link" class="link-box" value="([^"]+)"', html)
    assert link is not None
    secret = link.group(1).rsplit("/", 1)[1]
    # Only the hash is kept; the link lasts the days chosen.
    made = db.session.scalar(select(Evaluation).where(Evaluation.sent_by_id == world.staff1))
    assert made is not None and made.token_hash == sec.sha256_hex(secret)
    assert secret not in str(db.session.execute(select(Evaluation.__table__)).all())
    assert timedelta(days=2, hours=23) < made.expires_dt - utcnow() <= timedelta(days=3)
    mailto = re.search(r'href="(mailto:[^"]+)"', html)
    assert mailto is not None
    message = unquote(mailto.group(1).replace("&amp;", "&"))
    assert message.startswith("mailto:pat@example.org?subject=Please rate Zelda's work&body=")
    assert link.group(1) in message and "Zelda" in message and "Quartzfield" not in message
    assert "does not send e-mail" in html

    supervisor = web_client(app)
    page = supervisor.get(f"/evaluate/{secret}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Rate Zelda's work" in body and "Summer intern" in body and "Cascade Robotics" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    for private in ("Quartzfield", "zquartz", "Grade", "Cohort One"):
        assert private not in body
    answer = evaluation_form(level=2, **{"skill_leadership": "4"})
    done = supervisor.post(f"/evaluate/{secret}", data=answer, follow_redirects=True)
    assert "Thank you! Your evaluation is saved." in done.get_data(as_text=True)
    db.session.refresh(made)
    assert (made.status, made.evaluator_name, made.evaluator_title) == (
        "submitted",
        "Pat Supervisor",
        "Lab manager",
    )
    levels = dict(
        db.session.execute(
            select(EvaluationRating.skill_slug, EvaluationRating.level).where(
                EvaluationRating.evaluation_id == made.id
            )
        ).all()
    )
    assert levels == {**dict.fromkeys(SKILL_SLUGS, 2), "leadership": 4}

    detail = staff.get(f"/placements/{world.exp.placement1}").get_data(as_text=True)
    assert "By Pat Supervisor</h3>" in detail or "By Pat Supervisor" in detail
    assert "<td>Leadership</td><td>4 · Advanced</td>" in detail
    assert "<td>Creativity</td><td>2 · Developing</td>" in detail
    assert "Careful and curious." in detail
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "evaluation")
    ).all()
    assert {"evaluation.request", "evaluation.open", "evaluation.submit"} <= set(actions)


def test_a_link_works_once(app: Flask, world: World) -> None:
    client = web_client(app)
    url = f"/evaluate/{world.exp.evaluation_secret}"
    assert client.post(url, data=evaluation_form()).status_code == 302
    again = client.get(url)
    assert again.status_code == 200
    assert "already been sent" in again.get_data(as_text=True)
    second = web_client(app).post(url, data=evaluation_form(evaluator_name="Someone Else"))
    assert "already been sent" in second.get_data(as_text=True)
    assert _evaluation(world).evaluator_name == "Pat Supervisor"
    ratings = db.session.scalar(select(db.func.count()).select_from(EvaluationRating))
    assert ratings == len(SKILLS)


def test_expired_cancelled_and_tampered_links(app: Flask, world: World) -> None:
    client = web_client(app)
    url = f"/evaluate/{world.exp.evaluation_secret}"
    assert client.get(f"/evaluate/{tampered(world.exp.evaluation_secret)}").status_code == 404
    assert client.get(f"/evaluate/{world.exp.evaluation_secret}x").status_code == 404
    assert client.get("/evaluate/short").status_code == 404
    assert client.get("/evaluate/" + "!" * 43).status_code == 404
    evaluation = _evaluation(world)
    evaluation.expires_dt = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.get(url)
    assert expired.status_code == 410
    assert "The link has expired" in expired.get_data(as_text=True)
    assert client.post(url, data=evaluation_form()).status_code == 410
    assert _evaluation(world).status == "sent"

    evaluation.expires_dt = utcnow() + timedelta(days=1)
    db.session.commit()
    staff = login_as(web_client(app), world.user("staff1"))
    assert staff.post(f"/evaluations/{world.exp.evaluation1}/cancel").status_code == 302
    cancelled = client.get(url)
    assert cancelled.status_code == 410
    assert "cancelled this link" in cancelled.get_data(as_text=True)
    assert _evaluation(world).status == "cancelled"


def test_a_submitted_evaluation_cannot_be_cancelled(world: World) -> None:
    answer = evaluations.EvaluationInput("Pat", "", dict.fromkeys(SKILL_SLUGS, 3))
    evaluations.submit_evaluation(db.session, world.exp.evaluation_secret, answer, utcnow())
    with pytest.raises(ValidationFailed):
        evaluations.cancel_evaluation(db.session, world.user("staff1"), world.exp.evaluation1)
    with pytest.raises(NotFound):
        evaluations.cancel_evaluation(db.session, world.user("staff2"), world.exp.evaluation1)
    with pytest.raises(evaluations.LinkClosed) as closed:
        evaluations.submit_evaluation(db.session, world.exp.evaluation_secret, answer, utcnow())
    assert closed.value.state == "submitted"


def test_every_skill_and_a_name_are_needed(app: Flask, world: World) -> None:
    client = web_client(app)
    url = f"/evaluate/{world.exp.evaluation_secret}"
    answer = evaluation_form(evaluator_name="")
    del answer["skill_creativity"]
    answer["skill_leadership"] = "5"
    errors = field_errors(client.post(url, data=answer).get_data(as_text=True))
    assert {"evaluator_name", "skill_creativity", "skill_leadership"} <= errors.keys()
    assert _evaluation(world).status == "sent"
    with pytest.raises(ValidationFailed) as refused:
        evaluations.submit_evaluation(
            db.session,
            world.exp.evaluation_secret,
            evaluations.EvaluationInput("Pat", "", {**dict.fromkeys(SKILL_SLUGS, 3), "x": 2}),
            utcnow(),
        )
    assert list(refused.value.errors) == ["ratings"]


def test_another_organizations_link_shows_only_its_own_first_name(app: Flask, world: World) -> None:
    """A link is a capability: org B's link opens for whoever holds it, and shows org B's
    youth's first name only, never org A's records."""
    page = web_client(app).get(f"/evaluate/{world.exp.evaluation_secret_b}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Rate Walter's work" in body and "Basaltine" not in body
    assert "Zelda" not in body and "Cascade Robotics" not in body
    assert evaluation_b(world) != world.exp.evaluation1


@pytest.mark.parametrize("who", ["youth1", "family1", "staff1", "admin_a", "staff_b", "admin_b"])
def test_every_signed_in_account_is_refused(app: Flask, world: World, who: str) -> None:
    """The supervisor has no account here: whoever is signed in (a youth who could rate
    themselves, family, staff or an admin of either organization) gets a plain 403 page,
    reading or sending, for org A's link and org B's, and nothing is saved."""
    client = login_as(web_client(app), world.user(who))
    for secret in (world.exp.evaluation_secret, world.exp.evaluation_secret_b):
        url = f"/evaluate/{secret}"
        for response in (client.get(url), client.post(url, data=evaluation_form())):
            body = response.get_data(as_text=True)
            assert response.status_code == 403, (who, response.request.method)
            assert "This page is for the supervisor" in body
            assert "Sign out first to fill it in." in body
            assert 'name="evaluator_name"' not in body
            assert "Zelda" not in body and "Walter" not in body
    assert _evaluation(world).status == "sent"
    assert db.session.get_one(Evaluation, evaluation_b(world)).status == "sent"
    # Signed out, the same link works again.
    assert web_client(app).get(f"/evaluate/{world.exp.evaluation_secret}").status_code == 200


def test_the_page_is_rate_limited(app: Flask, world: World) -> None:
    client = web_client(app)
    codes = [client.get(f"/evaluate/{tampered(world.exp.evaluation_secret)}").status_code]
    codes += [client.get(f"/evaluate/{'B' * 43}").status_code for _ in range(29)]
    assert set(codes) == {404}
    assert client.get(f"/evaluate/{world.exp.evaluation_secret}").status_code == 429


def test_link_days_are_one_to_thirty(app: Flask, world: World) -> None:
    staff = world.user("staff1")
    for days in (0, 31):
        with pytest.raises(ValidationFailed):
            evaluations.request_evaluation(db.session, staff, world.exp.placement1, days, utcnow())
    client = login_as(web_client(app), staff)
    response = client.post(
        f"/placements/{world.exp.placement1}/evaluations",
        data={"days": "31"},
        follow_redirects=True,
    )
    assert "1 to 30" in response.get_data(as_text=True)
    evaluation, secret = evaluations.request_evaluation(
        db.session, staff, world.exp.placement1, 30, utcnow()
    )
    assert len(secret) == 43 and evaluation.token_hash == sec.sha256_hex(secret)


@pytest.mark.usefixtures("csrf_on")
def test_the_public_form_works_with_csrf_protection(app: Flask, world: World) -> None:
    client = web_client(app)
    url = f"/evaluate/{world.exp.evaluation_secret}"
    assert client.post(url, data=evaluation_form()).status_code == 400  # no token
    token = input_value(client.get(url).get_data(as_text=True), "csrf_token")
    assert token
    assert client.post(url, data={**evaluation_form(), "csrf_token": token}).status_code == 302
    assert _evaluation(world).status == "submitted"
