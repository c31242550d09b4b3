"""The verify page in Chromium at 360 px: someone pastes a badge credential and learns it is
real, pastes a changed one and learns it is not, and checks a baked badge picture. Every page
opened gets the PageAudit checks (axe-core, width, control names, errors)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask, current_app
from playwright.sync_api import Page, expect

from ccl_youth.credentials import services
from ccl_youth.credentials.public import Publishing
from ccl_youth.extensions import db
from ccl_youth.web.catalog import recognition
from tests.browser.conftest import LiveServer
from tests.browser.support import PageAudit, screenshot
from tests.credentials.support import make_award, make_key
from tests.factories import make_cohort, make_org, make_staff, make_youth

pytestmark = pytest.mark.browser


def signed_badge(base_url: str) -> tuple[str, bytes]:
    """A real badge of the content, awarded and signed as the live server would (its address
    is the issuer's)."""
    org = make_org("eastside", "Eastside Youth Club")
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name="Robin Brightwater")
    staff = make_staff(org, [cohort])
    make_key(org)
    award = make_award(youth, "team_player")
    publishing = Publishing(
        base_url,
        current_app.config["SECRET_KEY"],
        str(current_app.config["CONTENT_PATH"]),
        recognition(),
    )
    text = services.to_json(services.award_credential(db.session, staff, award.id, publishing))
    png = services.award_png(db.session, staff, award.id, publishing)
    db.session.commit()
    return text, png


def test_someone_checks_a_badge_on_a_phone(
    app: Flask, live_server: LiveServer, new_page: Callable[..., Page], tmp_path: Path
) -> None:
    text, png = signed_badge(live_server.url)
    audit = PageAudit(new_page())
    page = audit.page
    audit.visit("/credentials/verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a badge")

    page.get_by_label("Paste the credential").fill(text)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("This badge is real")
    expect(page.get_by_text("Eastside Youth Club", exact=True)).to_be_visible()
    audit.check("/credentials/verify (valid)")
    screenshot(page, "credentials-verify-valid")

    page.get_by_label("Paste the credential").fill(text.replace("Team Player", "Team Captain"))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("the badge was changed")
    audit.check("/credentials/verify (changed)")
    screenshot(page, "credentials-verify-changed")

    picture = tmp_path / "badge.png"
    picture.write_bytes(png)
    page.get_by_label("Paste the credential").fill("")
    page.get_by_label("Or choose a file").set_input_files(str(picture))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("This badge is real")
    audit.check("/credentials/verify (baked picture)")

    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("alert")).to_contain_text("Paste a credential or choose a file")
    audit.check("/credentials/verify (nothing sent)")
    audit.assert_clean()
