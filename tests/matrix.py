"""The access matrix's vocabulary: outcomes, actors, how URL ids are filled, and ``Row``.

``tests/test_access_matrix.py`` declares the rows of the original features; each module in
``tests/routes/`` declares ``MATRIX_ROWS`` for its own feature with the same vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from werkzeug.test import TestResponse

from tests.factories import World

# --- outcomes ------------------------------------------------------------------------------


def _to_signin(response: TestResponse) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and urlsplit(location).path == "/signin"


@dataclass(frozen=True)
class Outcome:
    label: str
    matches: Callable[[TestResponse], bool]


OK = Outcome("200", lambda r: r.status_code == 200)
ALLOW = Outcome(
    "allowed (200, 400 for a form with missing fields, or 302 not to /signin)",
    lambda r: r.status_code in (200, 400) or (r.status_code == 302 and not _to_signin(r)),
)
REDIRECT = Outcome(
    "302 to a page other than /signin", lambda r: r.status_code == 302 and not _to_signin(r)
)
LOGIN = Outcome("302 to /signin", _to_signin)
SIGNED_OUT = Outcome("302 to /signin (signed out)", _to_signin)
DENY_403 = Outcome("403", lambda r: r.status_code == 403)
DENY_404 = Outcome("404", lambda r: r.status_code == 404)
UNAUTH_401 = Outcome("401", lambda r: r.status_code == 401)
SAVED = Outcome("201, or 200 for a submission made before", lambda r: r.status_code in (200, 201))


# --- actors --------------------------------------------------------------------------------

#: Session actors (the matrix's columns) and the world's user each signs in as.
SESSION_ACTORS: dict[str, str | None] = {
    "anonymous": None,
    "youth": "youth1",
    "family": "family1",
    "family2": "family2",
    "staff": "staff1",
    "staff2": "staff2",
    "admin": "admin_a",
    "admin2": "admin_b",
}
#: Token actors and the world's user whose personal access token they send.
TOKEN_ACTORS: dict[str, str] = {
    "token_staff": "staff1",
    "token_staff2": "staff2",
    "token_admin": "admin_a",
    "token_admin2": "admin_b",
}
#: The youth each actor may see (``World.youth_names`` keys); nothing else may show up.
SEES: dict[str, tuple[str, ...]] = {
    "anonymous": (),
    "youth": ("youth1",),
    "family": ("youth1",),
    "family2": ("youth2",),
    "staff": ("youth1", "classmate"),
    "staff2": ("youth2",),
    "admin": ("youth1", "classmate", "youth2"),
    "admin2": ("youth_b",),
    "token_staff": ("youth1", "classmate"),
    "token_staff2": ("youth2",),
    "token_admin": ("youth1", "classmate", "youth2"),
    "token_admin2": ("youth_b",),
}

#: How to fill each URL parameter from the world.
URL_IDS: dict[str, Callable[[World], int | str]] = {
    "youth_id": lambda w: w.youth1,
    "user_id": lambda w: w.youth1,
    "cohort_id": lambda w: w.cohort1,
    "guardianship_id": lambda w: w.link1,
    "program_id": lambda w: w.program_a,
    "staff_id": lambda w: w.staff1,
    "token_id": lambda w: w.token_ids["staff1"],
    "cluster_id": lambda w: w.cluster,
    "soc_code": lambda w: w.soc_code,
    "attempt_id": lambda w: w.attempt,
    "slug": lambda w: w.instrument_slug,
    "instrument_id": lambda w: w.instrument,
}


class Row(NamedTuple):
    """Expected outcomes for one route and method, one per session actor, in column order."""

    anonymous: Outcome
    youth: Outcome
    family: Outcome
    family2: Outcome
    staff: Outcome
    staff2: Outcome
    admin: Outcome
    admin2: Outcome
    #: token_staff, token_staff2, token_admin, token_admin2; None: as anonymous.
    tokens: tuple[Outcome, Outcome, Outcome, Outcome] | None = None
    #: Form fields sent with the request (built from the world).
    form: Callable[[World], dict[str, str]] | None = None
    #: A JSON body sent instead (API routes).
    json: Callable[[World], dict[str, object]] | None = None

    def expected(self, actor: str) -> Outcome:
        if actor in TOKEN_ACTORS:
            if self.tokens is None:
                return self.anonymous
            return self.tokens[list(TOKEN_ACTORS).index(actor)]
        return getattr(self, actor)


Key = tuple[str, str, str]  # (endpoint, method, rule)
