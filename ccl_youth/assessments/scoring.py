"""Scoring an interest inventory or a skills self-check: answers in, per-area scores out.

Pure: no Flask, no database. The caller passes an :class:`InstrumentSpec` (built from the
``Instrument`` row and its active items) and the answers as ``{item key: value}``; skipped items
are simply absent.

Per area, over the items of that area that were answered:

* **raw sum** — the plain sum of the answers;
* **answered** — how many of the area's items were answered;
* **score** (0–100) — ``100 × (mean answer − scale_min) / (scale_max − scale_min)``, where the
  mean is over the *answered* items, so a skipped item does not pull the score down. The value is
  computed with exact fractions and rounded **half up** to one decimal (56.25 → 56.3; Python's
  ``round`` would give 56.2 because it rounds half to even on binary floats).
* **is_reported** — true when ``answered >= min_answered_per_area``. An unreported area has score
  ``None`` and takes no part in the Holland code.

Holland code (interest inventories only): the top three *reported* areas by score, highest first.
Ranking uses the rounded scores, so two areas that show the same number are tied. Ties are broken
by the order of the areas in the instrument (R, I, A, S, E, C for a RIASEC inventory), which keeps
the code predictable, and every tie that decided a position of the code is listed in ``ties``: a
:class:`Tie` holds the tied areas (all of them, in instrument order, including those that fell
outside the code) and the 1-based code positions they competed for, so the results page can say
"A and S are tied". With fewer than three reported areas the code is shorter, and with none it is
the empty string. A skills self-check (``with_holland_code=False``) gets the same per-area scores
and an empty code with no ties.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

JSON_FORMAT = 1


class ScoringError(ValueError):
    """An answer that cannot be scored; ``item_key`` names the offending item."""

    def __init__(self, item_key: str, message: str) -> None:
        super().__init__(message)
        self.item_key = item_key


class UnknownItemError(ScoringError):
    """An answer for an item key the instrument does not have."""

    def __init__(self, item_key: str) -> None:
        super().__init__(item_key, f"unknown item {item_key!r}")


class AnswerOutOfScaleError(ScoringError):
    """An answer that is not one of the scale's values."""

    def __init__(self, item_key: str, value: object, scale_values: Sequence[int]) -> None:
        allowed = ", ".join(str(v) for v in scale_values)
        super().__init__(item_key, f"answer {value!r} to item {item_key!r} is not one of {allowed}")
        self.value = value


@dataclass(frozen=True)
class InstrumentSpec:
    """What scoring needs to know about an instrument."""

    scale_values: tuple[int, ...]
    area_codes: tuple[str, ...]
    min_answered_per_area: int
    items: Mapping[str, str]  # item key → area code

    def __post_init__(self) -> None:
        if len(set(self.scale_values)) < 2:
            raise ValueError("a scale needs at least two distinct values")
        if len(set(self.area_codes)) != len(self.area_codes) or not self.area_codes:
            raise ValueError("area codes must be present and distinct")
        if self.min_answered_per_area < 1:
            raise ValueError("min_answered_per_area must be at least 1")
        stray = sorted({area for area in self.items.values() if area not in self.area_codes})
        if stray:
            raise ValueError(f"items refer to unknown areas: {', '.join(stray)}")

    @property
    def scale_min(self) -> int:
        return min(self.scale_values)

    @property
    def scale_max(self) -> int:
        return max(self.scale_values)

    @classmethod
    def from_definition(
        cls,
        scale: Sequence[Mapping[str, Any]],
        areas: Sequence[Mapping[str, Any]],
        min_answered_per_area: int,
        items: Mapping[str, str],
    ) -> InstrumentSpec:
        """Build a spec from ``Instrument.scale`` / ``Instrument.areas`` shaped lists."""
        return cls(
            scale_values=tuple(int(point["value"]) for point in scale),
            area_codes=tuple(str(area["code"]) for area in areas),
            min_answered_per_area=min_answered_per_area,
            items=dict(items),
        )


@dataclass(frozen=True)
class AreaScore:
    code: str
    raw_sum: int
    answered: int
    item_count: int
    score: float | None  # 0–100, one decimal; None when not reported
    is_reported: bool


@dataclass(frozen=True)
class Tie:
    areas: tuple[str, ...]  # tied areas in instrument order
    score: float
    positions: tuple[int, ...]  # 1-based Holland code positions the tie decided


