"""A favicon: linked from every page, and /favicon.ico (which browsers ask for) leads to it."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert finders.find("favicon.svg")


def test_every_page_links_the_icon(client):
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()
