"""``flask seed-demo``: a demo organization to click through."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ccl_youth.accounts.cli import fail
from ccl_youth.accounts.models import User
from ccl_youth.core.errors import DomainError
from ccl_youth.credentials.keys import generate_signing_key
from ccl_youth.demo.services import seed_demo as build_demo
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from ccl_youth.web.catalog import catalog, plans, recognition


@click.command("seed-demo")
@click.option(
    "--password",
    default="demo-password",
    show_default=True,
    help="Password for every demo account (at least 8 characters).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@with_appcontext
def seed_demo(password: str, if_empty: bool) -> None:
    """Create the 'demo' organization and print its sign-ins."""
    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database already has users; no demo data added.")
        if db.session.scalar(select(Organization.id).where(Organization.slug == "demo")):
            click.echo("Demo sign-ins: admin, rivera (staff), maya1 (youth), family1 (family);")
            click.echo("password: the one given when the demo was made (default demo-password).")
        return
    try:
        signins = build_demo(
            db.session, password, catalog=catalog(), recognition=recognition(), plans=plans()
        )
        organization = db.session.scalars(
            select(Organization).where(Organization.slug == "demo")
        ).one()
        # The demo can hand out signed badge credentials from the start.
        generate_signing_key(db.session, organization, current_app.config["SECRET_KEY"])
    except DomainError as error:
        fail(error)
        return
    db.session.commit()
    click.echo("Demo sign-ins (every account uses the same password):")
    click.echo(f"  password: {password}")
    for row in signins:
        click.echo(f"  {row.role:<7} {row.username:<12} {row.display_name}")
    click.echo("  (40 youth in all: usernames like maya1 … malik40; families family1 … family20)")
    click.echo("  priya9 (grade 11) has an internship with hours; patel (staff) verifies them.")
    click.echo("  priya9 also has a signed High School and Beyond Plan, a portfolio and a résumé.")
