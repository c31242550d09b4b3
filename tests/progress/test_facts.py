"""``load_facts``: every field from a record built by hand, and the same statements for one
youth as for 500."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.rules import YouthFacts
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from ccl_youth.progress.facts import CHUNK, chunks, load_facts
from tests.factories import (
    add_youth_bulk,
    make_cluster,
    make_cohort,
    make_instrument,
    make_occupation,
    make_org,
    make_program,
    make_staff,
    make_youth,
)
from tests.progress import helpers as h
from tests.progress.helpers import TODAY


def _full_record() -> tuple[User, User, int]:
    """A grade-7 youth with something of every kind (and things that must not count), a
    classmate with nothing; returns (youth, classmate, top cluster a's id)."""
    org, other_org = make_org(), make_org()
    program, other_program = make_program(org), make_program(other_org)
    cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=7)
    classmate = make_youth(org, cohort, grade=3)
    riasec, skills = make_instrument(kind="riasec"), make_instrument(kind="skills")
    h.attempt(youth, riasec)
    h.attempt(youth, riasec)
    h.attempt(youth, skills)
    h.attempt(youth, riasec, completed=False)  # unfinished: not counted

    cluster_a, cluster_b = make_cluster("A"), make_cluster("B")
    sub_a = make_cluster("A one", parent=cluster_a)
    legacy = make_cluster("Legacy", framework="legacy_16")
    pathway = make_cluster("Legacy path", framework="legacy_16", parent=legacy)
    first = h.activity(youth, clusters=(sub_a.id,), program_id=program.id)
    h.activity([youth, classmate], clusters=(cluster_a.id, cluster_b.id), program_id=program.id)
    h.activity(youth, "field_trip", clusters=(pathway.id,), program_id=program.id, day=TODAY)
    # Not yet happened, and another organization's: neither counts.
    h.activity(youth, "stem_challenge", day=TODAY + timedelta(days=1), program_id=program.id)
    h.activity(
        youth, "stem_challenge", organization_id=other_org.id, program_id=other_program.id,
        clusters=(cluster_b.id,),
    )  # fmt: skip

    internship = h.placement(youth, "internship", status="completed")
    h.hours(internship, 120)
    h.hours(internship, 60)
    h.hours(internship, 30, status="submitted")
    h.hours(internship, 45, status="returned")
    shadow = h.placement(youth, "job_shadow", status="active")
    h.hours(shadow, 90)
    h.hours(shadow, 30, day=TODAY + timedelta(days=2))  # dated ahead: not counted
    h.placement(youth, "internship", status="ended_early")
    h.placement(youth, "apprenticeship", status="completed")

    h.evidence(youth, {"collaboration": 2, "communication": 3})
    h.evidence(youth, {"leadership": None}, status="submitted")
    h.evaluation(internship, {"collaboration": 3})
    h.evaluation(shadow, {"leadership": 4}, status="sent")

    h.reflection(youth, "pre", shared=True, about=first)
    h.reflection(youth, "post", about=first)
    h.reflection(youth, "post", shared=True, about=first)
    h.reflection(classmate, "post", shared=True, about=first)

    h.favorite(youth, make_occupation().id)
    h.favorite(youth, make_occupation().id)
    # Slugs no rule awards (the badge rules run on commit and may award real ones).
    h.badge(youth, "hand_given")
    h.badge(youth, "hand_revoked", revoked=True)
    db.session.commit()
    return youth, classmate, cluster_a.id


def _by_rules(youth: User) -> frozenset[str]:
    """Badges the rules awarded when the record was committed."""
    return frozenset(
        db.session.scalars(
            select(BadgeAward.badge_slug).where(
                BadgeAward.youth_id == youth.id, BadgeAward.method == "rule"
            )
        )
    )


