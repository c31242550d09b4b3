"""``assessments/services.py`` and ``careers/matches.py`` against the real instruments: attempts
that resume, answers checked item by item, scoring worked out by hand, retakes, paper sheets
that save once, assignments, cohort progress and the read models the pages use."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.assessments import services
from ccl_youth.assessments.models import AssessmentAttempt, Instrument, InstrumentItem
from ccl_youth.assessments.scoring import Tie
from ccl_youth.audit.models import AuditEvent
from ccl_youth.careers import matches
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.programs import services as programs
from tests.assessments.conftest import Program
from tests.factories import (
    make_cohort,
    make_family,
    make_instrument,
    make_org,
    make_staff,
    make_youth,
)

#: riasec-48 answered as one pattern, worked out by hand (scale 1–5; score = 100 × (mean − 1) / 4):
#: R all 1 → 0; I all 5 → 100; A 5,5,4,4,4,4,3,3 (mean 4) → 75; S 5,4,4,4,4,4,4,3 (mean 4) → 75;
#: E 2,2,2,3,3,3,2 with its 8th skipped (mean 17/7) → 35.714… → 35.7; C only 5 answered, under
#: the 6 an area needs → not scored. Holland code IAS; A and S tie at 75 for places 2 and 3.
PATTERN = {
    "r": [1] * 8,
    "i": [5] * 8,
    "a": [5, 5, 4, 4, 4, 4, 3, 3],
    "s": [5, 4, 4, 4, 4, 4, 4, 3],
    "e": [2, 2, 2, 3, 3, 3, 2],
    "c": [3, 3, 3, 3, 3],
}
EXPECTED_SCORES = {"R": 0.0, "I": 100.0, "A": 75.0, "S": 75.0, "E": 35.7, "C": None}


def pattern_answers() -> dict[str, int]:
    return {
        f"{letter}{n}": value
        for letter, values in PATTERN.items()
        for n, value in enumerate(values, start=1)
    }


def attempt_count() -> int:
    return db.session.scalar(select(func.count(AssessmentAttempt.id))) or 0


# --- taking an inventory -----------------------------------------------------------------


def test_start_resumes_the_unfinished_attempt(
    instruments: dict[str, Instrument], program: Program
) -> None:
    first = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, first, {"r1": 4, "i1": 2})
    db.session.commit()
    again = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    assert again.id == first.id
    assert services.answers_of(db.session, again) == {"r1": 4, "i1": 2}
    assert attempt_count() == 1


def test_the_wrong_grade_band_is_refused_naming_the_instrument(
    instruments: dict[str, Instrument], program: Program
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.start_attempt(db.session, program.youth, instruments["riasec-elementary"])
    assert "grades K–5" in caught.value.errors["instrument"][0]
    with pytest.raises(ValidationFailed) as caught:
        services.start_attempt(db.session, program.young, instruments["riasec-48"])
    assert "grades 6–12" in caught.value.errors["instrument"][0]
    assert attempt_count() == 0


def test_answers_are_checked_and_errors_name_the_item(
    instruments: dict[str, Instrument], program: Program
) -> None:
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    bad: list[dict[str, Any]] = [{"zz9": 3}, {"r1": 6}, {"r1": 0}, {"r1": True}, {"r1": "3"}]
    for answers in bad:
        with pytest.raises(ValidationFailed) as caught:
            services.save_answers(db.session, program.youth, attempt, answers)
        (key,) = answers
        assert list(caught.value.errors) == [f"answers.{key}"], answers
    assert services.answers_of(db.session, attempt) == {}


def test_a_youth_cannot_answer_or_finish_another_youths_attempt(
    instruments: dict[str, Instrument], program: Program
) -> None:
    other = make_youth(program.org, program.cohort, grade=8)
    attempt = services.start_attempt(db.session, other, instruments["riasec-48"])
    with pytest.raises(NotFound):
        services.own_attempt(db.session, program.youth, attempt.id)
    with pytest.raises(NotFound):
        services.save_answers(db.session, program.youth, attempt, {"r1": 3})
    with pytest.raises(NotFound):
        services.finish_attempt(db.session, program.youth, attempt)


def test_finishing_scores_the_pattern_worked_out_by_hand(
    instruments: dict[str, Instrument], program: Program
) -> None:
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, attempt, pattern_answers())
    result = services.finish_attempt(db.session, program.youth, attempt)
    db.session.commit()

    assert result.scores == EXPECTED_SCORES
    assert result.answered == {"R": 8, "I": 8, "A": 8, "S": 8, "E": 7, "C": 5}
    assert result.holland_code == "IAS"
    assert result.ties == (Tie(areas=("A", "S"), score=75.0, positions=(2, 3)),)
    stored = db.session.get_one(AssessmentAttempt, attempt.id)
    assert (stored.status, stored.holland_code) == ("completed", "IAS")
    assert stored.completed_dt is not None
    assert stored.scores == result.to_json()
    # Finishing again changes nothing and makes nothing new.
    assert services.finish_attempt(db.session, program.youth, stored) == result
    assert attempt_count() == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.complete"))
    assert event is not None and event.youth_id == program.youth.id


def test_finishing_with_too_few_answers_is_refused(
    instruments: dict[str, Instrument], program: Program
) -> None:
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, attempt, {"r1": 3, "r2": 3, "i1": 5})
    with pytest.raises(ValidationFailed) as caught:
        services.finish_attempt(db.session, program.youth, attempt)
    assert "at least 6" in caught.value.errors["answers"][0]


def test_answers_to_items_content_switched_off_are_not_scored(
    instruments: dict[str, Instrument], program: Program
) -> None:
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, attempt, pattern_answers())
    db.session.commit()
    item = db.session.scalar(
        select(InstrumentItem).where(
            InstrumentItem.instrument_id == instruments["riasec-48"].id, InstrumentItem.key == "r8"
        )
    )
    assert item is not None
    item.is_active = False  # a content sync dropped the item after it was answered
    db.session.commit()
    assert services.answered_count(db.session, attempt) == len(pattern_answers()) - 1
    result = services.finish_attempt(db.session, program.youth, attempt)
    assert result.area("R").answered == 7
    assert result.holland_code == "IAS"


def test_a_retake_is_a_new_attempt_and_keeps_the_old_one(
    instruments: dict[str, Instrument], program: Program
) -> None:
    first = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, first, pattern_answers())
    services.finish_attempt(db.session, program.youth, first)
    db.session.commit()
    second = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    db.session.commit()
    assert second.id != first.id
    assert services.answers_of(db.session, second) == {}
    statuses = [
        (a.id, a.status)
        for a, _i in services.attempts_for_youth(db.session, program.youth, program.youth.id)
    ]
    assert statuses == [(second.id, "in_progress"), (first.id, "completed")]
    with pytest.raises(ValidationFailed) as caught:
        services.save_answers(db.session, program.youth, first, {"r1": 5})
    assert "attempt" in caught.value.errors


# --- paper sheets and the API ------------------------------------------------------------


def test_a_paper_sheet_submitted_twice_is_one_attempt(
    instruments: dict[str, Instrument], program: Program
) -> None:
    answers = pattern_answers()
    first, created = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", answers,
        source="paper", submission_key="sheet-0001-abcdefgh",
    )  # fmt: skip
    db.session.commit()
    again, created_again = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", answers,
        source="paper", submission_key="sheet-0001-abcdefgh",
    )  # fmt: skip
    assert (created, created_again) == (True, False)
    assert again.id == first.id
    assert attempt_count() == 1
    assert (first.source, first.entered_by_id, first.holland_code) == (
        "paper",
        program.staff.id,
        "IAS",
    )


def test_a_sheet_sent_twice_at_once_is_still_one_attempt(
    instruments: dict[str, Instrument], program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests with one key at the same moment: the second one's look-up misses the first
    one's attempt (not committed yet), and its insert must then find it, not fail."""
    answers = pattern_answers()
    first, _ = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", answers,
        submission_key="race-key-123456789",
    )  # fmt: skip
    db.session.commit()
    looked_up = services._submitted
    misses = iter([True])
    monkeypatch.setattr(
        services,
        "_submitted",
        lambda *args: None if next(misses, False) else looked_up(*args),
    )
    again, created = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", answers,
        submission_key="race-key-123456789",
    )  # fmt: skip
    db.session.commit()
    assert (again.id, created) == (first.id, False)
    assert attempt_count() == 1


