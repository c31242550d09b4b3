"""Fixtures of the skills tests: the two-organization world and the uploads folder's files."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.factories import World, make_world


@pytest.fixture
def world(app: Flask) -> World:
    return make_world()
