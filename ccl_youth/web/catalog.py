"""The content catalogs of this app's content folder, loaded once per process: the experience
catalog (framework, experience types, reflection prompts) and the recognition catalog (skills,
milestones, readiness, badges)."""

from __future__ import annotations

from flask import current_app

from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.core.content_plans import PlanCatalog, plan_catalog
from ccl_youth.core.content_recognition import RecognitionCatalog, recognition_catalog


def catalog() -> ExperienceCatalog:
    """The checked catalog from ``CONTENT_PATH`` (cached; content changes need a restart)."""
    return experience_catalog(str(current_app.config["CONTENT_PATH"]))


def recognition() -> RecognitionCatalog:
    """Skills, milestones, readiness rules and badges from ``CONTENT_PATH`` (cached; content
    changes need a restart)."""
    return recognition_catalog(str(current_app.config["CONTENT_PATH"]))


def plans() -> PlanCatalog:
    """Graduation requirements, pathways, the aid checklist and plan guidance from
    ``CONTENT_PATH`` (cached; content changes need a restart)."""
    return plan_catalog(str(current_app.config["CONTENT_PATH"]))
