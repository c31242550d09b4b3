"""Every plain-words sentence the rule engine (``core/rules.py``) builds, in one place.

Each template is a (singular, plural) pair chosen by ``n`` — the number still to do for an open
step, the number done for a met one — so a later change can hand the pairs to ``ngettext``
unchanged. Placeholders: ``{n}``, ``{what}`` (an instrument), ``{types}``, ``{skills}`` (names
joined with "or"), ``{skill}``, ``{level}``, ``{badge}``, ``{milestone}``, ``{where}``.
"""

from __future__ import annotations

from collections.abc import Sequence

#: What still has to happen, addressed to the youth.
TODO: dict[str, tuple[str, str]] = {
    "assessment": ("Finish the {what}", "Finish the {what} {n} more times"),
    "experiences": ("Go to {n} more activity", "Go to {n} more activities"),
    "experiences.types": (
        "Go to {n} more activity: {types}",
        "Go to {n} more activities: {types}",
    ),
    "experience_types": ("Try {n} more kind of activity", "Try {n} more kinds of activity"),
    "clusters": (
        "Go to an activity about {n} more career cluster",
        "Go to activities about {n} more career clusters",
    ),
    "verified_hours": (
        "Get {n} more hour of work experience checked by staff",
        "Get {n} more hours of work experience checked by staff",
    ),
    "verified_hours.types": (
        "Get {n} more hour checked by staff at: {types}",
        "Get {n} more hours checked by staff at: {types}",
    ),
    "placements_completed": ("Finish {n} more work placement", "Finish {n} more work placements"),
    "placements_completed.types": ("Finish {n} more of: {types}", "Finish {n} more of: {types}"),
    "skill": ("Reach {level} in {skill}", "Reach {level} in {skill}"),
    "skills_at": ("Reach {level} in {n} more skill", "Reach {level} in {n} more skills"),
    "skills_at.skills": (
        "Reach {level} in {n} more of these skills: {skills}",
        "Reach {level} in {n} more of these skills: {skills}",
    ),
    "reflections": ("Answer {n} more reflection question", "Answer {n} more reflection questions"),
    "reflections.pre": (
        "Answer {n} more question before an activity",
        "Answer {n} more questions before activities",
    ),
    "reflections.post": (
        "Answer {n} more question after an activity",
        "Answer {n} more questions after activities",
    ),
    "shared_reflections": (
        "Share {n} more reflection with your family",
        "Share {n} more reflections with your family",
    ),
    "goals": ("Complete {n} more goal", "Complete {n} more goals"),
    "favorites": ("Save {n} more career you like", "Save {n} more careers you like"),
    "badge": ("Earn the {badge} badge", "Earn the {badge} badge"),
    "badges": ("Earn {n} more badge", "Earn {n} more badges"),
    "milestones": ("Reach {n} more milestone{where}", "Reach {n} more milestones{where}"),
    "milestone": ("Reach this milestone: {milestone}", "Reach this milestone: {milestone}"),
}

#: What has been done, for a met step.
DONE: dict[str, tuple[str, str]] = {
    "assessment": ("Finished the {what}", "Finished the {what} {n} times"),
    "experiences": ("Went to {n} activity", "Went to {n} activities"),
    "experiences.types": (
        "Went to {n} activity: {types}",
        "Went to {n} activities: {types}",
    ),
    "experience_types": ("Tried {n} kind of activity", "Tried {n} kinds of activity"),
    "clusters": (
        "Went to activities about {n} career cluster",
        "Went to activities about {n} career clusters",
    ),
    "verified_hours": (
        "Has {n} hour of work experience checked by staff",
        "Has {n} hours of work experience checked by staff",
    ),
    "verified_hours.types": (
        "Has {n} hour checked by staff at: {types}",
        "Has {n} hours checked by staff at: {types}",
    ),
    "placements_completed": ("Finished {n} work placement", "Finished {n} work placements"),
    "placements_completed.types": ("Finished {n} of: {types}", "Finished {n} of: {types}"),
    "skill": ("Reached {level} in {skill}", "Reached {level} in {skill}"),
    "skills_at": ("Reached {level} in {n} skill", "Reached {level} in {n} skills"),
    "skills_at.skills": (
        "Reached {level} in {n} of these skills: {skills}",
        "Reached {level} in {n} of these skills: {skills}",
    ),
    "reflections": ("Answered {n} reflection question", "Answered {n} reflection questions"),
    "reflections.pre": (
        "Answered {n} question before an activity",
        "Answered {n} questions before activities",
    ),
    "reflections.post": (
        "Answered {n} question after an activity",
        "Answered {n} questions after activities",
    ),
    "shared_reflections": (
        "Shared {n} reflection with your family",
        "Shared {n} reflections with your family",
    ),
    "goals": ("Completed {n} goal", "Completed {n} goals"),
    "favorites": ("Saved {n} career you like", "Saved {n} careers you like"),
    "badge": ("Earned the {badge} badge", "Earned the {badge} badge"),
    "badges": ("Earned {n} badge", "Earned {n} badges"),
    "milestones": ("Reached {n} milestone{where}", "Reached {n} milestones{where}"),
    "milestone": ("Reached this milestone: {milestone}", "Reached this milestone: {milestone}"),
}

#: Narrowing a milestones count to a stage and/or a strategy (``{where}`` above).
WHERE_STAGE = " in {stage}"
WHERE_STRATEGY = " for {strategy}"
#: Joining names: "A or B", "A, B or C".
JOIN_OR = "{head} or {last}"
JOIN_SEPARATOR = ", "

#: Names of instrument kinds when no labels are given.
INSTRUMENT_NAMES = {"riasec": "interest quiz", "skills": "skills check-in"}


def step_text(key: str, met: bool, n: int, **values: str) -> str:
    """The sentence for one step: the template ``key`` of TODO or DONE, singular when n is 1."""
    singular, plural = (DONE if met else TODO)[key]
    return (singular if n == 1 else plural).format(n=n, **values)


def join_or(names: Sequence[str]) -> str:
    """Names as "A", "A or B", "A, B or C"."""
    if len(names) < 2:
        return "".join(names)
    return JOIN_OR.format(head=JOIN_SEPARATOR.join(names[:-1]), last=names[-1])
