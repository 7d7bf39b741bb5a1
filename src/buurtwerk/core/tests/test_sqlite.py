"""SQLite as a real file: private to its owner, and safe with several writers at once."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections, transaction

from buurtwerk.settings.services import database_settings

WRITERS = 10
WRITES_EACH = 20


@contextmanager
def file_database(path: Path, **options: Any) -> Iterator[str]:
    """An extra database alias on a SQLite file, configured as the settings configure one."""
    alias = "sqlite_file"
    database = database_settings(f"sqlite:///{path}", 0)
    database["OPTIONS"].update(options)
    configured = connections.configure_settings({"default": {}, alias: database})
    connections.settings[alias] = configured[alias]
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def test_the_database_file_is_readable_by_its_owner_only(tmp_path, django_db_blocker) -> None:
    path = tmp_path / "buurtwerk.sqlite3"
    with django_db_blocker.unblock(), file_database(path) as alias:
        connections[alias].ensure_connection()
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE t (id integer)")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _write_concurrently(alias: str) -> tuple[list[str], int]:
    """Ten threads each add one to a counter twenty times: read, then write, in a transaction."""
    errors: list[str] = []
    start = threading.Barrier(WRITERS)

    def writer() -> None:
        start.wait()
        try:
            for _ in range(WRITES_EACH):
                try:
                    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                        cursor.execute("SELECT n FROM counter")
                        (value,) = cursor.fetchone()
                        cursor.execute("UPDATE counter SET n = %s", [value + 1])
                except OperationalError as error:
                    errors.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (total,) = cursor.fetchone()
    return errors, total


def test_ten_concurrent_writers_never_meet_a_locked_database(tmp_path, django_db_blocker) -> None:
    with django_db_blocker.unblock(), file_database(tmp_path / "db.sqlite3") as alias:
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        errors, total = _write_concurrently(alias)
    assert errors == []
    assert total == WRITERS * WRITES_EACH


def test_deferred_transactions_that_both_read_then_write_meet_a_locked_database(tmp_path) -> None:
    """What IMMEDIATE prevents, step by step, so the control does not depend on timing."""
    path = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(path)) as setup:
        setup.execute("CREATE TABLE counter (n integer)")
        setup.execute("INSERT INTO counter VALUES (0)")
        setup.commit()
    first = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    second = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    with closing(first), closing(second):
        for connection in (first, second):
            connection.execute("BEGIN DEFERRED")
            connection.execute("SELECT n FROM counter").fetchone()
        first.execute("UPDATE counter SET n = 1")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            second.execute("UPDATE counter SET n = 1")
