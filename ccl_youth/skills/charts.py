"""A chart of one skill's confirmed levels over time, drawn with matplotlib's ``Figure`` API
(never ``pyplot``) in the style of ``assessments.charts``, whose saving and axis helpers it
uses: deterministic bytes (snapshot-tested), text kept as text, no date or version inside.

Pure: plain values in, SVG or PNG bytes out; every label arrives already translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ccl_youth.assessments.charts import FONT_SIZE, GRID, INK, MUTED, WIDTH, _save, _style_axes

#: Most confirmed levels one chart shows (the newest); the table beside it lists them all.
MAX_MARKS = 10
LEVELS = (1, 2, 3, 4)
#: Evidence and evaluations differ by shape and colour both (never colour alone).
EVIDENCE_STYLE = ("#0b5cad", "o")
EVALUATION_STYLE = ("#b3261e", "s")


@dataclass(frozen=True)
class Mark:
    """One confirmed level: ``label`` says when (e.g. a date), ``level`` is 1–4 and
    ``is_evaluation`` tells a supervisor's rating from verified evidence."""

    label: str
    level: int
    is_evaluation: bool = False


def level_chart(
    marks: Sequence[Mark],
    *,
    level_names: Sequence[str],
    source_names: tuple[str, str],
    fmt: str = "svg",
) -> bytes:
    """The levels in the order given (oldest first), joined by a line, on an axis of the four
    ``level_names`` (lowest first); a legend below names the kinds shown
    (``source_names``: evidence, evaluation). Raises ValueError for no marks, more than
    MAX_MARKS, a level outside 1–4, not four level names or an unknown format."""
    if not marks:
        raise ValueError("a level chart needs at least one mark")
    if len(marks) > MAX_MARKS:
        raise ValueError(f"at most {MAX_MARKS} marks fit on one chart")
    if len(level_names) != len(LEVELS):
        raise ValueError("give a name for each of the four levels")
    for mark in marks:
        if mark.level not in LEVELS:
            raise ValueError(f"{mark.label}: level {mark.level} is outside 1–4")
    crowded = len(marks) > 2  # labels side by side would overlap: slant them
    kinds = sorted({mark.is_evaluation for mark in marks})
    axis, plot, top = (1.05 if crowded else 0.55), 1.9, 0.15  # inches
    legend = 0.28 * len(kinds) + 0.12  # one kind a row: long names fit a phone
    height = plot + axis + legend + top
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=1.25 / WIDTH, right=1 - 0.25 / WIDTH,
                           bottom=(axis + legend) / height, top=1 - top / height)  # fmt: skip
    axes = figure.add_subplot()
    xs = list(range(len(marks)))
    axes.plot(xs, [m.level for m in marks], color=MUTED, linewidth=1.5, zorder=1)
    for is_evaluation in kinds:
        color, marker = EVALUATION_STYLE if is_evaluation else EVIDENCE_STYLE
        chosen = [(x, m.level) for x, m in zip(xs, marks, strict=True)
                  if m.is_evaluation is is_evaluation]  # fmt: skip
        axes.scatter([x for x, _ in chosen], [y for _, y in chosen], color=color, marker=marker,
                     s=64, zorder=2)  # fmt: skip
    axes.set_xticks(xs, [m.label for m in marks], rotation=30 if crowded else 0,
                    ha="right" if crowded else "center")  # fmt: skip
    axes.set_xlim(-0.5, len(xs) - 0.5)
    axes.set_ylim(0.6, 4.4)
    axes.set_yticks(list(LEVELS), list(level_names))
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    _style_axes(axes)
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            color=style[0],
            marker=style[1],
            markersize=8,
            label=source_names[1] if is_evaluation else source_names[0],
        )  # fmt: skip
        for is_evaluation in kinds
        for style in [EVALUATION_STYLE if is_evaluation else EVIDENCE_STYLE]
    ]
    figure.legend(
        handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=1,
        frameon=False, fontsize=FONT_SIZE - 1, labelcolor=INK,
    )  # fmt: skip
    return _save(figure, fmt)
