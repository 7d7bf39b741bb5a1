"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL.

A backup is a gzip-compressed JSON Lines file: one header line (format, version, the applied
migrations, the number of rows per model) and then every row as Django serialises it. It needs
no database client tools, so it works on a fresh machine and can move data from SQLite to
PostgreSQL. A restore replaces everything in one transaction: it empties the tables, loads
every row, resets the id sequences and checks foreign keys, row counts per model against the
header, and the audit chain against the signed head in the header; when anything is off,
nothing changes.

Sessions are left out: a restored session would log someone in again. So are API tokens and
two-factor (TOTP) secrets: a backup file that leaks must not open the API or stand in for
anyone's phone. After a restore, users create new tokens and set up two-factor login again.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .chain import Head
from .log import chain_head, check_audit_log

FORMAT = "buurtwerk-backup"
VERSION = 1
EXCLUDED = frozenset({"sessions.session", "authtoken.token", "otp_totp.totpdevice"})


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
        # The head of the audit chain, signed: a restore must give back exactly this chain.
        "audit": chain_head().signed(),
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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _rows(stream: IO[str]) -> Iterator[str]:
    """The row lines after the header, without rows of models a backup no longer holds."""
    stream.readline()
    for number, line in enumerate(stream, start=2):
        if "\\u0000" in line and _has_nul(json.loads(line)):
            raise BackupError(
                f"Regel {number} van de backup bevat een NUL-teken; dat kan geen database opslaan."
            )
        if any(f'"model": "{label}"' in line for label in EXCLUDED):
            continue
        yield line


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


def _load_rows(path: Path, tables: list[str]) -> None:
    try:
        with connection.constraint_checks_disabled(), _open(path) as stream:
            for item in serializers.deserialize("jsonl", _rows(stream)):
                item.save()
        connection.check_constraints(table_names=tables)
    except serializers.base.DeserializationError as error:
        cause = error.__cause__
        if isinstance(cause, EOFError | OSError | zlib.error):
            raise BackupError(_TRUNCATED) from error
        raise BackupError(f"De backup is beschadigd: {error}") from error
    except (EOFError, OSError, zlib.error) as error:
        raise BackupError(_TRUNCATED) from error
    except IntegrityError as error:
        raise BackupError(
            f"De backup verwijst naar rijen die er niet in staan (onvolledige backup): {error}"
        ) from error
    except DatabaseError as error:
        raise BackupError(f"De database weigert een rij uit de backup: {error}") from error


_TRUNCATED = "De backup is afgebroken of beschadigd: het gzip-bestand is niet compleet."


def _check_counts(header: dict[str, Any], restored: list[type[models.Model]]) -> dict[str, int]:
    """Rows per model as restored, refused unless each matches the count in the header."""
    expected = header.get("counts")
    if not isinstance(expected, dict):
        raise BackupError("De backup zegt niet hoeveel rijen erin horen te staan.")
    counts = {model._meta.label_lower: model._base_manager.count() for model in restored}
    wrong = [
        f"{label}: {expected.get(label, 'geen')} in de backup, {count} teruggezet"
        for label, count in sorted(counts.items())
        if expected.get(label) != count
    ]
    if wrong:
        raise BackupError(
            "Het aantal rijen klopt niet met de backup; er ontbreken of er zijn rijen bij. "
            + "; ".join(wrong[:10])
            + "."
        )
    return counts


def _audit_anchor(header: dict[str, Any]) -> Head:
    anchor = Head.from_signed(header.get("audit"))
    if anchor is None:
        raise BackupError(
            "Het begin van het auditlog in de backup is niet ondertekend met de auditsleutel van "
            "deze installatie (BUURTWERK_AUDIT_KEY), of de kop is gewijzigd."
        )
    return anchor


def restore_backup(path: Path) -> dict[str, int]:
    """Replace the database's contents with the backup's, all or nothing."""
    header = read_header(path)
    _check_schema(header)
    anchor = _audit_anchor(header)
    restored = backup_models()
    tables = [model._meta.db_table for model in restored]
    tables.append(apps.get_model("sessions", "session")._meta.db_table)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The audit tables refuse TRUNCATE except on this switch (see audit migration 0006).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL buurtwerk.audit_restore = 'on'")
        connection.ops.execute_sql_flush(
            sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
        )
        _load_rows(path, tables)
        _reset_sequences(restored)
        counts = _check_counts(header, restored)
        problems = check_audit_log(anchor)
        if not problems and chain_head() != anchor:
            problems = ["het einde van het log wijkt af van de kop van de backup."]
        if problems:
            raise BackupError("Het auditlog in de backup is aangetast: " + " ".join(problems))
    return counts
