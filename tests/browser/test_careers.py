"""Career pages in Chromium at 360 px wide: a youth searches, opens and saves careers; staff
browse the same catalog. Every page opened gets the PageAudit checks (axe-core, width,
control names, errors)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Demo, PageAudit, screenshot
from tests.factories import make_cluster, make_occupation

pytestmark = pytest.mark.browser


def seed_careers() -> int:
    """Two clusters (one per framework) with well-formed codes no real occupation has."""
    care = make_cluster("Care & Wellbeing", code="T-CARE", summary="Looking after people.")
    helping = make_cluster("Helping at Home", parent=care, code="T-CARE.1")
    legacy = make_cluster("Helping Services", framework="legacy_16", code="T-HS")
    pathway = make_cluster("Home Support", framework="legacy_16", parent=legacy, code="T-HS.1")
    make_occupation(
        "Pretend Nurses",
        soc_code="99-0001.00",
        description="Look after patients in clinics. Keep careful records.",
        job_zone=3,
        education="Associate's Degree (or other 2-year degree)",
        median_annual_wage=81250,
        employment_change_pct=6.1,
        annual_openings=12000,
        holland_code="SIC",
        clusters=[care, pathway],
    )
    make_occupation(
        "Pretend Aides",
        soc_code="99-0002.00",
        description="Help people at home with daily tasks and assist nurses.",
        job_zone=2,
        median_hourly_wage=17.25,
        employment_change_pct=-2.2,
        clusters=[helping, pathway],
    )
    return care.id


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_searches_and_saves_careers(page: Page, demo: Demo) -> None:
    cluster_id = seed_careers()
    audit = PageAudit(page)
    audit.sign_in("maya1", demo.password)
    audit.check()

    page.get_by_role("link", name="Careers", exact=True).click()
    expect(heading(page)).to_have_text("Explore careers")
    expect(page.get_by_role("link", name="Care & Wellbeing")).to_be_visible()
    audit.check()
    screenshot(page, "careers-browse")

    page.get_by_label("Search careers").fill("pretend")
    page.get_by_label("Medium preparation needed").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 career found")).to_be_visible()
    audit.check("/careers searched")

    page.get_by_role("link", name="Pretend Nurses").click()
    expect(heading(page)).to_have_text("Pretend Nurses")
    expect(page.get_by_text("$81,250 a year")).to_be_visible()
    expect(page.get_by_text("Jobs growing faster than average (+6% by 2034)")).to_be_visible()
    audit.check()
    screenshot(page, "careers-occupation")

    page.get_by_role("button", name="Save this career").click()
    expect(page.get_by_role("status")).to_have_text("Pretend Nurses is in your saved careers.")
    expect(page.get_by_role("button", name="Remove from my saved careers")).to_be_visible()
    audit.check("occupation page after saving")

    page.get_by_role("link", name="Saved careers").click()
    expect(heading(page)).to_have_text("My saved careers")
    expect(page.get_by_role("link", name="Pretend Nurses")).to_be_visible()
    audit.check()

    page.get_by_role("button", name="Remove Pretend Nurses").click()
    expect(page).to_have_url(re.compile(r"/careers/favorites$"))
    expect(page.get_by_text("You have not saved any careers yet.")).to_be_visible()
    audit.check("saved careers after removing")

    audit.visit(f"/careers/clusters/{cluster_id}")
    expect(heading(page)).to_have_text("Care & Wellbeing")
    expect(page.get_by_role("link", name="Helping at Home")).to_be_visible()
    audit.visit("/careers/occupations/99-9999.99", status=404)
    audit.assert_clean()


def test_staff_browse_the_same_catalog(page: Page, demo: Demo) -> None:
    seed_careers()
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    audit.check()

    audit.visit("/careers?framework=legacy_16")
    page.get_by_role("link", name="Helping Services").click()
    expect(heading(page)).to_have_text("Helping Services")
    audit.check()
    page.get_by_role("link", name="Home Support").click()
    expect(page.get_by_role("link", name="Pretend Aides")).to_be_visible()
    audit.check()
    page.get_by_role("link", name="Pretend Aides").click()
    expect(page.get_by_text("$17.25 an hour")).to_be_visible()
    expect(page.get_by_role("button", name="Save this career")).to_have_count(0)
    audit.check()
    audit.visit("/careers/favorites", status=403)
    audit.assert_clean()
