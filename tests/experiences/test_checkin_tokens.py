"""Check-in tokens, without Flask or a database: made and read with a secret passed in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from ccl_youth.experiences.checkin import (
    SALT,
    TOKEN_PATTERN,
    WINDOWS,
    CheckinTicket,
    CheckinTokenError,
    CheckinTokenExpired,
    expiry_for,
    make_checkin_token,
    read_checkin_token,
)

SECRET = "a-secret-for-tests"


def tampered(token: str) -> str:
    """The first character of the signature changed (the last may carry only padding bits)."""
    body, signature = token.rsplit(".", 1)
    return f"{body}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def test_a_token_carries_the_activity_and_its_expiry() -> None:
    expires = NOW + timedelta(minutes=15)
    token = make_checkin_token(SECRET, 42, expires)
    assert re.fullmatch(TOKEN_PATTERN, token)
    assert read_checkin_token(SECRET, token, NOW) == CheckinTicket(42, expires)
    # Still good one second before it closes, not at the closing moment.
    assert read_checkin_token(SECRET, token, expires - timedelta(seconds=1)).activity_id == 42
    with pytest.raises(CheckinTokenExpired) as closed:
        read_checkin_token(SECRET, token, expires)
    assert closed.value.activity_id == 42 and closed.value.expires_dt == expires


def test_a_token_made_with_a_past_expiry_is_expired() -> None:
    token = make_checkin_token(SECRET, 7, NOW - timedelta(minutes=1))
    with pytest.raises(CheckinTokenExpired):
        read_checkin_token(SECRET, token, NOW)


@pytest.mark.parametrize(
    "change",
    [
        tampered,  # the signature
        lambda t: ("x" if t[0] != "x" else "y") + t[1:],  # the payload
        lambda t: t[: len(t) // 2],  # cut short
        lambda t: t + "x",
        lambda t: "",
        lambda t: "1.5",
        lambda t: "not a token at all",
    ],
)
def test_a_changed_token_is_not_genuine(change) -> None:  # noqa: ANN001
    token = make_checkin_token(SECRET, 42, NOW + timedelta(minutes=5))
    with pytest.raises(CheckinTokenError):
        read_checkin_token(SECRET, change(token), NOW)


def test_another_secret_or_salt_does_not_open_it() -> None:
    token = make_checkin_token(SECRET, 42, NOW + timedelta(minutes=5))
    with pytest.raises(CheckinTokenError):
        read_checkin_token("another-secret", token, NOW)
    # The same secret for another purpose (another salt) makes a token that is refused too.
    other = URLSafeTimedSerializer(SECRET, salt="password-reset").dumps({"a": 42, "e": 9**10})
    with pytest.raises(CheckinTokenError):
        read_checkin_token(SECRET, str(other), NOW)


@pytest.mark.parametrize(
    "payload",
    [[42, 2_000_000_000], {"a": "42", "e": 2_000_000_000}, {"a": 42}, {"a": 0, "e": 2**31},
     {"a": True, "e": 2_000_000_000}, "42"],
)  # fmt: skip
def test_a_genuine_token_with_the_wrong_shape_is_refused(payload: object) -> None:
    token = str(URLSafeTimedSerializer(SECRET, salt=SALT).dumps(payload))
    with pytest.raises(CheckinTokenError):
        read_checkin_token(SECRET, token, NOW)


def test_windows_and_naive_times() -> None:
    assert WINDOWS == (5, 10, 15, 30, 60)
    assert expiry_for(30, NOW) == NOW + timedelta(minutes=30)
    with pytest.raises(ValueError):
        expiry_for(45, NOW)
    with pytest.raises(ValueError):
        make_checkin_token(SECRET, 1, datetime(2026, 1, 1))  # noqa: DTZ001
