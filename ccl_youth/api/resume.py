"""API: a youth's résumé as one PDF document, through the same policy, service and audit as
the résumé pages (hidden items left out)."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from ccl_youth.api import BEARER, blp
from ccl_youth.extensions import db
from ccl_youth.resume import services
from ccl_youth.resume.views import pdf_response
from ccl_youth.web.catalog import recognition

PDF = "application/pdf"
#: The OpenAPI shape of a binary body.
BINARY: dict[str, str] = {"type": "string", "format": "binary"}


@blp.route("/youth/<int:youth_id>/resume.pdf")
class YouthResumePdf(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, BINARY, content_type=PDF, description="The résumé as a PDF document")
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """A youth's résumé as one PDF: the name, then education, work experience (verified
        hours), activities, community service, awards and the youth's own lines (audited)."""
        view = services.youth_resume(db.session, g.api_user, youth_id, recognition(), form="api")
        db.session.commit()  # the audit event of this download
        return pdf_response(view)
