"""Inventory pages: a youth takes an inventory a page at a time (or one answer at a time through
the JSON endpoint), comes back to it in a new browser, finishes, reads results whose table
matches the stored scores and retakes it; staff assign inventories, follow a cohort and enter
paper sheets."""

from __future__ import annotations

import base64
import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ccl_youth.accounts.models import User
from ccl_youth.assessments import services
from ccl_youth.assessments.models import AssessmentAttempt, Instrument
from ccl_youth.assessments.scoring import ScoreResult
from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort
from tests.assessments.conftest import Program
from tests.assessments.test_services import EXPECTED_SCORES, pattern_answers
from tests.factories import add_youth_bulk, login_as, web_client

PAGE = 6  # items per page


def youth_client(app: Flask, youth: User) -> FlaskClient:
    return login_as(web_client(app), youth)


def start(client: FlaskClient, slug: str = "riasec-48") -> str:
    response = client.post(f"/inventories/{slug}/start")
    assert response.status_code == 302, response.status_code
    assert re.fullmatch(r"/inventories/attempts/\d+", response.location), response.location
    return response.location


def attempt_id(url: str) -> int:
    return int(url.rsplit("/", 1)[1])


def page_keys(body: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="answer-([a-z0-9_]+)"', body)))


def checked(body: str) -> dict[str, str]:
    return dict(re.findall(r'name="answer-([a-z0-9_]+)" value="(\d+)" checked', body))


def attempts() -> list[AssessmentAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(AssessmentAttempt).order_by(AssessmentAttempt.id)))


