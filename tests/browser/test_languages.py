"""Languages in Chromium at 360 px: a family member who cannot read the English sign-in page
switches it to Spanish, signs in, sets Spanish on the account page and gets Spanish pages,
and a 404 in Spanish. Every page opened gets the PageAudit checks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Demo, PageAudit

pytestmark = pytest.mark.browser

FAMILY = "family1"


def test_a_family_member_switches_to_spanish_and_keeps_it(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    audit = PageAudit(new_page())
    page = audit.page
    audit.visit("/signin")
    with page.expect_navigation():
        page.get_by_role("link", name="Español").click()
    audit.check()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")

    page.get_by_label("Nombre de usuario", exact=True).fill(FAMILY)
    page.get_by_label("Contraseña o PIN", exact=True).fill(demo.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    audit.check()
    # Signed in, the account's own language (English) wins over the switch.
    expect(page.locator("html")).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.get_by_role("link", name="Account").click()
    audit.check()
    page.get_by_label("Language for these pages").select_option("es")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    audit.check()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("status")).to_have_text("Idioma guardado.")

    with page.expect_navigation():
        page.get_by_role("link", name="Mis jóvenes").click()
    audit.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis jóvenes")

    audit.visit("/no/such/page", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esa página")
    audit.assert_clean()
