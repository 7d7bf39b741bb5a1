"""The netwerkkaart page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Relation
from buurtwerk.people.queries import get_resident_for

from .. import queries


@login_required
def network_map(request: HttpRequest, resident_pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, Relation, purpose=Purpose.NETWORK_MAP)
    resident = get_resident_for(request.user, resident_pk, purpose=Purpose.VIEW_NETWORK_MAP)
    network = queries.network_map_of(request.user, resident)
    from buurtwerk.people.queries import SMALL_NETWORK_MAX, network_size

    size = network_size(resident)
    rings = [
        {
            "ring": ring,
            "members": [m for m in network.members if m.closeness == ring.closeness],
        }
        for ring in network.rings
    ]
    context = {
        "resident": resident,
        "network": network,
        "rings": rings,
        "network_size": size,
        "is_small": size <= SMALL_NETWORK_MAX,
        "kinds": Relation.Kind.choices,
        "closeness_labels": dict(Relation.Closeness.choices),
    }
    return render(request, "casework/network_map.html", context)
