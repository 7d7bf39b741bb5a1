"""Writing an import document to the database: all of it, or nothing.

The document is first checked against the JSON Schema; then neighbourhoods, residents,
relations, offers and needs are written in that order inside one transaction. The first
problem rolls everything back and is reported in Dutch with table, row, ref and field.
Records are found again by their `ref` (neighbourhoods by `code`), so importing the same file
twice updates instead of duplicating.

`acting_user` is the system for the server's command line: it may create neighbourhoods (and their
district, in the municipality given or the only one there is, made if there is none yet). A
professional uploading a file works within their teams' neighbourhoods only and cannot create
neighbourhoods.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from buurtwerk.audit.log import record, record_many
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, is_system, signed_in, user_of
from buurtwerk.core.auditing import Purpose
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
RESIDENT_FIELDS_WRITTEN = {
    "neighbourhood",
    *RESIDENT_TEXT_FIELDS,
    "lat",
    "lon",
    "birth_year",
    "languages",
    "seeks_participation",
    "postcode",
    "certificate_of_conduct_on",
    "version",
}
PURPOSE = Purpose.IMPORT
FIRST_MUNICIPALITY = "Gemeente"
BATCH_SIZE = 2000
PROGRESS_EVERY = 5000

Progress = Callable[[str, int, int], None]


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
    document: Document,
    acting_user: Actor,
    *,
    municipality: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate and write `document`; raises ImportFailed (nothing written) on any problem.

    Rows are checked one by one and written in batches; `progress(table, done, total)` is
    called as the rows of each table are checked and once more when they are written.
    """
    problems = validate(document)
    if problems:
        raise ImportFailed(problems)
    if not is_system(acting_user):
        for model in (Resident, Offer, Need):
            require(acting_user, Action.ADD, model, purpose=PURPOSE)
    try:
        with transaction.atomic():
            return _Import(document, acting_user, municipality, progress).run()
    except ImportProblem as problem:
        raise ImportFailed([problem]) from None