def answer_everything(client: FlaskClient, url: str, answers: dict[str, int]) -> None:
    """Go through every page with "Save and continue", as a person without scripts would."""
    page = 1
    while True:
        body = client.get(f"{url}?page={page}").get_data(as_text=True)
        keys = page_keys(body)
        if not keys:
            break
        data = {"page": str(page), "go": "next"}
        data.update({f"answer-{k}": str(answers[k]) for k in keys if k in answers})
        response = client.post(url, data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        assert response.location.endswith(f"page={page + 1}")
        page += 1


def text_of(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# --- the youth's list and starting -------------------------------------------------------


def test_youth_see_the_inventories_for_their_grade_assigned_first(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    db.session.commit()
    body = youth_client(app, program.youth).get("/inventories").get_data(as_text=True)
    assert body.index("What would you like to do?") < body.index("My skills check-in")
    assert "Your program leader asked you to take this" in body
    assert "Would you like to do this?" not in body  # the K–5 inventory
    young = youth_client(app, program.young).get("/inventories").get_data(as_text=True)
    assert "Would you like to do this?" in young and "My skills check-in" not in young


def test_an_inventory_for_another_grade_band_is_a_400(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    response = client.post("/inventories/riasec-elementary/start")
    assert response.status_code == 400
    assert "is for grades K–5" in text_of(response.get_data(as_text=True))
    assert client.post("/inventories/no-such-inventory/start").status_code == 404
    assert client.post("/inventories/NOT-A-SLUG/start").status_code == 404
    assert attempts() == []


# --- answering, saving as it goes, resuming ----------------------------------------------


def test_a_page_of_items_with_progress_works_without_scripts(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    body = client.get(url).get_data(as_text=True)
    assert page_keys(body) == ["r1", "i1", "a1", "s1", "e1", "c1"]
    assert "0 of 48 answered" in body
    assert 'progress id="progress" max="48" value="0"' in body
    assert body.count('<fieldset class="item') == PAGE
    assert "Save and continue" in body and 'value="back"' not in body  # no Back on page 1
    assert "js/inventory.js" in body and "<script>" not in body  # no inline script (CSP)

    response = client.post(
        url, data={"page": "1", "go": "next", "answer-r1": "5", "answer-i1": "2"}
    )
    assert (response.status_code, response.location) == (302, f"{url}?page=2")
    page2 = client.get(response.location).get_data(as_text=True)
    assert page_keys(page2) == ["r2", "i2", "a2", "s2", "e2", "c2"]
    assert "2 of 48 answered" in page2 and 'value="back"' in page2
    response = client.post(url, data={"page": "2", "go": "back", "answer-r2": "4"})
    assert response.location == f"{url}?page=1"
    assert checked(client.get(response.location).get_data(as_text=True)) == {"r1": "5", "i1": "2"}


def test_closing_the_browser_and_coming_back_resumes_the_same_attempt(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    first = youth_client(app, program.youth)
    url = start(first)
    first.post(url, data={"page": "1", "go": "next", "answer-r1": "4", "answer-a1": "1"})
    first.post(f"{url}/answer", json={"item": "s2", "value": 3})
    del first  # the browser is closed

    second = youth_client(app, program.youth)  # a new browser, no cookies of the first
    assert start(second) == url
    body = second.get(url).get_data(as_text=True)  # no page given: carries on at page 1
    assert checked(body) == {"r1": "4", "a1": "1"}
    assert "3 of 48 answered" in body
    assert checked(second.get(f"{url}?page=2").get_data(as_text=True)) == {"s2": "3"}
    assert len(attempts()) == 1


def test_coming_back_opens_the_first_page_with_something_to_answer(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    answers = pattern_answers()
    page1 = {f"answer-{k}": str(answers[k]) for k in ("r1", "i1", "a1", "s1", "e1", "c1")}
    client.post(url, data={"page": "1", "go": "next", **page1})
    assert page_keys(client.get(url).get_data(as_text=True))[0] == "r2"


def test_answering_one_item_at_a_time_as_json(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    response = client.post(f"{url}/answer", json={"item": "r1", "value": 4})
    assert response.status_code == 200
    assert response.get_json() == {"item": "r1", "value": 4, "answered": 1, "total": 48}
    response = client.post(f"{url}/answer", json={"item": "r1", "value": 2})  # changed mind
    assert response.get_json()["answered"] == 1
    response = client.post(f"{url}/answer", data={"item": "i1", "value": "5"})  # a plain form
    assert response.get_json()["answered"] == 2
    assert services.answers_of(db.session, attempts()[0]) == {"r1": 2, "i1": 5}


def test_bad_answers_are_400s_that_name_the_item(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    cases = [
        ({"item": "r1", "value": 6}, "answers.r1"),
        ({"item": "r1", "value": 0}, "answers.r1"),
        ({"item": "r1", "value": "lots"}, "answers.r1"),
        ({"item": "r1", "value": True}, "answers.r1"),
        ({"item": "r1", "value": None}, "answers.r1"),
        ({"item": "zz9", "value": 3}, "answers.zz9"),
        ({"value": 3}, "item"),
        ({"item": "x" * 41, "value": 3}, "item"),
    ]
    for payload, field in cases:
        response = client.post(f"{url}/answer", json=payload)
        assert response.status_code == 400, payload
        assert list(response.get_json()["errors"]) == [field], payload
    assert client.post(f"{url}/answer", json=[1, 2]).status_code == 400

    # The same through the page's form: a 400 page with the error at the item, and nothing saved.
    response = client.post(url, data={"page": "1", "go": "next", "answer-r1": "9"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="answer-r1-error"' in body and "Answer with one of 1, 2, 3, 4, 5." in body
    assert 'href="#item-r1">Question 1</a>' in body
    response = client.post(url, data={"page": "1", "go": "next", "answer-zz9": "3"})
    assert response.status_code == 400
    assert "zz9: There is no such item." in text_of(response.get_data(as_text=True))
    flood = {f"answer-x{n}": "1" for n in range(201)}
    response = client.post(url, data={"page": "1", **flood})
    assert response.status_code == 400
    assert "That form has more answers than any inventory." in response.get_data(as_text=True)
    assert services.answers_of(db.session, attempts()[0]) == {}


def test_the_answer_endpoint_takes_the_csrf_token_from_a_header(
    app: Flask, instruments: dict[str, Instrument], program: Program, csrf_on: None
) -> None:
    client = youth_client(app, program.youth)
    body = client.get("/inventories").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert token is not None
    response = client.post("/inventories/riasec-48/start", data={"csrf_token": token.group(1)})
    url = response.location
    page = client.get(url).get_data(as_text=True)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert meta is not None
    assert client.post(f"{url}/answer", json={"item": "r1", "value": 3}).status_code == 400
    response = client.post(
        f"{url}/answer", json={"item": "r1", "value": 3}, headers={"X-CSRFToken": meta.group(1)}
    )
    assert response.status_code == 200


def test_a_youth_never_reaches_another_youths_attempt(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    other = youth_client(app, program.young)
    other_url = start(other, "riasec-elementary")
    client = youth_client(app, program.youth)
    for method, suffix in (
        ("GET", ""),
        ("POST", ""),
        ("POST", "/answer"),
        ("POST", "/finish"),
        ("GET", "/results"),
    ):
        response = client.open(f"{other_url}{suffix}", method=method, json={"item": "r1"})
        assert response.status_code == 404, (method, suffix)


# --- finishing, results, retakes and history ---------------------------------------------


def test_finishing_shows_results_whose_table_matches_the_stored_scores(
    app: Flask, instruments: dict[str, Instrument], catalog: None, program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    answer_everything(client, url, pattern_answers())
    review = client.get(f"{url}?page=9").get_data(as_text=True)
    assert "44 of 48 answered" in review  # e8, c6, c7 and c8 skipped
    review_text = text_of(review)
    assert "Page 6: 1 question to answer" in review_text
    assert "Page 7: 1 question to answer" in review_text
    assert "Page 8: 2 questions to answer" in review_text

    response = client.post(f"{url}/finish")
    assert response.location == f"{url}/results"
    assert client.post(f"{url}/finish").location == f"{url}/results"  # twice: still one
    assert client.get(url).location == f"{url}/results"  # a finished attempt is not a form
    assert len(attempts()) == 1

    stored = ScoreResult.from_json(attempts()[0].scores or {})
    assert stored.scores == EXPECTED_SCORES
    body = client.get(f"{url}/results").get_data(as_text=True)
    table = body[body.index('<table class="scores">') : body.index("</table>")]
    rows = re.findall(r'<th scope="row">(\w+).*?</th>\s*<td>([^<]+)</td>', table, re.S)
    names = {"R": "Realistic", "I": "Investigative", "A": "Artistic", "S": "Social"}
    names |= {"E": "Enterprising", "C": "Conventional"}
    shown = dict(rows)
    for code, score in stored.scores.items():
        expected = "not enough answers" if score is None else f"{score:g}"
        assert shown[names[code]] == expected, code
    page = text_of(body)
    assert "Your top interest areas" in page
    assert page.index("Investigative · Thinker") < page.index("Artistic · Creator")
    assert "Artistic and Social came out even (75 each)." in page
    assert "Your Holland code is IAS" in page
    # The chart: an image with the same numbers in its text alternative.
    chart = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', body)
    assert chart is not None
    assert base64.b64decode(chart.group(1)).startswith(b"<?xml")
    assert "Investigative 100, Artistic 75, Social 75, Enterprising 35.7" in chart.group(2)
    # Careers: matched clusters and occupations link to the career pages.
    assert re.search(r'href="/careers/occupations/\d\d-\d{4}\.\d\d"', body)
    assert re.search(r'href="/careers/clusters/\d+"', body)
    assert "Something different to explore" in page
    assert 'action="/inventories/riasec-48/start"' in body  # take it again


def test_results_before_finishing_send_the_youth_back_to_the_questions(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client)
    assert client.get(f"{url}/results").location == url
    response = client.post(f"{url}/finish")  # nothing answered
    assert response.status_code == 400
    assert "Answer at least 6 items in an area" in response.get_data(as_text=True)
    assert attempts()[0].status == "in_progress"


def test_a_retake_keeps_the_old_attempt_and_the_history_shows_both(
    app: Flask, instruments: dict[str, Instrument], catalog: None, program: Program
) -> None:
    client = youth_client(app, program.youth)
    first = start(client)
    answer_everything(client, first, pattern_answers())
    client.post(f"{first}/finish")
    second = start(client)
    assert second != first
    flipped = {key: 6 - value for key, value in pattern_answers().items()}
    answer_everything(client, second, flipped)
    client.post(f"{second}/finish")
    assert [(a.status, a.holland_code) for a in attempts()] == [
        ("completed", "IAS"),
        ("completed", "REA"),
    ]
    assert client.get(f"{first}/results").status_code == 200  # the old results stay

    body = client.get("/inventories/history").get_data(as_text=True)
    chart = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="', body)
    assert chart is not None and b"<svg" in base64.b64decode(chart.group(1))
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", body, re.S)
    assert len(rows) == 2
    assert "Investigative, Artistic, Social" in rows[0]
    assert "<td>0</td><td>100</td><td>75</td><td>75</td><td>35.7</td><td>—</td>" in rows[0]
    assert "Realistic, Enterprising, Artistic" in rows[1]
    assert "<td>100</td><td>0</td><td>25</td><td>25</td><td>64.3</td><td>—</td>" in rows[1]
    listing = client.get("/inventories").get_data(as_text=True)
    assert "Take it again" in listing and listing.count("Results<span") == 2
    assert 'href="/inventories/history"' in listing


def test_the_elementary_inventory_reads_aloud_and_shows_pictures(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.young)
    url = start(client, "riasec-elementary")
    body = client.get(url).get_data(as_text=True)
    assert body.count('class="button small read-aloud" hidden') == PAGE  # shown by the script
    assert '<span class="item-icon" aria-hidden="true">🔨</span>' in body
    assert '<span class="choice-icon" aria-hidden="true">🙂</span>' in body
    assert 'class="inventory young"' in body
    answers = {f"{c}{n}": (3 if c == "a" else 1) for c in "riasec" for n in range(1, 5)}
    answers |= {"s1": 3, "s2": 3, "s3": 2, "s4": 2}
    answer_everything(client, url, answers)
    client.post(f"{url}/finish")
    page = text_of(client.get(f"{url}/results").get_data(as_text=True))
    assert "What you like most" in page
    assert "You like to draw, sing, dance, act and make up stories." in page  # summary_young
    assert "Holland code" not in page


def test_a_skills_check_in_has_results_without_careers(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    url = start(client, "durable-skills-self")
    answers = {
        f"{name}": 3
        for name in services.load_instrument(db.session, "durable-skills-self").item_by_key
    }
    answer_everything(client, url, answers)
    assert client.post(f"{url}/finish").status_code == 302
    page = text_of(client.get(f"{url}/results").get_data(as_text=True))
    assert "Collaboration" in page and "Careers that fit" not in page


# --- the youth home page -----------------------------------------------------------------


def test_the_youth_home_shows_assigned_inventories_and_the_latest_result(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    db.session.commit()
    client = youth_client(app, program.youth)
    home = text_of(client.get("/youth").get_data(as_text=True))
    assert "Your interests Your program leader asked you to take:" in home
    assert "What would you like to do? Interest inventory" in home
    url = start(client)
    answer_everything(client, url, pattern_answers())
    client.post(f"{url}/finish")
    home = text_of(client.get("/youth").get_data(as_text=True))
    assert "asked you to take" not in home
    assert "What you like most: Investigative, Artistic and Social." in home


def test_the_youth_home_sends_the_same_statements_however_much_there_is(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    from tests.test_query_counts import statements

    client = youth_client(app, program.youth)
    ids = (program.staff.id, program.youth.id, program.cohort.id)
    before = statements(client, "/youth")
    staff, youth = db.session.get_one(User, ids[0]), db.session.get_one(User, ids[1])
    cohort = db.session.get_one(Cohort, ids[2])
    for instrument in db.session.scalars(select(Instrument)):
        services.assign_instrument(db.session, staff, cohort, instrument)
    riasec = services.load_instrument(db.session, "riasec-48").instrument
    for _ in range(3):
        attempt = services.start_attempt(db.session, youth, riasec)
        services.save_answers(db.session, youth, attempt, pattern_answers())
        services.finish_attempt(db.session, youth, attempt)
    db.session.commit()
    after = statements(client, "/youth")
    assert len(before) == len(after), "\n".join(after)


# --- staff: assigning and following a cohort ---------------------------------------------


def test_staff_assign_an_inventory_and_see_who_has_finished(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    staff = login_as(web_client(app), program.staff)
    url = f"/cohorts/{program.cohort.id}/inventories"
    assert "No inventory is assigned" in staff.get(url).get_data(as_text=True)
    response = staff.post(url, data={"instrument": "riasec-48"})
    assert response.status_code == 302
    assert staff.post(url, data={"instrument": "riasec-48"}).status_code == 302  # twice: one
    assert staff.post(url, data={"instrument": "not-there"}).status_code == 400

    client = youth_client(app, program.youth)
    answer_everything(client, youth_url := start(client), pattern_answers())
    client.post(f"{youth_url}/finish")
    body = staff.get(url).get_data(as_text=True)
    page = text_of(body)
    assert "1 finished 0 started 0 not started 1 in another grade band" in page
    assert "not for this grade" in page  # Maya is in grade 3
    assert f'href="/youth/{program.youth.id}/inventories"' in body
    assert f'href="{url}"' in staff.get(f"/cohorts/{program.cohort.id}").get_data(as_text=True)


def test_the_cohort_page_sends_the_same_statements_for_10_or_200_youth(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    from tests.test_query_counts import statements

    services.assign_instrument(db.session, program.staff, program.cohort, instruments["riasec-48"])
    db.session.commit()
    client = login_as(web_client(app), program.staff)
    org_id, cohort_id = program.org.id, program.cohort.id
    url = f"/cohorts/{cohort_id}/inventories"
    add_youth_bulk(org_id, 10, cohort_id=cohort_id)
    small = statements(client, url)
    add_youth_bulk(org_id, 190, cohort_id=cohort_id)
    large = statements(client, url)
    assert len(small) == len(large)
    assert client.get(url).get_data(as_text=True).count("Bulk Youth") == 200


def test_the_staff_view_of_a_youths_results_is_audited(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    client = youth_client(app, program.youth)
    answer_everything(client, url := start(client), pattern_answers())
    client.post(f"{url}/finish")
    staff = login_as(web_client(app), program.staff)
    body = staff.get(f"/youth/{program.youth.id}/inventories").get_data(as_text=True)
    page = text_of(body)
    assert "Holland code: IAS (Investigative, Artistic, Social)" in page
    assert "Enterprising 35.7 7 of 8" in page and "Conventional not enough answers 5 of 8" in page
    count = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "assessment.view")
    )
    assert count == 1
    record = staff.get(f"/youth/{program.youth.id}").get_data(as_text=True)
    assert f'href="/youth/{program.youth.id}/inventories"' in record


# --- staff: paper sheets -----------------------------------------------------------------


def paper_form(body: str) -> dict[str, str]:
    """The hidden fields of the paper sheet form as rendered."""
    return {
        name: html.unescape(value)
        for name, value in re.findall(
            r'name="(instrument|submission_key)" type="hidden" value="([^"]*)"', body
        )
    }


def test_staff_enter_a_paper_sheet_once_even_when_sent_twice(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    staff = login_as(web_client(app), program.staff)
    url = f"/youth/{program.youth.id}/inventories/paper"
    choose = staff.get(url).get_data(as_text=True)
    assert '<option value="riasec-48">' in choose and "riasec-elementary" not in choose
    body = staff.get(f"{url}?instrument=riasec-48").get_data(as_text=True)
    assert body.count('<fieldset class="item compact') == 48
    hidden = paper_form(body)
    assert hidden["instrument"] == "riasec-48" and len(hidden["submission_key"]) >= 16
    sheet = {**hidden, **{f"answer-{k}": str(v) for k, v in pattern_answers().items()}}
    sheet["answer-c6"] = ""  # left on "none"

    first = staff.post(url, data=sheet)
    assert first.status_code == 302
    assert first.location.startswith(f"/youth/{program.youth.id}/inventories#attempt-")
    again = staff.post(url, data=sheet)  # the back button and Save again
    assert again.status_code == 302 and again.location == first.location
    saved = attempts()
    assert len(saved) == 1
    assert (saved[0].source, saved[0].holland_code, saved[0].entered_by_id) == (
        "paper",
        "IAS",
        program.staff.id,
    )
    assert "already entered" in staff.get(again.location).get_data(as_text=True)


def test_paper_sheet_errors_name_the_item_and_save_nothing(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    staff = login_as(web_client(app), program.staff)
    url = f"/youth/{program.youth.id}/inventories/paper"
    hidden = paper_form(staff.get(f"{url}?instrument=riasec-48").get_data(as_text=True))
    sheet = {**hidden, **{f"answer-{k}": str(v) for k, v in pattern_answers().items()}}

    response = staff.post(url, data={**sheet, "answer-a3": "7"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="answer-a3-error"' in body and 'href="#item-a3">Question 15</a>' in body
    assert 'value="7" checked' not in body and 'name="answer-r1" value="1" checked' in body
    assert paper_form(body) == hidden  # the same key, so fixing and saving saves once
    response = staff.post(url, data={**sheet, "answer-bogus": "2"})
    assert response.status_code == 400
    assert "bogus: There is no such item." in text_of(response.get_data(as_text=True))
    response = staff.post(url, data={k: v for k, v in hidden.items()})  # nothing marked
    assert response.status_code == 400
    assert "Give at least one answer." in response.get_data(as_text=True)
    response = staff.post(url, data={**sheet, "submission_key": ""})
    assert response.status_code == 400
    assert attempts() == []


def test_a_paper_sheet_for_the_wrong_grade_band_is_a_field_error(
    app: Flask, instruments: dict[str, Instrument], program: Program
) -> None:
    staff = login_as(web_client(app), program.staff)
    url = f"/youth/{program.youth.id}/inventories/paper"
    response = staff.get(f"{url}?instrument=riasec-elementary")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="instrument-error"' in body and "is for grades K–5" in body
    response = staff.post(url, data={"instrument": "riasec-elementary", "answer-r1": "3"})
    assert response.status_code == 400
    response = staff.get(f"{url}?instrument=nothing-like-it")
    assert response.status_code == 400
    assert "There is no inventory called nothing-like-it." in response.get_data(as_text=True)
    assert attempts() == []
