"""Adding, changing and deleting evidence through the services: who may, what is refused
(with nothing written), files checked by their bytes, double submits, the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.skills import services
from ccl_youth.skills.checks import MAX_FILE_BYTES, EvidenceInput
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.factories import World
from tests.skills.support import (
    ACCEPTED,
    SKILL_SLUGS,
    add_evidence_row,
    evidence_folder,
    exe_bytes,
    pdf_bytes,
    png_bytes,
    stored_files,
)


def uploads() -> Path:
    return Path(current_app.config["UPLOADS_PATH"])


def text(**changes: object) -> EvidenceInput:
    values: dict[str, object] = {
        "kind": "text",
        "title": "Bridge model",
        "skills": ("collaboration",),
        "body": "We built a bridge out of straws.",
    }
    values.update(changes)
    return EvidenceInput(**values)  # type: ignore[arg-type]


def a_file(data: bytes, name: str = "work.png", **changes: object) -> EvidenceInput:
    return text(kind="file", file_data=data, filename=name, body="", **changes)


def add(w: World, who: str, data: EvidenceInput, youth: str = "youth1", key: str | None = None):  # noqa: ANN201
    return services.add_evidence(
        db.session, w.user(who), getattr(w, youth), data, SKILL_SLUGS, uploads(), key
    )


def count_rows() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Evidence)) or 0,
        db.session.scalar(select(func.count()).select_from(EvidenceSkill)) or 0,
    )


def refused(w: World, data: EvidenceInput, who: str = "youth1") -> dict[str, list[str]]:
    """The field errors of a refused add; asserts nothing was written (rows or files)."""
    files, rows = stored_files(), count_rows()
    with pytest.raises(ValidationFailed) as error:
        add(w, who, data)
    db.session.rollback()
    assert stored_files() == files and count_rows() == rows
    return error.value.errors


# --- adding ----------------------------------------------------------------------------------


def test_a_youth_adds_text_evidence_waiting_for_review(world: World) -> None:
    evidence, created = add(world, "youth1", text(skills=("collaboration", "communication")))
    db.session.commit()
    assert created and evidence.status == "submitted" and evidence.kind == "text"
    assert evidence.youth_id == world.youth1 and evidence.created_by_id == world.youth1
    assert evidence.organization_id == world.org_a and evidence.stored_file == ""
    slugs = db.session.scalars(
        select(EvidenceSkill.skill_slug).where(EvidenceSkill.evidence_id == evidence.id)
    ).all()
    assert sorted(slugs) == ["collaboration", "communication"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.add"))
    assert event is not None and event.target_id == evidence.id and event.youth_id == world.youth1
    assert "Bridge" not in str(event.detail) and "straws" not in str(event.detail)


def test_staff_add_evidence_for_a_youth_in_scope_only(world: World) -> None:
    evidence, _ = add(world, "staff1", text())
    assert evidence.created_by_id == world.staff1 and evidence.youth_id == world.youth1
    admin_added, _ = add(world, "admin_a", text(), youth="youth2")
    assert admin_added.youth_id == world.youth2
    with pytest.raises(NotFound):
        add(world, "staff1", text(), youth="youth2")
    with pytest.raises(NotFound):
        add(world, "admin_b", text())
    with pytest.raises(NotFound):
        add(world, "youth1", text(), youth="classmate")
    with pytest.raises(Forbidden):
        add(world, "family1", text())


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_every_accepted_file_type_is_stored_under_a_random_name(world: World, name: str) -> None:
    make, content_type = ACCEPTED[name]
    evidence, _ = add(world, "youth1", a_file(make(), name))
    db.session.commit()
    assert evidence.content_type == content_type and evidence.filename == name
    assert evidence.size == len(make())
    assert evidence.stored_file != name and evidence.stored_file in stored_files()
    assert (evidence_folder() / evidence.stored_file).read_bytes() == make()


@pytest.mark.parametrize("name", ["../../x.pdf", "C:\\x.pdf", "/etc/passwd.pdf", "..", "a/b.pdf"])
def test_a_path_like_name_is_refused_and_nothing_is_written(world: World, name: str) -> None:
    before = {p.name for p in uploads().rglob("*")}
    with pytest.raises(ValidationFailed) as refused:
        add(world, "youth1", a_file(pdf_bytes(), name))
    assert "file" in refused.value.errors
    db.session.rollback()
    assert {p.name for p in uploads().rglob("*")} == before
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_an_odd_but_plain_name_is_kept_safely(world: World) -> None:
    evidence, _ = add(world, "youth1", a_file(pdf_bytes(), "<script>.pdf"))
    db.session.commit()
    assert evidence.filename == "_script_.pdf"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"This is not a PDF at all.", "report.pdf", "not accepted"),
        (b"<html><script>alert(1)</script></html>", "report.pdf", "not accepted"),
        (exe_bytes(), "game.exe", "not accepted"),
        (exe_bytes(), "homework.pdf", "not accepted"),
        (b"", "empty.pdf", "empty"),
        (b"PK\x03\x04" + b"\x00" * 40, "archive.docx", "not accepted"),  # a zip, not a document
        (pdf_bytes() + b"\x00" * MAX_FILE_BYTES, "big.pdf", "too large"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    world: World, data: bytes, name: str, message: str
) -> None:
    errors = refused(world, a_file(data, name))
    assert list(errors) == ["file"] and message in errors["file"][0]


def test_a_file_of_exactly_ten_megabytes_is_accepted(world: World) -> None:
    data = pdf_bytes() + b"\x00" * (MAX_FILE_BYTES - len(pdf_bytes()))
    evidence, _ = add(world, "youth1", a_file(data, "big.pdf"))
    assert evidence.size == MAX_FILE_BYTES


def test_each_field_is_checked(world: World) -> None:
    assert refused(world, text(kind="video")) == {"kind": ["Choose text, a link or a file."]}
    assert list(refused(world, text(title="  "))) == ["title"]
    assert list(refused(world, text(title="x" * 201))) == ["title"]
    assert list(refused(world, text(body=""))) == ["body"]  # words need words
    assert list(refused(world, text(body="x" * 5001))) == ["body"]
    assert list(refused(world, text(skills=()))) == ["skills"]
    assert list(refused(world, text(skills=("collaboration", "juggling")))) == ["skills"]
    assert list(refused(world, text(kind="file"))) == ["file"]  # a file needs a file
    # A file, a link and a body sent with "text" are not kept.
    evidence, _ = add(world, "youth1", text(url="https://example.org", file_data=png_bytes()))
    assert evidence.url == "" and evidence.stored_file == ""


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/x", "https://", "example.org", "http://exa mple.org",
     "data:text/html,hi", "https://example.org:port/", "//example.org/x", "http://\u0000x.org",
     "https://example.org/" + "a" * 500],
)  # fmt: skip
def test_links_must_be_http_or_https(world: World, url: str) -> None:
    assert list(refused(world, text(kind="link", url=url))) == ["url"]


def test_a_web_link_is_kept(world: World) -> None:
    evidence, _ = add(
        world, "youth1", text(kind="link", url=" https://example.org/a?b=1 ", body="")
    )
    assert evidence.url == "https://example.org/a?b=1" and evidence.kind == "link"
    assert add(world, "youth1", text(kind="link", url="HTTP://EXAMPLE.ORG"))[0].id


def test_only_the_youths_own_activities_and_placements(world: World) -> None:
    evidence, _ = add(
        world, "youth1", text(activity_id=world.exp.activity1, placement_id=world.exp.placement1)
    )
    db.session.commit()
    assert (evidence.activity_id, evidence.placement_id) == (
        world.exp.activity1,
        world.exp.placement1,
    )
    for activity in (world.exp.activity2, world.exp.activity_b, 999_999, 0, 2**31, 2**70):
        assert list(refused(world, text(activity_id=activity))) == ["activity_id"]
    for placement in (world.exp.placement2, world.exp.placement_b, 999_999, -1, 2**63):
        assert list(refused(world, text(placement_id=placement))) == ["placement_id"]
    choices = services.evidence_choices(db.session, world.user("staff1"), world.youth1)
    assert [a[0] for a in choices.activities] == [world.exp.activity1]
    assert [p[0] for p in choices.placements] == [world.exp.placement1]


def test_the_same_submission_key_makes_one_evidence(world: World) -> None:
    first, created = add(world, "youth1", a_file(png_bytes()), key="evidence-key-1")
    db.session.commit()
    files = stored_files()
    again, created_again = add(world, "youth1", a_file(png_bytes()), key="evidence-key-1")
    assert created and not created_again and again.id == first.id
    assert stored_files() == files and count_rows() == (1, 1)
    # Another person's key may be the same string.
    other, created_other = add(world, "staff1", text(), key="evidence-key-1")
    assert created_other and other.id != first.id
    with pytest.raises(ValidationFailed) as error:
        add(world, "staff1", text(), youth="classmate", key="evidence-key-1")
    assert list(error.value.errors) == ["submission_key"]
    with pytest.raises(ValidationFailed):
        add(world, "staff1", text(), key="short")


# --- changing and deleting -------------------------------------------------------------------


def test_a_returned_evidence_is_fixed_and_sent_again(world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None},
                                   status="returned")  # fmt: skip
    changed, replaced = services.update_evidence(
        db.session, world.user("youth1"), evidence_id,
        text(title="Better bridge", skills=("creativity",)), SKILL_SLUGS, uploads(),
    )  # fmt: skip
    db.session.commit()
    assert replaced == "" and changed.status == "submitted" and changed.title == "Better bridge"
    skills = db.session.scalars(
        select(EvidenceSkill.skill_slug).where(EvidenceSkill.evidence_id == evidence_id)
    ).all()
    assert skills == ["creativity"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.resubmit"))
    assert event is not None and event.detail["fields"] == ["body", "skills", "title"]


def test_replacing_a_file_gives_back_the_old_one_to_remove(world: World) -> None:
    evidence, _ = add(world, "youth1", a_file(png_bytes()))
    old = evidence.stored_file
    changed, replaced = services.update_evidence(
        db.session, world.user("youth1"), evidence.id, a_file(pdf_bytes(), "new.pdf"),
        SKILL_SLUGS, uploads(),
    )  # fmt: skip
    assert replaced == old and changed.stored_file not in ("", old)
    assert changed.content_type == "application/pdf" and changed.filename == "new.pdf"
    # Kept when no new file comes; gone (for the caller to remove) when it becomes a link.
    kept, none = services.update_evidence(
        db.session, world.user("youth1"), evidence.id,
        text(kind="file", title="Same file", body=""), SKILL_SLUGS, uploads(),
    )  # fmt: skip
    current = changed.stored_file
    assert none == "" and kept.stored_file == current
    link, gone = services.update_evidence(
        db.session, world.user("youth1"), evidence.id,
        text(kind="link", url="https://example.org"), SKILL_SLUGS, uploads(),
    )  # fmt: skip
    assert gone == current and link.stored_file == "" and link.filename == ""


def test_a_bad_replacement_file_changes_nothing(world: World) -> None:
    evidence, _ = add(world, "youth1", a_file(png_bytes()))
    db.session.commit()
    files = stored_files()
    with pytest.raises(ValidationFailed):
        services.update_evidence(
            db.session, world.user("youth1"), evidence.id, a_file(b"not a pdf", "x.pdf"),
            SKILL_SLUGS, uploads(),
        )  # fmt: skip
    db.session.rollback()
    assert stored_files() == files


def test_verified_evidence_is_locked(world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": 3})
    for call in (
        lambda: services.update_evidence(db.session, world.user("youth1"), evidence_id, text(),
                                         SKILL_SLUGS, uploads()),
        lambda: services.delete_evidence(db.session, world.user("youth1"), evidence_id),
        lambda: services.delete_evidence(db.session, world.user("admin_a"), evidence_id),
    ):  # fmt: skip
        with pytest.raises(ValidationFailed) as error:
            call()
        assert list(error.value.errors) == ["status"]


def test_deleting_gives_back_the_file_and_is_audited(world: World) -> None:
    evidence, _ = add(world, "youth1", a_file(png_bytes()))
    stored = services.delete_evidence(db.session, world.user("youth1"), evidence.id)
    db.session.commit()
    assert stored == evidence.stored_file and count_rows() == (0, 0)
    assert db.session.scalar(select(AuditEvent.target_id).where(
        AuditEvent.action == "evidence.delete")) == evidence.id  # fmt: skip


def test_only_the_youth_and_staff_in_scope_reach_evidence(world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None},
                                   status="submitted")  # fmt: skip
    for who in ("classmate", "staff2", "admin_b", "family2"):
        with pytest.raises(NotFound):
            services.get_evidence(db.session, world.user(who), evidence_id)
    with pytest.raises(Forbidden):
        services.get_evidence(db.session, world.user("family1"), evidence_id)
    for who in ("youth1", "staff1", "admin_a"):
        assert services.get_evidence(db.session, world.user(who), evidence_id).id == evidence_id


def test_opening_a_file_is_audited_for_others_than_the_youth(world: World) -> None:
    evidence, _ = add(world, "youth1", a_file(png_bytes()))
    text_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None})
    db.session.commit()
    services.evidence_file(db.session, world.user("youth1"), evidence.id)
    services.evidence_file(db.session, world.user("staff1"), evidence.id)
    actions = db.session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.action == "evidence.file_view")
    ).all()
    assert actions == [world.staff1]
    with pytest.raises(NotFound):
        services.evidence_file(db.session, world.user("youth1"), text_id)
    with pytest.raises(Forbidden):
        services.evidence_file(db.session, world.user("family1"), evidence.id)


def test_two_requests_with_one_key_at_once_make_one_evidence_and_keep_one_file(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second request passed the look-up before the first inserted: the insert finds the
    key taken, returns the first evidence and removes the file it had just stored."""
    first, _ = add(world, "youth1", a_file(png_bytes()), key="race-key-0001")
    db.session.commit()
    files = stored_files()
    real = services.submitted_evidence
    calls: list[str] = []

    def missed_once(*args: object) -> Evidence | None:
        calls.append("look-up")
        return None if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "submitted_evidence", missed_once)
    again, created = add(world, "youth1", a_file(png_bytes()), key="race-key-0001")
    assert not created and again.id == first.id and calls == ["look-up", "look-up"]
    assert stored_files() == files and count_rows() == (1, 1)


def test_a_youth_cannot_change_or_delete_evidence_staff_added(app) -> None:
    """Staff's words stay staff's: the youth may read them, not rewrite or remove them."""
    from ccl_youth.core.errors import Forbidden
    from ccl_youth.extensions import db
    from ccl_youth.skills import services as evidence_services
    from ccl_youth.skills.checks import EvidenceInput
    from tests.factories import make_world

    world = make_world()
    staff, youth = world.user("staff1"), world.user("youth1")
    skills = ("communication",)
    note = EvidenceInput(kind="text", title="Led the demo", skills=skills, body="Seen by staff.")
    added, _ = evidence_services.add_evidence(
        db.session, staff, youth.id, note, skills, Path("/nonexistent")
    )
    db.session.commit()
    changed = EvidenceInput(kind="text", title="Rewritten", skills=skills, body="Not staff's.")
    with pytest.raises(Forbidden):
        evidence_services.update_evidence(
            db.session, youth, added.id, changed, skills, Path("/nonexistent")
        )
    with pytest.raises(Forbidden):
        evidence_services.delete_evidence(db.session, youth, added.id)
    db.session.rollback()
    assert db.session.get_one(type(added), added.id).title == "Led the demo"
