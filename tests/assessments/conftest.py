"""Fixtures for inventory tests: the real instruments and career catalog from content/, synced
into the (emptied after each test) database, and a youth, staff member and cohort to use them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.assessments.models import Instrument
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.careers.sync import sync_careers
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Organization
from tests.contentkit import real_content
from tests.factories import make_cohort, make_org, make_staff, make_youth


@pytest.fixture
def instruments(app: Flask) -> dict[str, Instrument]:
    """The three instruments of content/, by slug."""
    sync_instruments(db.session, real_content())
    db.session.commit()
    return {i.slug: i for i in db.session.scalars(select(Instrument))}


@pytest.fixture
def catalog(app: Flask) -> None:
    """The career clusters and occupations of content/."""
    sync_careers(db.session, real_content())
    db.session.commit()


@dataclass
class Program:
    org: Organization
    cohort: Cohort
    staff: User
    youth: User  # grade 7
    young: User  # grade 3


@pytest.fixture
def program(app: Flask) -> Program:
    org = make_org()
    cohort = make_cohort(org, name="Maker Space")
    staff = make_staff(org, [cohort], name="Ms. Rivera")
    youth = make_youth(org, cohort, grade=7, name="Aaliyah E.")
    young = make_youth(org, cohort, grade=3, name="Maya A.")
    return Program(org, cohort, staff, youth, young)
