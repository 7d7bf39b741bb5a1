import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from buurtwerk.core import dbrouting
from buurtwerk.core.dbrouting import PIN_COOKIE, ReplicaPinningMiddleware, ReplicaRouter, primary
from buurtwerk.people.models import Resident

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(dbrouting, "replica_configured", lambda: True)


def test_without_a_replica_the_router_leaves_the_choice_to_django() -> None:
    assert router.db_for_read(Resident) is None


def test_reads_go_to_the_replica_and_writes_to_the_primary(with_replica) -> None:
    assert router.db_for_read(Resident) == "replica"
    assert router.db_for_write(Resident) == "default"


def test_sessions_are_always_read_from_the_primary(with_replica) -> None:
    # A session written at login must be found by the very next request.
    assert router.db_for_read(Session) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica, monkeypatch) -> None:
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Resident) == "default"


def test_reads_inside_primary_stay_on_the_primary(with_replica) -> None:
    with primary():
        assert router.db_for_read(Resident) == "default"
    assert router.db_for_read(Resident) == "replica"


def test_migrations_only_run_on_the_primary() -> None:
    assert router.allow_migrate("default", "people")
    assert not router.allow_migrate("replica", "people")


def _read_alias_during(request) -> tuple[str | None, HttpResponse]:
    seen: list[str | None] = []

    def view(request):
        seen.append(router.db_for_read(Resident))
        return HttpResponse("ok")

    response = ReplicaPinningMiddleware(view)(request)
    return seen[0], response


def test_a_writing_request_reads_from_the_primary_and_pins_the_next_ones(
    with_replica, settings
) -> None:
    settings.REPLICA_PIN_SECONDS = 5
    alias, response = _read_alias_during(RequestFactory().post("/bewoners/1/wijzigen/"))
    assert alias == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 5
    assert router.db_for_read(Resident) == "replica"

    follow_up = RequestFactory().get("/bewoners/1/")
    follow_up.COOKIES[PIN_COOKIE] = "1"
    assert _read_alias_during(follow_up)[0] == "default"


def test_a_reading_request_without_the_cookie_uses_the_replica(with_replica) -> None:
    alias, response = _read_alias_during(RequestFactory().get("/bewoners/"))
    assert alias == "replica"
    assert PIN_COOKIE not in response.cookies


def test_a_configured_replica_is_used_by_a_real_process(tmp_path: Path) -> None:
    """DATABASE_REPLICA_URL switches the router and middleware on (here: the same file)."""
    database = tmp_path / "primary.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtwerk.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "DATABASE_REPLICA_URL": f"sqlite:///{database}",
    }
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import transaction
        from buurtwerk.people.models import Municipality
        call_command("migrate", verbosity=0)
        Municipality.objects.create(name="Replicastad")
        print(Municipality.objects.all().db, Municipality.objects.get().name)
        with transaction.atomic():
            print(Municipality.objects.all().db)
        print("ReplicaPinningMiddleware" in settings.MIDDLEWARE[0])
        """
    )
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split("\n")[:3] == ["replica Replicastad", "default", "True"]
