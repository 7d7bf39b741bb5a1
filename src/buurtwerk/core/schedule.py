"""Periodic tasks: what runs every day (or hour), queued by `buurtwerk worker`.

Django's task framework queues and runs tasks but has no clock. The worker calls
`enqueue_due_tasks()` every minute; each periodic task is queued once per period, however many
workers run (the ScheduledRun table decides). A period missed while no worker ran is caught up
once, not once per missed period.

Apps register their periodic tasks from AppConfig.ready():

    register_periodic_task(PeriodicTask("retention", tasks.apply_retention, every=DAY, at=3 * HOUR))
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from .models import ScheduledRun

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
KEEP_SCHEDULED_RUNS = timedelta(days=90)
EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday, so weekly periods start on Mondays


@dataclass(frozen=True)
class PeriodicTask:
    """`task` (a django.tasks Task without arguments) every `every`, `at` into each period.

    Periods count from midnight UTC: `every=DAY, at=3 * HOUR` runs at 03:00 UTC.
    """

    name: str
    task: Any
    every: timedelta
    at: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.every <= timedelta(0) or not timedelta(0) <= self.at < self.every:
            raise ValueError(f"Periodic task {self.name}: need 0 <= at < every, every > 0")

    def due_at(self, now: datetime) -> datetime:
        """Start of the latest period that has begun at `now`."""
        periods = (now - EPOCH - self.at) // self.every
        return EPOCH + self.at + periods * self.every


logger = logging.getLogger(__name__)

_PERIODIC: dict[str, PeriodicTask] = {}


def register_periodic_task(periodic: PeriodicTask) -> None:
    _PERIODIC[periodic.name] = periodic


def periodic_tasks() -> list[PeriodicTask]:
    return sorted(_PERIODIC.values(), key=lambda periodic: periodic.name)


def enqueue_due_tasks(now: datetime) -> list[str]:
    """Queue each periodic task whose current period has not been queued yet.

    Returns the names queued. Claiming the period and queueing happen in one transaction:
    when the queue refuses (Redis down), the claim is rolled back and the next tick retries;
    the other periodic tasks are queued all the same.
    """
    queued = []
    for periodic in periodic_tasks():
        due_at = periodic.due_at(now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=periodic.name, due_at=due_at)
                result = periodic.task.enqueue()
                run.task_result_id = str(result.id)[:64]
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue
        except Exception:
            logger.exception("Could not queue periodic task %s", periodic.name)
            continue
        queued.append(periodic.name)
    ScheduledRun.objects.filter(due_at__lt=now - KEEP_SCHEDULED_RUNS).delete()
    return queued
