"""Every record an action receives is either its permission target or checked by a `Reach`.

The walker imports each app's `actions` (module or package), finds every `@action`, and reads
its parameters: one whose type names a model must be the permission target or have a reach
rule. A mapping parameter (`data`) is read for the keys the body takes out of it; a key named
like a relation field of a model receives a record and needs a rule (`data.resident`) as well.
A new action or argument is covered without writing a test.
"""

from __future__ import annotations

import inspect
import re
import textwrap
import typing
from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from buurtwerk.core.actions import Actor, Reach, action
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.testing import app_modules
from buurtwerk.people.models import Resident
from buurtwerk.people.queries import residents_visible_to

# Arguments that hold a record but need no reach rule, each with the reason.
SAFE: dict[str, str] = {
    # The actor itself: who acts is never "out of reach" of themselves.
    "*.acting_user": "the acting user",
    # Signal categories are the same in every municipality (the public list to report under).
    "casework.actions.signals.do_report_signal.data.category": "shared by every municipality",
}

# Arguments still checked inside the action's body (team membership, a scoped lookup) rather
# than declared as a `Reach`. The list may only shrink: an entry that is declared or no longer
# received fails the walk, so it is removed when its action gets its rule.
CHECKED_IN_THE_BODY = frozenset(
    {
        "accounts.actions.do_reset_two_factor.user",
        "casework.actions.cases.do_add_participant.data.user",
        "casework.actions.cases.do_link_to_case.target",
        "casework.actions.cases.do_open_case.data.team",
        "casework.actions.contacts.do_log_contact.data.case",
        "casework.actions.contacts.do_log_contact.residents",
        "casework.actions.contacts.do_log_contact.organisations",
        "casework.actions.follow_ups.do_add_follow_up.team",
        "casework.actions.follow_ups.do_add_follow_up.signal",
        "casework.actions.follow_ups.do_add_follow_up.case",
        "casework.actions.follow_ups.do_add_follow_up.decision",
        "casework.actions.meetings.do_add_agenda_item.meeting",
        "casework.actions.meetings.do_close_meeting.meeting",
        "casework.actions.meetings.do_plan_meeting.team",
        "casework.actions.meetings.do_record_decision.meeting",
        "casework.actions.meetings.do_record_decision.item",
        "casework.actions.meetings.do_refresh_agenda.meeting",
        "casework.actions.routing.do_save_routing_rule.data.neighbourhood",
        "casework.actions.routing.do_save_routing_rule.data.team",
        "casework.actions.routing.do_save_routing_rule.data.category",
        "casework.actions.routing.do_save_routing_rule.rule",
        "community.actions.activities.do_create_activity.initiative",
        "community.actions.activities.do_plan_occurrences.activity",
        "community.actions.initiatives.do_create_initiative.organisers",
        "community.actions.initiatives.do_update_initiative.organisers",
        "community.actions.public.do_confirm_registration.existing_resident",
        "community.actions.reconnect.do_record_reconnect_outcome.resident",
        "community.actions.reconnect.do_record_reconnect_outcome.activity",
        "community.actions.reconnect.do_save_reconnect_profile.resident",
        "community.actions.rides.do_arrange_ride.occurrence",
        "community.actions.rides.do_arrange_ride.resident",
        "community.actions.rides.do_confirm_ride.driver",
        "community.actions.rides.do_offer_driving.volunteer",
        "community.actions.rides.do_offer_driving.activities",
        "community.actions.rides.do_propose_rides.occurrence",
        "community.actions.rides.do_request_ride.resident",
        "community.actions.rides.do_request_ride.occurrence",
        "community.actions.rides.do_update_driver_offer.activities",
        "community.actions.rota.do_assign_shift.occurrence",
        "community.actions.rota.do_assign_shift.volunteer",
        "community.actions.rota.do_register_volunteer.resident",
        "community.actions.rota.do_register_volunteer.initiatives",
        "community.actions.rota.do_create_rota_pattern.activity",
        "community.actions.rota.do_create_rota_pattern.volunteer",
        "community.actions.rota.do_give_back_shift.shift",
        "community.actions.rota.do_stop_rota_pattern.pattern",
        "community.actions.rota.do_swap_shift.other",
        "community.actions.rota.do_swap_shift.shift",
        "community.actions.signups.do_record_attendance.occurrence",
        "community.actions.signups.do_sign_up.occurrence",
        "community.actions.signups.do_sign_up.resident",
        "socialmap.actions.do_escalate.neighbourhood",
        "socialmap.actions.do_record_referral.service",
        "socialmap.actions.do_record_referral.resident",
        "socialmap.actions.do_record_referral.neighbourhood",
    }
)


