"""ccl_youth: career-connected learning for young people, their programs and their families."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ccl_youth import config as settings
from ccl_youth import models  # noqa: F401  (every table on the metadata)
from ccl_youth.core import secrets as core_secrets
from ccl_youth.extensions import babel, csrf, db, limiter, login_manager, migrate, rest_api
from ccl_youth.web.routing import IdConverter, id_schema, register_converters


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI and error pages."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    app.config.from_mapping(settings.DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "ccl_youth.sqlite3"
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(settings.from_environment(os.environ))
    if test_config:
        app.config.from_mapping(test_config)
    _finish_config(app)
    if app.config["CONTENT_CHECK_ON_START"]:
        _check_content(app)

    _init_database(app)
    core_secrets.configure_hasher(
        app.config["ARGON2_TIME_COST"],
        app.config["ARGON2_MEMORY_COST"],
        app.config["ARGON2_PARALLELISM"],
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    rest_api.init_app(app)
    register_converters(app)
    rest_api.register_converter(IdConverter, id_schema)

    _register_blueprints(app)
    _register_cli(app)

    from ccl_youth.web.errors import register_error_handlers
    from ccl_youth.web.i18n import register_language_choice
    from ccl_youth.web.input import register_input_checks
    from ccl_youth.web.security import register_security_headers
    from ccl_youth.web.templating import register_template_helpers

    @app.teardown_request
    def _forget_user(error: BaseException | None) -> None:
        # A request inside an outer app context (scripts, tests) must not see the
        # previous request's user.
        g.pop("_login_user", None)

    register_error_handlers(app)
    register_language_choice(app)
    register_input_checks(app)
    register_security_headers(app)
    register_template_helpers(app)
    return app


def _finish_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        if not (app.debug or app.testing):
            raise RuntimeError(
                "SECRET_KEY is not set. Put SECRET_KEY = '…' in instance/config.py or set the "
                "SECRET_KEY environment variable (make run writes one for you)."
            )
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("CONTENT_PATH"):
        app.config["CONTENT_PATH"] = str(Path(app.root_path).parent / "content")
    if not app.config.get("UPLOADS_PATH"):
        app.config["UPLOADS_PATH"] = str(Path(app.instance_path) / "uploads")
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if app.config["SESSION_COOKIE_SECURE"] is None:
        # Secure unless debugging or testing; a plain-HTTP local run sets it false explicitly.
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    if app.config["SESSION_COOKIE_SECURE"]:
        # A __Host- cookie is only ever sent over HTTPS to this exact host, path /.
        app.config["SESSION_COOKIE_NAME"] = "__Host-ccl_session"
    else:
        app.config["SESSION_COOKIE_NAME"] = "ccl_session"


def _check_content(app: Flask) -> None:
    """Refuse to start on broken content, naming every bad file, entry and field."""
    from ccl_youth.core.content import ContentError, load_content

    try:
        load_content(app.config["CONTENT_PATH"])
    except ContentError as error:
        raise RuntimeError(
            f"The app cannot start: the content in {app.config['CONTENT_PATH']} is broken. {error}"
        ) from None


def _init_database(app: Flask) -> None:
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _configure_sqlite(db.engine)
    _commit_read_only_requests(app)


def _commit_read_only_requests(app: Flask) -> None:
    """End a request that only read with COMMIT instead of the session's closing ROLLBACK.

    psycopg forgets its prepared statements on every ROLLBACK, so without this PostgreSQL
    plans every query of every page afresh. A transaction that flushed anything is left to
    roll back as before: only reads are ever committed here.
    """

    def _wrote(session: Any, *args: Any) -> None:
        session.info["wrote"] = True

    def _ended(session: Any, *args: Any) -> None:
        session.info.pop("wrote", None)

    factory = db.session.session_factory
    event.listen(factory, "after_flush", _wrote)
    event.listen(factory, "after_commit", _ended)
    event.listen(factory, "after_soft_rollback", _ended)

    @app.teardown_request
    def _commit_reads(error: BaseException | None) -> None:
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        if (
            session.in_transaction()
            and not session.info.get("wrote")
            and not (session.new or session.dirty or session.deleted)
        ):
            session.commit()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _select_locale() -> str | None:
    from ccl_youth.web.i18n import select_locale

    return select_locale()


def _register_blueprints(app: Flask) -> None:
    from ccl_youth.accounts.views import bp as accounts_bp
    from ccl_youth.admin.views import bp as admin_bp
    from ccl_youth.api import health_blp, register_api
    from ccl_youth.assessments.views import bp as assessments_bp
    from ccl_youth.badges.views import bp as badges_bp
    from ccl_youth.careers.views import bp as careers_bp
    from ccl_youth.credentials.views import bp as credentials_bp
    from ccl_youth.events.views import bp as events_bp
    from ccl_youth.experiences.views import bp as experiences_bp
    from ccl_youth.family.views import bp as family_bp
    from ccl_youth.goals.views import bp as goals_bp
    from ccl_youth.home.views import bp as home_bp
    from ccl_youth.notes.views import bp as notes_bp
    from ccl_youth.pages.views import bp as pages_bp
    from ccl_youth.partners.views import bp as partners_bp
    from ccl_youth.placements.views import bp as placements_bp
    from ccl_youth.plans.views import bp as plans_bp
    from ccl_youth.plans.views_courses import bp as plan_courses_bp
    from ccl_youth.plans.views_export import bp as plan_exports_bp
    from ccl_youth.portfolio.views import bp as portfolio_bp
    from ccl_youth.progress.views import bp as progress_bp
    from ccl_youth.reflections.views import bp as reflections_bp
    from ccl_youth.resume.views import bp as resume_bp
    from ccl_youth.roster.views import bp as roster_bp
    from ccl_youth.skills.views import bp as skills_bp

    for blueprint in (
        home_bp,
        accounts_bp,
        roster_bp,
        family_bp,
        admin_bp,
        careers_bp,
        assessments_bp,
        partners_bp,
        experiences_bp,
        reflections_bp,
        placements_bp,
        badges_bp,
        progress_bp,
        skills_bp,
        credentials_bp,
        goals_bp,
        notes_bp,
        portfolio_bp,
        resume_bp,
        plans_bp,
        plan_courses_bp,
        plan_exports_bp,
        events_bp,
        pages_bp,
    ):
        app.register_blueprint(blueprint)
    register_api(app)
    rest_api.register_blueprint(health_blp)


def _register_cli(app: Flask) -> None:
    from ccl_youth.accounts.cli import tokens_cli, users_cli
    from ccl_youth.careers.cli import content_cli
    from ccl_youth.credentials.cli import keys_cli
    from ccl_youth.demo.cli import seed_demo
    from ccl_youth.programs.cli import orgs_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(content_cli)
    app.cli.add_command(keys_cli)
