import pytest
from django.core.management import call_command
from django.db.models import F

from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.seeding import seed_city

pytestmark = pytest.mark.django_db


def test_seeding_creates_residents_with_a_basis_consent_and_neighbours() -> None:
    municipality = seed_city(600, name="Proefstad", seed=4)
    residents = Resident.objects.filter(neighbourhood__district__municipality=municipality)
    assert residents.count() == 600
    assert ProcessingBasis.objects.filter(resident__in=residents).count() == 600
    consenting = Consent.objects.filter(resident__in=residents).count()
    assert 0.6 * 600 < consenting < 0.95 * 600
    relations = Relation.objects.filter(resident__in=residents)
    assert relations.exists()
    assert not relations.filter(resident=F("other_resident")).exists()
    assert not relations.exclude(
        other_resident__neighbourhood=F("resident__neighbourhood")
    ).exists()
    codes = {code for spoken in residents.values_list("languages", flat=True) for code in spoken}
    assert "nl" in codes
    assert codes <= {"nl", "en", "tr", "ar", "pl", "uk", "ti"}


def test_seeding_is_deterministic_for_a_seed() -> None:
    seed_city(50, name="Eenstad", seed=9)
    seed_city(50, name="Tweestad", seed=9)
    first = list(
        Resident.objects.filter(city="Eenstad").order_by("id").values_list("name", "postcode")
    )
    second = list(
        Resident.objects.filter(city="Tweestad").order_by("id").values_list("name", "postcode")
    )
    assert first == second


def test_seeding_again_extends_and_new_residents_get_fresh_ids() -> None:
    seed_city(30, name="Groeistad")
    seed_city(30, name="Groeistad")
    assert Resident.objects.filter(city="Groeistad").count() == 60
    seeded_max = Resident.objects.order_by("-id").values_list("id", flat=True).first()
    later = Resident.objects.create(
        name="Nieuwe Bewoner", neighbourhood=Resident.objects.first().neighbourhood
    )
    assert later.pk > seeded_max


def test_the_seed_command_reports_what_it_made(capsys) -> None:
    call_command("seed", "--residents", "40", "--name", "Meldstad")
    assert "40 bewoners aangemaakt" in capsys.readouterr().out
