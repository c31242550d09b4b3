"""A youth's progress on the framework, decided from their facts: which milestones are met,
what to do next, and whether they are ready for the next stage. Pure: facts and content in,
plain data out (no database, no Flask).

Order of work: every milestone of every stage is evaluated first; the ids met go into
``facts.milestones``; only then is the readiness rule of the youth's stage evaluated (it may
count milestones). "What to do next" is the ``next_step`` of the open milestones of the
youth's stage closest to being met (highest progress; ties in file order).

Starting point: the framework says older youth who never had awareness experiences start at
awareness. The app never moves anyone by itself — a youth's stage changes only when staff
move them with a reason — so this rule is a *suggestion* (``suggest_awareness``): a youth in
grade 6 or above, past awareness, with no awareness milestone met. Staff see it on the
youth's progress page, next to the form that would move them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ccl_youth.core.content_experiences import Framework
from ccl_youth.core.content_recognition import Milestone, RecognitionCatalog
from ccl_youth.core.rules import Labels, Outcome, Step, YouthFacts, evaluate

NEXT_STEPS = 3
#: Grades from which a youth with no awareness milestone is suggested to start at awareness.
SUGGEST_AWARENESS_FROM_GRADE = 6
AWARENESS = "awareness"


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: Milestone
    outcome: Outcome

    @property
    def met(self) -> bool:
        return self.outcome.met

    @property
    def percent(self) -> int:
        """How close, 0–100, rounded down (100 only when met)."""
        return int(self.outcome.progress * 100)


@dataclass(frozen=True)
class StrategyProgress:
    """The milestones of one strategy in the youth's current stage."""

    slug: str
    name: str
    met: tuple[MilestoneStatus, ...]
    open: tuple[MilestoneStatus, ...]

    @property
    def total(self) -> int:
        return len(self.met) + len(self.open)


@dataclass(frozen=True)
class StageSummary:
    """An earlier stage: how many of its milestones are met, and which."""

    slug: str
    name: str
    met: tuple[MilestoneStatus, ...]
    total: int


@dataclass(frozen=True)
class Readiness:
    """The stage's "ready for the next stage" rule. ``next_stage`` is None in the last stage."""

    next_stage: str | None
    next_stage_name: str | None
    ready: bool
    progress: float
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ProgressReport:
    stage: str
    stage_name: str
    strategies: tuple[StrategyProgress, ...]
    next_steps: tuple[MilestoneStatus, ...]
    #: None when the content has no readiness rule for the stage.
    readiness: Readiness | None
    earlier: tuple[StageSummary, ...]
    #: Every milestone of every stage, in file order.
    milestones: tuple[MilestoneStatus, ...]
    suggest_awareness: bool
    #: The stage after this one; None in the last stage.
    next_stage: str | None = None

    @property
    def met_now(self) -> tuple[MilestoneStatus, ...]:
        """The milestones met in the current stage, strategy by strategy."""
        return tuple(m for s in self.strategies for m in s.met)

    @property
    def met_here(self) -> int:
        return sum(len(s.met) for s in self.strategies)

    @property
    def total_here(self) -> int:
        return sum(s.total for s in self.strategies)


def _next_stage(framework: Framework, stage: str) -> str | None:
    slugs = [s.slug for s in framework.stages]
    if stage not in slugs or slugs.index(stage) + 1 == len(slugs):
        return None
    return slugs[slugs.index(stage) + 1]


def closest_open(
    statuses: Sequence[MilestoneStatus], n: int = NEXT_STEPS
) -> tuple[MilestoneStatus, ...]:
    """The ``n`` open milestones closest to being met; ties keep their order."""
    open_ = [s for s in statuses if not s.met]
    return tuple(sorted(open_, key=lambda s: -s.outcome.progress)[:n])


def evaluate_progress(
    recognition: RecognitionCatalog,
    framework: Framework,
    facts: YouthFacts,
    labels: Labels | None = None,
) -> ProgressReport:
    """Every milestone with its steps, the current stage by strategy, what to do next, the
    readiness verdict and the earlier stages, for one youth's facts (names in the steps from
    ``labels``, by default the catalog's)."""
    labels = labels or recognition.labels
    statuses = tuple(
        MilestoneStatus(m, evaluate(m.rule, facts, labels)) for m in recognition.milestones
    )
    facts = replace(facts, milestones=frozenset(s.milestone.id for s in statuses if s.met))
    stage = facts.stage
    here = [s for s in statuses if s.milestone.stage == stage]
    strategies = tuple(
        StrategyProgress(
            strategy.slug,
            strategy.name,
            tuple(s for s in here if s.milestone.strategy == strategy.slug and s.met),
            tuple(s for s in here if s.milestone.strategy == strategy.slug and not s.met),
        )
        for strategy in framework.strategies
    )
    readiness = None
    next_stage = _next_stage(framework, stage)
    rule = recognition.readiness.get(stage)
    if rule is not None:
        outcome = evaluate(rule, facts, labels)
        readiness = Readiness(
            next_stage,
            framework.stage(next_stage).name if next_stage else None,
            outcome.met,
            outcome.progress,
            outcome.steps,
        )
    slugs = [s.slug for s in framework.stages]
    earlier = tuple(
        StageSummary(
            entry.slug,
            entry.name,
            tuple(s for s in statuses if s.milestone.stage == entry.slug and s.met),
            sum(1 for s in statuses if s.milestone.stage == entry.slug),
        )
        for entry in framework.stages[: slugs.index(stage) if stage in slugs else 0]
    )
    awareness_met = any(s.met for s in statuses if s.milestone.stage == AWARENESS)
    return ProgressReport(
        stage=stage,
        stage_name=framework.stage(stage).name if stage in slugs else stage,
        strategies=strategies,
        next_steps=closest_open(here),
        readiness=readiness,
        earlier=earlier,
        milestones=statuses,
        suggest_awareness=(
            facts.grade >= SUGGEST_AWARENESS_FROM_GRADE and stage != AWARENESS and not awareness_met
        ),
        next_stage=next_stage,
    )