def _actions() -> Iterator[Callable[..., Any]]:
    seen: set[int] = set()
    for module in app_modules("actions"):
        for _name, function in inspect.getmembers(module, callable):
            if hasattr(function, "declared") and id(function) not in seen:
                seen.add(id(function))
                yield function


ACTIONS = sorted(_actions(), key=lambda f: f"{f.__module__}.{f.__qualname__}")


def _models_in(hint: Any) -> set[type[models.Model]]:
    if isinstance(hint, type):
        return {hint} if issubclass(hint, models.Model) else set()
    if isinstance(hint, typing.TypeAliasType):
        # `Actor` names the user only for the type checker: it is the acting user.
        return set() if hint.__name__ == "Actor" else _models_in(hint.__value__)
    found: set[type[models.Model]] = set()
    for argument in typing.get_args(hint):
        found |= _models_in(argument)
    return found


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    names = {model.__name__: model for model in apps.get_models()}
    module = import_module(function.__module__)
    return typing.get_type_hints(function, {**names, **vars(module)})


def _relation_names() -> set[str]:
    return {
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("buurtwerk.")
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and not field.auto_created
    }


def _data_keys(function: Callable[..., Any], parameter: str) -> set[str]:
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))
    pattern = rf'\b{parameter}(?:\.get\(|\[)"(\w+)"'
    return set(re.findall(pattern, source))


def _received(function: Callable[..., Any]) -> Iterator[str]:
    """The arguments (and `data.<key>`s) of `function` that hold a record."""
    original = inspect.unwrap(function)
    hints = _hints(original)
    relations = _relation_names()
    for name in inspect.signature(original).parameters:
        hint = hints.get(name)
        if _models_in(hint):
            yield name
        elif typing.get_origin(hint) in (dict, typing.Mapping) or str(hint).startswith(
            ("collections.abc.Mapping", "typing.Mapping")
        ):
            for key in _data_keys(original, name):
                if key in relations:
                    yield f"{name}.{key}"


def _label(function: Callable[..., Any]) -> str:
    return f"{function.__module__.removeprefix('buurtwerk.')}.{function.__name__}"


def test_the_walker_finds_the_actions() -> None:
    assert len(ACTIONS) > 60, "the walker found too few actions to be looking right"


def test_the_walker_finds_a_record_argument_and_a_record_in_data() -> None:
    @action(Purpose.CHANGE_RESIDENT, reach=[Reach("data.other_resident", residents_visible_to)])
    def do_pair(resident: Resident, data: Mapping[str, Any], acting_user: Actor) -> Any:
        return data.get("other_resident"), data["notes"]

    assert set(_received(do_pair)) == {"resident", "data.other_resident"}
    assert {rule.argument for rule in do_pair.declared.reach} == {"data.other_resident"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("function", ACTIONS, ids=_label)
def test_every_record_an_action_receives_is_checked(function) -> None:
    declared = function.declared
    target = declared.target if isinstance(declared.target, str) else None
    covered = {rule.argument for rule in declared.reach}
    if target and declared.permission is not None:
        covered.add(target)
    unchecked = {
        f"{_label(function)}.{name}"
        for name in _received(function)
        if name not in covered
        and f"*.{name}" not in SAFE
        and f"{_label(function)}.{name}" not in SAFE
        # A permission check on a record's attribute (`participant.case`) also names its holder.
        and not (target and target.split(".")[0] == name)
    }
    pending = {entry for entry in CHECKED_IN_THE_BODY if entry.startswith(f"{_label(function)}.")}
    assert unchecked - pending == set(), "add a Reach or make it the permission target"
    assert pending - unchecked == set(), "declared now: remove it from CHECKED_IN_THE_BODY"
