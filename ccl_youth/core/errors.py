"""Domain errors raised by services and policies; the web layer maps them to HTTP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error a service raises on purpose."""


class NotFound(DomainError):
    """The thing does not exist, or the actor may not know that it does."""


class Forbidden(DomainError):
    """The actor can see the thing but may not do this to it."""


class ValidationFailed(DomainError):
    """Input broke a rule; ``errors`` maps each field name to its messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]] | None = None, /, **fields: str) -> None:
        merged: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}
        for name, message in fields.items():
            merged.setdefault(name, []).append(message)
        self.errors = merged
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in merged.items()))


class Throttled(DomainError):
    """Too many attempts; try again later."""
