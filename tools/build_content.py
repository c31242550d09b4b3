"""Build ``content/careers/*.csv`` from the career data sources.

    .venv/bin/python tools/build_content.py [SOURCE_DIR] [--out CONTENT_DIR]

SOURCE_DIR holds the source files described in its ATTRIBUTION.md (default: ../shared/content-source
beside the project); CONTENT_DIR defaults to the project's ``content/``. The output is sorted and
written with ``\\n`` line endings, so running the script twice gives byte-identical files. Three
hand-written inputs live beside this script: ``cluster_summaries.csv`` (one plain-word sentence per
top-level cluster), ``legacy_16_additions.csv`` (occupations newer than the crosswalk) and
``ncc_2024_refinements.csv`` (how some legacy pathways and occupations map to the 2024 clusters);
``content/README.md`` explains them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent
DEFAULT_SOURCE = PROJECT.parent / "shared" / "content-source"
DEFAULT_OUT = PROJECT / "content"

CLUSTER_COLUMNS = [
    "framework",
    "code",
    "name",
    "kind",
    "parent_code",
    "is_cross_cutting",
    "summary",
]
OCCUPATION_COLUMNS = [
    "soc_code",
    "title",
    "description",
    "job_zone",
    "riasec_r",
    "riasec_i",
    "riasec_a",
    "riasec_s",
    "riasec_e",
    "riasec_c",
    "holland_code",
    "education_level",
    "education",
    "median_annual_wage",
    "median_hourly_wage",
    "employment_change_pct",
    "annual_openings",
]
LINK_COLUMNS = ["framework", "cluster_code", "soc_code"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def cluster_sort_key(code: str) -> tuple[float, ...]:
    return tuple(float(part) for part in code.split("."))


def build_clusters(source: Path) -> list[dict[str, str]]:
    """Top-level clusters and their pathways (legacy_16) or sub-clusters (ncc_2024).

    Legacy pathway codes (``1.01``) are the source's local ids. The 2024 sub-clusters have no
    published codes here, so each gets ``<cluster code>.<nn>``, numbered alphabetically within
    its cluster; these are local ids too."""
    summaries = {
        (row["framework"], row["code"]): row["summary"]
        for row in read_csv(TOOLS / "cluster_summaries.csv")
    }
    clusters: dict[tuple[str, str], dict[str, str]] = {}
    children: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in read_csv(source / "clusters.csv"):
        framework, code = row["framework"], row["cluster_code"]
        cross = "Y" if row["is_cross_cutting"] == "Y" else "N"
        clusters.setdefault(
            (framework, code),
            {
                "framework": framework,
                "code": code,
                "name": row["cluster_name"],
                "kind": "cluster",
                "parent_code": "",
                "is_cross_cutting": cross,
                "summary": summaries.get((framework, code), ""),
            },
        )
        children[(framework, code)].append((row["pathway_code"], row["pathway_name"]))
    rows: list[dict[str, str]] = []
    for (framework, code), cluster in sorted(
        clusters.items(), key=lambda kv: (kv[0][0], cluster_sort_key(kv[0][1]))
    ):
        rows.append(cluster)
        kind = "pathway" if framework == "legacy_16" else "subcluster"
        named = sorted(children[(framework, code)], key=lambda pair: pair[1].lower())
        for number, (child_code, name) in enumerate(named, start=1):
            if framework == "ncc_2024":
                child_code = f"{code}.{number:02d}"
            rows.append(
                {
                    "framework": framework,
                    "code": child_code,
                    "name": name,
                    "kind": kind,
                    "parent_code": code,
                    "is_cross_cutting": cluster["is_cross_cutting"],
                    "summary": "",
                }
            )
    return rows


def _number(value: str, kind: type[int] | type[float]) -> str:
    if value == "":
        return ""
    return str(kind(float(value))) if kind is int else repr(float(value))


def build_occupations(source: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Occupations that have an O*NET interest profile, and the codes left out.

    Matching needs the six RIASEC scores, so the occupations O*NET publishes none for (the
    "All Other" groups and the military occupations) are left out of the catalog."""
    kept: list[dict[str, str]] = []
    dropped: list[str] = []
    for row in read_csv(source / "occupations.csv"):
        if not row["riasec_R"]:
            dropped.append(row["soc_code"])
            continue
        kept.append(
            {
                "soc_code": row["soc_code"],
                "title": row["title"],
                "description": row["description"],
                "job_zone": _number(row["job_zone"], int),
                **{f"riasec_{a.lower()}": _number(row[f"riasec_{a}"], float) for a in "RIASEC"},
                "holland_code": row["holland_code"],
                "education_level": _number(row["onet_education_mode_category"], int),
                "education": row["onet_education_mode"],
                "median_annual_wage": _number(row["median_annual_wage_usd"], int),
                "median_hourly_wage": _number(row["median_hourly_wage_usd"], float),
                "employment_change_pct": _number(row["bls_employment_change_pct_2024_34"], float),
                "annual_openings": _number(row["bls_annual_openings_2024_34"], int),
            }
        )
    kept.sort(key=lambda row: row["soc_code"])
    return kept, dropped


