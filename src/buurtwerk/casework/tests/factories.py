"""Casework test data on top of the shared personas (see buurtwerk.core.testing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from buurtwerk.casework import actions
from buurtwerk.casework.models import Case, Signal, SignalCategory
from buurtwerk.core.testing import Personas


def category(code: str) -> SignalCategory:
    """One of the categories every installation starts with (data migration 0002)."""
    return SignalCategory.objects.get(code=code)


def care_signal(personas: Personas, reporter: Any = None, **overrides: Any) -> Signal:
    """A care signal about Jan, reported by Henk the volunteer unless said otherwise."""
    data = {
        "category": category("loneliness"),
        "description": "Jan komt niet meer naar de koffieochtend en ziet er moe uit.",
        "neighbourhood": personas.north,
        "resident": personas.jan,
        "source": Signal.Source.WALK_IN,
        **overrides,
    }
    return actions.do_report_signal(data, reporter or personas.henk)


def liveability_signal(personas: Personas, reporter: Any = None, **overrides: Any) -> Signal:
    data = {
        "category": category("litter"),
        "description": "Vuilniszakken naast de container bij het speelveld.",
        "neighbourhood": personas.north,
        "address": "Espelerlaan bij nummer 12",
        "source": Signal.Source.OWN_OBSERVATION,
        **overrides,
    }
    return actions.do_report_signal(data, reporter or personas.fatima)


def case_for_jan(personas: Personas, acting_user: Any = None, **overrides: Any) -> Case:
    data = {
        "title": "Jan weer onder de mensen",
        "resident": personas.jan,
        "team": personas.team_north,
        "summary": "Weduwnaar sinds kort, trekt zich terug.",
        "next_discussion_on": timezone.localdate() + timedelta(days=3),
        **overrides,
    }
    return actions.do_open_case(data, acting_user or personas.sanne)
