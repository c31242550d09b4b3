"""The résumé as one PDF document: the youth's name as its title, then a heading per category
with its items (``resume_blocks``). Pure: items and words in, bytes out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from ccl_youth.core.pdf import Para, render_pdf
from ccl_youth.resume.assembly import ResumeItem, ResumeWords, resume_blocks


def resume_pdf(
    name: str,
    items: Sequence[ResumeItem],
    headings: Mapping[str, str],
    *,
    subtitle: str = "",
    empty: str = "",
    words: ResumeWords | None = None,
    language: str = "en",
) -> bytes:
    """The PDF: ``name`` first, ``subtitle`` under it, then the categories; ``empty`` is the
    line shown when there is nothing to list."""
    blocks = resume_blocks(items, headings, words=words, level=1)
    if not blocks and empty:
        blocks = [Para(empty, muted=True)]
    return render_pdf(name, blocks, subtitle=subtitle, author=name, language=language)


def pdf_filename(name: str, fallback: str = "resume") -> str:
    """ "resume-robin-garcia.pdf": the name in lower-case ASCII letters and digits joined by
    dashes (accents dropped, other scripts left out), at most 60 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return f"resume-{stem}.pdf" if stem else f"{fallback}.pdf"
