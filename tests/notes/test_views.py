"""Note pages through HTTP: family start a thread, staff reply, the youth reads both; the
"new" marks and the "Notes (n new)" links on the youth's, family's and roster pages;
staff-only threads out of sight for family and youth; refusals; a double submit; field errors
instead of 500s; statements that do not grow with the number of threads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.notes import services as n
from ccl_youth.notes.models import Note, NoteRead, NoteThread
from tests.factories import field_errors, input_value, login_as, web_client
from tests.notes.helpers import setup


@pytest.fixture
def s(app):
    return setup()


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _client(app, user):
    return login_as(web_client(app), user)


def _thread_started_by(author, youth, subject="Bus times", body="When is the bus?", **kw):
    thread, _created = n.start_thread(db.session, author, youth.id, subject, body, **kw)
    db.session.commit()
    return thread.id


def test_family_start_staff_reply_youth_reads_both(app, s):
    family = _client(app, s.family)
    form_page = family.get(f"/youth/{s.youth.id}/notes/new")
    assert form_page.status_code == 200
    assert 'name="is_staff_only"' not in form_page.text
    key = input_value(form_page.text, "submission_key")
    assert key
    data = {"subject": "Bus times", "body": "When is the bus on Friday?", "submission_key": key}
    sent = family.post(f"/youth/{s.youth.id}/notes/new", data=data)
    assert sent.status_code == 302
    again = family.post(f"/youth/{s.youth.id}/notes/new", data=data)
    assert again.status_code == 302 and again.location == sent.location
    assert _count(NoteThread) == 1 and _count(Note) == 1  # the double submit saved once
    thread_id = db.session.scalar(select(NoteThread.id))
    assert sent.location.endswith(f"/youth/{s.youth.id}/notes/{thread_id}")

    staff = _client(app, s.staff)
    listing = staff.get(f"/youth/{s.youth.id}/notes")
    assert listing.status_code == 200
    assert "Bus times" in listing.text and "1 new" in listing.text
    assert "Notes (1 new)" in staff.get(f"/youth/{s.youth.id}").text
    page = staff.get(f"/youth/{s.youth.id}/notes/{thread_id}")
    assert "Pat Parent" in page.text and "Family" in page.text
    assert "When is the bus on Friday?" in page.text
    key = input_value(page.text, "submission_key")
    reply = staff.post(
        f"/youth/{s.youth.id}/notes/{thread_id}",
        data={"body": "Friday at 8, at the school.", "submission_key": key},
    )
    assert reply.status_code == 302
    assert "Notes (1 new)" not in staff.get(f"/youth/{s.youth.id}").text

    youth = _client(app, s.youth)
    assert "My notes (2 new)" in youth.get("/youth").text
    mine = youth.get("/my/notes")
    assert "Bus times" in mine.text and "2 new" in mine.text
    read = youth.get(f"/my/notes/{thread_id}")
    assert read.status_code == 200
    assert "When is the bus on Friday?" in read.text and "Friday at 8, at the school." in read.text
    assert "Ms. Staff" in read.text and "Staff" in read.text
    assert "My notes (2 new)" not in youth.get("/youth").text
    assert _count(NoteRead, NoteRead.user_id == s.youth.id) == 1

    assert "Notes (1 new)" in family.get(f"/family/youth/{s.youth.id}").text
    family.get(f"/youth/{s.youth.id}/notes/{thread_id}")
    assert "new)" not in family.get(f"/family/youth/{s.youth.id}").text


def test_youth_starts_and_answers_from_my_notes(app, s):
    youth = _client(app, s.youth)
    key = input_value(youth.get("/my/notes/new").text, "submission_key")
    sent = youth.post("/my/notes/new", data={"subject": "Help", "body": "I need a ride.",
                                             "submission_key": key})  # fmt: skip
    thread = db.session.scalar(select(NoteThread))
    assert sent.status_code == 302 and sent.location.endswith(f"/my/notes/{thread.id}")
    assert thread.youth_id == s.youth.id and not thread.is_staff_only
    reply = youth.post(f"/my/notes/{thread.id}", data={"body": "Thanks!"})
    assert reply.status_code == 302
    assert _count(Note) == 2


def test_staff_only_threads_stay_out_of_sight(app, s):
    _thread_started_by(s.staff, s.youth, subject="Shared subject")
    staff = _client(app, s.staff)
    page = staff.get(f"/youth/{s.youth.id}/notes/new")
    assert 'name="is_staff_only"' in page.text
    sent = staff.post(
        f"/youth/{s.youth.id}/notes/new",
        data={"subject": "Worry about home", "body": "Private.", "is_staff_only": "y"},
    )
    assert sent.status_code == 302
    secret = db.session.scalar(select(NoteThread).where(NoteThread.is_staff_only.is_(True)))
    assert secret is not None
    listing = staff.get(f"/youth/{s.youth.id}/notes").text
    assert "Worry about home" in listing and "Staff only" in listing
    assert "Staff only" in _client(app, s.admin).get(f"/youth/{s.youth.id}/notes").text

    family = _client(app, s.family)
    listing = family.get(f"/youth/{s.youth.id}/notes").text
    assert "Shared subject" in listing and "Worry about home" not in listing
    assert "Staff only" not in listing
    assert "Notes (1 new)" in family.get(f"/family/youth/{s.youth.id}").text
    assert family.get(f"/youth/{s.youth.id}/notes/{secret.id}").status_code == 404
    assert family.post(f"/youth/{s.youth.id}/notes/{secret.id}",
                       data={"body": "Let me in"}).status_code == 404  # fmt: skip
    youth = _client(app, s.youth)
    assert "Worry about home" not in youth.get("/my/notes").text
    assert "My notes (1 new)" in youth.get("/youth").text
    assert youth.get(f"/my/notes/{secret.id}").status_code == 404
    assert youth.post(f"/my/notes/{secret.id}", data={"body": "Hi"}).status_code == 404
    assert _count(Note, Note.thread_id == secret.id) == 1


def test_family_cannot_make_a_thread_staff_only(app, s):
    family = _client(app, s.family)
    sent = family.post(f"/youth/{s.youth.id}/notes/new",
                       data={"subject": "Hi", "body": "Hello", "is_staff_only": "y"})  # fmt: skip
    assert sent.status_code == 302
    assert db.session.scalar(select(NoteThread.is_staff_only)) is False


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"subject": "", "body": "ok"}, "subject", "Write a subject."),
        ({"subject": "s" * 201, "body": "ok"}, "subject", "200 characters or less"),
        ({"subject": "ok", "body": ""}, "body", "Write your note."),
        ({"subject": "ok", "body": "b" * 5001}, "body", "5000 characters or less"),
        ({"subject": "ok", "body": "   "}, "body", "Write your note."),
    ],
)
def test_bad_input_shows_on_the_field_and_saves_nothing(app, s, data, field, message):
    family = _client(app, s.family)
    response = family.post(f"/youth/{s.youth.id}/notes/new", data=data)
    assert response.status_code == 400
    assert message in field_errors(response.text)[field]
    assert _count(NoteThread) == 0 and _count(Note) == 0


def test_a_blank_reply_is_a_field_error(app, s):
    thread_id = _thread_started_by(s.staff, s.youth)
    response = _client(app, s.family).post(f"/youth/{s.youth.id}/notes/{thread_id}",
                                            data={"body": "  "})  # fmt: skip
    assert response.status_code == 400
    assert "Write your note." in field_errors(response.text)["body"]
    assert _count(Note) == 1


def test_a_form_key_sent_for_another_thread_is_a_form_error(app, s):
    first = _thread_started_by(s.staff, s.youth, submission_key="key-123456")
    second = _thread_started_by(s.staff, s.youth, subject="Other")
    url = f"/youth/{s.youth.id}/notes/{second}"
    response = _client(app, s.staff).post(url, data={"body": "Hi", "submission_key": "key-123456"})
    assert response.status_code == 400
    assert "This form was sent before" in response.text
    assert _count(Note) == 2 and first


def test_refusals(app, s):
    thread_id = _thread_started_by(s.staff, s.youth)
    youth = _client(app, s.youth)
    assert youth.get(f"/youth/{s.youth.id}/notes").status_code == 403
    assert _client(app, s.family).get("/my/notes").status_code == 403
    for outsider in (s.classmate_family, s.other_staff, s.outsider_admin):
        client = _client(app, outsider)
        assert client.get(f"/youth/{s.youth.id}/notes").status_code == 404
        assert client.get(f"/youth/{s.youth.id}/notes/{thread_id}").status_code == 404
        assert client.post(f"/youth/{s.youth.id}/notes/new",
                           data={"subject": "x", "body": "y"}).status_code == 404  # fmt: skip
    classmate = _client(app, s.classmate)
    assert classmate.get(f"/my/notes/{thread_id}").status_code == 404
    assert _count(NoteThread) == 1


def test_a_revoked_link_ends_access_at_the_next_request(app, s):
    thread_id = _thread_started_by(s.staff, s.youth)
    family = _client(app, s.family)
    assert family.get(f"/youth/{s.youth.id}/notes/{thread_id}").status_code == 200
    link = db.session.scalar(select(Guardianship).where(Guardianship.family_id == s.family.id))
    accounts.revoke_guardianship(db.session, s.admin, link)
    db.session.commit()
    assert family.get(f"/youth/{s.youth.id}/notes").status_code == 404
    assert family.get(f"/youth/{s.youth.id}/notes/{thread_id}").status_code == 404
    assert family.post(f"/youth/{s.youth.id}/notes/{thread_id}",
                       data={"body": "Hello?"}).status_code == 404  # fmt: skip
    assert _count(Note) == 1


def _statements(client, url):
    with StatementCounter(db.engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_statements_do_not_grow_with_threads(app, s):
    staff = _client(app, s.staff)
    youth = _client(app, s.youth)
    family = _client(app, s.family)
    pages = [
        (staff, f"/youth/{s.youth.id}/notes"),
        (staff, f"/youth/{s.youth.id}"),
        (youth, "/my/notes"),
        (youth, "/youth"),
        (family, f"/family/youth/{s.youth.id}"),
    ]
    first = _thread_started_by(s.family, s.youth, subject="Thread 0")
    for client in (staff, youth):
        client.get(
            f"/youth/{s.youth.id}/notes/{first}" if client is staff else f"/my/notes/{first}"
        )
    small = [_statements(client, url) for client, url in pages]
    for number in range(1, 6):
        thread_id = _thread_started_by(s.family, s.youth, subject=f"Thread {number}")
        n.add_note(db.session, s.staff, s.youth.id, thread_id, "Reply")
        db.session.commit()
    large = [_statements(client, url) for client, url in pages]
    assert small == large
    assert "Thread 5" in staff.get(f"/youth/{s.youth.id}/notes").text
