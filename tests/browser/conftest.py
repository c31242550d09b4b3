"""Browser fixtures: the test app on a real HTTP port, Debian's Chromium through Playwright,
and the demo organization seeded afresh for each test (the root conftest empties every table
after each test that uses the app)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)
from sqlalchemy import select, update
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ccl_youth.accounts.models import User
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.demo.services import seed_demo
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort
from tests.browser.support import PHONE, Demo
from tests.contentkit import real_content
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _QuietHandler(WSGIRequestHandler):
    """Keep the request log out of the test output; errors are still logged."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


@dataclass(frozen=True)
class LiveServer:
    url: str


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[LiveServer]:
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    chromium = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Open pages, each in its own fresh browser profile (360 px wide unless told), so one
    test can act as two people. The pages' Content-Security-Policy forbids inline scripts,
    so it is bypassed to let axe-core be injected."""
    contexts: list[BrowserContext] = []

    def open_page(viewport: ViewportSize = PHONE) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def demo(app: Flask) -> Demo:
    """Seed the demo organization through its real services, with the instruments of content/
    (as ``make run`` syncs them first); the tables are emptied after."""
    sync_instruments(db.session, real_content())
    seed_demo(db.session, PASSWORD)
    # The demo gives every fourth youth Spanish; these walkthroughs read the English labels,
    # and test_languages.py walks the Spanish pages.
    db.session.execute(update(User).values(preferred_language="en"))
    db.session.commit()
    cohorts = {c.name: c.id for c in db.session.scalars(select(Cohort))}
    users = dict(db.session.execute(select(User.username, User.id)).all())
    db.session.commit()
    return Demo(password=PASSWORD, cohorts=cohorts, users=users)
