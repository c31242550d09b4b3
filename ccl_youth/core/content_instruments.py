"""Instruments in ``content/instruments/<slug>.yaml``: read, check and hand back as dataclasses.

Fields (``content/README.md`` has the full description): slug (the file name), title, kind
(riasec | skills), version (text), grade_min and grade_max (0 = kindergarten … 12), scale (value,
label, icon), areas (code, name, summary, optional nickname and summary_young),
min_answered_per_area, optional items_per_area (every area must have exactly that many items),
intro, credit, items (key, text, area, optional icon and adapted_from).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from ccl_youth.core.content_issues import Issues

INSTRUMENTS_DIR = "instruments"
KINDS = ("riasec", "skills")
RIASEC_AREAS = ("R", "I", "A", "S", "E", "C")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
AREA_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class ScaleChoice:
    value: int
    label: str
    icon: str


@dataclass(frozen=True, slots=True)
class AreaEntry:
    code: str
    name: str
    summary: str
    summary_young: str
    nickname: str


@dataclass(frozen=True, slots=True)
class ItemEntry:
    key: str
    text: str
    area: str
    icon: str
    adapted_from: str


@dataclass(frozen=True, slots=True)
class InstrumentEntry:
    slug: str
    title: str
    kind: str
    version: str
    grade_min: int
    grade_max: int
    scale: tuple[ScaleChoice, ...]
    areas: tuple[AreaEntry, ...]
    min_answered_per_area: int
    items_per_area: int | None
    intro: str
    credit: str
    items: tuple[ItemEntry, ...]

    def scale_json(self) -> list[dict[str, Any]]:
        """The scale as stored in ``Instrument.scale``."""
        return [asdict(choice) for choice in self.scale]

    def areas_json(self) -> list[dict[str, Any]]:
        """The areas as stored in ``Instrument.areas``, in report order."""
        return [asdict(area) for area in self.areas]


class _Fields:
    """Reads the fields of one mapping (the instrument, an area, an item …), reporting each
    problem against the file and the entry."""

    def __init__(self, issues: Issues, file: str, entry: str, data: Any, known: set[str]) -> None:
        self.issues, self.file, self.entry = issues, file, entry
        self.ok = isinstance(data, dict)
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not self.ok:
            self.problem(None, "must be a mapping of field: value")
        for name in self.data:
            if name not in known:
                self.problem(str(name), "unknown field")

    def problem(self, field: str | None, text: str) -> None:
        self.ok = False
        self.issues.add(self.file, self.entry, field, text)

    def text(
        self,
        name: str,
        max_length: int,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
    ) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.problem(name, "is required")
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text (put it in quotes), got {value!r}")
            return ""
        value = value.strip()
        if len(value) > max_length:
            self.problem(name, f"is longer than {max_length} characters")
        elif pattern is not None and not pattern.fullmatch(value):
            self.problem(name, f"must be lowercase letters, digits, - or _, got {value!r}")
        return value

    def whole(self, name: str, low: int, high: int | None = None, required: bool = True) -> int:
        value = self.data.get(name)
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        if value is None:
            if required:
                self.problem(name, "is required")
            return low
        if type(value) is not int or value < low or (high is not None and value > high):
            self.problem(name, f"must be a whole number {span}, got {value!r}")
            return low
        return value

    def sequence(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if not isinstance(value, list) or not value:
            self.problem(name, "must be a list with at least one entry")
            return []
        return value


def _scale(issues: Issues, file: str, raw: list[Any]) -> list[ScaleChoice]:
    choices = []
    for number, data in enumerate(raw, start=1):
        value = data.get("value") if isinstance(data, dict) else None
        entry = f"scale value {value}" if type(value) is int else f"scale choice #{number}"
        fields = _Fields(issues, file, entry, data, {"value", "label", "icon"})
        choice = ScaleChoice(
            fields.whole("value", -100, 100),
            fields.text("label", 80),
            fields.text("icon", 40, False),
        )
        if fields.ok:
            choices.append(choice)
    for field, counts in (
        ("value", Counter(c.value for c in choices)),
        ("label", Counter(c.label for c in choices)),
    ):
        for value, count in counts.items():
            if count > 1:
                issues.add(
                    file,
                    f"scale value {value}" if field == "value" else "scale",
                    field,
                    f"{value!r} is used by {count} choices",
                )
    if len(raw) < 2:
        issues.add(file, "instrument", "scale", "needs at least two choices")
    return choices


def _areas(issues: Issues, file: str, raw: list[Any]) -> list[AreaEntry]:
    areas = []
    known = {"code", "name", "summary", "summary_young", "nickname"}
    for number, data in enumerate(raw, start=1):
        code = data.get("code") if isinstance(data, dict) else None
        entry = f"area {code}" if isinstance(code, str) and code else f"area #{number}"
        fields = _Fields(issues, file, entry, data, known)
        area = AreaEntry(
            code=fields.text("code", 40, pattern=AREA_CODE),
            name=fields.text("name", 80),
            summary=fields.text("summary", 500),
            summary_young=fields.text("summary_young", 500, required=False),
            nickname=fields.text("nickname", 40, required=False),
        )
        if fields.ok:
            areas.append(area)
    for code, count in Counter(a.code for a in areas).items():
        if count > 1:
            issues.add(file, f"area {code}", "code", f"is used by {count} areas")
    return areas


def _items(issues: Issues, file: str, raw: list[Any], area_codes: list[str]) -> list[ItemEntry]:
    items = []
    known = {"key", "text", "area", "icon", "adapted_from"}
    for number, data in enumerate(raw, start=1):
        key = data.get("key") if isinstance(data, dict) else None
        entry = f"item {key}" if isinstance(key, str) and key else f"item #{number}"
        fields = _Fields(issues, file, entry, data, known)
        item = ItemEntry(
            key=fields.text("key", 40, pattern=KEY),
            text=fields.text("text", 500),
            area=fields.text("area", 40),
            icon=fields.text("icon", 40, required=False),
            adapted_from=fields.text("adapted_from", 300, required=False),
        )
        if item.area and area_codes and item.area not in area_codes:
            fields.problem(
                "area", f"{item.area!r} is not one of the areas ({', '.join(area_codes)})"
            )
        if fields.ok:
            items.append(item)
    for key, count in Counter(i.key for i in items).items():
        if count > 1:
            issues.add(file, f"item {key}", "key", f"is used by {count} items")
    return items


def _instrument(issues: Issues, file: str, stem: str, data: Any) -> InstrumentEntry | None:
    known = {
        "slug", "title", "kind", "version", "grade_min", "grade_max", "scale", "areas",
        "min_answered_per_area", "items_per_area", "intro", "credit", "items",
    }  # fmt: skip
    before = len(issues.messages)
    top = _Fields(issues, file, "instrument", data, known)
    if not top.ok and not top.data:
        return None
    slug = top.text("slug", 40, pattern=SLUG)
    if slug and slug != stem:
        top.problem("slug", f"must match the file name ({stem}), got {slug!r}")
    kind = top.text("kind", 20)
    if kind and kind not in KINDS:
        top.problem("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    grade_min, grade_max = top.whole("grade_min", 0, 12), top.whole("grade_max", 0, 12)
    if grade_min > grade_max:
        top.problem("grade_max", f"must not be below grade_min ({grade_min}), got {grade_max}")
    minimum = top.whole("min_answered_per_area", 1)
    per_area = (
        top.whole("items_per_area", 1, required=False) if "items_per_area" in top.data else None
    )
    scale = _scale(issues, file, top.sequence("scale"))
    areas = _areas(issues, file, top.sequence("areas"))
    codes = [a.code for a in areas]
    if kind == "riasec" and areas and sorted(codes) != sorted(RIASEC_AREAS):
        top.problem("areas", "a riasec instrument needs exactly the areas R, I, A, S, E, C")
    raw_items = top.sequence("items")
    items = _items(issues, file, raw_items, codes)
    counts = Counter(i.area for i in items)
    # Count items per area only when every item is fine, so one bad item is reported once.
    for code in codes if len(items) == len(raw_items) else ():
        if per_area is not None and counts[code] != per_area:
            issues.add(
                file,
                f"area {code}",
                "items",
                f"has {counts[code]} items, items_per_area asks for {per_area}",
            )
        elif counts[code] < minimum:
            issues.add(
                file,
                f"area {code}",
                "items",
                f"has {counts[code]} items, fewer than min_answered_per_area ({minimum})",
            )
    instrument = InstrumentEntry(
        slug=slug,
        title=top.text("title", 200),
        kind=kind,
        version=top.text("version", 20),
        grade_min=grade_min,
        grade_max=grade_max,
        scale=tuple(scale),
        areas=tuple(areas),
        min_answered_per_area=minimum,
        items_per_area=per_area,
        intro=top.text("intro", 2000),
        credit=top.text("credit", 2000),
        items=tuple(items),
    )
    return instrument if len(issues.messages) == before else None


def load_instruments(root: Path, issues: Issues) -> list[InstrumentEntry]:
    """Every ``instruments/*.yaml`` under ``root``, in file-name order."""
    folder = root / INSTRUMENTS_DIR
    if not folder.is_dir():
        issues.add(INSTRUMENTS_DIR, None, None, "folder is missing")
        return []
    instruments = []
    for path in sorted(folder.glob("*.yaml")):
        file = f"{INSTRUMENTS_DIR}/{path.name}"
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(error, "problem", None) or str(error)
            issues.add(file, None, None, f"is not valid YAML: {problem}", line=line)
            continue
        instrument = _instrument(issues, file, path.stem, data)
        if instrument is not None:
            instruments.append(instrument)
    return instruments
