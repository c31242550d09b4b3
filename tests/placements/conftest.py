"""Fixtures for the placements tests: the two-organization world and the real catalog."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from ccl_youth.accounts.models import YouthProfile
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.extensions import db
from tests.contentkit import CONTENT
from tests.factories import World, make_world

#: "Today" for service tests: the world's placements started on 2026-10-06.
TODAY = date(2026, 11, 20)


@pytest.fixture
def world(app: Flask) -> World:
    return make_world()


@pytest.fixture
def catalog() -> ExperienceCatalog:
    return experience_catalog(str(CONTENT))


def set_birth(youth_id: int, year: int | None, month: int | None) -> None:
    profile = db.session.get_one(YouthProfile, youth_id)
    profile.birth_year, profile.birth_month = year, month
    db.session.commit()
