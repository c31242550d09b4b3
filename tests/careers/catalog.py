"""A small career catalog with hand-checkable search results, shared by the careers tests.

Clusters (2024 framework): Health & Care (sub-clusters Nursing, Therapy) and Building & Making.
Clusters (16 framework): Health Science (pathways Support Services, Therapeutic Services).

| occupation                        | zone | education | 2024 clusters    | 16 pathways          |
|-----------------------------------|------|-----------|------------------|----------------------|
| Registered Nurses                 | 3    | 6         | Health & Care    | Therapeutic, Support |
| Nurse Practitioners               | 5    | 8         | Health & Care    | Therapeutic          |
| Home Health Aides                 | 2    | 2         | Nursing (sub)    | Support              |
| Carpenters                        | 2    | 2         | Building         |                      |
| Art Directors                     | 4    | —         |                  |                      |
| Fine Artists, Including Painters  | 3    | —         |                  |                      |
| Graphic Designers                 | 4    | —         |                  |                      |
| Cartographers and Photogrammetrists | —  | —         |                  |                      |

Interest profiles (R, I, A, S, E, C) are chosen so that the squared distances from Registered
Nurses are: Nurse Practitioners 2, Home Health Aides 18, Cartographers 55, Art Directors 86,
Fine Artists 88, Carpenters 89, Graphic Designers 92.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccl_youth.careers.models import CareerCluster, Occupation
from tests.factories import make_cluster, make_occupation


@dataclass(frozen=True)
class Catalog:
    health: CareerCluster
    nursing: CareerCluster
    therapy: CareerCluster
    building: CareerCluster
    health_science: CareerCluster
    support: CareerCluster
    therapeutic: CareerCluster
    nurses: Occupation
    practitioners: Occupation
    aides: Occupation
    carpenters: Occupation
    art_directors: Occupation
    artists: Occupation
    designers: Occupation
    cartographers: Occupation


def make_catalog() -> Catalog:
    health = make_cluster(
        "Health & Care", code="040200", summary="Keeping people healthy and caring for them."
    )
    nursing = make_cluster("Nursing", parent=health, code="040200.01")
    therapy = make_cluster("Therapy", parent=health, code="040200.02")
    building = make_cluster("Building & Making", code="010200", is_cross_cutting=True)
    health_science = make_cluster("Health Science", framework="legacy_16", code="8.0000")
    support = make_cluster(
        "Support Services", framework="legacy_16", parent=health_science, code="8.04"
    )
    therapeutic = make_cluster(
        "Therapeutic Services", framework="legacy_16", parent=health_science, code="8.05"
    )
    nurses = make_occupation(
        "Registered Nurses",
        soc_code="29-1141.00",
        description=(
            "Assess patient health problems and needs, develop and implement nursing care plans, "
            "and maintain medical records. Administer nursing care to ill or injured patients."
        ),
        job_zone=3,
        riasec=(1, 5, 1, 7, 1, 1),
        holland_code="SIC",
        education_level=6,
        education="Bachelor's Degree",
        median_annual_wage=93600,
        median_hourly_wage=45.0,
        employment_change_pct=5.2,
        annual_openings=189100,
        clusters=[health, therapeutic, support],
    )
    practitioners = make_occupation(
        "Nurse Practitioners",
        soc_code="29-1171.00",
        description=(
            "Diagnose and treat acute, episodic, or chronic illness. May visit patients at home. "
            "Promote health and prevent disease."
        ),
        job_zone=5,
        riasec=(1, 6, 1, 6, 1, 1),
        education_level=8,
        education="Master's Degree",
        median_annual_wage=129210,
        employment_change_pct=40.1,
        clusters=[health, therapeutic],
    )
    aides = make_occupation(
        "Home Health Aides",
        soc_code="31-1121.00",
        description="Monitor the condition of people with disabilities. Assist nurses and doctors.",
        job_zone=2,
        riasec=(2, 1, 1, 7, 1, 2),
        education_level=2,
        education="High School Diploma",
        median_hourly_wage=16.78,
        employment_change_pct=-0.4,
        clusters=[nursing, support],
    )
    carpenters = make_occupation(
        "Carpenters",
        soc_code="47-2031.00",
        description="Construct, erect, install, or repair structures made of wood.",
        job_zone=2,
        riasec=(7, 1, 1, 1, 1, 2),
        education_level=2,
        education="High School Diploma",
        employment_change_pct=-3.4,
        clusters=[building],
    )
    art_directors = make_occupation(
        "Art Directors",
        soc_code="27-1011.00",
        description="Formulate design concepts and presentation approaches for visual projects.",
        job_zone=4,
        riasec=(1, 2, 7, 2, 5, 1),
    )
    artists = make_occupation(
        "Fine Artists, Including Painters",
        soc_code="27-1013.00",
        description="Create original works of art, using any of a wide variety of media.",
        job_zone=3,
        riasec=(1, 1, 7, 1, 1, 1),
    )
    designers = make_occupation(
        "Graphic Designers",
        soc_code="27-1024.00",
        description="Design or create graphics for print and digital media, including artwork.",
        job_zone=4,
        riasec=(1, 1, 7, 1, 1, 3),
    )
    cartographers = make_occupation(
        "Cartographers and Photogrammetrists",
        soc_code="17-1021.00",
        description="Collect and interpret geographic information with computer-aided tools.",
        job_zone=None,
        riasec=(2, 6, 2, 1, 1, 5),
    )
    return Catalog(
        health=health,
        nursing=nursing,
        therapy=therapy,
        building=building,
        health_science=health_science,
        support=support,
        therapeutic=therapeutic,
        nurses=nurses,
        practitioners=practitioners,
        aides=aides,
        carpenters=carpenters,
        art_directors=art_directors,
        artists=artists,
        designers=designers,
        cartographers=cartographers,
    )
