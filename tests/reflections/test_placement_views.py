"""Placement reflections through HTTP: asked on the youth's home page and /reflections ("At
<partner>"), answered at /reflections/new?placement=…, shown under the placement on the
timelines; refusals. And a reflection left on its own when its activity is deleted."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import delete, select

from ccl_youth.accounts.models import User
from ccl_youth.db import StatementCounter
from ccl_youth.experiences.models import Activity, Reflection
from ccl_youth.extensions import db
from tests.factories import bearer, field_errors, login_as, make_admin, make_token, web_client
from tests.reflections.helpers import (
    add_activity,
    add_partner,
    add_placement,
    add_reflection,
    make_setup,
    real_catalog,
)

PLACEMENT_LINK = re.compile(r'href="(/reflections/new\?placement=[^"]+)"')
NEW_LINK = re.compile(r'href="(/reflections/new\?[^"]+)"')


def as_user(app: Flask, user: User) -> FlaskClient:
    return login_as(web_client(app), user)


def shown(text: str) -> str:
    return str(escape(text))


def reflections() -> list[Reflection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def entry(body: str, marker: str) -> str:
    """The timeline card holding ``marker``."""
    at = body.index(marker)
    start = body.rindex('<li class="card entry', 0, at)
    end = body.find('<li class="card entry', at)
    return body[start : end if end > 0 else len(body)]


def test_youth_answers_a_placement_prompt_from_the_home_page(app: Flask) -> None:
    s = make_setup(grade=11)  # preparedness: internships have their own prompts
    harbor = add_partner(s.org.id, "Harbor Labs")
    job = add_placement(s.youth, harbor, date.today() - timedelta(days=3), title="Lab helper")
    add_activity(s.cohort, s.staff, [s.youth], date.today() - timedelta(days=1), "guest_speaker")
    catalog = real_catalog()
    pre = catalog.prompts_for("internship", "preparedness", "pre")
    post = catalog.prompts_for("internship", "preparedness", "post")
    client = as_user(app, s.youth)

    home = client.get("/youth").get_data(as_text=True)
    assert "You have 4 questions to answer." in home  # 1 + 2 about the job, 1 about the talk
    assert shown(f"At {harbor.name}") in home and "Lab helper" in home
    links = [html.unescape(link) for link in PLACEMENT_LINK.findall(home)]
    assert [parse_qs(urlsplit(link).query) for link in links] == [
        {"placement": [str(job.id)], "prompt": [prompt.id]} for prompt in (*pre, *post)
    ]
    listing = client.get("/reflections").get_data(as_text=True)
    assert len(PLACEMENT_LINK.findall(listing)) == 3 and len(NEW_LINK.findall(listing)) == 4

    link = links[1]
    page = client.get(link)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert shown(post[0].text) in body and shown(f"At {harbor.name}") in body
    assert 'name="is_shared_with_family"' in body and "checked" not in body
    done = client.post(link, data={"answer": "I tested the new sensors."})
    assert done.status_code == 302 and done.location == "/youth"
    [saved] = reflections()
    assert (saved.youth_id, saved.activity_id, saved.placement_id, saved.prompt_id) == (
        s.youth.id, None, job.id, post[0].id,
    )  # fmt: skip
    assert (saved.prompt_text, saved.when, saved.is_shared_with_family) == (
        post[0].text, "post", False,
    )  # fmt: skip
    assert link not in html.unescape(client.get("/youth").get_data(as_text=True))

    # A second submit updates the same row; opening the question again goes to the answer.
    again = client.post(link, data={"answer": "I tested sensors.", "is_shared_with_family": "y"})
    assert again.status_code == 302
    [saved] = reflections()
    assert (saved.answer, saved.is_shared_with_family) == ("I tested sensors.", True)
    assert client.get(link).location == f"/reflections/{saved.id}/edit"
    edit = client.get(f"/reflections/{saved.id}/edit").get_data(as_text=True)
    assert "Lab helper" in edit and "I tested sensors." in edit
    shared = client.post(f"/reflections/{saved.id}/share", data={"shared": "0"})
    assert shared.status_code == 302 and reflections()[0].is_shared_with_family is False

    # The answer shows under the placement, for the youth and for staff.
    mine = client.get("/my/experiences").get_data(as_text=True)
    assert "I tested sensors." in entry(mine, "<h3>Lab helper</h3>")
    staff = as_user(app, s.staff).get(f"/youth/{s.youth.id}/experiences").get_data(as_text=True)
    assert "I tested sensors." in entry(staff, "<h3>Lab helper</h3>")
    # And in the API, under the placement entry.
    _id, secret = make_token(s.staff)
    items = (
        web_client(app)
        .get(f"/api/v1/youth/{s.youth.id}/experiences", headers=bearer(secret))
        .get_json()["items"]
    )
    [placement] = [item for item in items if item["kind"] == "placement"]
    assert placement["id"] == job.id
    assert [r["answer"] for r in placement["reflections"]] == ["I tested sensors."]


def test_placement_refusals_and_field_errors(app: Flask) -> None:
    s = make_setup(grade=11)
    today = date.today()
    mine = add_placement(s.youth, None, today - timedelta(days=30), title="Shop floor")
    theirs = add_placement(s.other_youth, None, today - timedelta(days=3))
    elsewhere = add_placement(s.outsider, None, today - timedelta(days=3))
    post = real_catalog().prompts_for("internship", "preparedness", "post")[0].id
    form = {"answer": "Written by someone else."}
    youth = as_user(app, s.youth)
    # Another youth's placement, or one that does not exist: 404.
    for placement_id in (theirs.id, elsewhere.id, 999_999):
        link = f"/reflections/new?placement={placement_id}&prompt={post}"
        assert youth.get(link).status_code == 404
        assert youth.post(link, data=form).status_code == 404
    for bad in ("abc", "-1", "0", "٣", str(2**31), ""):
        assert youth.get(f"/reflections/new?placement={bad}&prompt={post}").status_code == 404
    # Staff, admins and family may not write a youth's reflection.
    link = f"/reflections/new?placement={theirs.id}&prompt={post}"
    for someone in (s.staff, s.family, make_admin(s.org)):
        client = as_user(app, someone)
        assert client.get(link).status_code == 403
        assert client.post(link, data=form).status_code == 403
    assert reflections() == []

    # A month in, the "before" question is no longer asked: a field error, and the questions
    # asked now are offered instead.
    pre = real_catalog().prompts_for("internship", "preparedness", "pre")[0].id
    wrong = f"/reflections/new?placement={mine.id}&prompt={pre}"
    for response in (youth.get(wrong), youth.post(wrong, data={"answer": "Sneaky."})):
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        assert field_errors(body) == {
            "prompt": "This question is not one we ask about this work now."
        }
        assert f"placement={mine.id}&prompt={post}" in html.unescape(body)
    empty = youth.post(f"/reflections/new?placement={mine.id}&prompt={post}", data={})
    assert empty.status_code == 200
    assert field_errors(empty.get_data(as_text=True)) == {"answer": "Write your answer."}
    assert reflections() == []


def test_a_reflection_stays_on_its_own_when_its_activity_is_deleted(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(
        s.cohort, s.staff, [s.youth], date.today() - timedelta(days=40), title="Robot talk"
    )
    kept = add_reflection(s.youth, talk, "guest_speaker.exploration.post.1", "Kept words.",
                          shared=True)  # fmt: skip
    db.session.execute(delete(Activity).where(Activity.id == talk.id))
    db.session.commit()
    [left] = reflections()
    assert (left.id, left.activity_id, left.placement_id, left.answer) == (
        kept.id, None, None, "Kept words.",
    )  # fmt: skip

    youth = as_user(app, s.youth)
    for url in ("/my/experiences", "/reflections", f"/reflections/{kept.id}/edit"):
        response = youth.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "Robot talk" not in body, url
        assert "Written " in body, url
    card = entry(youth.get("/my/experiences").get_data(as_text=True), "Kept words.")
    assert "A reflection" in card and f'action="/reflections/{kept.id}/share"' in card
    assert "Kept words." in youth.get("/reflections").get_data(as_text=True)
    assert (
        youth.post(
            f"/reflections/{kept.id}/edit",
            data={"answer": "Still mine.", "is_shared_with_family": "y"},
        ).status_code
        == 302
    )
    for reader in (s.staff, s.family):
        body = as_user(app, reader).get(f"/youth/{s.youth.id}/experiences").get_data(as_text=True)
        assert "Still mine." in entry(body, "Still mine."), reader.role
    # Nothing is asked about the deleted activity any more; its reflections page is gone.
    assert NEW_LINK.findall(youth.get("/youth").get_data(as_text=True)) == []
    assert as_user(app, s.staff).get(f"/activities/{talk.id}/reflections").status_code == 404
    _id, secret = make_token(s.staff)
    [item] = (
        web_client(app)
        .get(f"/api/v1/youth/{s.youth.id}/experiences", headers=bearer(secret))
        .get_json()["items"]
    )
    assert (item["kind"], item["id"], item["title"]) == ("reflection", kept.id, left.prompt_text)
    assert [r["answer"] for r in item["reflections"]] == ["Still mine."]


def _statements(client: FlaskClient, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up
    db.session.commit()
    with StatementCounter(db.engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_pages_take_the_same_statements_for_1_or_10_placements(app: Flask) -> None:
    s = make_setup(grade=11)
    youth = as_user(app, s.youth)
    counts: dict[str, list[int]] = {"/youth": [], "/reflections": [], "/my/experiences": []}
    placements = 0
    for size in (1, 10):
        while placements < size:
            job = add_placement(
                s.youth, add_partner(s.org.id), date.today() - timedelta(days=2 + placements)
            )
            add_reflection(s.youth, None, "some.other.prompt", placement=job)
            placements += 1
        home = youth.get("/youth").get_data(as_text=True)
        assert f"You have {3 * size} questions to answer." in home
        for url, found in counts.items():
            found.append(_statements(youth, url))
    print("statements at 1 and 10 placements:", counts)
    for url, (small, large) in counts.items():
        assert small == large, f"{url}: {small} then {large}"