def test_without_a_key_the_same_sheet_on_the_same_day_is_one_attempt(
    instruments: dict[str, Instrument], program: Program
) -> None:
    answers = pattern_answers()
    first, _ = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", answers
    )
    again, created = services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", dict(answers)
    )
    assert (again.id, created) == (first.id, False)


def test_paper_sheets_are_checked_like_online_answers(
    instruments: dict[str, Instrument], program: Program
) -> None:
    cases: list[tuple[int, str, dict[str, Any], str]] = [
        (program.youth.id, "riasec-48", {"r1": 9}, "answers.r1"),
        (program.youth.id, "riasec-48", {"nope": 1}, "answers.nope"),
        (program.youth.id, "riasec-48", {}, "answers"),
        (program.youth.id, "riasec-elementary", {"r1": 3}, "instrument"),
        (program.young.id, "riasec-48", {"r1": 3}, "instrument"),
        (program.youth.id, "riasec-48", {"r1": 3}, "answers"),  # too few to score any area
    ]
    for youth_id, slug, answers, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            services.submit_attempt(db.session, program.staff, youth_id, slug, answers)
        assert field in caught.value.errors, (slug, answers, caught.value.errors)
        db.session.rollback()
    assert attempt_count() == 0


def test_a_submission_key_cannot_be_reused_for_another_youth(
    instruments: dict[str, Instrument], program: Program
) -> None:
    other = make_youth(program.org, program.cohort, grade=9)
    services.submit_attempt(
        db.session, program.staff, program.youth.id, "riasec-48", pattern_answers(),
        submission_key="shared-key-1234567",
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        services.submit_attempt(
            db.session, program.staff, other.id, "riasec-48", pattern_answers(),
            submission_key="shared-key-1234567",
        )  # fmt: skip
    assert "submission_key" in caught.value.errors


def test_only_staff_of_the_youth_may_enter_a_sheet(
    instruments: dict[str, Instrument], program: Program
) -> None:
    family = make_family(program.org, [program.youth])
    elsewhere = make_staff(make_org(), [])
    other_cohort_staff = make_staff(program.org, [make_cohort(program.org)])
    for actor, error in (
        (family, Forbidden),
        (elsewhere, NotFound),
        (other_cohort_staff, NotFound),
    ):
        with pytest.raises(error):
            services.submit_attempt(
                db.session, actor, program.youth.id, "riasec-48", pattern_answers()
            )
        db.session.rollback()
    assert attempt_count() == 0


# --- assignments and progress ------------------------------------------------------------


def test_assignments_reach_the_youth_of_the_cohort_once(
    instruments: dict[str, Instrument], program: Program
) -> None:
    second = make_cohort(program.org)
    programs.add_enrollment(db.session, program.youth, second, None)
    admin_staff = make_staff(program.org, [second])
    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    services.assign_instrument(db.session, admin_staff, second, instruments["riasec-48"])
    again = services.assign_instrument(
        db.session, program.staff, program.cohort, instruments["riasec-48"]
    )
    services.assign_instrument(
        db.session, program.staff, program.cohort, instruments["riasec-elementary"]
    )
    db.session.commit()
    assert again.cohort_id == program.cohort.id
    # Two cohorts assigned the same inventory: listed once; the K–5 one is not for grade 7.
    assert [i.slug for i in services.assignments_for_youth(db.session, program.youth)] == [
        "riasec-48"
    ]
    assert [i.slug for i in services.assignments_for_youth(db.session, program.young)] == [
        "riasec-elementary"
    ]
    assigned = services.assignments_for_cohort(db.session, program.staff, program.cohort)
    assert [i.slug for _a, i in assigned] == ["riasec-48", "riasec-elementary"]


def test_cohort_progress_says_who_finished_started_or_not(
    instruments: dict[str, Instrument], program: Program
) -> None:
    riasec = instruments["riasec-48"]
    starter = make_youth(program.org, program.cohort, grade=8, name="Bo Starter")
    finisher = make_youth(program.org, program.cohort, grade=9, name="Cy Finisher")
    retaker = make_youth(program.org, program.cohort, grade=10, name="Di Retaker")
    services.start_attempt(db.session, starter, riasec)
    for youth in (finisher, retaker):
        attempt = services.start_attempt(db.session, youth, riasec)
        services.save_answers(db.session, youth, attempt, pattern_answers())
        services.finish_attempt(db.session, youth, attempt)
    services.start_attempt(db.session, retaker, riasec)  # a retake under way
    db.session.commit()

    rows = services.cohort_progress(db.session, program.staff, program.cohort, riasec)
    assert [(r.display_name, r.status) for r in rows] == [
        ("Aaliyah E.", "not_started"),
        ("Bo Starter", "in_progress"),
        ("Cy Finisher", "completed"),
        ("Di Retaker", "completed"),
        ("Maya A.", "not_started"),
    ]
    with pytest.raises(NotFound):
        services.cohort_progress(db.session, make_staff(program.org), program.cohort, riasec)


# --- read models -------------------------------------------------------------------------


def test_overview_lists_assigned_inventories_first_with_their_state(
    instruments: dict[str, Instrument], program: Program
) -> None:
    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    db.session.commit()
    overview = services.inventory_overview(db.session, program.youth)
    assert [(s.instrument.slug, s.is_assigned) for s in overview.instruments] == [
        ("riasec-48", True),
        ("durable-skills-self", False),
    ]
    first = overview.instruments[0]
    assert (first.unfinished, first.latest_completed, first.completed_count) == (attempt, None, 0)
    young = services.inventory_overview(db.session, program.young)
    assert [s.instrument.slug for s in young.instruments] == ["riasec-elementary"]


def test_interests_summary_for_the_home_page(
    instruments: dict[str, Instrument], program: Program
) -> None:
    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    db.session.commit()
    summary = services.interests_summary(db.session, program.youth)
    assert [i.slug for i in summary.to_do] == ["riasec-48"]
    assert summary.latest is None
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, attempt, pattern_answers())
    services.finish_attempt(db.session, program.youth, attempt)
    db.session.commit()
    summary = services.interests_summary(db.session, program.youth)
    assert summary.to_do == []
    assert summary.latest is not None and summary.latest[0].holland_code == "IAS"


