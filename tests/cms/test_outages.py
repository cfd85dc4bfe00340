"""A database that cannot be reached gets a designed 503 (HTML on pages,
JSON under the APIs), never the 500 page; a Redis that cannot be reached
costs nothing but speed."""

from django.test import Client, override_settings

import pytest

from tests import factories
from tests.cms.outages import dead_cache_settings, stopped_database


@pytest.fixture
def unraised_client() -> Client:
    # Errors raised by a middleware go through handler500, which the test
    # client would re-raise: a real server answers with what it returns.
    return Client(raise_request_exception=False)


def test_a_page_while_the_database_is_down_is_a_designed_503(
    unraised_client, django_db_blocker
):
    with stopped_database(django_db_blocker):
        response = unraised_client.get(
            "/ru/services/", headers={"host": "mvd.portal.test"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    html = response.text
    assert "<h1>Временно недоступно</h1>" in html
    assert '<html lang="ru">' in html


def test_the_api_while_the_database_is_down_is_a_json_503(
    unraised_client, django_db_blocker
):
    with stopped_database(django_db_blocker):
        response = unraised_client.get(
            "/api/v1/agencies/", headers={"host": "portal.test"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["error"]["code"] == "unavailable"


def test_a_view_that_loses_the_database_answers_503_too(
    unraised_client, django_db_blocker
):
    # The admin's login view reads the database itself (no middleware does
    # before it): the middleware's process_exception answers.
    with stopped_database(django_db_blocker):
        response = unraised_client.post(
            "/admin/login/",
            {"username": "editor", "password": "not-the-password"},
            headers={"host": "portal.test"},
        )
    assert response.status_code == 503


@pytest.mark.django_db
def test_pages_and_the_api_keep_serving_with_redis_down(client):
    tree = factories.provisioned_agency("alpha")
    with override_settings(CACHES=dead_cache_settings()):
        page = client.get("/tg/", headers={"host": tree.hostname})
        api = client.get("/api/v1/agencies/", headers={"host": tree.hostname})
    assert page.status_code == 200
    assert api.status_code == 200
    assert api.json()["items"]
