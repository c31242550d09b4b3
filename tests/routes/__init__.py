"""Per-feature declarations for the access matrix and the IDOR probes.

Each module here declares, for its own feature's routes, ``MATRIX_ROWS`` (see ``tests.matrix``)
and ``ID_ROUTES`` (see ``tests.idor``), and may add URL parameters with ``URL_IDS``,
``IN_SCOPE``, ``OTHER_ORG``, ``SAME_ORG`` and ``NONEXISTENT_BY_PARAM``. The two test modules
merge them with ``collect``; a key declared twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def collect(name: str) -> dict[Any, Any]:
    """Merge the dicts called ``name`` from every module of this package."""
    merged: dict[Any, Any] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        table = getattr(module, name, {})
        clashes = merged.keys() & table.keys()
        assert not clashes, f"{info.name} declares {name} keys declared before: {clashes}"
        merged.update(table)
    return merged
