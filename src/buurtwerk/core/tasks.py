"""Background tasks of core. Queued by the scheduler in `buurtwerk worker` (see schedule.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.apps import apps
from django.tasks import task
from django.utils import timezone

from .retention import apply_retention as apply_retention_now


@task(queue_name="batch")
def apply_retention() -> dict[str, int]:
    """The daily retention run: anonymise or remove what may no longer be kept."""
    return apply_retention_now(timezone.now())


TASK_RESULTS_KEPT = timedelta(days=30)


def prune_task_results(now: datetime, dry_run: bool) -> int:
    """Retention rule: finished tasks of the database queue are kept 30 days, for inspection."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(finished_at__lt=now - TASK_RESULTS_KEPT)
    count = finished.count()
    if not dry_run:
        finished.delete()
    return count
