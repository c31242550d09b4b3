"""The page checks themselves must be able to fail: each is shown a page with the problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.support import PageAudit

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title></head><body>
<main><h1>Bad page</h1>
<p style="color:#bbb">Pale text.</p>
<input type="text" name="unlabelled">
<div style="width:600px">Too wide for a phone.</div>
<form method="post" action="/remove/1"><button>Remove</button></form>
<form method="post" action="/remove/2"><button>Remove</button></form>
</main></body></html>"""


def test_the_checks_find_contrast_labels_width_and_same_named_buttons(page: Page) -> None:
    audit = PageAudit(page)
    page.set_content(BAD_PAGE)
    audit.check("bad page")

    report = "\n".join(audit.problems)
    assert "color-contrast" in report
    assert "label" in report
    assert "scrolls sideways, scrollWidth" in report
    assert 'button "Remove" (2×)' in report
    with pytest.raises(AssertionError, match="problem"):
        audit.assert_clean()


def test_a_page_opened_but_never_checked_is_a_problem(page: Page) -> None:
    audit = PageAudit(page)
    audit.visit("/signin")
    page.goto("/join")
    audit.visit("/signin")

    assert [p for p in audit.problems if "opened but never checked" in p] == [
        f"{page.url.replace('/signin', '/join')}: opened but never checked"
    ]
