"""Access matrix rows and IDOR probes of the partner pages (staff and admins of the partner's
organization; only admins vet).

The world's ``exp.partner`` (organization A, vetted) has ``exp.contact`` and ``exp.role_model``;
organization B has ``exp.partner_b`` only, so the probes that need org B's contact or role model
add them first (``setup``) and find them by their partner.
"""

from __future__ import annotations

from sqlalchemy import select

from ccl_youth.extensions import db
from ccl_youth.partners.models import PartnerContact, RoleModel
from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute
from tests.idor import Key as IdKey
from tests.matrix import ALLOW, DENY_403, DENY_404, LOGIN, OK, Key, Row


def partner_form(w: World) -> dict[str, str]:
    return {
        "name": "Renamed Partner",
        "kind": "museum",
        "city": "Tacoma",
        "website": "https://example.org",
        "description": "Hands-on science.",
        "clusters": str(w.cluster),
        "notes": "Call before visits.",
    }


def contact_form(w: World) -> dict[str, str]:
    return {"name": "Probe Contact", "title": "Manager", "email": "probe@example.org"}


def role_model_form(w: World) -> dict[str, str]:
    return {
        "display_name": "Probe Speaker",
        "occupation": w.soc_code,
        "story": "I started by taking things apart.",
        "save": "1",
    }


def add_org_b_people(w: World) -> None:
    """Org B's partner gets a contact and a role model, for the probes to aim at."""
    db.session.add_all(
        [
            PartnerContact(partner_id=w.exp.partner_b, name="Bea Contact"),
            RoleModel(
                organization_id=w.org_b,
                partner_id=w.exp.partner_b,
                display_name="Bo B.",
                occupation_id=w.occupation,
            ),
        ]
    )
    db.session.commit()


def org_b_contact(w: World) -> int:
    found = db.session.scalar(
        select(PartnerContact.id).where(PartnerContact.partner_id == w.exp.partner_b)
    )
    assert found is not None, "the route's setup adds org B's contact"
    return found


def org_b_role_model(w: World) -> int:
    found = db.session.scalar(select(RoleModel.id).where(RoleModel.partner_id == w.exp.partner_b))
    assert found is not None, "the route's setup adds org B's role model"
    return found


URL_IDS = {
    "partner_id": lambda w: w.exp.partner,
    "contact_id": lambda w: w.exp.contact,
    "role_model_id": lambda w: w.exp.role_model,
}
IN_SCOPE = {
    "partner_id": lambda w, actor: w.exp.partner,
    "contact_id": lambda w, actor: w.exp.contact,
    "role_model_id": lambda w, actor: w.exp.role_model,
}
# Partners belong to the whole organization: every staff member and admin of it sees them
# all, so there is no "same organization, out of scope" partner.
OTHER_ORG = {
    "partner_id": lambda w: [("org B's partner", w.exp.partner_b)],
    "contact_id": lambda w: [("org B partner's contact", org_b_contact(w))],
    "role_model_id": lambda w: [("org B's role model", org_b_role_model(w))],
}

_P = "/partners/<int:partner_id>"
_C = "/partners/contacts/<int:contact_id>"
_R = "/partners/role-models/<int:role_model_id>"

# Each actor walks these in order, in one world: edits come before removals, and archiving
# comes last, so every row still finds what it acts on.
# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("partners.index", "GET", "/partners"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("partners.new", "GET", "/partners/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("partners.new", "POST", "/partners/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    ALLOW,
            form=lambda w: {**partner_form(w), "name": "Matrix Partner"}),
    ("partners.partner", "GET", _P):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.edit", "GET", f"{_P}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.edit", "POST", f"{_P}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=partner_form),
    ("partners.new_contact", "GET", f"{_P}/contacts/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.new_contact", "POST", f"{_P}/contacts/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=contact_form),
    ("partners.edit_contact", "GET", f"{_C}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.edit_contact", "POST", f"{_C}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=contact_form),
    ("partners.new_role_model", "GET", f"{_P}/role-models/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.new_role_model", "POST", f"{_P}/role-models/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=role_model_form),
    ("partners.edit_role_model", "GET", f"{_R}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       DENY_404),
    ("partners.edit_role_model", "POST", f"{_R}/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=role_model_form),
    ("partners.remove_contact", "POST", f"{_C}/remove"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404),
    ("partners.remove_role_model", "POST", f"{_R}/remove"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404),
    # Only admins vet; staff see the mark but cannot change it.
    ("partners.vet", "POST", f"{_P}/vetted"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404,
            form=lambda w: {"vetted": "0"}),
    ("partners.archive", "POST", f"{_P}/archive"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    DENY_404,
            form=lambda w: {"archived": "1"}),
}
# fmt: on

ID_ROUTES: dict[IdKey, IdRoute] = {
    ("partners.partner", "GET", _P): IdRoute(STAFF_AND_ADMIN),
    ("partners.edit", "GET", f"{_P}/edit"): IdRoute(STAFF_AND_ADMIN),
    ("partners.edit", "POST", f"{_P}/edit"): IdRoute(STAFF_AND_ADMIN, form=partner_form),
    ("partners.archive", "POST", f"{_P}/archive"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"archived": "1"}
    ),
    # World's partner is vetted: the control clears the mark. Staff are refused whatever the id.
    ("partners.vet", "POST", f"{_P}/vetted"): IdRoute(("admin",), form=lambda w: {"vetted": "0"}),
    ("partners.new_contact", "GET", f"{_P}/contacts/new"): IdRoute(STAFF_AND_ADMIN),
    ("partners.new_contact", "POST", f"{_P}/contacts/new"): IdRoute(
        STAFF_AND_ADMIN, form=contact_form
    ),
    ("partners.edit_contact", "GET", f"{_C}/edit"): IdRoute(
        STAFF_AND_ADMIN, setup=add_org_b_people
    ),
    ("partners.edit_contact", "POST", f"{_C}/edit"): IdRoute(
        STAFF_AND_ADMIN, form=contact_form, setup=add_org_b_people
    ),
    ("partners.remove_contact", "POST", f"{_C}/remove"): IdRoute(
        STAFF_AND_ADMIN, setup=add_org_b_people
    ),
    ("partners.new_role_model", "GET", f"{_P}/role-models/new"): IdRoute(STAFF_AND_ADMIN),
    ("partners.new_role_model", "POST", f"{_P}/role-models/new"): IdRoute(
        STAFF_AND_ADMIN, form=role_model_form
    ),
    ("partners.edit_role_model", "GET", f"{_R}/edit"): IdRoute(
        STAFF_AND_ADMIN, setup=add_org_b_people
    ),
    ("partners.edit_role_model", "POST", f"{_R}/edit"): IdRoute(
        STAFF_AND_ADMIN, form=role_model_form, setup=add_org_b_people
    ),
    ("partners.remove_role_model", "POST", f"{_R}/remove"): IdRoute(
        STAFF_AND_ADMIN, setup=add_org_b_people
    ),
}
