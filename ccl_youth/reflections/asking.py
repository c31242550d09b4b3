"""Which reflection prompts an activity or a work placement asks of a youth on a given day.

Pure: dates and statuses in, "pre"/"post" and prompts out. Activities ask "pre" on their day
or before it and "post" on their day and for ``PENDING_WINDOW_DAYS`` after. Placements run
for weeks, so their windows follow the placement's life instead (see ``placement_whens``).
"""

from __future__ import annotations

from datetime import date, timedelta

from ccl_youth.core.content_experiences import ExperienceCatalog, ReflectionPrompt

#: Activities attended this many days back (or later) still ask for reflections; a finished
#: placement asks "post" questions this many days after it ended.
PENDING_WINDOW_DAYS = 60
#: A placement asks its "pre" questions until this many days after it started...
PLACEMENT_PRE_DAYS_AFTER_START = 14
#: ...and from this many days before it starts (one planned further ahead asks nothing yet).
PLACEMENT_PRE_DAYS_AHEAD = PENDING_WINDOW_DAYS
OPEN_STATUSES = ("planned", "active")
ENDED_STATUSES = ("completed", "ended_early")


def asked_whens(activity_date: date, today: date) -> tuple[str, ...]:
    """ "pre" for an activity today or later, "post" for one today or earlier."""
    whens = []
    if activity_date >= today:
        whens.append("pre")
    if activity_date <= today:
        whens.append("post")
    return tuple(whens)


def asked_prompts(
    catalog: ExperienceCatalog, type_slug: str, stage: str, activity_date: date, today: date
) -> tuple[ReflectionPrompt, ...]:
    """The prompts an activity asks of a youth at ``stage`` on ``today``, pre before post."""
    return prompts_for_whens(catalog, type_slug, stage, asked_whens(activity_date, today))


def placement_ended_on(end_date: date | None, updated_on: date) -> date:
    """When a finished placement ended: its end date, else the day it was last changed (the
    day its status was set, as far as the placement row can tell)."""
    return end_date if end_date is not None else updated_on


def placement_whens(
    status: str, start_date: date, end_date: date | None, updated_on: date, today: date
) -> tuple[str, ...]:
    """ "pre" while the placement is planned or active and starts within
    ``PLACEMENT_PRE_DAYS_AHEAD`` days or started at most ``PLACEMENT_PRE_DAYS_AFTER_START``
    days ago; "post" while it is active after its start date, or completed / ended early at
    most ``PENDING_WINDOW_DAYS`` days ago (one that ended before it started asks nothing
    afterwards: the youth never worked there)."""
    whens = []
    if status in OPEN_STATUSES and today - timedelta(
        days=PLACEMENT_PRE_DAYS_AFTER_START
    ) <= start_date <= today + timedelta(days=PLACEMENT_PRE_DAYS_AHEAD):
        whens.append("pre")
    if status == "active" and start_date < today:
        whens.append("post")
    elif status in ENDED_STATUSES:
        ended = placement_ended_on(end_date, updated_on)
        if ended >= start_date and ended >= today - timedelta(days=PENDING_WINDOW_DAYS):
            whens.append("post")
    return tuple(whens)


def prompts_for_whens(
    catalog: ExperienceCatalog, type_slug: str, stage: str, whens: tuple[str, ...]
) -> tuple[ReflectionPrompt, ...]:
    """The prompts of ``type_slug`` for a youth at ``stage``, for each of ``whens`` in turn."""
    return tuple(prompt for when in whens for prompt in catalog.prompts_for(type_slug, stage, when))
