"""The skills pages and API send the same statements for 2 pieces of evidence as for 60, and
for 1 youth waiting as for 40 (no query per row)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from ccl_youth.extensions import db
from tests.factories import World, add_youth_bulk, bearer, login_as, web_client
from tests.skills.support import T0, add_evaluation, add_evidence_row
from tests.test_query_counts import statements

SKILLS = ("collaboration", "communication", "tool_use", "measurement")


def _record(w: World, count: int) -> int:
    """``count`` pieces of youth1's evidence (verified, waiting, returned in turn) and a
    submitted evaluation for every three; the id of the last one waiting."""
    last = 0
    for n in range(count):
        status = ("verified", "submitted", "returned")[n % 3]
        levels = {
            slug: (n % 4) + 1 if status == "verified" else None for slug in SKILLS[: 1 + n % 4]
        }
        last = add_evidence_row(w.youth1, w.org_a, levels, status=status,
                                reviewed_dt=T0 + timedelta(days=n))  # fmt: skip
        if n % 3 == 0:
            add_evaluation(w.exp.placement1, w.youth1, {"leadership": 1 + n % 4})
    db.session.commit()
    return last


def _page_statements(app: Flask, w: World, evidence_id: int) -> dict[str, int]:
    youth, staff, family = web_client(app), web_client(app), web_client(app)
    login_as(youth, w.user("youth1"))
    login_as(staff, w.user("admin_a"))
    login_as(family, w.user("family1"))
    return {
        "/my/skills": len(statements(youth, "/my/skills")),
        "staff growth": len(statements(staff, f"/youth/{w.youth1}/skills")),
        "family growth": len(statements(family, f"/youth/{w.youth1}/skills")),
        "review queue": len(statements(staff, "/evidence/review")),
        "evidence": len(statements(staff, f"/evidence/{evidence_id}")),
        "api": len(
            statements(
                web_client(app),
                f"/api/v1/youth/{w.youth1}/skills",
                headers=bearer(w.secrets["admin_a"]),
            )
        ),  # fmt: skip
    }


def test_skill_pages_send_the_same_statements_for_little_and_much(app: Flask, world: World) -> None:
    small = _page_statements(app, world, _record(world, 2))
    last = _record(world, 58)
    for youth_id in add_youth_bulk(world.org_a, 40, cohort_id=world.cohort1):
        add_evidence_row(youth_id, world.org_a, {"creativity": None}, status="submitted")
    large = _page_statements(app, world, last)
    print("statements, 2 vs 60 pieces of evidence:", small, large)
    assert small == large
    # The growth page: sign-in look-ups, the access check, the youth, two history queries,
    # evidence and its skills, evaluation titles and the audit event, whatever the record.
    assert large["staff growth"] <= 14
