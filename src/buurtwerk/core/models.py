"""Core keeps one table of its own: which periodic task was queued for which period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One periodic task queued for one period.

    The unique (name, due_at) pair lets any number of workers on any number of machines run
    the scheduler: the first to insert the row queues the task, the others see the conflict.
    """

    name = models.CharField(_("taak"), max_length=100)
    due_at = models.DateTimeField(_("gepland voor"))
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet op"), auto_now_add=True)
    task_result_id = models.CharField(_("taaknummer"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("geplande taak")
        verbose_name_plural = _("geplande taken")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="one_run_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"
