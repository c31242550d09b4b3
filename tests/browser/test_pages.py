"""Each role signs in through the real form and walks its pages in Chromium at 360 px wide.

Every page opened is checked (PageAudit): no serious or critical axe-core violation, no
sideways scrolling, no two controls with one name doing different things, no script or
loading errors. Screenshots of the home pages go to test-output/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import DESKTOP, Demo, PageAudit, focus_ring_problem, screenshot

pytestmark = pytest.mark.browser


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_anonymous_pages(page: Page) -> None:
    audit = PageAudit(page)

    audit.visit("/")
    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(heading(page)).to_have_text("Sign in")
    expect(page.get_by_role("link", name="Create your account")).to_be_visible()

    page.get_by_role("link", name="Create your account").click()
    expect(page).to_have_url(re.compile(r"/join$"))
    expect(heading(page)).to_have_text("Join as a family member")
    audit.check()

    audit.visit("/this-page-does-not-exist", status=404)
    expect(heading(page)).to_have_text("We could not find that page")

    audit.visit("/staff", status=200)  # the sign-in page, after a redirect
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    audit.assert_clean()


def test_wrong_password_shows_the_error_and_keeps_the_username(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", "not-the-password")

    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(page.get_by_role("alert")).to_contain_text("Please fix the fields marked below.")
    expect(page.locator("#password-error")).to_have_text(
        re.compile("That username and password do not match")
    )
    expect(page.get_by_label("Username", exact=True)).to_have_value("rivera")
    password = page.get_by_label("Password or PIN", exact=True)
    expect(password).to_have_value("")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", "password-error")
    audit.check("/signin with a wrong password")

    page.get_by_label("Username", exact=True).fill("")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("#username-error")).to_be_visible()
    audit.check("/signin with nothing typed")
    audit.assert_clean()


def test_join_with_a_bad_code_shows_the_errors(page: Page) -> None:
    audit = PageAudit(page)
    audit.visit("/join")
    page.get_by_label("Invitation code").fill("NOPE1-NOPE2")
    page.get_by_label("Your name").fill("Pat Parent")
    page.get_by_label("Choose a username").fill("patparent")
    page.get_by_label("Choose a password").fill("long-enough-pw")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Choose a username")).to_have_value("patparent")
    audit.check("/join with a bad code")
    audit.assert_clean()


def test_youth_home_and_pages(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("maya1", demo.password)

    expect(page).to_have_url(re.compile(r"/youth$"))
    expect(heading(page)).to_have_text("Hi, Maya A.!")
    expect(page.get_by_role("heading", name="Your stage: Awareness")).to_be_visible()
    expect(page.get_by_text("Grade 3")).to_be_visible()
    expect(page.get_by_text("Robot Builders")).to_be_visible()
    audit.check()
    screenshot(page, "youth-home")

    page.get_by_role("link", name="Account").click()
    expect(heading(page)).to_have_text("Account")
    audit.check()
    page.get_by_role("link", name="Change password").click()
    expect(heading(page)).to_have_text("Change your password")
    audit.check()

    audit.visit("/staff", status=403)
    expect(heading(page)).to_have_text("This page is not for your account")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/signin$"))
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    audit.check("/signin after signing out")
    audit.assert_clean()


def test_youth_changes_password_with_a_mistake(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("liam2", demo.password)
    expect(heading(page)).to_have_text("Hi, Liam B.!")
    audit.check()
    audit.visit("/account/password")
    page.get_by_label("Current password").fill(demo.password)
    page.get_by_label("New password", exact=True).fill("brand-new-pw-1")
    page.get_by_label("New password again").fill("something-else")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("#confirm-error")).to_have_text(re.compile("The two new passwords differ"))
    audit.check("/account/password with a mismatch")
    audit.assert_clean()


def test_staff_home_and_pages(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)

    expect(page).to_have_url(re.compile(r"/staff$"))
    expect(heading(page)).to_have_text("My cohorts")
    cohort_link = page.get_by_role("link", name="Robot Builders", exact=True)
    expect(cohort_link).to_be_visible()
    expect(page.get_by_text("Eastside Afterschool Club")).to_be_visible()
    audit.check()
    screenshot(page, "staff-home")

    cohort_link.click()
    expect(heading(page)).to_have_text("Robot Builders")
    expect(page.get_by_role("link", name="Maya A.")).to_be_visible()
    audit.check()

    page.get_by_role("link", name="Maya A.").click()
    expect(page).to_have_url(re.compile(rf"/youth/{demo.user_id('maya1')}$"))
    expect(heading(page)).to_have_text("Maya A.")
    expect(page.get_by_text("Lincoln Elementary")).to_be_visible()
    audit.check()

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(heading(page)).to_have_text("Edit Maya A.")
    expect(page.get_by_label("Name")).to_have_value("Maya A.")
    audit.check()

    cohort_id = demo.cohorts["Robot Builders"]
    audit.visit(f"/cohorts/{cohort_id}/youth/new")
    expect(heading(page)).to_have_text("Add a youth to Robot Builders")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("add-youth form sent empty")

    audit.visit(f"/cohorts/{cohort_id}/cards")
    expect(heading(page)).to_have_text("Sign-in cards for Robot Builders")

    audit.visit("/roster")
    expect(heading(page)).to_have_text("All my youth")

    audit.visit("/account/tokens")
    expect(heading(page)).to_have_text("API tokens")
    page.get_by_label("What is this token for?").fill("Reports")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("code.secret")).to_be_visible()
    expect(page.get_by_role("cell", name="Reports", exact=True)).to_be_visible()
    audit.check("/account/tokens with a new token")

    audit.visit("/account/password")
    expect(heading(page)).to_have_text("Change your password")

    audit.visit(f"/youth/{demo.user_id('noah4')}", status=404)  # not in Ms. Rivera's cohort
    audit.assert_clean()


def test_family_home_and_pages(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("family1", demo.password)

    expect(page).to_have_url(re.compile(r"/family$"))
    expect(heading(page)).to_have_text("My youth")
    expect(page.get_by_role("link", name="Maya A.")).to_be_visible()
    expect(page.get_by_role("link", name="Liam B.")).to_be_visible()
    audit.check()
    screenshot(page, "family-home")

    page.get_by_role("link", name="Maya A.").click()
    expect(page).to_have_url(re.compile(rf"/family/youth/{demo.user_id('maya1')}$"))
    expect(heading(page)).to_have_text("Maya A.")
    expect(page.get_by_text("Robot Builders")).to_be_visible()
    audit.check()

    audit.visit(f"/family/youth/{demo.user_id('liam2')}")
    expect(heading(page)).to_have_text("Liam B.")

    audit.visit("/family/link")
    expect(heading(page)).to_have_text("Add a youth with a code")
    page.get_by_label("Invitation code").fill("WRONG-CODE1")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("/family/link with a wrong code")

    audit.visit(f"/family/youth/{demo.user_id('noah4')}", status=404)
    audit.assert_clean()


def test_admin_home_and_pages(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("admin", demo.password)

    expect(page).to_have_url(re.compile(r"/admin$"))
    expect(heading(page)).to_have_text("Admin")
    stats = page.locator("ul.stats")
    expect(stats.get_by_role("link", name="2 programs")).to_be_visible()
    expect(stats.get_by_role("link", name="4 cohorts")).to_be_visible()
    expect(stats.get_by_role("link", name="4 staff")).to_be_visible()
    expect(stats.get_by_role("link", name="40 youth")).to_be_visible()
    expect(stats.get_by_role("link", name="20 family members")).to_be_visible()
    expect(page.get_by_role("link", name="Career Explorers")).to_be_visible()
    audit.check()
    screenshot(page, "admin-home")

    audit.visit("/admin/programs")
    expect(page.get_by_role("cell", name="Summer STEM Pathways", exact=True)).to_be_visible()
    audit.visit("/admin/programs/new")
    expect(heading(page)).to_have_text(re.compile("program", re.IGNORECASE))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("/admin/programs/new sent empty")

    audit.visit("/admin/cohorts")
    page.get_by_role("link", name="Maker Space").click()
    expect(heading(page)).to_have_text("Maker Space")
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    expect(page.get_by_role("button", name="Remove Mr. Chen")).to_be_visible()
    audit.check()
    audit.visit("/admin/cohorts/new")

    audit.visit("/admin/staff")
    expect(page.get_by_role("cell", name="Ms. Rivera", exact=True)).to_be_visible()
    audit.visit("/admin/staff/new")
    expect(heading(page)).to_have_text("New staff member")

    audit.visit("/admin/youth")
    expect(page.get_by_text("40 youth")).to_be_visible()
    audit.visit("/admin/youth/new")
    expect(heading(page)).to_have_text("New youth")

    audit.visit("/admin/families")
    expect(page.get_by_role("cell", name=re.compile("Parent of Maya")).first).to_be_visible()

    audit.visit(f"/admin/users/{demo.user_id('chen')}/password")
    expect(heading(page)).to_have_text("New password for Mr. Chen")

    audit.visit(f"/youth/{demo.user_id('noah4')}")
    expect(heading(page)).to_have_text("Noah D.")
    audit.visit("/roster")
    audit.assert_clean()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    expect(heading(page)).to_have_text("My cohorts")
    audit.check()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    audit.assert_clean()


@pytest.mark.parametrize(("username", "home"), [("rivera", "My cohorts"), (None, "Sign in")])
def test_keyboard_focus_is_clearly_visible_at_every_stop(
    page: Page, demo: Demo, username: str | None, home: str
) -> None:
    audit = PageAudit(page)
    if username:
        audit.sign_in(username, demo.password)
    else:
        audit.visit("/signin")
    expect(heading(page)).to_have_text(home)
    audit.check()

    stops, problems = [], []
    for _ in range(20):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => document.activeElement === document.body"
            " ? null : document.activeElement.outerHTML.slice(0, 80)"
        )
        if where is None or (stops and where == stops[0]):
            break  # past the last stop, or round to the first one again
        stops.append(where)
        problem = focus_ring_problem(page)
        if problem:
            problems.append(problem)
    assert len(stops) >= 5, stops
    assert not problems, "\n".join(problems)
    audit.assert_clean()


def test_staff_invites_a_family_member_who_joins_with_the_code(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    staff = new_page()
    staff_audit = PageAudit(staff)
    staff_audit.sign_in("rivera", demo.password)
    expect(heading(staff)).to_have_text("My cohorts")
    staff_audit.check()
    record = f"/youth/{demo.user_id('maya1')}"
    staff_audit.visit(record)
    staff.get_by_label("Relationship (optional)").fill("Grandmother")
    staff.get_by_role("button", name="Make an invitation code").click()
    expect(heading(staff)).to_have_text("Join Demo Youth Network as a family member")
    code = staff.locator(".code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code), code
    lines = staff.locator(".code").evaluate("el => el.getClientRects().length")
    assert lines == 1, "the invitation code is split over two lines"
    staff_audit.check("invitation letter")
    screenshot(staff, "staff-invitation-letter")

    staff_audit.visit(record)
    expect(staff.get_by_text(re.compile("code not used yet"))).to_be_visible()

    family = new_page()
    family_audit = PageAudit(family)
    family_audit.visit("/join")
    family.get_by_label("Invitation code").fill(code.lower())
    family.get_by_label("Your name").fill("Rosa Grandmother")
    family.get_by_label("Language", exact=True).select_option("es")
    family.get_by_label("Choose a username").fill("rosa.g")
    family.get_by_label("Choose a password").fill("long-enough-pw")
    family.get_by_role("button", name="Create my account").click()
    expect(family).to_have_url(re.compile(r"/family$"))
    # The language chosen when joining applies from the first page on.
    expect(family.get_by_role("status")).to_have_text(
        "¡Le damos la bienvenida! Su cuenta está lista."
    )
    expect(family.locator("html")).to_have_attribute("lang", "es")
    expect(family.get_by_role("link", name="Maya A.")).to_be_visible()
    family_audit.check("/family after joining")

    staff_audit.visit(record)
    expect(staff.get_by_text("Rosa Grandmother")).to_be_visible()
    expect(staff.get_by_role("button", name="End link Rosa Grandmother")).to_be_visible()
    staff_audit.assert_clean()
    family_audit.assert_clean()


def test_staff_prints_sign_in_cards_and_edits_a_youth(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    expect(heading(page)).to_have_text("My cohorts")
    audit.check()
    cohort_id = demo.cohorts["Robot Builders"]

    audit.visit(f"/cohorts/{cohort_id}/cards")
    page.get_by_label("6-digit PIN (for young children)").check()
    page.get_by_role("button", name="Make new cards").click()
    expect(heading(page)).to_have_text("Sign-in cards: Robot Builders")
    expect(page.locator(".signin-card")).to_have_count(12)
    audit.check("sign-in cards for a cohort")
    screenshot(page, "staff-sign-in-cards")

    audit.visit(f"/cohorts/{cohort_id}/youth/new")
    page.get_by_label("Name").fill("Nadia Q.")
    page.get_by_label("Grade").select_option("4")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".signin-card")).to_have_count(1)
    expect(page.locator(".signin-card .who")).to_have_text("Nadia Q.")
    audit.check("sign-in card for a new youth")

    audit.visit(f"/youth/{demo.user_id('liam2')}/edit")
    page.get_by_label("School").fill("Lincoln Elementary School of Science and Engineering")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_text("Lincoln Elementary School of Science and Engineering")).to_be_visible()
    audit.check("youth record after saving")
    audit.assert_clean()


def test_admin_creates_and_deactivates_a_staff_member(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("admin", demo.password)
    expect(heading(page)).to_have_text("Admin")
    audit.check()

    audit.visit("/admin/staff/new")
    page.get_by_label("Name", exact=True).fill("Mx. Okonkwo-Vasquez")
    page.get_by_label("Username", exact=True).fill("okonkwo")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Account created")
    expect(page.get_by_text("okonkwo", exact=True)).to_be_visible()
    audit.check("account created")

    page.get_by_role("link", name="Back to staff").click()
    expect(heading(page)).to_have_text("Staff and admins")
    audit.check()
    page.get_by_role("button", name="Deactivate Mx. Okonkwo-Vasquez").click()
    expect(page.get_by_role("status")).to_have_text("Deactivated and signed out.")
    expect(page.get_by_role("button", name="Reactivate Mx. Okonkwo-Vasquez")).to_be_visible()
    audit.check("/admin/staff after deactivating")
    audit.assert_clean()


@pytest.mark.parametrize(
    ("username", "path", "title"),
    [
        ("maya1", "/youth", "Hi, Maya A.!"),
        ("rivera", "/staff", "My cohorts"),
        ("family1", "/family", "My youth"),
        ("admin", "/admin", "Admin"),
    ],
)
def test_home_pages_on_a_desktop_screen(
    new_page: Callable[..., Page], demo: Demo, username: str, path: str, title: str
) -> None:
    page = new_page(DESKTOP)
    audit = PageAudit(page)
    audit.sign_in(username, demo.password)
    expect(page).to_have_url(re.compile(rf"{path}$"))
    expect(heading(page)).to_have_text(title)
    audit.check(f"{path} at {DESKTOP['width']} px")
    audit.assert_clean()


# --- taking an inventory ---------------------------------------------------------------------

#: Speech synthesis that only records what it was asked to say (headless Chromium has no voices).
FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak: (u) => window.__spoken.push({text: u.text, lang: u.lang}),
  cancel: () => {}, getVoices: () => [],
}});
if (typeof window.SpeechSynthesisUtterance !== 'function') {
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}
"""
NO_SPEECH = (
    "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});"
)
#: How a young youth who loves art and helping answers, by interest area.
FEELINGS = {"r": "No", "i": "Not sure", "a": "Yes", "s": "Yes", "e": "No", "c": "No"}


