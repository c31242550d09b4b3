"""Portfolio services: the default portfolio from the record, the youth's words, sections and
picks, refusals (another youth's records, unknown sections, too long) that save nothing, who
may read it (family: shared reflections only), and the audit trail."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.portfolio import services
from ccl_youth.portfolio.models import Portfolio, PortfolioItem, PortfolioSection
from ccl_youth.web.catalog import catalog, recognition
from tests.factories import make_org, make_staff
from tests.portfolio.helpers import Setup


def _read(actor, youth_id):  # noqa: ANN001, ANN202
    return services.portfolio_for(db.session, actor, youth_id, catalog(), recognition())


def _kinds(portfolio, section):  # noqa: ANN001, ANN202
    found = next(x for x in portfolio.sections if x.kind == section)
    return [(e.kind, e.ref_id) for e in found.entries]


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_default_portfolio_shows_what_is_done_or_checked(app: Flask, s: Setup) -> None:
    portfolio = _read(s.youth, s.youth.id)
    assert [x.kind for x in portfolio.shown()] == [
        "about",
        "interests",
        "careers",
        "experiences",
        "evidence",
        "badges",
        "skills",
        "goals",
    ]
    m = s.mine
    # The placement started 3 Nov 2025, the activity was on 1 Oct 2025: newest first.
    assert _kinds(portfolio, "experiences") == [
        ("placement", m.placement),
        ("activity", m.activity),
    ]
    assert _kinds(portfolio, "evidence") == [("evidence", m.evidence)]  # not the returned one
    assert _kinds(portfolio, "goals") == [("goal", m.goal)]  # not the dropped one
    assert _kinds(portfolio, "badges") == [("badge_award", m.award)]
    assert _kinds(portfolio, "careers") == [("occupation", m.occupation)]
    placement = next(x for x in portfolio.sections if x.kind == "experiences").entries[0]
    assert placement.minutes == 150 and placement.status == "completed"  # verified hours only
    assert [(sk.name, sk.level) for sk in portfolio.skills] == [("Collaboration", 2)]
    assert portfolio.interests is not None and portfolio.interests.areas[:2] == (
        "Realistic",
        "Investigative",
    )


def test_words_sections_and_picks_are_saved(app: Flask, s: Setup) -> None:
    services.save_about(db.session, s.youth, "  Future nurse  ", "I like robots.")
    services.save_sections(
        db.session,
        s.youth,
        [
            services.SectionInput("goals", 1, True),
            services.SectionInput("about", 2, False),
        ],
    )
    count = services.save_items(
        db.session,
        s.youth,
        "experiences",
        [
            services.ItemInput(f"placement:{s.mine.placement}", True, 2, "Best summer"),
            services.ItemInput(f"activity:{s.mine.activity}", True, 1, ""),
        ],
        catalog(),
        recognition(),
    )
    db.session.commit()
    assert count == 2
    portfolio = _read(s.youth, s.youth.id)
    assert portfolio.headline == "Future nurse"
    assert [x.kind for x in portfolio.sections][:3] == ["goals", "about", "interests"]
    assert "about" not in [x.kind for x in portfolio.shown()]
    section = next(x for x in portfolio.sections if x.kind == "experiences")
    assert section.is_chosen
    assert [(e.kind, e.note) for e in section.entries] == [
        ("activity", ""),
        ("placement", "Best summer"),
    ]
    # Nothing ticked: the section shows its default again.
    services.save_items(
        db.session,
        s.youth,
        "experiences",
        [
            services.ItemInput(f"activity:{s.mine.activity}", False),
        ],
        catalog(),
        recognition(),
    )
    db.session.commit()
    assert _count(PortfolioItem) == 0
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"portfolio.update", "portfolio.sections", "portfolio.items"} <= actions


@pytest.mark.parametrize(
    ("ref", "field"),
    [
        ("theirs", "items-0-ref"),  # the classmate's placement
        ("returned", "items-0-ref"),  # the youth's own, but returned evidence cannot show
        ("activity:abc", "items-0-ref"),
        ("goal:1:2", "items-0-ref"),
    ],
)
def test_records_that_cannot_be_picked_are_field_errors(app: Flask, s: Setup, ref, field) -> None:  # noqa: ANN001
    section = "experiences"
    if ref == "theirs":
        ref = f"placement:{s.theirs.placement}"
    elif ref == "returned":
        ref, section = f"evidence:{s.mine.returned_evidence}", "evidence"
    rows = [services.ItemInput(ref, True, 1)]
    with pytest.raises(ValidationFailed) as error:
        services.save_items(db.session, s.youth, section, rows, catalog(), recognition())
    assert list(error.value.errors) == [field]
    db.session.rollback()
    assert _count(PortfolioItem) == 0


def test_a_forged_row_among_good_ones_saves_nothing(app: Flask, s: Setup) -> None:
    rows = [
        services.ItemInput(f"goal:{s.mine.goal}", True, 1),
        services.ItemInput(f"goal:{s.theirs.goal}", True, 2, "x" * 400),
    ]
    with pytest.raises(ValidationFailed) as error:
        services.save_items(db.session, s.youth, "goals", rows, catalog(), recognition())
    assert set(error.value.errors) == {"items-1-ref"}
    db.session.rollback()
    assert _count(PortfolioItem) == 0


def test_unknown_sections_are_refused(app: Flask, s: Setup) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.save_items(db.session, s.youth, "skills", [], catalog(), recognition())
    assert list(error.value.errors) == ["section"]
    rows = [
        services.SectionInput("goals", 1, True),
        services.SectionInput("hobbies", 2, True),
        services.SectionInput("goals", 3, True),
        services.SectionInput("about", 9, True),
    ]
    with pytest.raises(ValidationFailed) as error:
        services.save_sections(db.session, s.youth, rows)
    assert error.value.errors == {
        "sections-1-kind": ["There is no such section."],
        "sections-2-kind": ["Each section can appear only once."],
        "sections-3-position": ["Pick a place from 1 to 8."],
    }
    db.session.rollback()
    assert _count(PortfolioSection) == 0


def test_too_long_words_are_refused(app: Flask, s: Setup) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.save_about(db.session, s.youth, "h" * 201, "a" * 2001)
    assert set(error.value.errors) == {"headline", "about_me"}
    db.session.rollback()
    assert _count(Portfolio) == 0


def test_family_read_only_shared_reflections_and_views_are_audited(app: Flask, s: Setup) -> None:
    def reflections(actor):  # noqa: ANN001, ANN202
        portfolio = _read(actor, s.youth.id)
        section = next(x for x in portfolio.sections if x.kind == "experiences")
        activity = next(e for e in section.entries if e.kind == "activity")
        return [r.answer for r in activity.reflections]

    assert reflections(s.youth) == ["Mine: the robots", "Mine: private words"]
    assert reflections(s.staff) == ["Mine: the robots", "Mine: private words"]
    assert reflections(s.family) == ["Mine: the robots"]
    db.session.commit()
    viewers = set(
        db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "portfolio.view"))
    )
    assert viewers == {s.staff.id, s.family.id}


def test_who_may_read_and_arrange(app: Flask, s: Setup) -> None:
    with pytest.raises(NotFound):
        _read(s.other_family, s.youth.id)
    with pytest.raises(NotFound):
        _read(make_staff(make_org()), s.youth.id)
    with pytest.raises(NotFound):
        _read(s.other_youth, s.youth.id)
    with pytest.raises(NotFound):  # staff have no portfolio of their own to arrange
        services.save_about(db.session, s.staff, "x", "y")
    assert _read(s.admin, s.youth.id).youth_id == s.youth.id


def test_a_row_moved_to_a_taken_place_goes_before_the_one_there(app: Flask, s: Setup) -> None:
    kinds = [
        "about",
        "interests",
        "careers",
        "experiences",
        "evidence",
        "badges",
        "skills",
        "goals",
    ]
    # Goals typed 1 (moved up), about moved down to 3: ties are settled by the move.
    places = {"goals": 1, "about": 3}
    rows = [services.SectionInput(k, places.get(k, n + 1), True) for n, k in enumerate(kinds)]
    services.save_sections(db.session, s.youth, rows)
    db.session.commit()
    order = [x.kind for x in _read(s.youth, s.youth.id).sections]
    assert order == [
        "goals",
        "interests",
        "careers",
        "about",
        "experiences",
        "evidence",
        "badges",
        "skills",
    ]
    assert services.place_key(7, 1) < services.place_key(0, 1)
    assert services.place_key(2, 3) < services.place_key(0, 3)
    assert services.place_key(4, None) == (5, 1, 4)
