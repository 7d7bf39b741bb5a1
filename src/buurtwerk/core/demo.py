"""The demo neighbourhood: every domain app adds its part through its own demo.py.

Each `demo.populate(context)` receives the shared `DemoContext` (the random generator, the
places, the users and the residents made so far) and may add to it for the apps after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.db import transaction

DEMO_PASSWORD = "buurtwerk-demo-2026"  # noqa: S105 - documented in the README, demo only


@dataclass
class DemoContext:
    rng: random.Random
    objects: dict[str, Any] = field(default_factory=dict)


def demo_modules() -> list[Any]:
    return [
        import_module(f"{app}.demo")
        for app in settings.LOCAL_APPS
        if app != "buurtwerk.core" and find_spec(f"{app}.demo") is not None
    ]


def build_demo(seed: int = 2026) -> DemoContext:
    context = DemoContext(rng=random.Random(seed))
    with transaction.atomic():
        for module in demo_modules():
            module.populate(context)
    return context


def remove_demo() -> None:
    """Remove all demo data, newest domain first; the audit log stays (it is append-only)."""
    with transaction.atomic():
        for module in reversed(demo_modules()):
            if hasattr(module, "remove"):
                module.remove()
