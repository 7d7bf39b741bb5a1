"""The people domain's part of a resident's AVG rights, and its retention rule.

Erasure keeps the resident's row as an anonymised tombstone (`erased_at` set, neighbourhood
kept) so that counts per neighbourhood, consent rates and other residents' network sizes stay
right, while nothing in it identifies the person any more.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.privacy import scrub_free_text

from .models import Consent, ProcessingBasis, Relation, Resident

ERASED_NAME = "Gewiste bewoner"
RETENTION_RULE = "people.inactive_residents"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _counterpart(relation: Relation) -> dict[str, Any]:
    # Other residents are named only as "another resident": their data is theirs (AVG art. 15.4).
    if relation.other_resident_id is not None:
        return {"counterpart": _("een andere bewoner")}
    if relation.user_id is not None and relation.user is not None:
        user = relation.user
        return {
            "counterpart": user.get_full_name() or user.username,
            "counterpart_role": user.role_label,
        }
    return {"counterpart": relation.contact_name, "contact_role": relation.contact_role}


def export_resident(resident: Resident, viewer: Any) -> dict[str, Any]:
    """What the people domain holds about one resident."""
    record: dict[str, Any] = {
        "id": resident.pk,
        "ref": resident.ref,
        "name": resident.name,
        "email": resident.email,
        "phone": resident.phone,
        "street": resident.street,
        "house_number": resident.house_number,
        "postcode": resident.postcode,
        "city": resident.city,
        "neighbourhood": resident.neighbourhood.name,
        "lat": resident.lat,
        "lon": resident.lon,
        "birth_year": resident.birth_year,
        "languages": list(resident.languages),
        "notes": resident.notes,
        "certificate_of_conduct_on": _iso(resident.certificate_of_conduct_on),
        "seeks_participation": resident.seeks_participation,
        "created_at": _iso(resident.created_at),
        "updated_at": _iso(resident.updated_at),
        "erased_at": _iso(resident.erased_at),
    }
    bases = [
        {
            "purpose": basis.get_purpose_display(),
            "lawful_basis": basis.get_lawful_basis_display(),
            "special_category_exception": basis.get_special_category_exception_display(),
            "note": basis.note,
            "recorded_at": _iso(basis.recorded_at),
        }
        for basis in ProcessingBasis.objects.filter(resident=resident).order_by("purpose")
    ]
    consents = [
        {
            "scope": consent.get_scope_display(),
            "statement": consent.statement,
            "given_at": _iso(consent.given_at),
            "withdrawn_at": _iso(consent.withdrawn_at),
        }
        for consent in Consent.objects.filter(resident=resident).order_by("given_at")
    ]
    relations = [
        {
            "kind": relation.get_kind_display(),
            "closeness": relation.get_closeness_display(),
            **_counterpart(relation),
            "created_at": _iso(relation.created_at),
        }
        for relation in Relation.objects.filter(resident=resident).select_related("user")
    ]
    return {
        "resident": record,
        "processing_bases": bases,
        "consents": consents,
        "relations": relations,
        "listed_by_other_residents": Relation.objects.filter(other_resident=resident).count(),
    }


def erase_resident(resident: Resident) -> int:
    """Anonymise the resident's row, withdraw consent, remove their own network entries.

    Relations that other residents recorded towards this one stay (they are part of the
    other resident's network) and now point at the tombstone; where another resident's
    network names them in words (an informal contact typed in), the name and phone go.
    """
    now = timezone.now()
    touched = 0
    active_consents = Consent.objects.filter(resident=resident, withdrawn_at__isnull=True)
    had_consent = active_consents.exists()
    touched += active_consents.update(withdrawn_at=now)
    touched += Consent.objects.filter(resident=resident).update(statement="")
    touched += ProcessingBasis.objects.filter(resident=resident).exclude(note="").update(note="")
    touched += Relation.objects.filter(resident=resident).delete()[0]
    touched += scrub_free_text(resident, Relation.objects.all(), ["contact_name", "contact_role"])
    touched += scrub_free_text(resident, ProcessingBasis.objects.all(), ["note"])
    touched += Resident.objects.filter(pk=resident.pk).update(
        ref=None,
        name=ERASED_NAME,
        email="",
        phone="",
        street="",
        house_number="",
        postcode="",
        city="",
        lat=None,
        lon=None,
        birth_year=None,
        languages=[],
        notes="",
        certificate_of_conduct_on=None,
        seeks_participation=False,
        erased_at=now,
        version=resident.version + 1,
    )
    if had_consent:
        from buurtwerk.core.hooks import run_hooks

        run_hooks("consent_withdrawn", resident=resident, acting_user=SYSTEM)
    resident.refresh_from_db()
    return touched


def residents_active_since(since: datetime) -> Iterable[int]:
    """Residents whose consent, legal basis or network changed since `since`."""
    return set(
        Resident.objects.filter(
            Q(consents__given_at__gte=since)
            | Q(consents__withdrawn_at__gte=since)
            | Q(bases__recorded_at__gte=since)
            | Q(relations__created_at__gte=since)
            | Q(reverse_relations__created_at__gte=since)
        ).values_list("pk", flat=True)
    )


def inactive_residents(now: datetime) -> Any:
    """Residents nobody worked with in any domain for the retention period."""
    from buurtwerk.core.retention import residents_active_since as active_anywhere

    since = now - settings.BUURTWERK_RETENTION[RETENTION_RULE]
    return (
        Resident.objects.active()
        .filter(updated_at__lt=since)
        .exclude(pk__in=active_anywhere(since))
        .order_by("pk")
    )


def erase_inactive_residents(now: datetime, dry_run: bool) -> int:
    from .actions import do_erase_resident

    residents = list(inactive_residents(now))
    if not dry_run:
        for resident in residents:
            do_erase_resident(resident, SYSTEM, purpose=Purpose.RETENTION_EXPIRED)
    return len(residents)


def _field_labels() -> dict[str, str]:
    """Dutch labels for export keys, from the verbose names of the project's model fields."""
    from django.apps import apps

    labels: dict[str, str] = {}
    for app in settings.LOCAL_APPS:
        for model in apps.get_app_config(app.rsplit(".", 1)[1]).get_models():
            for field in model._meta.get_fields():
                verbose = getattr(field, "verbose_name", None)
                if verbose and field.name not in labels:
                    labels[field.name] = str(verbose)
    return labels


EXPORT_LABELS = {
    "resident": _("Gegevens"),
    "processing_bases": _("Grondslagen"),
    "consents": _("Toestemmingen"),
    "relations": _("Netwerk"),
    "listed_by_other_residents": _("Genoemd in het netwerk van andere bewoners"),
    "counterpart": _("Contact"),
    "counterpart_role": _("Rol van het contact"),
    "access_log": _("Wie de gegevens bekeek of wijzigde"),
    "action": _("Handeling"),
    "role": _("Rol"),
    "account": _("Account"),
    "active": _("Actief"),
    "date_joined": _("Aangemaakt op"),
    "last_login": _("Laatst ingelogd"),
    "id": _("Nummer"),
    "offers": _("Aanbod"),
    "needs": _("Hulpvragen"),
    "matches": _("Koppelingen"),
    "events": _("Stappen"),
}


def _label(key: str, labels: dict[str, str]) -> str:
    text = str(EXPORT_LABELS.get(key) or labels.get(key) or key.replace("_", " "))
    return text[:1].upper() + text[1:]


def _readable(value: str) -> str:
    """ISO dates and times from the JSON as Dutch readers write them."""
    from django.utils.formats import date_format

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:
        return date_format(moment, "DATE_FORMAT")
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _node(key: str, value: Any, labels: dict[str, str]) -> dict[str, Any]:
    label = _label(key, labels)
    if isinstance(value, dict):
        return {"label": label, "children": [_node(k, v, labels) for k, v in value.items()]}
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        items = [_node(f"{number}", item, labels) for number, item in enumerate(value, 1)]
        return {"label": label, "children": items, "numbered": True}
    if isinstance(value, list):
        return {"label": label, "value": ", ".join(str(item) for item in value) or "–"}
    if isinstance(value, bool):
        return {"label": label, "value": _("ja") if value else _("nee")}
    if value in (None, ""):
        return {"label": label, "value": "–"}
    return {"label": label, "value": _readable(value) if isinstance(value, str) else str(value)}


def export_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as a tree of labelled values for the readable (printable) page."""
    from buurtwerk.core.privacy import section_title

    labels = _field_labels()
    return [
        {
            "title": section_title(section),
            "items": [_node(key, value, labels) for key, value in data.items()],
        }
        # The resident's own data first, then the other domains in order.
        for section, data in sorted(
            document["sections"].items(), key=lambda item: (item[0] != "people", item[0])
        )
    ]
