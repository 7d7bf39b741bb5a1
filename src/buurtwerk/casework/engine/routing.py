"""Which team receives a signal: the first matching rule by priority wins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SignalFacts:
    """What routing may look at: never the description or the person."""

    category: str
    route: str
    neighbourhood_id: int | None
    municipality_id: int | None = None


@dataclass(frozen=True)
class RuleSpec:
    """One routing rule; a criterion left as None matches anything.

    Rules with equal priority are tried in `order` (usually the database id), so the outcome
    never depends on the order in which rules happen to be passed in. `municipality_id` keeps a
    rule that names no neighbourhood inside its team's municipality.
    """

    team_id: int
    priority: int
    order: int = 0
    category: str | None = None
    route: str | None = None
    neighbourhood_id: int | None = None
    municipality_id: int | None = None

    def matches(self, facts: SignalFacts) -> bool:
        return (
            (self.category is None or self.category == facts.category)
            and (self.route is None or self.route == facts.route)
            and (self.neighbourhood_id is None or self.neighbourhood_id == facts.neighbourhood_id)
            and (self.municipality_id is None or self.municipality_id == facts.municipality_id)
        )


def route_signal(facts: SignalFacts, rules: Iterable[RuleSpec]) -> int | None:
    """The id of the team that receives the signal, or None when no rule matches."""
    for rule in sorted(rules, key=lambda rule: (rule.priority, rule.order)):
        if rule.matches(facts):
            return rule.team_id
    return None
