"""Access matrix rows and IDOR probes for reflections, experience timelines and their API.

The world has youth1's ``reflection1`` on activity1 (cohort 1, logged by staff1). Another
organization's reflection, and the classmate's, are added by ``_reflections_to_probe`` before
the probes run (the world has none)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ccl_youth.experiences.models import Reflection
from ccl_youth.extensions import db
from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute, Ids
from tests.matrix import (
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    UNAUTH_401,
    Key,
    Row,
)

PROBE_PROMPT = "guest_speaker.preparedness.post.1"


def _reflection_of(youth_id: int) -> int:
    found = db.session.scalar(
        select(Reflection.id).where(
            Reflection.youth_id == youth_id, Reflection.prompt_id == PROBE_PROMPT
        )
    )
    assert found is not None, "the route's setup adds this reflection"
    return found


def _reflections_to_probe(w: World) -> None:
    """youth_b (org B) and the classmate each answered about their own activity."""
    for youth_id, activity_id in ((w.youth_b, w.exp.activity_b), (w.classmate, w.exp.activity1)):
        db.session.add(
            Reflection(
                youth_id=youth_id,
                activity_id=activity_id,
                prompt_id=PROBE_PROMPT,
                prompt_text="Which advice can you use?",
                when="post",
                answer="Their own words.",
            )
        )
    db.session.commit()


def _answer(w: World) -> dict[str, str]:
    return {"answer": "Changed by the probes.", "is_shared_with_family": "y"}


URL_IDS: dict[str, Callable[[World], int | str]] = {
    "reflection_id": lambda w: w.exp.reflection1,
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "reflection_id": lambda w, actor: w.exp.reflection1,
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "reflection_id": lambda w: [("org B youth's reflection", _reflection_of(w.youth_b))],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("reflection_id", "youth"): lambda w: [
        ("the classmate's reflection on the same activity", _reflection_of(w.classmate))
    ],
}

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- reflections: youth answer; staff and admins read them per activity ------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("reflections.index", "GET", "/reflections"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    # Without ?activity= there is nothing to answer: the youth goes to their list.
    ("reflections.new", "GET", "/reflections/new"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("reflections.new", "POST", "/reflections/new"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_answer),
    ("reflections.edit", "GET", "/reflections/<int:reflection_id>/edit"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("reflections.edit", "POST", "/reflections/<int:reflection_id>/edit"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_answer),
    ("reflections.share", "POST", "/reflections/<int:reflection_id>/share"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=lambda w: {"shared": "1", "back": "reflections"}),
    ("reflections.activity_reflections", "GET", "/activities/<int:activity_id>/reflections"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    # --- experience timelines ------------------------------------------------------------
    ("reflections.my_timeline", "GET", "/my/experiences"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("reflections.youth_timeline", "GET", "/youth/<int:youth_id>/experiences"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("api.YouthExperiences", "GET", "/api/v1/youth/<int:youth_id>/experiences"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    ("reflections.edit", "GET", "/reflections/<int:reflection_id>/edit"): IdRoute(
        ("youth",), setup=_reflections_to_probe
    ),
    ("reflections.edit", "POST", "/reflections/<int:reflection_id>/edit"): IdRoute(
        ("youth",), form=_answer, setup=_reflections_to_probe
    ),
    ("reflections.share", "POST", "/reflections/<int:reflection_id>/share"): IdRoute(
        ("youth",),
        form=lambda w: {"shared": "1", "back": "reflections"},
        setup=_reflections_to_probe,
    ),
    (
        "reflections.activity_reflections",
        "GET",
        "/activities/<int:activity_id>/reflections",
    ): IdRoute(STAFF_AND_ADMIN),
    # Family members may read a linked youth's timeline too, so the refused ones are the
    # signed-out visitor and a youth (their own timeline is /my/experiences).
    ("reflections.youth_timeline", "GET", "/youth/<int:youth_id>/experiences"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth")
    ),
    ("api.YouthExperiences", "GET", "/api/v1/youth/<int:youth_id>/experiences"): IdRoute(
        ("token_staff", "token_admin")
    ),
}
