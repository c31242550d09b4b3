"""The About page: public, with the O*NET and BLS credits and the instruments' sources."""

from __future__ import annotations

import html
import re

from tests.factories import login_as, make_org, make_youth, web_client

ONET_CREDIT = (
    "This site includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license (https://creativecommons.org/licenses/by/4.0/). O*NET® is a trademark of "
    "USDOL/ETA. ccl_youth has modified all or some of this information. USDOL/ETA has not "
    "approved, endorsed, or tested these modifications."
)


def page_text(body: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body))).strip()


def test_anyone_can_read_the_credits(client):
    response = client.get("/about")
    assert response.status_code == 200
    text = page_text(response.get_data(as_text=True))
    assert ONET_CREDIT in text
    assert (
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
        "May 2025." in text
    )
    assert (
        "Source: U.S. Bureau of Labor Statistics, Employment Projections program, 2024–34." in text
    )
    assert "Armstrong, Allison and Rounds (2008)" in text
    assert "illustrative activities" in text
    assert "National Career Clusters® is a registered trademark of Advance CTE" in text


def test_every_page_links_to_it_in_the_footer(client, app):
    assert 'href="/about"' in client.get("/signin").get_data(as_text=True)
    youth = make_youth(make_org())
    signed_in = web_client(app)
    login_as(signed_in, youth)
    assert 'href="/about"' in signed_in.get("/youth").get_data(as_text=True)
    assert signed_in.get("/about").status_code == 200
