"""One convention for status flows: the states, which step may follow which, and who may take it.

Signals, cases, matches and rides each declare a `TransitionTable`; their actions ask it before
they change a status and write the step to the history the record keeps (`SignalTransition`,
`MatchEvent`, or the audit log for cases and rides). Unknown states allow nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TransitionTable:
    """`steps[state]` are the states that may follow `state`.

    `roles[target]`, when given, are the roles that may take a step to `target`; without an
    entry every role that may change the record may take it. `reopening` are the steps out of
    a closed state, which the history names separately.
    """

    steps: Mapping[str, frozenset[str]]
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    closed: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        steps: Mapping[str, Iterable[str]],
        *,
        roles: Mapping[str, Iterable[str]] | None = None,
        closed: Iterable[str] = (),
    ) -> TransitionTable:
        return cls(
            {state: frozenset(targets) for state, targets in steps.items()},
            {target: frozenset(allowed) for target, allowed in (roles or {}).items()},
            frozenset(closed),
        )

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.steps) | frozenset().union(*self.steps.values())

    def allowed_next(self, current: str, role: str | None = None) -> frozenset[str]:
        """The states a record in `current` may move to (by `role`, when given)."""
        targets = self.steps.get(current, frozenset())
        if role is None:
            return targets
        return frozenset(t for t in targets if t not in self.roles or role in self.roles[t])

    def is_allowed(self, current: str, target: str, role: str | None = None) -> bool:
        return target in self.allowed_next(current, role)

    def is_reopening(self, current: str, target: str) -> bool:
        return current in self.closed and target not in self.closed
