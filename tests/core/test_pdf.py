"""core/pdf.py: one document whose text can be read back, whose headings are outline entries,
and which is the same bytes for the same input."""

from __future__ import annotations

import io

import pypdf

from ccl_youth.core.pdf import Bullets, Fields, Heading, PageBreak, Para, Table, render_pdf


def _outline(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(entries: list[object]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)  # type: ignore[attr-defined]

    walk(reader.outline)
    return titles


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


BLOCKS = [
    Heading("Career goals"),
    Para("I want to build bridges & tunnels <safely>."),
    Bullets(["Visit an engineering firm", "Take physics"]),
    Heading("Courses", level=2),
    Table(["Grade", "Course", "Credits"], [["9", "Algebra I", "1"], ["10", "Geometry"]], (1, 4, 1)),
    Fields([("Route", "Apprenticeship"), ("Pathway", "Career and technical sequence")]),
    PageBreak(),
    Heading("Résumé"),
    Para("Volunteered at the food bank (12 hours).", muted=True),
]


def test_text_and_markup_characters_come_back_as_written() -> None:
    text = _text(render_pdf("Plan for Ana", BLOCKS, subtitle="2026–27"))
    for expected in (
        "Plan for Ana",
        "2026–27",
        "I want to build bridges & tunnels <safely>.",
        "Visit an engineering firm",
        "Algebra I",
        "Geometry",
        "Route: Apprenticeship",
        "Résumé",
        "Volunteered at the food bank (12 hours).",
    ):
        assert expected in text


def test_every_heading_is_an_outline_entry_in_order() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf("Plan", BLOCKS)))
    assert _outline(reader) == ["Career goals", "Courses", "Résumé"]
    assert len(reader.pages) == 2  # the page break starts a second page
    assert reader.metadata is not None and reader.metadata.title == "Plan"


def test_the_same_input_gives_the_same_bytes() -> None:
    assert render_pdf("Plan", BLOCKS) == render_pdf("Plan", BLOCKS)
    assert render_pdf("Plan", BLOCKS) != render_pdf("Plan", BLOCKS[:-1])


def test_a_long_table_runs_onto_more_pages_with_its_header_repeated() -> None:
    rows = [[str(n), f"Course {n}", "1"] for n in range(120)]
    data = render_pdf("Many", [Table(["Grade", "Course", "Credits"], rows)])
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    # "Credits" is only in the header row, so every page carries the header.
    assert all("Credits" in page.extract_text() for page in reader.pages)
    assert "Course 119" in _text(data)
