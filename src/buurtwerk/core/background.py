"""Helpers for background work with Django's task framework (`django.tasks`).

The pattern for long work in an app (today: the daily retention run in core/tasks.py):

1. The task lives in the app's `tasks.py`, decorated with `@task(queue_name="batch")`. Its
   arguments are ids and plain values, never model instances: they are stored as JSON and the
   worker may run on another machine, minutes later.
2. An action (`actions.py`) checks permission, writes the audit entry and calls
   `enqueue_on_commit(task, ...)`, so the worker never starts on data that was rolled back or
   is not yet committed.
3. The task itself takes `single_flight(...)` when two runs for the same thing must not
   overlap, re-reads its records and writes through actions (with `acting_user=None` or the
   requesting user's id, looked up again).

See docs/deployment.md ("Background tasks") for the worker and how to add a task.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` once the current transaction commits.

    Outside a transaction it is queued at once. Arguments must be JSON values (ids, strings,
    numbers, lists, dicts).
    """
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=False)


# Two-key advisory locks live apart from the one-key locks of the audit chain.
_LOCK_NAMESPACE = 7341


def _lock_keys(name: str) -> tuple[int, int]:
    # crc32 is stable across processes (unlike hash()); shifted into PostgreSQL's signed int4.
    return _LOCK_NAMESPACE, zlib.crc32(name.encode("utf-8")) - 2**31


@contextmanager
def single_flight(name: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Yield True when this process holds the lock `name`, False when another one does.

    On PostgreSQL a session-level advisory lock, so it holds across machines and is released
    when the block ends (or the connection dies). SQLite allows one writer anyway; there the
    lock is always granted.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    keys = _lock_keys(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", keys)
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", keys)
