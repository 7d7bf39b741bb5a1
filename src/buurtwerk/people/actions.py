"""Changes to people data. Each action checks permission, runs atomically and writes the audit log.

Views, the API and the command line all call these functions; none of them saves a resident
by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, Reach, action, audit, is_system, signed_in, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.locking import lock_version
from buurtwerk.core.permissions import Action, require

from . import queries
from .models import Consent, ProcessingBasis, Relation, Resident
from .validators import normalise_postcode

EDITABLE_FIELDS = (
    "name", "email", "phone", "street", "house_number", "postcode", "city", "neighbourhood",
    "lat", "lon", "birth_year", "languages", "notes", "certificate_of_conduct_on",
    "seeks_participation",
)  # fmt: skip

DEFAULT_CONSENT_STATEMENT = _(
    "De bewoner vindt het goed dat de buurtwerker hem of haar koppelt aan andere bewoners "
    "en daarvoor naam, buurt, beschikbaarheid en wat hij of zij zoekt of biedt deelt met "
    "degene aan wie hij of zij wordt voorgesteld."
)


def _clean_resident_data(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {key: value for key, value in data.items() if key in EDITABLE_FIELDS}
    if cleaned.get("postcode"):
        cleaned["postcode"] = normalise_postcode(cleaned["postcode"])
    if "languages" in cleaned:
        cleaned["languages"] = sorted(
            {str(code).strip().lower() for code in cleaned["languages"] if str(code).strip()}
        )
    if (cleaned.get("lat") is None) != (cleaned.get("lon") is None) and (
        "lat" in cleaned or "lon" in cleaned
    ):
        raise ValidationError(
            {"lat": _("Vul breedtegraad en lengtegraad allebei in, of geen van beide.")}
        )
    return cleaned


def _check_neighbourhood_in_reach(resident: Resident, acting_user: Actor) -> None:
    if resident.neighbourhood_id not in signed_in(acting_user).neighbourhood_ids():
        raise ValidationError(
            {"neighbourhood": _("U kunt alleen bewoners vastleggen in de buurten van uw team.")}
        )


def _check_not_duplicate(resident: Resident) -> None:
    duplicates = Resident.objects.active().filter(
        name__iexact=resident.name.strip(),
        birth_year=resident.birth_year,
        postcode=resident.postcode,
    )
    if resident.pk:
        duplicates = duplicates.exclude(pk=resident.pk)
    if duplicates.exists():
        raise ValidationError(
            _("Deze bewoner staat al in het systeem (zelfde naam, geboortejaar en postcode).")
        )


@action(Purpose.CREATE_RESIDENT, Action.ADD, Resident)
def do_create_resident(
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    lawful_basis: str = ProcessingBasis.LawfulBasis.PUBLIC_TASK,
    special_category_exception: str = ProcessingBasis.SpecialCategoryException.SOCIAL_CARE,
    basis_note: str = "",
    matching_consent: bool = False,
    consent_statement: str = "",
) -> Resident:
    """Register a resident together with the legal basis for the welfare purpose.

    No resident exists without a recorded reason to process their data; consent to being
    matched is separate and optional.
    """
    cleaned = _clean_resident_data(data)
    resident = Resident(**cleaned, created_by=user_of(acting_user))
    resident.full_clean(exclude=["created_by"])
    _check_neighbourhood_in_reach(resident, acting_user)
    _check_not_duplicate(resident)
    resident.save()
    audit(acting_user, AuditVerb.CREATE, resident, fields=cleaned)
    _save_basis(
        resident,
        ProcessingBasis.Purpose.WELFARE_SUPPORT,
        lawful_basis,
        special_category_exception,
        basis_note,
        acting_user,
    )
    if matching_consent:
        _give_consent(resident, consent_statement, acting_user)
    return resident


@action(Purpose.CHANGE_RESIDENT, Action.CHANGE, "resident")
def do_update_resident(
    resident: Resident,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    expected_version: int | None = None,
) -> Resident:
    """Change a resident's details; refuses when someone else saved in between."""
    cleaned = _clean_resident_data(data)
    current = lock_version(resident, expected_version)
    changed = [
        f
        for f, v in cleaned.items()
        if getattr(current, f if f != "neighbourhood" else "neighbourhood") != v
    ]
    for field_name, value in cleaned.items():
        setattr(current, field_name, value)
    current.full_clean(exclude=["created_by"])
    if "neighbourhood" in changed:
        _check_neighbourhood_in_reach(current, acting_user)
    _check_not_duplicate(current)
    current.save()
    audit(acting_user, AuditVerb.CHANGE, current, fields=changed)
    return current


def _save_basis(
    resident: Resident,
    purpose: str,
    lawful_basis: str,
    special_category_exception: str,
    note: str,
    acting_user: Actor,
) -> ProcessingBasis:
    basis = ProcessingBasis(
        resident=resident,
        purpose=purpose,
        lawful_basis=lawful_basis,
        special_category_exception=special_category_exception,
        note=note,
        recorded_by=user_of(acting_user),
    )
    basis.full_clean(exclude=["resident", "recorded_by"], validate_unique=False)
    ProcessingBasis.objects.filter(resident=resident, purpose=purpose).delete()
    basis.save()
    record(
        acting_user,
        AuditVerb.CHANGE,
        resident,
        purpose=Purpose.RECORD_LEGAL_BASIS,
        fields=["basis:" + purpose],
    )
    return basis


