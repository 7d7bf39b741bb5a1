"""Pure casework logic, tested without a database."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.casework.engine import status_flow
from buurtwerk.casework.engine.diagrams import (
    NetworkMember,
    layout_network,
    split_chart,
    split_shares,
)
from buurtwerk.casework.engine.routing import RuleSpec, SignalFacts, route_signal
from buurtwerk.casework.engine.text_checks import (
    is_valid_bsn,
    personal_data_found,
    personal_data_kinds,
)

SVG = "{http://www.w3.org/2000/svg}"
CARE_IN_NORTH = SignalFacts(category="loneliness", route="care", neighbourhood_id=1)


def test_the_first_matching_rule_by_priority_wins() -> None:
    rules = [
        RuleSpec(team_id=30, priority=50, route="care"),
        RuleSpec(team_id=10, priority=10, category="loneliness"),
        RuleSpec(team_id=20, priority=20, neighbourhood_id=1),
    ]
    assert route_signal(CARE_IN_NORTH, rules) == 10


def test_a_rule_that_does_not_match_is_skipped_however_high_its_priority() -> None:
    rules = [
        RuleSpec(team_id=10, priority=1, category="litter"),
        RuleSpec(team_id=20, priority=2, neighbourhood_id=2),
        RuleSpec(team_id=30, priority=3, category="loneliness", neighbourhood_id=1),
    ]
    assert route_signal(CARE_IN_NORTH, rules) == 30


def test_category_and_neighbourhood_must_both_match_when_both_are_set() -> None:
    rule = RuleSpec(team_id=10, priority=1, category="loneliness", neighbourhood_id=2)
    assert not rule.matches(CARE_IN_NORTH)
    assert route_signal(CARE_IN_NORTH, [rule]) is None


def test_equal_priorities_fall_back_to_the_rule_order_not_the_list_order() -> None:
    first = RuleSpec(team_id=10, priority=5, order=1, route="care")
    second = RuleSpec(team_id=20, priority=5, order=2, route="care")
    assert route_signal(CARE_IN_NORTH, [second, first]) == 10


@given(st.permutations(range(6)))
def test_routing_does_not_depend_on_the_order_rules_are_passed_in(order: list[int]) -> None:
    rules = [
        RuleSpec(team_id=index, priority=index % 3, order=index, route="care") for index in range(6)
    ]
    expected = route_signal(CARE_IN_NORTH, rules)
    assert route_signal(CARE_IN_NORTH, [rules[i] for i in order]) == expected == 0


def test_no_rules_means_no_team() -> None:
    assert route_signal(CARE_IN_NORTH, []) is None


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "triaged"),
        ("triaged", "in_progress"),
        ("in_progress", "waiting"),
        ("waiting", "in_progress"),
        ("waiting", "closed"),
        ("closed", "in_progress"),
    ],
)
def test_the_status_flow_allows_the_documented_steps(current: str, target: str) -> None:
    assert status_flow.is_allowed(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "in_progress"),
        ("new", "waiting"),
        ("closed", "new"),
        ("triaged", "new"),
        ("x", "new"),
    ],
)
def test_the_status_flow_refuses_other_steps(current: str, target: str) -> None:
    assert not status_flow.is_allowed(current, target)


def test_every_status_can_eventually_be_closed() -> None:
    for status in status_flow.TRANSITIONS:
        seen, frontier = {status}, [status]
        while frontier:
            for following in status_flow.allowed_next(frontier.pop()):
                if following not in seen:
                    seen.add(following)
                    frontier.append(following)
        assert status_flow.CLOSED in seen


def test_reopening_is_only_a_step_out_of_closed() -> None:
    assert status_flow.is_reopening("closed", "in_progress")
    assert not status_flow.is_reopening("waiting", "in_progress")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Mail me op jan.smit@example.nl", ["email"]),
        ("Bel 06-12345678 even", ["phone"]),
        ("Bel +31 6 1234 5678 even", ["phone"]),
        ("BSN 111222333 staat op de brief", ["bsn"]),
        ("Vuil bij nummer 12 op de hoek", []),
        ("Lantaarnpaal 123456789 is kapot", []),
        ("Het BSN is 123.456.782", ["bsn"]),
        ("BSN 1234 56 782 en 123 456 782", ["bsn"]),
        ("Jan Smit zet steeds zijn vuilniszakken buiten", ["name"]),
        ("Overlast door Piet van der Berg op nummer 3", ["name"]),
        ("Meneer Jansen laat de hond los", ["name"]),
        ("Bij de fam. de Vries ligt afval", ["name"]),
        ("De buurvrouw met dementie dwaalt 's nachts rond", ["health"]),
        ("Hij is verslaafd en schreeuwt", ["health"]),
        ("Bij De Speeltuin ligt glas", []),
        ("Gisteren lag er glas bij het speelveld. Het is nu weg", []),
    ],
)
def test_personal_data_in_free_text_is_recognised(text: str, kinds: list[str]) -> None:
    assert personal_data_kinds(text) == kinds


def test_the_bsn_eleven_test() -> None:
    assert is_valid_bsn("111222333")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("12345678")


@given(st.text(max_size=200))
def test_the_personal_data_check_never_crashes_and_names_known_kinds(text: str) -> None:
    assert set(personal_data_kinds(text)) <= {"email", "phone", "bsn", "name", "health"}


@given(st.integers(min_value=10_000_000, max_value=999_999_999), st.sampled_from(["", ".", " "]))
def test_a_valid_bsn_is_recognised_however_it_is_grouped(number: int, separator: str) -> None:
    digits = f"{number:09d}"
    written = separator.join([digits[:3], digits[3:6], digits[6:]])
    assert ("bsn" in personal_data_kinds(f"Nummer {written} graag")) is is_valid_bsn(digits)


def test_an_address_is_checked_for_titled_names_only() -> None:
    assert personal_data_found("Burgemeester Wiersmastraat 5", full_names=False) == []
    assert personal_data_found("Bij meneer Bakker", full_names=False)


@given(st.emails())
def test_every_email_address_is_recognised(address: str) -> None:
    assert "email" in personal_data_kinds(f"Graag contact via {address} aub")


def test_network_members_sit_on_the_ring_of_their_closeness() -> None:
    members = [
        NetworkMember("Ans", "family", 1),
        NetworkMember("Bert", "neighbour", 2),
        NetworkMember("Cor", "friend", 2),
        NetworkMember("Huisarts", "professional", 3),
        NetworkMember("Ver weg", "friend", 9),
    ]
    network = layout_network(members, size=360)
    radii = {ring.closeness: ring.radius for ring in network.rings}
    assert len(network.members) == len(members)
    for member in network.members:
        distance = math.hypot(member.x - network.centre, member.y - network.centre)
        assert distance == pytest.approx(radii[member.closeness], abs=0.2)
        assert 0 <= member.x <= 360 and 0 <= member.y <= 360
    assert [m.closeness for m in network.members if m.name == "Ver weg"] == [3]


def test_members_on_one_ring_do_not_overlap() -> None:
    network = layout_network([NetworkMember(f"Buur {i}", "neighbour", 2) for i in range(8)])
    points = [(m.x, m.y) for m in network.members]
    closest = min(math.dist(a, b) for index, a in enumerate(points) for b in points[index + 1 :])
    assert closest > 20


def test_shares_are_whole_percentages_that_add_up_to_a_hundred() -> None:
    assert split_shares(90, 30) == (75, 25)
    assert split_shares(0, 60) == (0, 100)
    assert split_shares(1, 2) == (33, 67)
    assert split_shares(0, 0) == (0, 0)


def test_split_chart_stacks_the_shares_and_draws_the_target_line_in_the_middle() -> None:
    svg = split_chart(
        [("Fatima", 90, 30), ("Joost", 0, 60), ("Leeg", 0, 0)],
        names=("Individueel", "Samenleving"),
        title="Verdeling",
        description="Per medewerker",
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Verdeling"
    bars = {
        rect.find(f"{SVG}title").text: rect
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }
    assert set(bars) == {
        "Fatima, Individueel: 75%", "Fatima, Samenleving: 25%", "Joost, Samenleving: 100%"
    }  # fmt: skip
    fatima, joost = bars["Fatima, Individueel: 75%"], bars["Joost, Samenleving: 100%"]
    assert float(fatima.get("width")) == pytest.approx(0.75 * float(joost.get("width")), abs=0.2)
    left = float(joost.get("x"))
    (target,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert float(target.get("x1")) == pytest.approx(left + float(joost.get("width")) / 2, abs=0.1)
