"""Access matrix rows and IDOR probes for skill evidence, its review and the growth pages.

URL parameter ``evidence_id``: youth1's PDF, waiting for review (added by youth1, tagged to
collaboration; ``tests.skills.support.world_evidence`` adds it, with the classmate's and
youth2's notes in organization A and youth_b's in organization B, the first time it is asked
for). Evidence is not shared with family members: they see the growth page's levels, never
the evidence or its files.

Each actor walks the rows in the order declared, in a world of its own, so the rows that
change the world's evidence come last: the youth changes it, staff return it, then delete it.
"""

from __future__ import annotations

from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute
from tests.idor import Key as IdKey
from tests.matrix import ALLOW, DENY_403, DENY_404, LOGIN, OK, REDIRECT, UNAUTH_401, Key, Row
from tests.skills.support import world_evidence


def evidence_form(key: str = "matrix-evidence-key", **changes: str) -> dict[str, object]:
    form: dict[str, object] = {
        "kind": "text",
        "title": "Poster about bridges",
        "body": "I drew the plan and explained it to my group.",
        "skills": ["collaboration", "communication"],
        "submission_key": key,
    }
    form.update(changes)
    return form


def _edit_form(w: World) -> dict[str, object]:
    """youth1's PDF, renamed: no new file, so the one there is stays."""
    return evidence_form(kind="file", title="Edited by the probes", body="")


URL_IDS = {"evidence_id": lambda w: world_evidence(w).youth1}

YOUTH_ROW = (LOGIN, OK, *[DENY_403] * 6)
YOUTH_POST = (LOGIN, REDIRECT, *[DENY_403] * 6)
STAFF_ROW = (LOGIN, DENY_403, DENY_403, DENY_403, OK, DENY_404, OK, DENY_404)
STAFF_POST = (LOGIN, DENY_403, DENY_403, DENY_403, ALLOW, DENY_404, ALLOW, DENY_404)
STAFF_LIST = (LOGIN, DENY_403, DENY_403, DENY_403, OK, OK, OK, OK)
#: The growth page: staff, admins and family members in scope (youth have /my/skills).
GROWTH = (LOGIN, DENY_403, OK, DENY_404, OK, DENY_404, OK, DENY_404)
#: Files: the youth and staff in scope; family members are refused whatever the id.
FILE = (LOGIN, OK, DENY_403, DENY_403, OK, DENY_404, OK, DENY_404)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- youth: their skills and evidence ------------------------------------------------
    ("skills.my_skills", "GET", "/my/skills"): Row(*YOUTH_ROW),
    ("skills.my_new_evidence", "GET", "/my/evidence/new"): Row(*YOUTH_ROW),
    ("skills.my_new_evidence", "POST", "/my/evidence/new"):
        Row(*YOUTH_POST, form=lambda w: evidence_form()),
    # --- staff, admins, family: growth; staff and admins add and review evidence ---------
    ("skills.youth_skills", "GET", "/youth/<int:youth_id>/skills"): Row(*GROWTH),
    ("skills.new_evidence", "GET", "/youth/<int:youth_id>/evidence/new"): Row(*STAFF_ROW),
    ("skills.new_evidence", "POST", "/youth/<int:youth_id>/evidence/new"):
        Row(*STAFF_POST, form=lambda w: evidence_form()),
    ("skills.review_queue", "GET", "/evidence/review"): Row(*STAFF_LIST),
    ("skills.evidence", "GET", "/evidence/<int:evidence_id>"): Row(*STAFF_ROW),
    ("skills.evidence_file", "GET", "/evidence/<int:evidence_id>/file"): Row(*FILE),
    ("skills.my_edit_evidence", "GET", "/my/evidence/<int:evidence_id>/edit"): Row(*YOUTH_ROW),
    # --- changes to the world's evidence, last ---------------------------------------------
    ("skills.my_edit_evidence", "POST", "/my/evidence/<int:evidence_id>/edit"):
        Row(*YOUTH_POST, form=_edit_form),
    ("skills.evidence", "POST", "/evidence/<int:evidence_id>"):
        Row(*STAFF_POST, form=lambda w: {"action": "return", "comment": "Add a caption."}),
    ("skills.delete_evidence", "POST", "/evidence/<int:evidence_id>/delete"): Row(*STAFF_POST),
    ("skills.my_delete_evidence", "POST", "/my/evidence/<int:evidence_id>/delete"):
        Row(*YOUTH_POST),
    # --- API -------------------------------------------------------------------------------
    #                                          token_staff token_staff2 token_admin token_admin2
    ("api.YouthSkills", "GET", "/api/v1/youth/<int:youth_id>/skills"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,        DENY_404,    OK,         DENY_404)),
}
# fmt: on


