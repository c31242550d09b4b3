"""Checks for the SVG images content points at (badge images): a small, self-contained SVG
with a title, nothing that runs or loads anything."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsed only after refusing DTDs, see below
from pathlib import Path, PurePosixPath

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
MAX_SVG_BYTES = 10 * 1024
#: Elements that run code or embed other documents.
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed", "audio"})
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def check_svg(root: Path, relative: str) -> list[str]:
    """The problems of the SVG file at ``relative`` (a path under ``root`` with / separators),
    or [] when it is a small SVG with a title and no scripts, event handlers or references
    outside the file."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or not path.parts:
        return [
            f"must be a path inside the content folder such as badges/name.svg, got {relative!r}"
        ]
    if path.suffix != ".svg":
        return [f"must be an .svg file, got {relative!r}"]
    file = root.joinpath(*path.parts)
    if not file.is_file():
        return [f"{relative} is missing"]
    size = file.stat().st_size
    if size > MAX_SVG_BYTES:
        return [f"{relative} is {size} bytes; an image may have at most {MAX_SVG_BYTES}"]
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [f"{relative} is not UTF-8 text"]
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        # No DTD means no entities to expand, so the standard parser below is safe.
        return [f"{relative} must not have a DOCTYPE or entities"]
    try:
        svg = ET.fromstring(text)  # noqa: S314 - no DTD (checked above)
    except ET.ParseError as error:
        return [f"{relative} is not valid XML: {error}"]
    if svg.tag != f"{SVG_NAMESPACE}svg":
        return [f"{relative} is not an SVG image (the root must be <svg> in the SVG namespace)"]
    problems = []
    title = svg.find(f"{SVG_NAMESPACE}title")
    if title is None or not (title.text or "").strip():
        problems.append(f"{relative} needs a <title> naming the image (for screen readers)")
    if "<script" in text.lower():
        problems.append(f"{relative} must not contain a script")
    for element in svg.iter():
        name = _local(str(element.tag))
        if name in FORBIDDEN_ELEMENTS and name != "script":
            problems.append(f"{relative} must not contain <{name}>")
        for attribute, value in element.attrib.items():
            local = _local(attribute)
            if local.lower().startswith("on"):
                problems.append(f"{relative} must not have event handlers such as {local}")
            elif local == "href" and not value.startswith("#"):
                problems.append(f"{relative} must not link outside the file ({value!r})")
            elif EXTERNAL_URL.search(value):
                problems.append(f"{relative} must not load anything from outside the file")
        if name == "style" and EXTERNAL_URL.search(element.text or ""):
            problems.append(f"{relative} must not load anything from outside the file")
    return list(dict.fromkeys(problems))
