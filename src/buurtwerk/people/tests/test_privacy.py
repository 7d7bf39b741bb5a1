"""AVG rights for residents: export everything, erase everywhere, consent withdrawal, retention."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from buurtwerk.accounts.models import User
from buurtwerk.audit.log import verify_chain
from buurtwerk.audit.models import AuditEntry
from buurtwerk.core import hooks, privacy, retention
from buurtwerk.core.permissions import Role
from buurtwerk.people import actions
from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.privacy import ERASED_NAME, RETENTION_RULE

pytestmark = pytest.mark.django_db


def _export(resident, user):
    return actions.do_export_resident(resident, user)


def test_export_holds_every_registered_section_as_json(personas) -> None:
    document = _export(personas.jan, personas.ingrid)
    assert set(document["sections"]) == set(privacy.exporters())
    assert {"people", "account", "audit"} <= set(document["sections"])
    people = json.loads(json.dumps(document))["sections"]["people"]
    assert people["resident"]["name"] == "Jan Smit"
    assert people["resident"]["notes"] == "Vertrouwelijk: rouwt"
    assert people["consents"][0]["withdrawn_at"] is None
    assert AuditEntry.objects.filter(
        verb="export", actor=personas.ingrid, object_id=str(personas.jan.pk)
    ).exists()


def test_export_names_no_other_resident(personas) -> None:
    Relation.objects.create(
        resident=personas.jan, other_resident=personas.marie, kind=Relation.Kind.NEIGHBOUR
    )
    text = json.dumps(_export(personas.jan, personas.ingrid), ensure_ascii=False)
    assert "Marie Jansen" not in text
    assert "een andere bewoner" in text


def test_export_tells_who_looked_at_the_record(client, personas) -> None:
    client.force_login(personas.sanne)
    client.get(reverse("people:resident_detail", args=[personas.jan.pk]))
    log = _export(personas.jan, personas.ingrid)["sections"]["audit"]["access_log"]
    assert any(row["role"] == "Lid van het wijkteam" and row["action"] == "bekeken" for row in log)
    assert all("sanne" not in json.dumps(row) for row in log)


def test_teamleider_reads_the_export_page_and_downloads_json(client, personas) -> None:
    client.force_login(personas.ingrid)
    page = client.get(reverse("people:resident_export", args=[personas.jan.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Gegevens als bewoner" in content and "Wie uw gegevens bekeek" in content
    assert "Vertrouwelijk: rouwt" in content and "Notities" in content
    download = client.get(reverse("people:resident_export_json", args=[personas.jan.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "no-store"
    assert download.json()["sections"]["people"]["resident"]["name"] == "Jan Smit"


@pytest.mark.parametrize("name", ["resident_export", "resident_export_json", "resident_erase"])
def test_only_the_teamleider_may_export_or_erase(client, personas, name) -> None:
    for user in (personas.fatima, personas.sanne, personas.henk, personas.beheer):
        client.force_login(user)
        assert client.get(reverse(f"people:{name}", args=[personas.jan.pk])).status_code == 404


def test_detail_page_offers_export_and_erase_to_the_teamleider_only(client, personas) -> None:
    client.force_login(personas.ingrid)
    assert "Inzage maken" in client.get(f"/bewoners/{personas.jan.pk}/").content.decode()
    client.force_login(personas.fatima)
    assert "Inzage maken" not in client.get(f"/bewoners/{personas.jan.pk}/").content.decode()


def test_erasure_needs_a_confirmation_and_changes_nothing_without(client, personas) -> None:
    client.force_login(personas.ingrid)
    response = client.post(reverse("people:resident_erase", args=[personas.jan.pk]), {})
    assert "Vink aan dat u dit heeft gecontroleerd" in response.content.decode()
    personas.jan.refresh_from_db()
    assert personas.jan.name == "Jan Smit" and personas.jan.erased_at is None


def test_erasure_anonymises_every_personal_field_and_keeps_statistics(client, personas) -> None:
    jan = personas.jan
    Relation.objects.create(resident=personas.marie, other_resident=jan, kind="neighbour")
    before = {field: getattr(jan, field) for field in Resident.PERSONAL_FIELDS}
    residents_in_north = Resident.objects.filter(neighbourhood=personas.north).count()
    client.force_login(personas.ingrid)
    response = client.post(reverse("people:resident_erase", args=[jan.pk]), {"confirm": "on"})
    assert response.status_code == 302
    jan.refresh_from_db()
    for field, old in before.items():
        if old not in (None, "", [], False):
            assert getattr(jan, field) != old, field
    assert jan.name == ERASED_NAME and jan.erased_at is not None and jan.ref is None
    assert Resident.objects.filter(neighbourhood=personas.north).count() == residents_in_north
    assert not Relation.objects.filter(resident=jan).exists()
    assert Relation.objects.filter(resident=personas.marie, other_resident=jan).exists()
    consent = Consent.objects.get(resident=jan)
    assert consent.withdrawn_at is not None and consent.statement == ""
    assert not Resident.objects.with_matching_consent().filter(pk=jan.pk).exists()
    assert client.get(reverse("people:resident_detail", args=[jan.pk])).status_code == 404
    assert AuditEntry.objects.filter(verb="erase", object_id=str(jan.pk)).exists()
    assert verify_chain() == []


def test_erasing_twice_is_refused(personas) -> None:
    actions.do_erase_resident(personas.marie, personas.ingrid)
    with pytest.raises(ValidationError, match="al gewist"):
        actions.do_erase_resident(personas.marie, None)


def test_erasure_is_all_or_nothing_when_a_domain_refuses(monkeypatch, personas) -> None:
    def refuse(resident):
        raise ValidationError("Dossier met wettelijke bewaarplicht.")

    monkeypatch.setitem(privacy._ERASERS, "zz-refusing", refuse)
    with pytest.raises(ValidationError, match="bewaarplicht"):
        actions.do_erase_resident(personas.jan, personas.ingrid)
    personas.jan.refresh_from_db()
    assert personas.jan.name == "Jan Smit" and personas.jan.erased_at is None
    assert Relation.objects.filter(resident=personas.jan).exists()


def test_erasure_closes_the_residents_own_login_account(personas) -> None:
    user = User.objects.create_user(
        "annie", password="lang-genoeg-wachtwoord", role=Role.VOLUNTEER, first_name="Annie"
    )
    user.resident = personas.marie
    user.save()
    counts = actions.do_erase_resident(personas.marie, personas.ingrid)
    user.refresh_from_db()
    assert counts["account"] == 1
    assert not user.is_active and not user.has_usable_password()
    assert user.username.startswith("gewist-") and user.first_name == ""


def test_erasure_runs_the_consent_withdrawn_hook_so_matching_stops(monkeypatch, personas):
    calls = []
    monkeypatch.setitem(hooks._HANDLERS, "consent_withdrawn", [lambda **kw: calls.append(kw)])
    actions.do_erase_resident(personas.jan, personas.ingrid)
    assert [call["resident"].pk for call in calls] == [personas.jan.pk]


def test_api_exports_and_erases_for_the_teamleider(personas) -> None:
    api = APIClient()
    api.force_authenticate(personas.ingrid)
    export = api.get(f"/api/v1/residents/{personas.jan.pk}/export")
    assert export.status_code == 200 and "people" in export.json()["sections"]
    erased = api.post(f"/api/v1/residents/{personas.jan.pk}/erase")
    assert erased.status_code == 200 and erased.json()["erased"] is True
    assert erased.json()["records"]["people"] > 0
    again = api.post(f"/api/v1/residents/{personas.jan.pk}/erase")
    assert again.status_code == 404


def test_api_refuses_export_and_erase_to_other_roles(personas) -> None:
    api = APIClient()
    api.force_authenticate(personas.fatima)
    assert api.get(f"/api/v1/residents/{personas.jan.pk}/export").status_code == 403
    assert api.post(f"/api/v1/residents/{personas.jan.pk}/erase").status_code == 403
    personas.jan.refresh_from_db()
    assert personas.jan.erased_at is None


def test_command_line_exports_and_erases(personas, tmp_path, capsys) -> None:
    target = tmp_path / "inzage.json"
    call_command("resident", "export", str(personas.jan.pk), "--output", str(target))
    assert json.loads(target.read_text())["sections"]["people"]["resident"]["name"] == "Jan Smit"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    call_command("resident", "export", str(personas.piet.pk))
    assert "Piet Visser" in capsys.readouterr().out
    call_command("resident", "erase", str(personas.jan.pk), "--yes")
    personas.jan.refresh_from_db()
    assert personas.jan.erased_at is not None
    assert AuditEntry.objects.filter(purpose="AVG: wissen (commandoregel)").exists()


def test_command_line_refuses_an_unknown_resident() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("resident", "erase", "999999", "--yes")


def test_withdrawing_consent_fires_the_hook_inside_the_transaction(monkeypatch, personas):
    seen = []

    def handler(resident, acting_user):
        seen.append(Resident.objects.with_matching_consent().filter(pk=resident.pk).exists())

    monkeypatch.setitem(hooks._HANDLERS, "consent_withdrawn", [handler])
    actions.do_withdraw_consent(personas.jan, personas.fatima)
    assert seen == [False]
    assert not Resident.objects.with_matching_consent().filter(pk=personas.jan.pk).exists()


def test_consent_stays_when_a_hook_fails(monkeypatch, personas) -> None:
    def broken(**kwargs):
        raise RuntimeError("matching down")

    monkeypatch.setitem(hooks._HANDLERS, "consent_withdrawn", [broken])
    with pytest.raises(RuntimeError):
        actions.do_withdraw_consent(personas.jan, personas.fatima)
    assert Resident.objects.with_matching_consent().filter(pk=personas.jan.pk).exists()


def _age(resident: Resident, days: int) -> None:
    """Pretend the resident's record, legal basis and network were last touched `days` ago."""
    then = timezone.now() - timedelta(days=days)
    Resident.objects.filter(pk=resident.pk).update(updated_at=then)
    ProcessingBasis.objects.filter(resident=resident).update(recorded_at=then)
    Relation.objects.filter(resident=resident).update(created_at=then)


