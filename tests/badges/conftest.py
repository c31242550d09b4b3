"""Fixtures of the badge tests: a small club (one organization, a cohort, its staff member and
three youth) and the catalogs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.programs.models import Cohort, Organization
from tests.badges.support import experiences, rules_in, small_catalog
from tests.factories import make_cohort, make_org, make_staff, make_youth


@dataclass
class Club:
    org: Organization
    cohort: Cohort
    staff: User
    youth: list[User]


@pytest.fixture
def quiet(app: Flask) -> Iterator[None]:
    """Commits re-evaluate with a catalog of no badges: setting up awards nothing."""
    with rules_in(app, small_catalog(())):
        yield


@pytest.fixture
def club(app: Flask) -> Club:
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    youth = [make_youth(org, cohort, name=f"Club Youth {n}") for n in range(3)]
    return Club(org, cohort, staff, youth)


@pytest.fixture
def exp(app: Flask) -> ExperienceCatalog:
    return experiences(app)
