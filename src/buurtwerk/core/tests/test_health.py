import pytest


def test_the_liveness_view_answers_without_touching_the_database(client) -> None:
    # No django_db mark: pytest-django raises on any database access.
    response = client.get("/gezond/live/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_the_health_view_checks_the_database(client) -> None:
    response = client.get("/gezond/")
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_checks_database_migrations_and_cache(client) -> None:
    response = client.get("/gezond/klaar/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": True, "migrations": True, "cache": True},
    }


@pytest.mark.django_db
def test_a_process_with_unapplied_migrations_is_not_ready(client, monkeypatch) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["0099_new"])
    response = client.get("/gezond/klaar/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "migrations": False, "cache": True}