def test_retention_erases_residents_nobody_worked_with_for_years(settings, personas) -> None:
    limit = settings.BUURTWERK_RETENTION[RETENTION_RULE].days
    _age(personas.marie, limit + 10)
    _age(personas.piet, limit - 10)
    assert retention.run_retention(timezone.now(), dry_run=True)[RETENTION_RULE] == 1
    personas.marie.refresh_from_db()
    assert personas.marie.erased_at is None
    assert retention.run_retention(timezone.now())[RETENTION_RULE] == 1
    personas.marie.refresh_from_db()
    personas.piet.refresh_from_db()
    assert personas.marie.erased_at is not None and personas.piet.erased_at is None
    assert AuditEntry.objects.filter(purpose="bewaartermijn verlopen").count() == 1


def test_retention_spares_residents_active_in_another_domain(monkeypatch, settings, personas):
    limit = settings.BUURTWERK_RETENTION[RETENTION_RULE].days
    _age(personas.marie, limit + 10)
    monkeypatch.setitem(retention._ACTIVITY_SOURCES, "casework", lambda since: [personas.marie.pk])
    assert retention.run_retention(timezone.now())[RETENTION_RULE] == 0


def test_retention_counts_recent_consent_as_activity(settings, personas) -> None:
    limit = settings.BUURTWERK_RETENTION[RETENTION_RULE].days
    _age(personas.jan, limit + 10)
    assert retention.run_retention(timezone.now(), dry_run=True)[RETENTION_RULE] == 0


