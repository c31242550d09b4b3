"""Occupation matching on a small hand-built catalog, and a sanity check on the real one."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from ccl_youth.careers.matching import (
    ClusterScore,
    OccupationMatch,
    OccupationProfile,
    OutsideCluster,
    pearson,
    rank_occupations,
)

REPO = Path(__file__).resolve().parents[2]
REAL_CATALOGS = (
    REPO / "content" / "careers" / "occupations.csv",
    REPO.parent / "shared" / "content-source" / "occupations.csv",
)

# Every synthetic profile sums to 18, so each has mean 3 and its centred values are x − 3.
#                 soc      title            zone edu  R  I  A  S  E  C   clusters
CATALOG_ROWS = [
    ("01-0001", "Carpenter", 2, 3, (7, 2, 1, 1, 2, 5), ("CON",)),
    ("01-0002", "Electrician", 3, 5, (7, 4, 1, 1, 2, 3), ("CON", "STEM")),
    ("01-0003", "Machinist", 2, 3, (6, 3, 1, 1, 2, 5), ("MFG",)),
    ("02-0001", "Chemist", 4, 6, (4, 7, 2, 1, 1, 3), ("STEM",)),
    ("02-0002", "Mathematician", 5, 8, (1, 7, 2, 1, 2, 5), ("STEM",)),
    ("03-0001", "Graphic Designer", 4, 6, (2, 2, 7, 2, 4, 1), ("ART",)),
    ("03-0002", "Musician", 3, None, (1, 2, 7, 5, 2, 1), ("ART",)),
    ("04-0001", "Art Therapist", 5, 8, (1, 2, 5, 7, 2, 1), ("HLT",)),
    ("04-0002", "Teacher", 4, 6, (1, 3, 4, 6, 3, 1), ("EDU",)),
    ("05-0001", "Sales Manager", 4, 6, (1, 2, 1, 3, 7, 4), ("BUS",)),
    ("06-0001", "Bookkeeper", 3, 4, (1, 2, 1, 1, 6, 7), ("BUS",)),
    ("09-0001", "Generalist", None, 2, (3, 3, 3, 3, 3, 3), ("BUS",)),
]


def profile(
    id_: int,
    soc: str,
    title: str,
    zone: int | None,
    edu: int | None,
    riasec: tuple[int, int, int, int, int, int],
    clusters: tuple[str, ...],
) -> OccupationProfile:
    r, i, a, s, e, c = (float(v) for v in riasec)
    return OccupationProfile(id_, soc, title, zone, edu, (r, i, a, s, e, c), clusters)


CATALOG = [profile(n, *row) for n, row in enumerate(CATALOG_ROWS, start=1)]

REALISTIC = {"R": 100.0, "I": 0.0, "A": 0.0, "S": 0.0, "E": 0.0, "C": 0.0}
# Mean 240 / 6 = 40; centred (−30, −10, 50, 40, −20, −30); Σ squares 6400, length 80.
ARTISTIC_SOCIAL = {"R": 10.0, "I": 30.0, "A": 90.0, "S": 80.0, "E": 20.0, "C": 10.0}


def titles(matches: Sequence[OccupationMatch]) -> list[str]:
    return [m.occupation.title for m in matches]


def test_hand_computed_correlation_for_one_pair():
    # Youth (10, 30, 90, 80, 20, 10) centred: (−30, −10, 50, 40, −20, −30), length √6400 = 80.
    # Musician (1, 2, 7, 5, 2, 1) centred: (−2, −1, 4, 2, −1, −2), Σ squares 4+1+16+4+1+4 = 30.
    # Products: 60 + 10 + 200 + 80 + 20 + 60 = 430, so r = 430 / (80 × √30)
    #   = 430 / 438.178046… = 0.981336…
    expected = 430 / (80 * math.sqrt(30))
    musician = CATALOG[6]
    values = [ARTISTIC_SOCIAL[code] for code in "RIASEC"]

    assert pearson(values, musician.riasec) == pytest.approx(expected, abs=1e-9)
    result = rank_occupations(ARTISTIC_SOCIAL, CATALOG)
    match = next(m for m in result.matches if m.occupation.title == "Musician")
    assert match.similarity == pytest.approx(expected, abs=1e-9)
    # fit = 50 × (1 + 0.981336…) = 99.07 → 99
    assert match.fit == 99


def test_all_realistic_ranks_realistic_occupations_first():
    # With the youth centred to (5, −1, −1, −1, −1, −1) × 100/6, r = 6(x_R − 3) / (√30 · ‖x − 3‖):
    # Electrician 24/√(30·26) = 0.859, Carpenter 24/30 = 0.800, Machinist 18/√(30·22) = 0.701,
    # Chemist 6/√(30·26) = 0.215; everything else has R below its mean 3, so r < 0.
    result = rank_occupations(REALISTIC, CATALOG)

    assert result.is_ranked
    assert titles(result.matches[:4]) == ["Electrician", "Carpenter", "Machinist", "Chemist"]
    assert result.matches[1].similarity == pytest.approx(0.8, abs=1e-12)
    assert all((m.similarity or 0) < 0 for m in result.matches[4:-1])


def test_artistic_social_ranks_the_whole_catalog():
    # Products with the centred youth (−30, −10, 50, 40, −20, −30), over 80 × ‖x − 3‖:
    # Musician 430/(80√30) .981, Art Therapist 410/(80√30) .936, Teacher 290/(80√18) .854,
    # Designer 240/(80√24) .612, Mathematician −150/(80√30) −.342, Sales −140/(80√26) −.343,
    # Chemist −160/(80√26) −.392, Bookkeeper −290/(80√38) −.588, Electrician −290/(80√26) −.711,
    # Carpenter −330/(80√30) −.753, Machinist −310/(80√22) −.826; Generalist is flat → last.
    result = rank_occupations(ARTISTIC_SOCIAL, CATALOG)

    assert titles(result.matches) == [
        "Musician",
        "Art Therapist",
        "Teacher",
        "Graphic Designer",
        "Mathematician",
        "Sales Manager",
        "Chemist",
        "Bookkeeper",
        "Electrician",
        "Carpenter",
        "Machinist",
        "Generalist",
    ]
    by_title = {m.occupation.title: m for m in result.matches}
    art_therapist, carpenter = (
        by_title["Art Therapist"].similarity,
        by_title["Carpenter"].similarity,
    )
    assert art_therapist is not None and carpenter is not None
    assert art_therapist > 0 > carpenter
    assert by_title["Generalist"].similarity is None
    assert by_title["Generalist"].fit is None


def test_scale_and_level_do_not_change_the_ranking():
    base = rank_occupations(ARTISTIC_SOCIAL, CATALOG)
    halved = rank_occupations({k: v * 0.5 for k, v in ARTISTIC_SOCIAL.items()}, CATALOG)
    shifted = rank_occupations({k: v + 7 for k, v in ARTISTIC_SOCIAL.items()}, CATALOG)

    for other in (halved, shifted):
        assert titles(other.matches) == titles(base.matches)
        for a, b in zip(base.matches, other.matches, strict=True):
            assert a.similarity == pytest.approx(b.similarity, abs=1e-12)


def test_flat_youth_profile_is_flagged_and_not_ranked():
    result = rank_occupations(dict.fromkeys("RIASEC", 50.0), CATALOG)

    assert result.is_flat
    assert not result.is_ranked
    assert titles(result.matches) == sorted((o.title for o in CATALOG), key=str.casefold)
    assert all(m.similarity is None for m in result.matches)
    assert result.top_clusters == ()
    assert result.outside_usual == ()


def test_missing_areas_use_only_the_reported_ones():
    scores: dict[str, float | None] = dict(ARTISTIC_SOCIAL)
    scores["E"] = None
    del scores["C"]
    result = rank_occupations(scores, CATALOG)

    assert result.areas_used == ("R", "I", "A", "S")
    musician = next(m for m in result.matches if m.occupation.title == "Musician")
    # Youth (10, 30, 90, 80), mean 52.5 → (−42.5, −22.5, 37.5, 27.5);
    # Musician (1, 2, 7, 5), mean 3.75 → (−2.75, −1.75, 3.25, 1.25).
    youth = [-42.5, -22.5, 37.5, 27.5]
    job = [-2.75, -1.75, 3.25, 1.25]
    cross = sum(a * b for a, b in zip(youth, job, strict=True))  # 116.875+39.375+121.875+34.375
    expected = cross / math.sqrt(sum(a * a for a in youth) * sum(b * b for b in job))
    assert cross == 312.5
    assert musician.similarity == pytest.approx(expected, abs=1e-9)


def test_fewer_than_three_areas_are_not_ranked():
    result = rank_occupations({"R": 90.0, "I": 10.0, "A": None}, CATALOG)

    assert result.has_too_few_areas
    assert not result.is_flat
    assert all(m.similarity is None for m in result.matches)
    assert len(result.matches) == len(CATALOG)


def test_an_occupation_flat_over_the_areas_used_goes_last():
    # Over R, I, A only, Chemist (4, 7, 2) varies but a (5, 5, 5, …) profile does not.
    flat_on_ria = profile(99, "99-9999", "Aardvark Keeper", 2, 2, (5, 5, 5, 1, 1, 1), ())
    result = rank_occupations({"R": 80.0, "I": 20.0, "A": 50.0}, [*CATALOG, flat_on_ria])

    assert titles(result.matches)[-2:] == ["Aardvark Keeper", "Generalist"]
    assert result.matches[-2].similarity is None


def test_rejects_unknown_areas_and_non_finite_scores():
    with pytest.raises(ValueError, match="unknown areas: X"):
        rank_occupations({"R": 1.0, "X": 2.0}, CATALOG)
    with pytest.raises(ValueError, match="finite"):
        rank_occupations({"R": 1.0, "I": math.nan, "A": 3.0}, CATALOG)


def test_filters_on_job_zone_and_education_level():
    by_zone = rank_occupations(REALISTIC, CATALOG, job_zones={2, 3})
    # Generalist has no zone, so a zone filter drops it.
    assert sorted(titles(by_zone.matches)) == [
        "Bookkeeper",
        "Carpenter",
        "Electrician",
        "Machinist",
        "Musician",
    ]

    by_education = rank_occupations(REALISTIC, CATALOG, max_education_level=4)
    # Musician has no education level, so an education filter drops it.
    assert sorted(titles(by_education.matches)) == [
        "Bookkeeper",
        "Carpenter",
        "Generalist",
        "Machinist",
    ]

    both = rank_occupations(REALISTIC, CATALOG, job_zones={2, 3}, max_education_level=4)
    assert titles(both.matches) == ["Carpenter", "Machinist", "Bookkeeper"]


def test_top_clusters_share_of_positive_similarity():
    # Positive r (see the realistic test): Electrician .8593 (CON, STEM), Carpenter .8 (CON),
    # Machinist .7006 (MFG), Chemist .2148 (STEM); total 2.5748.
    # CON (.8593 + .8) / 2.5748 = 64.44 %, STEM (.8593 + .2148) / 2.5748 = 41.72 %,
    # MFG .7006 / 2.5748 = 27.21 %. Electrician counts in both of its clusters.
    result = rank_occupations(REALISTIC, CATALOG)

    assert result.top_clusters == (
        ClusterScore("CON", 64.4, 2),
        ClusterScore("STEM", 41.7, 2),
        ClusterScore("MFG", 27.2, 1),
    )


def test_top_clusters_only_look_at_the_pool():
    # The best two are Electrician (CON, STEM) and Carpenter (CON): CON 100 %, STEM .8593/1.6593.
    result = rank_occupations(REALISTIC, CATALOG, cluster_pool=2)
    assert result.top_clusters == (ClusterScore("CON", 100.0, 2), ClusterScore("STEM", 51.8, 1))


def test_top_clusters_for_an_artistic_social_youth():
    # Positive r: Musician .9813 + Designer .6124 (ART), Art Therapist .9357 (HLT),
    # Teacher .8544 (EDU); total 3.3838 → ART 47.10, HLT 27.65, EDU 25.25 (25.2502).
    result = rank_occupations(ARTISTIC_SOCIAL, CATALOG)

    assert result.top_clusters == (
        ClusterScore("ART", 47.1, 2),
        ClusterScore("HLT", 27.7, 1),
        ClusterScore("EDU", 25.3, 1),
    )


def test_outside_your_usual_for_a_realistic_youth():
    # Low areas: second-lowest score is 0 → I, A, S, E, C. Top clusters CON, STEM, MFG excluded.
    # Cluster means (each sums to 18, so the mean of means is 3):
    #   ART  (Designer, Musician) (1.5, 2, 7, 3.5, 3, 1) → peak A, 7 − 3 = 4
    #   HLT  (Art Therapist)      (1, 2, 5, 7, 2, 1)    → peak S, 7 − 3 = 4
    #   EDU  (Teacher)            (1, 3, 4, 6, 3, 1)    → peak S, 6 − 3 = 3
    #   BUS  (Sales, Bookkeeper, Generalist) (5/3, 7/3, 5/3, 7/3, 16/3, 14/3) → peak E, 7/3
    # Ordered by prominence, ties by key: ART, HLT, EDU, BUS.
    result = rank_occupations(REALISTIC, CATALOG, outside_count=4)

    assert result.low_areas == ("I", "A", "S", "E", "C")
    assert result.outside_usual == (
        OutsideCluster("ART", "A", 2),
        OutsideCluster("HLT", "S", 1),
        OutsideCluster("EDU", "S", 1),
        OutsideCluster("BUS", "E", 3),
    )
    assert len(rank_occupations(REALISTIC, CATALOG).outside_usual) == 3


def test_outside_your_usual_for_an_artistic_social_youth():
    # Scores sorted 10 (R), 10 (C), 20, 30, 80, 90: low areas R and C.
    # ART, HLT, EDU are top clusters. CON mean (7, 3, 1, 1, 2, 4) peaks at R (7 − 3 = 4);
    # MFG (6, 3, 1, 1, 2, 5) peaks at R (6 − 3 = 3); STEM (4, 6, 5/3, 1, 5/3, 11/3) peaks at I
    # and BUS at E, which are not low areas.
    result = rank_occupations(ARTISTIC_SOCIAL, CATALOG)

    assert result.low_areas == ("R", "C")
    assert result.outside_usual == (OutsideCluster("CON", "R", 2), OutsideCluster("MFG", "R", 1))


def test_low_areas_are_the_two_lowest_and_their_ties():
    # Sorted: E 10, A 20, S 40, C 60, I 70, R 90 → the two lowest, E and A, in R…C order.
    distinct = {"R": 90.0, "I": 70.0, "A": 20.0, "S": 40.0, "E": 10.0, "C": 60.0}
    assert rank_occupations(distinct, CATALOG).low_areas == ("A", "E")
    # S ties with the second-lowest, so it joins them.
    tied = distinct | {"S": 20.0}
    assert rank_occupations(tied, CATALOG).low_areas == ("A", "S", "E")


def test_low_areas_with_three_reported_take_the_lowest_only():
    result = rank_occupations({"R": 10.0, "I": 50.0, "A": 40.0}, CATALOG)
    assert result.low_areas == ("R",)


def test_profile_rejects_bad_values():
    with pytest.raises(ValueError, match="six finite"):
        OccupationProfile(1, "x", "x", 1, 1, (1.0, 2.0, 3.0, 4.0, 5.0, math.inf))
    with pytest.raises(ValueError, match="twice"):
        profile(1, "x", "x", 1, 1, (1, 2, 3, 4, 5, 6), ("A", "A"))


def load_real_catalog() -> list[tuple[OccupationProfile, str]]:
    path = next((p for p in REAL_CATALOGS if p.exists()), None)
    assert path is not None, f"no occupations.csv at any of {REAL_CATALOGS}"
    loaded = []
    with path.open(newline="", encoding="utf-8") as handle:
        for n, raw in enumerate(csv.DictReader(handle)):
            row = {key.lower(): value for key, value in raw.items()}
            if not row["riasec_r"]:
                continue
            r, i, a, s, e, c = (float(row[f"riasec_{code}"]) for code in "riasec")
            occupation = OccupationProfile(
                n, row["soc_code"], row["title"], None, None, (r, i, a, s, e, c)
            )
            loaded.append((occupation, row["holland_code"]))
    return loaded


def test_real_catalog_all_realistic_top_ten_are_r_first():
    catalog = load_real_catalog()
    codes = {occupation.id: code for occupation, code in catalog}
    result = rank_occupations(REALISTIC, [occupation for occupation, _ in catalog])

    assert len(catalog) > 800
    top = result.matches[:10]
    assert [codes[m.occupation.id][0] for m in top] == ["R"] * 10
