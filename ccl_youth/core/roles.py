"""Roles, grades and stages: the small vocabulary every feature speaks."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Role(StrEnum):
    YOUTH = "youth"
    STAFF = "staff"
    FAMILY = "family"
    ADMIN = "admin"


class Stage(StrEnum):
    AWARENESS = "awareness"
    EXPLORATION = "exploration"
    PREPAREDNESS = "preparedness"


class ConsentState(StrEnum):
    NOT_REQUIRED = "not_required"
    PENDING = "pending"
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


class GuardianshipStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"


#: Grades run from kindergarten (0) to 12.
GRADES: tuple[int, ...] = tuple(range(0, 13))

#: Languages the app offers for pages and family materials.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}

COPPA_AGE = 13


def grade_label(grade: int) -> str:
    """'K' for kindergarten, otherwise the number."""
    return "K" if grade == 0 else str(grade)


def parse_grade(text: str) -> int:
    """Read 'K', 'k', '0'…'12' as a grade; raises ValueError otherwise."""
    cleaned = text.strip().upper()
    if cleaned in {"K", "KG", "0"}:
        return 0
    value = int(cleaned)
    if value not in GRADES:
        raise ValueError(f"grade must be K or 1-12, not {text!r}")
    return value


def stage_for_grade(grade: int) -> Stage:
    """Default stage for a grade: K–5 awareness, 6–8 exploration, 9–12 preparedness."""
    if grade <= 5:
        return Stage.AWARENESS
    if grade <= 8:
        return Stage.EXPLORATION
    return Stage.PREPAREDNESS


def age_in_years(birth_year: int, birth_month: int, today: date) -> int:
    """Whole years of age, counting a birthday month as reached on its first day."""
    age = today.year - birth_year
    if today.month < birth_month:
        age -= 1
    return age


def is_under_13(birth_year: int | None, birth_month: int | None, today: date) -> bool:
    """True when the youth may be under 13; an unknown birth date is treated as under 13."""
    if birth_year is None or birth_month is None:
        return True
    return age_in_years(birth_year, birth_month, today) < COPPA_AGE
