"""Retention rules per kind of data, applied daily by the periodic task `core.tasks.apply_retention`
(queued by `buurtwerk worker`) or by hand with `buurtwerk retention`.

Each domain app registers its rules from AppConfig.ready(). A rule receives the moment "now" and
whether this is a dry run, and returns how many records it anonymised or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .auditing import AuditVerb, Purpose, audit_trail


@dataclass(frozen=True)
class RetentionRule:
    name: str
    description: str
    apply: Callable[[datetime, bool], int]


_RULES: dict[str, RetentionRule] = {}

ActivitySource = Callable[[datetime], Iterable[int]]
_ACTIVITY_SOURCES: dict[str, ActivitySource] = {}


def register_activity_source(name: str, source: ActivitySource) -> None:
    """A domain tells which residents had activity there since a moment (ids).

    People erases residents nobody worked with for years; a resident with a recent case,
    match or sign-up elsewhere is not "inactive", so each domain with such records registers
    a source: `source(since)` returns the ids of residents active since `since`.
    """
    _ACTIVITY_SOURCES[name] = source


def residents_active_since(since: datetime) -> set[int]:
    active: set[int] = set()
    for source in _ACTIVITY_SOURCES.values():
        active.update(source(since))
    return active


def register_retention_rule(rule: RetentionRule) -> None:
    _RULES[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.name)


def run_retention(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule; returns the number of records affected per rule."""
    return {rule.name: rule.apply(now, dry_run) for rule in retention_rules()}


def apply_retention(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Run every rule and, unless a dry run, write that it happened to the audit log."""
    counts = run_retention(now, dry_run=dry_run)
    if not dry_run:
        audit_trail().record(
            None, AuditVerb.ERASE, None, purpose=Purpose.RETENTION_APPLIED, fields=list(counts)
        )
    return counts
