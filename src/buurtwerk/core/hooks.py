"""Cross-domain events without import cycles.

People does not know about matching, yet withdrawing consent must withdraw open suggestions at
once. Apps register a handler for a named event from their AppConfig.ready().
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_HANDLERS: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def on(event: str, handler: Callable[..., Any]) -> None:
    if handler not in _HANDLERS[event]:
        _HANDLERS[event].append(handler)


def run_hooks(event: str, **kwargs: Any) -> None:
    for handler in _HANDLERS[event]:
        handler(**kwargs)
