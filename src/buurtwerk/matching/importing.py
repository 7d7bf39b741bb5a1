"""Writing an import document to the database: all of it, or nothing.

The document is first checked against the JSON Schema; then neighbourhoods, residents,
relations, offers and needs are written in that order inside one transaction. The first
problem rolls everything back and is reported in Dutch with table, row, ref and field.
Records are found again by their `ref` (neighbourhoods by `code`), so importing the same file
twice updates instead of duplicating.

`acting_user` None is the server's command line: it may create neighbourhoods (and their
district, in the municipality given or the only one there is, made if there is none yet). A
professional uploading a file works within their teams' neighbourhoods only and cannot create
neighbourhoods.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.hooks import run_hooks
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import (
    Consent,
    District,
    Municipality,
    Neighbourhood,
    ProcessingBasis,
    Relation,
    Resident,
)
from buurtwerk.people.validators import normalise_postcode

from .engine import requires_certificate_by_default
from .importer import Document, ImportFailed, ImportProblem, validate
from .models import Need, Offer, normalise_availability

IMPORT_CONSENT_STATEMENT = (
    "Toestemming om gekoppeld te worden, vastgelegd in het bronbestand en ingelezen met de import."
)
RESIDENT_TEXT_FIELDS = ("name", "phone", "email", "street", "house_number", "city")
PURPOSE = "import"
FIRST_MUNICIPALITY = "Gemeente"


@dataclass
class ImportReport:
    """How many records of each table were created and updated."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        from .importer.reading import TABLE_LABELS, TABLES

        parts = [
            f"{TABLE_LABELS[table]}: {self.created[table]} nieuw, {self.updated[table]} bijgewerkt"
            for table in TABLES
            if self.created[table] or self.updated[table]
        ]
        return "; ".join(parts) if parts else "Er stond niets in het bestand."


def do_import(
    document: Document, acting_user: Any, *, municipality: str | None = None
) -> ImportReport:
    """Validate and write `document`; raises ImportFailed (nothing written) on any problem."""
    problems = validate(document)
    if problems:
        raise ImportFailed(problems)
    if acting_user is not None:
        for model in (Resident, Offer, Need):
            require(acting_user, Action.ADD, model, purpose=PURPOSE)
    try:
        with transaction.atomic():
            return _Import(document, acting_user, municipality).run()
    except ImportProblem as problem:
        raise ImportFailed([problem]) from None


