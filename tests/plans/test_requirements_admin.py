"""The admin page for an organization's graduation requirements: starts from the default,
saves edits, adds and removes areas, resets; bad input gives field errors and saves nothing;
audited; admins only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.plans.models import GraduationRequirement
from ccl_youth.plans.requirements_admin import (
    AreaInput,
    parse_credits,
    reset_requirements,
    save_requirements,
    slug_for,
)
from ccl_youth.web.catalog import plans
from tests.factories import field_errors, login_as, web_client
from tests.plans.export_helpers import make_plan_world

D = Decimal
URL = "/admin/graduation-requirements"


def _rows(org_id):
    return [
        (r.area, r.name, r.credits, r.position)
        for r in db.session.scalars(
            select(GraduationRequirement)
            .where(GraduationRequirement.organization_id == org_id)
            .order_by(GraduationRequirement.position)
        )
    ]


def _form(catalog, **changes):
    """The page's form as posted: every default area, with ``changes`` on top."""
    data = {}
    for index, area in enumerate(catalog.areas):
        data[f"areas-{index}-area"] = area.slug
        data[f"areas-{index}-name"] = area.name
        data[f"areas-{index}-credits"] = str(area.credits)
        data[f"areas-{index}-position"] = str(index + 1)
    data.update(changes)
    return data


def test_parse_credits_and_slugs():
    assert [parse_credits(t) for t in ("1", "0.25", "1.5", " 40 ")] == [
        D(1), D("0.25"), D("1.5"), D(40),
    ]  # fmt: skip
    assert [parse_credits(t) for t in ("0", "0.3", "abc", "41", "-1", "NaN", "")] == [None] * 7
    assert slug_for("Financial Literacy!") == "financial_literacy"
    assert slug_for("Éducation civique") == "education_civique"
    assert slug_for("!!!") == ""


def test_the_page_starts_from_the_default_with_the_total(app):
    w = make_plan_world(db.session)
    html = login_as(web_client(app), w.admin).get(URL).get_data(as_text=True)
    assert "Total: 24 credits in 10 areas" in html
    assert 'value="Mathematics"' in html and "state default" in html
    assert "Reset to the default" not in html


def test_save_edits_adds_and_removes_then_reset(app):
    w = make_plan_world(db.session)
    client = login_as(web_client(app), w.admin)
    data = _form(
        plans(),
        **{"areas-1-credits": "4", "areas-1-name": "Math", "areas-9-remove": "y",
           "areas-0-position": "20", "new_name": "Financial literacy", "new_credits": "0.5"},
    )  # fmt: skip
    response = client.post(URL, data=data)
    assert response.status_code == 302
    rows = _rows(w.org.id)
    assert rows[0] == ("math", "Math", D(4), 1)
    assert ("electives", "Electives", D(4), 9) not in rows and len(rows) == 10
    # The new area comes after the ten rows (11); English moved to order 20, after it.
    assert [r[0] for r in rows][-2:] == ["financial_literacy", "english"]
    assert sum(r[2] for r in rows) == D("21.5")  # 24 + 1 (math) - 4 (electives) + 0.5
    html = client.get(URL).get_data(as_text=True)
    assert "Total: 21.5 credits in 10 areas" in html and "its own requirements" in html
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "plan.requirements_save")
    ).one()
    assert event.detail["areas"] == 10 and event.detail["total_credits"] == "21.5"
    assert client.post(f"{URL}/reset").status_code == 302
    assert _rows(w.org.id) == []
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "plan.requirements_reset")
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"areas-2-credits": "0"}, "areas-2-credits", "0.25 to 40"),
        ({"areas-2-credits": "2.3"}, "areas-2-credits", "in quarters"),
        ({"areas-2-credits": "abc"}, "areas-2-credits", "Credits must be"),
        ({"areas-3-name": "  "}, "areas-3-name", "Give the area a name"),
        ({"areas-3-position": "x"}, "areas-3-position", "Order must be"),
        ({"new_name": "Math!", "new_credits": "1"}, "new_name", "same name"),
        ({"new_name": "Robotics", "new_credits": ""}, "new_credits", "Credits must be"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(app, changes, field, message):
    w = make_plan_world(db.session)
    data = _form(plans(), **{"areas-1-area": "math", "areas-1-name": "Math"}, **changes)
    response = login_as(web_client(app), w.admin).post(URL, data=data)
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert message in errors.get(field, ""), errors
    assert _rows(w.org.id) == []


def test_removing_every_area_is_refused(app):
    w = make_plan_world(db.session)
    catalog = plans()
    rows = [AreaInput(a.slug, a.name, str(a.credits), remove=True) for a in catalog.areas]
    with pytest.raises(ValidationFailed) as error:
        save_requirements(db.session, w.admin, catalog, rows)
    assert "areas" in error.value.errors


def test_a_tampered_slug_is_replaced_by_one_from_the_name(app):
    w = make_plan_world(db.session)
    rows = [AreaInput("../Bad Slug", "Art", "2")]
    save_requirements(db.session, w.admin, plans(), rows)
    db.session.commit()
    assert _rows(w.org.id) == [("art", "Art", D(2), 1)]


def test_only_admins(app):
    w = make_plan_world(db.session)
    with pytest.raises(Forbidden):
        reset_requirements(db.session, w.staff)
    for user in (w.staff, w.youth, w.family):
        assert login_as(web_client(app), user).get(URL).status_code == 403
