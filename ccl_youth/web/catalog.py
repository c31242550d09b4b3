"""The experience catalog (framework, experience types, reflection prompts) of this app's
content folder, loaded once per process."""

from __future__ import annotations

from flask import current_app

from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog


def catalog() -> ExperienceCatalog:
    """The checked catalog from ``CONTENT_PATH`` (cached; content changes need a restart)."""
    return experience_catalog(str(current_app.config["CONTENT_PATH"]))
