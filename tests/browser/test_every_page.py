"""Every HTML page of the app, opened in Chromium at 360 px by someone the access matrix says
may open it, in the two-organization test world, and checked by PageAudit (axe-core, width,
control names, script errors). A new page is audited here without anyone listing it; the
feature tests walk the same pages through their flows."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests.browser.support import PageAudit
from tests.factories import PASSWORD, World, login_as, make_world, web_client
from tests.matrix import OK, SESSION_ACTORS, URL_IDS
from tests.routes import collect
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.browser

#: Who opens a page, in this order of preference: the first with an OK row.
OPENERS = ("staff", "admin", "youth", "family", "anonymous")


def _url(rule: str, world: World) -> str:
    ids = {**URL_IDS, **collect("URL_IDS")}
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(ids[m.group(1)](world)), rule)


def html_pages(app: Flask, world: World) -> dict[str, list[str]]:
    """Pages (GET routes answering 200 with HTML to someone) grouped by the actor who opens
    them; asked first through the test client, so downloads, JSON and redirects stay out."""
    pages: dict[str, list[str]] = {actor: [] for actor in OPENERS}
    for (endpoint, method, rule), row in MATRIX.items():
        if method != "GET" or endpoint == "static" or rule.startswith("/api/"):
            continue
        opener = next((a for a in OPENERS if row.expected(a) is OK), None)
        if opener is None:
            continue
        client = web_client(app)
        if (key := SESSION_ACTORS[opener]) is not None:
            login_as(client, world.user(key))
        url = _url(rule, world)
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages[opener].append(url)
    return pages


def test_every_page_passes_the_audit(app: Flask, new_page: Callable[..., Page]) -> None:
    world = make_world()
    pages = html_pages(app, world)
    assert sum(len(urls) for urls in pages.values()) >= 60, pages
    problems: list[str] = []
    for actor, urls in pages.items():
        audit = PageAudit(new_page())
        if (key := SESSION_ACTORS[actor]) is not None:
            audit.sign_in(world.user(key).username, PASSWORD)
            audit.check()
        for url in urls:
            audit.visit(url)
        try:
            audit.assert_clean()
        except AssertionError as error:
            problems.append(f"as {actor}: {error}")
    assert not problems, "\n\n".join(problems)
