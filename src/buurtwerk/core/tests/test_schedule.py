from datetime import UTC, datetime, timedelta

import pytest
from django.tasks import task
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core import schedule
from buurtwerk.core.models import ScheduledRun
from buurtwerk.core.schedule import DAY, HOUR, PeriodicTask, enqueue_due_tasks

RUNS: list[str] = []


@task()
def remember_run() -> None:
    RUNS.append("ran")


@pytest.fixture
def only_test_task(monkeypatch):
    """The registry holds just one test task; the immediate backend runs it when queued."""
    RUNS.clear()
    periodic = PeriodicTask("test-task", remember_run, every=DAY, at=3 * HOUR)
    monkeypatch.setattr(schedule, "_PERIODIC", {periodic.name: periodic})
    return periodic


@given(
    now=st.datetimes(
        min_value=datetime(2001, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    every_minutes=st.integers(min_value=1, max_value=60 * 24 * 7),
    at_fraction=st.floats(min_value=0, max_value=0.999),
)
def test_due_at_is_the_start_of_the_period_that_contains_now(
    now, every_minutes, at_fraction
) -> None:
    every = timedelta(minutes=every_minutes)
    periodic = PeriodicTask("p", remember_run, every=every, at=every * at_fraction)
    due_at = periodic.due_at(now)
    assert due_at <= now < due_at + every
    assert (due_at - schedule.EPOCH - periodic.at) % every == timedelta(0)


def test_a_daily_task_at_three_is_due_from_three_oclock_utc() -> None:
    periodic = PeriodicTask("p", remember_run, every=DAY, at=3 * HOUR)
    assert periodic.due_at(datetime(2026, 3, 5, 2, 59, tzinfo=UTC)) == datetime(
        2026, 3, 4, 3, 0, tzinfo=UTC
    )
    assert periodic.due_at(datetime(2026, 3, 5, 3, 0, tzinfo=UTC)) == datetime(
        2026, 3, 5, 3, 0, tzinfo=UTC
    )


def test_an_offset_outside_the_period_is_refused() -> None:
    with pytest.raises(ValueError, match="at < every"):
        PeriodicTask("p", remember_run, every=HOUR, at=2 * HOUR)


@pytest.mark.django_db
def test_a_periodic_task_is_queued_once_per_period_however_often_the_scheduler_ticks(
    only_test_task,
) -> None:
    morning = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    assert enqueue_due_tasks(morning) == ["test-task"]
    assert enqueue_due_tasks(morning + timedelta(minutes=1)) == []
    assert enqueue_due_tasks(morning + timedelta(hours=17)) == []
    assert RUNS == ["ran"]
    assert enqueue_due_tasks(morning + timedelta(hours=18)) == ["test-task"]
    assert RUNS == ["ran", "ran"]
    assert list(ScheduledRun.objects.values_list("due_at", flat=True)) == [
        datetime(2026, 3, 6, 3, 0, tzinfo=UTC),
        datetime(2026, 3, 5, 3, 0, tzinfo=UTC),
    ]


@pytest.mark.django_db
def test_days_without_a_worker_are_caught_up_once_not_once_per_missed_day(
    only_test_task,
) -> None:
    enqueue_due_tasks(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    enqueue_due_tasks(datetime(2026, 3, 9, 9, 0, tzinfo=UTC))
    assert RUNS == ["ran", "ran"]


class RefusingQueue:
    """Stands in for a task whose queue (Redis) is down."""

    def enqueue(self):
        raise ConnectionError("queue down")


@pytest.mark.django_db
def test_a_queue_that_refuses_leaves_the_period_unclaimed_for_the_next_tick(
    only_test_task, monkeypatch
) -> None:
    refusing = PeriodicTask("test-task", RefusingQueue(), every=DAY, at=3 * HOUR)
    monkeypatch.setattr(schedule, "_PERIODIC", {refusing.name: refusing})
    assert enqueue_due_tasks(datetime(2026, 3, 5, 9, 0, tzinfo=UTC)) == []
    assert not ScheduledRun.objects.exists()
    monkeypatch.setattr(schedule, "_PERIODIC", {only_test_task.name: only_test_task})
    assert enqueue_due_tasks(datetime(2026, 3, 5, 9, 1, tzinfo=UTC)) == ["test-task"]


@pytest.mark.django_db
def test_old_schedule_rows_are_pruned(only_test_task) -> None:
    enqueue_due_tasks(datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    enqueue_due_tasks(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    assert list(ScheduledRun.objects.values_list("due_at__month", flat=True)) == [6]


def test_retention_is_registered_as_a_daily_periodic_task() -> None:
    periodic = {p.name: p for p in schedule.periodic_tasks()}["retention"]
    assert periodic.every == DAY
    assert periodic.task.module_path == "buurtwerk.core.tasks.apply_retention"