def test_every_fact_from_a_hand_built_record(app):
    youth, classmate, _a = _full_record()
    staff = make_staff(make_org())
    facts = load_facts(
        db.session, [youth.id, classmate.id, staff.id, 999_999], h.experiences(), TODAY
    )

    assert set(facts) == {youth.id, classmate.id}  # not a youth / nothing at all: left out
    got = facts[youth.id]
    cluster_ids = got.clusters
    assert got == YouthFacts(
        grade=7,
        stage="exploration",
        assessments={"riasec": 2, "skills": 1},
        experiences={"guest_speaker": 2, "field_trip": 1},
        clusters=cluster_ids,
        verified_minutes={"internship": 180, "job_shadow": 90},
        placements_completed={"internship": 1, "apprenticeship": 1},
        skill_levels={"collaboration": 3, "communication": 3},
        reflections={"pre": 1, "post": 2},
        reflections_shared=2,
        goals_completed=0,
        favorites=2,
        badges=frozenset({"hand_given"}) | _by_rules(youth),
    )
    assert "hand_revoked" not in got.badges
    assert got.milestones == frozenset()
    assert facts[classmate.id] == YouthFacts(
        grade=3,
        stage="awareness",
        assessments={},
        experiences={"guest_speaker": 1},
        clusters=facts[classmate.id].clusters,  # by name in the next test
        verified_minutes={},
        placements_completed={},
        skill_levels={},
        reflections={"post": 1},
        reflections_shared=1,
        goals_completed=0,
        favorites=0,
        badges=_by_rules(classmate),
    )


def test_clusters_count_top_level_parents_once(app):
    youth, classmate, cluster_a = _full_record()
    facts = load_facts(db.session, [youth.id, classmate.id], h.experiences(), TODAY)
    # sub-cluster of A and A itself count once; B; the legacy pathway counts as its parent;
    # the other organization's activity (cluster B again) changes nothing.
    names = {db.session.get(CareerCluster, cid).name for cid in facts[youth.id].clusters}
    assert names == {"A", "B", "Legacy"}
    assert cluster_a in facts[youth.id].clusters
    classmate_names = {db.session.get(CareerCluster, c).name for c in facts[classmate.id].clusters}
    assert classmate_names == {"A", "B"}


def test_an_unknown_stage_reads_as_the_grades_default(app):
    youth = make_youth(make_org(), grade=10)
    db.session.execute(
        update(YouthProfile).where(YouthProfile.user_id == youth.id).values(stage="retired")
    )
    db.session.commit()
    assert load_facts(db.session, [youth.id], h.experiences(), TODAY)[youth.id].stage == (
        "preparedness"
    )


def test_empty_list_sends_nothing(app):
    with StatementCounter(db.engine) as counter:
        assert load_facts(db.session, [], h.experiences(), TODAY) == {}
    assert counter.count == 0


def _measure(ids: list[int]) -> tuple[int, dict[int, YouthFacts]]:
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        facts = load_facts(db.session, ids, h.experiences(), TODAY)
    return counter.count, facts


def test_the_same_statements_for_one_youth_and_for_500(app):
    youth, _classmate, _a = _full_record()
    org = db.session.get(Organization, youth.organization_id)
    bulk = add_youth_bulk(org.id, 499)
    everyone = list(db.session.scalars(select(User).where(User.id.in_(bulk))))
    h.activity(everyone, "field_trip", program_id=make_program(org).id)
    db.session.commit()

    one, facts_one = _measure([youth.id])
    many, facts_many = _measure([youth.id, *bulk])
    print(f"load_facts statements: 1 youth -> {one}, 500 youth -> {many}")
    assert one == many <= 10
    assert len(facts_many) == 500
    assert facts_many[youth.id] == facts_one[youth.id]
    assert all(facts_many[y].experiences == {"field_trip": 1} for y in bulk)


def test_more_than_a_chunk_takes_one_more_round(app):
    org = make_org()
    ids = add_youth_bulk(org.id, CHUNK + 1)
    one, _ = _measure(ids[:1])
    two, facts = _measure(ids)
    assert two == 2 * one
    assert len(facts) == CHUNK + 1


def test_chunks_drop_repeats_and_keep_order():
    assert list(chunks([3, 1, 3, 2, 1], size=2)) == [[3, 1], [2]]
    assert list(chunks([])) == []
