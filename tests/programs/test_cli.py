"""``flask orgs create``."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from tests.factories import make_org


@pytest.fixture
def cli(app: Flask):  # noqa: ANN201
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def organizations() -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (o.slug, o.name)
        for o in db.session.scalars(select(Organization).order_by(Organization.slug))
    ]


def test_orgs_create(cli):
    result = cli("orgs", "create", "--slug", "Eastside", "--name", "Eastside Youth Network")
    assert result.exit_code == 0, result.output
    org = db.session.scalars(select(Organization)).one()
    assert result.stdout == f"created organization eastside (id {org.id})\n"
    assert organizations() == [("eastside", "Eastside Youth Network")]


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [
        ("taken", "Again", "error: slug: That slug is taken.\n"),
        ("bad slug", "X", "error: slug: Use 2 to 40 lower-case letters, digits or dashes.\n"),
        ("fine", "  ", "error: name: Enter a name.\n"),
    ],
)
def test_orgs_create_errors_exit_non_zero_and_save_nothing(cli, slug, name, message):
    make_org(slug="taken", name="Taken")
    result = cli("orgs", "create", "--slug", slug, "--name", name)
    assert result.exit_code == 1
    assert result.stderr == message
    assert organizations() == [("taken", "Taken")]


def test_orgs_create_needs_both_options(cli):
    result = cli("orgs", "create", "--slug", "eastside")
    assert result.exit_code == 2
    assert "--name" in result.stderr
    assert db.session.scalar(select(func.count(Organization.id))) == 0
