"""``load_facts`` counts each youth's completed goals (not active or dropped ones), in the same
statements whatever the number of goals."""

from __future__ import annotations

from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.goals.models import Goal
from ccl_youth.progress.facts import load_facts
from tests.goals.helpers import TODAY, setup
from tests.progress import helpers as progress_helpers


def _add(youth, *statuses: str) -> None:
    for n, status in enumerate(statuses):
        db.session.add(Goal(organization_id=youth.organization_id, youth_id=youth.id,
                            title=f"Goal {n}", status=status, created_by_id=youth.id))  # fmt: skip
    db.session.commit()


def _load(ids):
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        facts = load_facts(db.session, ids, progress_helpers.experiences(), TODAY)
    return counter.count, facts


def test_goals_completed_counts_completed_goals_only(app):
    s = setup()
    ids = [s.youth.id, s.other_youth.id]
    before, facts = _load(ids)
    assert [facts[i].goals_completed for i in ids] == [0, 0]
    _add(s.youth, "completed", "completed", "active", "dropped")
    _add(s.other_youth, "completed")
    after, facts = _load(ids)
    assert [facts[i].goals_completed for i in ids] == [2, 1]
    assert facts[s.youth.id].favorites == 0  # shares its statement with saved occupations
    assert after == before