def answer_current(page: Page, answered: int, total: int) -> None:
    """Answer the question on screen (one at a time at 360 px) and wait until it is saved."""
    current = page.locator("fieldset.item.is-current")
    key = (current.get_attribute("id") or "").removeprefix("item-")
    current.get_by_role("radio", name=FEELINGS[key[0]], exact=True).check()
    expect(page.locator("#progress-text")).to_have_text(f"{answered} of {total} answered")


def test_youth_takes_an_inventory_comes_back_and_sees_results(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    from ccl_youth.careers.sync import sync_careers
    from ccl_youth.extensions import db
    from tests.contentkit import real_content

    sync_careers(db.session, real_content())
    db.session.commit()
    page = new_page()
    page.add_init_script(FAKE_SPEECH)
    audit = PageAudit(page)
    audit.sign_in("maya1", demo.password)
    expect(page.get_by_role("heading", name="Your interests")).to_be_visible()
    audit.check()

    page.get_by_role("link", name="Interest inventories").click()
    expect(heading(page)).to_have_text("Your inventories")
    audit.check()
    page.get_by_role("button", name="Start Would you like to do this?").click()
    expect(heading(page)).to_have_text("Would you like to do this?")
    expect(page.locator("#progress-text")).to_have_text("0 of 24 answered")
    # One question at a time on a phone, with its picture and a Read aloud button.
    expect(page.locator("fieldset.item:visible")).to_have_count(1)
    first = page.get_by_role("group", name="Build something out of wood, like a birdhouse")
    expect(first).to_be_visible()
    expect(first.locator(".item-icon")).to_have_attribute("aria-hidden", "true")
    audit.check("first question of the elementary inventory")
    screenshot(page, "youth-inventory-question")
    first.get_by_role("button", name=re.compile("^Read aloud")).click()
    spoken = page.evaluate("() => window.__spoken")
    assert spoken == [
        {"text": "Build something out of wood, like a birdhouse. No, Not sure, Yes?", "lang": "en"}
    ]

    answer_current(page, 1, 24)
    page.get_by_role("button", name="Next question").click()
    second = page.get_by_role("group", name=re.compile("medicine"))
    expect(second).to_be_visible()
    expect(second.get_by_role("radio").first).to_be_focused()
    answer_current(page, 2, 24)

    # Closing the tab and coming back: the answers are kept, the page opens where she stopped.
    page.reload()
    expect(page.locator("#progress-text")).to_have_text("2 of 24 answered")
    expect(page.get_by_role("group", name=re.compile("song"))).to_be_visible()
    expect(page.locator("input[name=answer-r1]:checked")).to_have_value("1")
    expect(page.locator("input[name=answer-i1]:checked")).to_have_value("2")
    audit.check("the inventory after a reload")

    for answered in range(3, 25):
        answer_current(page, answered, 24)
        if page.get_by_role("button", name="Next question").is_visible():
            page.get_by_role("button", name="Next question").click()
        else:
            page.get_by_role("button", name="Save and continue").click()
            if answered < 24:
                expect(page.locator("fieldset.item:visible")).to_have_count(1)
                audit.check()
    expect(page.get_by_role("heading", name="Ready to see your results?")).to_be_visible()
    expect(page.get_by_text("You answered every question. Great job!")).to_be_visible()
    audit.check("the last page before the results")

    page.get_by_role("button", name="See my results").click()
    expect(heading(page)).to_have_text("Your results")
    expect(page.get_by_role("heading", name="What you like most")).to_be_visible()
    expect(page.get_by_text("Artistic and Social came out even (100 each).")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("^Bar chart of the scores"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Your scores in each area")
    expect(table.get_by_role("row", name=re.compile("^Artistic"))).to_contain_text("100")
    expect(table.get_by_role("row", name=re.compile("^Realistic"))).to_contain_text("0")
    expect(page.get_by_role("heading", name="Careers to look at")).to_be_visible()
    audit.check("results of the elementary inventory")
    screenshot(page, "youth-inventory-results")

    page.get_by_role("link", name="How your interests changed").click()
    expect(heading(page)).to_have_text("How your interests changed")
    expect(page.get_by_role("img", name=re.compile("^Line chart"))).to_be_visible()
    audit.check()
    audit.assert_clean()

    # Without speech synthesis the Read aloud buttons stay hidden.
    quiet = new_page()
    quiet.add_init_script(NO_SPEECH)
    quiet_audit = PageAudit(quiet)
    quiet_audit.sign_in("maya1", demo.password)
    quiet_audit.check()
    quiet_audit.visit("/inventories")
    quiet.get_by_role("button", name="Take it again Would you like to do this?").click()
    expect(quiet.locator("fieldset.item.is-current")).to_be_visible()
    expect(quiet.get_by_role("button", name=re.compile("^Read aloud"))).to_have_count(0)
    quiet_audit.check("a retake without speech synthesis")
    quiet_audit.assert_clean()


def test_inventory_pages_on_a_desktop_screen(new_page: Callable[..., Page], demo: Demo) -> None:
    page = new_page(DESKTOP)
    audit = PageAudit(page)
    audit.sign_in("aaliyah5", demo.password)  # grade 7
    audit.check(f"/youth at {DESKTOP['width']} px")
    audit.visit("/inventories")
    page.get_by_role("button", name="Start What would you like to do? Interest inventory").click()
    expect(page.locator("fieldset.item:visible")).to_have_count(6)
    expect(page.get_by_role("button", name="Next question")).to_be_hidden()
    page.get_by_role("group", name="Study the structure of the human body").get_by_role(
        "radio", name="Strongly like"
    ).check()
    expect(page.locator("#progress-text")).to_have_text("1 of 48 answered")
    audit.check(f"a page of the inventory at {DESKTOP['width']} px")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Page 2 of 8")).to_be_visible()
    audit.check(f"page 2 of the inventory at {DESKTOP['width']} px")
    page.get_by_role("button", name="Back").click()
    expect(page.locator("input[name=answer-i1]:checked")).to_have_value("5")
    audit.check(f"back on page 1 at {DESKTOP['width']} px")
    audit.assert_clean()


def test_staff_assign_an_inventory_and_enter_a_paper_sheet(page: Page, demo: Demo) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    expect(heading(page)).to_have_text("My cohorts")
    audit.check()
    audit.visit(f"/cohorts/{demo.cohorts['Robot Builders']}")
    page.get_by_role("link", name="Inventories").click()
    expect(heading(page)).to_have_text("Inventories: Robot Builders")
    audit.check()
    page.get_by_label("Inventory").select_option("riasec-elementary")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("is assigned to Robot Builders")
    expect(page.get_by_role("table", name=re.compile("Who has taken"))).to_be_visible()
    audit.check("cohort inventories after assigning")

    audit.visit(f"/youth/{demo.user_id('liam2')}")
    page.get_by_role("link", name="Inventories").click()
    expect(heading(page)).to_have_text("Inventories: Liam B.")
    audit.check()
    page.get_by_role("link", name="Enter a paper sheet").click()
    expect(heading(page)).to_have_text("Paper sheet for Liam B.")
    audit.check("choosing the inventory of a paper sheet")
    page.get_by_label("Inventory on the sheet").select_option("riasec-elementary")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("fieldset.item")).to_have_count(24)
    audit.check("paper sheet form")
    for group in page.get_by_role("group").all():
        key = (group.get_attribute("id") or "").removeprefix("item-")
        value = {"r": "3", "i": "3", "c": "1"}.get(key[:1], "2")
        group.locator(f"input[value='{value}']").check()
    page.get_by_role("button", name="Save the sheet").click()
    expect(page.get_by_role("status")).to_have_text("The paper sheet is saved and scored.")
    expect(page.get_by_text("Holland code: RI")).to_be_visible()
    audit.check("youth inventories after a paper sheet")
    audit.assert_clean()
