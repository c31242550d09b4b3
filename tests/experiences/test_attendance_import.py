"""Reading attendance files, without a database: headers, encodings and each kind of row."""

from __future__ import annotations

import pytest

from ccl_youth.experiences.attendance_import import (
    BAD_MINUTES,
    BAD_PRESENT,
    MAX_BYTES,
    NO_USERNAME,
    ImportLine,
    parse_attendance_csv,
    template_csv,
)


def test_every_kind_of_row_is_read_with_its_spreadsheet_row_number() -> None:
    data = (
        b"Username , Minutes,PRESENT,notes\r\n"
        b"Aaliyah,,yes,came late\r\n"
        b"ben,30,\r\n"
        b"\r\n"  # a blank row keeps its number: the next one is row 5
        b"camila,,No\r\n"
        b"diego,ninety,yes\r\n"
        b",20,yes\r\n"
        b"ethan,0,yes\r\n"
        b"fatima,1441\r\n"
        b"gus,45,maybe\r\n"
        b"hana,1440,x\r\n"
    )
    parsed = parse_attendance_csv(data)
    assert parsed.error is None
    assert parsed.lines == (
        ImportLine(2, "aaliyah", None, True),
        ImportLine(3, "ben", 30, True),
        ImportLine(5, "camila", None, False),
        ImportLine(6, "diego", None, True, BAD_MINUTES),
        ImportLine(7, "", 20, True, NO_USERNAME),
        ImportLine(8, "ethan", None, True, BAD_MINUTES),
        ImportLine(9, "fatima", None, True, BAD_MINUTES),
        ImportLine(10, "gus", 45, True, BAD_PRESENT),
        ImportLine(11, "hana", 1440, True),
    )


def test_only_a_username_column_is_needed_and_a_bom_is_fine() -> None:
    parsed = parse_attendance_csv("\ufeffusername\nzoe\nkai\n".encode())
    assert parsed.error is None
    assert [(line.username, line.minutes, line.is_present) for line in parsed.lines] == [
        ("zoe", None, True),
        ("kai", None, True),
    ]


def test_quoted_cells_and_semicolons_in_them() -> None:
    parsed = parse_attendance_csv(b'username,minutes\n"mei",\n"leo ",  15 \n')
    assert [(line.username, line.minutes) for line in parsed.lines] == [("mei", None), ("leo", 15)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,minutes\nzoe,10\n", "the username column is missing"),
        (b"username,present,Username\nzoe,yes,zoe\n", "The column username appears twice"),
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (b"username\n\n", "no youth in it"),
        ("username\nzoë\n".encode("latin-1"), "not UTF-8"),
        (b"username\nzo\x00e\n", "not a CSV text file"),
        (b"username\n" + b"y\n" * (MAX_BYTES // 2), "larger than 1 MB"),
        (b"username\n" + b"".join(b"y%d\n" % i for i in range(2001)), "more than 2,000 rows"),
    ],
)
def test_a_file_that_cannot_be_read_imports_nothing_and_says_why(data: bytes, message: str) -> None:
    parsed = parse_attendance_csv(data)
    assert parsed.lines == ()
    assert parsed.error is not None and message in parsed.error


def test_the_template_reads_as_two_rows() -> None:
    parsed = parse_attendance_csv(template_csv().encode())
    assert parsed.error is None
    assert [(line.username, line.minutes, line.is_present) for line in parsed.lines] == [
        ("example.youth1", None, True),
        ("example.youth2", 30, False),
    ]