def do_record_processing_basis(
    resident: Resident,
    acting_user: Actor,
    *,
    purpose: Purpose,
    lawful_basis: str,
    special_category_exception: str = "",
    note: str = "",
) -> ProcessingBasis:
    require(acting_user, Action.CHANGE, resident, purpose=Purpose.RECORD_LEGAL_BASIS)
    with transaction.atomic():
        return _save_basis(
            resident, purpose, lawful_basis, special_category_exception, note, acting_user
        )


def _give_consent(resident: Resident, statement: str, acting_user: Actor) -> Consent:
    consent = Consent.objects.create(
        resident=resident,
        scope=Consent.Scope.MATCHING,
        statement=statement or DEFAULT_CONSENT_STATEMENT,
        given_at=timezone.now(),
        recorded_by=user_of(acting_user),
    )
    record(acting_user, AuditVerb.CREATE, consent, purpose=Purpose.RECORD_CONSENT, fields=["scope"])
    return consent


def do_record_consent(resident: Resident, acting_user: Actor, *, statement: str = "") -> Consent:
    """Record that the resident agrees to be matched and introduced to other residents."""
    require(acting_user, Action.CHANGE, resident, purpose=Purpose.RECORD_CONSENT)
    with transaction.atomic():
        active = Consent.objects.filter(
            resident=resident, scope=Consent.Scope.MATCHING, withdrawn_at__isnull=True
        )
        if active.exists():
            raise ValidationError(_("Deze bewoner heeft al toestemming gegeven."))
        return _give_consent(resident, statement, acting_user)


@action(Purpose.WITHDRAW_CONSENT, Action.CHANGE, "resident")
def do_withdraw_consent(resident: Resident, acting_user: Actor) -> Consent:
    """Withdraw matching consent: from now on the resident is left out of all suggestions."""
    consent = (
        Consent.objects.select_for_update()
        .filter(resident=resident, scope=Consent.Scope.MATCHING, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise ValidationError(_("Er is geen toestemming om in te trekken."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user_of(acting_user)
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        consent,
        fields=["withdrawn_at"],
    )
    from buurtwerk.core.hooks import run_hooks

    run_hooks("consent_withdrawn", resident=resident, acting_user=acting_user)
    return consent


# Named on the network map of someone the user may see: the other resident must be in reach too.
other_resident_in_reach = Reach("data.other_resident", queries.residents_visible_to)


@action(Purpose.UPDATE_NETWORK, Action.CHANGE, "resident", reach=[other_resident_in_reach])
def do_add_relation(resident: Resident, data: Mapping[str, Any], acting_user: Actor) -> Relation:
    relation = Relation(resident=resident, created_by=user_of(acting_user), **data)
    if relation.other_resident_id == resident.pk:
        raise ValidationError(
            {"other_resident": _("Een bewoner kan geen relatie met zichzelf hebben.")}
        )
    if not (relation.other_resident_id or relation.user_id or relation.contact_name.strip()):
        raise ValidationError(
            {"contact_name": _("Kies een bewoner of vul de naam van het contact in.")}
        )
    relation.full_clean(exclude=["created_by"])
    relation.save()
    audit(
        acting_user,
        AuditVerb.CREATE,
        relation,
        fields=list(data),
    )
    return relation


@action(Purpose.UPDATE_NETWORK, Action.DELETE, "relation")
def do_remove_relation(relation: Relation, acting_user: Actor) -> None:
    audit(acting_user, AuditVerb.DELETE, relation)
    relation.delete()


@action(Purpose.GDPR_ACCESS, reach=[Reach("resident", queries.residents_visible_to)])
def do_export_resident(resident: Resident, acting_user: Actor) -> dict[str, Any]:
    """Everything every domain holds about the resident (AVG art. 15 and 20), audited.

    `acting_user` is None only for the server admin's command line.
    """
    from buurtwerk.core.privacy import export_resident

    if not is_system(acting_user):
        require(acting_user, Action.EXPORT, resident, purpose=Purpose.GDPR_ACCESS)
    document = export_resident(resident, None if is_system(acting_user) else acting_user)
    audit(
        acting_user,
        AuditVerb.EXPORT,
        resident,
        fields=list(document["sections"]),
    )
    return document


def do_erase_resident(
    resident: Resident, acting_user: Actor, *, purpose: Purpose = Purpose.GDPR_ERASE_ON_REQUEST
) -> dict[str, int]:
    """Remove or anonymise the resident's personal data in every domain (AVG art. 17).

    All or nothing: when one domain refuses, nothing is erased. Statistics survive: see each
    domain's eraser. `acting_user` is None for the command line and the retention job.
    """
    from buurtwerk.core.privacy import erase_resident

    if not is_system(acting_user):
        require(acting_user, Action.DELETE, resident, purpose=purpose)
    if resident.erased_at is not None:
        raise ValidationError(_("Deze bewoner is al gewist."))
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.erased_at is not None:
            raise ValidationError(_("Deze bewoner is al gewist."))
        counts = erase_resident(locked)
        record(
            acting_user,
            AuditVerb.ERASE,
            locked,
            purpose=purpose,
            fields=[section for section, count in counts.items() if count],
        )
    resident.refresh_from_db()
    return counts
