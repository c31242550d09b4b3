"""Access matrix rows and IDOR probes for the résumé: the youth's own pages (read, PDF, add,
change, hide / show, delete or reset) and a youth's résumé and its PDF for staff, admins and
family, and the API's PDF.

URL parameter ``item_key``: ``entry-<id>`` of a line the youth wrote (``_line_of`` adds one
the first time it is asked: youth1 for the matrix; youth1, the classmate and org B's youth for
the probes), or ``school-<youth id>``, the school item every youth's record gives."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.resume.models import ResumeEntry
from tests.factories import World
from tests.idor import LARGEST_ID, MISSING_ID, IdRoute, Ids
from tests.matrix import DENY_403, DENY_404, LOGIN, OK, REDIRECT, UNAUTH_401, Key, Row

PROBE_TITLE = "A line to probe"
READERS = ("staff", "admin", "family")


def _line_of(youth_id: int) -> str:
    """The key of the youth's probe line, added the first time."""
    entry_id = db.session.scalar(
        select(ResumeEntry.id).where(
            ResumeEntry.youth_id == youth_id, ResumeEntry.title == PROBE_TITLE
        )
    )
    if entry_id is None:
        youth = db.session.get(User, youth_id)
        assert youth is not None
        entry = ResumeEntry(organization_id=youth.organization_id, youth_id=youth_id,
                            category="other", title=PROBE_TITLE)  # fmt: skip
        db.session.add(entry)
        db.session.commit()
        entry_id = entry.id
    return f"entry-{entry_id}"


def _lines_to_probe(w: World) -> None:
    for youth_id in (w.youth1, w.classmate, w.youth_b):
        _line_of(youth_id)


def _line(w: World) -> dict[str, str]:
    return {"category": "other", "title": "Changed by the probes", "hours": "3"}


def _hide(w: World) -> dict[str, str]:
    return {"hidden": "1"}


URL_IDS: dict[str, Callable[[World], int | str]] = {"item_key": lambda w: _line_of(w.youth1)}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "item_key": lambda w, actor: _line_of(w.youth1)
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "item_key": lambda w: [("org B youth's line", _line_of(w.youth_b)),
                           ("org B youth's school", f"school-{w.youth_b}")],
}  # fmt: skip
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("item_key", "youth"): lambda w: [("the classmate's line", _line_of(w.classmate)),
                                      ("the classmate's school", f"school-{w.classmate}")],
}  # fmt: skip
NONEXISTENT_BY_PARAM: dict[str, Ids] = {
    "item_key": [
        ("no such line", f"entry-{MISSING_ID}"),
        ("no such line (largest)", f"entry-{LARGEST_ID}"),
        ("no such line (too large)", f"entry-{LARGEST_ID + 1}"),
        ("no such kind", f"course-{MISSING_ID}"),
        ("not a key", "nothing"),
    ],
}
MISSING_BY_PARAM: dict[str, int | str] = {"item_key": f"entry-{MISSING_ID}"}

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("resume.mine", "GET", "/my/resume"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("resume.my_pdf", "GET", "/my/resume.pdf"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("resume.new", "GET", "/my/resume/new"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("resume.new", "POST", "/my/resume/new"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_line),
    ("resume.edit", "GET", "/my/resume/<item_key:item_key>/edit"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("resume.edit", "POST", "/my/resume/<item_key:item_key>/edit"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_line),
    ("resume.hide", "POST", "/my/resume/<item_key:item_key>/hide"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_hide),
    ("resume.remove", "POST", "/my/resume/<item_key:item_key>/remove"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("resume.youth", "GET", "/youth/<int:youth_id>/resume"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("resume.youth_pdf", "GET", "/youth/<int:youth_id>/resume.pdf"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("api.YouthResumePdf", "GET", "/api/v1/youth/<int:youth_id>/resume.pdf"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    ("resume.edit", "GET", "/my/resume/<item_key:item_key>/edit"): IdRoute(
        ("youth",), setup=_lines_to_probe
    ),
    ("resume.edit", "POST", "/my/resume/<item_key:item_key>/edit"): IdRoute(
        ("youth",), form=_line, setup=_lines_to_probe
    ),
    ("resume.hide", "POST", "/my/resume/<item_key:item_key>/hide"): IdRoute(
        ("youth",), form=_hide, setup=_lines_to_probe
    ),
    ("resume.remove", "POST", "/my/resume/<item_key:item_key>/remove"): IdRoute(
        ("youth",), setup=_lines_to_probe
    ),
    # Family members may read a linked youth's résumé too; a youth has /my/resume.
    ("resume.youth", "GET", "/youth/<int:youth_id>/resume"): IdRoute(
        READERS, refused=("anonymous", "youth")
    ),
    ("resume.youth_pdf", "GET", "/youth/<int:youth_id>/resume.pdf"): IdRoute(
        READERS, refused=("anonymous", "youth")
    ),
    ("api.YouthResumePdf", "GET", "/api/v1/youth/<int:youth_id>/resume.pdf"): IdRoute(
        ("token_staff", "token_admin")
    ),
}
