"""Operator commands: ``flask orgs create``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ccl_youth.accounts.cli import fail
from ccl_youth.core.errors import DomainError
from ccl_youth.extensions import db
from ccl_youth.programs.services import create_organization

orgs_cli = click.Group("orgs", help="Organizations (tenants).")


@orgs_cli.command("create")
@click.option("--slug", required=True, help="Short name used in commands, e.g. 'eastside'.")
@click.option("--name", required=True, help="Full name shown on pages and cards.")
@with_appcontext
def create_org_command(slug: str, name: str) -> None:
    """Create an organization."""
    try:
        organization = create_organization(db.session, slug, name)
    except DomainError as error:
        fail(error)
        return
    db.session.commit()
    click.echo(f"created organization {organization.slug} (id {organization.id})")
