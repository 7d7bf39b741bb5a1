"""Dashboard panels: each domain app contributes the panels that matter to a user's role.

A panel provider gets the request's user and returns None (nothing to show) or a `Panel`.
Apps register providers in their AppConfig.ready(); the order is the order of registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[Any], Panel | None]
_PROVIDERS: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(user: Any) -> list[Panel]:
    return [panel for provider in _PROVIDERS if (panel := provider(user)) is not None]
