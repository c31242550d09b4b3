"""Family-event pages through HTTP: staff post, change and cancel events and read the answers;
families answer; offers to speak and staff's follow-up; bad input comes back as field errors
naming the field, with nothing saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.events.models import EventRsvp, FamilyEvent, SpeakerOffer
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner, RoleModel
from tests.events.helpers import setup
from tests.factories import field_errors, login_as, make_occupation, web_client

SOON = (datetime.now(UTC) + timedelta(days=10)).replace(hour=18, minute=0, second=0,
                                                         microsecond=0)  # fmt: skip


def _local(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


def _form(**extra):
    data = {"kind": "stem_night", "title": "STEM night", "description": "Build a rocket",
            "location": "Library", "starts_at": _local(SOON),
            "ends_at": _local(SOON + timedelta(hours=2)), "audience": "all"}  # fmt: skip
    data.update(extra)
    return data


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def s(app):
    return setup()


def _event(s, client=None, **extra):
    client = client or login_as(web_client(s.app), s.staff1)
    response = client.post("/events/new", data=_form(**extra))
    assert response.status_code == 302, field_errors(response.text)
    return db.session.scalar(select(FamilyEvent).order_by(FamilyEvent.id.desc()))


@pytest.fixture
def staff(app, s):
    s.app = app
    return login_as(web_client(app), s.staff1)


def test_staff_post_an_event_read_as_utc(s, staff):
    assert staff.get("/events/new").status_code == 200
    event = _event(s, staff, audience=str(s.cohort1.id))
    assert (event.kind, event.title, event.cohort_id) == ("stem_night", "STEM night", s.cohort1.id)
    assert event.starts_dt == SOON and event.ends_dt == SOON + timedelta(hours=2)
    page = staff.get("/events")
    assert "STEM night" in page.text and "Yes: 0 (0 people)" in page.text
    edit = staff.get(f"/events/{event.id}/edit")
    assert f'value="{_local(SOON)}"' in edit.text


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_at": _local(SOON - timedelta(minutes=30))}, "ends_at"),
        ({"kind": "party"}, "kind"),
        ({"title": ""}, "title"),
        ({"starts_at": "", "ends_at": ""}, "starts_at"),
        ({"starts_at": "0001-01-01T10:00"}, "starts_at"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"audience": "abc"}, "audience"),
        ({"audience": "²"}, "audience"),
    ],
)
def test_bad_event_input_names_the_field_and_saves_nothing(s, staff, extra, field):
    response = staff.post("/events/new", data=_form(**extra))
    assert response.status_code == 400
    assert field in field_errors(response.text)
    assert _count(FamilyEvent) == 0


def test_a_cohort_not_theirs_is_a_field_error(s, staff):
    response = staff.post("/events/new", data=_form(audience=str(s.cohort2.id)))
    assert response.status_code == 400
    assert field_errors(response.text) == {
        "audience": "Choose the whole organization or one of your cohorts."
    }
    assert _count(FamilyEvent) == 0
    admin = login_as(web_client(s.app), s.admin)
    assert admin.post("/events/new", data=_form(audience=str(s.cohort2.id))).status_code == 302


def test_a_take_home_activity_needs_no_time(s, staff):
    event = _event(s, staff, kind="take_home", starts_at="", ends_at="")
    assert event.starts_dt is None
    assert "Any time: do it at home" in staff.get("/events").text


def test_families_answer_and_staff_see_the_counts(s, staff):
    event = _event(s, staff)
    family = login_as(web_client(s.app), s.family1)
    page = family.get("/family/events")
    assert page.status_code == 200 and "STEM night" in page.text
    assert f'id="party_size-{event.id}"' in page.text
    url = f"/family/events/{event.id}/rsvp"
    assert (
        family.post(url, data={"answer": "yes", "party_size": "3", "note": "Hi"}).status_code == 302
    )
    assert family.post(url, data={"answer": "maybe", "party_size": "2"}).status_code == 302
    other = login_as(web_client(s.app), s.family1b)
    assert other.post(url, data={"answer": "yes", "party_size": "4"}).status_code == 302
    assert _count(EventRsvp) == 2
    assert "Your answer: Maybe" in family.get("/family/events").text
    detail = staff.get(f"/events/{event.id}")
    assert "Yes: 1 (4 people)" in detail.text and "Maybe: 1 (2 people)" in detail.text
    assert "Ana Family" in detail.text and "Ben Family" in detail.text


@pytest.mark.parametrize("party", ["0", "11", "²", "٣", "", "-1", "1.5"])
def test_bad_party_sizes_name_the_field(s, staff, party):
    event = _event(s, staff)
    family = login_as(web_client(s.app), s.family1)
    response = family.post(f"/family/events/{event.id}/rsvp",
                           data={"answer": "yes", "party_size": party})  # fmt: skip
    assert response.status_code == 400
    assert f"party_size-{event.id}" in field_errors(response.text)
    assert _count(EventRsvp) == 0


def test_an_event_not_for_them_is_404_and_cancelled_has_no_form(s, staff):
    art = _event(s, login_as(web_client(s.app), s.staff2), audience=str(s.cohort2.id))
    family = login_as(web_client(s.app), s.family1)
    assert "Art" not in family.get("/family/events").text
    response = family.post(
        f"/family/events/{art.id}/rsvp", data={"answer": "yes", "party_size": "1"}
    )
    assert response.status_code == 404
    event = _event(s, staff, title="Bridge night")
    assert staff.post(f"/events/{event.id}/cancel").status_code == 302
    page = family.get("/family/events")
    assert "This event is cancelled." in page.text
    assert f"/family/events/{event.id}/rsvp" not in page.text
    response = family.post(f"/family/events/{event.id}/rsvp",
                           data={"answer": "yes", "party_size": "1"})  # fmt: skip
    assert response.status_code == 302
    assert "This event is cancelled." in family.get(response.location).text
    assert _count(EventRsvp) == 0 and _count(FamilyEvent) == 2


def test_offer_to_speak_and_staff_add_a_guest_speaker(s, staff):
    make_occupation("Registered Nurses", soc_code="29-1141.00", description="Care for patients")
    family = login_as(web_client(s.app), s.family1)
    assert family.get("/family/speak").status_code == 200
    found = family.post("/family/speak", data={"occupation": "nurses", "find": "1"})
    assert found.status_code == 200 and "Registered Nurses (29-1141.00)" in found.text
    empty = family.post("/family/speak", data={"occupation": "Nurse", "contact": ""})
    assert empty.status_code == 400 and "contact" in field_errors(empty.text)
    assert _count(SpeakerOffer) == 0
    sent = family.post("/family/speak", data={
        "occupation": "Nurse", "occupation_pick": "29-1141.00", "employer": "City Hospital",
        "contact": "555-0100", "about": "I care for people."})  # fmt: skip
    assert sent.status_code == 302
    offer = db.session.scalar(select(SpeakerOffer))
    assert offer.occupation_id is not None
    listing = staff.get("/events/speakers")
    assert "Ana Family" in listing.text and "City Hospital" in listing.text
    form = staff.get(f"/events/speakers/{offer.id}/add")
    assert 'value="City Hospital"' in form.text and 'value="29-1141.00"' in form.text
    added = staff.post(f"/events/speakers/{offer.id}/add", data={
        "partner": "new", "name": "City Hospital", "kind": "employer",
        "display_name": "Ana F.", "occupation": "29-1141.00", "story": "I care."})  # fmt: skip
    assert added.status_code == 302, field_errors(added.text)
    db.session.expire_all()
    assert (_count(Partner), _count(RoleModel)) == (1, 1)
    assert db.session.get(SpeakerOffer, offer.id).status == "added"


def test_follow_up_and_bad_follow_up(s, staff):
    family = login_as(web_client(s.app), s.family1)
    family.post("/family/speak", data={"occupation": "Welder", "contact": "555-0101"})
    offer = db.session.scalar(select(SpeakerOffer))
    bad = staff.post(f"/events/speakers/{offer.id}/status", data={"status": "added"})
    assert bad.status_code == 400
    ok = staff.post(f"/events/speakers/{offer.id}/status",
                    data={"status": "contacted", "note": "Called"})  # fmt: skip
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(SpeakerOffer, offer.id).status == "contacted"
    bad_add = staff.post(f"/events/speakers/{offer.id}/add", data={
        "partner": "new", "name": "", "kind": "employer", "display_name": "W.",
        "occupation": "99-9999.99"})  # fmt: skip
    assert bad_add.status_code == 400
    assert {"name", "occupation"} & set(field_errors(bad_add.text))
    assert _count(Partner) == 0


def test_homes_link_to_events_and_count_new_offers(s, staff):
    family = login_as(web_client(s.app), s.family1)
    home = family.get("/family")
    assert 'href="/family/events"' in home.text and 'href="/family/speak"' in home.text
    youth_page = family.get(f"/family/youth/{s.youth1.id}")
    assert 'href="/family/events"' in youth_page.text
    family.post("/family/speak", data={"occupation": "Baker", "contact": "555-0102"})
    page = staff.get("/staff")
    assert 'href="/events"' in page.text and "Offers to speak (1 new)" in page.text
