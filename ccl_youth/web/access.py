"""Decorators and helpers views use to know who is acting and to refuse everyone else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ccl_youth.accounts.models import User
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def actor() -> User:
    """The signed-in user (views behind ``roles_required`` only)."""
    return cast(User, current_user._get_current_object())  # type: ignore[attr-defined]


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let only signed-in users of these roles through: others are sent to sign in (pages)
    or get 401 (API), and signed-in users of another role get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
            if Role(current_user.role) not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def youth_or_404(youth_id: int, action: Action = Action.VIEW_YOUTH) -> User:
    """The youth if the actor may do ``action`` to them; 404 when out of scope, 403 when
    visible but not allowed (through the one policy)."""
    require(db.session, actor(), action, youth_id)
    youth = db.session.get(User, youth_id)
    if youth is None:
        raise NotFound("youth")
    return youth
