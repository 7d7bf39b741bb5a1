"""The social map, after Open Referral HSDS 3.0, and what the vraagbaak records around it.

Every HSDS table is one model. Field names are the HSDS names and the primary key is the HSDS
string id, so import and export map one to one and a round trip keeps every field. References
between HSDS records are foreign keys without a database constraint: published HSDS data
often points at records that are not part of the file (the official examples do), and such a
reference must survive an import and an export unchanged. A field that was absent stays NULL
and is left out again on export.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

HSDS_ID_LENGTH = 255


def _text(verbose_name: Any) -> Any:
    return models.TextField(verbose_name, null=True, blank=True)


def _number(verbose_name: Any) -> Any:
    return models.FloatField(verbose_name, null=True, blank=True)


def _ref(model: str, related_name: str, verbose_name: Any = "") -> Any:
    return models.ForeignKey(
        model,
        verbose_name=verbose_name or model.lower(),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name=related_name,
    )


class HsdsRecord(models.Model):
    """One row of an HSDS table, identified by its HSDS id."""

    hsds_table: str = ""
    # Columns of the platform's own, not part of HSDS: never read from or written to a file.
    platform_columns: frozenset[str] = frozenset()

    id = models.CharField(_("HSDS-id"), max_length=HSDS_ID_LENGTH, primary_key=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(getattr(self, "name", None) or self.id)


class Organization(HsdsRecord):
    hsds_table = "organization"

    name = models.TextField(_("naam"))
    alternate_name = _text(_("andere naam"))
    description = models.TextField(_("beschrijving"), default="", blank=True)
    email = _text(_("e-mail"))
    website = _text(_("website"))
    tax_status = _text(_("fiscale status"))
    tax_id = _text(_("fiscaal nummer"))
    year_incorporated = _number(_("jaar van oprichting"))
    legal_status = _text(_("rechtsvorm"))
    logo = _text(_("logo"))
    uri = _text(_("URI"))
    parent_organization = _ref("Organization", "child_organizations", _("moederorganisatie"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]


class Program(HsdsRecord):
    hsds_table = "program"

    organization = _ref("Organization", "programs")
    name = models.TextField(_("naam"))
    alternate_name = _text(_("andere naam"))
    description = models.TextField(_("beschrijving"), default="", blank=True)

    class Meta(HsdsRecord.Meta):
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")


class Service(HsdsRecord):
    hsds_table = "service"
    platform_columns = frozenset({"version"})

    class Status(models.TextChoices):
        ACTIVE = "active", _("Actief")
        INACTIVE = "inactive", _("Niet actief")
        DEFUNCT = "defunct", _("Opgeheven")
        TEMPORARILY_CLOSED = "temporarily closed", _("Tijdelijk gesloten")

    organization = _ref("Organization", "services", _("organisatie"))
    program = _ref("Program", "services", _("programma"))
    name = models.TextField(_("naam"))
    alternate_name = _text(_("andere naam"))
    description = _text(_("beschrijving"))
    url = _text(_("website"))
    email = _text(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    interpretation_services = _text(_("tolk"))
    application_process = _text(_("hoe aanmelden"))
    fees_description = _text(_("kosten"))
    wait_time = _text(_("wachttijd"))
    fees = _text(_("kosten (kort)"))
    accreditations = _text(_("keurmerken"))
    eligibility_description = _text(_("voor wie"))
    minimum_age = _number(_("minimumleeftijd"))
    maximum_age = _number(_("maximumleeftijd"))
    assured_date = _text(_("gecontroleerd op"))
    assurer_email = _text(_("gecontroleerd door (e-mail)"))
    licenses = _text(_("vergunningen"))
    alert = _text(_("melding"))
    last_modified = _text(_("laatst gewijzigd (bron)"))
    version = models.PositiveIntegerField(default=1)

    class Meta(HsdsRecord.Meta):
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]


class Location(HsdsRecord):
    hsds_table = "location"

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("Adres om langs te gaan")
        POSTAL = "postal", _("Postadres")
        VIRTUAL = "virtual", _("Online")

    location_type = models.CharField(
        _("soort locatie"), max_length=10, choices=LocationType.choices
    )
    url = _text(_("website"))
    organization = _ref("Organization", "locations", _("organisatie"))
    name = _text(_("naam"))
    alternate_name = _text(_("andere naam"))
    description = _text(_("beschrijving"))
    transportation = _text(_("bereikbaarheid"))
    latitude = _number(_("breedtegraad"))
    longitude = _number(_("lengtegraad"))
    external_identifier = _text(_("externe code"))
    external_identifier_type = _text(_("soort externe code"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")


class ServiceAtLocation(HsdsRecord):
    hsds_table = "service_at_location"

    service = _ref("Service", "service_at_locations", _("dienst"))
    location = _ref("Location", "service_at_locations", _("locatie"))
    description = _text(_("beschrijving"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("dienst op locatie")
        verbose_name_plural = _("diensten op locatie")


class Address(HsdsRecord):
    hsds_table = "address"

    location = _ref("Location", "addresses", _("locatie"))
    attention = _text(_("ter attentie van"))
    address_1 = models.TextField(_("adres"))
    address_2 = _text(_("adres (vervolg)"))
    city = models.TextField(_("plaats"))
    region = _text(_("regio"))
    state_province = models.TextField(_("provincie"))
    postal_code = models.TextField(_("postcode"))
    country = models.TextField(_("land"))
    address_type = models.CharField(
        _("soort adres"), max_length=10, choices=Location.LocationType.choices
    )

    class Meta(HsdsRecord.Meta):
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")


class Contact(HsdsRecord):
    hsds_table = "contact"

    organization = _ref("Organization", "contacts")
    service = _ref("Service", "contacts")
    service_at_location = _ref("ServiceAtLocation", "contacts")
    location = _ref("Location", "contacts")
    name = _text(_("naam"))
    title = _text(_("functie"))
    department = _text(_("afdeling"))
    email = _text(_("e-mail"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")


class Phone(HsdsRecord):
    hsds_table = "phone"

    location = _ref("Location", "phones")
    service = _ref("Service", "phones")
    organization = _ref("Organization", "phones")
    contact = _ref("Contact", "phones")
    service_at_location = _ref("ServiceAtLocation", "phones")
    number = models.TextField(_("telefoonnummer"))
    extension = _number(_("toestel"))
    type = _text(_("soort"))
    description = _text(_("toelichting"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("telefoonnummer")
        verbose_name_plural = _("telefoonnummers")

    def __str__(self) -> str:
        return self.number


class Schedule(HsdsRecord):
    """Opening hours as an iCalendar-like rule (HSDS), with a description in words."""

    hsds_table = "schedule"

    service = _ref("Service", "schedules")
    location = _ref("Location", "schedules")
    service_at_location = _ref("ServiceAtLocation", "schedules")
    valid_from = _text(_("geldig vanaf"))
    valid_to = _text(_("geldig tot"))
    dtstart = _text(_("eerste keer"))
    timezone = _number(_("tijdzone"))
    until = _text(_("tot en met"))
    count = _number(_("aantal keer"))
    wkst = _text(_("eerste dag van de week"))
    freq = _text(_("frequentie"))
    interval = _number(_("interval"))
    byday = _text(_("dagen"))
    byweekno = _text(_("weeknummers"))
    bymonthday = _text(_("dagen van de maand"))
    byyearday = _text(_("dagen van het jaar"))
    description = _text(_("omschrijving"))
    opens_at = _text(_("open vanaf"))
    closes_at = _text(_("open tot"))
    schedule_link = _text(_("link naar rooster"))
    attending_type = _text(_("manier van deelnemen"))
    notes = _text(_("opmerkingen"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")


class Language(HsdsRecord):
    hsds_table = "language"

    service = _ref("Service", "languages")
    location = _ref("Location", "languages")
    phone = _ref("Phone", "languages")
    name = _text(_("taal"))
    code = _text(_("taalcode"))
    note = _text(_("toelichting"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("taal")
        verbose_name_plural = _("talen")


class Accessibility(HsdsRecord):
    hsds_table = "accessibility"

    location = _ref("Location", "accessibility")
    description = _text(_("beschrijving"))
    details = _text(_("details"))
    url = _text(_("link"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("toegankelijkheid")
        verbose_name_plural = _("toegankelijkheid")


class ServiceArea(HsdsRecord):
    hsds_table = "service_area"

    service = _ref("Service", "service_areas")
    name = _text(_("naam"))
    description = _text(_("beschrijving"))
    extent = _text(_("gebied"))
    extent_type = _text(_("soort gebied"))
    uri = _text(_("URI"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")


class CostOption(HsdsRecord):
    hsds_table = "cost_option"

    service = _ref("Service", "cost_options")
    valid_from = _text(_("geldig vanaf"))
    valid_to = _text(_("geldig tot"))
    option = _text(_("tarief"))
    currency = _text(_("valuta"))
    amount = _number(_("bedrag"))
    amount_description = _text(_("toelichting bedrag"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")


class Funding(HsdsRecord):
    hsds_table = "funding"

    organization = _ref("Organization", "funding")
    service = _ref("Service", "funding")
    source = _text(_("financier"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("financiering")
        verbose_name_plural = _("financiering")


class RequiredDocument(HsdsRecord):
    hsds_table = "required_document"

    service = _ref("Service", "required_documents")
    document = _text(_("document"))
    uri = _text(_("link"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("mee te nemen document")
        verbose_name_plural = _("mee te nemen documenten")


class OrganizationIdentifier(HsdsRecord):
    hsds_table = "organization_identifier"

    organization = _ref("Organization", "organization_identifiers")
    identifier_scheme = _text(_("register"))
    identifier_type = models.TextField(_("soort nummer"))
    identifier = models.TextField(_("nummer"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("registratienummer")
        verbose_name_plural = _("registratienummers")


class Taxonomy(HsdsRecord):
    hsds_table = "taxonomy"

    name = models.TextField(_("naam"))
    description = models.TextField(_("beschrijving"), default="", blank=True)
    uri = _text(_("URI"))
    version = _text(_("versie"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("indeling")
        verbose_name_plural = _("indelingen")


class TaxonomyTerm(HsdsRecord):
    hsds_table = "taxonomy_term"

    code = _text(_("code"))
    name = models.TextField(_("naam"))
    description = models.TextField(_("beschrijving"), default="", blank=True)
    parent = _ref("TaxonomyTerm", "children", _("bovenliggend thema"))
    taxonomy = _text(_("indeling (naam)"))
    language = _text(_("taal"))
    taxonomy_ref = models.ForeignKey(
        Taxonomy,
        verbose_name=_("indeling"),
        db_column="taxonomy_id",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="terms",
    )
    term_uri = _text(_("URI"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]


class Attribute(HsdsRecord):
    """Links a taxonomy term to any HSDS record (a service's theme, a location's facility)."""

    hsds_table = "attribute"

    link_id = models.CharField(_("gekoppeld aan"), max_length=HSDS_ID_LENGTH, db_index=True)
    taxonomy_term = _ref("TaxonomyTerm", "attributes", _("thema"))
    link_type = _text(_("soort koppeling"))
    link_entity = _text(_("soort record"))
    value = _text(_("waarde"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("kenmerk")
        verbose_name_plural = _("kenmerken")


class Metadata(HsdsRecord):
    """HSDS change history of a record, as published by the source."""

    hsds_table = "metadata"

    resource_id = models.CharField(_("record"), max_length=HSDS_ID_LENGTH, db_index=True)
    resource_type = models.TextField(_("soort record"))
    last_action_date = models.TextField(_("datum"))
    last_action_type = models.TextField(_("soort wijziging"))
    field_name = models.TextField(_("veld"))
    previous_value = models.TextField(_("oude waarde"))
    replacement_value = models.TextField(_("nieuwe waarde"))
    updated_by = models.TextField(_("gewijzigd door"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("wijzigingsgegeven")
        verbose_name_plural = _("wijzigingsgegevens")


class MetaTableDescription(HsdsRecord):
    hsds_table = "meta_table_description"

    name = _text(_("naam"))
    language = _text(_("taal"))
    character_set = _text(_("tekenset"))

    class Meta(HsdsRecord.Meta):
        verbose_name = _("tabelbeschrijving")
        verbose_name_plural = _("tabelbeschrijvingen")


HSDS_MODELS: dict[str, type[HsdsRecord]] = {
    model.hsds_table: model
    for model in (
        Organization, Program, Service, Location, ServiceAtLocation, Address, Contact, Phone,
        Schedule, Language, Accessibility, ServiceArea, CostOption, Funding, RequiredDocument,
        OrganizationIdentifier, Taxonomy, TaxonomyTerm, Attribute, Metadata, MetaTableDescription,
    )
}  # fmt: skip


def _neighbourhood(related_name: str) -> Any:
    return models.ForeignKey(
        "people.Neighbourhood",
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class MapRevision(models.Model):
    """Raised by every change to the map, so cached search indexes know to rebuild.

    The token is new with every change: a counter alone could come back to an old value when
    a transaction is rolled back, and a cache would then keep a map that no longer exists.
    """

    number = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("versie van de sociale kaart")

    def __str__(self) -> str:
        return str(self.number)


class Escalation(models.Model):
    """A volunteer's question the map could not answer, sent to the buurtwerkers of the team."""

    question = models.TextField(_("vraag"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesteld door"),
        on_delete=models.PROTECT,
        related_name="socialmap_escalations",
    )
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="socialmap_escalations",
    )
    neighbourhood = _neighbourhood("socialmap_escalations")
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvangers"),
        related_name="socialmap_escalations_received",
        blank=True,
    )
    created_at = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    handled_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgepakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vraag aan de buurtwerker")
        verbose_name_plural = _("vragen aan de buurtwerker")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%d-%m-%Y}: {self.question[:40]}"


