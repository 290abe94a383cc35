from unittest import mock

from django.db.utils import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client, db):
    # The one place where a fault is simulated: a real database outage is exercised by the
    # reliability suite; here only the view's answer to it is checked.
    with mock.patch("dwarsverbinder.conf.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
