"""The netwerkkaart of a resident."""

from __future__ import annotations

from typing import Any

from buurtwerk.core.permissions import Action, can
from buurtwerk.people.models import Relation, Resident

from ..engine.diagrams import NetworkMap, NetworkMember, layout_network


def network_map_of(user: Any, resident: Resident) -> NetworkMap:
    """The resident's network as far as the user may see it, laid out by closeness."""
    from buurtwerk.people.queries import relations_of

    members = []
    for relation in relations_of(user, resident):
        if relation.resident_id == resident.pk:
            name = relation.counterpart_name()
        else:
            name = relation.resident.name
        members.append(NetworkMember(name=name, kind=relation.kind, closeness=relation.closeness))
    return layout_network(members)


def may_see_network(user: Any) -> bool:
    return can(user, Action.VIEW, Relation)
