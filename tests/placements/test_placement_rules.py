"""Placement rules added after review: a placement becomes active only at a vetted partner (or
with none); hours stay within the placement's dates, and its dates cannot move past hours
already logged; a double-submitted new-placement form makes one placement (and stores one
agreement); the agreement downloads under its own name with the extension of its real type."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner
from ccl_youth.placements import hours, lifecycle, services
from ccl_youth.placements.hours import HoursInput
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.placements.services import PlacementDetails
from tests.factories import World, field_errors, fresh, input_value, login_as, web_client
from tests.placements.conftest import TODAY, set_birth
from tests.placements.support import add_hours, add_placement, placement_form, png_bytes, upload
from tests.test_idor import db_state, describe_change
from tests.world_experiences import WORLD_DAY

NOT_VETTED = "An admin must mark this partner as vetted first."
#: placement1's details as the world made them (an edit that changes nothing).
PLACEMENT1 = PlacementDetails(
    type_slug="internship",
    title="Summer intern",
    supervisor_name="Pat Supervisor",
    supervisor_email="pat@example.org",
    start_date=WORLD_DAY,
    end_date=WORLD_DAY + timedelta(days=90),
    planned_hours=60,
)


def _unvetted(world: World, name: str = "New Garage") -> int:
    partner = Partner(organization_id=world.org_a, name=name, kind="employer")
    db.session.add(partner)
    db.session.commit()
    return partner.id


def _adult(world: World) -> None:
    set_birth(world.youth1, 2000, 1)  # no consent needed: only the vetting rule is tested


# --- vetting ----------------------------------------------------------------------------


def test_a_placement_becomes_active_only_at_a_vetted_partner(world: World) -> None:
    _adult(world)
    partner_id = _unvetted(world)
    placement = db.session.get_one(
        Placement, add_placement(world.org_a, world.youth1, status="planned", partner_id=partner_id)
    )
    staff, admin = world.user("staff1"), world.user("admin_a")
    for who in (staff, admin):
        with pytest.raises(ValidationFailed) as refused:
            lifecycle.change_status(db.session, who, placement, "active", "", TODAY)
        assert refused.value.errors == {"status": [NOT_VETTED]}
        assert placement.status == "planned"
    # Ending it is still possible, and once an admin vets the partner it may start.
    db.session.get_one(Partner, partner_id).is_vetted = True
    lifecycle.change_status(db.session, staff, placement, "active", "", TODAY)
    assert placement.status == "active"


def test_a_placement_with_no_partner_may_become_active(world: World) -> None:
    _adult(world)
    placement = db.session.get_one(
        Placement, add_placement(world.org_a, world.youth1, status="planned")
    )
    lifecycle.change_status(db.session, world.user("staff1"), placement, "active", "", TODAY)
    assert placement.status == "active"


def test_reopening_at_an_unvetted_partner_is_refused(world: World) -> None:
    _adult(world)
    placement = db.session.get_one(Placement, world.exp.placement1)
    lifecycle.change_status(db.session, world.user("staff1"), placement, "completed", "", TODAY)
    db.session.get_one(Partner, world.exp.partner).is_vetted = False  # vetting withdrawn
    with pytest.raises(ValidationFailed) as refused:
        lifecycle.change_status(
            db.session, world.user("admin_a"), placement, "active", "By mistake.", TODAY
        )
    assert refused.value.errors == {"status": [NOT_VETTED]}


def test_an_active_placement_cannot_move_to_an_unvetted_partner(
    world: World, catalog: ExperienceCatalog
) -> None:
    placement = db.session.get_one(Placement, world.exp.placement1)
    partner_id = _unvetted(world)
    staff = world.user("staff1")
    with pytest.raises(ValidationFailed) as refused:
        services.update_placement(
            db.session, staff, placement, replace(PLACEMENT1, partner_id=partner_id), catalog, TODAY
        )
    assert refused.value.errors == {"partner_id": [NOT_VETTED]}
    db.session.rollback()
    # Its own partner, even if no longer vetted, stays; so does no partner at all.
    db.session.get_one(Partner, world.exp.partner).is_vetted = False
    placement = db.session.get_one(Placement, world.exp.placement1)
    kept = replace(PLACEMENT1, partner_id=world.exp.partner, title="Summer intern (lab)")
    assert services.update_placement(db.session, staff, placement, kept, catalog, TODAY) == [
        "title"
    ]
    services.update_placement(db.session, staff, placement, PLACEMENT1, catalog, TODAY)
    assert placement.partner_id is None


def test_new_placements_refuse_archived_partners_and_start_planned(
    world: World, catalog: ExperienceCatalog
) -> None:
    partner = db.session.get_one(Partner, world.exp.partner)
    partner.is_archived = True
    db.session.commit()
    details = replace(PLACEMENT1, partner_id=world.exp.partner)
    with pytest.raises(ValidationFailed) as refused:
        services.create_placement(
            db.session, world.user("staff1"), world.youth1, details, catalog, TODAY
        )
    assert list(refused.value.errors) == ["partner_id"]
    made = services.create_placement(
        db.session, world.user("staff1"), world.youth1, PLACEMENT1, catalog, TODAY
    )
    assert made.status == "planned"


def test_the_status_page_says_the_partner_needs_vetting(app: Flask, world: World) -> None:
    _adult(world)
    partner_id = _unvetted(world, "Unvetted Garage")
    placement_id = add_placement(world.org_a, world.youth1, status="planned", partner_id=partner_id)
    client = login_as(web_client(app), world.user("staff1"))
    response = client.post(
        f"/placements/{placement_id}/status", data={"status": "active"}, follow_redirects=True
    )
    assert NOT_VETTED in response.get_data(as_text=True)
    assert db.session.get_one(Placement, placement_id).status == "planned"


# --- dates ------------------------------------------------------------------------------


def _ends(world: World, end: date | None) -> Placement:
    placement = db.session.get_one(Placement, world.exp.placement1)
    placement.end_date = end
    db.session.commit()
    return placement


def test_hours_after_the_end_date_are_refused(world: World) -> None:
    end = WORLD_DAY + timedelta(days=10)
    _ends(world, end)
    youth = world.user("youth1")
    for day in (end + timedelta(days=1), TODAY):
        with pytest.raises(ValidationFailed) as refused:
            hours.log_hours(
                db.session, youth, world.exp.placement1, HoursInput(day, 60, "Late."), TODAY
            )
        assert list(refused.value.errors) == ["work_date"]
        assert "after the placement ended" in refused.value.errors["work_date"][0]
    entry, _ = hours.log_hours(
        db.session, youth, world.exp.placement1, HoursInput(end, 60, "Last day."), TODAY
    )
    # Correcting an entry to a date after the end is refused the same way.
    with pytest.raises(ValidationFailed) as refused:
        hours.correct_hours(
            db.session, youth, entry.id, HoursInput(end + timedelta(days=1), 60, "x"), TODAY
        )
    assert list(refused.value.errors) == ["work_date"]


def test_the_hours_form_shows_the_end_date_error(app: Flask, world: World) -> None:
    end = WORLD_DAY + timedelta(days=10)
    _ends(world, end)
    client = login_as(web_client(app), world.user("youth1"))
    before = db_state()
    response = client.post(
        f"/my/placements/{world.exp.placement1}/hours/new",
        data={
            "work_date": (end + timedelta(days=1)).isoformat(),
            "hours": "1",
            "minutes": "0",
            "description": "After the end.",
            "submission_key": "after-the-end-1",
        },
    )
    assert response.status_code == 200
    assert "after the placement ended" in field_errors(response.get_data(as_text=True))["work_date"]
    assert db_state() == before


def test_dates_cannot_move_past_logged_hours(world: World, catalog: ExperienceCatalog) -> None:
    """placement1 has hours on day 1 (hours1) and, here, on days 5 and 9 after its start."""
    add_hours(world.exp.placement1, world.youth1, 60, "verified", day=5)
    add_hours(world.exp.placement1, world.youth1, 60, "returned", day=9)
    placement = db.session.get_one(Placement, world.exp.placement1)
    staff = world.user("staff1")
    partner = {"partner_id": world.exp.partner}
    cases = [
        ({"end_date": WORLD_DAY + timedelta(days=4)}, "end_date", "2 logged hours entries are"),
        ({"end_date": WORLD_DAY + timedelta(days=8)}, "end_date", "1 logged hours entry is"),
        ({"start_date": WORLD_DAY + timedelta(days=2)}, "start_date", "1 logged hours entry is"),
        ({"start_date": WORLD_DAY + timedelta(days=6)}, "start_date", "2 logged hours entries"),
    ]
    before = db_state()
    for changes, field, words in cases:
        details = replace(PLACEMENT1, **partner, **changes)  # type: ignore[arg-type]
        with pytest.raises(ValidationFailed) as refused:
            services.update_placement(db.session, staff, placement, details, catalog, TODAY)
        assert list(refused.value.errors) == [field], changes
        assert words in refused.value.errors[field][0]
        db.session.rollback()
        placement = db.session.get_one(Placement, world.exp.placement1)
    assert db_state() == before, describe_change(before, db_state())
    # Both at once: two errors; on the edges of the entries, fine; no end date, fine.
    both = replace(
        PLACEMENT1,
        **partner,
        start_date=WORLD_DAY + timedelta(days=6),
        end_date=WORLD_DAY + timedelta(days=7),
    )
    with pytest.raises(ValidationFailed) as refused:
        services.update_placement(db.session, staff, placement, both, catalog, TODAY)
    assert sorted(refused.value.errors) == ["end_date", "start_date"]
    db.session.rollback()
    placement = db.session.get_one(Placement, world.exp.placement1)
    edges = replace(
        PLACEMENT1,
        **partner,
        start_date=WORLD_DAY + timedelta(days=1),
        end_date=WORLD_DAY + timedelta(days=9),
    )
    services.update_placement(db.session, staff, placement, edges, catalog, TODAY)
    services.update_placement(
        db.session, staff, placement, replace(edges, end_date=None), catalog, TODAY
    )
    assert (placement.start_date, placement.end_date) == (WORLD_DAY + timedelta(days=1), None)


def test_the_edit_page_names_how_many_entries_fall_outside(app: Flask, world: World) -> None:
    add_hours(world.exp.placement1, world.youth1, 60, "submitted", day=5)
    client = login_as(web_client(app), world.user("staff1"))
    form = placement_form(world, end_date=(WORLD_DAY + timedelta(days=3)).isoformat())
    response = client.post(f"/placements/{world.exp.placement1}/edit", data=form)
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True))
    assert errors["end_date"] == "1 logged hours entry is dated after this end date."
    assert fresh(db.session.get_one(Placement, world.exp.placement1)).end_date == (
        WORLD_DAY + timedelta(days=90)
    )


# --- double submit ----------------------------------------------------------------------


def _agreements(app: Flask) -> list[Path]:
    folder = Path(app.config["UPLOADS_PATH"]) / "agreements"
    return sorted(folder.glob("*")) if folder.is_dir() else []


def _placements(youth_id: int) -> list[Placement]:
    db.session.expire_all()
    return list(db.session.scalars(select(Placement).where(Placement.youth_id == youth_id)))


def test_a_double_submitted_placement_form_makes_one_placement(app: Flask, world: World) -> None:
    client = login_as(web_client(app), world.user("staff1"))
    url = f"/youth/{world.youth1}/placements/new"
    key = input_value(client.get(url).get_data(as_text=True), "submission_key")
    assert key is not None and len(key) == 32
    files_before, count = _agreements(app), len(_placements(world.youth1))
    responses = [
        client.post(
            url,
            data=placement_form(
                world, submission_key=key, agreement=upload(png_bytes(), "agreement.png")
            ),
        )
        for _ in range(2)
    ]
    made = _placements(world.youth1)
    assert len(made) == count + 1
    newest = max(made, key=lambda p: p.id)
    assert newest.submission_key == key and newest.created_by_id == world.staff1
    assert [r.headers["Location"] for r in responses] == [f"/placements/{newest.id}"] * 2
    assert len(_agreements(app)) == len(files_before) + 1  # the second file was not kept
    # Another key is another placement; a new form gets a new key.
    assert input_value(client.get(url).get_data(as_text=True), "submission_key") != key
    client.post(url, data=placement_form(world, submission_key="another-key-0001"))
    assert len(_placements(world.youth1)) == count + 2


def test_the_same_key_for_another_youth_is_refused(
    world: World, catalog: ExperienceCatalog
) -> None:
    staff = world.user("admin_a")
    services.create_placement_once(
        db.session, staff, world.youth1, PLACEMENT1, catalog, TODAY, "shared-key-0001"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.create_placement_once(
            db.session, staff, world.youth2, PLACEMENT1, catalog, TODAY, "shared-key-0001"
        )
    assert list(refused.value.errors) == ["submission_key"]
    # Keys belong to whoever made them: staff1 may use the same key for its own placement.
    services.create_placement_once(
        db.session, world.user("staff1"), world.youth1, PLACEMENT1, catalog, TODAY,
        "shared-key-0001",
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.create_placement_once(
            db.session, staff, world.youth1, PLACEMENT1, catalog, TODAY, "short"
        )


def test_two_requests_at_once_make_one_placement(
    world: World, catalog: ExperienceCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request's look-up ran before the first one saved (a race): the insert meets
    the unique key and the second request gets the first placement, with no error."""
    staff = world.user("staff1")
    first, created = services.create_placement_once(
        db.session, staff, world.youth1, PLACEMENT1, catalog, TODAY, "racing-key-0001"
    )
    db.session.commit()
    assert created
    real = services.submitted_placement
    calls: list[str] = []

    def missed_once(*args: object) -> Placement | None:
        calls.append("look-up")
        return None if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "submitted_placement", missed_once)
    again, created_again = services.create_placement_once(
        db.session, staff, world.youth1, PLACEMENT1, catalog, TODAY, "racing-key-0001"
    )
    db.session.commit()
    assert (created_again, again.id, len(calls)) == (False, first.id, 2)
    count = db.session.scalar(
        select(db.func.count(Placement.id)).where(Placement.submission_key == "racing-key-0001")
    )
    assert count == 1


