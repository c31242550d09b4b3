"""Headers, cookies, CSRF and the plain-words error pages."""

from __future__ import annotations

import pytest

from ccl_youth import create_app
from ccl_youth.extensions import db
from tests.conftest import TEST_CONFIG
from tests.factories import PASSWORD, make_org, make_staff, sign_in


def test_pages_carry_the_security_headers(client):
    response = client.get("/signin")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_lax(client):
    org = make_org()
    make_staff(org, username="cookie")
    response = sign_in(client, "cookie")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("ccl_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure_host_cookies(app, database_url, monkeypatch):
    # ``app`` is requested so the shared clean-up empties the tables afterwards.
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    config = {k: v for k, v in TEST_CONFIG.items() if k != "TESTING"}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-ccl_session"
    with app.app_context():
        org = make_org()
        make_staff(org, username="secure")
        response = app.test_client().post(
            "/signin",
            data={"username": "secure", "password": PASSWORD},
            base_url="https://localhost",
        )
    with app.app_context():
        db.engine.dispose()  # close this app's pool before a later app makes it garbage
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-ccl_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers


def test_missing_secret_key_is_a_clear_start_up_error(database_url, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


@pytest.mark.usefixtures("csrf_on")
def test_a_post_without_csrf_token_is_refused_in_plain_words(client):
    org = make_org()
    make_staff(org, username="csrf")
    response = client.post("/signin", data={"username": "csrf", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form was open too long" in response.get_data(as_text=True)


@pytest.mark.usefixtures("csrf_on")
def test_a_post_with_the_csrf_token_goes_through(client):
    org = make_org()
    make_staff(org, username="csrfok")
    page = client.get("/signin").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/signin", data={"username": "csrfok", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code in (401, 404)
    assert response.is_json


def test_oversized_request_is_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/signin", data={"username": big, "password": "x"})
    assert response.status_code == 413
    assert "That was too big" in response.get_data(as_text=True)


def test_malformed_ids_are_404_not_500(client):
    org = make_org()
    staff = make_staff(org, username="ids")
    sign_in(client, staff.username)
    for path in ("/youth/abc", "/youth/-1", "/youth/99999999999999999999", "/cohorts/1.5"):
        assert client.get(path).status_code == 404, path
