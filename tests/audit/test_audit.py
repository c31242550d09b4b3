"""Audit: who, what, which youth and when — and never a name or grade in a log line."""

import logging

from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from tests.factories import login_as, make_cohort, make_family, make_org, make_staff, make_youth


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_views_of_a_youth_record_are_audited_without_names(client, caplog):
    org = make_org()
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name="Zelda Quintero", grade=11)
    staff = make_staff(org, [cohort])
    family = make_family(org, [youth])
    caplog.set_level(logging.INFO, logger="ccl_youth.audit")

    login_as(client, staff)
    assert client.get(f"/youth/{youth.id}").status_code == 200
    login_as(client, family)
    assert client.get(f"/family/youth/{youth.id}").status_code == 200

    views = events("youth.view")
    assert [(e.actor_id, e.youth_id, e.organization_id) for e in views] == [
        (staff.id, youth.id, org.id),
        (family.id, youth.id, org.id),
    ]
    assert all(e.occurred_dt.tzinfo is not None for e in views)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f"youth={youth.id}" in text
    assert "Zelda" not in text and "Quintero" not in text and "grade" not in text.lower()
    for event in views:
        assert "Zelda" not in str(event.detail)


def test_changes_name_the_fields_not_the_values(client):
    org = make_org()
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name="Ana Ruiz", grade=6)
    staff = make_staff(org, [cohort])
    login_as(client, staff)
    response = client.post(
        f"/youth/{youth.id}/edit",
        data={"display_name": "Ana R.", "grade": "7", "preferred_language": "en", "school": ""},
    )
    assert response.status_code == 302
    (event,) = events("youth.update")
    assert event.actor_id == staff.id and event.youth_id == youth.id
    assert sorted(event.detail["fields"]) == ["display_name", "grade"]
    assert "Ana" not in str(event.detail) and "7" not in str(event.detail)
