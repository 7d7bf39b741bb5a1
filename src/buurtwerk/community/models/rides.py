"""Driver offers, recurring ride arrangements and ride requests."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buurtwerk.people.models import Resident

from .activities import Activity, Occurrence
from .rota import Volunteer

CONTACT_BEFORE = timedelta(hours=24)
CONTACT_AFTER = timedelta(hours=3)


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
        seats = ngettext("%(n)d plaats", "%(n)d plaatsen", self.seats) % {"n": self.seats}
        return f"{self.volunteer} ({seats})"


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
    staff_driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rijdt zelf (medewerker)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Een medewerker die deze ene rit zelf rijdt."),
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

    def contact_visible(self, now: datetime) -> bool:
        """The driver sees pickup address and phone only around the ride: from the day before
        until a few hours after the activity ends."""
        occurrence = self.occurrence
        return occurrence.starts_at - CONTACT_BEFORE <= now <= occurrence.ends_at + CONTACT_AFTER
