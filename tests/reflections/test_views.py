"""Reflection pages through HTTP: the youth's home card, answering, editing and sharing; refusals;
staff reading an activity's reflections (audited once per view)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.db import StatementCounter
from ccl_youth.experiences.models import Participation, Reflection
from ccl_youth.extensions import db
from tests.factories import (
    field_errors,
    login_as,
    make_admin,
    make_cohort,
    make_staff,
    make_youth,
    web_client,
)
from tests.reflections.helpers import add_activity, add_reflection, make_setup, real_catalog

NEW_LINK = re.compile(r'href="(/reflections/new\?[^"]+)"')


def as_user(app: Flask, user: User) -> FlaskClient:
    return login_as(web_client(app), user)


def shown(text: str) -> str:
    """Text as Jinja escapes it into a page."""
    return str(escape(text))


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def post_prompt(type_slug: str = "guest_speaker", stage: str = "exploration") -> str:
    return real_catalog().prompts_for(type_slug, stage, "post")[0].id


def reflections() -> list[Reflection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def test_youth_answers_a_pending_reflection_from_the_home_page(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], days_ago(2), title="Robot talk")
    client = as_user(app, s.youth)
    home = client.get("/youth").get_data(as_text=True)
    assert "Reflect on what you did" in home
    assert 'href="/my/experiences"' in home
    prompt = real_catalog().prompt(post_prompt())
    assert shown(prompt.text) in home
    [link] = NEW_LINK.findall(home)
    link = html.unescape(link)
    assert parse_qs(urlsplit(link).query) == {"activity": [str(talk.id)], "prompt": [prompt.id]}

    page = client.get(link)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert shown(prompt.text) in body and "Robot talk" in body
    assert 'name="is_shared_with_family"' in body and "checked" not in body

    done = client.post(link, data={"answer": "Robots need testers."})
    assert done.status_code == 302 and done.location == "/youth"
    [saved] = reflections()
    assert (saved.youth_id, saved.activity_id, saved.prompt_id) == (s.youth.id, talk.id, prompt.id)
    assert (saved.prompt_text, saved.answer) == (prompt.text, "Robots need testers.")
    assert saved.is_shared_with_family is False
    assert NEW_LINK.findall(client.get("/youth").get_data(as_text=True)) == []

    # A second submit of the same form updates the same row.
    again = client.post(link, data={"answer": "Robots need people.", "is_shared_with_family": "y"})
    assert again.status_code == 302
    [saved] = reflections()
    assert (saved.answer, saved.is_shared_with_family) == ("Robots need people.", True)
    # Opening the question again goes to the answer, to change it.
    assert client.get(link).location == f"/reflections/{saved.id}/edit"


def test_home_lists_five_and_links_to_all(app: Flask) -> None:
    s = make_setup(grade=7)
    for n in range(7):
        add_activity(s.cohort, s.staff, [s.youth], days_ago(n + 1), "field_trip")
    total = 7 * len(real_catalog().prompts_for("field_trip", "exploration", "post"))
    client = as_user(app, s.youth)
    home = client.get("/youth").get_data(as_text=True)
    assert len(NEW_LINK.findall(home)) == 5
    assert f"You have {total} questions to answer." in home
    assert f'href="/reflections">See all {total} questions' in home
    listing = client.get("/reflections").get_data(as_text=True)
    assert len(NEW_LINK.findall(listing)) == total


def test_reflections_page_lists_answers_with_edit_and_share(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], days_ago(1), title="Robot talk")
    mine = add_reflection(s.youth, talk, post_prompt(), "My own words.")
    client = as_user(app, s.youth)
    body = client.get("/reflections").get_data(as_text=True)
    assert "My own words." in body and "You are all done" in body
    assert f'href="/reflections/{mine.id}/edit"' in body
    assert f'action="/reflections/{mine.id}/share"' in body

    response = client.post(
        f"/reflections/{mine.id}/share", data={"shared": "1", "back": "reflections"}
    )
    assert response.status_code == 302 and response.location == "/reflections"
    assert reflections()[0].is_shared_with_family is True
    assert "Stop sharing with my family" in client.get("/reflections").get_data(as_text=True)
    back = client.post(f"/reflections/{mine.id}/share", data={"shared": "0", "back": "timeline"})
    assert back.location == "/my/experiences"
    assert reflections()[0].is_shared_with_family is False
    assert client.post(f"/reflections/{mine.id}/share", data={"shared": "x"}).status_code == 400

    edit = client.get(f"/reflections/{mine.id}/edit").get_data(as_text=True)
    assert "My own words." in edit and "Robot talk" in edit
    saved = client.post(f"/reflections/{mine.id}/edit", data={"answer": "Better words."})
    assert saved.status_code == 302
    assert reflections()[0].answer == "Better words."
    empty = client.post(f"/reflections/{mine.id}/edit", data={"answer": "  "})
    assert empty.status_code == 200
    assert field_errors(empty.get_data(as_text=True))["answer"] == "Write your answer."
    assert reflections()[0].answer == "Better words."


def test_refusals(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.other_youth], days_ago(1))
    theirs = add_reflection(s.other_youth, talk, post_prompt(), "Not yours.")
    link = f"/reflections/new?activity={talk.id}&prompt={post_prompt()}"
    form = {"answer": "Written by someone else."}
    # Staff, admins and family may not write a youth's reflection.
    admin = make_admin(s.org)
    for someone in (s.staff, s.family, admin):
        client = as_user(app, someone)
        assert client.get(link).status_code == 403
        assert client.post(link, data=form).status_code == 403
        assert client.post(f"/reflections/{theirs.id}/edit", data=form).status_code == 403
    # A youth who did not attend: 404, as for an activity that does not exist.
    youth = as_user(app, s.youth)
    assert youth.get(link).status_code == 404
    assert youth.post(link, data=form).status_code == 404
    for bad in ("999999", "abc", "-1", "٣", str(2**31)):
        assert youth.get(f"/reflections/new?activity={bad}&prompt=x").status_code == 404
    assert youth.get(f"/reflections/{theirs.id}/edit").status_code == 404
    assert youth.post(f"/reflections/{theirs.id}/edit", data=form).status_code == 404
    assert youth.post(f"/reflections/{theirs.id}/share", data={"shared": "1"}).status_code == 404
    assert as_user(app, s.outsider).get(link).status_code == 404
    assert [r.answer for r in reflections()] == ["Not yours."]


def test_a_prompt_the_activity_does_not_ask_is_a_field_error(app: Flask) -> None:
    s = make_setup(grade=7)
    trip = add_activity(s.cohort, s.staff, [s.youth], days_ago(1), "guest_speaker")
    client = as_user(app, s.youth)
    wrong = real_catalog().prompts_for("default", "preparedness", "post")[0].id
    link = f"/reflections/new?activity={trip.id}&prompt={wrong}"
    for response in (client.get(link), client.post(link, data={"answer": "Sneaky."})):
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        assert field_errors(body) == {"prompt": "This question is not one this activity asks you."}
        # The questions this activity does ask are offered instead.
        assert f"prompt={post_prompt()}" in html.unescape(body)
    assert reflections() == []
    empty = client.post(f"/reflections/new?activity={trip.id}&prompt={post_prompt()}")
    assert empty.status_code == 200
    assert field_errors(empty.get_data(as_text=True)) == {"answer": "Write your answer."}
    assert reflections() == []


def test_staff_read_an_activitys_reflections_grouped_by_prompt(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth, s.other_youth], days_ago(1), title="Robots")
    first = post_prompt()
    add_reflection(s.youth, talk, first, "Testing matters.", shared=True)
    admin = make_admin(s.org)
    for reader in (s.staff, admin):
        response = as_user(app, reader).get(f"/activities/{talk.id}/reflections")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "Reflections: Robots" in body
        asked = shown(real_catalog().prompt(first).text)
        section = body[body.index(asked) : body.index('id="waiting"')]
        assert "Robin Reflector" in section and "Testing matters." in section
        waiting = body[body.index('id="waiting"') :]
        assert "Sam Classmate" in waiting and "Robin Reflector" not in waiting
        assert "0 of 1 answered" in waiting
    views = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "activity.reflections_view")
        )
    )
    assert [(e.actor_id, e.target_id, e.detail) for e in views] == [
        (reader.id, talk.id, {"answers": 1, "attendees": 2}) for reader in (s.staff, admin)
    ]
    assert all(e.youth_id is None for e in views)
    # Staff of another cohort, and youth, may not.
    other = make_staff(s.org)
    assert as_user(app, other).get(f"/activities/{talk.id}/reflections").status_code == 404
    assert as_user(app, s.youth).get(f"/activities/{talk.id}/reflections").status_code == 403
    assert (
        as_user(app, s.outsider_staff).get(f"/activities/{talk.id}/reflections").status_code == 404
    )


def test_staff_see_only_attendees_in_their_cohorts(app: Flask) -> None:
    s = make_setup(grade=7)
    elsewhere = make_youth(s.org, make_cohort(s.org), grade=7, name="Quinn Elsewhere")
    talk = add_activity(s.cohort, s.staff, [s.youth, elsewhere], days_ago(1))
    add_reflection(elsewhere, talk, post_prompt(), "Private words.")
    body = as_user(app, s.staff).get(f"/activities/{talk.id}/reflections").get_data(as_text=True)
    assert "Quinn Elsewhere" not in body and "Private words." not in body
    assert "1 more attendee is not in your cohorts" in body
    count = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "activity.reflections_view")
    )
    assert count == 1


def _statements(client: FlaskClient, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up
    db.session.commit()
    with StatementCounter(db.engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_pages_take_the_same_statements_for_few_or_many(app: Flask) -> None:
    """The activity's reflections page with 3 or 30 attendees (each answered); the youth's
    home and reflections pages with 3 or 30 activities (each answered once, one pending)."""
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [], days_ago(1))
    staff, youth = as_user(app, s.staff), as_user(app, s.youth)
    counts: dict[str, list[int]] = {"activity": [], "home": [], "reflections": []}
    for size in (3, 30):
        while len(reflections()) < size:
            n = len(reflections())
            attendee = make_youth(s.org, s.cohort, grade=7)
            db.session.add(Participation(activity_id=talk.id, youth_id=attendee.id, minutes=60))
            db.session.commit()
            add_reflection(attendee, talk, post_prompt(), f"Answer {n}.")
            mine = add_activity(s.cohort, s.staff, [s.youth], days_ago(n % 50), "field_trip")
            add_reflection(s.youth, mine, "some.other.prompt", f"Mine {n}.")
        counts["activity"].append(_statements(staff, f"/activities/{talk.id}/reflections"))
        counts["home"].append(_statements(youth, "/youth"))
        counts["reflections"].append(_statements(youth, "/reflections"))
    print("statements at 3 and 30:", counts)
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} then {large}"
