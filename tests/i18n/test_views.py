"""Languages over HTTP: the user's choice, the browser's header, the sign-in switch, English
when a message has no translation, and translated error pages and service messages."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.i18n import N_
from ccl_youth.extensions import db
from ccl_youth.web.i18n import LANGUAGE_COOKIE, translate
from tests.factories import (
    field_errors,
    fresh,
    login_as,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
    sign_in,
    web_client,
)

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def _prefers(user, language: str):  # noqa: ANN001, ANN202
    user.preferred_language = language
    db.session.commit()
    return user


def _html(response) -> str:  # noqa: ANN001
    return response.get_data(as_text=True)


def test_a_spanish_preferring_family_member_gets_spanish_pages(app: Flask) -> None:
    org = make_org()
    youth = make_youth(org, make_cohort(org), grade=8, name="Maya")
    family = _prefers(make_family(org, [youth]), "es")
    client = login_as(web_client(app), family)

    home = _html(client.get("/family"))
    assert '<html lang="es">' in home
    assert "<h1>Mis jóvenes</h1>" in home
    assert "Grado 8" in home and "Etapa: Explorar" in home
    assert "Cerrar sesión" in home and "Sign out" not in home

    page = _html(client.get(f"/family/youth/{youth.id}"))
    assert "Sus metas" in page and "Their goals" not in page


def test_the_users_choice_wins_over_the_browser(app: Flask) -> None:
    org = make_org()
    staff = make_staff(org)  # English by default
    page = _html(login_as(web_client(app), staff).get("/staff", headers=SPANISH))
    assert '<html lang="en">' in page and "Sign out" in page


def test_the_browser_header_picks_spanish_before_signing_in(client: FlaskClient) -> None:
    page = _html(client.get("/signin", headers=SPANISH))
    assert '<html lang="es">' in page
    assert "<h1>Iniciar sesión</h1>" in page
    assert "Contraseña o PIN" in page


def test_english_without_a_header_or_for_a_language_we_do_not_have(client: FlaskClient) -> None:
    assert "<h1>Sign in</h1>" in _html(client.get("/signin"))
    page = _html(client.get("/signin", headers={"Accept-Language": "fr-FR,fr;q=0.9"}))
    assert '<html lang="en">' in page and "<h1>Sign in</h1>" in page


def test_the_sign_in_switch_chooses_and_remembers_spanish(app: Flask) -> None:
    client = web_client(app)
    page = _html(client.get("/signin"))
    assert 'href="/signin?lang=es" lang="es" hreflang="es">Español</a>' in page

    switched = client.get("/signin?lang=es")
    assert "<h1>Iniciar sesión</h1>" in _html(switched)
    assert f"{LANGUAGE_COOKIE}=es" in switched.headers["Set-Cookie"]
    # The next page remembers it, even against an English browser.
    join = _html(client.get("/join", headers={"Accept-Language": "en-US"}))
    assert "Únase como familiar" in join
    # The join page's switch keeps the invitation code.
    assert 'href="/join?code=K7QM2-XP4RT&amp;lang=en"' in _html(
        client.get("/join?code=K7QM2-XP4RT")
    )

    back = client.get("/signin?lang=en")
    assert "<h1>Sign in</h1>" in _html(back)


def test_a_bad_lang_value_is_ignored(client: FlaskClient) -> None:
    response = client.get("/signin?lang=xx")
    assert "<h1>Sign in</h1>" in _html(response)
    assert "Set-Cookie" not in response.headers or LANGUAGE_COOKIE not in str(
        response.headers.getlist("Set-Cookie")
    )


def test_service_messages_on_the_sign_in_form_are_translated(app: Flask) -> None:
    org = make_org()
    make_youth(org, username="maya")
    client = web_client(app)
    client.get("/signin?lang=es")
    response = sign_in(client, "maya", "wrong-password")
    assert field_errors(_html(response))["password"] == (
        "El nombre de usuario y la contraseña no coinciden. Revise los dos e intente otra vez."
    )


def test_form_checks_come_back_in_spanish(app: Flask) -> None:
    client = web_client(app)
    client.get("/signin?lang=es")
    errors = field_errors(_html(client.post("/signin", data={"username": "", "password": ""})))
    assert errors["username"] == "Este campo es obligatorio."


def test_a_message_with_values_is_translated_then_filled_in(app: Flask) -> None:
    org = make_org()
    cohort = make_cohort(org)
    staff = _prefers(make_staff(org, [cohort]), "es")
    client = login_as(web_client(app), staff)
    response = client.post(
        f"/cohorts/{cohort.id}/youth/new",
        data={"display_name": "Maya", "grade": "4", "birth_year": "2099", "birth_month": "3",
              "preferred_language": "en", "credential": "password"},
    )  # fmt: skip
    year = date.today().year
    assert field_errors(_html(response))["birth_year"] == (
        f"Escriba un año entre {year - 20} y {year}."
    )


def test_a_missing_translation_falls_back_to_english(app: Flask) -> None:
    with app.test_request_context("/", headers=SPANISH):
        assert translate(N_("A message nobody has translated, %(name)s.", name="Maya")) == (
            "A message nobody has translated, Maya."
        )
        assert translate(N_("We could not find that page")) == "No encontramos esa página"
        assert translate("Plain text a user typed") == "Plain text a user typed"


def test_error_pages_are_translated(app: Flask) -> None:
    org = make_org()
    family = _prefers(make_family(org), "es")
    client = login_as(web_client(app), family)

    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert "No encontramos esa página" in _html(missing)
    assert '<html lang="es">' in _html(missing)

    refused = client.get("/admin")
    assert refused.status_code == 403
    assert "Esta página no es para su cuenta" in _html(refused)


def test_anonymous_error_pages_follow_the_browser(client: FlaskClient) -> None:
    page = _html(client.get("/no/such/page", headers=SPANISH))
    assert "No encontramos esa página" in page


def test_everyone_can_change_their_language_on_the_account_page(app: Flask) -> None:
    org = make_org()
    youth = make_youth(org)
    client = login_as(web_client(app), youth)

    page = _html(client.get("/account"))
    assert "<h1>Account</h1>" in page and 'name="language"' in page

    saved = client.post("/account", data={"language": "es"})
    assert saved.status_code == 302 and saved.headers["Location"] == "/account"
    assert fresh(youth).preferred_language == "es"
    after = _html(client.get("/account"))
    assert "<h1>Cuenta</h1>" in after and "Idioma guardado." in after
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.set_language")
    ).one()
    assert (event.actor_id, event.target_id, event.detail) == (
        youth.id,
        youth.id,
        {"language": "es"},
    )


def test_a_language_we_do_not_have_is_refused_and_nothing_changes(app: Flask) -> None:
    org = make_org()
    staff = make_staff(org)
    client = login_as(web_client(app), staff)
    response = client.post("/account", data={"language": "fr"})
    assert response.status_code == 200
    assert "language" in field_errors(_html(response))
    assert fresh(staff).preferred_language == "en"


def test_api_calls_may_ask_for_a_language(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing?lang=es")
    assert response.status_code == 404
    assert response.get_json()["message"] == (
        "Puede que el enlace sea viejo o tenga un error, o que la página no esté compartida con "
        "su cuenta."
    )
    assert LANGUAGE_COOKIE not in str(response.headers.getlist("Set-Cookie"))
