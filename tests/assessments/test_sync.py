"""``assessments/sync.py``: instruments and items upsert by slug and key; nothing is deleted."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from ccl_youth.assessments.models import Instrument, InstrumentItem
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.core.content import Content
from ccl_youth.extensions import db
from tests.contentkit import real_content


def item_ids() -> dict[tuple[str, str], int]:
    rows = db.session.execute(
        select(Instrument.slug, InstrumentItem.key, InstrumentItem.id).join(
            Instrument, Instrument.id == InstrumentItem.instrument_id
        )
    )
    return {(slug, key): id_ for slug, key, id_ in rows}


def instrument(slug: str) -> Instrument:
    return db.session.execute(select(Instrument).where(Instrument.slug == slug)).scalar_one()


def items(slug: str) -> list[InstrumentItem]:
    return list(
        db.session.scalars(
            select(InstrumentItem)
            .join(Instrument, Instrument.id == InstrumentItem.instrument_id)
            .where(Instrument.slug == slug)
            .order_by(InstrumentItem.position)
        )
    )


def without_item(content: Content, slug: str, key: str) -> Content:
    changed = [
        dataclasses.replace(i, items=tuple(it for it in i.items if it.key != key))
        if i.slug == slug
        else i
        for i in content.instruments
    ]
    return dataclasses.replace(content, instruments=tuple(changed))


def test_instruments_load_with_their_items_scale_and_areas(app):
    counts = sync_instruments(db.session, real_content())
    db.session.commit()
    assert (counts["instruments"].added, counts["items"].added) == (3, 48 + 24 + 22)
    riasec = instrument("riasec-48")
    assert (riasec.kind, riasec.version, riasec.grade_min, riasec.grade_max) == (
        "riasec",
        "1.0",
        6,
        12,
    )
    assert riasec.min_answered_per_area == 6
    assert [a["code"] for a in riasec.areas] == list("RIASEC")
    assert riasec.scale[0] == {"value": 1, "label": "Strongly dislike", "icon": "😣"}
    assert "Armstrong" in riasec.credit
    listed = items("riasec-48")
    assert [i.position for i in listed] == list(range(1, 49))
    assert (listed[0].key, listed[0].area, listed[0].is_active) == ("r1", "R", True)
    young = items("riasec-elementary")
    assert len(young) == 24 and all(i.icon for i in young)
    elementary = instrument("riasec-elementary")
    assert elementary.areas[0]["summary_young"]
    assert [c["label"] for c in elementary.scale] == ["No", "Not sure", "Yes"]


def test_a_second_run_changes_nothing_and_keeps_ids(app):
    sync_instruments(db.session, real_content())
    db.session.commit()
    before = item_ids()
    counts = sync_instruments(db.session, real_content())
    db.session.commit()
    assert sum(c.changes for c in counts.values()) == 0
    assert counts["items"].unchanged == 94
    assert item_ids() == before


def test_an_item_removed_from_content_is_switched_off_and_comes_back(app):
    content = real_content()
    sync_instruments(db.session, content)
    db.session.commit()
    before = item_ids()

    counts = sync_instruments(db.session, without_item(content, "riasec-48", "c8"))
    db.session.commit()
    assert (counts["items"].removed, counts["items"].unchanged) == (1, 93)
    gone = db.session.get(InstrumentItem, before[("riasec-48", "c8")])
    assert gone is not None and gone.is_active is False
    assert db.session.scalar(select(func.count(InstrumentItem.id))) == 94

    again = sync_instruments(db.session, without_item(content, "riasec-48", "c8"))
    assert again["items"].changes == 0 and again["items"].kept == 1

    back = sync_instruments(db.session, content)
    db.session.commit()
    assert back["items"].updated == 1
    db.session.refresh(gone)
    assert gone.is_active is True
    assert item_ids() == before


def test_changed_wording_and_order_update_items_in_place(app):
    content = real_content()
    sync_instruments(db.session, content)
    db.session.commit()
    before = item_ids()
    skills = content.instrument("durable-skills-self")
    reordered = (
        dataclasses.replace(skills.items[1], text="I pull my weight in a group."),
        skills.items[0],
        *skills.items[2:],
    )
    changed = dataclasses.replace(
        content,
        instruments=tuple(
            dataclasses.replace(i, items=reordered, version="1.1") if i is skills else i
            for i in content.instruments
        ),
    )
    counts = sync_instruments(db.session, changed)
    db.session.commit()
    assert (counts["instruments"].updated, counts["items"].updated) == (1, 2)
    listed = items("durable-skills-self")
    assert listed[0].text == "I pull my weight in a group."
    assert listed[1].key == skills.items[0].key
    assert instrument("durable-skills-self").version == "1.1"
    assert item_ids() == before


def test_an_instrument_removed_from_content_is_switched_off(app):
    content = real_content()
    sync_instruments(db.session, content)
    db.session.commit()
    fewer = dataclasses.replace(
        content, instruments=tuple(i for i in content.instruments if i.slug != "riasec-elementary")
    )
    counts = sync_instruments(db.session, fewer)
    db.session.commit()
    assert counts["instruments"].removed == 1
    assert instrument("riasec-elementary").is_active is False
    assert all(i.is_active for i in items("riasec-elementary"))
    assert sync_instruments(db.session, content)["instruments"].updated == 1
    assert instrument("riasec-elementary").is_active is True
