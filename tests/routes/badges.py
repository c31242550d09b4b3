"""Access matrix rows and IDOR probes for badges: youth pages, images, staff awards and
revocations, cohort awards and the API.

URL parameters: ``award_id`` (youth1's award of the staff-only badge ``helping_hand``, made on
first use) and ``badge_slug`` (a badge of the content). Badges are content, shared by every
organization, so a badge slug has no "other organization's" value: the stand-ins are slugs of
no badge. The image is for any signed-in account; anyone else is sent to sign in, whatever the
slug.
"""

from __future__ import annotations

from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.badges.awarding import STAFF, NewAward, insert_awards
from ccl_youth.badges.models import BadgeAward
from ccl_youth.extensions import db
from tests.factories import World
from tests.idor import EVERY_ROLE, STAFF_AND_ADMIN, IdRoute
from tests.idor import Key as IdKey
from tests.matrix import (
    ALLOW,
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    SAVED,
    UNAUTH_401,
    Key,
    Row,
)

#: A staff-only badge the probes' awards use (no rule can award it behind their back).
HAND_BADGE = "helping_hand"
MISSING_BADGE = "no_such_badge"


def world_award(w: World, youth_key: str) -> int:
    """The id of the youth's ``helping_hand`` award, made (and committed) on first use."""
    youth_id = getattr(w, youth_key)
    found = db.session.scalar(
        select(BadgeAward.id).where(
            BadgeAward.youth_id == youth_id, BadgeAward.badge_slug == HAND_BADGE
        )
    )
    if found is not None:
        return found
    youth = db.session.get_one(User, youth_id)
    (made,) = insert_awards(
        db.session, [NewAward(youth.organization_id, youth_id, HAND_BADGE, STAFF, "Set up.")]
    )
    db.session.commit()
    return made


def _awards(w: World) -> None:
    for key in ("youth1", "classmate", "youth2", "youth_b"):
        world_award(w, key)


def _award_form(w: World) -> dict[str, str]:
    return {"badge": "youth_voice", "note": "Spoke up for the group at the partner meeting."}


def _cohort_form(w: World) -> dict[str, str]:
    # The classmate: admins' earlier rows take youth1 out of cohort 1.
    return {
        "badge": "partner_star",
        "youth_ids": str(w.classmate),
        f"note-{w.classmate}": "Showed the visitors around.",
        "note_all": "",
    }


def _api_award(w: World) -> dict[str, object]:
    return {"badge": "partner_star", "note": "Helped a partner run the open day."}


URL_IDS = {
    "award_id": lambda w: world_award(w, "youth1"),
    "badge_slug": lambda w: "job_spotter",
}

STAFF_ROW = (LOGIN, DENY_403, DENY_403, DENY_403, OK, DENY_404, OK, DENY_404)
STAFF_POST = (LOGIN, DENY_403, DENY_403, DENY_403, ALLOW, DENY_404, ALLOW, DENY_404)
YOUTH_ROW = (LOGIN, OK, *[DENY_403] * 6)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- youth: their own badges -------------------------------------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("badges.mine", "GET", "/my/badges"): Row(*YOUTH_ROW),
    ("badges.my_award", "GET", "/my/badges/<int:award_id>"): Row(*YOUTH_ROW),
    # --- images: content, for every signed-in account ----------------------------------
    ("badges.image", "GET", "/badges/images/<badge_slug:badge_slug>.svg"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    # --- one youth's badges: staff and admins award, the family reads ------------------
    ("badges.youth_badges", "GET", "/youth/<int:youth_id>/badges"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("badges.youth_badges", "POST", "/youth/<int:youth_id>/badges"):
        Row(*STAFF_POST, form=_award_form),
    ("badges.revoke", "GET", "/badges/awards/<int:award_id>/revoke"): Row(*STAFF_ROW),
    # Without a reason (400 for those allowed): the credentials rows after these download the
    # same award, which must still stand. The IDOR control revokes one for real.
    ("badges.revoke", "POST", "/badges/awards/<int:award_id>/revoke"):
        Row(*STAFF_POST, form=lambda w: {"reason": ""}),
    # --- a cohort at once ----------------------------------------------------------------
    ("badges.cohort_award", "GET", "/cohorts/<int:cohort_id>/badges/award"): Row(*STAFF_ROW),
    ("badges.cohort_award", "POST", "/cohorts/<int:cohort_id>/badges/award"):
        Row(LOGIN, DENY_403, DENY_403, DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=_cohort_form),
    # --- API -------------------------------------------------------------------------------
    #                                          token_staff token_staff2 token_admin token_admin2
    ("api.YouthBadges", "GET", "/api/v1/youth/<int:youth_id>/badges"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,        DENY_404,    OK,         DENY_404)),
    ("api.YouthBadges", "POST", "/api/v1/youth/<int:youth_id>/badges"):
        Row(*[UNAUTH_401] * 8, tokens=(SAVED,     DENY_404,    SAVED,      DENY_404),
            json=_api_award),
}
# fmt: on


# --- IDOR ----------------------------------------------------------------------------------


def _award_of(key: str):  # noqa: ANN202
    return lambda w: [(f"{key}'s award", world_award(w, key))]


IN_SCOPE = {
    "award_id": lambda w, actor: world_award(w, "youth1"),
    "badge_slug": lambda w, actor: "job_spotter",
}
OTHER_ORG = {
    "award_id": _award_of("youth_b"),
    "badge_slug": lambda w: [("no such badge (badges are shared)", MISSING_BADGE)],
}
SAME_ORG = {
    ("award_id", "staff"): _award_of("youth2"),
    ("award_id", "youth"): _award_of("classmate"),
}
NONEXISTENT_BY_PARAM = {
    "badge_slug": [("no such badge", MISSING_BADGE), ("no such badge (shortest)", "zzzz")],
}
MISSING_BY_PARAM = {"badge_slug": MISSING_BADGE}

TOKENS = ("token_staff", "token_admin")

ID_ROUTES: dict[IdKey, IdRoute] = {
    ("badges.my_award", "GET", "/my/badges/<int:award_id>"): IdRoute(("youth",), setup=_awards),
    ("badges.image", "GET", "/badges/images/<badge_slug:badge_slug>.svg"): IdRoute(
        EVERY_ROLE, refused=("anonymous",)
    ),
    # The family reads the page too (their own youth only): the refused are youth.
    ("badges.youth_badges", "GET", "/youth/<int:youth_id>/badges"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth")
    ),
    ("badges.youth_badges", "POST", "/youth/<int:youth_id>/badges"): IdRoute(
        STAFF_AND_ADMIN, form=_award_form
    ),
    ("badges.revoke", "GET", "/badges/awards/<int:award_id>/revoke"): IdRoute(
        STAFF_AND_ADMIN, setup=_awards
    ),
    ("badges.revoke", "POST", "/badges/awards/<int:award_id>/revoke"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"reason": "Given by mistake."}, setup=_awards
    ),
    ("badges.cohort_award", "GET", "/cohorts/<int:cohort_id>/badges/award"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("badges.cohort_award", "POST", "/cohorts/<int:cohort_id>/badges/award"): IdRoute(
        STAFF_AND_ADMIN, form=_cohort_form
    ),
    ("api.YouthBadges", "GET", "/api/v1/youth/<int:youth_id>/badges"): IdRoute(TOKENS),
    ("api.YouthBadges", "POST", "/api/v1/youth/<int:youth_id>/badges"): IdRoute(
        TOKENS, json=_api_award
    ),
}
