"""Query-count guard: the statements a page or API call sends must not grow with the number of
youth behind it (no query per row, no N+1).

Each test measures one request with 10 youth, adds 190 more (straight inserts, no hashing), and
measures again: the two counts must be equal. Run with ``-s`` to see them. Each measured request
runs in an app context and database session of its own (``web_client``), after a warm-up, as
on a server.

One statement may differ, and only on paged lists: ``roster_page`` skips the COUNT(*) of the
total when the first page is not full (10 youth), and needs it when it is (200 youth). The
guard sets that one COUNT aside and requires every other statement to be the same.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from tests.factories import (
    add_youth_bulk,
    bearer,
    login_as,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_token,
    web_client,
)

SMALL, LARGE = 10, 200


class StatementLog(StatementCounter):
    """A StatementCounter that also keeps the text of each statement."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self.statements: list[str] = []

    def _on_execute(self, *args: Any) -> None:
        super()._on_execute(*args)
        self.statements.append(args[2])  # (conn, cursor, statement, parameters, …)


PAGE_TOTAL = re.compile(r"^\s*SELECT count\(", re.IGNORECASE)


def statements(client: FlaskClient, url: str, headers: dict[str, str] | None = None) -> list[str]:
    """The statements one GET sends, after a warm-up request (first-use work such as a token's
    last-used time is not what is being measured)."""
    assert client.get(url, headers=headers).status_code == 200
    db.session.remove()  # the test's own session holds nothing the request could reuse
    with StatementLog(db.engine) as log:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert log.count == len(log.statements)
    return log.statements


def compare(label: str, small: list[str], large: list[str], *, paged: bool) -> None:
    print(f"statements for {label}: {SMALL} youth -> {len(small)}, {LARGE} youth -> {len(large)}")
    if paged:
        totals = [sum(bool(PAGE_TOTAL.match(text)) for text in log) for log in (small, large)]
        assert totals[0] <= totals[1] == 1, f"{label}: page-total COUNTs {totals}"
        small = [text for text in small if not PAGE_TOTAL.match(text)]
        large = [text for text in large if not PAGE_TOTAL.match(text)]
    assert len(small) == len(large), (
        f"{label} sends {len(small)} statements for {SMALL} youth but {len(large)} for "
        f"{LARGE}: a query per row?\n--- {SMALL}:\n"
        + "\n".join(small)
        + f"\n--- {LARGE}:\n"
        + "\n".join(large)
    )


def test_staff_roster_statements_do_not_grow(app: Flask) -> None:
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    org_id, cohort_id = org.id, cohort.id
    client = login_as(web_client(app), staff)
    pages = {"/cohorts/<id>": f"/cohorts/{cohort_id}", "/roster": "/roster"}

    add_youth_bulk(org_id, SMALL, cohort_id=cohort_id)
    small = {label: statements(client, url) for label, url in pages.items()}
    add_youth_bulk(org_id, LARGE - SMALL, cohort_id=cohort_id)
    large = {label: statements(client, url) for label, url in pages.items()}

    for label in pages:
        compare(f"staff {label}", small[label], large[label], paged=True)
    # The page shows the cohort's youth, a page at a time.
    assert "Bulk Youth" in client.get(pages["/roster"]).get_data(as_text=True)


def test_youth_list_api_statements_do_not_grow(app: Flask) -> None:
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    _token_id, secret = make_token(staff)
    org_id, cohort_id, cohort_name = org.id, cohort.id, cohort.name
    client, headers, url = web_client(app), bearer(secret), "/api/v1/youth?per_page=100"

    add_youth_bulk(org_id, SMALL, cohort_id=cohort_id)
    small = statements(client, url, headers)
    add_youth_bulk(org_id, LARGE - SMALL, cohort_id=cohort_id)
    large = statements(client, url, headers)

    compare("GET /api/v1/youth?per_page=100", small, large, paged=True)
    body = client.get(url, headers=headers).get_json()
    assert (body["total"], len(body["items"]), body["pages"]) == (LARGE, 100, 2)
    assert all(item["cohorts"] == [cohort_name] for item in body["items"])


def test_family_home_statements_do_not_grow(app: Flask) -> None:
    org = make_org()
    cohort = make_cohort(org)
    family = make_family(org)
    org_id, cohort_id, family_id = org.id, cohort.id, family.id
    client = login_as(web_client(app), family)

    add_youth_bulk(org_id, SMALL, cohort_id=cohort_id, family_id=family_id)
    small = statements(client, "/family")
    add_youth_bulk(org_id, LARGE - SMALL, cohort_id=cohort_id, family_id=family_id)
    large = statements(client, "/family")

    compare("family /family", small, large, paged=False)
    assert client.get("/family").get_data(as_text=True).count("Bulk Youth") >= LARGE
