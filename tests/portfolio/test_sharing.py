"""Share links through HTTP: made once (only the token's hash kept), the public page shows
only the chosen sections, the first name and no internal ids, asks not to be indexed, sends
no referrer and is not cached; visits are logged and listed; revoked or expired links answer
410, unknown ones 404; opt-outs, under-13s without consent and family of older youth are
refused with nothing saved; bad dates and sections are field errors."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.portfolio.models import ShareLink, ShareVisit
from tests.factories import field_errors, input_value, login_as, make_org, make_staff, web_client
from tests.portfolio.helpers import Setup, set_profile

SOON = (date.today() + timedelta(days=30)).isoformat()
ID_IN_ATTRIBUTE = re.compile(r'\b(?:href|src|action|id|for|name|value|data-[\w-]+)="[^"]*\d')


def _make(client, url: str = "/my/portfolio/shares", **extra):  # noqa: ANN001, ANN003, ANN202
    data = {"sections": ["goals", "badges"], "expires_on": SOON, "label": "For my coach"}
    data.update(extra)
    return client.post(url, data=data)


def _token(page: str) -> str:
    url = input_value(page, "") or re.search(r'id="share-url"[^>]*value="([^"]+)"', page)[1]
    return url.rsplit("/s/", 1)[1]


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_link_shows_only_its_sections_first_name_and_no_ids(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)
    made = _make(youth)
    assert made.status_code == 200 and 'readonly value="http' in made.text
    token = _token(made.text)
    link = db.session.scalar(select(ShareLink))
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.sections == "badges,goals" and link.label == "For my coach"
    assert token not in youth.get("/my/portfolio/shares").text  # shown once only

    page = web_client(app).get(f"/s/{token}", headers={"User-Agent": "Browser/" + "x" * 300})
    assert page.status_code == 200
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text
    headings = re.findall(r"<h2>([^<]+)</h2>", page.text)
    assert headings == ["My badges", "My goals"]
    assert "Team Player" in page.text and "Mine: learn to code" in page.text
    for unchosen in (
        "Mine: lab intern",
        "Mine: the robots",
        "Collaboration",
        "Mine: Nurse",
        "Mine: team robot",
        "Realistic",
    ):
        assert unchosen not in page.text
    assert "Robin" in page.text and "Lee" not in page.text
    assert ID_IN_ATTRIBUTE.findall(page.text) == []
    assert "<a " not in page.text.split("<main", 1)[1]
    # Anyone holding the link may read it, signed in or not, of any role or organization.
    stranger = make_staff(make_org())
    assert login_as(web_client(app), stranger).get(f"/s/{token}").status_code == 200
    visits = db.session.scalars(select(ShareVisit.user_agent).order_by(ShareVisit.id)).all()
    assert len(visits) == 2 and visits[0] == ("Browser/" + "x" * 300)[:200]
    listing = youth.get("/my/portfolio/shares").text
    assert "2 visits" in listing and "Active" in listing and "Browser/xxx" in listing
    family = login_as(web_client(app), s.family).get(f"/youth/{s.youth.id}/portfolio/shares")
    assert family.status_code == 200 and "2 visits" in family.text
    assert "share.create" in db.session.scalars(select(AuditEvent.action)).all()


def test_revoked_and_expired_links_are_410_and_unknown_404(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)
    first, second = _token(_make(youth).text), _token(_make(youth, label="two").text)
    one, two = db.session.scalars(select(ShareLink).order_by(ShareLink.id)).all()
    assert youth.post(f"/my/portfolio/shares/{one.id}/revoke").status_code == 302
    gone = web_client(app).get(f"/s/{first}")
    assert gone.status_code == 410 and "This link no longer works" in gone.text
    assert "Team Player" not in gone.text
    two.expires_dt = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    expired = web_client(app).get(f"/s/{second}")
    assert expired.status_code == 410 and "expired" in expired.text
    assert web_client(app).get("/s/" + "A" * 43).status_code == 404
    assert _count(ShareVisit) == 0
    assert "Revoked" in youth.get("/my/portfolio/shares").text
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("share.%"))
    ).all()
    assert sorted(events) == ["share.create", "share.create", "share.revoke"]


def test_hiding_a_section_later_hides_it_from_links(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)
    token = _token(_make(youth).text)
    youth.post(
        "/my/portfolio/sections",
        data={
            "sections-0-kind": "goals",
            "sections-0-position": "1",
            "sections-1-kind": "badges",
            "sections-1-position": "2",
            "sections-1-shown": "y",
        },
    )
    page = web_client(app).get(f"/s/{token}")
    assert re.findall(r"<h2>([^<]+)</h2>", page.text) == ["My badges"]


@pytest.mark.parametrize(
    ("profile", "who", "message"),
    [
        ({"directory_opt_out": True}, "youth", "Sharing is turned off"),
        (
            {"birth_year": date.today().year - 10, "consent_state": "pending"},
            "youth",
            "has to give consent",
        ),
        (
            {"birth_year": date.today().year - 10, "consent_state": "pending"},
            "family",
            "has to give consent",
        ),
        ({}, "family", "Youth aged 13 or older make their own links."),
    ],
)
def test_refusals_save_nothing(app: Flask, s: Setup, profile, who, message) -> None:  # noqa: ANN001
    set_profile(s.youth, **profile)
    if who == "youth":
        client, url = login_as(web_client(app), s.youth), "/my/portfolio/shares"
    else:
        client, url = login_as(web_client(app), s.family), f"/youth/{s.youth.id}/portfolio/shares"
    assert message in client.get(url).text
    response = _make(client, url)
    assert response.status_code == 400 and message in response.text
    assert _count(ShareLink) == 0


def test_a_guardian_shares_for_a_young_youth_with_consent(app: Flask, s: Setup) -> None:
    set_profile(s.youth, birth_year=date.today().year - 10, consent_state="granted")
    family = login_as(web_client(app), s.family)
    made = _make(family, f"/youth/{s.youth.id}/portfolio/shares", sections=["experiences"])
    assert made.status_code == 200
    page = web_client(app).get(f"/s/{_token(made.text)}")
    # A guardian's link shows only the reflections the youth shared with family.
    assert "Mine: the robots" in page.text and "Mine: private words" not in page.text
    other = login_as(web_client(app), s.other_family)
    link = db.session.scalar(select(ShareLink))
    assert other.post(f"/youth/{s.youth.id}/portfolio/shares/{link.id}/revoke").status_code == 404
    assert family.post(f"/youth/{s.youth.id}/portfolio/shares/{link.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(ShareLink, link.id).revoked_by_id == s.family.id


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"expires_on": (date.today() - timedelta(days=1)).isoformat()},
            "expires_on",
            "not in the past",
        ),
        (
            {"expires_on": (date.today() + timedelta(days=366)).isoformat()},
            "expires_on",
            "at most 365 days ahead",
        ),
        ({"expires_on": ""}, "expires_on", "Pick the last day"),
        ({"sections": ["hobbies"]}, "sections", "is not a valid choice"),
        ({"sections": []}, "sections", "Pick at least one section"),
        ({"label": "x" * 121}, "label", "120 characters"),
    ],
)
def test_bad_fields_are_named_and_save_nothing(app: Flask, s: Setup, extra, field, message) -> None:  # noqa: ANN001
    response = _make(login_as(web_client(app), s.youth), **extra)
    assert response.status_code == 400
    assert message in field_errors(response.text).get(field, "")
    assert _count(ShareLink) == 0


def test_staff_and_admins_make_no_links(app: Flask, s: Setup) -> None:
    assert (
        login_as(web_client(app), s.staff).get(f"/youth/{s.youth.id}/portfolio/shares").status_code
        == 403
    )
    assert login_as(web_client(app), s.admin).get("/my/portfolio/shares").status_code == 403


def test_a_youth_made_link_shows_only_reflections_shared_with_family(app: Flask, s: Setup) -> None:
    # A link is more public than the family's page: whoever made it, the public page holds
    # only the reflections the youth marked "my family can read this".
    youth = login_as(web_client(app), s.youth)
    form = youth.get("/my/portfolio/shares").text
    assert "Only reflections you chose to share with your family appear on shared pages." in form
    token = _token(_make(youth, sections=["experiences"]).text)
    page = web_client(app).get(f"/s/{token}")
    assert page.status_code == 200
    assert "Mine: the robots" in page.text and "Mine: private words" not in page.text
    # The youth's own print page still holds every reflection.
    assert "Mine: private words" in youth.get("/my/portfolio/print").text


PUBLIC_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def test_every_answer_of_a_share_address_is_a_plain_unindexed_page(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)
    live, gone = _token(_make(youth).text), _token(_make(youth, label="two").text)
    link = db.session.scalars(select(ShareLink).order_by(ShareLink.id.desc())).first()
    youth.post(f"/my/portfolio/shares/{link.id}/revoke")
    answers = {
        live: (200, "Portfolio of Robin"),
        gone: (410, "This link no longer works"),
        "A" * 43: (404, "This link does not work"),  # the shape of a token, but no link
        live[:20]: (404, "This link does not work"),  # cut short when copied
        live[:42] + "~": (404, "This link does not work"),
    }
    for token, (status, title) in answers.items():
        response = web_client(app).get(f"/s/{token}")
        assert response.status_code == status, token
        assert {name: response.headers.get(name) for name in PUBLIC_HEADERS} == PUBLIC_HEADERS
        assert f"<h1>{title}" in response.text
        assert '<meta name="robots" content="noindex, nofollow">' in response.text
        assert 'class="top"' not in response.text  # no app navigation on a public page
    assert _count(ShareVisit) == 1


def test_family_of_a_youth_13_or_older_may_revoke_but_not_create(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)  # 16
    _make(youth)
    link = db.session.scalar(select(ShareLink))
    family = login_as(web_client(app), s.family)
    url = f"/youth/{s.youth.id}/portfolio/shares"
    refused = _make(family, url)
    assert refused.status_code == 400 and "make their own links" in refused.text
    assert _count(ShareLink) == 1
    assert "Revoke now" in family.get(url).text
    assert family.post(f"{url}/{link.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(ShareLink, link.id).revoked_by_id == s.family.id


@pytest.mark.parametrize(("age", "family_revokes"), [(17, True), (18, False), (19, False)])
def test_at_18_family_may_neither_create_nor_revoke(
    app: Flask,
    s: Setup,
    age: int,
    family_revokes: bool,
) -> None:
    set_profile(s.youth, birth_year=date.today().year - age, birth_month=1)
    youth = login_as(web_client(app), s.youth)
    _make(youth)
    link = db.session.scalar(select(ShareLink))
    family = login_as(web_client(app), s.family)
    url = f"/youth/{s.youth.id}/portfolio/shares"
    listing = family.get(url)
    assert listing.status_code == 200 and "For my coach" in listing.text  # visits stay visible
    assert ("Revoke now" in listing.text) is family_revokes
    assert _make(family, url).status_code == 400 and _count(ShareLink) == 1
    revoked = family.post(f"{url}/{link.id}/revoke")
    assert revoked.status_code == (302 if family_revokes else 403)
    db.session.expire_all()
    assert (db.session.get(ShareLink, link.id).revoked_dt is not None) is family_revokes
    if not family_revokes:
        assert "look after their own record and links" in listing.text
        assert youth.post(f"/my/portfolio/shares/{link.id}/revoke").status_code == 302
