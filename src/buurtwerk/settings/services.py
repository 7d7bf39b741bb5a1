"""Outside services chosen from the environment: task queue, cache, database replica.

Pure functions of the environment so that each choice is tested without reloading settings.
Without any variable set, everything runs on the one database: tasks in a database table,
a per-process memory cache, no replica. That is enough for one machine; see docs/deployment.md
for several.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.util import find_spec
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TASK_QUEUES = ["default", "batch"]
"""`default` for short work; `batch` for long runs (matching per district, retention), so a
deployment can give them their own workers: `buurtwerk worker --queue batch`."""

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_TASKS_BACKEND = "django_tasks_rq.RQBackend"


def task_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """TASKS, the apps the backend needs and, for Redis, the RQ queues.

    The database backend is the default: it needs nothing but the database already there.
    With BUURTWERK_REDIS_URL the tasks go to Redis through RQ (install `buurtwerk[redis]`).
    """
    redis_url = environ.get("BUURTWERK_REDIS_URL", "").strip()
    if not redis_url:
        return {
            "TASKS": {
                "default": {"BACKEND": DATABASE_TASKS_BACKEND, "QUEUES": TASK_QUEUES},
            },
            "APPS": ["django_tasks_db"],
            "RQ_QUEUES": {},
        }
    if find_spec("django_tasks_rq") is None:
        raise ImproperlyConfigured(
            "BUURTWERK_REDIS_URL is gezet, maar de Redis-onderdelen ontbreken: "
            "installeer buurtwerk[redis]."
        )
    return {
        "TASKS": {"default": {"BACKEND": RQ_TASKS_BACKEND, "QUEUES": TASK_QUEUES}},
        "APPS": ["django_rq"],
        # RQ gives a job 180 s by default; a matching run for a large district may take longer.
        "RQ_QUEUES": {queue: {"URL": redis_url, "DEFAULT_TIMEOUT": 1800} for queue in TASK_QUEUES},
    }


def cache_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """A shared Redis cache when configured (several web processes see one cache), else a
    per-process memory cache, which is only ever used for data that may be briefly stale."""
    redis_url = environ.get("BUURTWERK_REDIS_URL", "").strip()
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "buurtwerk",
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# A writer waits this long for another writer to finish instead of failing at once.
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def database_settings(url: str, conn_max_age: int) -> dict[str, Any]:
    """The database at `url`. On SQLite every transaction starts as a writer (BEGIN IMMEDIATE)
    and waits for a busy database: a transaction that first reads and then writes cannot wait
    for another writer, SQLite fails it at once with "database is locked"."""
    database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        )
    return database


def replica_databases(
    environ: Mapping[str, str], default: Mapping[str, Any], conn_max_age: int
) -> dict[str, Any]:
    """The read replica under the alias `replica` when DATABASE_REPLICA_URL is set.

    In tests the replica mirrors the default database, as the replica would in production
    after replication; Django then uses one connection for both.
    """
    url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if not url:
        return {}
    replica = dj_database_url.parse(url, conn_max_age=conn_max_age)
    replica["TEST"] = {"MIRROR": "default"}
    if replica.get("ENGINE") != default.get("ENGINE"):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL moet dezelfde soort database zijn als DATABASE_URL."
        )
    return {"replica": replica}