def modern_cluster_for(
    legacy_cluster: str,
    pathway: str,
    soc_code: str,
    cluster_map: dict[str, str],
    refinements: list[dict[str, str]],
) -> str:
    """The 2024 cluster for one legacy link: the most specific refinement that fits (a pathway
    with the longest SOC prefix), else the cluster-level map; "" when there is no successor."""
    best: tuple[int, str] | None = None
    for rule in refinements:
        if rule["legacy_pathway_code"] != pathway or not soc_code.startswith(rule["soc_prefix"]):
            continue
        if best is None or len(rule["soc_prefix"]) > best[0]:
            best = (len(rule["soc_prefix"]), rule["modern_cluster_code"])
    if best is not None:
        return best[1]
    return cluster_map.get(legacy_cluster, "")


def build_links(source: Path, soc_codes: set[str]) -> list[dict[str, str]]:
    """Legacy pathway links from the O*NET OnLine crosswalk (plus ``legacy_16_additions.csv``:
    occupations newer than the crosswalk take the links of a listed sibling), and 2024 cluster
    links derived from them (see ``content/README.md``)."""
    cluster_map = {
        row["legacy_cluster_code"]: row["modern_cluster_code"]
        for row in read_csv(source / "legacy_to_modern_cluster_map.csv")
    }
    refinements = read_csv(TOOLS / "ncc_2024_refinements.csv")
    crosswalk = read_csv(source / "occupation_clusters.csv")
    for addition in read_csv(TOOLS / "legacy_16_additions.csv"):
        crosswalk += [
            {**row, "soc_code": addition["soc_code"]}
            for row in crosswalk
            if row["soc_code"] == addition["like_soc_code"]
        ]
    links: set[tuple[str, str, str]] = set()
    for row in crosswalk:
        soc = row["soc_code"]
        if row["framework"] != "legacy_16" or soc not in soc_codes:
            continue
        links.add(("legacy_16", row["pathway_code"], soc))
        modern = modern_cluster_for(
            row["cluster_code"], row["pathway_code"], soc, cluster_map, refinements
        )
        if modern:
            links.add(("ncc_2024", modern, soc))
    ordered = sorted(links, key=lambda t: (t[0], cluster_sort_key(t[1]), t[2]))
    return [dict(zip(LINK_COLUMNS, link, strict=True)) for link in ordered]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source: Path = args.source
    if not (source / "occupations.csv").is_file():
        print(f"no occupations.csv in {source}", file=sys.stderr)
        return 1
    careers = args.out / "careers"
    clusters = build_clusters(source)
    occupations, dropped = build_occupations(source)
    links = build_links(source, {row["soc_code"] for row in occupations})
    write_csv(careers / "clusters.csv", CLUSTER_COLUMNS, clusters)
    write_csv(careers / "occupations.csv", OCCUPATION_COLUMNS, occupations)
    write_csv(careers / "occupation_clusters.csv", LINK_COLUMNS, links)
    linked = defaultdict(set)
    for link in links:
        linked[link["framework"]].add(link["soc_code"])
    print(f"clusters.csv: {len(clusters)} rows")
    print(
        f"occupations.csv: {len(occupations)} rows ({len(dropped)} without interest data left out)"
    )
    print(f"occupation_clusters.csv: {len(links)} rows")
    for framework in sorted(linked):
        missing = len(occupations) - len(linked[framework])
        print(f"  {framework}: {len(linked[framework])} occupations linked, {missing} not linked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
