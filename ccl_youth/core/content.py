"""Load and check the ``content/`` folder: career clusters, occupations, the crosswalk and the
instruments. Every problem becomes one message naming the file, the entry and the field.

Layout (paths relative to the content folder)::

    careers/clusters.csv              clusters, pathways and sub-clusters of both frameworks
    careers/occupations.csv           O*NET-SOC occupations with interests, wage and outlook
    careers/occupation_clusters.csv   the crosswalk: framework, cluster_code, soc_code
    instruments/<slug>.yaml           one instrument each (see ``content_instruments.py``)
    framework.yaml                    stages, strategies and tactics (see ``content_framework.py``)
    experience_types.yaml             what staff log, tagged with stages, strategies, tactics
    reflection_prompts.yaml           before/after prompts per type and stage
    skills.yaml                       durable skills and STEM practices with their rubrics
    badges.yaml, badges/<slug>.svg    badges with their rules and images
    (framework.yaml also holds the milestones and readiness rules: content_recognition.py)

``content/README.md`` documents every column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ccl_youth.core import content_csv as csvcol
from ccl_youth.core.content_csv import RIASEC, read_csv
from ccl_youth.core.content_experiences import ExperienceCatalog, load_experience_catalog_into
from ccl_youth.core.content_instruments import InstrumentEntry, load_instruments
from ccl_youth.core.content_issues import ContentError, Issues
from ccl_youth.core.content_plans import load_plan_catalog_into
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.content_recognition_files import load_recognition_into

__all__ = [
    "FRAMEWORKS",
    "ClusterEntry",
    "Content",
    "ContentError",
    "InstrumentEntry",
    "LinkEntry",
    "OccupationEntry",
    "load_content",
]

FRAMEWORKS = ("legacy_16", "ncc_2024")
CLUSTER_KINDS = ("cluster", "pathway", "subcluster")
CLUSTERS_CSV = "careers/clusters.csv"
OCCUPATIONS_CSV = "careers/occupations.csv"
LINKS_CSV = "careers/occupation_clusters.csv"


@dataclass(frozen=True, slots=True)
class ClusterEntry:
    framework: str
    code: str
    name: str
    kind: str
    parent_code: str | None
    is_cross_cutting: bool
    summary: str


@dataclass(frozen=True, slots=True)
class OccupationEntry:
    soc_code: str
    title: str
    description: str
    job_zone: int | None
    riasec_r: float
    riasec_i: float
    riasec_a: float
    riasec_s: float
    riasec_e: float
    riasec_c: float
    holland_code: str
    education_level: int | None
    education: str
    median_annual_wage: int | None
    median_hourly_wage: float | None
    employment_change_pct: float | None
    annual_openings: int | None


@dataclass(frozen=True, slots=True)
class LinkEntry:
    framework: str
    cluster_code: str
    soc_code: str


@dataclass(frozen=True)
class Content:
    """Everything in one content folder, checked."""

    root: Path
    clusters: tuple[ClusterEntry, ...]
    occupations: tuple[OccupationEntry, ...]
    links: tuple[LinkEntry, ...]
    instruments: tuple[InstrumentEntry, ...]
    #: framework.yaml, experience_types.yaml and reflection_prompts.yaml
    experiences: ExperienceCatalog
    #: skills.yaml, badges.yaml and the milestones and readiness of framework.yaml
    recognition: RecognitionCatalog

    def instrument(self, slug: str) -> InstrumentEntry:
        """The instrument with this slug; KeyError if there is none."""
        for instrument in self.instruments:
            if instrument.slug == slug:
                return instrument
        raise KeyError(slug)


SOC_CODE = csvcol.pattern(r"\d{2}-\d{4}\.\d{2}", "an O*NET-SOC code such as 15-1252.00")
CLUSTER_CODE = csvcol.pattern(
    r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}", "a code of up to 20 letters, digits, dots or dashes"
)

CLUSTER_COLUMNS: dict[str, csvcol.Parser] = {
    "framework": csvcol.choice(*FRAMEWORKS),
    "code": CLUSTER_CODE,
    "name": csvcol.text(200),
    "kind": csvcol.choice(*CLUSTER_KINDS),
    "parent_code": csvcol.optional_code,
    "is_cross_cutting": csvcol.flag,
    "summary": csvcol.text(1000, required=False),
}
OCCUPATION_COLUMNS: dict[str, csvcol.Parser] = {
    "soc_code": SOC_CODE,
    "title": csvcol.text(200),
    "description": csvcol.text(4000),
    "job_zone": csvcol.whole(1, 5),
    **{f"riasec_{a.lower()}": csvcol.decimal(1, 7, required=True) for a in RIASEC},
    "holland_code": csvcol.holland,
    "education_level": csvcol.whole(1, 12),
    "education": csvcol.text(120, required=False),
    "median_annual_wage": csvcol.whole(0),
    "median_hourly_wage": csvcol.decimal(0, 10_000),
    "employment_change_pct": csvcol.decimal(-100, 1000),
    "annual_openings": csvcol.whole(0),
}
LINK_COLUMNS: dict[str, csvcol.Parser] = {
    "framework": csvcol.choice(*FRAMEWORKS),
    "cluster_code": CLUSTER_CODE,
    "soc_code": SOC_CODE,
}


ClusterKeys = set[tuple[str, str]] | None


def _load_clusters(root: Path, issues: Issues) -> tuple[list[ClusterEntry], ClusterKeys]:
    """The clusters that are fine, and the (framework, code) of every row for cross-checks
    (None when the file could not be read)."""
    rows = read_csv(root, CLUSTERS_CSV, CLUSTER_COLUMNS, ("framework", "code"), issues)
    if rows is None:
        return [], None
    kinds: dict[tuple[str, str], str | None] = {}
    for row in rows:
        if "framework" in row.values and "code" in row.values:
            key = (row.values["framework"], row.values["code"])
            if key in kinds:
                issues.add(CLUSTERS_CSV, row.entry, "code", "appears twice", line=row.line)
            kinds[key] = row.values.get("kind")
    clusters = []
    for row in rows:
        if not row.ok:
            continue
        values = row.values
        parent = values["parent_code"]
        parent_kind = kinds.get((values["framework"], parent or ""), "missing")
        if values["kind"] == "cluster" and parent:
            issues.add(
                CLUSTERS_CSV, row.entry, "parent_code", "a cluster has no parent", line=row.line
            )
        elif values["kind"] != "cluster" and parent_kind not in ("cluster", None):
            issues.add(
                CLUSTERS_CSV,
                row.entry,
                "parent_code",
                f"must be the code of a cluster of {values['framework']}, got {parent or ''!r}",
                line=row.line,
            )
        clusters.append(ClusterEntry(**values))
    return clusters, set(kinds)


def _load_occupations(root: Path, issues: Issues) -> tuple[list[OccupationEntry], set[str] | None]:
    """The occupations that are fine, and the soc_code of every row for cross-checks (None
    when the file could not be read)."""
    rows = read_csv(root, OCCUPATIONS_CSV, OCCUPATION_COLUMNS, ("soc_code",), issues)
    if rows is None:
        return [], None
    seen: set[str] = set()
    occupations = []
    for row in rows:
        values = row.values
        if "soc_code" in values:
            if values["soc_code"] in seen:
                issues.add(OCCUPATIONS_CSV, row.entry, "soc_code", "appears twice", line=row.line)
            seen.add(values["soc_code"])
        if not row.ok:
            continue
        if values["education_level"] is not None and not values["education"]:
            issues.add(
                OCCUPATIONS_CSV,
                row.entry,
                "education",
                "is required with education_level",
                line=row.line,
            )
        occupations.append(OccupationEntry(**values))
    return occupations, seen


def _load_links(
    root: Path, cluster_keys: ClusterKeys, soc_codes: set[str] | None, issues: Issues
) -> list[LinkEntry]:
    entry = ("framework", "cluster_code", "soc_code")
    rows = read_csv(root, LINKS_CSV, LINK_COLUMNS, entry, issues)
    seen: set[tuple[str, str, str]] = set()
    links = []
    for row in rows or ():
        if not row.ok:
            continue
        link = LinkEntry(**row.values)
        if cluster_keys is not None and (link.framework, link.cluster_code) not in cluster_keys:
            issues.add(
                LINKS_CSV,
                row.entry,
                "cluster_code",
                f"is not a cluster of {link.framework} in {CLUSTERS_CSV}",
                line=row.line,
            )
        if soc_codes is not None and link.soc_code not in soc_codes:
            issues.add(
                LINKS_CSV,
                row.entry,
                "soc_code",
                f"is not an occupation in {OCCUPATIONS_CSV}",
                line=row.line,
            )
        key = (link.framework, link.cluster_code, link.soc_code)
        if key in seen:
            issues.add(LINKS_CSV, row.entry, None, "appears twice", line=row.line)
        seen.add(key)
        links.append(link)
    return links


def load_content(root: Path | str) -> Content:
    """Read and check every content file under ``root``; raises ContentError listing every
    problem found (file, entry, field), not just the first."""
    root = Path(root)
    issues = Issues()
    if not root.is_dir():
        issues.add(str(root), None, None, "content folder not found")
        raise ContentError(issues.messages)
    clusters, cluster_keys = _load_clusters(root, issues)
    occupations, soc_codes = _load_occupations(root, issues)
    links = _load_links(root, cluster_keys, soc_codes, issues)
    instruments = load_instruments(root, issues)
    experiences = load_experience_catalog_into(root, issues)
    ncc_codes = (
        frozenset(code for framework, code in cluster_keys if framework == "ncc_2024")
        if cluster_keys is not None
        else None
    )
    recognition = load_recognition_into(root, issues, experiences, ncc_codes)
    load_plan_catalog_into(root, issues)
    if issues or experiences is None or recognition is None:
        raise ContentError(issues.messages)
    return Content(
        root,
        tuple(clusters),
        tuple(occupations),
        tuple(links),
        tuple(instruments),
        experiences,
        recognition,
    )
