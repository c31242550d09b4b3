"""``flask keys generate --org SLUG`` and ``flask keys list``."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from ccl_youth.credentials.models import SigningKey
from ccl_youth.extensions import db
from tests.factories import make_org


def run(app: Flask, *args: str):  # noqa: ANN201
    return app.test_cli_runner().invoke(args=list(args))


def test_generate_prints_the_public_key_and_rotation_retires_the_old_one(app: Flask) -> None:
    make_org("eastside", "Eastside Youth Club")
    first = run(app, "keys", "generate", "--org", "eastside")
    assert first.exit_code == 0, first.output
    (row,) = db.session.scalars(select(SigningKey)).all()
    assert f"public key (Multikey): {row.public_key_multibase}" in first.output
    assert row.public_key_multibase.startswith("z6Mk")
    assert f"/credentials/issuers/eastside#key-{row.id}" in first.output

    second = run(app, "keys", "generate", "--org", "EastSide")
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    rows = db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all()
    assert [r.is_active for r in rows] == [False, True]
    assert rows[0].retired_dt is not None
    assert rows[1].public_key_multibase in second.output

    listed = run(app, "keys", "list", "--org", "eastside")
    assert listed.exit_code == 0
    assert rows[0].public_key_multibase in listed.output and "retired" in listed.output
    assert rows[1].public_key_multibase in listed.output and "active" in listed.output
    assert "v1:" not in listed.output  # never the private half


def test_an_unknown_organization_is_a_clear_error(app: Flask) -> None:
    result = run(app, "keys", "generate", "--org", "nowhere")
    assert result.exit_code == 1
    assert "no organization with the slug 'nowhere'" in result.output
    assert db.session.scalars(select(SigningKey)).all() == []
    assert run(app, "keys", "generate").exit_code == 2  # --org is required


def test_listing_before_any_key_says_what_to_do(app: Flask) -> None:
    make_org("eastside", "Eastside Youth Club")
    result = run(app, "keys", "list", "--org", "eastside")
    assert result.exit_code == 0 and "keys generate" in result.output
