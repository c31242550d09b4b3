"""Badge rules re-evaluate whenever a relevant record changes, in the same transaction.

While a session works, two event hooks note which youth a change may have brought closer to a
badge: ``after_flush`` for ORM objects (new attendance, hours whose status changed, …) and
``do_orm_execute`` for ``INSERT``/``UPDATE`` statements sent straight through the session (the
services insert attendance, reflections, favorites and attempts that way). Just before the
transaction commits, ``before_commit`` runs ``evaluation.reevaluate`` for those youth, so the
awards commit, or roll back, with the change that earned them.

What counts as relevant is in ``changes.py`` (attendance, clusters, hours, placements,
evidence, evaluations, reflections, assessments, favorites, staff awards; never deletions).
Awards made by the rules themselves are already seen by the later rules of the same pass
(``BUSY`` keeps the hooks from noting them again), so one pass is all there is: no recursion.

The catalogs the rules need come from ``session.info[RULES]`` (a ``BadgeRules``) when someone
set it, else from the Flask app in whose context the session commits (``register_badge_rules``
tells the app where its content is). This module imports Flask only to find that app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from ccl_youth.badges.changes import (
    WATCHED_TABLES,
    Touched,
    note_insert,
    note_object,
    note_update,
    statement_values,
)
from ccl_youth.badges.evaluation import reevaluate
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.core.content_recognition import RecognitionCatalog, recognition_catalog

log = logging.getLogger("ccl_youth.badges")

#: ``session.info`` keys.
TOUCHED = "badges.touched"
RULES = "badges.rules"
BUSY = "badges.evaluating"
#: ``app.extensions`` key: a callable giving the app's ``BadgeRules``.
EXTENSION = "ccl_youth.badge_rules"


def utc_today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class BadgeRules:
    """What re-evaluation needs: the catalogs and the day it is."""

    recognition: RecognitionCatalog
    experiences: ExperienceCatalog
    today: Callable[[], date] = utc_today


def _touched(session: Session) -> Touched:
    found = session.info.get(TOUCHED)
    if found is None:
        found = session.info[TOUCHED] = Touched()
    return found


# --- hooks ------------------------------------------------------------------------------------


def _after_flush(session: Session, flush_context: Any) -> None:
    busy = bool(session.info.get(BUSY))
    touched = _touched(session)
    for obj in session.new:
        note_object(touched, obj, True, busy)
    for obj in session.dirty:
        note_object(touched, obj, False, busy)
    if not touched:
        session.info.pop(TOUCHED, None)


def _table(state: ORMExecuteState) -> Table | None:
    table = getattr(state.statement, "table", None)
    return table if isinstance(table, Table) else None


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update):
        return
    table = _table(state)
    if table is None or table.name not in WATCHED_TABLES:
        return
    session = state.session
    busy = bool(session.info.get(BUSY))
    if busy and table.name == "badge_award":
        return  # the rules' own awards: the pass making them has seen them already
    if state.is_insert:
        note_insert(_touched(session), table.name, statement_values(state))
    else:
        note_update(_touched(session), state, table)


# --- before commit ---------------------------------------------------------------------------


def rules_for(session: Session) -> BadgeRules | None:
    """The catalogs for this session: ``session.info[RULES]``, else the current app's."""
    rules: BadgeRules | None = session.info.get(RULES)
    if rules is not None:
        return rules
    if has_app_context():
        make: Callable[[], BadgeRules] | None = current_app.extensions.get(EXTENSION)
        if make is not None:
            return make()
    return None


def _before_commit(session: Session) -> None:
    if session.info.get(BUSY):
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # so that after_flush notes what the pending changes touch
    touched: Touched | None = session.info.pop(TOUCHED, None)
    if not touched:
        return
    rules = rules_for(session)
    if rules is None:
        log.warning("badge rules not re-evaluated: no catalogs for this session")
        return
    session.info[BUSY] = True
    try:
        youth_ids = touched.youth_ids(session)
        if youth_ids:
            reevaluate(session, sorted(youth_ids), rules.recognition, rules.experiences,
                       rules.today())  # fmt: skip
            session.flush()
    finally:
        session.info.pop(BUSY, None)
        session.info.pop(TOUCHED, None)


def _forget(session: Session, previous_transaction: Any) -> None:
    """A rolled-back transaction's changes are gone: so is what they touched."""
    if previous_transaction.parent is None:
        session.info.pop(TOUCHED, None)


def _forget_after_commit(session: Session) -> None:
    session.info.pop(TOUCHED, None)


HOOKS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("after_flush", _after_flush),
    ("do_orm_execute", _do_orm_execute),
    ("before_commit", _before_commit),
    ("after_soft_rollback", _forget),
    ("after_commit", _forget_after_commit),
)


def install(target: sessionmaker[Any] | type[Session]) -> None:
    """Attach the hooks to a session factory (once; installing again changes nothing)."""
    for name, hook in HOOKS:
        if not event.contains(target, name, hook):
            event.listen(target, name, hook)


def uninstall(target: sessionmaker[Any] | type[Session]) -> None:
    for name, hook in HOOKS:
        if event.contains(target, name, hook):
            event.remove(target, name, hook)


def register_badge_rules(app: Flask) -> None:
    """Re-evaluate badge rules on every commit of ``db.session`` that changed something they
    read, with the catalogs of this app's content folder. Safe to call more than once."""
    from ccl_youth.extensions import db

    root = str(app.config["CONTENT_PATH"])

    def make() -> BadgeRules:
        return BadgeRules(recognition_catalog(root), experience_catalog(root))

    app.extensions[EXTENSION] = make
    install(db.session.session_factory)