def test_the_staff_record_is_audited_and_scoped(
    instruments: dict[str, Instrument], program: Program
) -> None:
    record = services.inventory_record(db.session, program.staff, program.youth.id)
    assert record.youth.id == program.youth.id and record.attempts == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assessment.view"))
    assert event is not None and (event.actor_id, event.youth_id) == (
        program.staff.id,
        program.youth.id,
    )
    with pytest.raises(NotFound):
        services.inventory_record(db.session, make_staff(make_org()), program.youth.id)


# --- careers that match ------------------------------------------------------------------


def test_matches_for_youth_rank_the_catalog_for_the_latest_result(
    app: Flask, instruments: dict[str, Instrument], catalog: None, program: Program
) -> None:
    assert matches.matches_for_youth(db.session, program.youth, program.youth.id) is None
    attempt = services.start_attempt(db.session, program.youth, instruments["riasec-48"])
    services.save_answers(db.session, program.youth, attempt, pattern_answers())
    services.finish_attempt(db.session, program.youth, attempt)
    db.session.commit()

    found = matches.matches_for_youth(db.session, program.youth, program.youth.id)
    assert found is not None and found.is_ranked
    assert found.areas_used == ("R", "I", "A", "S", "E")  # C was not scored
    best = found.matches[0]
    assert best.fit is not None and best.fit >= 90
    assert sum(1 for m in found.matches if m.occupation.clusters) > 800  # 2024 clusters
    names = matches.cluster_names(db.session, {c.cluster for c in found.top_clusters})
    assert len(names) == len(found.top_clusters) > 0
    zoned = matches.matches_for_youth(db.session, program.youth, program.youth.id, job_zones={1})
    assert zoned is not None and {m.occupation.job_zone for m in zoned.matches} == {1}
    with pytest.raises(NotFound):
        matches.matches_for_youth(db.session, make_staff(make_org()), program.youth.id)


def test_occupation_profiles_load_in_two_queries(app: Flask, catalog: None) -> None:
    with StatementCounter(db.engine) as counter:
        profiles = matches.occupation_profiles(db.session)
    assert counter.count == 2
    assert len(profiles) > 900
    assert matches.cluster_names(db.session, set()) == {}


def test_matching_on_a_small_catalog(app: Flask, program: Program) -> None:
    instrument = make_instrument(min_answered_per_area=1)
    attempt = services.start_attempt(db.session, program.youth, instrument)
    services.save_answers(
        db.session, program.youth, attempt, {"r1": 3, "i1": 1, "a1": 1, "s1": 1, "e1": 1, "c1": 2}
    )
    services.finish_attempt(db.session, program.youth, attempt)
    db.session.commit()
    found = matches.matches_for_youth(db.session, program.youth, program.youth.id)
    assert found is not None and found.matches == ()