def test_erasure_scrubs_their_name_phone_and_email_from_text_not_linked_to_them(personas):
    from buurtwerk.casework.models import (
        AgendaItem,
        Contact,
        Decision,
        Meeting,
        Signal,
        SignalCategory,
    )
    from buurtwerk.community.models import Registration
    from buurtwerk.socialmap.models import Escalation, UnansweredSearch

    Resident.objects.filter(pk=personas.marie.pk).update(
        phone="06-11223344", email="marie@example.nl"
    )
    marie = Resident.objects.get(pk=personas.marie.pk)
    mentions = "Marie  Jansen (06 11 22 33 44, MARIE@example.nl)"
    relation = Relation.objects.create(
        resident=personas.jan, contact_name="marie jansen", contact_role="buurvrouw, 0611223344"
    )
    meeting = Meeting.objects.create(
        team=personas.team_north, starts_at=timezone.now(), since=timezone.now()
    )
    item = AgendaItem.objects.create(meeting=meeting, kind="other", title=f"Zorgen om {mentions}")
    decision = Decision.objects.create(meeting=meeting, text=f"Sanne belt {mentions}")
    signal = Signal.objects.create(
        category=SignalCategory.objects.get(code="loneliness"),
        route="care",
        description=f"Buurman maakt zich zorgen om {mentions}",
        neighbourhood=personas.north,
        team=personas.team_north,
    )
    contact = Contact.objects.create(
        worker=personas.fatima, happened_on=timezone.localdate(), kind="phone",
        purpose="casework", duration_minutes=10, note=f"Jan vertelde over {mentions}",
    )  # fmt: skip
    registration = Registration.objects.create(
        neighbourhood=personas.north, kind="need", category="company", name="Marie Jansen",
        phone="+31 6 11223344", email="marie@example.nl", consent_text="Akkoord",
        consent_given_at=timezone.now(),
    )  # fmt: skip
    escalation = Escalation.objects.create(
        question=f"Wie helpt {mentions}?", asked_by=personas.fatima
    )
    search = UnansweredSearch.objects.create(question="marie jansen boodschappen")
    untouched = Decision.objects.create(meeting=meeting, text="Marie Curie-straat krijgt bankje")

    privacy.erase_resident(marie)

    texts = [
        *Relation.objects.filter(pk=relation.pk).values_list("contact_name", "contact_role").get(),
        AgendaItem.objects.get(pk=item.pk).title,
        Decision.objects.get(pk=decision.pk).text,
        Signal.objects.get(pk=signal.pk).description,
        Contact.objects.get(pk=contact.pk).note,
        *Registration.objects.filter(pk=registration.pk)
        .values_list("name", "phone", "email")
        .get(),
        Escalation.objects.get(pk=escalation.pk).question,
        UnansweredSearch.objects.get(pk=search.pk).question,
    ]
    for text in texts:
        assert "jansen" not in text.lower() and "marie@" not in text.lower(), text
        assert "1122" not in text.replace(" ", "").replace("-", ""), text
    assert Decision.objects.get(pk=decision.pk).text.startswith("Sanne belt [geanonimiseerd]")
    assert Decision.objects.get(pk=untouched.pk).text == "Marie Curie-straat krijgt bankje"
