"""Skill evidence in Chromium at 360 px: a youth sends a picture as evidence of two skills and
sees it waiting; staff find it in the review queue, read the rubric for the youth's grade next
to each level and verify it; the youth's growth page then shows the level, its chart and the
table, and the staff member's view of it is audited. Every page opened gets the PageAudit
checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.browser.support import Demo, PageAudit, screenshot
from tests.placements.support import png_bytes

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_a_youth_sends_a_picture_staff_verify_it_and_the_level_shows(
    new_page: Callable[..., Page], demo: Demo, tmp_path: Path
) -> None:
    picture = tmp_path / "my bridge.png"
    picture.write_bytes(png_bytes())

    # The youth sends a picture as evidence, on a phone.
    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    youth.visit("/my/skills")
    page = youth.page
    expect(heading(page)).to_have_text("My skills")
    page.get_by_role("link", name="Show a skill").click()
    expect(heading(page)).to_have_text("Show a skill")
    youth.check()
    page.get_by_label("A file: a picture or a document").check()
    page.get_by_label("Title").fill("Straw bridge")
    page.get_by_label("Tell about it").fill("Our team built a bridge that held 40 coins.")
    page.get_by_label("File", exact=True).set_input_files(str(picture))
    page.get_by_label("Collaboration").check()
    page.get_by_label("Problem solving").check()
    screenshot(page, "skills-youth-form")
    page.get_by_role("button", name="Send my evidence").click()
    expect(page.get_by_role("status")).to_contain_text("Your evidence is saved.")
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    expect(page.get_by_role("link", name="Download my bridge.png")).to_be_visible()
    youth.check("/my/skills after sending")
    screenshot(page, "skills-youth-evidence")
    youth.assert_clean()

    # Staff find it waiting and verify it at a level per skill.
    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit("/evidence/review")
    page = staff.page
    expect(heading(page)).to_have_text("Evidence to review")
    page.get_by_role("link", name="Straw bridge").click()
    expect(heading(page)).to_have_text("Evidence: Straw bridge")
    staff.check()
    collaboration = page.get_by_role("group", name="Collaboration")
    expect(collaboration.get_by_role("radio")).to_have_count(4)
    collaboration.get_by_label("Proficient", exact=False).check()
    page.get_by_role("group", name="Problem solving").get_by_label(
        "Developing", exact=False
    ).check()
    page.get_by_label("Comment for the youth").fill("Great testing!")
    screenshot(page, "skills-staff-review")
    page.get_by_role("button", name="Verify at these levels").click()
    expect(page.get_by_role("status")).to_contain_text("The evidence is verified.")
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    staff.check("/evidence/review after verifying")

    youth_id = demo.user_id(YOUTH)
    staff.visit(f"/youth/{youth_id}/skills")
    expect(heading(page)).to_contain_text("Skills:")
    expect(page.get_by_role("img", name="Chart of Collaboration levels over time")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Straw bridge")
    screenshot(page, "skills-staff-growth")
    staff.assert_clean()

    evidence = db.session.scalar(select(Evidence).where(Evidence.title == "Straw bridge"))
    assert evidence is not None and evidence.status == "verified"
    levels = dict(
        db.session.execute(
            select(EvidenceSkill.skill_slug, EvidenceSkill.level).where(
                EvidenceSkill.evidence_id == evidence.id
            )
        ).all()
    )
    assert levels == {"collaboration": 3, "problem_solving": 2}
    viewed = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "youth.view",
            AuditEvent.youth_id == youth_id,
            AuditEvent.actor_id == demo.user_id(STAFF),
        )
    )
    assert viewed is not None and viewed.detail == {"section": "skills"}

    # The youth sees the new level and its chart.
    youth.visit("/my/skills")
    page = youth.page
    expect(page.get_by_role("img", name="Chart of Collaboration levels over time")).to_be_visible()
    expect(page.get_by_text("Verified")).to_be_visible()
    screenshot(page, "skills-youth-growth")
    youth.assert_clean()
