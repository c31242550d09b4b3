"""Progress in Chromium at 360 px: a youth reads their progress page; staff read the youth's
page, move them to another stage with a reason (audited, kept in the history); a family
member reads the linked youth's page. Every page opened gets the PageAudit checks."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.progress.models import StageChange
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_reads_progress_and_staff_move_the_stage(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    youth_id = demo.user_id(YOUTH)

    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    youth.visit("/my/progress")
    page = youth.page
    expect(heading(page)).to_have_text("My progress")
    expect(page.get_by_role("heading", name=re.compile("Your stage: Preparedness"))).to_be_visible()
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    expect(page.locator("ol.next-steps li")).to_have_count(3)
    expect(page.locator("progress").first).to_be_visible()
    youth.check()
    screenshot(page, "progress-youth")
    youth.assert_clean()

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{youth_id}/progress")
    page = staff.page
    expect(heading(page)).to_have_text(re.compile("^Progress: "))
    expect(page.get_by_role("heading", name="Ready for the next stage?")).to_be_visible()
    expect(page.get_by_text("This is the last stage of the framework.")).to_be_visible()
    staff.check()
    screenshot(page, "progress-staff")
    page.get_by_label("Career Exploration").check()
    page.get_by_label("Why").fill("Joined mid-year; starts with exploration activities.")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Moved to Career Exploration.")
    expect(
        page.get_by_role("heading", name=re.compile("Stage: Career Exploration"))
    ).to_be_visible()
    history = page.locator("section", has=page.get_by_role("heading", name="Stage history"))
    expect(
        history.get_by_text("Joined mid-year; starts with exploration activities.")
    ).to_be_visible()
    expect(page.get_by_text(re.compile("not ready for Career Preparedness yet"))).to_be_visible()
    staff.check("progress page after the move")
    # A reason that is too short: refused, named, nothing changes.
    page.get_by_label("Career Awareness").check()
    page.get_by_label("Why").fill("No")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#reason-error")).to_contain_text("5 to 500 characters")
    staff.check("progress page with a refused move")
    staff.assert_clean()

    db.session.expire_all()
    assert db.session.scalar(
        select(YouthProfile.stage).where(YouthProfile.user_id == youth_id)
    ) == ("exploration")
    moves = db.session.scalars(select(StageChange).where(StageChange.youth_id == youth_id)).all()
    assert [(m.from_stage, m.to_stage, m.changed_by_id) for m in moves] == [
        ("preparedness", "exploration", demo.user_id(STAFF))
    ]
    audited = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "progress.move_stage", AuditEvent.youth_id == youth_id
        )
    ).all()
    assert [e.detail for e in audited] == [
        {"from_stage": "preparedness", "to_stage": "exploration"}
    ]

    # The family reads the same youth's progress, without the staff form.
    family_id = db.session.scalar(
        select(Guardianship.family_id).where(
            Guardianship.youth_id == youth_id, Guardianship.status == "active"
        )
    )
    if family_id is not None:
        username = db.session.get_one(User, family_id).username
        family = PageAudit(new_page())
        family.sign_in(username, demo.password)
        family.check()
        family.visit(f"/youth/{youth_id}/progress")
        expect(heading(family.page)).to_have_text(re.compile("^Progress of "))
        expect(family.page.get_by_text("Things to talk about at home:")).to_be_visible()
        expect(family.page.get_by_role("button", name="Move")).to_have_count(0)
        family.check()
        screenshot(family.page, "progress-family")
        family.assert_clean()