class Referral(models.Model):
    """A volunteer or professional sent someone to a service; later: did it help?"""

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", _("Nog niet bekend")
        HELPED = "helped", _("Geholpen")
        NOT_HELPED = "not_helped", _("Niet geholpen")

    question = models.TextField(_("vraag"))
    service = models.ForeignKey(
        Service,
        verbose_name=_("dienst"),
        on_delete=models.PROTECT,
        db_constraint=False,
        related_name="referrals",
    )
    topic = models.CharField(_("onderwerp"), max_length=200, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doorverwezen door"),
        on_delete=models.PROTECT,
        related_name="socialmap_referrals",
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="socialmap_referrals",
    )
    neighbourhood = _neighbourhood("socialmap_referrals")
    created_at = models.DateTimeField(_("doorverwezen op"), auto_now_add=True)
    outcome = models.CharField(
        _("resultaat"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    followed_up_at = models.DateTimeField(_("nagevraagd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%d-%m-%Y}: {self.service_id}"


class UnansweredSearch(models.Model):
    """A question for which the map had no good answer: a gap for the buurtwerkers to fill."""

    question = models.TextField(_("vraag"))
    best_score = models.FloatField(_("beste score"), default=0.0)
    neighbourhood = _neighbourhood("+")
    asked_at = models.DateTimeField(_("gezocht op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vraag zonder goed antwoord")
        verbose_name_plural = _("vragen zonder goed antwoord")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.question[:60]


class LearnedTerm(models.Model):
    """A word or concept of residents' questions that led, through a referral, to a service.

    Learned from the outcome of referrals in one municipality, so later questions with the
    term find the service sooner there. It holds a single term, never a sentence or a person.
    """

    municipality = models.ForeignKey(
        "people.Municipality",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    term = models.CharField(_("term"), max_length=100)
    service = models.ForeignKey(
        Service,
        verbose_name=_("dienst"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="learned_terms",
    )
    helped = models.PositiveIntegerField(_("geholpen"), default=0)
    not_helped = models.PositiveIntegerField(_("niet geholpen"), default=0)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("geleerde term")
        verbose_name_plural = _("geleerde termen")
        ordering = ["service_id", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "term", "service"],
                name="unique_learned_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} -> {self.service_id}"

    @property
    def label(self) -> str:
        """The term as a buurtwerker reads it: a concept by name, a word by its stem."""
        return f"begrip: {self.term[1:]}" if self.term.startswith("#") else self.term
