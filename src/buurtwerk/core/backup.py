"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

A backup is a gzip-compressed JSON Lines file: one header line (format, version, the applied
migrations, the number of rows per model) and then every row as Django serialises it. It needs
no database client tools, so it works on a fresh machine and can move data from SQLite to
PostgreSQL. A restore replaces everything in one transaction: it empties the tables, loads
every row, resets the id sequences and checks foreign keys, row counts and the audit chain;
when anything is off, nothing changes.

Sessions are left out: a restored session would log someone in again.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "buurtwerk-backup"
VERSION = 1
EXCLUDED = frozenset({"sessions.session"})


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder rounds times to milliseconds; the audit chain hashes microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The file is not a usable backup for this database; the message is Dutch."""


def backup_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED
    ]


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _header() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": applied_migrations(),
        "counts": {
            model._meta.label_lower: model._base_manager.count() for model in backup_models()
        },
    }


def write_backup(path: Path) -> dict[str, int]:
    """Write the whole database to `path` (readable by its owner only); returns row counts."""
    # One snapshot: every table is read in the same transaction.
    with transaction.atomic():
        header = _header()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            for model in backup_models():
                rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
                serializers.serialize("jsonl", rows, stream=out, cls=_ExactJSONEncoder)
    return dict(header["counts"])


def _open(path: Path) -> IO[str]:
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller's with


def read_header(path: Path) -> dict[str, Any]:
    try:
        with _open(path) as stream:
            header = json.loads(stream.readline())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"Dit is geen Buurtwerk-backup: {error}") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("Dit is geen Buurtwerk-backup.")
    if header.get("version") != VERSION:
        raise BackupError(f"Backupversie {header.get('version')} wordt niet ondersteund.")
    return header


def _rows(stream: IO[str]) -> Iterator[str]:
    stream.readline()
    yield from stream


def _check_schema(header: dict[str, Any]) -> None:
    if header["migrations"] != applied_migrations():
        raise BackupError(
            "De backup hoort bij een andere versie van de database. Draai eerst "
            "'buurtwerk migrate' (of gebruik de versie van Buurtwerk waarmee de backup is gemaakt)."
        )


def _reset_sequences(restored: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_backup(path: Path) -> dict[str, int]:
    """Replace the database's contents with the backup's, all or nothing."""
    from buurtwerk.audit.log import verify_chain

    header = read_header(path)
    _check_schema(header)
    restored = backup_models()
    tables = [model._meta.db_table for model in restored]
    tables.append(apps.get_model("sessions", "session")._meta.db_table)
    with transaction.atomic():
        connection.ops.execute_sql_flush(
            sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
        )
        with connection.constraint_checks_disabled(), _open(path) as stream:
            try:
                for item in serializers.deserialize("jsonl", _rows(stream)):
                    item.save()
            except serializers.base.DeserializationError as error:
                raise BackupError(f"De backup is beschadigd: {error}") from error
        connection.check_constraints(table_names=tables)
        _reset_sequences(restored)
        counts = {model._meta.label_lower: model._base_manager.count() for model in restored}
        expected = {label: count for label, count in header["counts"].items() if label in counts}
        if counts != {label: counts[label] for label in expected} or set(expected) != set(counts):
            raise BackupError("Het aantal rijen na het terugzetten klopt niet met de backup.")
        broken = verify_chain()
        if broken:
            raise BackupError(f"Het auditlog in de backup is aangetast bij regel {broken[:10]}.")
    return counts
