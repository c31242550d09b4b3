"""Account rules through the services: users, youth, consent, passwords, families, tokens."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import ApiToken, Guardianship, User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.roles import ConsentState, GuardianshipStatus, Role
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from tests.factories import (
    PASSWORD,
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
)

pytestmark = pytest.mark.usefixtures("app")

TODAY = date(2026, 5, 15)


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def profile(youth: User) -> YouthProfile:
    row = db.session.get(YouthProfile, youth.id)
    assert row is not None
    return row


# --- creating users -------------------------------------------------------------------------


def test_create_user_stores_a_hash_and_normalised_username():
    org = make_org()
    user = accounts.create_user(
        db.session, org, Role.STAFF, "  Ms.Rivera ", "s3cret-pass", " Ms R "
    )
    db.session.commit()
    assert user.username == "ms.rivera"
    assert user.display_name == "Ms R"
    assert user.password_hash != "s3cret-pass"
    assert sec.verify_password(user.password_hash, "s3cret-pass")
    assert (user.is_active, user.session_version, user.role) == (True, 1, "staff")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).one()
    assert (event.target_id, event.organization_id, event.detail) == (
        user.id,
        org.id,
        {"role": "staff"},
    )


@pytest.mark.parametrize(
    "username", ["ab", "-abc", "has space", "émile", "x" * 41, "semi;colon", ""]
)
def test_create_user_rejects_bad_usernames(username):
    org = make_org()
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(db.session, org, Role.STAFF, username, "long-enough", "Name")
    assert list(caught.value.errors) == ["username"]


def test_create_user_rejects_a_taken_username_in_any_case():
    org, other = make_org(), make_org()
    make_staff(org, username="rivera")
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(db.session, other, Role.STAFF, "RIVERA", "long-enough", "R")
    assert caught.value.errors == {"username": ["That username is taken. Try another."]}


@pytest.mark.parametrize(
    ("role", "shortest"),
    [(Role.YOUTH, 6), (Role.FAMILY, 8), (Role.STAFF, 8), (Role.ADMIN, 8)],
)
def test_password_length_rules_by_role(role, shortest):
    accounts.check_password_rules(role, "p" * shortest)
    accounts.check_password_rules(role, "p" * 128)
    with pytest.raises(ValidationFailed) as caught:
        accounts.check_password_rules(role, "p" * (shortest - 1))
    assert caught.value.errors == {"password": [f"Use at least {shortest} characters."]}
    with pytest.raises(ValidationFailed) as caught:
        accounts.check_password_rules(role, "p" * 129)
    assert caught.value.errors == {"password": ["Use at most 128 characters."]}


def test_create_user_needs_a_name_and_youth_need_a_grade():
    org = make_org()
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(db.session, org, Role.STAFF, "rivera", "long-enough", "   ")
    assert list(caught.value.errors) == ["display_name"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(db.session, org, Role.YOUTH, "maya1", "secret", "Maya")
    assert list(caught.value.errors) == ["grade"]
    db.session.rollback()
    assert count(User) == 0


@pytest.mark.parametrize(
    ("details", "fields"),
    [
        (accounts.YouthDetails("Maya", 13), {"grade"}),
        (accounts.YouthDetails("Maya", -1), {"grade"}),
        (accounts.YouthDetails(" ", 5), {"display_name"}),
        (accounts.YouthDetails("Maya", 5, birth_year=2016), {"birth_year"}),
        (accounts.YouthDetails("Maya", 5, birth_month=3), {"birth_year"}),
        (accounts.YouthDetails("Maya", 5, birth_year=2005, birth_month=3), {"birth_year"}),
        (accounts.YouthDetails("Maya", 5, birth_year=2027, birth_month=3), {"birth_year"}),
        (accounts.YouthDetails("Maya", 5, birth_year=2016, birth_month=13), {"birth_month"}),
        (accounts.YouthDetails("Maya", 5, preferred_language="fr"), {"preferred_language"}),
        (accounts.YouthDetails("", 14, birth_year=2016), {"display_name", "grade", "birth_year"}),
    ],
)
def test_youth_details_are_checked(details, fields):
    org = make_org()
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(
            db.session, org, Role.YOUTH, "maya1", "secret", "Maya", youth=details, today=TODAY
        )
    assert set(caught.value.errors) == fields


@pytest.mark.parametrize(
    ("grade", "stage"),
    [
        (0, "awareness"),
        (5, "awareness"),
        (6, "exploration"),
        (8, "exploration"),
        (9, "preparedness"),
        (12, "preparedness"),
    ],
)
def test_youth_stage_follows_grade(grade, stage):
    org = make_org()
    youth = make_youth(org, grade=grade)
    assert profile(youth).stage == stage


# --- consent --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_year", "birth_month", "state"),
    [
        # 15 May 2026: born May 2013 turned 13 this month; born June 2013 is still 12.
        (2013, 5, "not_required"),
        (2013, 4, "not_required"),
        (2013, 6, "pending"),
        (2012, 12, "not_required"),
        (2016, 1, "pending"),
        (None, None, "pending"),  # unknown birth date counts as under 13
    ],
)
def test_consent_state_starts_from_age(birth_year, birth_month, state):
    org = make_org()
    youth = make_youth(org, grade=7, birth_year=birth_year, birth_month=birth_month, today=TODAY)
    assert profile(youth).consent_state == state


def test_update_youth_recomputes_consent_when_birth_date_changes():
    org = make_org()
    admin = make_admin(org)
    youth = make_youth(org, grade=8, name="Maya L.")
    assert profile(youth).consent_state == "pending"
    older = accounts.YouthDetails("Maya L.", 8, birth_year=date.today().year - 15, birth_month=1)
    changed = accounts.update_youth(db.session, admin, youth, older)
    db.session.commit()
    assert changed == ["birth_year", "birth_month"]
    assert profile(youth).consent_state == "not_required"

    accounts.record_consent(db.session, admin, youth, ConsentState.GRANTED, "paper_form")
    younger = accounts.YouthDetails("Maya L.", 9, birth_year=date.today().year - 9, birth_month=1)
    changed = accounts.update_youth(db.session, admin, youth, younger)
    db.session.commit()
    assert changed == ["grade", "birth_year"]
    # Consent already given is not taken back by an edit.
    assert profile(youth).consent_state == "granted"
    assert profile(youth).stage == "preparedness"


def test_update_youth_reports_only_changed_fields_and_audits_them():
    org = make_org()
    admin = make_admin(org)
    youth = make_youth(org, grade=4, name="Maya L.")
    same = accounts.YouthDetails("Maya L.", 4)
    assert accounts.update_youth(db.session, admin, youth, same) == []
    renamed = accounts.YouthDetails("Maya Lopez", 4, school="Lincoln", preferred_language="es")
    assert accounts.update_youth(db.session, admin, youth, renamed) == [
        "display_name",
        "preferred_language",
        "school",
    ]
    db.session.commit()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.update")).one()
    assert event.detail == {"fields": ["display_name", "preferred_language", "school"]}
    assert "Maya" not in repr(event.detail)


def test_record_consent_rules():
    org = make_org()
    admin = make_admin(org)
    youth = make_youth(org)
    with pytest.raises(ValidationFailed) as caught:
        accounts.record_consent(db.session, admin, youth, ConsentState.PENDING, "paper_form")
    assert list(caught.value.errors) == ["state"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.record_consent(db.session, admin, youth, ConsentState.GRANTED, "carrier pigeon")
    assert list(caught.value.errors) == ["method"]
    accounts.record_consent(db.session, admin, youth, ConsentState.WITHDRAWN, "family_online")
    db.session.commit()
    assert profile(youth).consent_state == "withdrawn"


# --- youth created by staff ---------------------------------------------------------------


def test_create_youth_makes_a_password_or_a_pin_and_enrolls():
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    with_password = accounts.create_youth(
        db.session, staff, cohort, accounts.YouthDetails("Maya Lopez", 4), use_pin=False
    )
    with_pin = accounts.create_youth(
        db.session, staff, cohort, accounts.YouthDetails("Maya Ruiz", 3), use_pin=True
    )
    db.session.commit()
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{2}", with_password.secret)
    assert re.fullmatch(r"\d{6}", with_pin.secret)
    assert (with_password.is_pin, with_pin.is_pin) == (False, True)
    for credential in (with_password, with_pin):
        assert re.fullmatch(r"maya\d{3}", credential.user.username)
        assert sec.verify_password(credential.user.password_hash, credential.secret)
    assert with_password.user.username != with_pin.user.username


def test_create_youth_refuses_a_cohort_the_staff_member_does_not_work_with():
    org = make_org()
    mine, theirs = make_cohort(org), make_cohort(org)
    staff = make_staff(org, [mine])
    with pytest.raises(NotFound):
        accounts.create_youth(
            db.session, staff, theirs, accounts.YouthDetails("Maya", 4), use_pin=False
        )
    db.session.rollback()
    assert count(User) == 1


def test_suggest_username_pads_short_names_and_avoids_taken_ones(monkeypatch):
    assert re.fullmatch(r"bokid\d{3}", accounts.suggest_username(db.session, "Bo"))
    assert re.fullmatch(r"youth\d{3}", accounts.suggest_username(db.session, "李"))
    org = make_org()
    make_youth(org, username="maya123")
    pins = iter(["123456", "123999", "456000"])
    monkeypatch.setattr(sec, "generate_pin", lambda: next(pins))
    assert accounts.suggest_username(db.session, "Maya Lopez") == "maya456"


def test_cohort_cards_give_every_active_youth_a_new_secret_in_name_order():
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    admin = make_admin(org)
    ben = make_youth(org, cohort, name="ben B.")
    ana = make_youth(org, cohort, name="Ana A.")
    gone = make_youth(org, cohort, name="Cal C.")
    accounts.set_active(db.session, admin, gone, False)
    db.session.commit()
    old_hashes = {ben.id: ben.password_hash, ana.id: ana.password_hash}

    cards = accounts.issue_cohort_cards(db.session, staff, cohort, use_pin=True)
    db.session.commit()
    assert [c.user.id for c in cards] == [ana.id, ben.id]
    for card in cards:
        assert re.fullmatch(r"\d{6}", card.secret)
        assert sec.verify_password(card.user.password_hash, card.secret)
        assert not sec.verify_password(card.user.password_hash, PASSWORD)
        assert card.user.password_hash != old_hashes[card.user.id]
        assert card.user.session_version == 2
    assert sec.verify_password(gone.password_hash, PASSWORD)


# --- signing in ---------------------------------------------------------------------------


def test_authenticate_gives_one_message_for_every_failure():
    org = make_org()
    admin = make_admin(org)
    staff = make_staff(org, username="rivera")
    gone = make_staff(org, username="gone")
    accounts.set_active(db.session, admin, gone, False)
    db.session.commit()
    for username, password in (
        ("rivera", "wrong"),
        ("nobody", PASSWORD),
        ("gone", PASSWORD),
        ("", "x"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            accounts.authenticate(db.session, username, password, "203.0.113.5")
        assert caught.value.errors == {"password": [accounts.GENERIC_SIGN_IN_ERROR]}
    user = accounts.authenticate(db.session, " RIVERA", PASSWORD, "203.0.113.5")
    assert user.id == staff.id
    assert user.last_sign_in_dt is not None
    db.session.commit()
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("auth.sign_in_failed") == 4
    assert actions[-1] == "auth.sign_in"


def test_authenticate_rehashes_a_hash_made_with_other_costs():
    org = make_org()
    staff = make_staff(org, username="rivera")
    from argon2 import PasswordHasher

    staff.password_hash = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(
        PASSWORD
    )
    db.session.commit()
    old = staff.password_hash
    accounts.authenticate(db.session, "rivera", PASSWORD)
    db.session.commit()
    assert staff.password_hash != old
    assert not sec.needs_rehash(staff.password_hash)
    assert sec.verify_password(staff.password_hash, PASSWORD)


def test_change_own_password_bumps_the_session_version():
    org = make_org()
    staff = make_staff(org)
    with pytest.raises(ValidationFailed) as caught:
        accounts.change_own_password(db.session, staff, "wrong", "new-password-1")
    assert list(caught.value.errors) == ["current_password"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.change_own_password(db.session, staff, PASSWORD, "short")
    assert list(caught.value.errors) == ["new_password"]
    assert staff.session_version == 1
    accounts.change_own_password(db.session, staff, PASSWORD, "new-password-1")
    db.session.commit()
    assert staff.session_version == 2
    assert staff.password_changed_dt is not None
    assert sec.verify_password(staff.password_hash, "new-password-1")


def test_admin_reset_and_set_active_rules():
    org, other = make_org(), make_org()
    admin = make_admin(org)
    staff = make_staff(org)
    stranger = make_staff(other)
    with pytest.raises(ValidationFailed) as caught:
        accounts.admin_reset_password(db.session, admin, staff, "short")
    assert list(caught.value.errors) == ["new_password"]
    with pytest.raises(NotFound):
        accounts.admin_reset_password(db.session, admin, stranger, "long-enough-1")
    with pytest.raises(Forbidden):
        accounts.admin_reset_password(db.session, staff, admin, "long-enough-1")
    with pytest.raises(ValidationFailed) as caught:
        accounts.set_active(db.session, admin, admin, False)
    assert list(caught.value.errors) == ["user"]

    accounts.set_active(db.session, admin, staff, False)
    assert (staff.is_active, staff.session_version) == (False, 2)
    accounts.set_active(db.session, admin, staff, False)  # no change, no new version
    assert staff.session_version == 2
    accounts.set_active(db.session, admin, staff, True)
    db.session.commit()
    assert (staff.is_active, staff.session_version) == (True, 3)
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "user", AuditEvent.target_id == staff.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["user.create", "user.deactivate", "user.activate"]


# --- families -----------------------------------------------------------------------------


def test_invitation_stores_only_the_hash_and_expires_in_14_days():
    org = make_org()
    staff_cohort = make_cohort(org)
    staff = make_staff(org, [staff_cohort])
    youth = make_youth(org, staff_cohort)
    now = utcnow()
    code = accounts.invite_family(db.session, staff, youth, "  grandmother  ", now=now)
    db.session.commit()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}", code)
    row = db.session.scalars(select(Guardianship)).one()
    assert row.code_hash == sec.sha256_hex(code.replace("-", ""))
    assert row.code_expires_dt == now + timedelta(days=14)
    assert (row.status, row.family_id, row.relationship_label) == ("invited", None, "grandmother")
    assert accounts.find_invitation(db.session, code.lower().replace("-", " ")).id == row.id


def test_find_invitation_says_why_a_code_does_not_work():
    org = make_org()
    admin = make_admin(org)
    youth = make_youth(org)
    now = utcnow()
    code = accounts.invite_family(db.session, admin, youth, now=now)
    db.session.commit()

    def why(text: str, when=None) -> str:  # noqa: ANN001
        with pytest.raises(ValidationFailed) as caught:
            accounts.find_invitation(db.session, text, now=when)
        return caught.value.errors["code"][0]

    assert "10 letters and digits" in why("ABC")
    assert "do not know that code" in why("AAAAA-AAAAA")
    assert "expired" in why(code, now + timedelta(days=14))
    assert accounts.find_invitation(db.session, code, now=now + timedelta(days=13)).youth_id == (
        youth.id
    )

    family = accounts.join_as_family(db.session, code, "parent1", "long-enough", "Parent")
    db.session.commit()
    assert "already been used" in why(code)
    link = db.session.scalars(select(Guardianship)).one()
    assert (link.status, link.family_id) == ("active", family.id)


def test_join_as_family_errors_leave_the_invitation_open():
    org = make_org()
    admin = make_admin(org)
    youth = make_youth(org)
    make_staff(org, username="taken")
    code = accounts.invite_family(db.session, admin, youth)
    db.session.commit()
    with pytest.raises(ValidationFailed) as caught:
        accounts.join_as_family(db.session, code, "taken", "long-enough", "Parent")
    assert list(caught.value.errors) == ["username"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.join_as_family(db.session, code, "parent1", "short", "Parent")
    assert list(caught.value.errors) == ["password"]
    with pytest.raises(ValidationFailed) as caught:
        accounts.join_as_family(db.session, code, "parent1", "long-enough", "Parent", "de")
    assert list(caught.value.errors) == ["preferred_language"]
    db.session.rollback()
    assert db.session.scalars(select(Guardianship.status)).one() == "invited"
    assert db.session.scalar(select(func.count(User.id)).where(User.role == "family")) == 0


def test_link_with_code_adds_a_second_youth_but_not_twice_the_same():
    org = make_org()
    admin = make_admin(org)
    first, second = make_youth(org), make_youth(org)
    family = make_family(org, [first])
    code = accounts.invite_family(db.session, admin, second)
    again = accounts.invite_family(db.session, admin, first)
    db.session.commit()
    accounts.link_with_code(db.session, family, code)
    db.session.commit()
    with pytest.raises(ValidationFailed) as caught:
        accounts.link_with_code(db.session, family, again)
    assert caught.value.errors == {"code": ["You are already linked to this youth."]}
    with pytest.raises(Forbidden):
        accounts.link_with_code(db.session, admin, again)
    active = db.session.scalars(
        select(Guardianship.youth_id).where(
            Guardianship.family_id == family.id,
            Guardianship.status == GuardianshipStatus.ACTIVE.value,
        )
    ).all()
    assert sorted(active) == sorted([first.id, second.id])


def test_a_code_from_another_organization_is_refused():
    org, other = make_org(), make_org()
    admin = make_admin(other)
    their_youth = make_youth(other)
    family = make_family(org)
    code = accounts.invite_family(db.session, admin, their_youth)
    db.session.commit()
    with pytest.raises(ValidationFailed) as caught:
        accounts.link_with_code(db.session, family, code)
    assert list(caught.value.errors) == ["code"]


def test_link_family_checks_roles_and_organization():
    org, other = make_org(), make_org()
    youth = make_youth(org)
    staff = make_staff(org)
    with pytest.raises(ValidationFailed):
        accounts.link_family(db.session, staff, youth, None)
    with pytest.raises(ValidationFailed) as caught:
        accounts.link_family(db.session, make_family(other), youth, None)
    assert caught.value.errors == {"guardian_of": ["The youth belongs to another organization."]}


def test_revoke_guardianship_is_idempotent_and_scoped():
    org = make_org()
    cohort, elsewhere = make_cohort(org), make_cohort(org)
    staff = make_staff(org, [cohort])
    outsider = make_staff(org, [elsewhere])
    youth = make_youth(org, cohort)
    make_family(org, [youth])
    link = db.session.scalars(select(Guardianship)).one()
    with pytest.raises(NotFound):
        accounts.revoke_guardianship(db.session, outsider, link)
    accounts.revoke_guardianship(db.session, staff, link)
    accounts.revoke_guardianship(db.session, staff, link)
    db.session.commit()
    assert link.status == "revoked"
    assert link.revoked_dt is not None
    revokes = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "family.revoke")
    )
    assert revokes == 1


# --- API tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.YOUTH, Role.FAMILY])
def test_tokens_are_only_for_staff_and_admins(role):
    org = make_org()
    user = make_youth(org) if role is Role.YOUTH else make_family(org)
    with pytest.raises(Forbidden):
        accounts.create_api_token(db.session, user, "mine")
    assert count(ApiToken) == 0


def test_token_needs_a_name_of_at_most_80_characters():
    org = make_org()
    staff = make_staff(org)
    for name in ("", "   ", "x" * 81):
        with pytest.raises(ValidationFailed) as caught:
            accounts.create_api_token(db.session, staff, name)
        assert list(caught.value.errors) == ["name"]
    token, secret = accounts.create_api_token(db.session, staff, "y" * 80)
    assert token.name == "y" * 80
    assert re.fullmatch(r"ccl_[A-Za-z0-9_-]{43}", secret)


def test_user_for_token_accepts_only_live_tokens_of_active_staff():
    org = make_org()
    admin = make_admin(org)
    staff = make_staff(org)
    token, secret = accounts.create_api_token(db.session, staff, "sync")
    db.session.commit()
    assert token.last_used_dt is None
    assert accounts.user_for_token(db.session, secret) is staff
    assert token.last_used_dt is not None
    assert accounts.user_for_token(db.session, secret[4:]) is None
    assert accounts.user_for_token(db.session, secret + "x") is None
    assert accounts.user_for_token(db.session, "") is None

    accounts.set_active(db.session, admin, staff, False)
    assert accounts.user_for_token(db.session, secret) is None
    accounts.set_active(db.session, admin, staff, True)
    assert accounts.user_for_token(db.session, secret) is staff

    accounts.revoke_api_token(db.session, staff, token.id)
    assert accounts.user_for_token(db.session, secret) is None
    with pytest.raises(NotFound):
        accounts.revoke_api_token(db.session, admin, token.id)


def test_a_youth_token_row_is_not_accepted():
    org = make_org()
    youth = make_youth(org)
    secret = sec.generate_api_token()
    db.session.add(
        ApiToken(user_id=youth.id, name="x", token_hash=sec.sha256_hex(secret), prefix=secret[:10])
    )
    db.session.commit()
    assert accounts.user_for_token(db.session, secret) is None


def test_youth_in_scope_or_404():
    org = make_org()
    cohort, other = make_cohort(org), make_cohort(org)
    staff = make_staff(org, [cohort])
    mine, theirs = make_youth(org, cohort), make_youth(org, other)
    assert accounts.youth_in_scope_or_404(db.session, staff, mine.id) is mine
    with pytest.raises(NotFound):
        accounts.youth_in_scope_or_404(db.session, staff, theirs.id)
    with pytest.raises(NotFound):
        accounts.youth_in_scope_or_404(db.session, staff, staff.id)
