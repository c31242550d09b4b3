"""Sign-in, throttling, sessions, password change and the token page, over real HTTP."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from ccl_youth import create_app
from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import ApiToken
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core import secrets as sec
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db, limiter
from tests.conftest import TEST_CONFIG
from tests.factories import (
    PASSWORD,
    field_errors,
    fresh,
    input_value,
    make_admin,
    make_family,
    make_org,
    make_staff,
    make_user,
    make_youth,
    sign_in,
    web_client,
)

GENERIC = accounts.GENERIC_SIGN_IN_ERROR


@pytest.fixture
def client(app: Flask):  # noqa: ANN201
    return web_client(app)


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by("id"))
    )


# --- sign-in --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.YOUTH, "/youth"),
        (Role.STAFF, "/staff"),
        (Role.FAMILY, "/family"),
        (Role.ADMIN, "/admin"),
    ],
)
def test_sign_in_sends_each_role_to_its_home(client, role, home):
    org = make_org()
    if role is Role.YOUTH:
        make_youth(org, username="signer")
    else:
        make_user(org, role, username="signer")

    response = sign_in(client, "signer")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    landing = client.get("/")
    assert landing.status_code == 302
    assert landing.headers["Location"] == home
    page = client.get(home)
    assert page.status_code == 200


def test_username_is_case_insensitive_and_trimmed(client):
    org = make_org()
    make_staff(org, username="rivera")
    response = sign_in(client, "  RiVeRa ")
    assert response.status_code == 302


def test_wrong_password_and_unknown_username_look_the_same(app):
    org = make_org()
    make_staff(org, username="rivera")

    wrong = sign_in(web_client(app), "rivera", "not-the-password")
    unknown = sign_in(web_client(app), "nobody-here", "not-the-password")

    assert wrong.status_code == unknown.status_code == 200
    wrong_html, unknown_html = wrong.get_data(as_text=True), unknown.get_data(as_text=True)
    assert GENERIC in wrong_html
    assert GENERIC in unknown_html
    # The typed username stays in the form; apart from it the two pages are identical.
    assert input_value(wrong_html, "username") == "rivera"
    assert input_value(unknown_html, "username") == "nobody-here"
    assert input_value(wrong_html, "password") in (None, "")
    assert wrong_html.replace("rivera", "X") == unknown_html.replace("nobody-here", "X")
    assert field_errors(wrong_html) == {"password": GENERIC}


def test_deactivated_user_cannot_sign_in(client):
    org = make_org()
    admin = make_admin(org)
    staff = make_staff(org, username="rivera")
    accounts.set_active(db.session, admin, staff, False)
    db.session.commit()

    response = sign_in(client, "rivera")
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    assert client.get("/staff").status_code == 302  # still signed out


def test_empty_form_is_refused_with_field_errors(client):
    response = client.post("/signin", data={"username": "", "password": ""})
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True))
    assert set(errors) == {"username", "password"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/roster", "/roster"),
        ("/roster?q=maya", "/roster?q=maya"),
        ("//evil.com", "/"),
        ("//evil.com/signin", "/"),
        ("https://evil.com/", "/"),
        ("/\\evil.com", "/"),
        ("/\t/evil.com", "/"),
        ("/\n/evil.com", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_only_followed_to_local_paths(client, target, expected):
    org = make_org()
    make_staff(org, username="rivera")
    response = client.post(
        "/signin",
        query_string={"next": target},
        data={"username": "rivera", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_protected_page_sends_to_sign_in_and_back(client):
    org = make_org()
    make_staff(org, username="rivera")
    response = client.get("/roster?q=a")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=/roster?q%3Da"
    signed_in = client.post(
        response.headers["Location"], data={"username": "rivera", "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == "/roster?q=a"


def test_sign_in_and_failures_are_audited_without_names(client):
    org = make_org()
    staff = make_staff(org, username="rivera", name="Rosa Rivera")

    sign_in(client, "rivera", "wrong-password")
    sign_in(client, "ghost-user", "wrong-password")
    sign_in(client, "rivera")

    failed = events("auth.sign_in_failed")
    assert len(failed) == 2
    known, unknown = failed
    assert (known.actor_id, known.target_type, known.target_id) == (None, "user", staff.id)
    assert known.organization_id == org.id
    assert (unknown.actor_id, unknown.target_id, unknown.organization_id) == (None, None, None)
    ok = events("auth.sign_in")
    assert len(ok) == 1
    assert (ok[0].actor_id, ok[0].target_id, ok[0].organization_id) == (staff.id, staff.id, org.id)
    for event in [*failed, *ok]:
        assert event.ip_address == "127.0.0.1"
        assert event.detail == {}
        text = repr(event.detail)
        assert "rivera" not in text.lower()
        assert "ghost" not in text
    assert fresh(staff).last_sign_in_dt is not None


def test_sign_out_ends_the_session(client):
    org = make_org()
    make_staff(org, username="rivera")
    sign_in(client, "rivera")
    assert client.get("/staff").status_code == 200
    response = client.post("/signout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin"
    assert client.get("/staff").status_code == 302


# --- throttling ---------------------------------------------------------------------------


def test_sixth_failure_for_one_account_is_refused_from_any_address(client):
    org = make_org()
    make_staff(org, username="rivera")
    for n in range(5):
        response = client.post(
            "/signin",
            data={"username": "rivera", "password": "wrong-password"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"},
        )
        assert response.status_code == 200
    # The same account from yet another address, even with the right password, waits.
    for address, password in (("10.0.0.9", "wrong-password"), ("10.0.0.10", PASSWORD)):
        response = client.post(
            "/signin",
            data={"username": "RIVERA", "password": password},
            environ_base={"REMOTE_ADDR": address},
        )
        assert response.status_code == 429
        assert "Too many tries" in response.get_data(as_text=True)
        assert int(response.headers["Retry-After"]) > 0
    # Another account from one of those addresses is not affected.
    make_staff(org, username="chen")
    response = client.post(
        "/signin",
        data={"username": "chen", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert response.status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(app):
    org = make_org()
    make_staff(org, username="rivera")
    for _ in range(6):
        assert sign_in(web_client(app), "rivera").status_code == 302
    client = web_client(app)
    for _ in range(5):
        assert sign_in(client, "rivera", "wrong-password").status_code == 200
    assert sign_in(client, "rivera", "wrong-password").status_code == 429


def test_per_address_limit_counts_failures_across_usernames(app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_LIMIT_PER_ADDRESS", "3 per 5 minutes")
    org = make_org()
    make_staff(org, username="rivera")
    client = web_client(app)
    here = {"REMOTE_ADDR": "192.0.2.7"}
    # Successes from the address do not count.
    for _ in range(4):
        assert (
            web_client(app)
            .post("/signin", data={"username": "rivera", "password": PASSWORD}, environ_base=here)
            .status_code
            == 302
        )
    for name in ("amy", "ben", "cal"):
        response = client.post(
            "/signin", data={"username": name, "password": "x" * 8}, environ_base=here
        )
        assert response.status_code == 200
    response = client.post(
        "/signin", data={"username": "rivera", "password": PASSWORD}, environ_base=here
    )
    assert response.status_code == 429
    elsewhere = client.post(
        "/signin",
        data={"username": "rivera", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.8"},
    )
    assert elsewhere.status_code == 302


def test_lowered_account_limit_applies_on_the_next_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_LIMIT_PER_ACCOUNT", "2 per 5 minutes")
    client = web_client(app)
    assert sign_in(client, "nobody1", "wrong-password").status_code == 200
    assert sign_in(client, "nobody1", "wrong-password").status_code == 200
    assert sign_in(client, "nobody1", "wrong-password").status_code == 429


REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """A second app whose limiter keeps its counts in Redis; the shared limiter is put back on
    the in-memory storage of the test app afterwards."""
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    second = create_app(
        {**TEST_CONFIG, "RATELIMIT_STORAGE_URI": REDIS_URL, "SQLALCHEMY_DATABASE_URI": database_url}
    )
    try:
        yield second
    finally:
        with second.app_context():
            db.engine.dispose()
        limiter.init_app(app)
        store.flushdb()
        store.close()


def test_account_limit_is_kept_in_redis(redis_app):
    org = make_org()
    make_staff(org, username="rivera")
    store = redis.Redis.from_url(REDIS_URL)
    try:
        client = web_client(redis_app)
        for n in range(5):
            response = client.post(
                "/signin",
                data={"username": "rivera", "password": "wrong-password"},
                environ_base={"REMOTE_ADDR": f"10.1.0.{n + 1}"},
            )
            assert response.status_code == 200
        keys = [key.decode() for key in store.keys("*")]
        assert any("sign-in:rivera" in key for key in keys), keys
        response = client.post(
            "/signin",
            data={"username": "rivera", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.1.0.99"},
        )
        assert response.status_code == 429
    finally:
        store.close()


# --- sessions and passwords ---------------------------------------------------------------


def test_changing_password_ends_the_other_sessions_only(app):
    org = make_org()
    youth = make_youth(org, username="maya1")
    phone, laptop = web_client(app), web_client(app)
    assert sign_in(phone, "maya1").status_code == 302
    assert sign_in(laptop, "maya1").status_code == 302
    assert laptop.get("/youth").status_code == 200

    response = phone.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand-new-pass",
            "confirm": "brand-new-pass",
        },
    )
    assert response.status_code == 302
    assert phone.get("/youth").status_code == 200
    kicked = laptop.get("/youth")
    assert kicked.status_code == 302
    assert kicked.headers["Location"].startswith("/signin")

    assert fresh(youth).session_version == 2
    assert len(events("user.change_password")) == 1
    assert sign_in(web_client(app), "maya1").status_code == 200
    assert sign_in(web_client(app), "maya1", "brand-new-pass").status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "current_password": "wrong-one",
                "new_password": "abcdefghij",
                "confirm": "abcdefghij",
            },
            "current_password",
            "That is not your current password.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
            "new_password",
            "Use at least 8 characters.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "abcdefghij", "confirm": "abcdefghik"},
            "confirm",
            "The two new passwords differ.",
        ),
        (
            {"current_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD},
            "new_password",
            "Choose a password different from the current one.",
        ),
    ],
)
def test_change_password_errors_name_the_field_and_save_nothing(client, data, field, message):
    org = make_org()
    staff = make_staff(org, username="rivera")
    before = staff.password_hash
    sign_in(client, "rivera")

    response = client.post("/account/password", data=data)
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == {field: message}
    staff = fresh(staff)
    assert staff.password_hash == before
    assert staff.session_version == 1
    assert events("user.change_password") == []
    assert client.get("/staff").status_code == 200


def test_youth_password_minimum_is_six(client):
    org = make_org()
    youth = make_youth(org, username="maya1")
    sign_in(client, "maya1")
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "abcde", "confirm": "abcde"},
    )
    assert field_errors(response.get_data(as_text=True)) == {
        "new_password": "Use at least 6 characters."
    }
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "abcdef", "confirm": "abcdef"},
    )
    assert response.status_code == 302
    assert sec.verify_password(fresh(youth).password_hash, "abcdef")


def test_change_password_needs_sign_in(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")


def test_admin_password_reset_ends_that_users_sessions(app):
    org = make_org()
    make_admin(org, username="boss")
    staff = make_staff(org, username="rivera")
    other = web_client(app)
    sign_in(other, "rivera")
    assert other.get("/staff").status_code == 200
    admin = web_client(app)
    sign_in(admin, "boss")

    response = admin.post(
        f"/admin/users/{staff.id}/password", data={"new_password": "fresh-pass-9"}
    )
    assert response.status_code == 302
    assert other.get("/staff").status_code == 302
    assert admin.get("/admin").status_code == 200
    assert sign_in(web_client(app), "rivera", "fresh-pass-9").status_code == 302


def test_admin_password_reset_refuses_a_short_password(app):
    org = make_org()
    make_admin(org, username="boss")
    staff = make_staff(org, username="rivera")
    before = staff.password_hash
    admin = web_client(app)
    sign_in(admin, "boss")
    response = admin.post(f"/admin/users/{staff.id}/password", data={"new_password": "short"})
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == {
        "new_password": "Use at least 8 characters."
    }
    assert fresh(staff).password_hash == before


def test_deactivation_ends_that_users_sessions(app):
    org = make_org()
    make_admin(org, username="boss")
    family = make_family(org, username="parent1")
    other = web_client(app)
    sign_in(other, "parent1")
    assert other.get("/family").status_code == 200
    admin = web_client(app)
    sign_in(admin, "boss")

    response = admin.post(f"/admin/users/{family.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert other.get("/family").status_code == 302
    assert fresh(family).is_active is False
    assert sign_in(web_client(app), "parent1").status_code == 200


# --- personal access tokens ---------------------------------------------------------------


def test_token_page_shows_a_new_token_once_and_stores_its_hash(client):
    org = make_org()
    staff = make_staff(org, username="rivera")
    sign_in(client, "rivera")

    response = client.post("/account/tokens", data={"name": "Reporting"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    secrets_shown = re.findall(r"ccl_[A-Za-z0-9_-]{43}", html)
    assert len(secrets_shown) == 1
    secret = secrets_shown[0]

    token = db.session.scalars(select(ApiToken)).one()
    assert (token.user_id, token.name) == (staff.id, "Reporting")
    assert token.token_hash == sec.sha256_hex(secret)
    assert token.prefix == secret[:10]
    assert token.revoked_dt is None
    for row in db.session.execute(select(ApiToken.__table__)).all():
        assert secret not in repr(tuple(row))

    again = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in again
    assert "Reporting" in again and token.prefix in again

    api = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert api.get_json()["username"] == "rivera"


def test_token_page_revokes_a_token(client):
    org = make_org()
    staff = make_staff(org, username="rivera")
    token, secret = accounts.create_api_token(db.session, staff, "Old")
    db.session.commit()
    sign_in(client, "rivera")

    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/tokens"
    assert fresh(token).revoked_dt is not None
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )


def test_token_page_cannot_revoke_someone_elses_token(client):
    org = make_org()
    make_staff(org, username="rivera")
    other = make_staff(org)
    token, _secret = accounts.create_api_token(db.session, other, "Theirs")
    db.session.commit()
    sign_in(client, "rivera")
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert fresh(token).revoked_dt is None


def test_token_page_needs_a_name(client):
    org = make_org()
    make_staff(org, username="rivera")
    sign_in(client, "rivera")
    response = client.post("/account/tokens", data={"name": ""})
    assert response.status_code == 200
    assert "name" in field_errors(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


@pytest.mark.parametrize("role", [Role.YOUTH, Role.FAMILY])
def test_token_page_is_not_for_youth_or_family(client, role):
    org = make_org()
    if role is Role.YOUTH:
        make_youth(org, username="someone")
    else:
        make_user(org, role, username="someone")
    sign_in(client, "someone")
    assert client.get("/account/tokens").status_code == 403
    assert client.post("/account/tokens", data={"name": "x"}).status_code == 403
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
