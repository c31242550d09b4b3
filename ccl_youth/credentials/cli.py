"""Operator commands: ``flask keys generate --org SLUG`` and ``flask keys list --org SLUG``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ccl_youth.credentials.keys import generate_signing_key, organization_by_slug, published_keys
from ccl_youth.extensions import db

keys_cli = click.Group("keys", help="Signing keys for badge credentials (one per organization).")


def _organization_or_exit(slug: str):  # noqa: ANN202 - click helper
    organization = organization_by_slug(db.session, slug.strip().lower())
    if organization is None:
        click.echo(f"error: org: there is no organization with the slug {slug!r}", err=True)
        raise SystemExit(1)
    return organization


@keys_cli.command("generate")
@click.option("--org", "org_slug", required=True, help="Organization slug.")
@with_appcontext
def generate_command(org_slug: str) -> None:
    """Make a new Ed25519 signing key for the organization and start signing with it. The old
    key is retired but stays published, so badges it signed still verify."""
    organization = _organization_or_exit(org_slug)
    key = generate_signing_key(db.session, organization, current_app.config["SECRET_KEY"])
    db.session.commit()
    click.echo(f"signing key {key.id} is active for {organization.slug}")
    click.echo(f"public key (Multikey): {key.public_key_multibase}")
    click.echo(f"published at /credentials/issuers/{organization.slug}#key-{key.id}")


@keys_cli.command("list")
@click.option("--org", "org_slug", required=True, help="Organization slug.")
@with_appcontext
def list_command(org_slug: str) -> None:
    """Show the organization's keys, newest last (public halves only)."""
    organization = _organization_or_exit(org_slug)
    keys = published_keys(db.session, organization.id)
    if not keys:
        click.echo(f"{organization.slug} has no signing key yet: run `keys generate`")
        return
    for key in keys:
        state = "active" if key.is_active else f"retired {key.retired_dt:%Y-%m-%d}"
        click.echo(f"{key.id}\t{state}\t{key.created_dt:%Y-%m-%d}\t{key.public_key_multibase}")
