"""Transition tables: one convention for the status flows of signals, cases, matches and rides."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from buurtwerk.casework import actions as casework_actions
from buurtwerk.casework.engine.status_flow import CASE_FLOW, SIGNAL_FLOW
from buurtwerk.casework.models import Case, Signal
from buurtwerk.casework.tests.factories import case_for_jan
from buurtwerk.community.engine.ride_flow import RIDE_FLOW
from buurtwerk.community.models import RideRequest
from buurtwerk.core.engine.transitions import TransitionTable
from buurtwerk.matching.models import Match
from buurtwerk.matching.workflow import MATCH_FLOW

TABLE = TransitionTable.of(
    {"draft": {"sent", "dropped"}, "sent": {"done"}, "done": {"sent"}, "dropped": set()},
    roles={"done": {"teamleider"}},
    closed={"done", "dropped"},
)


def test_a_table_allows_only_its_steps_and_knows_no_unknown_state() -> None:
    assert TABLE.is_allowed("draft", "sent") and not TABLE.is_allowed("draft", "done")
    assert TABLE.allowed_next("nowhere") == frozenset()
    assert TABLE.states == {"draft", "sent", "done", "dropped"}
    assert not TABLE.is_allowed("dropped", "sent")


def test_a_step_can_be_kept_for_some_roles() -> None:
    assert TABLE.is_allowed("sent", "done", role="teamleider")
    assert not TABLE.is_allowed("sent", "done", role="vrijwilliger")
    assert TABLE.is_allowed("draft", "sent", role="vrijwilliger")


def test_leaving_a_closed_state_is_a_reopening() -> None:
    assert TABLE.is_reopening("done", "sent") and not TABLE.is_reopening("draft", "sent")


@pytest.mark.parametrize(
    ("table", "choices"),
    [
        (SIGNAL_FLOW, Signal.Status.values),
        (CASE_FLOW, Case.Status.values),
        (MATCH_FLOW, Match.State.values),
        (RIDE_FLOW, RideRequest.Status.values),
    ],
)
def test_every_flow_covers_exactly_the_states_of_its_model(table, choices) -> None:
    assert table.states == set(choices) and set(table.steps) == set(choices)


def test_a_confirmed_ride_opens_again_when_its_driver_stops_but_a_cancelled_one_never() -> None:
    from buurtwerk.community.actions.rota import RIDES_BACK_TO_OPEN

    assert RIDE_FLOW.is_allowed(RideRequest.Status.CONFIRMED, RideRequest.Status.OPEN)
    assert not RIDE_FLOW.is_allowed(RideRequest.Status.CANCELLED, RideRequest.Status.OPEN)
    assert set(RIDES_BACK_TO_OPEN) == {RideRequest.Status.CONFIRMED, RideRequest.Status.PROPOSED}


@pytest.mark.django_db
def test_a_closed_case_goes_back_only_to_active_work(personas) -> None:
    case = case_for_jan(personas)
    casework_actions.do_update_case(case, {"status": "closed"}, personas.sanne)
    with pytest.raises(ValidationError, match="alleen terug"):
        casework_actions.do_update_case(case, {"status": "open"}, personas.sanne)
    case.refresh_from_db()
    assert case.status == "closed"
    casework_actions.do_update_case(case, {"status": "active"}, personas.sanne)
    case.refresh_from_db()
    assert case.status == "active" and case.closed_at is None