# --- IDOR ----------------------------------------------------------------------------------


def _has_evidence(w: World) -> None:
    world_evidence(w)


IN_SCOPE = {"evidence_id": lambda w, actor: world_evidence(w).youth1}
OTHER_ORG = {"evidence_id": lambda w: [("org B's evidence", world_evidence(w).youth_b)]}
SAME_ORG = {
    ("evidence_id", "youth"): lambda w: [
        ("the classmate's evidence", world_evidence(w).classmate),
        ("youth2's evidence", world_evidence(w).youth2),
    ],
    ("evidence_id", "staff"): lambda w: [("youth2's evidence", world_evidence(w).youth2)],
}

YOUTH_ONLY = ("youth",)
#: Who may open a file: its youth, and staff and admins in scope.
FILE_ACTORS = ("youth", "staff", "admin")
#: The growth page: staff, admins and family members in scope.
GROWTH_ACTORS = ("staff", "admin", "family")


def _verify(w: World) -> dict[str, str]:
    return {"action": "verify", "level_collaboration": "3", "comment": "Clear and careful."}


ID_ROUTES: dict[IdKey, IdRoute] = {
    ("skills.youth_skills", "GET", "/youth/<int:youth_id>/skills"): IdRoute(
        GROWTH_ACTORS, refused=("anonymous", "youth")
    ),
    ("skills.new_evidence", "GET", "/youth/<int:youth_id>/evidence/new"): IdRoute(STAFF_AND_ADMIN),
    ("skills.new_evidence", "POST", "/youth/<int:youth_id>/evidence/new"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: evidence_form("idor-evidence-key")
    ),
    ("skills.evidence", "GET", "/evidence/<int:evidence_id>"): IdRoute(
        STAFF_AND_ADMIN, setup=_has_evidence
    ),
    ("skills.evidence", "POST", "/evidence/<int:evidence_id>"): IdRoute(
        STAFF_AND_ADMIN, form=_verify, setup=_has_evidence
    ),
    ("skills.delete_evidence", "POST", "/evidence/<int:evidence_id>/delete"): IdRoute(
        STAFF_AND_ADMIN, setup=_has_evidence
    ),
    ("skills.evidence_file", "GET", "/evidence/<int:evidence_id>/file"): IdRoute(
        FILE_ACTORS, setup=_has_evidence, refused=("anonymous", "family")
    ),
    ("skills.my_edit_evidence", "GET", "/my/evidence/<int:evidence_id>/edit"): IdRoute(
        YOUTH_ONLY, setup=_has_evidence
    ),
    ("skills.my_edit_evidence", "POST", "/my/evidence/<int:evidence_id>/edit"): IdRoute(
        YOUTH_ONLY, form=_edit_form, setup=_has_evidence
    ),
    ("skills.my_delete_evidence", "POST", "/my/evidence/<int:evidence_id>/delete"): IdRoute(
        YOUTH_ONLY, setup=_has_evidence
    ),
    ("api.YouthSkills", "GET", "/api/v1/youth/<int:youth_id>/skills"): IdRoute(
        ("token_staff", "token_admin")
    ),
}
