"""Error pages in plain words, and JSON errors for the API."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_, Message
from ccl_youth.web.i18n import error_text, translate

MESSAGES: dict[int, tuple[Message, Message]] = {
    400: (
        N_("Something in that request was not right"),
        N_("Go back, check what you entered and try again."),
    ),
    401: (N_("Please sign in"), N_("You need to sign in to see this page.")),
    403: (
        N_("This page is not for your account"),
        N_("Your account cannot open this page. If you think it should, ask your program leader."),
    ),
    404: (
        N_("We could not find that page"),
        N_("The link may be old or mistyped, or the page is not shared with your account."),
    ),
    405: (N_("That did not work"), N_("This page cannot be used that way. Go back and try again.")),
    413: (
        N_("That was too big"),
        N_("What you sent is larger than we accept. Try a smaller file or shorter text."),
    ),
    429: (N_("Too many tries"), N_("Please wait a few minutes and try again.")),
    500: (
        N_("Something went wrong on our side"),
        N_("It is not your fault. Try again in a minute."),
    ),
    503: (N_("We are not available right now"), N_("Try again in a few minutes.")),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def render_error(status: int, title: str | None = None, detail: str | None = None) -> Any:
    default_title, default_detail = MESSAGES.get(status, MESSAGES[500])
    title, detail = title or translate(default_title), detail or translate(default_detail)
    if wants_json():
        response = jsonify({"code": status, "status": title, "message": detail})
        response.status_code = status
        return response
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> Any:
        return render_error(
            400,
            _("This form was open too long"),
            _(
                "For your safety, forms stop working after a while or when you sign in again. "
                "Go back, reload the page and send it again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        if status == 429:
            return render_error(429)
        if wants_json() and getattr(error, "data", None):
            # flask-smorest/webargs put the field messages on ``data``.
            messages = error.data.get("messages") if isinstance(error.data, dict) else None
            body = {"code": status, "status": MESSAGES.get(status, MESSAGES[400])[0]}
            if messages:
                body["errors"] = messages
            response = jsonify(body)
            response.status_code = status
            return response
        return render_error(status)

    @app.errorhandler(NotFound)
    def domain_not_found(error: NotFound) -> Any:
        return render_error(404)

    @app.errorhandler(Forbidden)
    def domain_forbidden(error: Forbidden) -> Any:
        return render_error(403)

    @app.errorhandler(ValidationFailed)
    def domain_invalid(error: ValidationFailed) -> Any:
        if wants_json():
            response = jsonify({"code": 400, "status": "Bad request", "errors": error.errors})
            response.status_code = 400
            return response
        return render_error(400, detail=error_text(error))

    @app.errorhandler(500)
    def server_error(error: Exception) -> Any:
        return render_error(500)
