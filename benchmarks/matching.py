"""Time ranking the real occupation catalog for a few youth profiles.

Reads ``content/careers/occupations.csv`` if present, else the shared content source, keeps the
occupations that have an interest profile, attaches their clusters from the crosswalk next to it
(when there is one), and times :func:`ccl_youth.careers.matching.rank_occupations` — the full call:
correlation, sort, top clusters and outside-your-usual.

    .venv/bin/python benchmarks/matching.py
    .venv/bin/python benchmarks/matching.py --runs 500 --csv path/to/occupations.csv
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ccl_youth.careers.matching import OccupationProfile, rank_occupations  # noqa: E402

CANDIDATES = (
    ROOT / "content" / "careers" / "occupations.csv",
    ROOT.parent / "shared" / "content-source" / "occupations.csv",
)

PROFILES: dict[str, Mapping[str, float | None]] = {
    "realistic (R=100, rest 0)": {"R": 100, "I": 0, "A": 0, "S": 0, "E": 0, "C": 0},
    "artistic-social": {"R": 10, "I": 30, "A": 90, "S": 80, "E": 20, "C": 10},
    "mixed, E unreported": {"R": 55, "I": 72.5, "A": 31.3, "S": 60, "E": None, "C": 18.8},
}


def _int(value: str | None) -> int | None:
    return int(float(value)) if value else None


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """SOC code → top-level cluster codes of the modern framework (the legacy one if absent)."""
    if not path.exists():
        return {}
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    frameworks = {row["framework"] for row in rows}
    framework = "ncc_2024" if "ncc_2024" in frameworks else sorted(frameworks)[0]
    clusters: dict[str, dict[str, None]] = {}
    for row in rows:
        if row["framework"] == framework:
            clusters.setdefault(row["soc_code"], {})[row["cluster_code"]] = None
    return {soc: tuple(codes) for soc, codes in clusters.items()}


def load_catalog(path: Path) -> list[OccupationProfile]:
    clusters = load_clusters(path.with_name("occupation_clusters.csv"))
    catalog = []
    with path.open(newline="", encoding="utf-8") as handle:
        for n, raw in enumerate(csv.DictReader(handle), start=1):
            row = {key.lower(): value for key, value in raw.items()}
            if not row.get("riasec_r"):
                continue
            r, i, a, s, e, c = (float(row[f"riasec_{code}"]) for code in "riasec")
            education = row.get("education_level") or row.get("onet_education_mode_category")
            catalog.append(
                OccupationProfile(
                    id=n,
                    soc_code=row["soc_code"],
                    title=row["title"],
                    job_zone=_int(row.get("job_zone")),
                    education_level=_int(education),
                    riasec=(r, i, a, s, e, c),
                    clusters=clusters.get(row["soc_code"], ()),
                )
            )
    return catalog


def time_ms(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--csv", type=Path, default=None)
    args = parser.parse_args()

    path = args.csv or next((p for p in CANDIDATES if p.exists()), None)
    if path is None:
        parser.error("no occupations.csv found; pass --csv")
    catalog = load_catalog(path)
    with_clusters = sum(1 for o in catalog if o.clusters)

    print(f"catalog: {path} — {len(catalog)} occupations, {with_clusters} with clusters")
    print(f"python {platform.python_version()} on {platform.machine()}, {args.runs} runs each\n")
    print(f"| {'profile':<36} | {'filter':<20} | {'p50 ms':>7} | {'p95 ms':>7} |")
    print(f"|{'-' * 38}|{'-' * 22}|{'-' * 9}|{'-' * 9}|")
    cases: list[tuple[str, Mapping[str, float | None], frozenset[int] | None]] = [
        *((name, scores, None) for name, scores in PROFILES.items()),
        ("artistic-social", PROFILES["artistic-social"], frozenset({1, 2, 3})),
    ]
    for name, scores, zones in cases:
        label = "job zones 1–3" if zones else "none"

        def call(
            scores: Mapping[str, float | None] = scores, zones: frozenset[int] | None = zones
        ) -> object:
            return rank_occupations(scores, catalog, job_zones=zones)

        samples = time_ms(call, args.runs)
        p50 = statistics.median(samples)
        p95 = percentile(samples, 0.95)
        print(f"| {name:<36} | {label:<20} | {p50:>7.2f} | {p95:>7.2f} |")


if __name__ == "__main__":
    main()
