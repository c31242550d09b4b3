"""Charts of inventory results, drawn with matplotlib's ``Figure`` API (never ``pyplot``, whose
global figure state does not belong in a threaded server).

Pure: plain values in, SVG or PNG bytes out; no Flask and no database. Every label arrives
already translated. The output is deterministic, so snapshot tests can compare bytes: SVG ids
come from a fixed salt, text is written as text (not glyph paths), and no date or software
version goes into the file's metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

FORMATS = ("svg", "png")

# Process-wide on purpose: matplotlib reads these two while saving and has no per-figure
# setting for them, and a temporary rc_context would race with other threads' charts.
matplotlib.rcParams["svg.hashsalt"] = "ccl_youth"
matplotlib.rcParams["svg.fonttype"] = "none"

#: Inches: a phone shows the chart at about its own size, so its 12-point text stays readable.
WIDTH = 3.8
FONT_SIZE = 12
INK = "#1b1f24"
MUTED = "#4f5965"
GRID = "#c9d1da"
TOP_BAR = "#0b5cad"
OTHER_BAR = "#5b6775"
#: Dark enough for 4.5:1 on white; each line also has its own marker and dash pattern.
LINE_STYLES = (
    ("#0b5cad", "o", "-"),
    ("#b3261e", "s", "--"),
    ("#1e6b34", "^", "-."),
    ("#7b3fa0", "D", ":"),
    ("#8a5a00", "v", "-"),
    ("#1b1f24", "P", "--"),
)
_SVG_METADATA = {"Date": None, "Creator": None}
_PNG_METADATA = {"Software": None}


@dataclass(frozen=True)
class Bar:
    """One area of a result: its name, its 0–100 score (None: too few answers to score) and
    whether it is one of the top areas."""

    label: str
    value: float | None
    is_top: bool = False


@dataclass(frozen=True)
class Series:
    """One area across attempts: a 0–100 score (or None) per attempt."""

    label: str
    values: tuple[float | None, ...]


def _save(figure: Figure, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    metadata = _SVG_METADATA if fmt == "svg" else _PNG_METADATA
    figure.savefig(buffer, format=fmt, metadata=metadata, dpi=96)
    return buffer.getvalue()


def _style_axes(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=INK, labelsize=FONT_SIZE)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def scores_chart(
    bars: Sequence[Bar], *, axis_label: str, missing_label: str, fmt: str = "svg"
) -> bytes:
    """A horizontal bar per area, top to bottom in the given order, on a 0–100 axis: the
    area's name above its bar (so long names fit a phone) and the score at the bar's end; an
    unscored area shows ``missing_label``. Raises ValueError for an unknown format or a score
    outside 0–100."""
    if not bars:
        raise ValueError("a chart needs at least one bar")
    for bar in bars:
        if bar.value is not None and not 0 <= bar.value <= 100:
            raise ValueError(f"{bar.label}: score {bar.value} is outside 0–100")
    row, bottom, top = 0.62, 0.62, 0.08  # inches: one area, the x axis below, a little air
    height = row * len(bars) + bottom + top
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.03, right=0.97, bottom=bottom / height, top=1 - top / height)
    axes = figure.add_subplot()
    for index, bar in enumerate(bars):
        weight = "bold" if bar.is_top else "normal"
        axes.text(0, index - 0.3, bar.label, va="center", ha="left", color=INK,
                  fontsize=FONT_SIZE, fontweight=weight)  # fmt: skip
        if bar.value is None:
            text, x, color = missing_label, 0.0, MUTED
        else:
            axes.barh(
                index + 0.12, bar.value, height=0.4, color=TOP_BAR if bar.is_top else OTHER_BAR
            )
            text, x, color = _number(bar.value), bar.value + 1.5, INK
        axes.text(x, index + 0.12, text, va="center", ha="left", color=color, fontsize=FONT_SIZE)
    axes.set_ylim(len(bars) - 0.5, -0.55)
    axes.set_yticks([])
    axes.set_xlim(0, 112)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(axis_label, color=INK, fontsize=FONT_SIZE)
    axes.grid(axis="x", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    axes.spines["left"].set_visible(False)
    _style_axes(axes)
    return _save(figure, fmt)


def history_chart(
    attempt_labels: Sequence[str],
    series: Sequence[Series],
    *,
    axis_label: str,
    fmt: str = "svg",
) -> bytes:
    """One line per area across attempts (oldest first, labelled ``attempt_labels``) on a
    0–100 axis; a missing score leaves a gap. Each line has its own colour, marker and dash
    pattern, named in a legend below. Raises ValueError for mismatched lengths."""
    if not attempt_labels or not series:
        raise ValueError("a history chart needs at least one attempt and one area")
    if len(series) > len(LINE_STYLES):
        raise ValueError(f"at most {len(LINE_STYLES)} areas fit on one chart")
    for line in series:
        if len(line.values) != len(attempt_labels):
            raise ValueError(f"{line.label}: {len(line.values)} values for {len(attempt_labels)}")
    legend_rows = -(-len(series) // 2)
    crowded = len(attempt_labels) > 2  # dates side by side would overlap: slant them
    axis = 1.05 if crowded else 0.6  # inches, for the labels below
    plot, legend = 2.6, 0.28 * legend_rows + 0.15
    height = plot + axis + legend + 0.15
    figure = Figure(figsize=(WIDTH, height))
    figure.subplots_adjust(left=0.8 / WIDTH, right=1 - 0.3 / WIDTH,
                           bottom=(axis + legend) / height, top=1 - 0.15 / height)  # fmt: skip
    axes = figure.add_subplot()
    xs = list(range(len(attempt_labels)))
    for line, (color, marker, dashes) in zip(series, LINE_STYLES, strict=False):
        ys = [float("nan") if value is None else value for value in line.values]
        axes.plot(
            xs, ys, color=color, marker=marker, linestyle=dashes, linewidth=2, markersize=7,
            label=line.label,
        )  # fmt: skip
    axes.set_xticks(xs, list(attempt_labels), rotation=30 if crowded else 0,
                    ha="right" if crowded else "center")  # fmt: skip
    axes.set_xlim(-0.4, len(xs) - 0.6)
    axes.set_ylim(-5, 105)  # room for a marker at 0 or 100
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.set_ylabel(axis_label, color=INK, fontsize=FONT_SIZE)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    _style_axes(axes)
    figure.legend(
        loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=2, frameon=False,
        fontsize=FONT_SIZE - 1, labelcolor=INK,
    )  # fmt: skip
    return _save(figure, fmt)
