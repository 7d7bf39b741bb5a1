"""Which team receives a signal: the routing rules and their upkeep."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, signed_in
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Neighbourhood, Team

from ..engine.routing import RuleSpec, SignalFacts, route_signal
from ..models import ROUTE_TEAM_KIND, TEAM_KIND_ROUTE, RoutingRule, SignalCategory
from ..permissions import team_ids

# Teams receive the signals of their own kind in their neighbourhoods when no explicit rule
# says otherwise; explicit rules always come first.
DEFAULT_RULE_PRIORITY = 1_000_000


def routing_rules() -> list[RuleSpec]:
    """Active explicit rules, then one default rule per team, neighbourhood and route.

    An explicit rule never reaches past its team: a rule without a category takes only the
    route the team works on, and every rule stays inside the team's municipality.
    """
    rules = [
        RuleSpec(
            team_id=rule.team_id,
            priority=rule.priority,
            order=rule.pk,
            category=rule.category.code if rule.category else None,
            # A team of another kind (a community centre) receives no signals at all.
            route=None if rule.category else TEAM_KIND_ROUTE.get(rule.team.kind, ""),
            neighbourhood_id=rule.neighbourhood_id,
            municipality_id=rule.team.municipality_id,
        )
        for rule in RoutingRule.objects.filter(active=True).select_related("category", "team")
    ]
    coverage = Team.neighbourhoods.through.objects.select_related("team").order_by("team_id")
    for link in coverage:
        for route, kind in ROUTE_TEAM_KIND.items():
            if link.team.kind == kind:
                rules.append(
                    RuleSpec(
                        team_id=link.team_id,
                        priority=DEFAULT_RULE_PRIORITY,
                        order=link.team_id,
                        route=route,
                        neighbourhood_id=link.neighbourhood_id,
                    )
                )
    return rules


def team_for(category: SignalCategory, neighbourhood: Neighbourhood) -> Team:
    facts = SignalFacts(
        category=category.code,
        route=category.route,
        neighbourhood_id=neighbourhood.pk,
        municipality_id=neighbourhood.district.municipality_id,
    )
    team_id = route_signal(facts, routing_rules())
    if team_id is None:
        raise ValidationError(
            {
                "neighbourhood": _(
                    "Er is nog geen team dat deze signalen in %(buurt)s ontvangt. Bel het "
                    "buurtteam of vraag de beheerder om een routeringsregel."
                )
                % {"buurt": neighbourhood.name}
            }
        )
    return Team.objects.get(pk=team_id)


@action(Purpose.CHANGE_ROUTING)
def do_save_routing_rule(
    data: Mapping[str, Any], acting_user: Actor, *, rule: RoutingRule | None = None
) -> RoutingRule:
    """Create or change a routing rule; a teamleider only for the teams they lead."""
    if rule is None:
        require(acting_user, Action.ADD, RoutingRule, purpose=Purpose.CHANGE_ROUTING)
        rule = RoutingRule()
    else:
        require(acting_user, Action.CHANGE, rule, purpose=Purpose.CHANGE_ROUTING)
    team: Team | None = data.get("team", rule.team if rule.pk else None)
    if (
        team is not None
        and signed_in(acting_user).role != "admin"
        and team.pk not in team_ids(acting_user)
    ):
        raise ValidationError({"team": _("U kunt alleen regels maken voor uw eigen team.")})
    if team is not None and team.kind not in TEAM_KIND_ROUTE:
        raise ValidationError(
            {
                "team": _(
                    "Signalen gaan alleen naar een wijkteam of een gebiedsteam. Kies zo'n team."
                )
            }
        )
    neighbourhood: Neighbourhood | None = data.get("neighbourhood", rule.neighbourhood)
    if (
        team is not None
        and neighbourhood is not None
        and neighbourhood.district.municipality_id != team.municipality_id
    ):
        raise ValidationError({"neighbourhood": _("Kies een buurt in de gemeente van het team.")})
    category: SignalCategory | None = data.get("category", rule.category)
    if team is not None and category is not None and team.kind != ROUTE_TEAM_KIND[category.route]:
        raise ValidationError(
            {
                "team": _("Signalen '%(soort)s' horen bij een %(soort_team)s. Kies zo'n team.")
                % {
                    "soort": category.name,
                    "soort_team": Team.Kind(ROUTE_TEAM_KIND[category.route]).label,
                }
            }
        )
    for field_name in ("priority", "category", "neighbourhood", "team", "active"):
        if field_name in data:
            setattr(rule, field_name, data[field_name])
    rule.full_clean()
    is_new = rule.pk is None
    rule.save()
    audit(
        acting_user,
        AuditVerb.CREATE if is_new else AuditVerb.CHANGE,
        rule,
        fields=list(data),
    )
    return rule


@action(Purpose.CHANGE_ROUTING, Action.DELETE, "rule")
def do_delete_routing_rule(rule: RoutingRule, acting_user: Actor) -> None:
    audit(acting_user, AuditVerb.DELETE, rule)
    rule.delete()
