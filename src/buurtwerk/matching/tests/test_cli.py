"""`buurtwerk match`: the exact output format, optimality against brute force, --save."""

import io
import json
import random
from collections import Counter

import pytest
from django.core.management import call_command

from buurtwerk.matching import adapter
from buurtwerk.matching.engine import why_not
from buurtwerk.matching.importer import Document
from buurtwerk.matching.importing import do_import
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.factories import NeedFactory
from buurtwerk.people.models import Municipality, Neighbourhood

pytestmark = pytest.mark.django_db

CATEGORIES = ["garden", "shopping", "company", "walking"]
SLOTS = ["mon-morning", "tue-afternoon", "wed-evening", "sat-morning"]


def small_city(seed: int) -> dict:
    """A few residents close together with offers and needs that compete for the same help."""
    rng = random.Random(seed)
    residents, offers, needs = [], [], []
    for index in range(10):
        residents.append(
            {
                "ref": f"r{index}",
                "name": f"Bewoner {index}",
                "neighbourhood": "espelerhof",
                "lat": round(52.71 + rng.uniform(0, 0.02), 5),
                "lon": round(5.75 + rng.uniform(0, 0.03), 5),
                "consent": index != 9,
                "seeks_participation": rng.random() < 0.3,
                "certificate_of_conduct": rng.random() < 0.5,
            }
        )
    for index in range(5):
        offers.append(
            {
                "ref": f"o{index}",
                "resident": f"r{index}",
                "category": rng.choice(CATEGORIES),
                "description": "Helpt graag",
                "availability": rng.sample(SLOTS, rng.randint(1, 3)),
                "per_week": rng.choice([1, 1, 2]),
                "max_distance_km": rng.choice([1.0, 2.0, 3.0]),
            }
        )
    for index in range(8):
        needs.append(
            {
                "ref": f"n{index}",
                "resident": f"r{rng.randint(3, 9)}",
                "category": rng.choice(CATEGORIES),
                "description": "Zoekt hulp",
                "availability": rng.sample(SLOTS, rng.randint(1, 2)),
                "urgency": rng.randint(1, 3),
            }
        )
    relations = [{"from": "r5", "to": f"r{other}", "kind": "friend"} for other in (6, 7, 8)]
    return {
        "format": "buurtwerk-import/1",
        "neighbourhoods": [{"code": "espelerhof", "name": "Espelerhof", "district": "Emmerveld"}],
        "residents": residents,
        "relations": relations,
        "offers": offers,
        "needs": needs,
    }


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("match", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def brute_force_best(candidates: list[dict], capacity: dict[str, int]) -> float:
    per_need: dict[str, list[dict]] = {}
    for edge in candidates:
        per_need.setdefault(edge["need"], []).append(edge)
    needs = sorted(per_need)

    def best(position: int, used: Counter) -> float:
        if position == len(needs):
            return 0.0
        result = best(position + 1, used)
        for edge in per_need[needs[position]]:
            if used[edge["offer"]] < capacity[edge["offer"]]:
                used[edge["offer"]] += 1
                result = max(result, edge["score"] + best(position + 1, used))
                used[edge["offer"]] -= 1
        return result

    return best(0, Counter())


@pytest.fixture
def imported(request) -> dict:
    Municipality.objects.create(name="Noordoostpolder")
    document = small_city(getattr(request, "param", 3))
    do_import(Document(document), None)
    return document


def test_match_json_has_exactly_the_documented_shape(imported):
    result = run("--json")
    assert set(result) == {"matches", "unmatched_needs", "total_score"}
    need_refs = {need["ref"] for need in imported["needs"]}
    offer_refs = {offer["ref"] for offer in imported["offers"]}
    for match in result["matches"]:
        assert set(match) == {"need", "offer", "score", "reasons"}
        assert match["need"] in need_refs and match["offer"] in offer_refs
        assert isinstance(match["score"], float) and match["reasons"]
        assert all(isinstance(reason, str) for reason in match["reasons"])
    matched = {match["need"] for match in result["matches"]}
    assert matched | set(result["unmatched_needs"]) == need_refs
    assert not matched & set(result["unmatched_needs"])
    assert result["total_score"] == round(sum(m["score"] for m in result["matches"]), 2)


def test_candidates_are_exactly_the_pairs_that_pass_every_hard_rule(imported):
    result = run("--candidates")
    assert set(result) == {"candidates"}
    assert all(set(edge) == {"need", "offer", "score"} for edge in result["candidates"])
    needs = {n.ref: n for n in adapter.needs_to_engine(Need.objects.all())}
    offers = {o.ref: o for o in adapter.offers_to_engine(Offer.objects.all())}
    need_ref = dict(Need.objects.values_list("pk", "ref"))
    offer_ref = dict(Offer.objects.values_list("pk", "ref"))
    feasible = {
        (need_ref[n], offer_ref[o])
        for n in needs
        for o in offers
        if not why_not(needs[n], offers[o])
    }
    assert {(edge["need"], edge["offer"]) for edge in result["candidates"]} == feasible


@pytest.mark.parametrize("imported", [1, 3, 7, 11, 19], indirect=True)
def test_the_assignment_is_optimal_against_brute_force(imported):
    capacity = {offer["ref"]: offer["per_week"] for offer in imported["offers"]}
    candidates = run("--candidates")["candidates"]
    result = run("--json")
    assert result["total_score"] == pytest.approx(brute_force_best(candidates, capacity), abs=0.01)
    used = Counter(match["offer"] for match in result["matches"])
    assert all(used[offer] <= capacity[offer] for offer in used)
    chosen = {(m["need"], m["offer"]): m["score"] for m in result["matches"]}
    edges = {(e["need"], e["offer"]): e["score"] for e in candidates}
    assert all(edges[pair] == score for pair, score in chosen.items())


def test_needs_without_consent_stay_unmatched(imported):
    without_consent = [need["ref"] for need in imported["needs"] if need["resident"] == "r9"]
    result = run("--json")
    assert set(without_consent) <= set(result["unmatched_needs"])


def test_save_stores_suggestions_once(imported):
    result = run("--json", "--save")
    assert Match.objects.filter(state=Match.State.SUGGESTED).count() == len(result["matches"])
    stored = {(m.need.ref, m.offer.ref) for m in Match.objects.select_related("need", "offer")}
    assert stored == {(m["need"], m["offer"]) for m in result["matches"]}
    run("--json", "--save")
    assert Match.objects.count() == len(result["matches"])


def test_records_without_a_ref_are_named_by_their_id(imported):
    resident = Need.objects.first().resident
    need = NeedFactory(resident=resident, availability=["sun-evening"])
    assert need.ref is None
    assert need.pk in run("--json")["unmatched_needs"]


def test_matches_in_progress_use_capacity_and_take_their_need_out(imported):
    first = run("--json")["matches"][0]
    need = Need.objects.get(ref=first["need"])
    offer = Offer.objects.get(ref=first["offer"])
    Match.objects.create(need=need, offer=offer, state=Match.State.ACTIVE)
    result = run("--json")
    assert first["need"] not in result["unmatched_needs"] + [m["need"] for m in result["matches"]]
    used = Counter(match["offer"] for match in result["matches"])
    assert used[offer.ref] <= offer.per_week - 1


def test_plain_output_is_a_readable_summary(imported):
    out = io.StringIO()
    call_command("match", stdout=out)
    assert "open hulpvragen gekoppeld, totale score" in out.getvalue()
    assert Neighbourhood.objects.count() == 1


def test_match_from_the_command_line_skips_the_system_checks(monkeypatch, capsys):
    from django.core import checks
    from django.core.management import ManagementUtility

    def refuse(*args, **kwargs):
        raise AssertionError("system checks ran")

    monkeypatch.setattr(checks, "run_checks", refuse)
    ManagementUtility(["buurtwerk", "match", "--json"]).execute()
    assert json.loads(capsys.readouterr().out)["matches"] == []
