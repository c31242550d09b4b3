"""The pure checks of an event, an answer and a speaker offer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ccl_youth.events.rules import (
    KINDS,
    EventFields,
    OfferFields,
    clean_event,
    clean_offer,
    clean_rsvp,
)

START = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)


def test_a_clean_event_passes_trimmed():
    cleaned, errors = clean_event(
        EventFields("stem_night", "  STEM   night ", " Build  things\r\n", " Library ", START,
                    START + timedelta(hours=2))
    )  # fmt: skip
    assert errors == {}
    assert (cleaned.title, cleaned.description, cleaned.location) == (
        "STEM night",
        "Build  things",
        "Library",
    )


def test_an_end_before_the_start_names_ends_at():
    _cleaned, errors = clean_event(
        EventFields(
            "career_day", "Career day", starts_dt=START, ends_dt=START - timedelta(minutes=1)
        )
    )
    assert errors == {"ends_at": ["The end must be after the start."]}


def test_an_end_equal_to_the_start_is_fine():
    assert clean_event(EventFields("other", "Quick", starts_dt=START, ends_dt=START))[1] == {}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (EventFields("party", "A party", starts_dt=START), {"kind"}),
        (EventFields("showcase", " ", starts_dt=START), {"title"}),
        (EventFields("showcase", "x" * 201, starts_dt=START), {"title"}),
        (EventFields("showcase", "Show"), {"starts_at"}),
        (EventFields("take_home", "Kit", ends_dt=START), {"starts_at"}),
        (EventFields("other", "Talk", location="y" * 201, starts_dt=START), {"location"}),
    ],
)
def test_bad_events_name_the_field(fields, expected):
    assert set(clean_event(fields)[1]) == expected


def test_a_take_home_activity_may_have_no_time():
    assert clean_event(EventFields("take_home", "Build a bridge at home"))[1] == {}


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError, match="timezone-aware"):
        clean_event(EventFields("other", "Talk", starts_dt=START.replace(tzinfo=None)))


def test_kinds_are_the_five_of_the_brief():
    assert KINDS == ("stem_night", "career_day", "take_home", "showcase", "other")


@pytest.mark.parametrize(
    ("answer", "party", "note", "bad"),
    [
        ("yes", 1, "", set()),
        ("no", 10, "", set()),
        ("maybe", 0, "", {"party_size"}),
        ("yes", 11, "", {"party_size"}),
        ("yes", None, "", {"party_size"}),
        ("perhaps", 2, "", {"answer"}),
        ("yes", 2, "n" * 301, {"note"}),
    ],
)
def test_answers(answer, party, note, bad):
    assert set(clean_rsvp(answer, party, note)[1]) == bad


def test_an_offer_needs_the_work_and_a_way_to_reach_them():
    cleaned, errors = clean_offer(OfferFields(occupation="  ", contact=""))
    assert set(errors) == {"occupation", "contact"}
    cleaned, errors = clean_offer(OfferFields(occupation=" Nurse ", contact=" 555-0100 "))
    assert errors == {} and (cleaned.occupation, cleaned.contact) == ("Nurse", "555-0100")
