"""Ranking occupations for a youth's RIASEC profile, and the clusters that follow from it.

Pure: no Flask, no database. The caller passes the youth's area scores (0–100, as stored by
``assessments.scoring``; ``None`` or missing for an unreported area) and :class:`OccupationProfile`
values built from ``Occupation`` rows and the crosswalk.

**Method.** The similarity of a youth to an occupation is the Pearson correlation between the
youth's scores and the occupation's O*NET interest values (1–7) over the areas the youth has
reported: both profiles are centred on their own mean and the cosine of the angle between them is
taken. This compares the *shape* of the two profiles (which areas stand out), not their level, so
a youth who answered "like" to everything matches the same occupations as one with the same
pattern at lower values, and the 0–100 and 1–7 scales need no conversion. ``fit`` restates the
correlation r as a 0–100 number, ``50 × (r + 1)`` rounded half up (r = 1 → 100, 0 → 50, −1 → 0).

**Edge cases.**

* Fewer than three reported areas (:data:`MIN_AREAS`): a correlation over two points is always
  ±1, so nothing is ranked; ``has_too_few_areas`` is set.
* A flat youth profile (all reported scores equal): the correlation is undefined; ``is_flat`` is
  set so the page can say "your answers were all the same".
* In both cases the filtered occupations come back in title order with ``similarity=None`` and no
  clusters.
* A flat occupation profile over the areas used: its similarity is ``None`` and it is listed after
  every ranked occupation, in title order.
* Otherwise occupations are ordered by similarity, highest first; equal similarities by title,
  then SOC code.

**Filters.** ``job_zones`` keeps occupations whose job zone is in the set; ``max_education_level``
keeps those whose O*NET education level is at most that. An occupation whose zone or level is
unknown is dropped by the corresponding filter, because it cannot be shown to satisfy it. Clusters
are computed from the filtered list, so they describe the occupations the youth can see.

**Top clusters.** Over the best ``cluster_pool`` (50) ranked occupations, each occupation adds
``max(r, 0)`` to every cluster it belongs to. A cluster's score is its sum as a share of the pool's
total, ``100 × cluster sum / Σ max(r, 0)``, one decimal; an occupation in two clusters counts
toward both, so shares need not add to 100. Clusters with a zero sum are left out; order is score,
then the rank of the cluster's best occupation. The first ``top_cluster_count`` (5) are returned.
Pass cluster keys of one level of one framework (e.g. only ``ncc_2024`` clusters).

**Outside your usual.** The youth's *low areas* are the reported areas scoring at or below the
second-lowest score (the lowest score alone when only three areas are reported), never an area
sharing the top score. For each cluster with members in the filtered list, its mean profile over
the areas used is taken and its *peak* is the highest area (ties → R, I, A, S, E, C order). A
cluster whose peak is a low area, and which is not a top cluster, is suggested. Order: how far the
peak stands above the cluster's own mean, largest first, then cluster key; the first
``outside_count`` (3) are returned.

**Speed.** Plain Python: the whole call on the ~920 O*NET occupations with an interest profile
takes 5–9 ms (median) on a small shared machine (``benchmarks/matching.py``), inside a 20 ms budget.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

AREA_CODES: tuple[str, ...] = ("R", "I", "A", "S", "E", "C")
MIN_AREAS = 3

ClusterKey = int | str


@dataclass(frozen=True, slots=True)
class OccupationProfile:
    id: int
    soc_code: str
    title: str
    job_zone: int | None
    education_level: int | None
    riasec: tuple[float, float, float, float, float, float]  # R, I, A, S, E, C on 1–7
    clusters: tuple[ClusterKey, ...] = ()

    def __post_init__(self) -> None:
        if len(self.riasec) != len(AREA_CODES) or not all(map(math.isfinite, self.riasec)):
            raise ValueError(f"{self.soc_code}: riasec needs six finite values (R, I, A, S, E, C)")
        if len(set(self.clusters)) != len(self.clusters):
            raise ValueError(f"{self.soc_code}: a cluster is listed twice")


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    occupation: OccupationProfile
    similarity: float | None  # Pearson r in [−1, 1]; None when undefined
    fit: int | None  # 50 × (r + 1), 0–100


@dataclass(frozen=True, slots=True)
class ClusterScore:
    cluster: ClusterKey
    score: float  # share (0–100) of the pool's positive similarity
    occupation_count: int  # members among the pool with r > 0


@dataclass(frozen=True, slots=True)
class OutsideCluster:
    cluster: ClusterKey
    peak_area: str
    occupation_count: int  # members in the filtered list


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[OccupationMatch, ...]
    areas_used: tuple[str, ...]
    is_flat: bool
    has_too_few_areas: bool
    top_clusters: tuple[ClusterScore, ...]
    outside_usual: tuple[OutsideCluster, ...]
    low_areas: tuple[str, ...]

    @property
    def is_ranked(self) -> bool:
        return not (self.is_flat or self.has_too_few_areas)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation of two equal-length sequences; ``None`` if either is flat."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two sequences of the same length, at least 2")
    if max(xs) == min(xs) or max(ys) == min(ys):
        return None
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    cross = math.fsum(a * b for a, b in zip(dx, dy, strict=True))
    norm = math.sqrt(math.fsum(a * a for a in dx) * math.fsum(b * b for b in dy))
    return max(-1.0, min(1.0, cross / norm))


def fit_from_similarity(similarity: float) -> int:
    """``50 × (r + 1)`` rounded half up to a whole number."""
    return math.floor(50.0 * (similarity + 1.0) + 0.5)


def _youth_vector(youth_scores: Mapping[str, float | None]) -> tuple[tuple[str, ...], list[float]]:
    unknown = sorted(set(youth_scores) - set(AREA_CODES))
    if unknown:
        raise ValueError(f"unknown areas: {', '.join(unknown)}")
    used: list[str] = []
    values: list[float] = []
    for code in AREA_CODES:
        value = youth_scores.get(code)
        if value is None:
            continue
        if not math.isfinite(value):
            raise ValueError(f"score for {code} is not a finite number")
        used.append(code)
        values.append(float(value))
    return tuple(used), values


def _passes(
    occupation: OccupationProfile, job_zones: Collection[int] | None, max_education: int | None
) -> bool:
    if job_zones is not None and occupation.job_zone not in job_zones:
        return False
    return max_education is None or (
        occupation.education_level is not None and occupation.education_level <= max_education
    )


def _title_key(match: OccupationMatch) -> tuple[str, str]:
    return match.occupation.title.casefold(), match.occupation.soc_code


def rank_occupations(
    youth_scores: Mapping[str, float | None],
    occupations: Sequence[OccupationProfile],
    *,
    job_zones: Collection[int] | None = None,
    max_education_level: int | None = None,
    cluster_pool: int = 50,
    top_cluster_count: int = 5,
    outside_count: int = 3,
) -> MatchResult:
    """Rank ``occupations`` for the youth (see the module docstring); raises ``ValueError``."""
    areas_used, values = _youth_vector(youth_scores)
    candidates = [o for o in occupations if _passes(o, job_zones, max_education_level)]
    has_too_few_areas = len(areas_used) < MIN_AREAS
    is_flat = not has_too_few_areas and max(values) == min(values)
    if has_too_few_areas or is_flat:
        unranked = sorted((OccupationMatch(o, None, None) for o in candidates), key=_title_key)
        return MatchResult(tuple(unranked), areas_used, is_flat, has_too_few_areas, (), (), ())

    # Centre the youth once; then r = Σ ŷ·x / (‖ŷ‖ · ‖x − x̄‖), since Σ ŷ = 0.
    n = len(values)
    mean_y = math.fsum(values) / n
    centred = [v - mean_y for v in values]
    norm_y = math.sqrt(math.fsum(c * c for c in centred))
    indexes = [AREA_CODES.index(code) for code in areas_used]

    keyed: list[tuple[float, str, str, int, float]] = []
    flat: list[OccupationProfile] = []
    mul = operator.mul
    uses_all_areas = n == len(AREA_CODES)
    xs: Sequence[float]
    for position, occupation in enumerate(candidates):
        xs = occupation.riasec if uses_all_areas else [occupation.riasec[i] for i in indexes]
        if max(xs) == min(xs):
            flat.append(occupation)
            continue
        mean_x = sum(xs) / n
        deviations = [x - mean_x for x in xs]
        norm_x = math.sqrt(sum(map(mul, deviations, deviations)))
        r = max(-1.0, min(1.0, sum(map(mul, centred, xs)) / (norm_y * norm_x)))
        title = occupation.title.casefold()
        keyed.append((-r, title, occupation.soc_code, position, r))
    keyed.sort()
    ranked = [
        OccupationMatch(candidates[position], r, fit_from_similarity(r))
        for _, _, _, position, r in keyed
    ]
    unranked = sorted((OccupationMatch(o, None, None) for o in flat), key=_title_key)

    top = _top_clusters(ranked[:cluster_pool], top_cluster_count)
    low = _low_areas(areas_used, values)
    top_keys = {c.cluster for c in top}
    outside = _outside_usual(candidates, indexes, areas_used, low, top_keys, outside_count)
    return MatchResult(tuple(ranked + unranked), areas_used, False, False, top, outside, low)


def _top_clusters(pool: Sequence[OccupationMatch], count: int) -> tuple[ClusterScore, ...]:
    sums: dict[ClusterKey, float] = {}
    members: dict[ClusterKey, int] = {}
    best_rank: dict[ClusterKey, int] = {}
    total = 0.0
    for rank, match in enumerate(pool):
        weight = max(match.similarity or 0.0, 0.0)
        if weight <= 0.0:
            continue
        total += weight
        for cluster in match.occupation.clusters:
            sums[cluster] = sums.get(cluster, 0.0) + weight
            members[cluster] = members.get(cluster, 0) + 1
            best_rank.setdefault(cluster, rank)
    ordered = sorted(sums, key=lambda c: (-sums[c], best_rank[c]))[:count]
    return tuple(
        ClusterScore(c, math.floor(1000.0 * sums[c] / total + 0.5) / 10, members[c])
        for c in ordered
    )


def _low_areas(areas_used: Sequence[str], values: Sequence[float]) -> tuple[str, ...]:
    ascending = sorted(values)
    threshold = ascending[1] if len(values) > MIN_AREAS else ascending[0]
    top = ascending[-1]
    return tuple(
        code
        for code, value in zip(areas_used, values, strict=True)
        if value <= threshold and value < top
    )


def _outside_usual(
    candidates: Sequence[OccupationProfile],
    indexes: Sequence[int],
    areas_used: Sequence[str],
    low_areas: Collection[str],
    excluded: Collection[ClusterKey],
    count: int,
) -> tuple[OutsideCluster, ...]:
    profiles: dict[ClusterKey, list[tuple[float, ...]]] = {}
    for occupation in candidates:
        for cluster in occupation.clusters:
            if cluster not in excluded:
                profiles.setdefault(cluster, []).append(occupation.riasec)

    found: list[tuple[float, str, OutsideCluster]] = []
    for cluster, members in profiles.items():
        columns = list(zip(*members, strict=True))
        means = [math.fsum(columns[i]) / len(members) for i in indexes]
        peak = max(range(len(means)), key=lambda p: (means[p], -p))
        if areas_used[peak] not in low_areas:
            continue
        prominence = means[peak] - math.fsum(means) / len(means)
        found.append(
            (-prominence, str(cluster), OutsideCluster(cluster, areas_used[peak], len(members)))
        )
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return tuple(entry[2] for entry in found[:count])
