"""QR check-in and the attendance import through HTTP."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from ccl_youth.db import utcnow
from ccl_youth.experiences import services
from ccl_youth.experiences.checkin import make_checkin_token
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.experiences.services import ActivityInput
from ccl_youth.extensions import db
from tests.experiences.conftest import Club
from tests.experiences.test_services import participations
from tests.factories import login_as, web_client
from tests.routes.experiences import tampered


def signed_in(app: Flask, user) -> object:  # noqa: ANN001
    return login_as(web_client(app), user)


def logged(club: Club, catalog, youth) -> Activity:  # noqa: ANN001
    activity = services.log_activity(
        db.session,
        club.staff,
        catalog,
        ActivityInput(
            type_slug="guest_speaker",
            title="Robot talk",
            activity_date=date.today(),
            cohort_id=club.cohort.id,
            attendee_ids=tuple(y.id for y in youth),
        ),
    )
    db.session.commit()
    return activity


def token_for(app: Flask, activity_id: int, minutes: int = 15) -> str:
    expires = utcnow() + timedelta(minutes=minutes)
    return make_checkin_token(app.config["SECRET_KEY"], activity_id, expires)


# --- the staff screen ------------------------------------------------------------------------


def test_staff_choose_a_window_and_get_a_qr_code(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, club.youth[:2])
    client = signed_in(app, club.staff)
    start = client.get(f"/activities/{activity.id}/checkin").get_data(as_text=True)
    windows = re.findall(r'name="window" value="(\d+)"', start)
    assert windows == ["5", "10", "15", "30", "60"]
    assert client.get(f"/activities/{activity.id}/checkin?window=7").status_code == 200
    opened = client.get(f"/activities/{activity.id}/checkin?window=30")
    assert opened.status_code == 302
    token = parse_qs(urlsplit(opened.headers["Location"]).query)["t"][0]
    screen = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert '<svg viewBox="' in screen and 'class="qr-code"' in screen
    assert f"http://localhost/checkin/{token}" in screen
    assert re.search(r"<strong data-present>2</strong> present", screen)
    assert "<script>" not in screen and "style=" not in screen  # the page's CSP allows neither
    assert client.get(f"/activities/{activity.id}/checkin/count").get_json() == {
        "present": 2,
        "checked_in": 0,
    }


def test_an_expired_or_foreign_code_on_the_screen_asks_for_a_new_one(app, club: Club, catalog):
    activity = logged(club, catalog, [])
    other = logged(club, catalog, [])
    client = signed_in(app, club.staff)
    expired = token_for(app, activity.id, minutes=-1)
    page = client.get(f"/activities/{activity.id}/checkin?t={expired}").get_data(as_text=True)
    assert "That code has expired. Open a new one." in page and "<svg" not in page
    page = client.get(f"/activities/{activity.id}/checkin?t={token_for(app, other.id)}")
    assert "<svg" not in page.get_data(as_text=True)


# --- youth scanning the code -----------------------------------------------------------------


def test_a_youth_signs_in_then_checks_in(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, club.youth[:1])
    url = f"/checkin/{token_for(app, activity.id)}"
    youth = club.youth[1]
    client = web_client(app)
    to_sign_in = client.get(url)
    assert to_sign_in.status_code == 302
    assert to_sign_in.headers["Location"] == f"/signin?next={url}"
    login_as(client, youth)
    confirm = client.get(url).get_data(as_text=True)
    assert "Robot talk" in confirm and "Yes, I am here" in confirm
    done = client.post(url)
    assert done.status_code == 302 and done.headers["Location"] == url
    after = client.get(url).get_data(as_text=True)
    assert "Done! You are checked in." in after and "Yes, I am here" not in after
    assert participations(activity.id)[youth.id] == (45, "checkin")
    client.post(url)
    assert "You were already checked in." in client.get(url).get_data(as_text=True)
    assert len(participations(activity.id)) == 2


def test_a_walk_in_checks_in_but_another_organization_cannot(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, [])
    url = f"/checkin/{token_for(app, activity.id)}"
    assert signed_in(app, club.walk_in).post(url).status_code == 302
    outsider = signed_in(app, club.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url).status_code == 404
    assert set(participations(activity.id)) == {club.walk_in.id}


def test_expired_tampered_and_wrong_role(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, [])
    youth = signed_in(app, club.youth[0])
    expired = f"/checkin/{token_for(app, activity.id, minutes=-5)}"
    for method in ("GET", "POST"):
        response = youth.open(expired, method=method)
        assert response.status_code == 410
        assert "This code has expired" in response.get_data(as_text=True)
    bad = f"/checkin/{tampered(token_for(app, activity.id))}"
    assert youth.get(bad).status_code == 404 and youth.post(bad).status_code == 404
    assert youth.get("/checkin/not-a-token").status_code == 404
    good = f"/checkin/{token_for(app, activity.id)}"
    assert signed_in(app, club.staff).get(good).status_code == 403
    assert db.session.scalar(select(func.count(Participation.id))) == 0


# --- importing attendance --------------------------------------------------------------------


def test_an_uploaded_file_is_reported_row_by_row(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, club.youth[:1])
    client = signed_in(app, club.staff)
    page = client.get(f"/activities/{activity.id}/attendance/import").get_data(as_text=True)
    assert 'href="/activities/attendance-template.csv"' in page
    data = "\ufeffusername,minutes,present\r\nben,30,yes\r\nethan,,yes\r\naaliyah,,no\r\n"
    response = client.post(
        f"/activities/{activity.id}/attendance/import",
        data={"file": (io.BytesIO(data.encode()), "attendance.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = re.findall(r"<tr class=\"outcome-(\w+)\">\s*<td>(\d+)</td>\s*<td>(\w+)</td>", html)
    assert rows == [("added", "2", "ben"), ("refused", "3", "ethan"), ("removed", "4", "aaliyah")]
    assert "This youth is not in your cohorts." in html
    assert participations(activity.id) == {club.youth[1].id: (30, "import")}


def test_pasted_rows_work_too_and_a_bad_header_imports_nothing(app: Flask, club: Club, catalog):
    activity = logged(club, catalog, club.youth[:1])
    client = signed_in(app, club.staff)
    url = f"/activities/{activity.id}/attendance/import"
    bad = client.post(url, data={"rows": "name,minutes\nben,30\n"}).get_data(as_text=True)
    assert "the username column is missing" in bad
    assert set(participations(activity.id)) == {club.youth[0].id}
    empty = client.post(url, data={}).get_data(as_text=True)
    assert "Choose a CSV file, or paste the rows." in empty
    # Encoded here, in memory: the test client would spool a body this big to a temporary
    # file it never closes (a ResourceWarning).
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(b"username\n" + b"x" * 1_000_001), "big.csv")}
    )
    big = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert "larger than 1 MB" in big.get_data(as_text=True)
    client.post(url, data={"rows": "username\ncamila\n"})
    assert set(participations(activity.id)) == {club.youth[0].id, club.youth[2].id}


def test_the_template_downloads(app: Flask, club: Club):
    response = signed_in(app, club.staff).get("/activities/attendance-template.csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines()[0] == "username,minutes,present"
