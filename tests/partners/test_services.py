"""Partner services with hand-checked expectations: search and filters, the name rule, vetting
by admins only, archiving, organization boundaries, the choice lists and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.experiences.models import Activity
from ccl_youth.extensions import db
from ccl_youth.partners import services
from ccl_youth.partners.forms import KIND_LABELS
from ccl_youth.partners.models import PARTNER_KINDS, Partner, PartnerCluster
from tests.factories import (
    make_admin,
    make_cluster,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
)


class Org:
    """One organization with an admin, a staff member, a youth, a family member and a few
    partners: three clusters (two of the 2024 framework, one legacy) and a sub-cluster."""

    def __init__(self) -> None:
        org = make_org()
        self.org_id = org.id
        self.cohort = make_cohort(org)
        self.admin = make_admin(org)
        self.staff = make_staff(org, [self.cohort])
        self.youth = make_youth(org, self.cohort)
        self.family = make_family(org, [self.youth])
        self.health = make_cluster("Health Science", code="T-H")
        self.energy = make_cluster("Energy", code="T-E")
        self.legacy = make_cluster("Manufacturing", framework="legacy_16", code="T-M")
        self.sub = make_cluster("Nursing", parent=self.health, code="T-H.1")

    def add(self, name: str, **fields: object) -> Partner:
        values: dict[str, object] = {"kind": "employer", **fields}
        partner = services.create_partner(
            db.session,
            self.staff,
            services.PartnerFields(name=name, **values),  # type: ignore[arg-type]
        )
        db.session.commit()
        return partner


@pytest.fixture
def org(app: Flask) -> Org:
    return Org()


def names(page: services.PartnerPage) -> list[str]:
    return [row.name for row in page.rows]


def test_search_matches_name_description_and_city_in_any_case(org: Org) -> None:
    org.add("Cascade Robotics", city="Seattle", description="Builds warehouse ROBOTS.")
    org.add("Harbor Clinic", kind="community", city="Tacoma", description="A family clinic.")
    org.add("seattle science center", kind="museum", description="Exhibits and camps.")
    org.add("100% Solar_Coop", city="Yakima")
    list_ = lambda query: names(services.list_partners(db.session, org.staff, query))  # noqa: E731
    assert list_("") == [
        "100% Solar_Coop",
        "Cascade Robotics",
        "Harbor Clinic",
        "seattle science center",
    ]
    assert list_("SEATTLE") == ["Cascade Robotics", "seattle science center"]
    assert list_("robots") == ["Cascade Robotics"]  # in the description only
    assert list_("tacoma") == ["Harbor Clinic"]  # the city only
    assert list_("clinic family") == ["Harbor Clinic"]  # every word, anywhere
    assert list_("clinic seattle") == []
    # LIKE's wildcards are plain characters in a search.
    assert list_("%") == ["100% Solar_Coop"]
    assert list_("la_") == []  # "lar" would match if "_" were a wildcard
    assert list_("solar_") == ["100% Solar_Coop"]


def test_filters_kind_cluster_vetted_and_archived(org: Org) -> None:
    robotics = org.add("Robotics Co", cluster_ids=(org.energy.id, org.legacy.id))
    clinic = org.add("Clinic", kind="community", cluster_ids=(org.health.id,))
    museum = org.add("Museum", kind="museum", cluster_ids=(org.health.id, org.energy.id))
    services.set_vetted(db.session, org.admin, clinic.id, True)
    services.set_archived(db.session, org.staff, museum.id, True)
    db.session.commit()

    def list_(**filters: object) -> list[str]:
        return names(services.list_partners(db.session, org.staff, **filters))  # type: ignore[arg-type]

    assert list_() == ["Clinic", "Robotics Co"]  # archived ones left out
    assert list_(include_archived=True) == ["Clinic", "Museum", "Robotics Co"]
    assert list_(kind="community") == ["Clinic"]
    assert list_(kind="college") == []
    assert list_(cluster_id=org.energy.id) == ["Robotics Co"]
    assert list_(cluster_id=org.energy.id, include_archived=True) == ["Museum", "Robotics Co"]
    assert list_(cluster_id=org.legacy.id) == ["Robotics Co"]
    assert list_(vetted_only=True) == ["Clinic"]
    assert list_(vetted_only=True, kind="employer") == []
    page = services.list_partners(db.session, org.staff, include_archived=True)
    rows = {row.name: row for row in page.rows}
    assert rows["Clinic"].is_vetted and not rows["Robotics Co"].is_vetted
    assert rows["Museum"].is_archived
    assert [c.name for c in rows["Robotics Co"].clusters] == ["Energy", "Manufacturing"]
    assert [c.framework for c in rows["Robotics Co"].clusters] == ["ncc_2024", "legacy_16"]
    assert robotics.id in {row.id for row in page.rows}


def test_list_counts_activities_and_pages(org: Org) -> None:
    partners = [org.add(f"Partner {i:02d}") for i in range(7)]
    other = make_org()
    for count, partner in ((3, partners[0]), (1, partners[2])):
        for n in range(count):
            db.session.add(
                Activity(
                    organization_id=org.org_id,
                    program_id=org.cohort.program_id,
                    cohort_id=org.cohort.id,
                    type_slug="guest_speaker",
                    title=f"Visit {n}",
                    activity_date=date(2026, 1, 5),
                    minutes=60,
                    partner_id=partner.id,
                )
            )
    db.session.commit()
    first = services.list_partners(db.session, org.staff, page_size=3)
    assert (first.total, first.pages, names(first)) == (
        7,
        3,
        ["Partner 00", "Partner 01", "Partner 02"],
    )
    assert [row.activity_count for row in first.rows] == [3, 0, 1]
    last = services.list_partners(db.session, org.staff, page=3, page_size=3)
    assert (last.total, names(last)) == (7, ["Partner 06"])
    past = services.list_partners(db.session, org.staff, page=9, page_size=3)
    assert (past.total, past.rows) == (7, [])
    # Another organization's admin sees none of them.
    assert services.list_partners(db.session, make_admin(other)).total == 0


def test_names_are_unique_per_organization_in_any_case(org: Org) -> None:
    first = org.add("Cascade Robotics")
    with pytest.raises(ValidationFailed) as error:
        org.add("  cascade   ROBOTICS ")
    assert error.value.errors == {"name": ["A partner with that name already exists."]}
    db.session.rollback()
    second = org.add("Other Name")
    with pytest.raises(ValidationFailed) as error:
        services.update_partner(
            db.session,
            org.staff,
            second.id,
            services.PartnerFields(name="Cascade Robotics", kind="employer"),
        )
    assert error.value.errors == {"name": ["A partner with that name already exists."]}
    db.session.rollback()
    # Its own name is no clash, and another organization may use the same name.
    assert services.update_partner(
        db.session,
        org.staff,
        first.id,
        services.PartnerFields(name="Cascade Robotics", kind="museum"),
    ) == ["kind"]
    other = make_org()
    services.create_partner(
        db.session, make_staff(other), services.PartnerFields(name="Cascade Robotics", kind="other")
    )


def test_bad_fields_are_named_and_nothing_is_saved(org: Org) -> None:
    fields = services.PartnerFields(
        name=" ",
        kind="spaceship",
        website="javascript:alert(1)",
        city="x" * 121,
        cluster_ids=(org.sub.id,),  # a sub-cluster, not a top-level cluster
    )
    with pytest.raises(ValidationFailed) as error:
        services.create_partner(db.session, org.staff, fields)
    assert error.value.errors == {
        "name": ["Enter a name."],
        "kind": ["Choose a kind from the list."],
        "city": ["Use at most 120 characters."],
        "website": ["Enter a web address that starts with http:// or https://."],
        "clusters": ["Choose career clusters from the list."],
    }
    db.session.rollback()
    assert db.session.scalars(select(Partner)).all() == []
    for website, ok in (
        ("https://example.org/path?x=1", True),
        ("http://sub.example.co.uk", True),
        ("ftp://example.org", False),
        ("https://", False),
        ("https://localhost", False),
        ("https://user:pw@example.org", False),
        ("https://exa mple.org", False),
        ("example.org", False),
    ):
        fields = services.PartnerFields(name=f"Site {website}", kind="other", website=website)
        if ok:
            services.create_partner(db.session, org.staff, fields)
        else:
            with pytest.raises(ValidationFailed, match="website"):
                services.create_partner(db.session, org.staff, fields)
            db.session.rollback()


def test_update_changes_fields_and_clusters_and_is_audited(org: Org) -> None:
    partner = org.add("Clinic", cluster_ids=(org.health.id, org.energy.id))
    changed = services.update_partner(
        db.session,
        org.admin,
        partner.id,
        services.PartnerFields(
            name="Clinic",
            kind="community",
            city=" Tacoma ",
            cluster_ids=(org.energy.id, org.legacy.id),
        ),
    )
    db.session.commit()
    assert changed == ["kind", "city", "clusters"]
    clusters = db.session.scalars(
        select(PartnerCluster.cluster_id).where(PartnerCluster.partner_id == partner.id)
    ).all()
    assert sorted(clusters) == sorted([org.energy.id, org.legacy.id])
    assert db.session.get_one(Partner, partner.id).city == "Tacoma"
    # Saving the same again changes nothing and records nothing.
    assert (
        services.update_partner(
            db.session,
            org.admin,
            partner.id,
            services.PartnerFields(
                name="Clinic",
                kind="community",
                city="Tacoma",
                cluster_ids=(org.legacy.id, org.energy.id),
            ),
        )
        == []
    )
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.detail)
        .where(AuditEvent.target_type == "partner", AuditEvent.target_id == partner.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(action, actor) for action, actor, _detail in events] == [
        ("partner.create", org.staff.id),
        ("partner.update", org.admin.id),
    ]
    assert events[0][2] == {
        "fields": ["name", "kind"],
        "cluster_ids": sorted([org.health.id, org.energy.id]),
    }
    assert events[1][2] == {"fields": ["kind", "city", "clusters"]}


def test_only_admins_vet_and_it_is_audited(org: Org) -> None:
    partner = org.add("Clinic")
    with pytest.raises(Forbidden):
        services.set_vetted(db.session, org.staff, partner.id, True)
    assert services.set_vetted(db.session, org.admin, partner.id, True) is True
    assert services.set_vetted(db.session, org.admin, partner.id, True) is False
    vetted = db.session.get_one(Partner, partner.id)
    assert vetted.is_vetted and vetted.vetted_dt is not None
    with pytest.raises(Forbidden):
        services.set_vetted(db.session, org.staff, partner.id, False)
    assert services.set_vetted(db.session, org.admin, partner.id, False) is True
    assert (vetted.is_vetted, vetted.vetted_dt) == (False, None)
    db.session.commit()
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "partner", AuditEvent.action.like("partner.%vet"))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["partner.vet", "partner.unvet"]


def test_archive_hides_from_choices_but_keeps_the_partner(org: Org) -> None:
    kept = org.add("Kept")
    gone = org.add("Gone")
    services.set_vetted(db.session, org.admin, kept.id, True)
    assert services.set_archived(db.session, org.staff, gone.id, True) is True
    assert services.set_archived(db.session, org.staff, gone.id, True) is False
    db.session.commit()
    assert services.partner_choices(db.session, org.staff) == [
        services.PartnerChoice(kept.id, "Kept", True)
    ]
    assert [
        c.name for c in services.partner_choices(db.session, org.staff, include_id=gone.id)
    ] == [
        "Gone",
        "Kept",
    ]
    assert services.partner_detail(db.session, org.staff, gone.id).partner.is_archived
    assert services.set_archived(db.session, org.admin, gone.id, False) is True
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "partner", AuditEvent.target_id == gone.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["partner.create", "partner.archive", "partner.unarchive"]


def test_other_organizations_partners_are_not_found(org: Org) -> None:
    partner = org.add("Clinic")
    other = make_org()
    outsiders: list[User] = [make_admin(other), make_staff(other)]
    fields = services.PartnerFields(name="Taken Over", kind="other")
    for outsider in outsiders:
        calls = (
            lambda who: services.partner_detail(db.session, who, partner.id),
            lambda who: services.update_partner(db.session, who, partner.id, fields),
            lambda who: services.set_archived(db.session, who, partner.id, True),
            lambda who: services.set_vetted(db.session, who, partner.id, True),
            lambda who: services.add_contact(
                db.session, who, partner.id, services.ContactFields(name="X")
            ),
            lambda who: services.partner_detail(db.session, who, 999_999),
        )
        for call in calls:
            with pytest.raises(NotFound):
                call(outsider)
        assert services.partner_choices(db.session, outsider) == []
    assert db.session.get_one(Partner, partner.id).name == "Clinic"


def test_youth_and_families_may_not_manage_partners(org: Org) -> None:
    partner = org.add("Clinic")
    for person in (org.youth, org.family):
        with pytest.raises(Forbidden):
            services.list_partners(db.session, person)
        with pytest.raises(Forbidden):
            services.partner_detail(db.session, person, partner.id)
        with pytest.raises(Forbidden):
            services.create_partner(
                db.session, person, services.PartnerFields(name="Mine", kind="other")
            )
        with pytest.raises(Forbidden):
            services.partner_choices(db.session, person)


def test_cluster_options_are_top_level_clusters_2024_first(org: Org) -> None:
    options = services.cluster_options(db.session)
    assert [(c.framework, c.name) for c in options] == [
        ("ncc_2024", "Energy"),
        ("ncc_2024", "Health Science"),
        ("legacy_16", "Manufacturing"),
    ]


def test_kind_labels_cover_every_kind() -> None:
    assert list(KIND_LABELS) == list(PARTNER_KINDS)


def test_the_same_form_sent_twice_makes_one_partner(org: Org) -> None:
    fields = services.PartnerFields(
        name="Harbor Clinic", kind="community", city="Tacoma", cluster_ids=(org.health.id,)
    )
    first = services.create_partner(db.session, org.staff, fields)
    db.session.commit()
    again = services.create_partner(db.session, org.staff, fields)
    assert again.id == first.id
    assert len(db.session.scalars(select(Partner)).all()) == 1
    # The same name with anything else different is a clash, not a repeat.
    for changed in (
        services.PartnerFields(name="Harbor Clinic", kind="community", city="Everett"),
        services.PartnerFields(name="Harbor Clinic", kind="community", city="Tacoma"),
    ):
        with pytest.raises(ValidationFailed, match="already exists"):
            services.create_partner(db.session, org.staff, changed)
        db.session.rollback()
    creates = db.session.scalars(
        select(AuditEvent.id).where(AuditEvent.action == "partner.create")
    ).all()
    assert len(creates) == 1
