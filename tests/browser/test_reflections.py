"""Reflections and experience timelines in Chromium at 360 px: a youth answers a pending
reflection about an activity and one about their internship from the home page and opens their
timeline; staff read the activity's reflections and the youth's timeline (audited); the family
sees the answer the youth shared."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort
from tests.browser.support import Demo, PageAudit, screenshot
from tests.reflections.helpers import (
    add_activity,
    add_partner,
    add_placement,
    add_role_model,
    real_catalog,
)

pytestmark = pytest.mark.browser


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_reflects_staff_read_family_sees_shared(page: Page, new_page, demo: Demo) -> None:  # noqa: ANN001
    cohort = db.session.get_one(Cohort, demo.cohorts["Robot Builders"])

    maya = db.session.get_one(User, demo.user_id("maya1"))
    rivera = db.session.get_one(User, demo.user_id("rivera"))
    partner = add_partner(cohort.organization_id, "Harbor Robotics")
    card = add_role_model(partner, None, "Maria G.", "I fixed bikes as a kid. Now I build robots.")
    talk = add_activity(
        cohort, rivera, [maya], date.today() - timedelta(days=1), "guest_speaker", "Robot talk",
        45, partner, card,
    )  # fmt: skip
    prompt = real_catalog().prompts_for("guest_speaker", "awareness", "post")[0]
    job = add_placement(maya, partner, date.today() - timedelta(days=2), title="Robot lab helper")
    # Internships have no questions of their own for awareness: the default ones.
    job_prompt = real_catalog().prompts_for("internship", "awareness", "post")[0]

    # The youth answers from the home page.
    audit = PageAudit(page)
    audit.sign_in("maya1", demo.password)
    expect(page.get_by_role("heading", name="Reflect on what you did")).to_be_visible()
    audit.check()
    screenshot(page, "reflections-home")
    page.get_by_role("link", name=re.compile(re.escape(prompt.text))).click()
    expect(heading(page)).to_have_text("Answer a question")
    expect(page.get_by_text(prompt.text)).to_be_visible()
    audit.check()
    page.get_by_label("Your answer").fill("   ")  # passes the browser's "required" check
    page.get_by_role("button", name="Save my answer").click()
    expect(page.locator("#answer-error")).to_have_text(re.compile("Write your answer."))
    audit.check("/reflections/new with an empty answer")
    page.get_by_label("Your answer").fill("She builds robots. I want to do that too!")
    page.get_by_label("My family can read this").check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_role("status")).to_have_text("Thank you! Your answer is saved.")
    expect(page.get_by_text("You have 3 questions to answer.")).to_be_visible()
    audit.check("home page after answering")

    # Then a question about the internship, asked beside the activities: "At <partner>".
    job_link = page.get_by_role("link", name=re.compile(re.escape(job_prompt.text)))
    expect(job_link).to_have_attribute("href", re.compile(f"placement={job.id}"))
    expect(
        page.get_by_text(f"At {partner.name} · Robot lab helper · About your work there").first
    ).to_be_visible()
    job_link.click()
    expect(heading(page)).to_have_text("Answer a question")
    expect(page.get_by_text(f"At {partner.name} · Robot lab helper")).to_be_visible()
    audit.check("/reflections/new about a placement")
    screenshot(page, "reflections-placement")
    page.get_by_label("Your answer").fill("I put wheels on a robot.")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_role("status")).to_have_text("Thank you! Your answer is saved.")
    expect(page.get_by_text("You have 2 questions to answer.")).to_be_visible()
    audit.check("home page after answering about the placement")

    page.locator("#main").get_by_role("link", name="My experiences").click()
    expect(heading(page)).to_have_text("My experiences")
    expect(page.get_by_role("heading", name="Robot talk")).to_be_visible()
    expect(page.get_by_text("Guest speaker: Maria G.")).to_be_visible()
    expect(page.get_by_text("She builds robots. I want to do that too!")).to_be_visible()
    placement_card = page.locator("li.entry-placement", has_text="Robot lab helper")
    expect(placement_card.get_by_text("I put wheels on a robot.")).to_be_visible()
    audit.check()
    screenshot(page, "reflections-my-timeline")
    page.get_by_role("link", name="My reflections").click()
    expect(heading(page)).to_have_text("My reflections")
    audit.check()
    audit.assert_clean()

    # Staff read the activity's reflections, then the youth's timeline (audited).
    staff_page = new_page()
    staff = PageAudit(staff_page)
    staff.sign_in("rivera", demo.password)
    staff.check()
    staff.visit(f"/activities/{talk.id}/reflections")
    expect(heading(staff_page)).to_have_text("Reflections: Robot talk")
    expect(staff_page.get_by_text("She builds robots. I want to do that too!")).to_be_visible()
    expect(staff_page.get_by_text("Everyone has answered.")).to_be_visible()
    screenshot(staff_page, "reflections-activity")
    staff.visit(f"/youth/{maya.id}/experiences")
    expect(heading(staff_page)).to_have_text(f"Experiences: {maya.display_name}")
    staff.assert_clean()
    db.session.expire_all()
    viewed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "youth.view", AuditEvent.actor_id == rivera.id
        )
    ).all()
    assert [(e.youth_id, e.detail["section"]) for e in viewed] == [(maya.id, "experiences")]

    # The family sees the shared answer.
    family_page = new_page()
    family = PageAudit(family_page)
    family.sign_in("family1", demo.password)
    family.check()
    family.visit(f"/youth/{maya.id}/experiences")
    expect(family_page.get_by_text("She builds robots. I want to do that too!")).to_be_visible()
    family.assert_clean()
