"""Background tasks of the audit log, queued by the scheduler in `buurtwerk worker`."""

from __future__ import annotations

import logging

from django.tasks import task

from .chain import write_checkpoint
from .log import chain_head, check_audit_log

logger = logging.getLogger(__name__)


@task()
def write_audit_checkpoint() -> list[str]:
    """Check the log and, when intact, move the checkpoint to the current head.

    A damaged log keeps the old checkpoint: the next check still sees what is missing.
    """
    problems = check_audit_log()
    if problems:
        for problem in problems:
            logger.error("Audit log check failed: %s", problem)
        return problems
    write_checkpoint(chain_head())
    return []