# --- the agreement's download name ------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded_as", "downloads_as"),
    [
        ("x.html", "x.png"),
        ("signed agreement.pdf", "signed agreement.png"),
        ("docs/old/report.v2.html", "report_v2.png"),
        ("....", "agreement.png"),
    ],
)
def test_the_agreement_downloads_with_the_extension_of_its_real_type(
    app: Flask, world: World, uploaded_as: str, downloads_as: str
) -> None:
    client = login_as(web_client(app), world.user("staff1"))
    form = placement_form(world, agreement=upload(png_bytes(), uploaded_as))
    assert client.post(f"/placements/{world.exp.placement1}/edit", data=form).status_code == 302
    download = client.get(f"/placements/{world.exp.placement1}/agreement")
    assert download.status_code == 200 and download.mimetype == "image/png"
    disposition = download.headers["Content-Disposition"]
    assert disposition in (
        f"attachment; filename={downloads_as}",
        f'attachment; filename="{downloads_as}"',
    ), disposition


def test_entries_need_no_end_date(world: World) -> None:
    _ends(world, None)
    entry, created = hours.log_hours(
        db.session, world.user("youth1"), world.exp.placement1, HoursInput(TODAY, 30, "x"), TODAY
    )
    assert created and db.session.get_one(HoursEntry, entry.id).work_date == TODAY
