"""``core/content.py``: the real content loads; broken copies fail with messages that name the
file, the entry and the field."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from time import perf_counter

import pytest

from ccl_youth.core.content import ContentError, load_content
from tests.contentkit import CONTENT, copy_content, real_content, replace_once, set_csv_field

# --- the real content ----------------------------------------------------------------------


def test_the_real_content_loads():
    content = real_content()
    assert content.root == CONTENT
    assert {i.slug for i in content.instruments} == {
        "riasec-48",
        "riasec-elementary",
        "durable-skills-self",
    }


def test_both_cluster_frameworks_are_complete():
    clusters = real_content().clusters
    tops = Counter(c.framework for c in clusters if c.kind == "cluster")
    assert tops == {"legacy_16": 16, "ncc_2024": 14}
    children = Counter((c.framework, c.kind) for c in clusters if c.kind != "cluster")
    assert children == {("legacy_16", "pathway"): 73, ("ncc_2024", "subcluster"): 72}
    cross = {c.name for c in clusters if c.kind == "cluster" and c.is_cross_cutting}
    assert cross == {"Digital Technology", "Management & Entrepreneurship", "Marketing & Sales"}
    assert all(c.summary for c in clusters if c.kind == "cluster")


def test_about_a_thousand_occupations_with_full_interest_profiles():
    occupations = real_content().occupations
    assert 900 <= len(occupations) <= 1100
    assert len({o.soc_code for o in occupations}) == len(occupations)
    developers = next(o for o in occupations if o.soc_code == "15-1252.00")
    assert developers.title == "Software Developers"
    assert developers.job_zone == 4
    assert developers.holland_code.startswith("I")
    assert developers.median_annual_wage and developers.median_annual_wage > 50_000
    assert all(1 <= o.riasec_r <= 7 and o.holland_code for o in occupations)


def test_every_occupation_is_in_a_legacy_pathway_and_most_in_a_2024_cluster():
    content = real_content()
    kinds = {(c.framework, c.code): c.kind for c in content.clusters}
    by_framework: dict[str, set[str]] = {"legacy_16": set(), "ncc_2024": set()}
    for link in content.links:
        by_framework[link.framework].add(link.soc_code)
        expected = "pathway" if link.framework == "legacy_16" else "cluster"
        assert kinds[(link.framework, link.cluster_code)] == expected
    every = {o.soc_code for o in content.occupations}
    assert by_framework["legacy_16"] == every
    assert len(every - by_framework["ncc_2024"]) <= 15


def test_riasec_48_has_the_48_marker_items_eight_per_area():
    instrument = real_content().instrument("riasec-48")
    assert (instrument.kind, instrument.grade_min, instrument.grade_max) == ("riasec", 6, 12)
    assert len(instrument.items) == 48
    assert Counter(i.area for i in instrument.items) == dict.fromkeys("RIASEC", 8)
    assert [i.area for i in instrument.items[:6]] == list("RIASEC")
    assert instrument.items[0].text == "Test the quality of parts before shipment"
    assert [c.value for c in instrument.scale] == [1, 2, 3, 4, 5]
    assert instrument.scale[0].label == "Strongly dislike"
    assert "Armstrong, Allison and Rounds (2008)" in instrument.credit


def test_the_elementary_inventory_has_pictures_and_sources():
    instrument = real_content().instrument("riasec-elementary")
    assert (instrument.grade_min, instrument.grade_max) == (0, 5)
    assert len(instrument.items) == 24
    assert Counter(i.area for i in instrument.items) == dict.fromkeys("RIASEC", 4)
    assert all(i.icon and i.adapted_from for i in instrument.items)
    assert [c.label for c in instrument.scale] == ["No", "Not sure", "Yes"]
    assert all(a.summary_young for a in instrument.areas)
    assert "CC BY 4.0" in instrument.credit


def test_the_durable_skills_self_check():
    instrument = real_content().instrument("durable-skills-self")
    assert instrument.kind == "skills"
    assert [c.label for c in instrument.scale] == ["Not yet", "Sometimes", "Usually", "Always"]
    areas = Counter(i.area for i in instrument.items)
    assert set(areas) == {
        "collaboration",
        "communication",
        "critical_thinking",
        "creativity",
        "problem_solving",
        "self_management",
    }
    assert all(3 <= n <= 4 for n in areas.values())


def test_loading_is_fast_enough_to_do_at_start_up():
    started = perf_counter()
    load_content(CONTENT)
    # About 50 ms on a developer machine; generous for a busy CI runner.
    assert perf_counter() - started < 1.0


# --- broken copies ---------------------------------------------------------------------------


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return caught.value.messages


def test_a_bad_job_zone_names_file_line_occupation_and_field(tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupations.csv", "job_zone", "7")
    assert problems(root) == [
        f"careers/occupations.csv line 2, {row['soc_code']}: job_zone: "
        "must be a whole number from 1 to 5, got '7'"
    ]


def test_a_missing_title(tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupations.csv", "title", "", row=4)
    assert problems(root) == [
        f"careers/occupations.csv line 6, {row['soc_code']}: title: is required"
    ]


def test_a_bad_interest_score_and_a_bad_soc_code_are_both_reported(tmp_path):
    root = copy_content(tmp_path)
    first = set_csv_field(root / "careers/occupations.csv", "riasec_i", "high")
    second = set_csv_field(root / "careers/occupations.csv", "soc_code", "15-1252", row=1)
    messages = problems(root)
    assert messages[:2] == [
        f"careers/occupations.csv line 2, {first['soc_code']}: riasec_i: "
        "must be a number from 1 to 7, got 'high'",
        "careers/occupations.csv line 3, 15-1252: soc_code: "
        "must look like an O*NET-SOC code such as 15-1252.00, got '15-1252'",
    ]
    # The crosswalk still names the old code, which no longer exists.
    assert messages[2:]
    assert all(
        m.startswith("careers/occupation_clusters.csv line ")
        and m.endswith(
            f" {second['soc_code']}: soc_code: is not an occupation in careers/occupations.csv"
        )
        for m in messages[2:]
    )


def test_a_crosswalk_row_to_an_unknown_cluster(tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupation_clusters.csv", "cluster_code", "99.01")
    assert problems(root) == [
        f"careers/occupation_clusters.csv line 2, legacy_16 99.01 {row['soc_code']}: "
        "cluster_code: is not a cluster of legacy_16 in careers/clusters.csv"
    ]


def test_a_crosswalk_row_to_an_unknown_occupation(tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupation_clusters.csv", "soc_code", "99-9999.00")
    assert problems(root) == [
        f"careers/occupation_clusters.csv line 2, {row['framework']} {row['cluster_code']} "
        "99-9999.00: soc_code: is not an occupation in careers/occupations.csv"
    ]


def test_a_broken_occupation_does_not_also_break_its_crosswalk_rows(tmp_path):
    root = copy_content(tmp_path)
    set_csv_field(root / "careers/occupations.csv", "job_zone", "zero")
    assert len(problems(root)) == 1


def test_a_pathway_whose_cluster_does_not_exist(tmp_path):
    root = copy_content(tmp_path)
    set_csv_field(root / "careers/clusters.csv", "parent_code", "77.0000", row=1)
    assert problems(root) == [
        "careers/clusters.csv line 3, legacy_16 1.01: parent_code: "
        "must be the code of a cluster of legacy_16, got '77.0000'"
    ]


def test_a_missing_column_and_a_short_row(tmp_path):
    root = copy_content(tmp_path)
    replace_once(root / "careers/clusters.csv", ",summary\n", "\n")
    links = root / "careers/occupation_clusters.csv"
    first = links.read_text().splitlines()[1]
    replace_once(links, first + "\n", first.rsplit(",", 1)[0] + "\n")
    messages = problems(root)
    assert messages[0] == "careers/clusters.csv line 1, header: summary: column is missing"
    assert "careers/occupation_clusters.csv line 2, row: has 2 values, the header has 3" in messages


def test_a_missing_file(tmp_path):
    root = copy_content(tmp_path)
    (root / "careers/occupations.csv").unlink()
    # The crosswalk is not checked against a file that is not there.
    assert problems(root) == ["careers/occupations.csv: file is missing"]


def test_an_item_with_an_unknown_area(tmp_path):
    root = copy_content(tmp_path)
    replace_once(
        root / "instruments/riasec-48.yaml",
        "{key: s3, area: S,",
        "{key: s3, area: X,",
    )
    assert problems(root) == [
        "instruments/riasec-48.yaml, item s3: area: 'X' is not one of the areas (R, I, A, S, E, C)"
    ]


def test_a_duplicate_item_key(tmp_path):
    root = copy_content(tmp_path)
    replace_once(root / "instruments/riasec-48.yaml", "{key: i2, area: I,", "{key: r2, area: I,")
    assert problems(root) == ["instruments/riasec-48.yaml, item r2: key: is used by 2 items"]


def test_riasec_48_needs_eight_items_in_every_area(tmp_path):
    root = copy_content(tmp_path)
    replace_once(
        root / "instruments/riasec-48.yaml",
        '  - {key: c8, area: C, text: "Keep shipping and receiving records"}\n',
        "",
    )
    assert problems(root) == [
        "instruments/riasec-48.yaml, area C: items: has 7 items, items_per_area asks for 8"
    ]


def test_grade_band_scale_and_version_are_checked(tmp_path):
    root = copy_content(tmp_path)
    path = root / "instruments/riasec-elementary.yaml"
    replace_once(path, "grade_max: 5\n", "grade_max: 13\n")
    replace_once(path, '{value: 3, label: "Yes"', '{value: 2, label: "Yes"')
    replace_once(path, 'version: "1.0"', "version: 1.0")
    assert problems(root) == [
        "instruments/riasec-elementary.yaml, instrument: grade_max: "
        "must be a whole number from 0 to 12, got 13",
        "instruments/riasec-elementary.yaml, scale value 2: value: 2 is used by 2 choices",
        "instruments/riasec-elementary.yaml, instrument: version: "
        "must be text (put it in quotes), got 1.0",
    ]


def test_grade_min_above_grade_max(tmp_path):
    root = copy_content(tmp_path)
    replace_once(root / "instruments/durable-skills-self.yaml", "grade_min: 6", "grade_min: 9")
    replace_once(root / "instruments/durable-skills-self.yaml", "grade_max: 12", "grade_max: 8")
    assert problems(root) == [
        "instruments/durable-skills-self.yaml, instrument: grade_max: "
        "must not be below grade_min (9), got 8"
    ]


def test_unknown_fields_and_a_slug_that_is_not_the_file_name(tmp_path):
    root = copy_content(tmp_path)
    path = root / "instruments/durable-skills-self.yaml"
    replace_once(path, "slug: durable-skills-self", "slug: skills")
    replace_once(path, "{key: self_calm, area:", "{key: self_calm, colour: red, area:")
    assert problems(root) == [
        "instruments/durable-skills-self.yaml, instrument: slug: "
        "must match the file name (durable-skills-self), got 'skills'",
        "instruments/durable-skills-self.yaml, item self_calm: colour: unknown field",
    ]


def test_a_riasec_instrument_needs_the_six_areas(tmp_path):
    root = copy_content(tmp_path)
    path = root / "instruments/riasec-elementary.yaml"
    path.write_text(path.read_text().replace("area: C\n", "area: R\n"))
    replace_once(path, "  - code: C\n", "  - code: K\n")
    assert problems(root) == [
        "instruments/riasec-elementary.yaml, instrument: areas: "
        "a riasec instrument needs exactly the areas R, I, A, S, E, C",
        "instruments/riasec-elementary.yaml, area R: items: has 8 items, items_per_area asks for 4",
        "instruments/riasec-elementary.yaml, area K: items: has 0 items, items_per_area asks for 4",
    ]


def test_yaml_that_does_not_parse_names_the_line(tmp_path):
    root = copy_content(tmp_path)
    replace_once(root / "instruments/riasec-48.yaml", "grade_min: 6\n", "grade_min: [6\n")
    [message] = problems(root)
    assert message.startswith("instruments/riasec-48.yaml line ")
    assert "is not valid YAML" in message


def test_every_problem_is_reported_at_once(tmp_path):
    root = copy_content(tmp_path)
    set_csv_field(root / "careers/occupations.csv", "job_zone", "0")
    replace_once(root / "instruments/riasec-48.yaml", "{key: s3, area: S,", "{key: s3, area: X,")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert len(caught.value.messages) == 2
    assert str(caught.value).startswith("2 problems in content:\n  careers/occupations.csv line 2")


def test_a_folder_that_does_not_exist(tmp_path):
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: content folder not found"]
