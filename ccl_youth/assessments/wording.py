"""Inventory results in plain words: area names and explanations for the youth's grade band,
ties said as a sentence, and the rows of the scores table (the same numbers as the chart)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import format_decimal
from flask_babel import gettext as _

from ccl_youth.assessments.models import Instrument
from ccl_youth.assessments.scoring import ScoreResult, Tie, holland_code

#: Grades up to this one read the young summaries (``summary_young``) of the areas.
YOUNG_UNTIL_GRADE = 5


@dataclass(frozen=True)
class AreaText:
    code: str
    name: str
    nickname: str
    explanation: str


@dataclass(frozen=True)
class AreaRow:
    """One row of the scores table and one bar of the chart."""

    code: str
    name: str
    score: float | None
    answered: int
    item_count: int
    is_top: bool


@dataclass(frozen=True)
class ResultWords:
    areas: list[AreaRow]  # instrument order
    top: list[AreaText]  # the top areas, highest first
    ties: list[str]  # one sentence per tie
    code: str  # the Holland code for interest inventories, "" otherwise


def area_texts(instrument: Instrument, grade: int) -> dict[str, AreaText]:
    """Each area of the instrument by code, explained for the grade band: ``summary_young``
    for K–5, ``summary`` for 6–12 (falling back to the other when one is missing)."""
    young = grade <= YOUNG_UNTIL_GRADE
    texts = {}
    for area in instrument.areas:
        area_map: dict[str, Any] = area
        summary = str(area_map.get("summary") or "")
        summary_young = str(area_map.get("summary_young") or "")
        code = str(area_map["code"])
        texts[code] = AreaText(
            code=code,
            name=str(area_map.get("name") or code),
            nickname=str(area_map.get("nickname") or ""),
            explanation=(summary_young or summary) if young else (summary or summary_young),
        )
    return texts


def join_words(words: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s", first=", ".join(words[:-1]), last=words[-1])


def number(value: float | None) -> str:
    """A score as the table and the chart show it: 62.5, 80 (no needless .0)."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.#")


def tie_sentence(tie: Tie, texts: dict[str, AreaText]) -> str:
    names = [texts[code].name if code in texts else code for code in tie.areas]
    return _(
        "%(areas)s came out even (%(score)s each).",
        areas=join_words(names),
        score=number(tie.score),
    )


def result_words(result: ScoreResult, texts: dict[str, AreaText]) -> ResultWords:
    """Everything the results page says about one result. A skills self-check has no Holland
    code; its top areas are ranked the same way."""
    if result.has_holland_code:
        code, ties = result.holland_code, result.ties
    else:
        code, ties = holland_code(result.areas)
    top_codes = list(code)
    rows = [
        AreaRow(
            code=area.code,
            name=texts[area.code].name if area.code in texts else area.code,
            score=area.score,
            answered=area.answered,
            item_count=area.item_count,
            is_top=area.code in top_codes,
        )
        for area in result.areas
    ]
    return ResultWords(
        areas=rows,
        top=[texts[c] for c in top_codes if c in texts],
        ties=[tie_sentence(tie, texts) for tie in ties],
        code=result.holland_code if result.has_holland_code else "",
    )


def top_area_names(instrument: Instrument, code: str) -> list[str]:
    """The names of the areas in a Holland code, in its order."""
    texts = area_texts(instrument, grade=12)
    return [texts[c].name if c in texts else c for c in code]


def register_filters(app: Flask) -> None:
    """``score`` (62.5, 80, — for none) and ``join_words`` ('A, B and C') for templates."""
    app.jinja_env.filters["score"] = number
    app.jinja_env.filters["join_words"] = join_words