class _Import:
    def __init__(
        self,
        document: Document,
        acting_user: Actor,
        municipality: str | None,
        progress: Progress | None = None,
    ) -> None:
        self.document = document
        self.data = document.data
        self.user = acting_user
        self.municipality_name = municipality
        self.report = ImportReport()
        self.residents: dict[str, Resident] = {}
        self.reach = (
            signed_in(acting_user).neighbourhood_ids() if not is_system(acting_user) else None
        )
        self.today = timezone.localdate()
        self.progress = progress or (lambda table, done, total: None)
        # Audit entries are written together at the end, in the order of the changes.
        self.changes: list[tuple[AuditVerb, Any, list[str]]] = []

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
        # Refs are unique within the file (`unique_keys`) and matched to the database in bulk,
        # and neighbourhoods and residents were found in bulk too: the per-row queries of
        # `full_clean` for uniqueness and foreign keys would only repeat that.
        try:
            instance.full_clean(
                exclude=["created_by", "resident", "neighbourhood"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items()))
            named = None if field_name == "__all__" else field_name
            raise self.problem(table, row, item, messages[0], named) from None

    def audit(self, instance: Any, created: bool, fields: Any, table: str) -> None:
        self.changes.append((AuditVerb.CREATE if created else AuditVerb.CHANGE, instance, fields))
        (self.report.created if created else self.report.updated)[table] += 1

    def checked(self, table: str, done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0:
            self.progress(table, done, total)

    def write(self, model: type[Any], new: list[Any], changed: list[Any], fields: set[str]) -> None:
        """Insert `new` and update `fields` of `changed` in batches."""
        model.objects.bulk_create(new, batch_size=BATCH_SIZE)
        if changed:
            now = timezone.now()
            for instance in changed:
                instance.updated_at = now
            model.objects.bulk_update(changed, sorted(fields | {"updated_at"}), BATCH_SIZE)

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
        record_many(self.user, self.changes, purpose=PURPOSE)
        record(
            self.user,
            AuditVerb.CHANGE,
            "matching.import",
            purpose=PURPOSE.detailed(self.report.summary()),
        )
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
        existing = Neighbourhood.objects.select_related("district__municipality").in_bulk(
            [item["code"] for _row, item in self.items(table)], field_name="code"
        )
        for row, item in self.items(table):
            neighbourhood = existing.get(item["code"])
            if not is_system(self.user):
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
            else:
                self.refuse_other_municipality(neighbourhood, self.municipality_name, row, item)
            changed = []
            if neighbourhood.pk is None or neighbourhood.district.name != item["district"]:
                district = self.district_for(item["district"], table, row, item)
                if neighbourhood.pk is not None:
                    self.refuse_other_municipality(
                        neighbourhood, district.municipality.name, row, item
                    )
                neighbourhood.district = district
                changed.append("district")
            for name in ("name", "cbs_code"):
                if name in item and getattr(neighbourhood, name) != item[name]:
                    setattr(neighbourhood, name, item[name])
                    changed.append(name)
            if changed:
                self.check(neighbourhood, table, row, item)
                neighbourhood.save()
                self.audit(neighbourhood, created, changed, table)

    def refuse_other_municipality(
        self, neighbourhood: Neighbourhood, municipality: str | None, row: int, item: dict[str, Any]
    ) -> None:
        """A code names one neighbourhood in one municipality: an import never moves it."""
        home = neighbourhood.district.municipality.name
        if municipality is not None and municipality != home:
            raise self.problem(
                "neighbourhoods",
                row,
                item,
                f"buurt '{neighbourhood.code}' hoort bij gemeente {home}; een import verplaatst "
                "geen buurt naar een andere gemeente. Kies een andere code.",
                "code",
            )

    def import_residents(self) -> None:
        table = "residents"
        items = self.items(table)
        existing = Resident.objects.in_bulk([item["ref"] for _row, item in items], field_name="ref")
        codes = Neighbourhood.objects.in_bulk(
            [item["neighbourhood"] for _row, item in items], field_name="code"
        )
        new: list[Resident] = []
        changed: list[Resident] = []
        written: list[tuple[Resident, bool, dict[str, Any]]] = []
        for done, (row, item) in enumerate(items, start=1):
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
                resident = Resident(ref=item["ref"], created_by=user_of(self.user))
            elif resident.erased_at is not None:
                raise self.problem(table, row, item, "deze bewoner is gewist (AVG).", "ref")
            for checked in filter(None, (resident.neighbourhood_id, neighbourhood.pk)):
                if not self.in_reach(checked):
                    raise self.problem(
                        table, row, item, "deze bewoner woont buiten de buurten van uw team."
                    )
            self.fill_resident(resident, neighbourhood, item, table, row)
            self.check(resident, table, row, item)
            if created:
                new.append(resident)
            else:
                resident.version += 1
                changed.append(resident)
            written.append((resident, created, item))
            self.residents[item["ref"]] = resident
            self.checked(table, done, len(items))
        self.write(Resident, new, changed, RESIDENT_FIELDS_WRITTEN)
        self.progress(table, len(items), len(items))
        for resident, created, item in written:
            self.audit(resident, created, [k for k in item if k != "ref"], table)
        self.record_bases_and_consents([(r, item) for r, created, item in written if not created])
        self.record_bases_and_consents([(r, item) for r, created, item in written if created])

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

    def record_bases_and_consents(self, written: list[tuple[Resident, dict[str, Any]]]) -> None:
        """The lawful basis of welfare support and the consent from the file, in bulk."""
        ids = [resident.pk for resident, _item in written]
        with_basis: set[int] = set()
        active: dict[int, Consent] = {}
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            with_basis.update(
                ProcessingBasis.objects.filter(
                    resident_id__in=chunk, purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT
                ).values_list("resident_id", flat=True)
            )
            active.update(
                (consent.resident_id, consent)
                for consent in Consent.objects.filter(
                    resident_id__in=chunk,
                    scope=Consent.Scope.MATCHING,
                    withdrawn_at__isnull=True,
                )
            )
        bases, consents = [], []
        now = timezone.now()
        for resident, item in written:
            if resident.pk not in with_basis:
                bases.append(
                    ProcessingBasis(
                        resident=resident,
                        purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
                        lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
                        special_category_exception=(
                            ProcessingBasis.SpecialCategoryException.SOCIAL_CARE
                        ),
                        note="Vastgelegd bij de import.",
                        recorded_by=user_of(self.user),
                    )
                )
                self.changes.append((AuditVerb.CHANGE, resident, ["basis"]))
            current = active.get(resident.pk)
            if item.get("consent") and current is None:
                consents.append(
                    Consent(
                        resident=resident,
                        scope=Consent.Scope.MATCHING,
                        statement=IMPORT_CONSENT_STATEMENT,
                        given_at=now,
                        recorded_by=user_of(self.user),
                    )
                )
            elif item.get("consent") is False and current is not None:
                current.withdrawn_at = now
                current.withdrawn_by = user_of(self.user)
                current.save(update_fields=["withdrawn_at", "withdrawn_by"])
                self.changes.append((AuditVerb.CHANGE, current, ["withdrawn_at"]))
                run_hooks("consent_withdrawn", resident=resident, acting_user=self.user)
        ProcessingBasis.objects.bulk_create(bases, batch_size=BATCH_SIZE)
        Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
        self.changes.extend((AuditVerb.CREATE, consent, ["scope"]) for consent in consents)

    def load_residents(self, refs: set[str]) -> None:
        """Residents named in the file but not imported with it, read in bulk."""
        missing = sorted(refs - self.residents.keys())
        for start in range(0, len(missing), BATCH_SIZE):
            found = Resident.objects.filter(
                ref__in=missing[start : start + BATCH_SIZE], erased_at__isnull=True
            )
            self.residents.update((str(resident.ref), resident) for resident in found)

    def resident(
        self, ref: str, table: str, row: int, item: dict[str, Any], field: str
    ) -> Resident:
        resident = self.residents.get(ref)
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
        return resident

    def import_relations(self) -> None:
        table = "relations"
        items = self.items(table)
        self.load_residents({item[side] for _row, item in items for side in ("from", "to")})
        for row, item in items:
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
                    created_by=user_of(self.user),
                )
            elif "closeness" not in item or relation.closeness == item["closeness"]:
                continue
            if "closeness" in item:
                relation.closeness = item["closeness"]
            relation.save()
            self.audit(relation, created, ["kind", "closeness"], table)

    def import_offer_or_need(self, table: str, model: type[Offer] | type[Need]) -> None:
        items = self.items(table)
        self.load_residents({item["resident"] for _row, item in items})
        existing = model.objects.select_related("resident").in_bulk(
            [item["ref"] for _row, item in items], field_name="ref"
        )
        new: list[Any] = []
        changed: list[Any] = []
        fields = {"resident", "availability"}
        for done, (row, item) in enumerate(items, start=1):
            resident = self.resident(item["resident"], table, row, item, "resident")
            instance = existing.get(item["ref"])
            created = instance is None
            if instance is None:
                instance = model(ref=item["ref"], created_by=user_of(self.user))
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
            if created:
                new.append(instance)
            else:
                changed.append(instance)
                fields.update(name for name in item if name != "ref")
            self.audit(instance, created, [k for k in item if k != "ref"], table)
            self.checked(table, done, len(items))
        self.write(model, new, changed, fields)
        self.progress(table, len(items), len(items))

    def import_offers(self) -> None:
        self.import_offer_or_need("offers", Offer)

    def import_needs(self) -> None:
        self.import_offer_or_need("needs", Need)
