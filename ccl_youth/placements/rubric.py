"""The durable-skills rubric supervisors rate a youth on, worded for a workplace.

A small constant for now; a later issue moves the skills to ``content/skills.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Rubric levels, lowest first: (level, name).
LEVELS: tuple[tuple[int, str], ...] = (
    (1, "Emerging"),
    (2, "Developing"),
    (3, "Proficient"),
    (4, "Advanced"),
)
LEVEL_NAMES: dict[int, str] = dict(LEVELS)


@dataclass(frozen=True, slots=True)
class Skill:
    slug: str
    name: str
    #: One line per level, 1 (emerging) to 4 (advanced), as seen at a workplace.
    descriptors: tuple[str, str, str, str]

    def descriptor(self, level: int) -> str:
        return self.descriptors[level - 1]


SKILLS: tuple[Skill, ...] = (
    Skill(
        "critical_thinking",
        "Critical thinking",
        (
            "Accepts information as given; needs help to question it.",
            "Asks some questions about information with prompting.",
            "Checks facts and weighs options before acting.",
            "Questions assumptions and explains the reasons behind choices.",
        ),
    ),
    Skill(
        "collaboration",
        "Collaboration",
        (
            "Works mostly alone; joins team tasks when asked.",
            "Helps the team with assigned tasks.",
            "Shares work, listens and supports teammates.",
            "Brings the team together and helps others succeed.",
        ),
    ),
    Skill(
        "communication",
        "Communication",
        (
            "Speaks or writes with help; messages are often unclear.",
            "Gets the main point across; sometimes misses details.",
            "Communicates clearly and respectfully with coworkers.",
            "Adapts the message to each audience, clearly and confidently.",
        ),
    ),
    Skill(
        "creativity",
        "Creativity",
        (
            "Follows existing ways of doing things.",
            "Suggests small changes when asked.",
            "Offers new ideas that improve the work.",
            "Develops original ideas and tries them out.",
        ),
    ),
    Skill(
        "growth_mindset",
        "Growth mindset",
        (
            "Gets discouraged by mistakes or feedback.",
            "Accepts feedback with some support.",
            "Uses feedback and mistakes to improve.",
            "Seeks out feedback and new challenges on their own.",
        ),
    ),
    Skill(
        "goal_setting",
        "Goal setting",
        (
            "Needs others to set goals and deadlines.",
            "Sets simple goals with help.",
            "Sets goals and tracks progress toward them.",
            "Sets ambitious goals, plans steps and meets them.",
        ),
    ),
    Skill(
        "leadership",
        "Leadership",
        (
            "Waits to be told what to do.",
            "Takes charge of small tasks when asked.",
            "Takes initiative and is reliable without reminders.",
            "Guides and motivates others; others look to them.",
        ),
    ),
    Skill(
        "problem_solving",
        "Problem solving",
        (
            "Needs help to see that a problem exists.",
            "Solves familiar problems by following steps.",
            "Finds causes and tries workable solutions.",
            "Solves new problems and prevents them from coming back.",
        ),
    ),
)
SKILL_SLUGS: tuple[str, ...] = tuple(skill.slug for skill in SKILLS)
SKILLS_BY_SLUG: dict[str, Skill] = {skill.slug: skill for skill in SKILLS}
