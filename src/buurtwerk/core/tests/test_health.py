import pytest


def test_the_liveness_view_answers_without_touching_the_database(client) -> None:
    # No django_db mark: pytest-django raises on any database access.
    response = client.get("/gezond/live/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_the_health_view_checks_the_database(client) -> None:
    response = client.get("/gezond/")
    assert response.json() == {"status": "ok"}
