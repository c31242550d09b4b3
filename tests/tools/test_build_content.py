"""``tools/build_content.py`` on a small made-up source: what it keeps, the local codes it
gives, how it derives the 2024 links, and that a rebuild is byte-identical."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

from ccl_youth.core.content import load_content
from tests.contentkit import CONTENT

TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_content.py"

OCCUPATION_COLUMNS = [
    *("soc_code", "soc2018_code", "title", "description", "job_zone"),
    *(f"riasec_{area}" for area in "RIASEC"),
    *("holland_code", "onet_education_mode_category", "onet_education_mode"),
    *("onet_education_mode_pct", "bls_typical_entry_education", "median_annual_wage_usd"),
    *("median_hourly_wage_usd", "oews_employment", "oews_soc_used", "wage_note"),
    *("bls_employment_2024", "bls_employment_2034", "bls_employment_change_pct_2024_34"),
    *("bls_annual_openings_2024_34", "bls_ep_soc_used"),
]
AGRICULTURE = "Agriculture, Food & Natural Resources"
STEM = "Science, Technology, Engineering & Mathematics"
INTERESTS = ("riasec_R", "riasec_I", "riasec_A", "riasec_S", "riasec_E", "riasec_C")


def occupation(soc_code: str, title: str, **values: str) -> list[str]:
    return [{"soc_code": soc_code, "title": title, **values}.get(c, "") for c in OCCUPATION_COLUMNS]


SOURCE: dict[str, list[list[str]]] = {
    "clusters.csv": [
        ["framework", "cluster_code", "cluster_name", "pathway_code", "pathway_name"]
        + ["grouping_code", "is_cross_cutting", "code_note"],
        ["legacy_16", "1.0000", AGRICULTURE, "1.01", "Agribusiness Systems", "", "", ""],
        ["legacy_16", "1.0000", AGRICULTURE, "1.03", "Environmental Service Systems", "", "", ""],
        ["legacy_16", "15.0000", STEM, "15.02", "Science and Mathematics", "", "", ""],
        ["ncc_2024", "050100", "Agriculture", "", "Plant Systems", "05", "N", ""],
        ["ncc_2024", "050100", "Agriculture", "", "Animal Systems", "05", "N", ""],
        ["ncc_2024", "050200", "Energy & Natural Resources", "", "Utilities", "05", "N", ""],
        ["ncc_2024", "040200", "Healthcare & Human Services", "", "Physical Health", "04", "N", ""],
        ["ncc_2024", "060100", "Digital Technology", "", "Web & Cloud", "06", "Y", ""],
    ],
    "legacy_to_modern_cluster_map.csv": [
        ["legacy_cluster_code", "legacy_cluster_name", "modern_cluster_code"]
        + ["modern_cluster_name", "note"],
        ["1.0000", AGRICULTURE, "050100", "Agriculture", "split"],
        ["15.0000", STEM, "", "", "eliminated"],
    ],
    "occupations.csv": [
        OCCUPATION_COLUMNS,
        occupation(
            "11-9013.00",
            "Farmers",
            description="Run farms.",
            job_zone="4",
            **dict(zip(INTERESTS, ("5.5", "2", "1", "2", "5", "3"), strict=True)),
            holland_code="RE",
            onet_education_mode_category="6",
            onet_education_mode="Bachelor's Degree",
            median_annual_wage_usd="87980",
            median_hourly_wage_usd="42.3",
            bls_employment_change_pct_2024_34="-1.5",
            bls_annual_openings_2024_34="80000",
        ),
        occupation(
            "19-1021.00",
            "Biochemists",
            description="Study the chemistry of life.",
            job_zone="5",
            **dict(zip(INTERESTS, ("3", "7", "1.5", "2", "2", "3"), strict=True)),
            holland_code="IR",
            median_annual_wage_usd="107460",
        ),
        occupation("11-9199.00", "Managers, All Other", median_annual_wage_usd="141900"),
    ],
    "occupation_clusters.csv": [
        ["framework", "soc_code", "occupation_title", "cluster_code", "cluster_name"]
        + ["pathway_code", "pathway_name", "multi_cluster", "soc_code_in_onet_29_3"],
        ["legacy_16", "11-9013.00", "Farmers", "1.0000", "A", "1.01", "Agribusiness", "Y", "Y"],
        ["legacy_16", "11-9013.00", "Farmers", "1.0000", "A", "1.03", "Environment", "Y", "Y"],
        ["legacy_16", "19-1021.00", "Biochemists", "15.0000", "S", "15.02", "Science", "N", "Y"],
        ["legacy_16", "11-9199.00", "Managers", "1.0000", "A", "1.01", "Agribusiness", "N", "Y"],
    ],
}


def write_source(folder: Path) -> None:
    folder.mkdir()
    for name, table in SOURCE.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(table)


def run_tool(source: Path, out: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_content", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(source), "--out", str(out)]) == 0


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_converter_builds_loadable_careers_files(tmp_path, capsys):
    source = tmp_path / "source"
    write_source(source)
    out = tmp_path / "content"
    run_tool(source, out)
    careers = out / "careers"

    clusters = {(r["framework"], r["code"]): r for r in rows(careers / "clusters.csv")}
    assert clusters[("legacy_16", "1.03")]["parent_code"] == "1.0000"
    # 2024 sub-clusters get local codes, alphabetically within their cluster.
    assert clusters[("ncc_2024", "050100.01")]["name"] == "Animal Systems"
    assert clusters[("ncc_2024", "050100.02")]["name"] == "Plant Systems"
    assert clusters[("ncc_2024", "060100")]["is_cross_cutting"] == "Y"
    assert clusters[("legacy_16", "1.0000")]["summary"]

    occupations = rows(careers / "occupations.csv")
    assert [o["soc_code"] for o in occupations] == ["11-9013.00", "19-1021.00"]
    farmers = occupations[0]
    assert (farmers["riasec_r"], farmers["education_level"], farmers["education"]) == (
        "5.5",
        "6",
        "Bachelor's Degree",
    )
    assert (farmers["median_annual_wage"], farmers["employment_change_pct"]) == ("87980", "-1.5")
    assert occupations[1]["median_hourly_wage"] == ""

    links = {tuple(r.values()) for r in rows(careers / "occupation_clusters.csv")}
    assert links == {
        ("legacy_16", "1.01", "11-9013.00"),
        ("legacy_16", "1.03", "11-9013.00"),
        ("legacy_16", "15.02", "19-1021.00"),
        ("ncc_2024", "050100", "11-9013.00"),  # the cluster map
        ("ncc_2024", "050200", "11-9013.00"),  # a pathway refinement
        ("ncc_2024", "040200", "19-1021.00"),  # a SOC-prefix refinement of STEM
    }
    assert "1 without interest data left out" in capsys.readouterr().out

    # The output loads with the real instruments and framework files beside it, and a rebuild
    # changes nothing.
    (out / "instruments").symlink_to(CONTENT / "instruments")
    (out / "badges").symlink_to(CONTENT / "badges")
    for name in ("framework.yaml", "experience_types.yaml", "reflection_prompts.yaml"):
        (out / name).symlink_to(CONTENT / name)
    for name in ("skills.yaml", "graduation_requirements.yaml"):
        (out / name).symlink_to(CONTENT / name)
    # The made-up source has only a few 2024 clusters, so the badges lose their cluster codes.
    badges = (CONTENT / "badges.yaml").read_text(encoding="utf-8")
    badges = re.sub(r"(?m)^  clusters: \[.*\]$", "  clusters: []", badges)
    (out / "badges.yaml").write_text(badges, encoding="utf-8")
    assert len(load_content(out).occupations) == 2
    before = {p.name: p.read_bytes() for p in careers.iterdir()}
    run_tool(source, out)
    assert {p.name: p.read_bytes() for p in careers.iterdir()} == before
