"""Community centres and initiatives: activities, volunteers and their rota, rides, sign-ups.

What residents organise themselves is the heart of it; the professional's support is logged so
that the initiative can see itself grow towards the planned "step back" date.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.matching.engine.taxonomy import CATEGORY_CHOICES
from buurtwerk.people.models import Neighbourhood, Organisation, Resident, Team

from .wording import describe


class ActivityRole(models.TextChoices):
    HOST = "host", _("Gastvrouw of gastheer")
    LISTENING_EAR = "listening_ear", _("Luisterend oor")
    COOK = "cook", _("Kok")
    DRIVER = "driver", _("Chauffeur")


class Initiative(models.Model):
    """Something residents run themselves, such as a community centre or a dinner club."""

    name = models.CharField(_("naam"), max_length=150)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team van het buurthuis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    goal = models.TextField(_("doel"), blank=True)
    organisers = models.ManyToManyField(
        Resident, verbose_name=_("organisatoren"), related_name="organised_initiatives", blank=True
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    supported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buurtwerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_initiatives",
    )
    support_description = models.TextField(_("wat de buurtwerker doet"), blank=True)
    step_back_on = models.DateField(
        _("buurtwerker stapt terug op"),
        null=True,
        blank=True,
        help_text=_("Wanneer het initiatief het naar verwachting zelf kan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportLog(models.Model):
    """Time the buurtwerker spent supporting an initiative: it should shrink over time."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="support"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_on = models.DateField(_("datum"))
    hours = models.DecimalField(
        _("uren"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("wat er is gedaan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ondersteuning")
        verbose_name_plural = _("ondersteuning")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.hours} uur op {self.given_on:%d-%m-%Y}"


class Activity(models.Model):
    """A recurring activity; its dates follow from the RRULE and are planned as occurrences."""

    class Kind(models.TextChoices):
        COFFEE = "coffee", _("Koffieochtend")
        MEAL = "meal", _("Eetclub")
        WALK_IN = "walk_in", _("Inloopspreekuur")
        OTHER = "other", _("Anders")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("omschrijving"), blank=True)
    themes = models.JSONField(
        _("thema's"),
        default=list,
        blank=True,
        help_text=_("Waar de activiteit over gaat, in de categorieën van het koppelen."),
    )
    location_name = models.CharField(_("locatie"), max_length=150)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    lat = models.FloatField(
        _("breedtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        _("lengtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    starts_at = models.DateTimeField(_("eerste keer"))
    duration_minutes = models.PositiveIntegerField(
        _("duur in minuten"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(720)],
    )
    rrule = models.CharField(
        _("herhaling"),
        max_length=200,
        blank=True,
        help_text=_("RFC 5545, bijvoorbeeld FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. Leeg: één keer."),
    )
    ends_on = models.DateField(_("laatste keer uiterlijk op"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("maximaal aantal deelnemers"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als er geen maximum is."),
    )
    roles_needed = models.JSONField(
        _("benodigde vrijwilligers"),
        default=dict,
        blank=True,
        help_text=_('Per rol het aantal vrijwilligers, bijvoorbeeld {"host": 2, "cook": 1}.'),
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners aanwezig"),
        related_name="community_activities",
        blank=True,
    )
    partners_note = models.CharField(
        _("wie er is"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: de wijkagent en de woonconsulent."),
    )
    is_public = models.BooleanField(_("op de buurtpagina"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def recurrence_text(self) -> str:
        return describe(self.rrule) if self.rrule else str(_("één keer"))

    @property
    def is_walk_in(self) -> bool:
        return self.kind == self.Kind.WALK_IN


class Occurrence(models.Model):
    """One date of an activity: sign-ups, attendance, the rota and rides hang off it."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="occurrences"
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    cancelled = models.BooleanField(_("gaat niet door"), default=False)
    walk_in_count = models.PositiveIntegerField(_("aantal bezoekers zonder aanmelding"), default=0)

    class Meta:
        verbose_name = _("keer")
        verbose_name_plural = _("keren")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "starts_at"], name="one_occurrence_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="occurrence_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.activity} {self.local_start:%d-%m-%Y %H:%M}"

    @property
    def local_start(self) -> datetime:
        from django.utils import timezone

        return timezone.localtime(self.starts_at)


class SignUp(models.Model):
    """A resident who comes to one occurrence, and whether they came."""

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Verwacht")
        ATTENDED = "attended", _("Was er")
        ABSENT = "absent", _("Was er niet")
        CANCELLED = "cancelled", _("Afgemeld")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("keer"), on_delete=models.CASCADE, related_name="signups"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="signups"
    )
    attendance = models.CharField(
        _("aanwezigheid"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.EXPECTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["occurrence__starts_at", "resident__name"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "resident"], name="one_signup_each")
        ]

    def __str__(self) -> str:
        return f"{self.resident} bij {self.occurrence}"


class Volunteer(models.Model):
    """A resident who helps at the centre: skills, when they can, which roles they take."""

    resident = models.OneToOneField(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatieven"), related_name="volunteers", blank=True
    )
    skills = models.JSONField(_("vaardigheden"), default=list, blank=True)
    slots = models.JSONField(_("beschikbaar"), default=list, blank=True)
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    joined_on = models.DateField(_("vrijwilliger sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["resident__name"]

    def __str__(self) -> str:
        return self.resident.name

    @property
    def has_certificate_of_conduct(self) -> bool:
        return self.resident.has_certificate_of_conduct


class Shift(models.Model):
    """A volunteer's turn in one role at one occurrence: the rota is the list of these."""

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("keer"), on_delete=models.CASCADE, related_name="shifts"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("vrijwilliger"), on_delete=models.CASCADE, related_name="shifts"
    )
    role = models.CharField(_("rol"), max_length=20, choices=ActivityRole.choices)
    reminded_at = models.DateTimeField(_("herinnering gestuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["occurrence__starts_at", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "volunteer"], name="one_shift_per_volunteer_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.occurrence}"


class DriverOffer(models.Model):
    """A volunteer who drives residents to activities: when, how many, how far to pick up."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("vrijwilliger"),
        on_delete=models.CASCADE,
        related_name="driver_offers",
    )
    activities = models.ManyToManyField(
        Activity,
        verbose_name=_("alleen naar deze activiteiten"),
        related_name="driver_offers",
        blank=True,
        help_text=_("Leeg: naar elke activiteit."),
    )
    goes_anyway = models.BooleanField(
        _("gaat zelf ook"),
        default=False,
        help_text=_("De chauffeur gaat zelf naar de activiteit en neemt iemand mee."),
    )
    slots = models.JSONField(_("beschikbaar"), default=list)
    seats = models.PositiveSmallIntegerField(
        _("plaatsen in de auto"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    per_week = models.PositiveSmallIntegerField(
        _("ritten per week"), default=1, validators=[MaxValueValidator(20)]
    )
    max_pickup_km = models.FloatField(
        _("ophalen tot (km)"),
        default=3.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(50)],
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("aanbod chauffeur")
        verbose_name_plural = _("aanbod chauffeurs")
        ordering = ["volunteer__resident__name", "id"]

    def __str__(self) -> str:
        return f"{self.volunteer} ({self.seats} plaats(en))"


class RideArrangement(models.Model):
    """ "Pick her up next time too": the same driver for the next dates of an activity."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="+"
    )
    driver_offer = models.ForeignKey(
        DriverOffer,
        verbose_name=_("chauffeur"),
        on_delete=models.CASCADE,
        related_name="arrangements",
    )
    active = models.BooleanField(_("loopt"), default=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vaste rit")
        verbose_name_plural = _("vaste ritten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.resident} naar {self.activity}"


class RideRequest(models.Model):
    """A resident who cannot get to an occurrence by themselves; picked up at home."""

    class Status(models.TextChoices):
        OPEN = "open", _("Zoekt chauffeur")
        PROPOSED = "proposed", _("Voorstel")
        CONFIRMED = "confirmed", _("Bevestigd")
        CANCELLED = "cancelled", _("Geannuleerd")

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="ride_requests"
    )
    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("keer"), on_delete=models.CASCADE, related_name="ride_requests"
    )
    requires_certificate = models.BooleanField(_("chauffeur met VOG nodig"), default=False)
    wants_repeat = models.BooleanField(_("ook de volgende keren"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    arrangement = models.ForeignKey(
        RideArrangement,
        verbose_name=_("vaste rit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    driver_offer = models.ForeignKey(
        DriverOffer,
        verbose_name=_("chauffeur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rides",
    )
    match_score = models.FloatField(_("score"), null=True, blank=True)
    match_reasons = models.JSONField(_("waarom"), default=list, blank=True)
    pickup_km = models.FloatField(_("afstand ophalen (km)"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ritvraag")
        verbose_name_plural = _("ritvragen")
        ordering = ["occurrence__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "occurrence"],
                condition=~models.Q(status="cancelled"),
                name="one_open_ride_per_resident_per_occurrence",
            )
        ]

    def __str__(self) -> str:
        return f"Rit {self.pk}: {self.occurrence}"


class Registration(models.Model):
    """A resident's own sign-up from the public page, waiting for a buurtwerker's coffee visit.

    Nothing here enters matching until a buurtwerker confirms it and a Resident is made with
    the consent given. Contact details are cleared once they are stored on the resident.
    """

    class Kind(models.TextChoices):
        OFFER = "offer", _("Ik wil wel helpen met ...")
        NEED = "need", _("Ik zoek hulp bij ...")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op kennismaking")
        CONFIRMED = "confirmed", _("Bevestigd")
        REJECTED = "rejected", _("Niet doorgegaan")

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("waarmee"), max_length=20, choices=CATEGORY_CHOICES)
    message = models.CharField(_("toelichting"), max_length=500, blank=True)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_text = models.TextField(_("toestemmingstekst zoals getoond"))
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding via de buurtpagina")
        verbose_name_plural = _("aanmeldingen via de buurtpagina")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Aanmelding {self.pk} ({self.get_kind_display()})"


class ReconnectProfile(models.Model):
    """What a resident with a small network likes and when they can: input for suggestions."""

    resident = models.OneToOneField(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="reconnect_profile",
    )
    interests = models.JSONField(_("vindt leuk"), default=list, blank=True)
    slots = models.JSONField(_("kan op"), default=list, blank=True)
    walking_km = models.FloatField(
        _("loopt of fietst zelf tot (km)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    travels_alone = models.BooleanField(_("kan zelf reizen"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meedoen-wensen")
        verbose_name_plural = _("meedoen-wensen")

    def __str__(self) -> str:
        return f"Wensen van bewoner {self.resident_id}"


class ReconnectOutcome(models.Model):
    """What came of suggesting an activity to a resident with a small network."""

    class Outcome(models.TextChoices):
        INTERESTED = "interested", _("Wil het proberen")
        ATTENDED = "attended", _("Is geweest")
        DECLINED = "declined", _("Wil niet")
        NO_CONTACT = "no_contact", _("Geen contact gekregen")

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="reconnect_outcomes",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    ride_arranged = models.BooleanField(_("rit geregeld"), default=False)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uitkomst meedoen")
        verbose_name_plural = _("uitkomsten meedoen")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.activity}"
