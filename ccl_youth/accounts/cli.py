"""Operator commands: ``flask users create`` and ``flask tokens create``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ccl_youth.accounts import services
from ccl_youth.accounts.models import User
from ccl_youth.core.errors import DomainError, ValidationFailed
from ccl_youth.core.roles import Role, parse_grade, stage_for_grade
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Organization
from ccl_youth.programs.services import add_assignment, add_enrollment


def fail(error: DomainError) -> None:
    """Print a service error naming the field and exit non-zero, with nothing saved."""
    db.session.rollback()
    if isinstance(error, ValidationFailed):
        for field, messages in error.errors.items():
            click.echo(f"error: {field}: {' '.join(messages)}", err=True)
    else:
        click.echo(f"error: {error}", err=True)
    raise SystemExit(1)


users_cli = click.Group("users", help="Create accounts.")
tokens_cli = click.Group("tokens", help="Personal access tokens for the JSON API.")


@users_cli.command("create")
@click.option("--org", "org_slug", required=True, help="Organization slug.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--name", "display_name", default=None, help="Shown name (defaults to username).")
@click.option("--grade", default=None, help="Youth only: K or 1-12.")
@click.option(
    "--guardian-of", "guardian_of", default=None, help="Family only: the youth's username."
)
@click.option(
    "--cohort",
    "cohort_name",
    default=None,
    help="Youth: enroll in this cohort. Staff: assign to it.",
)
@with_appcontext
def create_user_command(
    org_slug: str,
    role: str,
    username: str,
    password: str,
    display_name: str | None,
    grade: str | None,
    guardian_of: str | None,
    cohort_name: str | None,
) -> None:
    """Create one account; every rule the pages apply holds here too."""
    role_enum = Role(role)
    organization = db.session.scalar(select(Organization).where(Organization.slug == org_slug))
    try:
        if organization is None:
            raise ValidationFailed(org=f"No organization with slug {org_slug!r}.")
        youth_details = None
        if role_enum is Role.YOUTH:
            if grade is None:
                raise ValidationFailed(grade="A youth needs --grade (K or 1-12).")
            try:
                grade_value = parse_grade(grade)
            except ValueError:
                raise ValidationFailed(grade="Use K or a number from 1 to 12.") from None
            youth_details = services.YouthDetails(display_name or username, grade_value)
        elif grade is not None:
            raise ValidationFailed(grade="Only youth have a grade.")
        if guardian_of and role_enum is not Role.FAMILY:
            raise ValidationFailed(guardian_of="Only family accounts can be guardians.")
        if cohort_name and role_enum not in (Role.YOUTH, Role.STAFF):
            raise ValidationFailed(cohort="Only youth and staff join cohorts.")
        cohort = None
        if cohort_name:
            cohort = db.session.scalar(
                select(Cohort).where(
                    Cohort.organization_id == organization.id, Cohort.name == cohort_name
                )
            )
            if cohort is None:
                raise ValidationFailed(cohort=f"No cohort named {cohort_name!r} in {org_slug}.")
        youth = None
        if guardian_of:
            youth = db.session.scalar(
                select(User).where(
                    User.username == services.normalise_username(guardian_of),
                    User.organization_id == organization.id,
                    User.role == Role.YOUTH.value,
                )
            )
            if youth is None:
                raise ValidationFailed(guardian_of=f"No youth {guardian_of!r} in {org_slug}.")
        user = services.create_user(
            db.session,
            organization,
            role_enum,
            username,
            password,
            display_name or username,
            youth=youth_details,
        )
        if cohort is not None and role_enum is Role.YOUTH:
            add_enrollment(db.session, user, cohort, None)
        if cohort is not None and role_enum is Role.STAFF:
            add_assignment(db.session, user, cohort, None)
        if youth is not None:
            services.link_family(db.session, user, youth, None)
    except DomainError as error:
        fail(error)
        return
    db.session.commit()
    stage = f", stage {stage_for_grade(youth_details.grade).value}" if youth_details else ""
    click.echo(f"created {role} {user.username} (id {user.id}){stage}")


@tokens_cli.command("create")
@click.option("--username", required=True)
@click.option("--name", default="command line", help="What the token is for.")
@with_appcontext
def create_token_command(username: str, name: str) -> None:
    """Create a token for a staff member or admin and print it once."""
    user = db.session.scalar(
        select(User).where(User.username == services.normalise_username(username))
    )
    try:
        if user is None:
            raise ValidationFailed(username=f"No user {username!r}.")
        _token, secret = services.create_api_token(db.session, user, name)
    except DomainError as error:
        fail(error)
        return
    db.session.commit()
    click.echo(secret)
