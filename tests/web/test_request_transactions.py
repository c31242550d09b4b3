"""A request that only read ends with COMMIT (PostgreSQL keeps its prepared statements);
one that flushed but did not commit still rolls back, so nothing half-done is saved."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from ccl_youth import create_app
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from tests.conftest import TEST_CONFIG


@pytest.fixture
def probe_app(app, database_url):
    # ``app`` is requested so the shared clean-up empties the tables afterwards.
    probe = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})

    @probe.get("/_probe/read")
    def read() -> str:
        return str(db.session.scalar(select(func.count(Organization.id))))

    @probe.get("/_probe/flush")
    def flush_only() -> str:
        db.session.add(Organization(slug="half-done", name="Never saved"))
        db.session.flush()
        return "flushed"

    yield probe
    with probe.app_context():
        db.engine.dispose()


def ends(probe, path):
    endings: list[str] = []
    with probe.app_context():
        engine = db.engine
    on_commit = lambda conn: endings.append("commit")  # noqa: E731
    on_rollback = lambda conn: endings.append("rollback")  # noqa: E731
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    try:
        response = probe.test_client().get(path)
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "rollback", on_rollback)
    assert response.status_code == 200
    return endings


def test_a_read_only_request_commits(probe_app):
    assert ends(probe_app, "/_probe/read") == ["commit"]


def test_a_flushed_but_uncommitted_request_rolls_back(probe_app):
    assert "commit" not in ends(probe_app, "/_probe/flush")
    with probe_app.app_context():
        saved = db.session.scalar(select(Organization.id).where(Organization.slug == "half-done"))
        db.session.remove()
    assert saved is None
