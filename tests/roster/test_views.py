"""Staff pages: adding youth, sign-in cards, family invitations and the family side of them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.core import secrets as sec
from ccl_youth.core.roles import Role
from ccl_youth.db import Base, utcnow
from ccl_youth.extensions import db
from ccl_youth.programs.models import Enrollment
from tests.factories import (
    PASSWORD,
    field_errors,
    fresh,
    input_value,
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
    sign_in,
    web_client,
)

PASSWORD_SECRET = re.compile(r"\b[a-z]+-[a-z]+-\d{2}\b")
PIN_SECRET = re.compile(r"\b\d{6}\b")
CODE = re.compile(r"\b[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}\b")


@pytest.fixture
def client(app: Flask):  # noqa: ANN201
    return web_client(app)


@pytest.fixture
def setting():  # noqa: ANN201
    """An organization with one cohort and its staff member 'rivera'."""
    org = make_org(name="Eastside Youth")
    cohort = make_cohort(org, name="Robot Builders")
    staff = make_staff(org, [cohort], username="rivera")
    return org, cohort, staff


def youth_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.YOUTH.value)) or 0


def secret_after(html: str, username: str, pattern: re.Pattern[str]) -> str:
    """The secret printed on the card that carries this username."""
    start = html.index(f">{username}<")
    found = pattern.search(html, start)
    assert found is not None
    return found.group(0)


# --- adding a youth ---------------------------------------------------------------------------


def test_new_youth_page_shows_the_form(client, setting):
    _org, cohort, _staff = setting
    sign_in(client, "rivera")
    response = client.get(f"/cohorts/{cohort.id}/youth/new")
    assert response.status_code == 200
    assert "Robot Builders" in response.get_data(as_text=True)


def test_staff_adds_a_youth_and_gets_a_printable_card(app, client, setting):
    _org, cohort, staff = setting
    sign_in(client, "rivera")
    this_year = date.today().year
    response = client.post(
        f"/cohorts/{cohort.id}/youth/new",
        data={
            "display_name": "Maya Lopez",
            "grade": "4",
            "birth_year": str(this_year - 9),
            "birth_month": "3",
            "school": "Lincoln Elementary",
            "preferred_language": "es",
            "credential": "password",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)

    youth = db.session.scalars(select(User).where(User.role == "youth")).one()
    assert re.fullmatch(r"maya\d{3}", youth.username)
    assert youth.display_name == "Maya Lopez"
    assert youth.preferred_language == "es"
    assert "Maya Lopez" in html and "Eastside Youth" in html
    assert "http://localhost/signin" in html
    secret = secret_after(html, youth.username, PASSWORD_SECRET)
    assert sec.verify_password(youth.password_hash, secret)
    assert secret not in repr([tuple(r) for r in db.session.execute(select(User.__table__)).all()])

    profile = db.session.get(YouthProfile, youth.id)
    assert (profile.grade, profile.stage, profile.school) == (4, "awareness", "Lincoln Elementary")
    assert (profile.birth_year, profile.birth_month) == (this_year - 9, 3)
    assert profile.consent_state == "pending"
    enrollment = db.session.scalars(select(Enrollment)).one()
    assert (enrollment.youth_id, enrollment.cohort_id) == (youth.id, cohort.id)

    # The printed secret signs the youth in.
    card_holder = web_client(app)
    assert sign_in(card_holder, youth.username, secret).status_code == 302
    assert card_holder.get("/youth").status_code == 200
    # The staff member sees the youth on the cohort roster.
    assert "Maya Lopez" in client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert staff.id


def test_pin_mode_prints_a_six_digit_pin(app, client, setting):
    _org, cohort, _staff = setting
    sign_in(client, "rivera")
    response = client.post(
        f"/cohorts/{cohort.id}/youth/new",
        data={"display_name": "Kai", "grade": "0", "preferred_language": "en", "credential": "pin"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    youth = db.session.scalars(select(User).where(User.role == "youth")).one()
    assert re.fullmatch(r"kai\d{3}", youth.username)
    pin = secret_after(html, youth.username, PIN_SECRET)
    assert "PIN" in html
    assert sign_in(web_client(app), youth.username, pin).status_code == 302
    profile = db.session.get(YouthProfile, youth.id)
    assert (profile.grade, profile.consent_state) == (0, "pending")  # no birth date: under 13


def test_thirteen_and_older_need_no_consent(client, setting):
    _org, cohort, _staff = setting
    sign_in(client, "rivera")
    response = client.post(
        f"/cohorts/{cohort.id}/youth/new",
        data={
            "display_name": "Omar",
            "grade": "10",
            "birth_year": str(date.today().year - 16),
            "birth_month": "1",
            "preferred_language": "en",
            "credential": "password",
        },
    )
    assert response.status_code == 200
    youth = db.session.scalars(select(User).where(User.role == "youth")).one()
    profile = db.session.get(YouthProfile, youth.id)
    assert (profile.consent_state, profile.stage) == ("not_required", "preparedness")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"grade": "13"}, "grade", "Not a valid choice."),
        ({"birth_month": ""}, "birth_year", "Give both the birth year and month, or neither."),
        ({"birth_year": "2099"}, "birth_year", "Enter a year between"),
        ({"birth_year": "1900"}, "birth_year", "Number must be between 1990 and 2100."),
    ],
)
def test_bad_youth_input_keeps_what_was_typed_and_creates_nobody(
    client, setting, changes, field, message
):
    _org, cohort, _staff = setting
    sign_in(client, "rivera")
    data = {
        "display_name": "Maya Lopez",
        "grade": "4",
        "birth_year": str(date.today().year - 9),
        "birth_month": "3",
        "school": "Lincoln Elementary",
        "preferred_language": "en",
        "credential": "password",
        **changes,
    }
    response = client.post(f"/cohorts/{cohort.id}/youth/new", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert list(errors) == [field]
    assert errors[field].startswith(message)
    assert input_value(html, "display_name") == data["display_name"]
    assert input_value(html, "birth_year") == data["birth_year"]
    assert input_value(html, "school") == "Lincoln Elementary"
    assert youth_count() == 0
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_staff_cannot_add_youth_to_a_cohort_they_do_not_work_with(client, setting):
    org, _cohort, _staff = setting
    other = make_cohort(org)
    sign_in(client, "rivera")
    response = client.post(
        f"/cohorts/{other.id}/youth/new",
        data={"display_name": "Maya", "grade": "4", "preferred_language": "en"},
    )
    assert response.status_code == 404
    assert youth_count() == 0


# --- cohort cards -------------------------------------------------------------------------


def test_cohort_cards_give_every_youth_a_new_secret(app, client, setting):
    org, cohort, _staff = setting
    ana = make_youth(org, cohort, name="Ana A.", username="ana-card")
    ben = make_youth(org, cohort, name="Ben B.", username="ben-card")
    outside = make_youth(org, make_cohort(org), name="Cy C.", username="cy-card")
    sign_in(client, "rivera")

    assert client.get(f"/cohorts/{cohort.id}/cards").status_code == 200
    response = client.post(f"/cohorts/{cohort.id}/cards", data={"credential": "password"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "cy-card" not in html
    assert html.index("ana-card") < html.index("ben-card")
    for youth in (ana, ben):
        secret = secret_after(html, youth.username, PASSWORD_SECRET)
        assert sign_in(web_client(app), youth.username, PASSWORD).status_code == 200
        assert sign_in(web_client(app), youth.username, secret).status_code == 302
    assert sign_in(web_client(app), outside.username, PASSWORD).status_code == 302


def test_cohort_cards_in_pin_mode(app, client, setting):
    org, cohort, _staff = setting
    make_youth(org, cohort, name="Ana A.", username="ana-card")
    sign_in(client, "rivera")
    html = client.post(f"/cohorts/{cohort.id}/cards", data={"credential": "pin"}).get_data(
        as_text=True
    )
    pin = secret_after(html, "ana-card", PIN_SECRET)
    assert sign_in(web_client(app), "ana-card", pin).status_code == 302


def test_new_cards_end_the_youths_open_sessions(app, client, setting):
    org, cohort, _staff = setting
    make_youth(org, cohort, username="ana-card")
    youth_client = web_client(app)
    sign_in(youth_client, "ana-card")
    assert youth_client.get("/youth").status_code == 200
    sign_in(client, "rivera")
    client.post(f"/cohorts/{cohort.id}/cards", data={"credential": "password"})
    assert youth_client.get("/youth").status_code == 302


def test_cohort_cards_of_another_cohort_are_not_found(client, setting):
    org, _cohort, _staff = setting
    other = make_cohort(org)
    youth = make_youth(org, other)
    sign_in(client, "rivera")
    assert client.post(f"/cohorts/{other.id}/cards", data={"credential": "pin"}).status_code == 404
    assert sec.verify_password(fresh(youth).password_hash, PASSWORD)


def test_one_youth_gets_a_new_card(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort, username="ana-card")
    sign_in(client, "rivera")
    html = client.post(f"/youth/{youth.id}/credentials", data={"credential": "pin"}).get_data(
        as_text=True
    )
    pin = secret_after(html, "ana-card", PIN_SECRET)
    assert sign_in(web_client(app), "ana-card", PASSWORD).status_code == 200
    assert sign_in(web_client(app), "ana-card", pin).status_code == 302


# --- family invitations -------------------------------------------------------------------


def invite(client, youth_id: int, label: str = "") -> str:  # noqa: ANN001
    response = client.post(f"/youth/{youth_id}/invitations", data={"relationship_label": label})
    assert response.status_code == 200
    codes = set(CODE.findall(response.get_data(as_text=True)))
    assert len(codes) == 1
    return codes.pop()


def join(client, code: str, username: str = "parent1"):  # noqa: ANN001, ANN201
    return client.post(
        "/join",
        data={
            "code": code,
            "display_name": "Rosa Lopez",
            "preferred_language": "es",
            "username": username,
            "password": "family-pass-1",
        },
    )


def all_stored_text() -> str:
    rows = []
    for table in Base.metadata.sorted_tables:
        rows.extend(repr(tuple(row)) for row in db.session.execute(table.select()))
    return "\n".join(rows)


def test_invitation_code_is_shown_once_and_only_its_hash_is_kept(client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort, name="Maya Lopez")
    sign_in(client, "rivera")
    response = client.post(f"/youth/{youth.id}/invitations", data={"relationship_label": "mother"})
    html = response.get_data(as_text=True)
    code = CODE.search(html).group(0)
    assert "Maya Lopez" in html and "http://localhost/join" in html and "14 days" in html

    row = db.session.scalars(select(Guardianship)).one()
    assert row.code_hash == sec.sha256_hex(code.replace("-", ""))
    assert (row.status, row.youth_id, row.relationship_label) == ("invited", youth.id, "mother")
    stored = all_stored_text()
    assert code not in stored
    assert code.replace("-", "") not in stored
    # The youth's page does not show it again.
    assert code not in client.get(f"/youth/{youth.id}").get_data(as_text=True)


def test_joining_with_a_code_creates_a_linked_family_account(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort, name="Maya Lopez")
    sign_in(client, "rivera")
    code = invite(client, youth.id)

    family = web_client(app)
    assert family.get(f"/join?code={code}").status_code == 200
    response = join(family, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert family.get("/").headers["Location"] == "/family"
    home = family.get("/family")
    assert home.status_code == 200
    assert "Maya Lopez" in home.get_data(as_text=True)
    assert family.get(f"/family/youth/{youth.id}").status_code == 200

    parent = db.session.scalars(select(User).where(User.role == "family")).one()
    assert (parent.username, parent.display_name, parent.preferred_language) == (
        "parent1",
        "Rosa Lopez",
        "es",
    )
    assert parent.organization_id == org.id
    link = db.session.scalars(select(Guardianship)).one()
    assert (link.status, link.family_id, link.youth_id) == ("active", parent.id, youth.id)
    assert link.accepted_dt is not None


def test_a_used_code_says_it_was_used(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort)
    sign_in(client, "rivera")
    code = invite(client, youth.id)
    assert join(web_client(app), code).status_code == 302

    response = join(web_client(app), code, username="parent2")
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True))
    assert errors == {"code": "That code has already been used. Ask the program for a new one."}
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "family")) == 1


def test_an_expired_code_says_it_expired(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort)
    sign_in(client, "rivera")
    code = invite(client, youth.id)
    row = db.session.scalars(select(Guardianship)).one()
    row.code_expires_dt = utcnow() - timedelta(minutes=1)
    db.session.commit()

    response = join(web_client(app), code)
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == {
        "code": "That code has expired. Ask the program for a new one."
    }
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "family")) == 0
    assert fresh(row).status == "invited"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ZZZZZ-ZZZZZ", "We do not know that code. Check it against the letter you got."),
        ("ZZZ", "An invitation code has 10 letters and digits, like K7QM2-XP4RT."),
    ],
)
def test_an_unknown_code_says_so(client, code, message):
    response = join(client, code)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_errors(html) == {"code": message}
    assert input_value(html, "username") == "parent1"
    assert input_value(html, "display_name") == "Rosa Lopez"
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_join_errors_name_the_field_and_keep_the_code_open(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort)
    sign_in(client, "rivera")
    code = invite(client, youth.id)
    response = web_client(app).post(
        "/join",
        data={
            "code": code,
            "display_name": "Rosa",
            "preferred_language": "en",
            "username": "rivera",
            "password": "short",
        },
    )
    assert response.status_code == 200
    assert list(field_errors(response.get_data(as_text=True))) == ["username"]
    assert db.session.scalars(select(Guardianship.status)).one() == "invited"
    assert join(web_client(app), code).status_code == 302


def test_a_family_member_adds_a_second_youth_with_another_code(app, client, setting):
    org, cohort, _staff = setting
    first = make_youth(org, cohort, name="Maya Lopez")
    second = make_youth(org, cohort, name="Leo Lopez")
    sign_in(client, "rivera")
    family = web_client(app)
    join(family, invite(client, first.id))
    assert family.get(f"/family/youth/{second.id}").status_code == 404

    assert family.get("/family/link").status_code == 200
    response = family.post("/family/link", data={"code": invite(client, second.id)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/family"
    assert family.get(f"/family/youth/{second.id}").status_code == 200
    home = family.get("/family").get_data(as_text=True)
    assert "Maya Lopez" in home and "Leo Lopez" in home

    # A signed-in family member who opens /join is sent to the link page instead.
    assert family.get("/join").headers["Location"] == "/family/link"


def test_family_link_refuses_a_bad_code(client, setting):
    org, _cohort, _staff = setting
    make_family(org, username="parent1")
    sign_in(client, "parent1")
    response = client.post("/family/link", data={"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == {
        "code": "We do not know that code. Check it against the letter you got."
    }


def test_revoking_a_guardianship_removes_the_familys_access(app, client, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort, name="Maya Lopez")
    sign_in(client, "rivera")
    family = web_client(app)
    join(family, invite(client, youth.id))
    assert family.get(f"/family/youth/{youth.id}").status_code == 200
    link = db.session.scalars(select(Guardianship)).one()

    response = client.post(f"/guardianships/{link.id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/youth/{youth.id}"
    assert fresh(link).status == "revoked"
    assert family.get(f"/family/youth/{youth.id}").status_code == 404
    assert "Maya Lopez" not in family.get("/family").get_data(as_text=True)


def test_staff_outside_the_youths_cohorts_cannot_invite_or_revoke(app, setting):
    org, cohort, _staff = setting
    youth = make_youth(org, cohort)
    make_family(org, [youth])
    link = db.session.scalars(select(Guardianship)).one()
    make_staff(org, [make_cohort(org)], username="chen")
    other = web_client(app)
    sign_in(other, "chen")
    assert other.post(f"/youth/{youth.id}/invitations", data={}).status_code == 404
    assert other.post(f"/guardianships/{link.id}/revoke").status_code == 404
    assert fresh(link).status == "active"
    assert db.session.scalar(select(func.count(Guardianship.id))) == 1


def test_admin_invites_for_any_youth_of_the_organization(app):
    org = make_org()
    youth = make_youth(org, make_cohort(org))
    make_admin(org, username="boss")
    admin = web_client(app)
    sign_in(admin, "boss")
    code = invite(admin, youth.id)
    assert join(web_client(app), code).status_code == 302
    assert db.session.scalars(select(Guardianship.status)).all() == ["active"]
