"""Background tasks of core. Queued by the scheduler in `buurtwerk worker` (see schedule.py)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from .retention import apply_retention as apply_retention_now


@task(queue_name="batch")
def apply_retention() -> dict[str, int]:
    """The daily retention run: anonymise or remove what may no longer be kept."""
    return apply_retention_now(timezone.now())
