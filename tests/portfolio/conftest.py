from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.badges.support import rules_in, small_catalog
from tests.portfolio.helpers import Setup, setup


@pytest.fixture
def s(app: Flask) -> Iterator[Setup]:
    """The portfolio world, with badge rules that award nothing (the test awards by hand)."""
    with rules_in(app, small_catalog(())):
        yield setup()
