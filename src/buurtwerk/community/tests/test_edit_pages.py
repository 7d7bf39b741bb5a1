"""Edit pages: the same form and checks as creating, history in the audit log, nothing
changed on bad input."""

from datetime import timedelta

import pytest

from buurtwerk.audit.models import AuditEntry
from buurtwerk.community import actions
from buurtwerk.community.models import Activity
from buurtwerk.community.tests.factories import first_occurrence, make_community, make_resident

pytestmark = pytest.mark.django_db


def _activity_post(activity: Activity, **changes):
    from buurtwerk.community.forms import ActivityForm

    data = ActivityForm.initial_for(activity)
    data.pop("partners", None)
    data = {key: value for key, value in data.items() if value is not None and value is not False}
    data.update(changes)
    return data


def test_an_initiative_is_edited_with_its_history_in_the_audit_log(client, personas) -> None:
    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/wijzigen/"
    page = client.get(url).content.decode()
    assert 'value="Buurthuis Noorderhof"' in page
    response = client.post(url, {"name": "Buurthuis De Hof", "neighbourhood": personas.north.pk})
    assert response.status_code == 302
    community.centre.refresh_from_db()
    assert community.centre.name == "Buurthuis De Hof"
    entry = AuditEntry.objects.filter(purpose="initiatief wijzigen").last()
    assert entry is not None and "name" in entry.fields
    response = client.post(url, {"name": "", "neighbourhood": personas.north.pk})
    assert "Vul de naam van het initiatief in." in response.content.decode()
    client.force_login(personas.sanne)
    assert client.get(url).status_code == 404


def test_an_activity_edit_changes_the_recurrence_and_replans(client, personas) -> None:
    community = make_community(personas)
    coffee = community.coffee
    client.force_login(personas.fatima)
    url = f"/buurt/activiteiten/{coffee.pk}/wijzigen/"
    assert client.get(url).status_code == 200
    response = client.post(url, _activity_post(coffee, repeat="weekly"))
    assert response.status_code == 302, response.content.decode()[:3000]
    coffee.refresh_from_db()
    assert coffee.rrule == "FREQ=WEEKLY;BYDAY=TU"
    starts = list(coffee.occurrences.filter(cancelled=False).values_list("starts_at", flat=True))
    assert all(b - a == timedelta(weeks=1) for a, b in zip(starts, starts[1:], strict=False))
    assert AuditEntry.objects.filter(purpose="activiteit wijzigen").exists()


def test_a_recurrence_without_any_date_is_refused_and_nothing_changes(client, personas) -> None:
    community = make_community(personas)
    coffee = community.coffee
    before = coffee.occurrences.count()
    client.force_login(personas.fatima)
    first_day = coffee.starts_at.date()
    response = client.post(
        f"/buurt/activiteiten/{coffee.pk}/wijzigen/",
        _activity_post(coffee, ends_on=(first_day - timedelta(days=1)).isoformat()),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Volgens deze herhaling is er geen enkele datum." in page
    coffee.refresh_from_db()
    assert coffee.ends_on is None and coffee.occurrences.count() == before


def test_a_capacity_below_the_sign_ups_is_refused(personas) -> None:
    from django.core.exceptions import ValidationError

    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    for i in range(3):
        actions.do_sign_up(occurrence, make_resident(personas, f"Gast {i}"), personas.fatima)
    with pytest.raises(ValidationError, match="minstens 3 plaatsen"):
        actions.do_update_activity(community.coffee, {"capacity": 2}, personas.fatima)
    community.coffee.refresh_from_db()
    assert community.coffee.capacity == 20
    actions.do_update_activity(community.coffee, {"capacity": 3}, personas.fatima)


def test_driver_availability_is_edited_with_the_same_checks(client, personas) -> None:
    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/chauffeurs/{community.driver.pk}/wijzigen/"
    assert client.get(url).status_code == 200
    base = {"slots": ["wed-morning"], "seats": 3, "per_week": 2, "max_pickup_km": 5}
    assert client.post(url, base).status_code == 302
    community.driver.refresh_from_db()
    assert community.driver.slots == ["wed-morning"] and community.driver.seats == 3
    response = client.post(url, dict(base, seats=9, slots=[]))
    page = response.content.decode()
    assert "Kies minstens één moment waarop de chauffeur kan." in page
    community.driver.refresh_from_db()
    assert community.driver.seats == 3
    entry = AuditEntry.objects.filter(purpose="chauffeur wijzigen").last()
    assert entry is not None and "seats" in entry.fields
    client.force_login(personas.henk)
    assert client.get(url).status_code == 404
