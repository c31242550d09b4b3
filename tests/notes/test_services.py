"""Note services: who reads and writes which threads (by role and relationship, staff-only
threads, revoked links, other organizations), unread counts worked out by hand, the rules on
subjects and bodies, double submits, audit events without text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.notes import reading as r
from ccl_youth.notes import services as n
from ccl_youth.notes.models import Note, NoteRead, NoteThread
from tests.notes.helpers import setup


@pytest.fixture
def s(app):
    return setup()


def _start(author, youth, subject="Field trip", body="Is the bus at 8?", **kw):
    thread, created = n.start_thread(db.session, author, youth.id, subject, body, **kw)
    db.session.commit()
    return thread


def _reply(author, thread, body="Yes, at 8.", **kw):
    note, created = n.add_note(db.session, author, thread.youth_id, thread.id, body, **kw)
    db.session.commit()
    return note


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _subjects(actor, youth):
    return [t.subject for t in r.threads_for(db.session, actor, youth.id)]


# --- who sees what -------------------------------------------------------------------------


def test_everyone_who_sees_the_youth_reads_a_shared_thread(s):
    thread = _start(s.family, s.youth)
    for reader in (s.youth, s.family, s.staff, s.admin):
        assert _subjects(reader, s.youth) == ["Field trip"]
        view = r.open_thread(db.session, reader, s.youth.id, thread.id)
        assert [note.body for note in view.notes] == ["Is the bus at 8?"]


@pytest.mark.parametrize("who", ["classmate_family", "other_staff", "outsider_admin", "classmate"])
def test_people_who_cannot_see_the_youth_get_not_found(s, who):
    thread = _start(s.staff, s.youth)
    reader = getattr(s, who)
    with pytest.raises(NotFound):
        r.threads_for(db.session, reader, s.youth.id)
    with pytest.raises(NotFound):
        r.open_thread(db.session, reader, s.youth.id, thread.id)
    with pytest.raises(NotFound):
        n.add_note(db.session, reader, s.youth.id, thread.id, "Hello")
    with pytest.raises(NotFound):
        n.start_thread(db.session, reader, s.youth.id, "Hi", "Hello")
    assert r.unread_count(db.session, reader, s.youth.id) == 0
    assert _count(Note) == 1


def test_staff_only_threads_are_for_staff_and_admins(s):
    _start(s.staff, s.youth, subject="Shared")
    secret = _start(s.staff, s.youth, subject="Private", is_staff_only=True)
    assert secret.is_staff_only
    assert _subjects(s.staff, s.youth) == ["Private", "Shared"]
    assert _subjects(s.admin, s.youth) == ["Private", "Shared"]
    for outsider in (s.family, s.youth):
        assert _subjects(outsider, s.youth) == ["Shared"]
        assert r.unread_count(db.session, outsider, s.youth.id) == 1  # the shared note only
        with pytest.raises(NotFound):
            r.open_thread(db.session, outsider, s.youth.id, secret.id)
        with pytest.raises(NotFound):
            n.add_note(db.session, outsider, s.youth.id, secret.id, "Let me in")
    assert r.unread_count(db.session, s.admin, s.youth.id) == 2
    assert _count(Note, Note.thread_id == secret.id) == 1


def test_only_staff_and_admins_start_staff_only_threads(s):
    for author in (s.family, s.youth):
        with pytest.raises(Forbidden):
            n.start_thread(db.session, author, s.youth.id, "Hi", "Hello", is_staff_only=True)
    db.session.rollback()
    assert _count(NoteThread) == 0
    assert _start(s.admin, s.youth, is_staff_only=True).is_staff_only


def test_a_thread_is_found_only_under_its_own_youth(s):
    thread = _start(s.staff, s.classmate)
    with pytest.raises(NotFound):
        r.open_thread(db.session, s.staff, s.youth.id, thread.id)
    with pytest.raises(NotFound):
        n.add_note(db.session, s.staff, s.youth.id, thread.id, "Wrong youth")
    with pytest.raises(NotFound):
        r.open_thread(db.session, s.staff, s.youth.id, 999_999)


def test_a_revoked_link_loses_access_at_once(s):
    thread = _start(s.family, s.youth)
    assert r.unread_count(db.session, s.family, s.youth.id) == 0
    _reply(s.staff, thread)
    assert r.unread_count(db.session, s.family, s.youth.id) == 1
    link = db.session.scalar(select(Guardianship).where(Guardianship.family_id == s.family.id))
    accounts.revoke_guardianship(db.session, s.admin, link)
    db.session.commit()
    with pytest.raises(NotFound):
        r.threads_for(db.session, s.family, s.youth.id)
    with pytest.raises(NotFound):
        r.open_thread(db.session, s.family, s.youth.id, thread.id)
    with pytest.raises(NotFound):
        n.add_note(db.session, s.family, s.youth.id, thread.id, "Still here?")
    assert r.unread_count(db.session, s.family, s.youth.id) == 0


# --- unread counts -------------------------------------------------------------------------


def test_unread_counts_by_hand(s):
    """Family starts A (1 note); staff reply twice in A and start B; the youth has read
    nothing: 4 unread in 2 threads. The youth opens A: 1 (B). Family: A's two staff replies
    and B = 3; the family's own note never counts."""
    a = _start(s.family, s.youth, subject="A")
    _reply(s.staff, a, "one")
    _reply(s.staff, a, "two")
    b = _start(s.staff, s.youth, subject="B")
    summaries = {t.subject: t for t in r.threads_for(db.session, s.youth, s.youth.id)}
    assert (summaries["A"].unread, summaries["B"].unread) == (3, 1)
    assert summaries["A"].is_new and summaries["B"].is_new
    assert r.unread_count(db.session, s.youth, s.youth.id) == 4
    assert r.unread_count(db.session, s.family, s.youth.id) == 3
    assert r.unread_count(db.session, s.staff, s.youth.id) == 1  # the family's first note

    view = r.open_thread(db.session, s.youth, s.youth.id, a.id)
    db.session.commit()
    assert [note.is_unread for note in view.notes] == [True, True, True]
    assert r.unread_count(db.session, s.youth, s.youth.id) == 1
    summaries = {t.subject: t for t in r.threads_for(db.session, s.youth, s.youth.id)}
    assert (summaries["A"].unread, summaries["B"].unread) == (0, 1)
    assert not summaries["A"].is_new
    again = r.open_thread(db.session, s.youth, s.youth.id, a.id)
    assert [note.is_unread for note in again.notes] == [False, False, False]

    _reply(s.family, a, "three")
    assert r.unread_count(db.session, s.youth, s.youth.id) == 2
    assert [t.subject for t in r.threads_for(db.session, s.youth, s.youth.id)] == ["A", "B"]
    assert b.id  # B is older than A's latest note


