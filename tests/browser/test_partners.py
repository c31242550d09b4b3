"""Partner pages in Chromium at 360 px wide: an admin adds a partner (after a field error),
vets it, adds a contact and a role model found by job title; staff search the list, see the
vetted mark read-only, edit and archive. Every page opened gets the PageAudit checks
(axe-core, width, control names, errors)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.partners import services
from tests.browser.support import Demo, PageAudit, screenshot
from tests.factories import make_cluster, make_occupation

pytestmark = pytest.mark.browser


def seed_catalog() -> dict[str, int]:
    """Clusters of both frameworks and two occupations, with codes no real one has."""
    care = make_cluster("Care & Wellbeing", code="T-CARE")
    tech = make_cluster("Digital Technology", code="T-TECH")
    legacy = make_cluster("Health Science", framework="legacy_16", code="T-HS")
    make_occupation("Pretend Nurses", soc_code="99-0001.00", clusters=[care, legacy])
    make_occupation("Pretend Nurse Aides", soc_code="99-0002.00", clusters=[care])
    return {"care": care.id, "tech": tech.id, "legacy": legacy.id}


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_admin_adds_vets_and_fills_a_partner(page: Page, demo: Demo) -> None:
    seed_catalog()
    audit = PageAudit(page)
    audit.sign_in("admin", demo.password)
    audit.check()

    audit.visit("/partners")
    expect(heading(page)).to_have_text("Partners")
    expect(page.get_by_role("heading", name="0 partners")).to_be_visible()

    page.get_by_role("link", name="Add a partner").click()
    expect(heading(page)).to_have_text("Add a partner")
    audit.check()
    page.get_by_label("Name", exact=True).fill("Harbor Clinic")
    page.get_by_label("Kind of partner").select_option(label="Community organization")
    page.get_by_label("City").fill("Tacoma")
    page.get_by_label("Website").fill("clinic.example.org")
    page.get_by_label("Care & Wellbeing").check()
    page.get_by_label("Health Science").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#website-error")).to_have_text(
        re.compile("Enter a web address that starts with http:// or https://.")
    )
    expect(page.get_by_label("Care & Wellbeing")).to_be_checked()
    audit.check("/partners/new with a field error")

    page.get_by_label("Website").fill("https://clinic.example.org")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Harbor Clinic")
    expect(page.get_by_role("status")).to_have_text("Harbor Clinic is added.")
    audit.check()

    page.get_by_role("button", name="Mark as vetted").click()
    expect(page.get_by_role("status")).to_have_text("The partner is marked as vetted.")
    expect(page.get_by_role("button", name="Clear the vetted mark")).to_be_visible()
    audit.check("partner page after vetting")

    page.get_by_role("link", name="Add a contact").click()
    expect(heading(page)).to_have_text("Add a contact")
    audit.check()
    page.get_by_label("Name", exact=True).fill("Casey Jones")
    page.get_by_label("Job title").fill("Volunteer coordinator")
    page.get_by_label("E-mail").fill("casey@example.org")
    page.get_by_label("Phone").fill("(253) 555-0100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="casey@example.org")).to_be_visible()
    audit.check("partner page with a contact")

    page.get_by_role("link", name="Add a role model").click()
    expect(heading(page)).to_have_text("Add a role model")
    audit.check()
    page.get_by_label("Name youth will see").fill("Maria G.")
    page.get_by_label("Occupation", exact=True).fill("pretend nurse")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("group", name="Pick the occupation")).to_be_visible()
    audit.check("role model form with matches")
    screenshot(page, "partners-role-model-search")
    page.get_by_label("Pretend Nurse Aides (99-0002.00)").check()
    page.get_by_label("Their story").fill("I help people at home every day.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The role model is added.")
    expect(page.get_by_text("Pretend Nurse Aides")).to_be_visible()
    audit.check("partner page with a role model")
    screenshot(page, "partners-partner")

    audit.visit("/partners?q=harbor&vetted=1")
    expect(page.get_by_role("heading", name="1 partner")).to_be_visible()
    expect(page.get_by_role("link", name="Harbor Clinic")).to_be_visible()
    screenshot(page, "partners-list")
    audit.assert_clean()


def test_staff_search_edit_and_archive(page: Page, demo: Demo) -> None:
    clusters = seed_catalog()
    admin = db.session.get_one(User, demo.user_id("admin"))
    partner = services.create_partner(
        db.session,
        admin,
        services.PartnerFields(
            name="Cascade Robotics",
            kind="employer",
            city="Seattle",
            description="Builds robots for warehouses.\nTours on Fridays.",
            website="https://cascade-robotics.example.com/a/very/long/path/for/tours",
            cluster_ids=(clusters["tech"],),
        ),
    )
    services.create_partner(
        db.session, admin, services.PartnerFields(name="Tacoma Art Museum", kind="museum")
    )
    contact = services.add_contact(
        db.session,
        admin,
        partner.id,
        services.ContactFields(name="Robin Lee", phone="206 555 0100"),
    )
    model = services.add_role_model(
        db.session, admin, partner.id, services.RoleModelFields("Sam T.", "99-0001.00")
    )
    db.session.commit()
    partner_id, contact_id, model_id = partner.id, contact.id, model.id

    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    audit.check()
    audit.visit("/partners")
    page.get_by_label("Search partners").fill("robots")
    page.get_by_label("Career cluster").select_option(label="Digital Technology")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 partner")).to_be_visible()
    audit.check("/partners searched")

    page.get_by_role("link", name="Cascade Robotics").click()
    expect(heading(page)).to_have_text("Cascade Robotics")
    expect(page.get_by_text("Only an admin can change this.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as vetted")).to_have_count(0)
    audit.check()

    page.get_by_role("link", name="Edit details").click()
    expect(heading(page)).to_have_text("Edit Cascade Robotics")
    expect(page.get_by_label("Digital Technology")).to_be_checked()
    audit.check()
    page.get_by_label("Name", exact=True).fill("Tacoma Art Museum")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#name-error")).to_have_text(
        re.compile("A partner with that name already exists.")
    )
    audit.check("edit form with a field error")
    page.get_by_label("Name", exact=True).fill("Cascade Robotics North")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Cascade Robotics North")
    audit.check("partner page after editing")

    audit.visit(f"/partners/contacts/{contact_id}/edit")
    expect(page.get_by_label("Phone")).to_have_value("206 555 0100")
    audit.visit(f"/partners/role-models/{model_id}/edit")
    expect(page.get_by_label("Occupation", exact=True)).to_have_value("99-0001.00")
    page.get_by_label("Occupation", exact=True).fill("99-9999.99")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#occupation-error")).to_have_text(
        re.compile("No occupation has the code 99-9999.99")
    )
    audit.check("role model form with an unknown code")

    audit.visit(f"/partners/{partner_id}")
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("button", name="Bring back from the archive")).to_be_visible()
    audit.check("archived partner")
    audit.visit("/partners")
    expect(page.get_by_role("link", name="Cascade Robotics North")).to_have_count(0)
    audit.visit(f"/partners/{partner_id + 1000}", status=404)
    audit.assert_clean()
