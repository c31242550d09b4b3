"""Configuration defaults. Order of precedence: these defaults, then ``instance/config.py``,
then the environment (SECRET_KEY, DATABASE_URL, REDIS_URL, CCL_*), then test overrides."""

from __future__ import annotations

import os
from typing import Any

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Uploaded files (training agreements, evidence) may be up to 10 MB; other form fields stay
    # small through MAX_FORM_MEMORY_SIZE.
    "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 500_000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": None,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
    "REMEMBER_COOKIE_DURATION": 0,
    "WTF_CSRF_TIME_LIMIT": 60 * 60 * 12,
    "RATELIMIT_HEADERS_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",
    # Sign-in throttles: failed attempts per account, and per address.
    "SIGN_IN_LIMIT_PER_ACCOUNT": "5 per 5 minutes",
    "SIGN_IN_LIMIT_PER_ADDRESS": "30 per 5 minutes",
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 65536,
    "ARGON2_PARALLELISM": 4,
    "BABEL_DEFAULT_LOCALE": "en",
    "API_TITLE": "ccl_youth API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "ROSTER_PAGE_SIZE": 50,
    "API_MAX_PAGE_SIZE": 100,
    # The content/ folder (CONTENT_PATH, default: beside the package) is checked at start-up;
    # the app refuses to start on broken content unless this is off.
    "CONTENT_CHECK_ON_START": True,
    # Uploaded files live outside the web root, served only through authorised views
    # (UPLOADS_PATH; default: instance/uploads).
    "UPLOADS_PATH": "",
    # The public address credentials name as their issuer and key home, e.g.
    # "https://ccl.example.org" (default: the address of the request that builds them).
    "CREDENTIAL_BASE_URL": "",
}

ENV_KEYS = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL": "REDIS_URL",
}


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Settings read from the environment: the three named keys and any ``CCL_<NAME>``."""
    found: dict[str, Any] = {}
    for env_name, key in ENV_KEYS.items():
        if environ.get(env_name):
            found[key] = environ[env_name]
    for name, value in environ.items():
        if name.startswith("CCL_"):
            found[name[4:]] = _coerce(value)
    return found


def _coerce(value: str) -> Any:
    lowered = value.lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off"}:
        return False
    if value.isdigit():
        return int(value)
    return value


def normalise_database_url(url: str) -> str:
    """Accept plain postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
