"""Access matrix rows and IDOR probes for secure notes: the youth's own pages (/my/notes) and
the notes about a youth for staff, admins and linked family.

The world has no notes: ``_thread_of`` adds a thread with one note the first time it is asked
(youth1's shared and staff-only threads, and shared threads of the classmate, youth2 and org
B's youth). A staff-only thread's id is, for family and the youth, like an id of nothing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.notes.models import Note, NoteThread
from tests.factories import World
from tests.idor import IdRoute, Ids
from tests.matrix import DENY_403, DENY_404, LOGIN, OK, REDIRECT, Key, Row

SHARED = "A thread to probe"
STAFF_ONLY = "A staff-only thread to probe"


def _thread_of(youth_id: int, staff_only: bool = False) -> int:
    """The id of the youth's probe thread (shared or staff-only), added the first time."""
    subject = STAFF_ONLY if staff_only else SHARED
    thread_id = db.session.scalar(
        select(NoteThread.id).where(NoteThread.youth_id == youth_id, NoteThread.subject == subject)
    )
    if thread_id is None:
        youth = db.session.get_one(User, youth_id)
        thread = NoteThread(organization_id=youth.organization_id, youth_id=youth_id,
                            subject=subject, is_staff_only=staff_only)  # fmt: skip
        db.session.add(thread)
        db.session.flush()
        db.session.add(Note(thread_id=thread.id, body="The first note."))
        db.session.commit()
        thread_id = thread.id
    return thread_id


def _threads_to_probe(w: World) -> None:
    _thread_of(w.youth1, staff_only=True)
    for youth_id in (w.youth1, w.classmate, w.youth2, w.youth_b):
        _thread_of(youth_id)


def _start(w: World) -> dict[str, str]:
    return {"subject": "From the probes", "body": "A note from the probes."}


def _reply(w: World) -> dict[str, str]:
    return {"body": "A reply from the probes."}


URL_IDS: dict[str, Callable[[World], int | str]] = {
    "thread_id": lambda w: _thread_of(w.youth1),
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "thread_id": lambda w, actor: _thread_of(w.youth1),
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "thread_id": lambda w: [("org B youth's thread", _thread_of(w.youth_b))],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("thread_id", "youth"): lambda w: [
        ("the youth's own staff-only thread", _thread_of(w.youth1, staff_only=True)),
        ("the classmate's thread", _thread_of(w.classmate)),
    ],
    ("thread_id", "family"): lambda w: [
        ("the youth's staff-only thread", _thread_of(w.youth1, staff_only=True)),
        ("the classmate's thread (link revoked)", _thread_of(w.classmate)),
        ("youth2's thread (invited, never linked)", _thread_of(w.youth2)),
    ],
    # Under youth1's address, another youth's thread (even one the reader may see) is not found.
    ("thread_id", "staff"): lambda w: [
        ("the classmate's thread", _thread_of(w.classmate)),
        ("cohort 2 youth's thread", _thread_of(w.youth2)),
    ],
    ("thread_id", "admin"): lambda w: [("the classmate's thread", _thread_of(w.classmate))],
}

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("notes.mine", "GET", "/my/notes"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("notes.my_new", "GET", "/my/notes/new"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("notes.my_new", "POST", "/my/notes/new"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_start),
    ("notes.my_thread", "GET", "/my/notes/<int:thread_id>"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("notes.my_thread", "POST", "/my/notes/<int:thread_id>"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_reply),
    ("notes.youth_notes", "GET", "/youth/<int:youth_id>/notes"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("notes.new_thread", "GET", "/youth/<int:youth_id>/notes/new"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("notes.new_thread", "POST", "/youth/<int:youth_id>/notes/new"):
        Row(LOGIN,    DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=_start),
    ("notes.thread", "GET", "/youth/<int:youth_id>/notes/<int:thread_id>"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("notes.thread", "POST", "/youth/<int:youth_id>/notes/<int:thread_id>"):
        Row(LOGIN,    DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=_reply),
}
# fmt: on

READERS = ("staff", "admin", "family")

ID_ROUTES: dict[Key, IdRoute] = {
    ("notes.my_thread", "GET", "/my/notes/<int:thread_id>"): IdRoute(
        ("youth",), setup=_threads_to_probe
    ),
    ("notes.my_thread", "POST", "/my/notes/<int:thread_id>"): IdRoute(
        ("youth",), form=_reply, setup=_threads_to_probe
    ),
    ("notes.youth_notes", "GET", "/youth/<int:youth_id>/notes"): IdRoute(
        READERS, refused=("anonymous", "youth"), setup=_threads_to_probe
    ),
    ("notes.new_thread", "GET", "/youth/<int:youth_id>/notes/new"): IdRoute(
        READERS, refused=("anonymous", "youth")
    ),
    ("notes.new_thread", "POST", "/youth/<int:youth_id>/notes/new"): IdRoute(
        READERS, form=_start, refused=("anonymous", "youth")
    ),
    ("notes.thread", "GET", "/youth/<int:youth_id>/notes/<int:thread_id>"): IdRoute(
        READERS, refused=("anonymous", "youth"), setup=_threads_to_probe
    ),
    ("notes.thread", "POST", "/youth/<int:youth_id>/notes/<int:thread_id>"): IdRoute(
        READERS, form=_reply, refused=("anonymous", "youth"), setup=_threads_to_probe
    ),
}
