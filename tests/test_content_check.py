"""The app refuses to start on broken content, with the messages ``content validate`` prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccl_youth import create_app
from ccl_youth.extensions import db, limiter
from tests.conftest import TEST_CONFIG
from tests.contentkit import CONTENT, copy_content, replace_once, set_csv_field


def test_the_default_content_path_is_the_project_content_folder(app):
    assert Path(app.config["CONTENT_PATH"]) == CONTENT
    assert app.config["CONTENT_CHECK_ON_START"] is True


def test_broken_content_stops_the_app_naming_file_entry_and_field(tmp_path):
    root = copy_content(tmp_path)
    row = set_csv_field(root / "careers/occupations.csv", "job_zone", "9")
    replace_once(root / "instruments/riasec-48.yaml", "{key: s3, area: S,", "{key: s3, area: X,")
    with pytest.raises(RuntimeError) as caught:
        create_app({**TEST_CONFIG, "CONTENT_PATH": str(root)})
    assert str(caught.value) == (
        f"The app cannot start: the content in {root} is broken. 2 problems in content:\n"
        f"  careers/occupations.csv line 2, {row['soc_code']}: job_zone: "
        "must be a whole number from 1 to 5, got '9'\n"
        "  instruments/riasec-48.yaml, item s3: area: 'X' is not one of the areas "
        "(R, I, A, S, E, C)"
    )


def test_a_missing_content_folder_stops_the_app(tmp_path):
    with pytest.raises(RuntimeError, match="content folder not found"):
        create_app({**TEST_CONFIG, "CONTENT_PATH": str(tmp_path / "nowhere")})


def test_the_check_can_be_turned_off(app, tmp_path):
    second = create_app(
        {
            **TEST_CONFIG,
            "CONTENT_PATH": str(tmp_path / "nowhere"),
            "CONTENT_CHECK_ON_START": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/second.sqlite3",
        }
    )
    try:
        assert second.config["CONTENT_PATH"] == str(tmp_path / "nowhere")
    finally:
        with second.app_context():
            db.engine.dispose()
        limiter.init_app(app)
