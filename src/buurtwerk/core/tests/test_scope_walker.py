"""Every choice the API and the forms offer stays inside the asking user's reach.

The walker finds every DRF serializer (each app's `api.py`) and every form (each app's
`forms.py`) and looks at each relation field: a serializer's writable relation fields, a
form's ModelChoiceField and ModelMultipleChoiceField. It builds them for each role of the first
municipality and fails when a choice belongs to the second municipality (or is a resident out
of reach). A new relation field is covered without writing a test; a new form with relation
fields must say here how its page builds it (FORM_KWARGS), or the walk fails.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone
from rest_framework import relations, serializers
from rest_framework.test import APIRequestFactory

from buurtwerk.casework import queries as casework_queries
from buurtwerk.casework.models import AgendaItem, Case, Meeting, Signal, SignalCategory
from buurtwerk.community import queries as community_queries
from buurtwerk.community.models import (
    Activity,
    DriverOffer,
    Initiative,
    Occurrence,
    Shift,
    Volunteer,
)
from buurtwerk.core.permissions import scope
from buurtwerk.core.testing import Personas, app_modules
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.people import queries as people_queries
from buurtwerk.people.models import Organisation, Resident
from buurtwerk.socialmap import queries as socialmap_queries

pytestmark = pytest.mark.django_db

# Shared by every municipality on purpose, so never "of the other one".
GLOBAL_MODELS = {
    SignalCategory,  # the kinds of signals are the same everywhere
    import_module("buurtwerk.socialmap.models").Organization,  # the public social map
}
ROLES_OF_THE_FIRST_MUNICIPALITY = ["fatima", "ingrid", "sanne", "bakker", "henk"]


def _classes(module_name: str, base: type) -> Iterator[type]:
    # An app may split `api` or `forms` into a package of one module per part of the work.
    for module in app_modules(module_name):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                yield cls


SERIALIZERS = sorted(_classes("api", serializers.BaseSerializer), key=lambda c: c.__qualname__)
FORMS = sorted(_classes("forms", forms.BaseForm), key=lambda c: c.__qualname__)


@dataclass
class World:
    """The records of one place that pages build their forms around."""

    signal: Signal
    case: Case
    meeting: Meeting
    initiative: Initiative
    activity: Activity
    occurrence: Occurrence

    def records(self) -> list[Model]:
        return [
            self.signal, self.case, self.meeting, self.initiative, self.activity, self.occurrence,
        ]  # fmt: skip


def _world(neighbourhood: Any, team: Any, resident: Resident, creator: Any) -> World:
    starts_at = timezone.now() + timedelta(days=2)
    initiative = Initiative.objects.create(name=f"Koor {team}", neighbourhood=neighbourhood)
    activity = Activity.objects.create(
        initiative=initiative, neighbourhood=neighbourhood, title="Zingen",
        location_name="Buurthuis", starts_at=starts_at,
    )  # fmt: skip
    return World(
        signal=Signal.objects.create(
            category=SignalCategory.objects.get(code="loneliness"),
            route="care",
            description="Zorgen",
            source="walk_in",
            neighbourhood=neighbourhood,
            team=team,
            resident=resident,
            about_person=True,
            reporter=creator,
        ),  # fmt: skip
        case=Case.objects.create(title="Zorg", resident=resident, team=team, created_by=creator),
        meeting=Meeting.objects.create(team=team, starts_at=starts_at, since=timezone.now()),
        initiative=initiative,
        activity=activity,
        occurrence=Occurrence.objects.create(
            activity=activity, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
        ),
    )


def _other_municipality(personas: Personas) -> set[tuple[type[Model], int]]:
    """One record of every kind in the second municipality: none may ever be offered."""
    kees, town = personas.kees, personas.team_elsewhere.municipality
    world = _world(personas.elsewhere, personas.team_elsewhere, kees, personas.olga)
    volunteer = Volunteer.objects.create(resident=kees)
    offer = Offer.objects.create(category="company", description="Koffie", resident=kees)
    need = Need.objects.create(category="company", description="Aanspraak", resident=kees)
    records: list[Model] = [
        *world.records(),
        kees,
        personas.elsewhere,
        personas.elsewhere.district,
        town,
        personas.team_elsewhere,
        personas.olga,
        Organisation.objects.create(name="Havenpolitie", kind="police", municipality=town),
        AgendaItem.objects.create(meeting=world.meeting, kind="other", title="Havenfeest"),
        volunteer,
        DriverOffer.objects.create(volunteer=volunteer),
        offer,
        need,
        Match.objects.create(need=need, offer=offer),
        # A resident of the same municipality but of another team is out of reach as well.
        personas.piet,
    ]
    return {(type(record), record.pk) for record in records}


def _members_of_wijkteams(user: Any) -> QuerySet[Any]:
    from buurtwerk.accounts.models import User

    return User.objects.filter(teams__in=casework_queries.wijkteams_of(user)).distinct()


def _partners(user: Any) -> QuerySet[Organisation]:
    return people_queries.organisations_visible_to(user)


FormKwargs = Callable[[Any, World], dict[str, Any]]
residents = people_queries.residents_visible_to
# How each page builds its form (the view passes the same scoped queries).
FORM_KWARGS: dict[str, FormKwargs] = {
    "casework.SignalForm": lambda user, world: {
        "categories": casework_queries.categories_for_reporting(),
        "neighbourhoods": people_queries.neighbourhoods_visible_to(user),
        "residents": residents(user),
    },
    "casework.TransitionForm": lambda user, world: {"allowed": []},  # statuses, no records
    "casework.AssignForm": lambda user, world: {
        "members": casework_queries.team_members(world.signal.team)
    },
    "casework.FollowUpForm": lambda user, world: {
        "members": casework_queries.team_members(world.case.team)
    },
    "casework.RoutingRuleForm": lambda user, world: {"user": user},
    "casework.ContactForm": lambda user, world: {
        "residents": residents(user),
        "organisations": people_queries.organisations_visible_to(user),
        "cases": casework_queries.cases_visible_to(user),
    },
    "casework.CaseForm": lambda user, world: {
        "residents": residents(user),
        "teams": casework_queries.wijkteams_of(user),
        "members": _members_of_wijkteams(user),
    },
    "casework.CaseUpdateForm": lambda user, world: {
        "members": casework_queries.team_members(world.case.team)
    },
    "casework.ParticipantForm": lambda user, world: {
        "members": casework_queries.team_members(world.case.team),
        "residents": residents(user),
    },
    "casework.MeetingForm": lambda user, world: {"teams": casework_queries.meeting_teams_of(user)},
    "casework.DecisionForm": lambda user, world: {
        "items": world.meeting.items.all(),
        "members": casework_queries.team_members(world.meeting.team),
    },
    "casework.CloseMeetingForm": lambda user, world: {
        "members": casework_queries.team_members(world.meeting.team)
    },
    "community.InitiativeForm": lambda user, world: {
        "neighbourhoods": people_queries.neighbourhoods_workable_by(user)
    },
    "community.ActivityForm": lambda user, world: {"partners": _partners(user)},
    "community.ShiftForm": lambda user, world: {
        "volunteers": community_queries.volunteers_visible_to(user)
    },
    "community.ResidentChoiceForm": lambda user, world: {"residents": residents(user)},
    "community.RideRequestForm": lambda user, world: {"residents": residents(user)},
    "community.VolunteerForm": lambda user, world: {
        "residents": residents(user).filter(volunteer_profile__isnull=True)
    },
    "community.RideConfirmForm": lambda user, world: {
        "drivers": scope(user, DriverOffer.objects.filter(active=True))
    },
    "community.RotaPatternForm": lambda user, world: {
        "activities": world.initiative.activities.all(),
        "volunteers": community_queries.volunteers_visible_to(user),
    },
    # The colleagues of the initiative who could take over a shift of its coming date.
    "community.SwapForm": lambda user, world: {
        "volunteers": community_queries.swap_candidates(
            Shift(occurrence=world.occurrence, role="host")
        )
    },
    "community.DriverOfferForm": lambda user, world: {
        "activities": community_queries.activities_visible_to(user)
    },
    "community.PassOnSignalForm": lambda user, world: {
        "categories": casework_queries.categories_for_reporting()
    },
    "community.ReconnectOutcomeForm": lambda user, world: {
        "activities": community_queries.activities_visible_to(user)
    },
    "people.ResidentForm": lambda user, world: {
        "neighbourhoods": people_queries.neighbourhoods_workable_by(user)
    },
    "people.NewResidentForm": lambda user, world: {
        "neighbourhoods": people_queries.neighbourhoods_workable_by(user)
    },
    "people.ResidentFilterForm": lambda user, world: {
        "neighbourhoods": people_queries.neighbourhoods_visible_to(user)
    },
    "people.RelationForm": lambda user, world: {"residents": residents(user)},
    "socialmap.ServiceForm": lambda user, world: {
        "organizations": socialmap_queries.organizations_for_choice(user)
    },
    "socialmap.ReferralForm": lambda user, world: {"residents": residents(user)},
}


def _label(cls: type) -> str:
    return f"{cls.__module__.split('.')[1]}.{cls.__name__}"


def _serializer_choices(serializer: Any, path: str) -> Iterator[tuple[str, QuerySet[Any]]]:
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.BaseSerializer):
            nested = field.child if isinstance(field, serializers.ListSerializer) else field
            yield from _serializer_choices(nested, f"{path}.{name}")
            continue
        relation = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
        if isinstance(relation, relations.RelatedField) and not field.read_only:
            yield f"{path}.{name}", relation.get_queryset()


def _form_choices(form: forms.BaseForm, path: str) -> Iterator[tuple[str, QuerySet[Any]]]:
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            yield f"{path}.{name}", field.queryset


def _offered(queryset: QuerySet[Any]) -> set[tuple[type[Model], int]]:
    model = queryset.model
    return {(model, pk) for pk in queryset.values_list("pk", flat=True)}


def _check(choices: list[tuple[str, QuerySet[Any]]], forbidden: set[Any], who: str) -> list[str]:
    problems = []
    kinds_elsewhere = {model for model, _pk in forbidden}
    for path, queryset in choices:
        model = queryset.model
        if model not in kinds_elsewhere and model not in GLOBAL_MODELS:
            problems.append(f"{path}: no {model.__name__} of the other municipality to test with")
        leaked = _offered(queryset) & forbidden
        if leaked:
            problems.append(f"{path} offers {who} {sorted(pk for _m, pk in leaked)} of elsewhere")
    return problems


@pytest.fixture
def worlds(personas: Personas) -> tuple[World, set[Any]]:
    own = _world(personas.north, personas.team_north, personas.jan, personas.sanne)
    return own, _other_municipality(personas)


@pytest.mark.parametrize("who", ROLES_OF_THE_FIRST_MUNICIPALITY)
def test_no_serializer_offers_a_choice_out_of_reach(personas, worlds, who) -> None:
    _own, forbidden = worlds
    user = getattr(personas, who)
    request = APIRequestFactory().post("/")
    request.user = user
    choices = [
        choice
        for cls in SERIALIZERS
        for choice in _serializer_choices(cls(context={"request": request}), _label(cls))
    ]
    assert len(choices) > 20, "the walker found too few relation fields to be looking right"
    assert _check(choices, forbidden, who) == []


@pytest.mark.parametrize("who", ROLES_OF_THE_FIRST_MUNICIPALITY)
def test_no_form_offers_a_choice_out_of_reach(personas, worlds, who) -> None:
    own, forbidden = worlds
    user = getattr(personas, who)
    choices, unbuilt = [], []
    for cls in FORMS:
        build = FORM_KWARGS.get(_label(cls), lambda user, world: {})
        try:
            form = cls(**build(user, own))
        except TypeError:
            unbuilt.append(_label(cls))  # it takes its choices from the page: add it above
            continue
        choices += list(_form_choices(form, _label(cls)))
    assert unbuilt == []
    assert len(choices) > 25, "the walker found too few choice fields to be looking right"
    assert _check(choices, forbidden, who) == []
