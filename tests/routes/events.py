"""Access matrix rows and IDOR probes of the family-event pages: staff and admins post and
manage events and follow up speaker offers; families answer events and offer to speak.

The world has no events or offers: ``_event`` adds one the first time it is asked (for cohort
1, for cohort 2, and org B's), ``_offer`` one offer per organization (family1's, family_b's).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from ccl_youth.db import utcnow
from ccl_youth.events.models import FamilyEvent, SpeakerOffer
from ccl_youth.extensions import db
from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute, Ids
from tests.matrix import ALLOW, DENY_403, DENY_404, LOGIN, OK, REDIRECT, Key, Row


def _event(w: World, where: str) -> int:
    """The probe event of cohort 1 ("c1"), cohort 2 ("c2") or org B ("b"), added once."""
    organization, cohort = {
        "c1": (w.org_a, w.cohort1),
        "c2": (w.org_a, w.cohort2),
        "b": (w.org_b, w.cohort_b),
    }[where]
    title = f"Probe event {where}"
    found = db.session.scalar(select(FamilyEvent.id).where(FamilyEvent.title == title))
    if found is None:
        start = utcnow().replace(microsecond=0) + timedelta(days=30)
        event = FamilyEvent(
            organization_id=organization,
            cohort_id=cohort,
            kind="stem_night",
            title=title,
            starts_dt=start,
            ends_dt=start + timedelta(hours=2),
        )
        db.session.add(event)
        db.session.commit()
        found = event.id
    return found


def _offer(w: World, where: str) -> int:
    """family1's offer in org A ("a") or family_b's in org B ("b"), added once."""
    organization, family = {"a": (w.org_a, w.family1), "b": (w.org_b, w.family_b)}[where]
    found = db.session.scalar(select(SpeakerOffer.id).where(SpeakerOffer.family_id == family))
    if found is None:
        offer = SpeakerOffer(
            organization_id=organization, family_id=family, occupation="Nurse", contact="555-0100"
        )
        db.session.add(offer)
        db.session.commit()
        found = offer.id
    return found


def _everything(w: World) -> None:
    for where in ("c1", "c2", "b"):
        _event(w, where)
    for where in ("a", "b"):
        _offer(w, where)


def event_form(w: World) -> dict[str, str]:
    start = (utcnow() + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    return {
        "kind": "career_day",
        "title": "Changed by the probes",
        "location": "Gym",
        "starts_at": start,
        "ends_at": "",
        "audience": "all",
    }


def _rsvp(w: World) -> dict[str, str]:
    return {"answer": "yes", "party_size": "3", "note": "From the probes"}


def _speak(w: World) -> dict[str, str]:
    return {"occupation": "Electrician", "contact": "555-0199", "about": "Wires."}


def _follow_up(w: World) -> dict[str, str]:
    return {"status": "contacted", "note": "Called by the probes"}


def _add(w: World) -> dict[str, str]:
    return {
        "partner": "new",
        "name": "Probe Guest Partner",
        "kind": "community",
        "display_name": "Probe S.",
        "occupation": w.soc_code,
        "story": "",
        "save": "1",
    }


URL_IDS: dict[str, Callable[[World], int | str]] = {
    "event_id": lambda w: _event(w, "c1"),
    "offer_id": lambda w: _offer(w, "a"),
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "event_id": lambda w, actor: _event(w, "c1"),
    "offer_id": lambda w, actor: _offer(w, "a"),
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "event_id": lambda w: [("org B's event", _event(w, "b"))],
    "offer_id": lambda w: [("org B's speaker offer", _offer(w, "b"))],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("event_id", "staff"): lambda w: [("cohort 2's event", _event(w, "c2"))],
    # family1 was invited to youth2 (cohort 2) but never accepted.
    ("event_id", "family"): lambda w: [("cohort 2's event", _event(w, "c2"))],
}

STAFF_ONLY = (LOGIN, DENY_403, DENY_403, DENY_403)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("events.index", "GET", "/events"):
        Row(*STAFF_ONLY, OK, OK, OK, OK),
    ("events.new", "GET", "/events/new"):
        Row(*STAFF_ONLY, OK, OK, OK, OK),
    ("events.new", "POST", "/events/new"):
        Row(*STAFF_ONLY, REDIRECT, REDIRECT, REDIRECT, REDIRECT, form=event_form),
    ("events.event", "GET", "/events/<int:event_id>"):
        Row(*STAFF_ONLY, OK, DENY_404, OK, DENY_404),
    ("events.edit", "GET", "/events/<int:event_id>/edit"):
        Row(*STAFF_ONLY, OK, DENY_404, OK, DENY_404),
    ("events.edit", "POST", "/events/<int:event_id>/edit"):
        Row(*STAFF_ONLY, REDIRECT, DENY_404, REDIRECT, DENY_404, form=event_form),
    ("events.cancel", "POST", "/events/<int:event_id>/cancel"):
        Row(*STAFF_ONLY, REDIRECT, DENY_404, REDIRECT, DENY_404),
    ("events.speakers", "GET", "/events/speakers"):
        Row(*STAFF_ONLY, OK, OK, OK, OK),
    ("events.follow_up", "POST", "/events/speakers/<int:offer_id>/status"):
        Row(*STAFF_ONLY, REDIRECT, REDIRECT, REDIRECT, DENY_404, form=_follow_up),
    ("events.add_speaker", "GET", "/events/speakers/<int:offer_id>/add"):
        Row(*STAFF_ONLY, OK, OK, OK, DENY_404),
    # Once added, adding again is a field error (400): allowed, not refused.
    ("events.add_speaker", "POST", "/events/speakers/<int:offer_id>/add"):
        Row(*STAFF_ONLY, ALLOW, ALLOW, ALLOW, DENY_404, form=_add),
    ("events.family_events", "GET", "/family/events"):
        Row(LOGIN,    DENY_403, OK,       OK,       DENY_403, DENY_403, DENY_403, DENY_403),
    ("events.rsvp", "POST", "/family/events/<int:event_id>/rsvp"):
        Row(LOGIN,    DENY_403, REDIRECT, DENY_404, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_rsvp),
    ("events.speak", "GET", "/family/speak"):
        Row(LOGIN,    DENY_403, OK,       OK,       DENY_403, DENY_403, DENY_403, DENY_403),
    ("events.speak", "POST", "/family/speak"):
        Row(LOGIN,    DENY_403, REDIRECT, REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_speak),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    ("events.event", "GET", "/events/<int:event_id>"): IdRoute(STAFF_AND_ADMIN, setup=_everything),
    ("events.edit", "GET", "/events/<int:event_id>/edit"): IdRoute(
        STAFF_AND_ADMIN, setup=_everything
    ),
    ("events.edit", "POST", "/events/<int:event_id>/edit"): IdRoute(
        STAFF_AND_ADMIN, form=event_form, setup=_everything
    ),
    ("events.cancel", "POST", "/events/<int:event_id>/cancel"): IdRoute(
        STAFF_AND_ADMIN, setup=_everything
    ),
    ("events.follow_up", "POST", "/events/speakers/<int:offer_id>/status"): IdRoute(
        STAFF_AND_ADMIN, form=_follow_up, setup=_everything
    ),
    ("events.add_speaker", "GET", "/events/speakers/<int:offer_id>/add"): IdRoute(
        STAFF_AND_ADMIN, setup=_everything
    ),
    ("events.add_speaker", "POST", "/events/speakers/<int:offer_id>/add"): IdRoute(
        STAFF_AND_ADMIN, form=_add, setup=_everything
    ),
    ("events.rsvp", "POST", "/family/events/<int:event_id>/rsvp"): IdRoute(
        ("family",), form=_rsvp, setup=_everything
    ),
}
