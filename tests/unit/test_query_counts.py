"""List pages run a fixed number of queries, whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import login
from tests.factories import OrganisationFactory, SchoolCareerFactory
from tests.factories.network import RegionFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, n):
    for _ in range(n):
        SchoolCareerFactory(school=world.school, person__municipality=world.municipality)
        OrganisationFactory(municipality=world.municipality)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("coach", "/jongeren/"),
        ("coach", "/organisaties/"),
        ("coach", "/organisaties/werkgroepen/"),
        ("coach", "/projecten/"),
        ("fg", "/privacy/audit/"),
        ("coach", "/api/v1/people/"),
        ("coach", "/api/v1/organisations/"),
    ],
)
def test_list_pages_do_not_grow_with_rows(client, world, username, url):
    user = {"coach": world.coach, "fg": world.privacy_officer}[username]
    login(client, user)
    _grow(world, 3)
    small = _queries(client, url)
    _grow(world, 12)
    RegionFactory.create_batch(3)
    assert _queries(client, url) == small


def test_person_page_query_count_is_fixed(client, world):
    login(client, world.coach)
    url = f"/jongeren/{world.person.pk}/"
    first = _queries(client, url)
    for _ in range(4):
        SchoolCareerFactory(person=world.person, school=world.school)
    assert _queries(client, url) == first
