"""Retention rules per kind of data, run by `buurtwerk retention` (daily, from cron or a task).

Each domain app registers its rules from AppConfig.ready(). A rule receives the moment "now" and
whether this is a dry run, and returns how many records it anonymised or removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetentionRule:
    name: str
    description: str
    apply: Callable[[datetime, bool], int]


_RULES: dict[str, RetentionRule] = {}


def register_retention_rule(rule: RetentionRule) -> None:
    _RULES[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: rule.name)


def run_retention(now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule; returns the number of records affected per rule."""
    return {rule.name: rule.apply(now, dry_run) for rule in retention_rules()}
