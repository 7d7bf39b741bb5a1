import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buurtwerk.audit.models import AuditEntry
from buurtwerk.core.locking import StaleRecordError
from buurtwerk.people import actions
from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.queries import has_small_network, network_size

pytestmark = pytest.mark.django_db


def _new_resident_data(personas, **overrides):
    data = {
        "name": "Truus de Boer",
        "neighbourhood": personas.north,
        "postcode": "8302ab",
        "birth_year": 1944,
    }
    data.update(overrides)
    return data


def test_creating_a_resident_records_the_legal_basis_and_the_audit_entry(personas) -> None:
    resident = actions.do_create_resident(_new_resident_data(personas), personas.fatima)
    assert resident.postcode == "8302 AB"
    basis = ProcessingBasis.objects.get(resident=resident)
    assert basis.lawful_basis == ProcessingBasis.LawfulBasis.PUBLIC_TASK
    assert basis.special_category_exception == ProcessingBasis.SpecialCategoryException.SOCIAL_CARE
    entry = AuditEntry.objects.get(
        verb="create", object_type="people.resident", object_id=str(resident.pk)
    )
    assert entry.actor == personas.fatima
    assert "name" in entry.fields and "Truus" not in entry.canonical_content()


def test_matching_consent_is_only_recorded_when_asked(personas) -> None:
    without = actions.do_create_resident(_new_resident_data(personas), personas.fatima)
    with_consent = actions.do_create_resident(
        _new_resident_data(personas, name="Ria Bos"), personas.fatima, matching_consent=True
    )
    assert not without.has_matching_consent
    consent = with_consent.consents.get()
    assert consent.recorded_by == personas.fatima and consent.withdrawn_at is None


def test_invalid_postcode_saves_nothing(personas) -> None:
    before = Resident.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.do_create_resident(
            _new_resident_data(personas, postcode="0000 XX"), personas.fatima
        )
    assert "geen geldige postcode" in str(error.value)
    assert Resident.objects.count() == before


def test_duplicate_resident_is_refused(personas) -> None:
    data = _new_resident_data(personas, name="Jan Smit", postcode="8302 AB", birth_year=1950)
    with pytest.raises(ValidationError) as error:
        actions.do_create_resident(data, personas.fatima)
    assert "staat al in het systeem" in str(error.value)


def test_buurtwerker_cannot_register_residents_outside_the_team_area(personas) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_create_resident(
            _new_resident_data(personas, neighbourhood=personas.south), personas.fatima
        )
    assert "buurten van uw team" in str(error.value)


def test_volunteer_cannot_register_residents(personas) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_create_resident(_new_resident_data(personas), personas.henk)
    assert AuditEntry.objects.filter(verb="denied", actor=personas.henk).exists()


def test_update_with_an_old_version_is_refused_so_no_change_is_lost(personas) -> None:
    jan = personas.jan
    actions.do_update_resident(jan, {"phone": "06-11111111"}, personas.fatima, expected_version=1)
    with pytest.raises(StaleRecordError):
        actions.do_update_resident(
            jan, {"phone": "06-22222222"}, personas.ingrid, expected_version=1
        )
    jan.refresh_from_db()
    assert jan.phone == "06-11111111" and jan.version == 2


def test_update_logs_the_changed_field_names_only(personas) -> None:
    actions.do_update_resident(personas.jan, {"phone": "06-99999999"}, personas.fatima)
    entry = AuditEntry.objects.filter(verb="change", object_id=str(personas.jan.pk)).first()
    assert entry.fields == ["phone"]
    assert "06-99999999" not in entry.canonical_content()


def test_withdrawing_consent_keeps_the_history(personas) -> None:
    consent = actions.do_withdraw_consent(personas.jan, personas.fatima)
    assert consent.withdrawn_at is not None and consent.withdrawn_by == personas.fatima
    assert not Resident.objects.get(pk=personas.jan.pk).has_matching_consent
    assert Consent.objects.filter(resident=personas.jan).count() == 1
    with pytest.raises(ValidationError):
        actions.do_withdraw_consent(personas.jan, personas.fatima)


def test_consent_can_be_given_again_after_withdrawal(personas) -> None:
    actions.do_withdraw_consent(personas.jan, personas.fatima)
    actions.do_record_consent(personas.jan, personas.fatima, statement="Toch wel")
    assert personas.jan.has_matching_consent


def test_network_size_counts_informal_contacts_from_both_sides(personas) -> None:
    marie = personas.marie
    assert has_small_network(marie)
    actions.do_add_relation(
        marie, {"other_resident": personas.jan, "kind": Relation.Kind.NEIGHBOUR}, personas.fatima
    )
    actions.do_add_relation(
        marie, {"contact_name": "Dokter Bos", "kind": Relation.Kind.PROFESSIONAL}, personas.fatima
    )
    assert network_size(marie) == 1
    assert network_size(personas.jan) == 2  # Henk (volunteer) and Marie (from her side)
    actions.do_add_relation(
        marie, {"contact_name": "Zus Els", "kind": Relation.Kind.FAMILY}, personas.fatima
    )
    assert not has_small_network(marie)


def test_relation_needs_a_counterpart(personas) -> None:
    with pytest.raises(ValidationError):
        actions.do_add_relation(personas.marie, {"kind": Relation.Kind.FRIEND}, personas.fatima)
    with pytest.raises(ValidationError):
        actions.do_add_relation(
            personas.marie,
            {"other_resident": personas.marie, "kind": Relation.Kind.FRIEND},
            personas.fatima,
        )
