from tests.factories import make_cohort, make_org, make_staff, make_youth, sign_in


def test_staff_signs_in_and_sees_roster(client):
    org = make_org()
    cohort = make_cohort(org, name="Robotics")
    make_youth(org, cohort, name="Maya Lopez")
    staff = make_staff(org, [cohort], username="rivera")
    response = sign_in(client, "rivera")
    assert response.status_code == 302
    page = client.get(f"/cohorts/{cohort.id}")
    assert page.status_code == 200
    assert "Maya Lopez" in page.get_data(as_text=True)
    assert staff.id
