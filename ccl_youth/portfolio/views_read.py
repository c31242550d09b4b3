"""Reading the portfolio: the youth's print page, PDF and CLR credential of its badges; the
readers' page and PDF of a youth for staff, admins and linked family."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.roles import Role
from ccl_youth.credentials.keys import KeyUnusable, NoSigningKey
from ccl_youth.credentials.services import NoBadges, to_json
from ccl_youth.extensions import db
from ccl_youth.portfolio import layout, services
from ccl_youth.portfolio.credential import portfolio_clr
from ccl_youth.portfolio.pdf import portfolio_pdf
from ccl_youth.portfolio.views import READERS, _show, bp
from ccl_youth.portfolio.views_words import pdf_filename, pdf_words
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.catalog import catalog, recognition
from ccl_youth.web.errors import render_error


@bp.get("/my/portfolio/print")
@roles_required(Role.YOUTH)
def print_mine() -> str:
    me = actor()
    portfolio = services.portfolio_for(db.session, me, me.id, catalog(), recognition())
    return render_template("portfolio/print.html", sections=portfolio.shown(), **_show(portfolio))


def _pdf(portfolio: layout.Portfolio) -> Response:
    body = portfolio_pdf(portfolio, portfolio.shown(), pdf_words(portfolio), str(get_locale()))
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(portfolio)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/my/portfolio.pdf")
@roles_required(Role.YOUTH)
def pdf_mine() -> Response:
    me = actor()
    portfolio = services.portfolio_for(db.session, me, me.id, catalog(), recognition())
    return _pdf(portfolio)


@bp.get("/my/portfolio/clr.json")
@roles_required(Role.YOUTH)
def clr_mine() -> Any:
    from ccl_youth.credentials.views import publishing

    try:
        record = portfolio_clr(db.session, actor(), catalog(), recognition(), publishing())
    except NoBadges:
        db.session.rollback()
        return render_error(
            404,
            _("No badges in your portfolio"),
            _(
                "Show your badges section, with at least one badge, to download them as a "
                "learning record."
            ),
        )
    except (NoSigningKey, KeyUnusable):
        db.session.rollback()
        return render_error(
            503,
            _("Badge files are not ready"),
            _(
                "Badge files cannot be made yet: this program has no signing key. Ask your "
                "program leader."
            ),
        )
    db.session.commit()
    response = Response(to_json(record), mimetype="application/ld+json")
    response.headers["Content-Disposition"] = 'attachment; filename="portfolio-badges.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/youth/<int:youth_id>/portfolio")
@roles_required(*READERS)
def youth_portfolio(youth_id: int) -> str:
    youth = youth_or_404(youth_id)
    portfolio = services.portfolio_for(db.session, actor(), youth_id, catalog(), recognition())
    db.session.commit()  # the audit event of this view
    return render_template(
        "portfolio/youth.html", youth=youth, sections=portfolio.shown(), **_show(portfolio)
    )


@bp.get("/youth/<int:youth_id>/portfolio.pdf")
@roles_required(*READERS)
def youth_pdf(youth_id: int) -> Response:
    portfolio = services.portfolio_for(
        db.session, actor(), youth_id, catalog(), recognition(), form="pdf"
    )
    db.session.commit()
    return _pdf(portfolio)