def test_opening_a_thread_twice_keeps_one_read_row_that_moves_forward(s):
    thread = _start(s.staff, s.youth)
    r.open_thread(db.session, s.family, s.youth.id, thread.id)
    db.session.commit()
    first = db.session.scalar(select(NoteRead.read_dt))
    r.open_thread(db.session, s.family, s.youth.id, thread.id)
    db.session.commit()
    db.session.expire_all()
    assert _count(NoteRead) == 1
    assert db.session.scalar(select(NoteRead.read_dt)) >= first


def test_a_note_written_after_the_read_time_counts(s):
    thread = _start(s.staff, s.youth)
    r.open_thread(db.session, s.youth, s.youth.id, thread.id)
    db.session.commit()
    read = db.session.scalar(select(NoteRead.read_dt))
    note = _reply(s.staff, thread)
    note.created_dt = read + timedelta(microseconds=1)
    db.session.commit()
    assert r.unread_count(db.session, s.youth, s.youth.id) == 1
    note.created_dt = read
    db.session.commit()
    assert r.unread_count(db.session, s.youth, s.youth.id) == 0


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "body", "fields"),
    [
        ("   ", "ok", {"subject"}),
        ("s" * 201, "ok", {"subject"}),
        ("ok", "  \n ", {"body"}),
        ("ok", "b" * 5001, {"body"}),
        ("", "", {"subject", "body"}),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(s, subject, body, fields):
    with pytest.raises(ValidationFailed) as caught:
        n.start_thread(db.session, s.family, s.youth.id, subject, body)
    assert set(caught.value.errors) == fields
    db.session.rollback()
    assert _count(NoteThread) == 0 and _count(Note) == 0


def test_the_longest_subject_and_body_are_kept_trimmed(s):
    thread = _start(s.youth, s.youth, subject=" " + "s" * 200 + " ", body="b" * 5000 + "\n")
    note = db.session.scalar(select(Note))
    assert thread.subject == "s" * 200 and note.body == "b" * 5000
    with pytest.raises(ValidationFailed) as caught:
        n.add_note(db.session, s.staff, s.youth.id, thread.id, "b" * 5001)
    assert set(caught.value.errors) == {"body"}


def test_a_reply_moves_the_thread_up(s):
    older = _start(s.staff, s.youth, subject="Older")
    _start(s.staff, s.youth, subject="Newer")
    note = _reply(s.family, older)
    db.session.refresh(older)
    assert older.last_note_dt == note.created_dt
    assert _subjects(s.staff, s.youth) == ["Older", "Newer"]


def test_the_same_form_sent_twice_saves_once(s):
    first, created = n.start_thread(db.session, s.family, s.youth.id, "Hi", "Hello",
                                    submission_key="k" * 32)  # fmt: skip
    db.session.commit()
    again, created_again = n.start_thread(db.session, s.family, s.youth.id, "Hi", "Hello",
                                          submission_key="k" * 32)  # fmt: skip
    assert created and not created_again and again.id == first.id
    reply, _ = n.add_note(db.session, s.staff, s.youth.id, first.id, "Yes", submission_key="r1")
    db.session.commit()
    same, created = n.add_note(db.session, s.staff, s.youth.id, first.id, "Yes",
                               submission_key="r1")  # fmt: skip
    assert not created and same.id == reply.id
    assert _count(NoteThread) == 1 and _count(Note) == 2
    # Another person's key of the same value is theirs alone.
    _other, created = n.add_note(db.session, s.youth, s.youth.id, first.id, "Me too",
                                 submission_key="r1")  # fmt: skip
    assert created


def test_a_key_used_elsewhere_is_refused(s):
    first = _start(s.staff, s.youth, submission_key="key-1")
    with pytest.raises(ValidationFailed) as caught:
        n.start_thread(db.session, s.staff, s.classmate.id, "Hi", "Hello", submission_key="key-1")
    assert set(caught.value.errors) == {"submission_key"}
    other = _start(s.staff, s.youth, subject="Other")
    with pytest.raises(ValidationFailed):
        n.add_note(db.session, s.staff, s.youth.id, other.id, "Hello", submission_key="key-1")
    assert _count(Note) == 2 and first.id


def test_audit_events_carry_ids_never_text(s):
    thread = _start(s.family, s.youth, subject="Secret subject", body="Secret body")
    note = _reply(s.staff, thread, "Another secret")
    r.open_thread(db.session, s.staff, s.youth.id, thread.id)
    r.open_thread(db.session, s.youth, s.youth.id, thread.id)
    db.session.commit()
    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("note%")).order_by(AuditEvent.id)
        )
    )
    assert [(e.action, e.actor_id) for e in events] == [
        ("note_thread.create", s.family.id),
        ("note.create", s.staff.id),
        ("note_thread.view", s.staff.id),
    ]  # the youth reading about themselves is not audited
    assert events[1].detail == {"note_id": note.id}
    assert all(e.youth_id == s.youth.id and e.target_id == thread.id for e in events)
    assert "Secret" not in repr([(e.detail, e.target_type) for e in events])
