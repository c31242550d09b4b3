"""``flask content validate`` and ``flask content sync``."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.assessments.models import InstrumentItem
from ccl_youth.careers.models import Occupation
from ccl_youth.extensions import db
from tests.contentkit import copy_content, real_content, replace_once, set_csv_field


@pytest.fixture
def cli(app: Flask):  # noqa: ANN201
    runner = app.test_cli_runner()

    def invoke(*args: str):  # noqa: ANN202
        return runner.invoke(args=["content", *args])

    return invoke


def test_validate_reports_ok_with_counts(cli):
    result = cli("validate")
    assert result.exit_code == 0, result.output
    occupations = len(real_content().occupations)
    assert re.fullmatch(
        r"OK .*content: 30 clusters with 145 pathways and sub-clusters, "
        rf"{occupations} occupations, \d+ occupation links, 3 instruments with 94 items "
        r"\(checked in \d+ ms\)\n",
        result.output,
    )


def test_validate_lists_every_problem_and_exits_1(cli, tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupations.csv", "job_zone", "6")
    replace_once(root / "instruments/riasec-48.yaml", "{key: i2, area: I,", "{key: r2, area: I,")
    result = cli("validate", "--path", str(root))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"careers/occupations.csv line 2, {row['soc_code']}: job_zone: "
        "must be a whole number from 1 to 5, got '6'\n"
        "instruments/riasec-48.yaml, item r2: key: is used by 2 items\n"
        f"2 problems in {root}\n"
    )


def test_sync_loads_everything_and_reports_counts(cli):
    result = cli("sync")
    assert result.exit_code == 0, result.output
    occupations = len(real_content().occupations)
    lines = result.output.splitlines()
    assert lines[:2] == [
        "clusters: 175 added, 0 updated, 0 unchanged",
        f"occupations: {occupations} added, 0 updated, 0 unchanged",
    ]
    assert lines[3:5] == [
        "instruments: 3 added, 0 updated, 0 unchanged",
        "items: 94 added, 0 updated, 0 unchanged",
    ]
    assert re.fullmatch(r"synced .*content: \d+ changes in \d+\.\d\d s", lines[5])
    db.session.remove()
    assert db.session.scalar(select(func.count(Occupation.id))) == occupations
    assert db.session.scalar(select(func.count(InstrumentItem.id))) == 94

    again = cli("sync")
    assert again.exit_code == 0
    assert "items: 0 added, 0 updated, 94 unchanged" in again.output
    assert re.search(r"synced .*: 0 changes in ", again.output)


def test_sync_of_broken_content_changes_nothing(cli, tmp_path):
    root = copy_content(tmp_path)
    set_csv_field(root / "careers/occupations.csv", "title", "")
    result = cli("sync", "--path", str(root))
    assert result.exit_code == 1
    assert "title: is required" in result.stderr
    assert db.session.scalar(select(func.count(Occupation.id))) == 0
