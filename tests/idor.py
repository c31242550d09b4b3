"""The IDOR probes' vocabulary: actors, the ids each URL parameter takes in scope, in another
organization, out of scope in the same organization and for nothing at all, and ``IdRoute``.

``tests/test_idor.py`` declares the routes of the original features; each module in
``tests/routes/`` declares ``ID_ROUTES`` for its own feature (and any new parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.factories import World

MISSING_ID = 999_999
LARGEST_ID = 2**31 - 1  # the largest id the database's integer column holds

#: Who each actor is in the world: ("session", user key) or ("token", owner key).
ACTORS: dict[str, tuple[str, str | None]] = {
    "anonymous": ("session", None),
    "youth": ("session", "youth1"),
    "family": ("session", "family1"),
    "family2": ("session", "family2"),
    "staff": ("session", "staff1"),
    "staff2": ("session", "staff2"),
    "admin": ("session", "admin_a"),
    "admin2": ("session", "admin_b"),
    "token_staff": ("token", "staff1"),
    "token_staff2": ("token", "staff2"),
    "token_admin": ("token", "admin_a"),
    "token_admin2": ("token", "admin_b"),
}

Ids = list[tuple[str, int | str]]

#: The id each parameter takes for an actor working on their own records.
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "youth_id": lambda w, actor: w.youth1,
    "user_id": lambda w, actor: w.youth1,
    "cohort_id": lambda w, actor: w.cohort1,
    "guardianship_id": lambda w, actor: w.link1,
    "program_id": lambda w, actor: w.program_a,
    "staff_id": lambda w, actor: w.staff1,
    "token_id": lambda w, actor: w.token_ids["admin_a" if "admin" in actor else "staff1"],
    "cluster_id": lambda w, actor: w.cluster,
    "soc_code": lambda w, actor: w.soc_code,
    "attempt_id": lambda w, actor: w.attempt,
    "slug": lambda w, actor: w.instrument_slug,
    "instrument_id": lambda w, actor: w.instrument,
}

#: The career catalog is one for every organization, so its ids have no "other organization's"
#: object: the stand-ins are ids of nothing at all.
MISSING_SOC_CODE = "99-9999.99"
MISSING_SLUG = "no-such-inventory"

#: Another organization's objects, by parameter.
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "youth_id": lambda w: [("org B's youth", w.youth_b)],
    "user_id": lambda w: [
        ("org B's youth", w.youth_b),
        ("org B's staff member", w.staff_b),
        ("org B's admin", w.admin_b),
        ("org B's family member", w.family_b),
    ],
    "cohort_id": lambda w: [("org B's cohort", w.cohort_b)],
    "guardianship_id": lambda w: [("org B's family link", w.link_b)],
    "program_id": lambda w: [("org B's program", w.program_b)],
    "staff_id": lambda w: [("org B's staff member", w.staff_b)],
    "token_id": lambda w: [
        ("org B admin's token", w.token_ids["admin_b"]),
        ("org B staff member's token", w.token_ids["staff_b"]),
    ],
    "cluster_id": lambda w: [("no such cluster (the catalog is shared)", MISSING_ID)],
    "soc_code": lambda w: [("no such occupation (the catalog is shared)", MISSING_SOC_CODE)],
    "attempt_id": lambda w: [("org B youth's attempt", w.attempt_b)],
    "slug": lambda w: [("no such inventory (instruments are shared)", MISSING_SLUG)],
    "instrument_id": lambda w: [("no such instrument (instruments are shared)", MISSING_ID)],
}

#: Same-organization objects outside the actor's scope, by (parameter, actor). Admins see their
#: whole organization, so theirs are ids of the wrong kind (an account that is not a youth).
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("youth_id", "staff"): lambda w: [
        ("youth of cohort 2", w.youth2),
        ("the staff member's own account", w.staff1),
        ("a family account", w.family1),
    ],
    ("youth_id", "admin"): lambda w: [
        ("the admin's own account", w.admin_a),
        ("a staff account", w.staff1),
    ],
    ("youth_id", "family"): lambda w: [
        ("youth2: invited, never accepted", w.youth2),
        ("classmate: link revoked", w.classmate),
        ("the family member's own account", w.family1),
    ],
    ("youth_id", "token_staff"): lambda w: [
        ("youth of cohort 2", w.youth2),
        ("the staff member's own account", w.staff1),
    ],
    ("youth_id", "token_admin"): lambda w: [("the admin's own account", w.admin_a)],
    ("cohort_id", "staff"): lambda w: [("cohort 2", w.cohort2)],
    ("guardianship_id", "staff"): lambda w: [("youth2's family link", w.link2)],
    ("token_id", "staff"): lambda w: [
        ("staff2's token", w.token_ids["staff2"]),
        ("the admin's token", w.token_ids["admin_a"]),
    ],
    ("token_id", "admin"): lambda w: [("staff1's token", w.token_ids["staff1"])],
    ("staff_id", "admin"): lambda w: [("staff2, not assigned to cohort 1", w.staff2)],
    ("attempt_id", "youth"): lambda w: [("the classmate's finished attempt", w.classmate_attempt)],
}

NONEXISTENT: Ids = [("no such id", MISSING_ID), ("no such id (largest)", LARGEST_ID)]
#: Parameters that are not numeric ids, and the values of nothing they take.
NONEXISTENT_BY_PARAM: dict[str, Ids] = {
    "soc_code": [
        ("no such SOC code", MISSING_SOC_CODE),
        ("no such SOC code (zeros)", "00-0000.00"),
    ],
    "slug": [("no such slug", MISSING_SLUG), ("no such slug (digits)", "0")],
}
MISSING_BY_PARAM: dict[str, int | str] = {"soc_code": MISSING_SOC_CODE, "slug": MISSING_SLUG}


@dataclass(frozen=True)
class IdRoute:
    """Actors who may use the route on their own records, the form a POST sends (complete, so
    that a missing check would show as a change), and more id combinations to try. ``refused``
    names the actors refused whatever the id (by default anonymous and ``REFUSED_ROLE`` of the
    first actor); ``setup`` adds rows the route acts on before anything is probed."""

    actors: tuple[str, ...]
    form: Callable[[World], dict[str, str]] | None = None
    combos: Callable[[World], list[tuple[str, dict[str, int]]]] | None = None
    refused: tuple[str, ...] | None = None
    setup: Callable[[World], None] | None = None
    #: A JSON body sent instead of a form (API routes).
    json: Callable[[World], dict[str, Any]] | None = None


Key = tuple[str, str, str]  # (endpoint, method, rule), as in the access matrix
STAFF_AND_ADMIN = ("staff", "admin")
EVERY_ROLE = ("youth", "family", "staff", "admin")
