"""Access matrix rows and IDOR probes for the progress pages, the stage move and the progress
API. The world's youth are in grade 9, so at preparedness: the move's form takes youth1 back
to awareness."""

from __future__ import annotations

from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute
from tests.matrix import DENY_403, DENY_404, LOGIN, OK, REDIRECT, UNAUTH_401, Key, Row


def _move(w: World) -> dict[str, str]:
    return {"to_stage": "awareness", "reason": "Never had awareness experiences."}


# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("progress.mine", "GET", "/my/progress"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("progress.youth", "GET", "/youth/<int:youth_id>/progress"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("progress.move", "POST", "/youth/<int:youth_id>/progress/stage"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=_move),
    ("api.YouthProgress", "GET", "/api/v1/youth/<int:youth_id>/progress"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    # Family members may read a linked youth's progress too; a youth has /my/progress.
    ("progress.youth", "GET", "/youth/<int:youth_id>/progress"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth")
    ),
    ("progress.move", "POST", "/youth/<int:youth_id>/progress/stage"): IdRoute(
        STAFF_AND_ADMIN, form=_move
    ),
    ("api.YouthProgress", "GET", "/api/v1/youth/<int:youth_id>/progress"): IdRoute(
        ("token_staff", "token_admin")
    ),
}
