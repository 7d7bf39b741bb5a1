"""Signals: routing by the rules, the status flow, and who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from buurtwerk.audit.models import AuditEntry
from buurtwerk.casework import actions
from buurtwerk.casework.models import RoutingRule, Signal, SignalTransition
from buurtwerk.people.models import Team

from .factories import care_signal, category, liveability_signal

pytestmark = pytest.mark.django_db


def _detail(signal: Signal) -> str:
    return reverse("casework:signal_detail", args=[signal.pk])


# Routing -------------------------------------------------------------------------------------


def test_a_care_signal_goes_to_the_wijkteam_of_the_neighbourhood(personas) -> None:
    signal = care_signal(personas)
    assert signal.team == personas.team_north
    assert signal.route == "care" and signal.about_person and signal.status == "new"


def test_a_liveability_signal_goes_to_the_area_team(personas) -> None:
    assert liveability_signal(personas).team == personas.area_team


def test_an_explicit_rule_goes_before_the_default_route(personas) -> None:
    actions.do_save_routing_rule(
        {"priority": 10, "category": category("loneliness"), "team": personas.team_south},
        personas.beheer,
    )
    assert care_signal(personas).team == personas.team_south
    assert liveability_signal(personas).team == personas.area_team


def test_of_two_matching_rules_the_lower_priority_number_wins(personas) -> None:
    other_wijkteam = Team.objects.create(
        name="Wijkteam Extra",
        kind=Team.Kind.WIJKTEAM,
        municipality=personas.team_north.municipality,
    )
    RoutingRule.objects.create(priority=20, neighbourhood=personas.north, team=other_wijkteam)
    RoutingRule.objects.create(
        priority=5, category=category("loneliness"), team=personas.team_south
    )
    assert care_signal(personas).team == personas.team_south
    assert care_signal(personas, category=category("money-worries")).team == other_wijkteam


def test_an_inactive_rule_is_ignored(personas) -> None:
    RoutingRule.objects.create(
        priority=1, category=category("loneliness"), team=personas.team_south, active=False
    )
    assert care_signal(personas).team == personas.team_north


def test_a_signal_nobody_receives_is_refused_in_dutch_and_nothing_is_saved(personas) -> None:
    with pytest.raises(ValidationError) as error:
        liveability_signal(personas, neighbourhood=personas.south)
    assert "Er is nog geen team" in str(error.value)
    assert not Signal.objects.exists()


def test_a_teamleider_may_only_route_to_her_own_team(personas) -> None:
    with pytest.raises(ValidationError, match="eigen team"):
        actions.do_save_routing_rule(
            {"priority": 1, "category": category("loneliness"), "team": personas.team_south},
            personas.ingrid,
        )


def test_a_care_category_cannot_be_routed_to_an_area_team(personas) -> None:
    with pytest.raises(ValidationError, match="Sociaal wijkteam"):
        actions.do_save_routing_rule(
            {"priority": 1, "category": category("loneliness"), "team": personas.area_team},
            personas.beheer,
        )


def test_a_buurtwerker_may_not_change_routing_rules(personas, client) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_save_routing_rule({"priority": 1, "team": personas.team_north}, personas.fatima)
    client.force_login(personas.fatima)
    assert client.get(reverse("casework:rule_list")).status_code == 403


def test_teamleider_adds_a_rule_in_the_browser_form(personas, client) -> None:
    client.force_login(personas.ingrid)
    response = client.post(
        reverse("casework:rule_list"),
        {"priority": 3, "category": category("money-worries").pk, "team": personas.team_north.pk,
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.team == personas.team_north and rule.category.code == "money-worries"


def _kees_signal(personas):
    return care_signal(
        personas,
        reporter=personas.olga,
        neighbourhood=personas.elsewhere,
        resident=personas.kees,
        description="Kees eet slecht.",
    )


def test_the_rule_form_offers_only_her_own_municipality(personas, client) -> None:
    client.force_login(personas.ingrid)
    form = client.get(reverse("casework:rule_list")).context["form"]
    assert personas.elsewhere not in form.fields["neighbourhood"].queryset
    assert personas.north in form.fields["neighbourhood"].queryset
    assert set(form.fields["team"].queryset) == {personas.team_north}
    # Her team is a wijkteam: liveability categories would route nothing to it.
    assert {c.route for c in form.fields["category"].queryset} == {"care"}
    response = client.post(
        reverse("casework:rule_list"),
        {"priority": 1, "neighbourhood": personas.elsewhere.pk, "team": personas.team_north.pk,
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 400 and not RoutingRule.objects.exists()


@pytest.mark.parametrize("who", ["ingrid", "beheer"])
def test_a_rule_for_a_neighbourhood_of_another_municipality_is_refused(personas, who) -> None:
    with pytest.raises(ValidationError, match="gemeente van het team"):
        actions.do_save_routing_rule(
            {"priority": 1, "neighbourhood": personas.elsewhere, "team": personas.team_north},
            getattr(personas, who),
        )
    assert not RoutingRule.objects.exists()


def test_a_rule_naming_no_neighbourhood_stays_in_its_teams_municipality(personas) -> None:
    actions.do_save_routing_rule({"priority": 1, "team": personas.team_north}, personas.ingrid)
    assert _kees_signal(personas).team == personas.team_elsewhere
    assert care_signal(personas).team == personas.team_north


def test_a_rule_without_category_takes_only_the_route_of_its_team(personas) -> None:
    actions.do_save_routing_rule({"priority": 1, "team": personas.team_south}, personas.beheer)
    assert liveability_signal(personas).team == personas.area_team
    assert care_signal(personas).team == personas.team_south


def test_a_rule_without_category_to_a_team_that_takes_no_signals_is_refused(personas) -> None:
    centre = Team.objects.create(
        name="Buurthuis", kind=Team.Kind.COMMUNITY, municipality=personas.team_north.municipality
    )
    with pytest.raises(ValidationError, match="wijkteam of een gebiedsteam"):
        actions.do_save_routing_rule({"priority": 1, "team": centre}, personas.beheer)
    RoutingRule.objects.create(priority=1, team=centre)
    assert care_signal(personas).team == personas.team_north


# Reporting -----------------------------------------------------------------------------------


def test_the_web_form_refuses_personal_data_in_text_for_area_partners(personas, client) -> None:
    client.force_login(personas.fatima)
    liveability = {
        "category": category("litter").pk,
        "description": "Piet Visser (BSN 123.456.782) dumpt afval",
        "neighbourhood": personas.north.pk,
        "source": "own_observation",
    }
    response = client.post(reverse("casework:signal_create"), liveability)
    assert response.status_code == 200 and not Signal.objects.exists()
    errors = " ".join(response.context["form"].errors["description"])
    assert "een naam (“Piet Visser”)" in errors and "burgerservicenummer" in errors
    # About a resident, only the team reads along: the text may name them.
    client.post(reverse("casework:signal_create"), {**liveability, "resident": personas.jan.pk})
    assert Signal.objects.get().about_person


def test_a_volunteer_reports_a_signal_in_the_web_form(personas, client) -> None:
    client.force_login(personas.henk)
    response = client.post(
        reverse("casework:signal_create"),
        {
            "category": category("loneliness").pk,
            "description": "Jan zat alleen bij de inloop.",
            "neighbourhood": personas.north.pk,
            "resident": personas.jan.pk,
            "source": "walk_in",
        },
    )
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(signal)
    assert signal.reporter == personas.henk and signal.team == personas.team_north
    assert signal.transitions.get().to_status == "new"


def test_a_volunteer_cannot_report_about_a_resident_he_does_not_know(personas) -> None:
    with pytest.raises(ValidationError, match="Niet gevonden"):
        care_signal(personas, resident=personas.marie)
    assert not Signal.objects.exists()


def test_an_empty_signal_form_shows_dutch_errors_and_saves_nothing(personas, client) -> None:
    client.force_login(personas.henk)
    response = client.post(reverse("casework:signal_create"), {"source": "walk_in"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kies waar het over gaat." in content and "Schrijf kort op" in content
    assert not Signal.objects.exists()


# Status flow ---------------------------------------------------------------------------------


def test_the_team_moves_a_signal_through_the_flow_and_history_is_kept(personas) -> None:
    signal = care_signal(personas)
    for target in ("triaged", "in_progress", "waiting", "closed", "in_progress"):
        signal = actions.do_transition_signal(signal, target, personas.sanne)
    steps = list(signal.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", "new"), ("new", "triaged"), ("triaged", "in_progress"),
        ("in_progress", "waiting"), ("waiting", "closed"), ("closed", "in_progress"),
    ]  # fmt: skip
    assert signal.closed_at is None
    assert AuditEntry.objects.filter(purpose="signaal heropenen", object_id=str(signal.pk)).exists()


def test_a_step_outside_the_table_is_refused_in_dutch(personas) -> None:
    signal = care_signal(personas)
    with pytest.raises(ValidationError, match="kan een signaal niet naar"):
        actions.do_transition_signal(signal, "waiting", personas.sanne)
    signal.refresh_from_db()
    assert signal.status == "new" and signal.transitions.count() == 1


def test_closing_records_when(personas) -> None:
    signal = actions.do_transition_signal(care_signal(personas), "closed", personas.fatima)
    assert signal.closed_at is not None


def test_the_reporter_may_not_work_on_the_signal(personas) -> None:
    signal = liveability_signal(personas)  # reported by Fatima, received by the area team
    with pytest.raises(PermissionDenied):
        actions.do_transition_signal(signal, "triaged", personas.fatima)
    assert AuditEntry.objects.filter(verb="denied", actor=personas.fatima).exists()


def test_assigning_only_to_members_of_the_receiving_team(personas) -> None:
    signal = care_signal(personas)
    actions.do_assign_signal(signal, personas.fatima, personas.sanne)
    assert Signal.objects.get(pk=signal.pk).assignee == personas.fatima
    with pytest.raises(ValidationError, match="ontvangende team"):
        actions.do_assign_signal(signal, personas.karin, personas.sanne)


def test_transition_through_the_web_form(personas, client) -> None:
    signal = care_signal(personas)
    client.force_login(personas.sanne)
    response = client.post(
        reverse("casework:signal_transition", args=[signal.pk]),
        {"status": "triaged", "reason": "Fatima gaat langs"},
    )
    assert response.status_code == 302
    assert SignalTransition.objects.filter(signal=signal, to_status="triaged").get().reason == (
        "Fatima gaat langs"
    )
    response = client.post(
        reverse("casework:signal_transition", args=[signal.pk]), {"status": "new"}
    )
    assert response.status_code == 400
    assert Signal.objects.get(pk=signal.pk).status == "triaged"


def test_follow_up_actions_with_a_due_date(personas, client) -> None:
    signal = care_signal(personas)
    client.force_login(personas.sanne)
    response = client.post(
        reverse("casework:signal_follow_up", args=[signal.pk]),
        {"description": "Koffie drinken met Jan", "due_on": "2030-01-10",
         "assignee": personas.fatima.pk},
    )  # fmt: skip
    assert response.status_code == 302
    follow_up = signal.follow_ups.get()
    assert follow_up.assignee == personas.fatima and str(follow_up.due_on) == "2030-01-10"
    response = client.post(
        reverse("casework:signal_follow_up", args=[signal.pk]), {"description": "", "due_on": "x"}
    )
    assert response.status_code == 400 and "Dit is geen datum." in response.content.decode()
    client.post(reverse("casework:follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


# Confidentiality -----------------------------------------------------------------------------


def test_the_reporter_sees_only_that_the_signal_was_picked_up(personas, client) -> None:
    signal = care_signal(personas)
    actions.do_update_signal_notes(signal, "Zorgmijder, dochter in beeld", personas.sanne)
    actions.do_add_follow_up(
        personas.sanne,
        signal=signal,
        description="Huisbezoek plannen",
        due_on=date(2030, 1, 1),
    )
    actions.do_transition_signal(signal, "triaged", personas.sanne, reason="Geheime reden")
    client.force_login(personas.henk)
    content = client.get(_detail(signal)).content.decode()
    assert "heeft uw signaal opgepakt" in content
    assert "Zorgmijder" not in content and "Geheime reden" not in content
    assert "Huisbezoek plannen" not in content
    assert "Geschiedenis" not in content and "Acties" not in content


def test_the_team_sees_the_care_content(personas, client) -> None:
    signal = care_signal(personas)
    actions.do_update_signal_notes(signal, "Zorgmijder, dochter in beeld", personas.sanne)
    client.force_login(personas.fatima)
    content = client.get(_detail(signal)).content.decode()
    assert "Zorgmijder" in content and "Geschiedenis" in content


@pytest.mark.parametrize("persona", ["karin", "bakker", "beheer"])
def test_others_get_404_for_a_care_signal_and_the_attempt_is_logged(
    personas, client, persona
) -> None:
    signal = care_signal(personas)
    user = getattr(personas, persona)
    client.force_login(user)
    assert client.get(_detail(signal)).status_code == 404
    assert AuditEntry.objects.filter(verb="denied", actor=user, object_id=str(signal.pk)).exists()
    assert "Jan komt niet meer" not in client.get(reverse("casework:signal_list")).content.decode()


def test_area_partner_sees_liveability_signals_of_the_area_team_but_never_care(
    personas, client
) -> None:
    litter = liveability_signal(personas)
    care = care_signal(personas)
    client.force_login(personas.bakker)
    content = client.get(reverse("casework:signal_list")).content.decode()
    assert _detail(litter) in content and _detail(care) not in content
    assert client.get(_detail(litter)).status_code == 200


def test_area_partner_never_sees_a_care_signal_even_when_routed_to_the_area_team(
    personas, client
) -> None:
    # A wrongly configured rule must not open care content to police or corporation.
    RoutingRule.objects.create(priority=1, category=category("loneliness"), team=personas.area_team)
    care = care_signal(personas)
    assert care.team == personas.area_team
    client.force_login(personas.bakker)
    assert client.get(_detail(care)).status_code == 404


def test_a_liveability_signal_about_a_person_is_hidden_from_area_partners(personas, client) -> None:
    signal = liveability_signal(personas, about_person=True)
    client.force_login(personas.bakker)
    assert client.get(_detail(signal)).status_code == 404


def test_a_volunteer_in_the_wijkteam_is_never_the_team(personas, client) -> None:
    signal = care_signal(personas, reporter=personas.fatima)
    client.force_login(personas.henk)
    assert client.get(_detail(signal)).status_code == 404


def test_every_view_of_a_confidential_signal_is_audited(personas, client) -> None:
    signal = care_signal(personas)
    client.force_login(personas.sanne)
    client.get(_detail(signal))
    client.get(_detail(signal))
    views = AuditEntry.objects.filter(
        verb="view", actor=personas.sanne, object_type="casework.signal", object_id=str(signal.pk)
    )
    assert views.count() == 2
    assert views.first().purpose == "signaal bekijken"


def test_the_reporter_cannot_post_a_status_change(personas, client) -> None:
    signal = care_signal(personas)
    client.force_login(personas.henk)
    response = client.post(
        reverse("casework:signal_transition", args=[signal.pk]), {"status": "triaged"}
    )
    assert response.status_code in (403, 404)
    assert Signal.objects.get(pk=signal.pk).status == "new"
