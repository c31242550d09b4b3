"""Fixtures for activity tests: the real experience catalog of content/, and a program with
two cohorts, their staff and youth, an admin, a partner with a guest speaker, two career
clusters and another organization."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.programs.models import Cohort, Organization
from tests.factories import (
    make_admin,
    make_cluster,
    make_cohort,
    make_org,
    make_program,
    make_staff,
    make_youth,
)


@pytest.fixture
def catalog(app: Flask) -> ExperienceCatalog:
    return experience_catalog(str(app.config["CONTENT_PATH"]))


@dataclass
class Club:
    org: Organization
    cohort: Cohort  # "Maker Space": staff, youth (4)
    other_cohort: Cohort  # "Robot Builders": other_staff, walk_in
    staff: User
    other_staff: User
    admin: User
    youth: list[User]
    walk_in: User
    partner: Partner
    speaker: RoleModel
    cluster: CareerCluster
    second_cluster: CareerCluster
    pathway: CareerCluster  # not top-level
    outsider_org: Organization
    outsider: User  # a youth of another organization
    outsider_partner: Partner
    outsider_cohort: Cohort
    outsider_staff: User


@pytest.fixture
def club(app: Flask) -> Club:
    org = make_org(name="Northside Club")
    program = make_program(org, name="After School")
    cohort = make_cohort(org, program, name="Maker Space")
    other = make_cohort(org, program, name="Robot Builders")
    staff = make_staff(org, [cohort], name="Ms. Rivera")
    other_staff = make_staff(org, [other], name="Mr. Chen")
    admin = make_admin(org)
    youth = [
        make_youth(org, cohort, name=name, username=username)
        for name, username in (
            ("Aaliyah E.", "aaliyah"),
            ("Ben K.", "ben"),
            ("Camila R.", "camila"),
            ("Diego S.", "diego"),
        )
    ]
    walk_in = make_youth(org, other, name="Ethan W.", username="ethan")
    partner = Partner(organization_id=org.id, name="Cascade Robotics", kind="employer")
    outsider_org = make_org(name="Elsewhere")
    outsider_partner = Partner(organization_id=outsider_org.id, name="Harbor Labs")
    db.session.add_all([partner, outsider_partner])
    db.session.flush()
    speaker = RoleModel(organization_id=org.id, partner_id=partner.id, display_name="Maria G.")
    db.session.add(speaker)
    db.session.commit()
    cluster = make_cluster("Engineering", code="T-ENG")
    second = make_cluster("Health Science", code="T-HEA")
    pathway = make_cluster("Robotics", parent=cluster, code="T-ENG.1")
    outsider_cohort = make_cohort(outsider_org, name="Camp B")
    outsider_staff = make_staff(outsider_org, [outsider_cohort])
    outsider = make_youth(outsider_org, outsider_cohort, name="Walter B.", username="walter")
    return Club(
        org=org,
        cohort=cohort,
        other_cohort=other,
        staff=staff,
        other_staff=other_staff,
        admin=admin,
        youth=youth,
        walk_in=walk_in,
        partner=partner,
        speaker=speaker,
        cluster=cluster,
        second_cluster=second,
        pathway=pathway,
        outsider_org=outsider_org,
        outsider=outsider,
        outsider_partner=outsider_partner,
        outsider_cohort=outsider_cohort,
        outsider_staff=outsider_staff,
    )
