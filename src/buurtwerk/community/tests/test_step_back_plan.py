"""The step-back plan: tasks are handed over one by one; the page shows what is left."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from buurtwerk.audit.models import AuditEntry
from buurtwerk.community import actions
from buurtwerk.community.models import HandoverTask
from buurtwerk.community.tests.factories import make_community

pytestmark = pytest.mark.django_db


def test_tasks_are_handed_over_one_by_one_and_the_page_shows_both_lists(client, personas) -> None:
    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/terugstapplan/"
    for kind in ("rota", "money", "key"):
        assert client.post(url, {"kind": kind}).status_code == 302
    rota = HandoverTask.objects.get(kind="rota")
    client.post(f"/buurt/taken/{rota.pk}/overdragen/", {"handed_to": "Annie Dijkstra"})
    rota.refresh_from_db()
    assert rota.handed_to == "Annie Dijkstra" and rota.handed_over_on == timezone.localdate()
    page = client.get(url).content.decode()
    assert "1 taak is overgenomen" in page and "2 liggen nog bij de buurtwerker" in page
    assert page.index("Het geld en de kas") < page.index("Overgenomen door het initiatief")
    assert page.index("Annie Dijkstra") > page.index("Overgenomen door het initiatief")
    assert AuditEntry.objects.filter(purpose="terugstapplan").count() == 4
    client.force_login(personas.karin)
    assert client.get(url).status_code == 404


def test_bad_handovers_are_refused_and_change_nothing(personas) -> None:
    community = make_community(personas)
    task = actions.do_add_handover_task(community.centre, {"kind": "key"}, personas.fatima)
    with pytest.raises(ValidationError, match="wie de taak overneemt"):
        actions.do_hand_over_task(task, "  ", personas.fatima)
    with pytest.raises(ValidationError, match="vandaag of eerder"):
        actions.do_hand_over_task(
            task, "Henk", personas.fatima, on=timezone.localdate() + timedelta(days=3)
        )
    task.refresh_from_db()
    assert not task.handed_over
    with pytest.raises(ValidationError, match="al op het plan"):
        actions.do_add_handover_task(community.centre, {"kind": "key"}, personas.fatima)
    with pytest.raises(ValidationError, match="welke taak"):
        actions.do_add_handover_task(community.centre, {"kind": "other"}, personas.fatima)
    actions.do_hand_over_task(task, "Henk", personas.fatima)
    with pytest.raises(ValidationError, match="al overgedragen"):
        actions.do_hand_over_task(task, "Annie", personas.fatima)
    actions.do_take_back_task(task, personas.fatima)
    task.refresh_from_db()
    assert not task.handed_over and task.handed_to == ""