class _Import:
    def __init__(self, document: Document, acting_user: Any, municipality: str | None) -> None:
        self.document = document
        self.data = document.data
        self.user = acting_user
        self.municipality_name = municipality
        self.report = ImportReport()
        self.residents: dict[str, Resident] = {}
        self.reach = acting_user.neighbourhood_ids() if acting_user is not None else None
        self.today = timezone.localdate()

    # helpers ---------------------------------------------------------------------------------

    def items(self, table: str) -> list[tuple[int, dict[str, Any]]]:
        return [
            (self.document.row_of(table, index), item)
            for index, item in enumerate(self.data.get(table, []))
        ]

    def problem(
        self, table: str, row: int, item: dict[str, Any], message: str, field: str | None = None
    ) -> ImportProblem:
        ref = item.get("ref") or item.get("code")
        return ImportProblem(message, table=table, row=row, ref=ref, field=field)

    def check(self, instance: Any, table: str, row: int, item: dict[str, Any]) -> None:
        try:
            instance.full_clean(exclude=["created_by", "resident"])
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items()))
            named = None if field_name == "__all__" else field_name
            raise self.problem(table, row, item, messages[0], named) from None

    def audit(self, instance: Any, created: bool, fields: Any, table: str) -> None:
        verb = AuditVerb.CREATE if created else AuditVerb.CHANGE
        record(self.user, verb, instance, purpose=PURPOSE, fields=fields)
        (self.report.created if created else self.report.updated)[table] += 1

    def unique_keys(self, table: str, key: str) -> None:
        seen: dict[str, int] = {}
        for row, item in self.items(table):
            value = item[key]
            if value in seen:
                raise self.problem(
                    table,
                    row,
                    item,
                    f"'{value}' staat al in rij {seen[value]}; elk kenmerk mag maar één keer.",
                    key,
                )
            seen[value] = row

    def in_reach(self, neighbourhood_id: int) -> bool:
        return self.reach is None or neighbourhood_id in self.reach

    # steps -----------------------------------------------------------------------------------

    def run(self) -> ImportReport:
        self.unique_keys("neighbourhoods", "code")
        for table in ("residents", "offers", "needs"):
            self.unique_keys(table, "ref")
        self.import_neighbourhoods()
        self.import_residents()
        self.import_relations()
        self.import_offers()
        self.import_needs()
        return self.report

    def district_for(self, name: str, table: str, row: int, item: dict[str, Any]) -> District:
        if self.municipality_name:
            municipality, _created = Municipality.objects.get_or_create(name=self.municipality_name)
            return District.objects.get_or_create(municipality=municipality, name=name)[0]
        districts = list(District.objects.filter(name=name))
        if len(districts) == 1:
            return districts[0]
        municipalities = list(Municipality.objects.all()[:2])
        if not districts and len(municipalities) <= 1:
            # A fresh installation has no municipality yet; the beheerder renames this one later.
            municipality = (
                municipalities[0]
                if municipalities
                else Municipality.objects.create(name=FIRST_MUNICIPALITY)
            )
            return District.objects.create(municipality=municipality, name=name)
        raise self.problem(
            table,
            row,
            item,
            f"Het is niet duidelijk in welke gemeente wijk '{name}' ligt. "
            "Geef de gemeente op (buurtwerk import --municipality NAAM).",
            "district",
        )

    def import_neighbourhoods(self) -> None:
        table = "neighbourhoods"
        existing = Neighbourhood.objects.select_related("district").in_bulk(
            [item["code"] for _row, item in self.items(table)], field_name="code"
        )
        for row, item in self.items(table):
            neighbourhood = existing.get(item["code"])
            if self.user is not None:
                if neighbourhood is None or not self.in_reach(neighbourhood.pk):
                    raise self.problem(
                        table,
                        row,
                        item,
                        "deze buurt hoort niet bij uw team. Nieuwe buurten voegt de beheerder "
                        "toe met 'buurtwerk import' op de server.",
                        "code",
                    )
                continue
            created = neighbourhood is None
            if neighbourhood is None:
                neighbourhood = Neighbourhood(code=item["code"])
            changed = []
            if neighbourhood.pk is None or neighbourhood.district.name != item["district"]:
                neighbourhood.district = self.district_for(item["district"], table, row, item)
                changed.append("district")
            for name in ("name", "cbs_code"):
                if name in item and getattr(neighbourhood, name) != item[name]:
                    setattr(neighbourhood, name, item[name])
                    changed.append(name)
            if changed:
                self.check(neighbourhood, table, row, item)
                neighbourhood.save()
                self.audit(neighbourhood, created, changed, table)

    def import_residents(self) -> None:
        table = "residents"
        items = self.items(table)
        existing = Resident.objects.in_bulk([item["ref"] for _row, item in items], field_name="ref")
        codes = Neighbourhood.objects.in_bulk(
            [item["neighbourhood"] for _row, item in items], field_name="code"
        )
        for row, item in items:
            neighbourhood = codes.get(item["neighbourhood"])
            if neighbourhood is None:
                raise self.problem(
                    table,
                    row,
                    item,
                    f"buurt '{item['neighbourhood']}' bestaat niet. Zet hem in de tabel "
                    "'neighbourhoods'.",
                    "neighbourhood",
                )
            resident = existing.get(item["ref"])
            created = resident is None
            if resident is None:
                resident = Resident(ref=item["ref"], created_by=self.user)
            elif resident.erased_at is not None:
                raise self.problem(table, row, item, "deze bewoner is gewist (AVG).", "ref")
            for checked in filter(None, (resident.neighbourhood_id, neighbourhood.pk)):
                if not self.in_reach(checked):
                    raise self.problem(
                        table, row, item, "deze bewoner woont buiten de buurten van uw team."
                    )
            self.fill_resident(resident, neighbourhood, item, table, row)
            self.check(resident, table, row, item)
            if not created:
                resident.version += 1
            resident.save()
            self.audit(resident, created, [k for k in item if k != "ref"], table)
            self.record_basis_and_consent(resident, item)
            self.residents[item["ref"]] = resident

    def fill_resident(
        self,
        resident: Resident,
        neighbourhood: Neighbourhood,
        item: dict[str, Any],
        table: str,
        row: int,
    ) -> None:
        resident.neighbourhood = neighbourhood
        for name in RESIDENT_TEXT_FIELDS:
            if name in item:
                setattr(resident, name, item[name].strip())
        if ("lat" in item) != ("lon" in item) or (item.get("lat") is None) != (
            item.get("lon") is None
        ):
            raise self.problem(
                table, row, item, "vul lat en lon allebei in, of geen van beide.", "lat"
            )
        if "lat" in item:
            resident.lat, resident.lon = item["lat"], item["lon"]
        if "birth_year" in item:
            resident.birth_year = item["birth_year"]
        if "languages" in item:
            resident.languages = sorted({code.lower() for code in item["languages"]})
        if "seeks_participation" in item:
            resident.seeks_participation = item["seeks_participation"]
        if item.get("postcode"):
            try:
                resident.postcode = normalise_postcode(item["postcode"])
            except ValidationError as error:
                raise self.problem(table, row, item, error.messages[0], "postcode") from None
        certificate = item.get("certificate_of_conduct")
        if certificate is False:
            resident.certificate_of_conduct_on = None
        elif certificate is True:
            resident.certificate_of_conduct_on = resident.certificate_of_conduct_on or self.today
        elif isinstance(certificate, str):
            try:
                resident.certificate_of_conduct_on = date.fromisoformat(certificate)
            except ValueError:
                raise self.problem(
                    table,
                    row,
                    item,
                    f"'{certificate}' is geen bestaande datum.",
                    "certificate_of_conduct",
                ) from None

    def record_basis_and_consent(self, resident: Resident, item: dict[str, Any]) -> None:
        if not ProcessingBasis.objects.filter(
            resident=resident, purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT
        ).exists():
            ProcessingBasis.objects.create(
                resident=resident,
                purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
                lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
                special_category_exception=ProcessingBasis.SpecialCategoryException.SOCIAL_CARE,
                note="Vastgelegd bij de import.",
                recorded_by=self.user,
            )
            record(self.user, AuditVerb.CHANGE, resident, purpose=PURPOSE, fields=["basis"])
        if "consent" not in item:
            return
        active = Consent.objects.filter(
            resident=resident, scope=Consent.Scope.MATCHING, withdrawn_at__isnull=True
        ).first()
        if item["consent"] and active is None:
            consent = Consent.objects.create(
                resident=resident,
                scope=Consent.Scope.MATCHING,
                statement=IMPORT_CONSENT_STATEMENT,
                given_at=timezone.now(),
                recorded_by=self.user,
            )
            record(self.user, AuditVerb.CREATE, consent, purpose=PURPOSE, fields=["scope"])
        elif not item["consent"] and active is not None:
            active.withdrawn_at = timezone.now()
            active.withdrawn_by = self.user
            active.save(update_fields=["withdrawn_at", "withdrawn_by"])
            record(self.user, AuditVerb.CHANGE, active, purpose=PURPOSE, fields=["withdrawn_at"])
            run_hooks("consent_withdrawn", resident=resident, acting_user=self.user)

    def resident(
        self, ref: str, table: str, row: int, item: dict[str, Any], field: str
    ) -> Resident:
        resident = self.residents.get(ref)
        if resident is None:
            resident = Resident.objects.filter(ref=ref, erased_at__isnull=True).first()
            if resident is None:
                raise self.problem(
                    table,
                    row,
                    item,
                    f"bewoner '{ref}' bestaat niet; zet hem in de tabel 'residents'.",
                    field,
                )
            if not self.in_reach(resident.neighbourhood_id):
                raise self.problem(
                    table, row, item, f"bewoner '{ref}' woont buiten de buurten van uw team.", field
                )
            self.residents[ref] = resident
        return resident

    def import_relations(self) -> None:
        table = "relations"
        for row, item in self.items(table):
            source = self.resident(item["from"], table, row, item, "from")
            target = self.resident(item["to"], table, row, item, "to")
            if source.pk == target.pk:
                raise self.problem(
                    table, row, item, "een bewoner kan geen relatie met zichzelf hebben.", "to"
                )
            relation = Relation.objects.filter(
                resident=source, other_resident=target, kind=item["kind"]
            ).first()
            created = relation is None
            if relation is None:
                relation = Relation(
                    resident=source,
                    other_resident=target,
                    kind=item["kind"],
                    created_by=self.user,
                )
            elif "closeness" not in item or relation.closeness == item["closeness"]:
                continue
            if "closeness" in item:
                relation.closeness = item["closeness"]
            relation.save()
            self.audit(relation, created, ["kind", "closeness"], table)

    def import_offer_or_need(self, table: str, model: type[Offer] | type[Need]) -> None:
        items = self.items(table)
        existing = model.objects.in_bulk([item["ref"] for _row, item in items], field_name="ref")
        for row, item in items:
            resident = self.resident(item["resident"], table, row, item, "resident")
            instance = existing.get(item["ref"])
            created = instance is None
            if instance is None:
                instance = model(ref=item["ref"], created_by=self.user)
                if model is Need:
                    instance.requires_certificate = requires_certificate_by_default(  # type: ignore[union-attr]
                        item["category"]
                    )
            elif not self.in_reach(instance.resident.neighbourhood_id):
                raise self.problem(
                    table, row, item, "dit hoort bij een bewoner buiten de buurten van uw team."
                )
            instance.resident = resident
            for name, value in item.items():
                if name not in ("ref", "resident"):
                    setattr(instance, name, value)
            instance.availability = normalise_availability(item["availability"])
            self.check(instance, table, row, item)
            instance.save()
            self.audit(instance, created, [k for k in item if k != "ref"], table)

    def import_offers(self) -> None:
        self.import_offer_or_need("offers", Offer)

    def import_needs(self) -> None:
        self.import_offer_or_need("needs", Need)
