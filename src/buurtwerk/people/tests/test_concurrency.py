"""Two people saving the same resident at the same moment never lose each other's change.

These tests use two real database connections (one per thread) on PostgreSQL, where
`select_for_update` takes a row lock; SQLite locks the whole database and is not tested here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from buurtwerk.core.locking import StaleRecordError
from buurtwerk.core.testing import make_personas
from buurtwerk.people import actions
from buurtwerk.people.models import Resident

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need two PostgreSQL connections"
    ),
]


def _slow_audit(monkeypatch) -> None:
    """Hold each transaction open a while after its read, so the two saves truly overlap."""
    original = actions.record

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(actions, "record", slow)


def _in_parallel(*jobs: Callable[[], Any]) -> list[Any]:
    start = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_edits_of_different_fields_both_survive(monkeypatch) -> None:
    personas = make_personas()
    jan_id = personas.jan.pk
    _slow_audit(monkeypatch)

    def change_phone():
        jan = Resident.objects.get(pk=jan_id)
        return actions.do_update_resident(jan, {"phone": "06-11111111"}, personas.fatima)

    def change_notes():
        jan = Resident.objects.get(pk=jan_id)
        return actions.do_update_resident(jan, {"notes": "Nieuwe notitie"}, personas.sanne)

    results = _in_parallel(change_phone, change_notes)
    assert all(isinstance(result, Resident) for result in results), results
    jan = Resident.objects.get(pk=jan_id)
    assert jan.phone == "06-11111111" and jan.notes == "Nieuwe notitie"
    assert jan.version == 3


def test_two_edits_of_the_same_version_let_one_win_and_tell_the_other(monkeypatch) -> None:
    personas = make_personas()
    jan_id = personas.jan.pk
    opened_version = personas.jan.version
    _slow_audit(monkeypatch)

    def edit(name: str, user: Any) -> Callable[[], Any]:
        def job():
            jan = Resident.objects.get(pk=jan_id)
            return actions.do_update_resident(
                jan, {"name": name}, user, expected_version=opened_version
            )

        return job

    results = _in_parallel(
        edit("Jan Smit-de Vries", personas.fatima), edit("J. Smit", personas.sanne)
    )
    winners = [result for result in results if isinstance(result, Resident)]
    losers = [result for result in results if isinstance(result, StaleRecordError)]
    assert len(winners) == 1 and len(losers) == 1, results
    jan = Resident.objects.get(pk=jan_id)
    assert jan.name == winners[0].name and jan.version == opened_version + 1
    assert "Iemand anders heeft dit intussen gewijzigd" in " ".join(losers[0].messages)
