"""Sign-in, sign-out, password change, family join and personal access tokens."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ccl_youth.accounts import services
from ccl_youth.accounts.forms import (
    ChangePasswordForm,
    JoinForm,
    LanguageForm,
    SignInForm,
    TokenForm,
)
from ccl_youth.accounts.language import set_language
from ccl_youth.accounts.models import ApiToken, User
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import client_address, db, limiter, login_manager
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

bp = Blueprint("accounts", __name__, template_folder="templates")

login_manager.login_view = "accounts.sign_in"
login_manager.login_message = None  # the sign-in page says enough


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Sessions name the user and the session version; a bumped version ends the session."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def _account_key() -> str:
    return "sign-in:" + services.normalise_username(request.form.get("username", ""))[:60]


def _failed(response: Response) -> bool:
    return response.status_code != 302


def _safe_next(target: str | None) -> str | None:
    """A local path to return to, or None. Browsers drop tabs and newlines from URLs (so
    "/\\t/evil.com" means "//evil.com"), so any control character disqualifies the target."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return None


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_failed,
)
def sign_in() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session, form.username.data or "", form.password.data or "", client_address()
            )
        except ValidationFailed as error:
            db.session.commit()  # keep the failed-sign-in audit event
            apply_errors(form, error)
            return render_template("accounts/sign_in.html", form=form), 200
        db.session.commit()
        session.clear()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/signout")
def sign_out() -> Response:
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Any:
    """Every user's own settings: the language of the pages, and a way to the password page."""
    user = actor()
    form = LanguageForm(data={"language": user.preferred_language})
    if form.validate_on_submit():
        try:
            changed = set_language(db.session, user, form.language.data or "")
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            refresh()  # the message below is already in the new language
            if changed:
                flash(_("Language saved."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = actor()
        try:
            services.change_own_password(
                db.session, user, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            # Keep this session: sign in again under the new session version.
            login_user(user)
            flash(
                _(
                    "Your password is changed. You stay signed in here; other devices are "
                    "signed out."
                ),
                "success",
            )
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"], deduct_when=_failed)
def join() -> Any:
    """A family member creates an account from an invitation code."""
    if current_user.is_authenticated:
        if current_user.role == Role.FAMILY.value:
            return redirect(url_for("family.link"))
        return redirect(url_for("home.index"))
    form = JoinForm()
    if request.method == "GET":
        form.preferred_language.data = str(get_locale() or "en")
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        try:
            user = services.join_as_family(
                db.session,
                form.code.data or "",
                form.username.data or "",
                form.password.data or "",
                form.display_name.data or "",
                form.preferred_language.data or "en",
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/join.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@roles_required(Role.STAFF, Role.ADMIN)
def tokens() -> Any:
    form = TokenForm()
    new_secret = None
    if form.validate_on_submit():
        try:
            _token, new_secret = services.create_api_token(
                db.session, actor(), form.name.data or ""
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            db.session.commit()
            form = TokenForm(formdata=None)
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == actor().id).order_by(ApiToken.created_dt.desc())
    ).all()
    return render_template("accounts/tokens.html", form=form, tokens=rows, new_secret=new_secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@roles_required(Role.STAFF, Role.ADMIN)
def revoke_token(token_id: int) -> Response:
    services.revoke_api_token(db.session, actor(), token_id)
    db.session.commit()
    flash(_("The token is revoked."), "info")
    return redirect(url_for("accounts.tokens"))
