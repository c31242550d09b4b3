"""The one policy, asked directly: who may do what to which youth."""

import pytest
from sqlalchemy import select

from ccl_youth.accounts.models import Guardianship, User
from ccl_youth.accounts.services import revoke_guardianship
from ccl_youth.core.errors import Forbidden, NotFound
from ccl_youth.core.policies import Action, can, require
from ccl_youth.core.scoping import visible_cohorts, visible_youth
from ccl_youth.extensions import db
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
)


@pytest.fixture
def world(app):
    org, other = make_org(), make_org()
    c1, c2 = make_cohort(org), make_cohort(org)
    y1, y2 = make_youth(org, c1), make_youth(org, c2)
    outsider = make_youth(other, make_cohort(other))
    return {
        "org": org,
        "c1": c1,
        "c2": c2,
        "y1": y1,
        "y2": y2,
        "outsider": outsider,
        "staff1": make_staff(org, [c1]),
        "admin": make_admin(org),
        "other_admin": make_admin(other),
        "family1": make_family(org, [y1]),
    }


def ids(query):
    return set(db.session.scalars(query).all())


def test_each_role_sees_only_its_youth(world):
    w = world
    view = Action.VIEW_YOUTH
    assert can(db.session, w["y1"], view, w["y1"]) is True
    assert can(db.session, w["y1"], view, w["y2"]) is False
    assert can(db.session, w["family1"], view, w["y1"]) is True
    assert can(db.session, w["family1"], view, w["y2"]) is False
    assert can(db.session, w["staff1"], view, w["y1"]) is True
    assert can(db.session, w["staff1"], view, w["y2"]) is False
    assert can(db.session, w["admin"], view, w["y2"]) is True
    assert can(db.session, w["admin"], view, w["outsider"]) is False
    assert can(db.session, w["other_admin"], view, w["y1"]) is False


def test_scopes_agree_with_the_policy(world):
    w = world
    assert {u.id for u in ids(visible_youth(w["staff1"]))} == {w["y1"].id}
    assert {u.id for u in ids(visible_youth(w["admin"]))} == {w["y1"].id, w["y2"].id}
    assert {u.id for u in ids(visible_youth(w["family1"]))} == {w["y1"].id}
    assert {u.id for u in ids(visible_youth(w["y2"]))} == {w["y2"].id}
    assert {c.id for c in ids(visible_cohorts(w["staff1"]))} == {w["c1"].id}
    assert {c.id for c in ids(visible_cohorts(w["family1"]))} == set()


def test_family_and_youth_may_only_look(world):
    w = world
    for action in (Action.EDIT_YOUTH, Action.RESET_CREDENTIALS, Action.INVITE_FAMILY):
        assert can(db.session, w["family1"], action, w["y1"]) is False
        assert can(db.session, w["y1"], action, w["y1"]) is False
        assert can(db.session, w["staff1"], action, w["y1"]) is True
    with pytest.raises(Forbidden):
        require(db.session, w["family1"], Action.EDIT_YOUTH, w["y1"])
    with pytest.raises(NotFound):
        require(db.session, w["family1"], Action.EDIT_YOUTH, w["y2"])


def test_revoked_link_and_inactive_actor_see_nothing(world):
    w = world
    link = db.session.scalar(select(Guardianship).where(Guardianship.family_id == w["family1"].id))
    revoke_guardianship(db.session, w["admin"], link)
    db.session.commit()
    assert can(db.session, w["family1"], Action.VIEW_YOUTH, w["y1"]) is False
    staff = db.session.get(User, w["staff1"].id)
    staff.is_active = False
    assert can(db.session, staff, Action.VIEW_YOUTH, w["y1"]) is False


def test_cohort_and_organization_actions(world):
    w = world
    assert can(db.session, w["staff1"], Action.VIEW_COHORT, w["c1"]) is True
    assert can(db.session, w["staff1"], Action.VIEW_COHORT, w["c2"]) is False
    assert can(db.session, w["admin"], Action.VIEW_COHORT, w["c2"]) is True
    assert can(db.session, w["other_admin"], Action.VIEW_COHORT, w["c1"]) is False
    assert can(db.session, w["admin"], Action.MANAGE_ORGANIZATION, w["org"]) is True
    assert can(db.session, w["staff1"], Action.MANAGE_ORGANIZATION, w["org"]) is False
    assert can(db.session, w["other_admin"], Action.MANAGE_ORGANIZATION, w["org"]) is False
    with pytest.raises(Forbidden):
        require(db.session, w["staff1"], Action.MANAGE_ORGANIZATION, w["org"])
    with pytest.raises(NotFound):
        require(db.session, w["other_admin"], Action.MANAGE_ORGANIZATION, w["c1"])
