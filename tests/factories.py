"""Data factories for tests: real rows made through the services where rules matter."""

from __future__ import annotations

import itertools
from datetime import date

from flask.testing import FlaskClient

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import User
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Organization, Program

PASSWORD = "correct-horse-1"
_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_org(slug: str | None = None, name: str | None = None) -> Organization:
    n = _n()
    org = programs.create_organization(db.session, slug or f"org-{n}", name or f"Organization {n}")
    db.session.commit()
    return org


def make_user(
    org: Organization,
    role: Role,
    username: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
) -> User:
    n = _n()
    user = accounts.create_user(
        db.session,
        org,
        role,
        username or f"{role.value}{n}",
        password,
        name or f"{role.value.title()} {n}",
    )
    db.session.commit()
    return user


def make_admin(org: Organization, **kw: str) -> User:
    return make_user(org, Role.ADMIN, **kw)


def make_program(org: Organization, name: str | None = None) -> Program:
    program = Program(organization_id=org.id, name=name or f"Program {_n()}", kind="club")
    db.session.add(program)
    db.session.commit()
    return program


def make_cohort(
    org: Organization, program: Program | None = None, name: str | None = None
) -> Cohort:
    program = program or make_program(org)
    cohort = Cohort(organization_id=org.id, program_id=program.id, name=name or f"Cohort {_n()}")
    db.session.add(cohort)
    db.session.commit()
    return cohort


def make_staff(org: Organization, cohorts: list[Cohort] = (), **kw: str) -> User:  # type: ignore[assignment]
    staff = make_user(org, Role.STAFF, **kw)
    for cohort in cohorts:
        programs.add_assignment(db.session, staff, cohort, None)
    db.session.commit()
    return staff


def make_youth(
    org: Organization,
    cohort: Cohort | None = None,
    grade: int = 7,
    birth_year: int | None = None,
    birth_month: int | None = None,
    username: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
    today: date | None = None,
) -> User:
    n = _n()
    details = accounts.YouthDetails(
        display_name=name or f"Youth {n}",
        grade=grade,
        birth_year=birth_year,
        birth_month=birth_month,
    )
    youth = accounts.create_user(
        db.session,
        org,
        Role.YOUTH,
        username or f"youth{n}",
        password,
        details.display_name,
        youth=details,
        today=today,
    )
    if cohort is not None:
        programs.add_enrollment(db.session, youth, cohort, None)
    db.session.commit()
    return youth


def make_family(org: Organization, youth: list[User] = (), **kw: str) -> User:  # type: ignore[assignment]
    family = make_user(org, Role.FAMILY, **kw)
    for child in youth:
        accounts.link_family(db.session, family, child, None)
    db.session.commit()
    return family


def login_as(client: FlaskClient, user: User) -> FlaskClient:
    """Sign the test client in as ``user`` without going through the sign-in form."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):  # noqa: ANN201
    """Sign in through the real form."""
    return client.post("/signin", data={"username": username, "password": password})
