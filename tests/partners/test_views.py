"""Partner pages through real HTTP: the list and its filters, the forms with their field
errors, vetting by admins only, archiving, contacts, role models with the occupation search,
and a constant number of statements for the list."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ccl_youth.db import StatementCounter
from ccl_youth.experiences.models import Activity
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner, PartnerCluster, PartnerContact, RoleModel
from tests.factories import (
    field_errors,
    input_value,
    login_as,
    make_admin,
    make_cluster,
    make_cohort,
    make_occupation,
    make_org,
    make_staff,
    make_youth,
    web_client,
)


class Site:
    def __init__(self, app: Flask) -> None:
        org = make_org()
        self.org_id = org.id
        self.cohort = make_cohort(org)
        self.cohort_id, self.program_id = self.cohort.id, self.cohort.program_id
        staff, admin = make_staff(org, [self.cohort]), make_admin(org)
        youth = make_youth(org, self.cohort)
        self.staff = login_as(web_client(app), staff)
        self.admin = login_as(web_client(app), admin)
        self.youth = login_as(web_client(app), youth)
        self.health = make_cluster("Health Science", code="T-H").id
        self.manufacturing = make_cluster("Manufacturing", framework="legacy_16", code="T-M").id
        make_occupation("Software Developers", soc_code="15-1252.00", description="Write code.")
        make_occupation("Web Developers", soc_code="15-1254.00", description="Build websites.")
        make_occupation("Registered Nurses", soc_code="29-1141.00")


@pytest.fixture
def site(app: Flask) -> Site:
    return Site(app)


def text(response) -> str:  # noqa: ANN001
    return response.get_data(as_text=True)


def create(client: FlaskClient, **fields: str) -> str:
    response = client.post("/partners/new", data={"kind": "employer", **fields})
    assert response.status_code == 302, field_errors(text(response))
    return response.headers["Location"]


def test_staff_add_find_and_open_a_partner(site: Site) -> None:
    page = text(site.staff.get("/partners"))
    assert "0 partners" in page and "Health Science" in page and "Manufacturing" in page
    form = text(site.staff.get("/partners/new"))
    assert f'name="clusters" value="{site.health}"' in form
    assert "Career Clusters (2024)" in form and "Career Clusters (16, before 2024)" in form
    location = create(
        site.staff,
        name="Harbor Clinic",
        kind="community",
        city="Tacoma",
        website="https://clinic.example.org",
        description="A family clinic.",
        clusters=[str(site.health), str(site.manufacturing)],  # type: ignore[arg-type]
    )
    partner_id = int(location.rsplit("/", 1)[1])
    page = text(site.staff.get(location))
    assert "Harbor Clinic is added." in page
    assert '<a href="https://clinic.example.org" rel="noopener noreferrer external">' in page
    assert "Health Science" in page and "Only an admin can change this." in page
    assert "Mark as vetted" not in page
    site.staff.get(create(site.staff, name="Cascade Robotics", city="Seattle"))
    listed = text(site.staff.get("/partners?q=TACOMA"))
    assert "1 partner" in listed and "Harbor Clinic" in listed and "Cascade Robotics" not in listed
    listed = text(site.staff.get(f"/partners?cluster={site.manufacturing}&kind=community"))
    assert f'href="/partners/{partner_id}"' in listed and "Cascade Robotics" not in listed
    assert "Cascade Robotics" not in text(site.staff.get("/partners?vetted=1"))
    # Malformed filters are ignored, never an error.
    for query in (
        "page=%C2%B2",
        "page=99999999999",
        "cluster=abc",
        "kind=spaceship",
        "q=" + "x" * 500,
    ):
        assert site.staff.get(f"/partners?{query}").status_code == 200, query


def test_form_errors_name_the_field_and_save_nothing(site: Site) -> None:
    create(site.staff, name="Harbor Clinic")
    response = site.staff.post(
        "/partners/new",
        data={
            "name": "harbor clinic",
            "kind": "employer",
            "website": "javascript:alert(1)",
            "clusters": "999999",
        },
    )
    assert response.status_code == 200
    errors = field_errors(text(response))
    assert errors["clusters"] == "Choose career clusters from the list."
    response = site.staff.post(
        "/partners/new",
        data={"name": "harbor clinic", "kind": "employer", "website": "javascript:alert(1)"},
    )
    errors = field_errors(text(response))
    assert errors == {
        "name": "A partner with that name already exists.",
        "website": "Enter a web address that starts with http:// or https://.",
    }
    assert input_value(text(response), "name") == "harbor clinic"
    assert len(db.session.scalars(select(Partner)).all()) == 1


def test_edit_keeps_values_and_saves(site: Site) -> None:
    location = create(site.staff, name="Clinic", clusters=str(site.health))
    form = text(site.staff.get(f"{location}/edit"))
    assert input_value(form, "name") == "Clinic"
    assert re.search(rf'value="{site.health}" id="clusters-{site.health}" checked', form)
    response = site.staff.post(
        f"{location}/edit", data={"name": "Clinic North", "kind": "community", "city": "Everett"}
    )
    assert response.status_code == 302
    partner = db.session.scalars(select(Partner)).one()
    assert (partner.name, partner.kind, partner.city) == ("Clinic North", "community", "Everett")
    assert db.session.scalars(select(PartnerCluster)).all() == []


def test_only_admins_vet_and_everyone_archives(site: Site) -> None:
    location = create(site.staff, name="Clinic")
    partner_id = int(location.rsplit("/", 1)[1])
    assert site.staff.post(f"{location}/vetted", data={"vetted": "1"}).status_code == 403
    assert "Mark as vetted" in text(site.admin.get(location))
    response = site.admin.post(f"{location}/vetted", data={"vetted": "1"}, follow_redirects=True)
    assert "The partner is marked as vetted." in text(response)
    assert "Clear the vetted mark" in text(response)
    assert db.session.get_one(Partner, partner_id).is_vetted
    assert site.admin.post(f"{location}/vetted", data={"vetted": "yes"}).status_code == 302
    assert db.session.get_one(Partner, partner_id).is_vetted  # a bad value changes nothing
    response = site.staff.post(f"{location}/archive", data={"archived": "1"}, follow_redirects=True)
    assert "Bring back from the archive" in text(response)
    assert "Clinic" not in text(site.staff.get("/partners"))
    assert "Clinic" in text(site.staff.get("/partners?archived=1"))
    site.staff.post(f"{location}/archive", data={"archived": "0"})
    assert "Clinic" in text(site.staff.get("/partners"))


def test_youth_never_reach_partner_pages(site: Site) -> None:
    location = create(site.staff, name="Clinic")
    for url in ("/partners", "/partners/new", location, f"{location}/edit"):
        assert site.youth.get(url).status_code == 403, url


def test_contacts_through_the_pages(site: Site) -> None:
    location = create(site.staff, name="Clinic")
    response = site.staff.post(
        f"{location}/contacts/new", data={"name": "Casey", "email": "casey@", "phone": "12"}
    )
    assert field_errors(text(response)) == {
        "email": "Enter an e-mail address like name@example.org.",
        "phone": "Enter a phone number of 7 to 15 digits, like (206) 555-0100.",
    }
    response = site.staff.post(
        f"{location}/contacts/new",
        data={"name": "Casey", "email": "casey@example.org", "phone": "206 555 0100"},
        follow_redirects=True,
    )
    page = text(response)
    assert "The contact is added." in page and 'href="mailto:casey@example.org"' in page
    assert 'href="tel:2065550100"' in page
    contact = db.session.scalars(select(PartnerContact)).one()
    edit = f"/partners/contacts/{contact.id}/edit"
    assert input_value(text(site.staff.get(edit)), "email") == "casey@example.org"
    site.staff.post(edit, data={"name": "Casey Jones", "title": "Director"})
    db.session.refresh(contact)
    assert (contact.name, contact.title, contact.email) == ("Casey Jones", "Director", "")
    response = site.staff.post(f"/partners/contacts/{contact.id}/remove")
    assert response.headers["Location"] == location
    assert db.session.scalars(select(PartnerContact)).all() == []


def test_role_model_by_code_or_by_search(site: Site) -> None:
    location = create(site.staff, name="Clinic")
    new = f"{location}/role-models/new"
    # A code nobody has: a clear field error, the other fields kept.
    response = site.staff.post(
        new, data={"display_name": "Maria G.", "occupation": "99-9999.99", "save": "1"}
    )
    assert field_errors(text(response))["occupation"] == (
        "No occupation has the code 99-9999.99. Check the code, or search by job title and "
        "pick one."
    )
    assert input_value(text(response), "display_name") == "Maria G."
    # "Find" lists the matches and saves nothing, without complaining about empty fields.
    response = site.staff.post(new, data={"occupation": "developers", "find": "1"})
    page = text(response)
    assert "Software Developers (15-1252.00)" in page and "Web Developers (15-1254.00)" in page
    assert "Registered Nurses" not in page and field_errors(page) == {}
    # Saving with words and no pick asks to pick.
    response = site.staff.post(
        new, data={"display_name": "Maria G.", "occupation": "developers", "save": "1"}
    )
    page = text(response)
    assert field_errors(page)["occupation"] == "Pick one of the occupations below, or type a code."
    assert 'value="15-1254.00"' in page
    # Picking one saves it.
    response = site.staff.post(
        new,
        data={
            "display_name": "Maria G.",
            "occupation": "developers",
            "occupation_pick": "15-1254.00",
            "story": "I build websites for small shops.",
            "save": "1",
        },
        follow_redirects=True,
    )
    page = text(response)
    assert "The role model is added." in page and "Web Developers" in page
    model = db.session.scalars(select(RoleModel)).one()
    # Or a code typed straight in.
    edit = f"/partners/role-models/{model.id}/edit"
    assert input_value(text(site.staff.get(edit)), "occupation") == "15-1254.00"
    site.staff.post(edit, data={"display_name": "Maria G.", "occupation": "29-1141.00"})
    db.session.refresh(model)
    assert (model.display_name, model.story) == ("Maria G.", "")
    assert "Registered Nurses" in text(site.staff.get(location))
    # Words that match nothing say so.
    response = site.staff.post(edit, data={"occupation": "zzzz", "find": "1"})
    assert (
        field_errors(text(response))["occupation"]
        == "No occupation matches “zzzz”. Try another word."
    )
    response = site.staff.post(f"/partners/role-models/{model.id}/remove")
    assert response.headers["Location"] == location
    assert db.session.scalars(select(RoleModel)).all() == []


def test_partner_page_lists_recent_activities_with_type_names(site: Site) -> None:
    location = create(site.staff, name="Clinic")
    partner_id = int(location.rsplit("/", 1)[1])
    db.session.add(
        Activity(
            organization_id=site.org_id,
            program_id=site.program_id,
            cohort_id=site.cohort_id,
            type_slug="guest_speaker",
            title="Nurse visit",
            activity_date=date(2026, 3, 4),
            minutes=45,
            partner_id=partner_id,
        )
    )
    db.session.commit()
    page = text(site.staff.get(location))
    assert "Nurse visit" in page and "Mar 4, 2026" in page and "Guest speaker" in page
    assert "1 activity" in text(site.staff.get("/partners"))


def _add_partners(org_id: int, program_id: int, cluster_id: int, start: int, count: int) -> None:
    """Partners with a cluster each and two activities each, inserted directly."""
    for i in range(start, start + count):
        partner = Partner(organization_id=org_id, name=f"Bulk Partner {i:03d}", kind="employer")
        db.session.add(partner)
        db.session.flush()
        db.session.add(PartnerCluster(partner_id=partner.id, cluster_id=cluster_id))
        db.session.add_all(
            Activity(
                organization_id=org_id,
                program_id=program_id,
                type_slug="guest_speaker",
                title=f"Visit {n}",
                activity_date=date(2026, 2, 1),
                minutes=60,
                partner_id=partner.id,
            )
            for n in range(2)
        )
    db.session.commit()


def _statements(client: FlaskClient, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up
    db.session.remove()
    with StatementCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_the_list_sends_the_same_statements_for_3_and_30_partners(site: Site) -> None:
    _add_partners(site.org_id, site.program_id, site.health, 0, 3)
    small = _statements(site.staff, "/partners")
    _add_partners(site.org_id, site.program_id, site.health, 3, 27)
    large = _statements(site.staff, "/partners")
    print(f"statements for /partners: 3 partners -> {small}, 30 partners -> {large}")
    assert small == large
    page = text(site.staff.get("/partners"))
    assert "30 partners" in page and page.count("2 activities") == 25


@pytest.mark.usefixtures("csrf_on")
def test_buttons_carry_the_csrf_token(site: Site) -> None:
    partner = Partner(organization_id=site.org_id, name="Clinic", kind="museum")
    db.session.add(partner)
    db.session.commit()
    location = f"/partners/{partner.id}"
    page = text(site.admin.get(location))
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    tokens = {
        action: re.search(r'name="csrf_token" value="([^"]+)"', body) for action, body in forms
    }
    assert f"{location}/archive" in tokens and f"{location}/vetted" in tokens
    assert site.admin.post(f"{location}/archive", data={"archived": "1"}).status_code == 400
    token = tokens[f"{location}/archive"]
    assert token is not None
    response = site.admin.post(
        f"{location}/archive", data={"archived": "1", "csrf_token": token.group(1)}
    )
    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.is_archived
