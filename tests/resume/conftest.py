from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.badges.support import rules_in, small_catalog


@pytest.fixture
def quiet(app: Flask) -> Iterator[None]:
    """Commits re-evaluate badge rules with a catalog of no badges: nothing is awarded, so
    every award in these tests is one added by hand."""
    with rules_in(app, small_catalog(())):
        yield
