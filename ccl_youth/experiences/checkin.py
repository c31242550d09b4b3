"""Signed check-in tokens for the QR code staff show at an activity.

A token carries the activity id and the moment it stops working, signed with the app's secret
(itsdangerous, salt ``checkin``). Nothing is stored: anyone holding an unexpired token for an
activity may check in to it, so the window staff choose is short. Pure: the secret comes in as
a parameter, so this module never needs Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer

SALT = "checkin"
#: The windows (minutes) staff may choose, and the one offered first.
WINDOWS = (5, 10, 15, 30, 60)
DEFAULT_WINDOW = 15
#: What a token looks like in a URL: itsdangerous' payload.timestamp.signature (the payload
#: may start with a dot when compressed). Anything else matches no route.
TOKEN_PATTERN = r"\.?[A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{1,20}\.[A-Za-z0-9_-]{1,100}"
_TOKEN = re.compile(TOKEN_PATTERN)


class CheckinTokenError(Exception):
    """The token was not made by this app (tampered, truncated, another secret)."""


class CheckinTokenExpired(Exception):
    """The token is genuine but its window has closed."""

    def __init__(self, activity_id: int, expires_dt: datetime) -> None:
        super().__init__(f"check-in for activity {activity_id} closed at {expires_dt}")
        self.activity_id = activity_id
        self.expires_dt = expires_dt


@dataclass(frozen=True)
class CheckinTicket:
    activity_id: int
    expires_dt: datetime


def _serializer(secret: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def make_checkin_token(secret: str | bytes, activity_id: int, expires_dt: datetime) -> str:
    """A token for ``activity_id`` that works until ``expires_dt`` (timezone-aware)."""
    if expires_dt.tzinfo is None:
        raise ValueError("expires_dt must be timezone-aware")
    return str(_serializer(secret).dumps({"a": activity_id, "e": int(expires_dt.timestamp())}))


def expiry_for(window_minutes: int, now: datetime) -> datetime:
    """When a window opened at ``now`` closes; ValueError for a window not in ``WINDOWS``."""
    if window_minutes not in WINDOWS:
        raise ValueError(f"window must be one of {WINDOWS}")
    return now + timedelta(minutes=window_minutes)


def read_checkin_token(secret: str | bytes, token: str, now: datetime) -> CheckinTicket:
    """The ticket a token carries. Raises CheckinTokenError when it is not genuine and
    CheckinTokenExpired when its window closed at or before ``now``."""
    if not _TOKEN.fullmatch(token):
        raise CheckinTokenError("malformed")
    try:
        payload = _serializer(secret).loads(token)
    except BadData as error:
        raise CheckinTokenError("bad signature") from error
    if not isinstance(payload, dict):
        raise CheckinTokenError("bad payload")
    activity_id, expires = payload.get("a"), payload.get("e")
    if type(activity_id) is not int or type(expires) is not int or activity_id < 1:
        raise CheckinTokenError("bad payload")
    expires_dt = datetime.fromtimestamp(expires, tz=UTC)
    if now >= expires_dt:
        raise CheckinTokenExpired(activity_id, expires_dt)
    return CheckinTicket(activity_id, expires_dt)
