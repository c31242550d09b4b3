"""One-document PDFs from plain blocks (headings, paragraphs, lists, tables, label/value
pairs), laid out by ReportLab's Platypus engine. Pure: blocks in, bytes out.

Every heading is also a PDF outline entry, so a reader (and a test) can find each section;
the text stays extractable. A Unicode TrueType font is used when the system has one
(DejaVu Sans), so names in any Latin, Greek or Cyrillic script print; otherwise Helvetica."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import (
    Table as RLTable,
)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection, 3 = minor


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    muted: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True, slots=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    #: relative column widths (any positive numbers); equal when empty
    widths: Sequence[float] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Fields:
    """Label / value pairs, one per line ("Career goals: …")."""

    pairs: Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Para | Bullets | Table | Fields | PageBreak


@functools.cache
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when found (bold is the same face, drawn
    larger), else the built-in Helvetica pair."""
    for candidate in FONT_CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            pdfmetrics.registerFont(TTFont("Doc", str(path)))
            bold = path.with_name("DejaVuSans-Bold.ttf")
            if bold.is_file():
                pdfmetrics.registerFont(TTFont("Doc-Bold", str(bold)))
                return "Doc", "Doc-Bold"
            return "Doc", "Doc"
    return "Helvetica", "Helvetica-Bold"


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=20, leading=24, spaceAfter=6
        ),  # fmt: skip
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=bold, fontSize=15, leading=19, spaceBefore=12, spaceAfter=4
        ),  # fmt: skip
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=3
        ),  # fmt: skip
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=bold, fontSize=11, leading=14, spaceBefore=6, spaceAfter=2
        ),  # fmt: skip
        "body": ParagraphStyle("body2", parent=base, spaceAfter=4),
        "muted": ParagraphStyle(
            "muted",
            parent=base,
            fontSize=9.5,
            leading=12.5,
            textColor=colors.HexColor("#444444"),
            spaceAfter=4,
        ),  # fmt: skip
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=9.5, leading=12),
    }


def _text(value: str) -> str:
    """Plain text made safe for Paragraph markup, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


class _OutlinedHeading(Paragraph):
    """A heading that also adds itself to the PDF outline at its level."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(_text(text), style)
        self._plain = text
        self._level = level
        self._key = key

    def draw(self) -> None:
        super().draw()
        canvas = self.canv
        canvas.bookmarkPage(self._key)
        canvas.addOutlineEntry(self._plain, self._key, level=self._level - 1, closed=False)


def _table(block: Table, width: float) -> Flowable:
    styles = _styles()
    columns = max(len(block.header), max((len(r) for r in block.rows), default=0), 1)
    weights = list(block.widths) if len(block.widths) == columns else [1.0] * columns
    total = sum(weights)
    col_widths = [width * w / total for w in weights]
    data = [[Paragraph(_text(h), styles["head"]) for h in block.header]] if block.header else []
    for row in block.rows:
        cells = [Paragraph(_text(str(c)), styles["cell"]) for c in row]
        cells += [Paragraph("", styles["cell"])] * (columns - len(cells))
        data.append(cells)
    table = RLTable(data, colWidths=col_widths, repeatRows=1 if block.header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    table.setStyle(TableStyle(commands))
    return table


def _flowables(blocks: Sequence[Block], width: float) -> list[Flowable]:
    styles = _styles()
    out: list[Flowable] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            out.append(_OutlinedHeading(block.text, styles[f"h{level}"], level, f"h{index}"))
        elif isinstance(block, Para):
            out.append(Paragraph(_text(block.text), styles["muted" if block.muted else "body"]))
        elif isinstance(block, Bullets):
            items = [ListItem(Paragraph(_text(i), styles["body"])) for i in block.items]
            out.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=14))
        elif isinstance(block, Table):
            out.append(_table(block, width))
            out.append(Spacer(1, 6))
        elif isinstance(block, Fields):
            rows = [
                Paragraph(f"<b>{_text(label)}:</b> {_text(value)}", styles["body"])
                for label, value in block.pairs
            ]
            out.append(KeepTogether(rows))
        else:
            out.append(RLPageBreak())
    return out


def render_pdf(
    title: str, blocks: Sequence[Block], *, subtitle: str = "", author: str = "",
    language: str = "en",
) -> bytes:  # fmt: skip
    """The blocks as one US-letter PDF whose first line is ``title``. Output is byte-for-byte
    the same for the same input (no timestamps or random ids), so exports can be snapshot."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=LETTER, title=title, author=author, subject=subtitle, lang=language,
        leftMargin=0.8 * inch, rightMargin=0.8 * inch, topMargin=0.7 * inch,
        bottomMargin=0.7 * inch, invariant=1, creator="ccl_youth",
    )  # fmt: skip
    styles = _styles()
    story: list[Flowable] = [Paragraph(_text(title), styles["title"])]
    if subtitle:
        story.append(Paragraph(_text(subtitle), styles["muted"]))
    story.extend(_flowables(blocks, doc.width))

    def _footer(canvas: object, document: SimpleDocTemplate) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(_fonts()[0], 8)  # type: ignore[attr-defined]
        canvas.drawRightString(  # type: ignore[attr-defined]
            LETTER[0] - 0.8 * inch, 0.45 * inch, f"{title} · {document.page}"
        )
        canvas.restoreState()  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
