"""Cases of the wijkteam: opening, participants, goals, actions, links and who may read them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from buurtwerk.audit.models import AuditEntry
from buurtwerk.casework import actions
from buurtwerk.casework.models import Case, CaseLink
from buurtwerk.people.models import Relation

from .factories import care_signal, case_for_jan

pytestmark = pytest.mark.django_db


def _detail(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


def test_opening_a_case_adds_the_resident_and_the_coordinator(personas) -> None:
    case = case_for_jan(personas)
    roles = {(p.role, p.display_name) for p in case.participants.all()}
    assert roles == {("resident", "Jan Smit"), ("coordinator", personas.sanne.get_full_name())}
    assert case.coordinator == personas.sanne and case.status == "open"


def test_a_case_is_only_for_a_wijkteam_the_user_belongs_to(personas) -> None:
    with pytest.raises(ValidationError, match="wijkteam waar u zelf in zit"):
        case_for_jan(personas, team=personas.team_south)
    with pytest.raises(ValidationError, match="Niet gevonden"):
        case_for_jan(personas, resident=personas.piet)
    assert not Case.objects.exists()


def test_a_case_opened_from_a_signal_links_it(personas, client) -> None:
    signal = care_signal(personas)
    client.force_login(personas.sanne)
    url = reverse("casework:case_create") + f"?signaal={signal.pk}"
    form = client.get(url).content.decode()
    assert "wordt aan de casus gekoppeld" in form
    response = client.post(
        url,
        {"title": "Jan", "resident": personas.jan.pk, "team": personas.team_north.pk,
         "coordinator": personas.sanne.pk, "confidentiality": "team"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and list(case.signals.all()) == [signal]


def test_participants_goals_and_actions(personas) -> None:
    case = case_for_jan(personas)
    actions.do_add_participant(case, {"role": "family", "name": "Dochter Els"}, personas.sanne)
    actions.do_add_participant(
        case, {"role": "buurtwerker", "user": personas.fatima}, personas.sanne
    )
    with pytest.raises(ValidationError, match="Eén van de drie"):
        actions.do_add_participant(
            case, {"role": "other", "name": "X", "user": personas.ingrid}, personas.sanne
        )
    with pytest.raises(ValidationError, match="team van de casus"):
        actions.do_add_participant(case, {"role": "other", "user": personas.karin}, personas.sanne)
    goal = actions.do_add_goal(case, "Eén keer per week naar de koffieochtend", personas.sanne)
    actions.do_mark_goal_achieved(goal, personas.fatima)
    action = actions.do_add_follow_up(
        personas.fatima, case=case, description="Samen naar de inloop", due_on=date(2030, 2, 1)
    )
    assert case.participants.count() == 4
    assert case.goals.get().achieved_at is not None
    assert action.team == personas.team_north and action.case == case


def test_the_case_page_links_to_the_sociale_kaart_and_the_netwerkkaart(personas, client) -> None:
    case = case_for_jan(personas)
    client.force_login(personas.fatima)
    content = client.get(_detail(case)).content.decode()
    assert 'href="/sociale-kaart/"' in content
    assert reverse("casework:network_map", args=[personas.jan.pk]) in content


def test_a_restricted_case_is_only_for_its_participants(personas, client) -> None:
    case = case_for_jan(personas, confidentiality="participants")
    client.force_login(personas.fatima)
    assert client.get(_detail(case)).status_code == 404
    actions.do_add_participant(
        case, {"role": "buurtwerker", "user": personas.fatima}, personas.sanne
    )
    assert client.get(_detail(case)).status_code == 200


@pytest.mark.parametrize("persona", ["karin", "bakker", "henk", "beheer"])
def test_others_never_see_a_case(personas, client, persona) -> None:
    case = case_for_jan(personas)
    user = getattr(personas, persona)
    client.force_login(user)
    assert client.get(_detail(case)).status_code == 404
    assert AuditEntry.objects.filter(verb="denied", actor=user, object_id=str(case.pk)).exists()
    with pytest.raises(PermissionDenied):
        actions.do_add_goal(case, "Stiekem doel", user)


def test_every_view_of_a_case_is_audited(personas, client) -> None:
    case = case_for_jan(personas)
    client.force_login(personas.ingrid)
    client.get(reverse("casework:case_list"))
    assert AuditEntry.objects.filter(
        verb="list", actor=personas.ingrid, object_type="casework.case", purpose="casuslijst"
    ).exists()
    client.get(_detail(case))
    assert AuditEntry.objects.filter(
        verb="view", actor=personas.ingrid, object_type="casework.case", object_id=str(case.pk)
    ).exists()


def test_closing_a_case_in_the_form(personas, client) -> None:
    case = case_for_jan(personas)
    client.force_login(personas.sanne)
    response = client.post(
        reverse("casework:case_update", args=[case.pk]),
        {"status": "closed", "confidentiality": "team", "summary": "Gaat goed",
         "coordinator": personas.sanne.pk},
    )  # fmt: skip
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == "closed" and case.closed_at


def test_linking_another_record_checks_that_the_user_may_see_it(personas) -> None:
    case = case_for_jan(personas)
    own_relation = Relation.objects.create(
        resident=personas.jan, contact_name="Buurvrouw Ria", kind=Relation.Kind.NEIGHBOUR
    )
    link = actions.do_link_to_case(case, own_relation, personas.sanne, label="Buurvrouw Ria")
    assert link.target == own_relation and str(link) == "Buurvrouw Ria"
    south_relation = Relation.objects.create(
        resident=personas.piet, contact_name="Iemand", kind=Relation.Kind.FRIEND
    )
    with pytest.raises(ValidationError, match="zelf mag zien"):
        actions.do_link_to_case(case, south_relation, personas.sanne)
    assert CaseLink.objects.count() == 1