@dataclass(frozen=True)
class ScoreResult:
    areas: tuple[AreaScore, ...]  # in instrument order
    holland_code: str
    ties: tuple[Tie, ...] = ()
    has_holland_code: bool = True
    _by_code: dict[str, AreaScore] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {area.code: area for area in self.areas})

    def area(self, code: str) -> AreaScore:
        return self._by_code[code]

    @property
    def scores(self) -> dict[str, float | None]:
        return {area.code: area.score for area in self.areas}

    @property
    def raw_sums(self) -> dict[str, int]:
        return {area.code: area.raw_sum for area in self.areas}

    @property
    def answered(self) -> dict[str, int]:
        return {area.code: area.answered for area in self.areas}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict for ``AssessmentAttempt.scores``; lists keep the report order."""
        return {
            "format": JSON_FORMAT,
            "areas": [
                {
                    "code": a.code,
                    "raw_sum": a.raw_sum,
                    "answered": a.answered,
                    "item_count": a.item_count,
                    "score": a.score,
                    "is_reported": a.is_reported,
                }
                for a in self.areas
            ],
            "holland_code": self.holland_code,
            "has_holland_code": self.has_holland_code,
            "ties": [
                {"areas": list(t.areas), "score": t.score, "positions": list(t.positions)}
                for t in self.ties
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScoreResult:
        """Read back what :meth:`to_json` wrote; raises ``ValueError`` on another shape."""
        if data.get("format") != JSON_FORMAT:
            raise ValueError(f"unsupported score format {data.get('format')!r}")
        try:
            areas = tuple(
                AreaScore(
                    code=str(a["code"]),
                    raw_sum=int(a["raw_sum"]),
                    answered=int(a["answered"]),
                    item_count=int(a["item_count"]),
                    score=None if a["score"] is None else float(a["score"]),
                    is_reported=bool(a["is_reported"]),
                )
                for a in data["areas"]
            )
            ties = tuple(
                Tie(
                    areas=tuple(str(code) for code in t["areas"]),
                    score=float(t["score"]),
                    positions=tuple(int(p) for p in t["positions"]),
                )
                for t in data["ties"]
            )
            return cls(
                areas=areas,
                holland_code=str(data["holland_code"]),
                ties=ties,
                has_holland_code=bool(data["has_holland_code"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed score data: {exc!r}") from exc


def normalised_score(raw_sum: int, answered: int, scale_min: int, scale_max: int) -> float:
    """``100 × (mean − min) / (max − min)``, exact, rounded half up to one decimal."""
    exact = Fraction(100 * (raw_sum - answered * scale_min), answered * (scale_max - scale_min))
    return math.floor(exact * 10 + Fraction(1, 2)) / 10


def score_attempt(
    spec: InstrumentSpec, answers: Mapping[str, int], *, with_holland_code: bool = True
) -> ScoreResult:
    """Score one attempt; raises ``UnknownItemError`` or ``AnswerOutOfScaleError`` naming it."""
    allowed = frozenset(spec.scale_values)
    sums = dict.fromkeys(spec.area_codes, 0)
    counts = dict.fromkeys(spec.area_codes, 0)
    for key in sorted(answers):
        value = answers[key]
        area = spec.items.get(key)
        if area is None:
            raise UnknownItemError(key)
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            raise AnswerOutOfScaleError(key, value, sorted(allowed))
        sums[area] += value
        counts[area] += 1

    item_counts = dict.fromkeys(spec.area_codes, 0)
    for area in spec.items.values():
        item_counts[area] += 1

    areas = []
    for code in spec.area_codes:
        is_reported = counts[code] >= spec.min_answered_per_area
        score = (
            normalised_score(sums[code], counts[code], spec.scale_min, spec.scale_max)
            if is_reported
            else None
        )
        areas.append(
            AreaScore(code, sums[code], counts[code], item_counts[code], score, is_reported)
        )

    if not with_holland_code:
        return ScoreResult(tuple(areas), "", (), has_holland_code=False)
    code, ties = holland_code(areas)
    return ScoreResult(tuple(areas), code, ties, has_holland_code=True)


def score_self_check(spec: InstrumentSpec, answers: Mapping[str, int]) -> ScoreResult:
    """Score a skills self-check: per-area scores only; raises like :func:`score_attempt`."""
    return score_attempt(spec, answers, with_holland_code=False)


def holland_code(areas: Sequence[AreaScore], length: int = 3) -> tuple[str, tuple[Tie, ...]]:
    """The top ``length`` reported areas (ties → instrument order) and the ties that decided it."""
    order = {area.code: index for index, area in enumerate(areas)}
    reported = [a for a in areas if a.is_reported and a.score is not None]
    ranked = sorted(reported, key=lambda a: (-(a.score or 0.0), order[a.code]))
    code_areas = ranked[:length]

    ties: list[Tie] = []
    position = 0
    while position < len(code_areas):
        score = code_areas[position].score
        group = [a for a in ranked if a.score == score]
        in_code = [a for a in code_areas if a.score == score]
        if len(group) > 1:
            ties.append(
                Tie(
                    areas=tuple(a.code for a in sorted(group, key=lambda a: order[a.code])),
                    score=float(score or 0.0),
                    positions=tuple(range(position + 1, position + len(in_code) + 1)),
                )
            )
        position += len(in_code)
    return "".join(a.code for a in code_areas), tuple(ties)
